/*
 * coll_errors -- bad arguments to collectives and operations give the
 * right error class and a message naming the argument, and leave the
 * communicator usable; a message longer than the receiver's buffer gives
 * MPI_ERR_TRUNCATE without hanging anyone.
 */
#include "t.h"

static int rank, size;

static void noop_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)in;
    (void)inout;
    (void)len;
    (void)dt;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm w = MPI_COMM_WORLD;
    MPI_Comm_set_errhandler(w, MPI_ERRORS_RETURN);
    int a[64] = {0}, b[64] = {0}, cnts[64], displs[64];
    MPI_Datatype types[64];
    for (int i = 0; i < 64; i++) {
        cnts[i] = 1;
        displs[i] = i;
        types[i] = MPI_INT;
    }
    MPI_Request req;

    T_ERRCLASS(MPI_Barrier(MPI_COMM_NULL), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Ibarrier(w, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Bcast(a, -1, MPI_INT, 0, w), MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Bcast(a, 1, MPI_DATATYPE_NULL, 0, w), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Bcast(NULL, 1, MPI_INT, 0, w), MPI_ERR_BUFFER);
    T_ERRCLASS(MPI_Bcast(MPI_IN_PLACE, 1, MPI_INT, 0, w), MPI_ERR_BUFFER);
    int rc = MPI_Bcast(a, 1, MPI_INT, size, w);
    T_ERRCLASS(rc, MPI_ERR_ROOT);
    t_expect_text(rc, "root");
    T_ERRCLASS(MPI_Ibcast(a, 1, MPI_INT, -1, w, &req), MPI_ERR_ROOT);
    T_ERRCLASS(MPI_Reduce(a, b, 1, MPI_INT, MPI_SUM, size + 3, w),
               MPI_ERR_ROOT);
    rc = MPI_Allreduce(a, b, 1, MPI_INT, MPI_OP_NULL, w);
    T_ERRCLASS(rc, MPI_ERR_OP);
    t_expect_text(rc, "op");
    /* Pairs the standard does not define. */
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_BYTE, MPI_SUM, w), MPI_ERR_OP);
    /* ...but MPI_CHAR reduces as a C integer, as in Open MPI and MPICH. */
    {
        char c = (char)(rank + 1), sum = 0;
        T_OK(MPI_Allreduce(&c, &sum, 1, MPI_CHAR, MPI_SUM, w));
        T_CHECK(sum == (char)(size * (size + 1) / 2), "MPI_CHAR sum %d",
                sum);
    }
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_FLOAT, MPI_BAND, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_INT, MPI_MAXLOC, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_DOUBLE, MPI_LAND, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_C_BOOL, MPI_SUM, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_C_DOUBLE_COMPLEX, MPI_MAX, w),
               MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_2INT, MPI_MIN, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_BYTE, MPI_LOR, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Allreduce(a, b, 1, MPI_INTEGER, MPI_LXOR, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Reduce_scatter_block(a, b, 1, MPI_FLOAT, MPI_BOR, w),
               MPI_ERR_OP);
    T_ERRCLASS(MPI_Scan(a, b, 1, MPI_WCHAR, MPI_PROD, w), MPI_ERR_OP);
    T_ERRCLASS(MPI_Iexscan(a, b, 1, MPI_FLOAT, MPI_MINLOC, w, &req),
               MPI_ERR_OP);
    /* MPI_REPLACE and MPI_NO_OP take anything. */
    T_OK(MPI_Allreduce(a, b, 1, MPI_CHAR, MPI_REPLACE, w));
    T_OK(MPI_Allreduce(a, b, 1, MPI_DOUBLE_INT, MPI_NO_OP, w));
    /* Buffers. */
    rc = MPI_Allreduce(a, a, 1, MPI_INT, MPI_SUM, w);
    T_ERRCLASS(rc, MPI_ERR_BUFFER);
    t_expect_text(rc, "MPI_IN_PLACE");
    T_ERRCLASS(MPI_Allreduce(a, MPI_IN_PLACE, 1, MPI_INT, MPI_SUM, w),
               MPI_ERR_BUFFER);
    T_ERRCLASS(MPI_Allgather(a, 1, MPI_INT, MPI_IN_PLACE, 1, MPI_INT, w),
               MPI_ERR_BUFFER);
    T_ERRCLASS(MPI_Scatter(MPI_IN_PLACE, 1, MPI_INT, b, 1, MPI_INT, 0, w),
               MPI_ERR_BUFFER);
    if (rank != 0) /* in place is for the root only */
        T_ERRCLASS(MPI_Gather(MPI_IN_PLACE, 1, MPI_INT, b, 1, MPI_INT, 0, w),
                   MPI_ERR_BUFFER);
    T_ERRCLASS(MPI_Allreduce(a, b, -2, MPI_INT, MPI_SUM, w), MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Alltoall(a, 1, MPI_INT, b, -1, MPI_INT, w), MPI_ERR_COUNT);
    rc = MPI_Alltoallv(a, NULL, displs, MPI_INT, b, cnts, displs, MPI_INT, w);
    T_ERRCLASS(rc, MPI_ERR_ARG);
    t_expect_text(rc, "sendcounts");
    cnts[size - 1] = -1;
    rc = MPI_Alltoallv(a, cnts, displs, MPI_INT, b, cnts, displs, MPI_INT, w);
    T_ERRCLASS(rc, MPI_ERR_COUNT);
    t_expect_text(rc, "sendcounts");
    T_ERRCLASS(MPI_Reduce_scatter(a, b, cnts, MPI_INT, MPI_SUM, w),
               MPI_ERR_COUNT);
    cnts[size - 1] = 1;
    types[0] = MPI_DATATYPE_NULL;
    T_ERRCLASS(MPI_Alltoallw(a, cnts, displs, types, b, cnts, displs, types,
                             w),
               MPI_ERR_TYPE);
    types[0] = MPI_INT;
    /* Every rank errs alike, or the others would wait for it. */
    T_ERRCLASS(MPI_Gatherv(a, 1, MPI_INT, b, NULL, displs, MPI_INT, rank, w),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Reduce_scatter_block(a, b, -1, MPI_INT, MPI_SUM, w),
               MPI_ERR_COUNT);

    /* Operations. */
    MPI_Op op = MPI_SUM;
    T_ERRCLASS(MPI_Op_free(&op), MPI_ERR_OP);
    T_ERRCLASS(MPI_Op_create(NULL, 1, &op), MPI_ERR_ARG);
    int commute = -1;
    T_OK(MPI_Op_commutative(MPI_SUM, &commute));
    T_CHECK(commute == 1, "MPI_SUM not commutative");
    T_OK(MPI_Op_commutative(MPI_REPLACE, &commute));
    T_CHECK(commute == 0, "MPI_REPLACE commutative");
    T_OK(MPI_Op_create(noop_fn, 1, &op));
    T_OK(MPI_Op_commutative(op, &commute));
    T_CHECK(commute == 1, "user op not commutative");
    T_OK(MPI_Op_free(&op));
    T_CHECK(op == MPI_OP_NULL, "MPI_Op_free did not reset the handle");
    T_ERRCLASS(MPI_Op_free(&op), MPI_ERR_OP);
    T_ERRCLASS(MPI_Op_commutative(MPI_OP_NULL, &commute), MPI_ERR_OP);

    /* The communicator still works, in step on every rank. */
    a[0] = rank;
    T_OK(MPI_Allreduce(a, b, 1, MPI_INT, MPI_SUM, w));
    T_CHECK(b[0] == size * (size - 1) / 2, "allreduce after the errors");

    /* Truncation: the others' buffers are half the root's.  Which ranks
     * notice depends on the algorithm; someone must, and nobody may hang.
     * (Sizes are chosen so every rank picks the same algorithm: both
     * small, or both larger than the shared-memory box.) */
    if (size > 1) {
        static int big[200000];
        for (int n = 8; n <= 200000; n *= 25000) {
            rc = MPI_Bcast(big, rank == 0 ? n : n / 2, MPI_INT, 0, w);
            int cls = -1, any = 0;
            MPI_Error_class(rc, &cls);
            T_CHECK(cls == MPI_SUCCESS || cls == MPI_ERR_TRUNCATE,
                    "bcast of %d: class %d", n, cls);
            cls = cls == MPI_ERR_TRUNCATE;
            T_OK(MPI_Allreduce(&cls, &any, 1, MPI_INT, MPI_MAX, w));
            T_CHECK(any, "bcast of %d: nobody saw the truncation", n);
        }
        rc = MPI_Allgather(a, rank == 0 ? 2 : 1, MPI_INT, b, 1, MPI_INT, w);
        int cls = -1, any = 0;
        MPI_Error_class(rc, &cls);
        T_CHECK(cls == MPI_SUCCESS || cls == MPI_ERR_TRUNCATE,
                "allgather: class %d", cls);
        cls = cls == MPI_ERR_TRUNCATE;
        T_OK(MPI_Allreduce(&cls, &any, 1, MPI_INT, MPI_MAX, w));
        T_CHECK(any, "allgather: nobody saw the truncation");
    }
    return t_finish("coll_errors");
}
