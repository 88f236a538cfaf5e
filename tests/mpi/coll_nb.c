/*
 * coll_nb -- non-blocking collectives, progressed by MPI_Wait, MPI_Test
 * and MPI_Waitall; several at once on one communicator and on several
 * (dup, split); collectives never match user point-to-point traffic, even
 * a wildcard receive posted before them; a user operation freed while its
 * reduction is pending; a freed request; blocking and non-blocking calls
 * interleaved.
 */
#include "t.h"

static int rank, size;

static int val(int r, int i)
{
    return r * 1009 + i * 3 + 1;
}

/* Completes req by MPI_Test in a loop (even rounds) or MPI_Wait. */
static void complete(MPI_Request *req, int round)
{
    if (round % 2) {
        T_OK(MPI_Wait(req, MPI_STATUS_IGNORE));
        return;
    }
    int flag = 0;
    while (!flag)
        T_OK(MPI_Test(req, &flag, MPI_STATUS_IGNORE));
    T_CHECK(*req == MPI_REQUEST_NULL, "MPI_Test left the request");
}

static void sum_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    for (int i = 0; i < *len; i++)
        ((int *)inout)[i] += ((int *)in)[i];
}

static void each_collective(MPI_Comm comm, int count, int round)
{
    int n, me;
    MPI_Comm_size(comm, &n);
    MPI_Comm_rank(comm, &me);
    size_t big = (size_t)(count + 1) * n;
    int *sb = malloc(big * sizeof(int)), *rb = malloc(big * sizeof(int));
    int *cnts = malloc((size_t)n * sizeof(int));
    int *displs = malloc((size_t)n * sizeof(int));
    MPI_Datatype *types = malloc((size_t)n * sizeof(MPI_Datatype));
    int *bdispls = malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++) {
        cnts[i] = count;
        displs[i] = i * count;
        bdispls[i] = i * count * (int)sizeof(int);
        types[i] = MPI_INT;
    }
    MPI_Request req;
    int root = round % n;

    T_OK(MPI_Ibarrier(comm, &req));
    complete(&req, round);

    for (int i = 0; i < count; i++)
        rb[i] = me == root ? val(root, i) : -1;
    T_OK(MPI_Ibcast(rb, count, MPI_INT, root, comm, &req));
    complete(&req, round);
    for (int i = 0; i < count; i++)
        T_CHECK(rb[i] == val(root, i), "ibcast count %d", count);

    for (size_t i = 0; i < big; i++)
        sb[i] = val(me, (int)i);
    T_OK(MPI_Iallreduce(sb, rb, count, MPI_INT, MPI_SUM, comm, &req));
    complete(&req, round);
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r < n; r++)
            s += val(r, i);
        T_CHECK(rb[i] == s, "iallreduce count %d [%d]", count, i);
    }
    T_OK(MPI_Ireduce(sb, rb, count, MPI_INT, MPI_MAX, root, comm, &req));
    complete(&req, round);
    if (me == root)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[i] == val(n - 1, i), "ireduce count %d", count);
    T_OK(MPI_Iscan(sb, rb, count, MPI_INT, MPI_SUM, comm, &req));
    complete(&req, round);
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r <= me; r++)
            s += val(r, i);
        T_CHECK(rb[i] == s, "iscan count %d", count);
    }
    T_OK(MPI_Iexscan(sb, rb, count, MPI_INT, MPI_SUM, comm, &req));
    complete(&req, round);
    for (int i = 0; me > 0 && i < count; i++) {
        long long s = 0;
        for (int r = 0; r < me; r++)
            s += val(r, i);
        T_CHECK(rb[i] == s, "iexscan count %d", count);
    }
    T_OK(MPI_Ireduce_scatter_block(sb, rb, count, MPI_INT, MPI_SUM, comm,
                                   &req));
    complete(&req, round);
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r < n; r++)
            s += val(r, me * count + i);
        T_CHECK(rb[i] == s, "ireduce_scatter_block count %d", count);
    }
    T_OK(MPI_Ireduce_scatter(sb, rb, cnts, MPI_INT, MPI_SUM, comm, &req));
    complete(&req, round);
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r < n; r++)
            s += val(r, me * count + i);
        T_CHECK(rb[i] == s, "ireduce_scatter count %d", count);
    }

    T_OK(MPI_Igather(sb, count, MPI_INT, rb, count, MPI_INT, root, comm,
                     &req));
    complete(&req, round);
    if (me == root)
        for (int r = 0; r < n; r++)
            for (int i = 0; i < count; i++)
                T_CHECK(rb[r * count + i] == val(r, i), "igather");
    T_OK(MPI_Igatherv(sb, count, MPI_INT, rb, cnts, displs, MPI_INT, root,
                      comm, &req));
    complete(&req, round);
    if (me == root)
        for (int r = 0; r < n; r++)
            for (int i = 0; i < count; i++)
                T_CHECK(rb[r * count + i] == val(r, i), "igatherv");
    T_OK(MPI_Iscatter(sb, count, MPI_INT, rb, count, MPI_INT, root, comm,
                      &req));
    complete(&req, round);
    for (int i = 0; i < count; i++)
        T_CHECK(rb[i] == val(root, me * count + i), "iscatter");
    T_OK(MPI_Iscatterv(sb, cnts, displs, MPI_INT, rb, count, MPI_INT, root,
                       comm, &req));
    complete(&req, round);
    for (int i = 0; i < count; i++)
        T_CHECK(rb[i] == val(root, me * count + i), "iscatterv");
    T_OK(MPI_Iallgather(sb, count, MPI_INT, rb, count, MPI_INT, comm, &req));
    complete(&req, round);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, i), "iallgather");
    T_OK(MPI_Iallgatherv(sb, count, MPI_INT, rb, cnts, displs, MPI_INT, comm,
                         &req));
    complete(&req, round);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, i), "iallgatherv");
    T_OK(MPI_Ialltoall(sb, count, MPI_INT, rb, count, MPI_INT, comm, &req));
    complete(&req, round);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, me * count + i), "ialltoall");
    T_OK(MPI_Ialltoallv(sb, cnts, displs, MPI_INT, rb, cnts, displs, MPI_INT,
                        comm, &req));
    complete(&req, round);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, me * count + i),
                    "ialltoallv");
    T_OK(MPI_Ialltoallw(sb, cnts, bdispls, types, rb, cnts, bdispls, types,
                        comm, &req));
    complete(&req, round);
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, me * count + i),
                    "ialltoallw");
    free(sb);
    free(rb);
    free(cnts);
    free(displs);
    free(types);
    free(bdispls);
}

/* Several at once, on several communicators, completed out of order. */
static void concurrent(int count)
{
    MPI_Comm dup, half;
    T_OK(MPI_Comm_dup(MPI_COMM_WORLD, &dup));
    T_OK(MPI_Comm_split(MPI_COMM_WORLD, rank % 2, -rank, &half));
    int hn, hr;
    MPI_Comm_size(half, &hn);
    MPI_Comm_rank(half, &hr);
    int *a = malloc((size_t)(count + 1) * sizeof(int));
    int *b = malloc((size_t)(count + 1) * sizeof(int));
    int *c = malloc((size_t)(count + 1) * sizeof(int));
    int *d = malloc((size_t)(count + 1) * sizeof(int));
    int *e = malloc((size_t)(count + 1) * sizeof(int));
    for (int i = 0; i < count; i++) {
        a[i] = rank + i;
        c[i] = rank == 0 ? val(0, i) : -1;
        d[i] = 1;
    }
    /* A wildcard receive on world is posted first and must not take any
     * collective message. */
    int token = -1;
    MPI_Request wild;
    T_OK(MPI_Irecv(&token, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG,
                   MPI_COMM_WORLD, &wild));
    MPI_Request reqs[4];
    T_OK(MPI_Iallreduce(a, b, count, MPI_INT, MPI_SUM, MPI_COMM_WORLD,
                        &reqs[0]));
    T_OK(MPI_Ibcast(c, count, MPI_INT, 0, dup, &reqs[1]));
    T_OK(MPI_Iallreduce(MPI_IN_PLACE, d, count, MPI_INT, MPI_SUM, half,
                        &reqs[2]));
    T_OK(MPI_Ibarrier(MPI_COMM_WORLD, &reqs[3]));
    /* A blocking collective on yet another communicator meanwhile. */
    int x = rank, y = -1;
    T_OK(MPI_Allreduce(&x, &y, 1, MPI_INT, MPI_MAX, half));
    int top = size - 1;
    if (top % 2 != rank % 2)
        top--;
    T_CHECK(y == top, "blocking allreduce among pending ones: %d", y);
    /* Only the user message below may complete it (a fast neighbour may
     * have sent it already). */
    int me = rank, right = (rank + 1) % size, left = (rank - 1 + size) % size;
    int flag = 0;
    MPI_Status st;
    T_OK(MPI_Test(&wild, &flag, &st));
    T_CHECK(!flag || (st.MPI_TAG == 5 && st.MPI_SOURCE == left),
            "a wildcard receive matched collective traffic (count %d)",
            count);
    T_OK(MPI_Wait(&reqs[3], MPI_STATUS_IGNORE));
    T_OK(MPI_Waitall(3, reqs, MPI_STATUSES_IGNORE));
    for (int i = 0; i < count; i++) {
        T_CHECK(b[i] == size * (size - 1) / 2 + size * i, "concurrent sum");
        T_CHECK(c[i] == val(0, i), "concurrent bcast");
        T_CHECK(d[i] == hn, "concurrent split sum");
    }
    T_OK(MPI_Send(&me, 1, MPI_INT, right, 5, MPI_COMM_WORLD));
    if (!flag) {
        T_OK(MPI_Wait(&wild, &st));
        T_CHECK(st.MPI_TAG == 5 && st.MPI_SOURCE == left,
                "wildcard receive from %d tag %d", st.MPI_SOURCE, st.MPI_TAG);
    }
    T_CHECK(token == left, "wildcard receive got %d", token);

    /* A user operation freed while its reduction is pending, and a freed
     * barrier request. */
    MPI_Op op;
    T_OK(MPI_Op_create(sum_fn, 1, &op));
    MPI_Request r;
    T_OK(MPI_Iallreduce(a, b, count, MPI_INT, op, dup, &r));
    T_OK(MPI_Op_free(&op));
    T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
    for (int i = 0; i < count; i++)
        T_CHECK(b[i] == size * (size - 1) / 2 + size * i,
                "sum with a freed operation");
    T_OK(MPI_Ibarrier(dup, &r));
    T_OK(MPI_Request_free(&r));
    T_OK(MPI_Barrier(dup));
    /* Many outstanding on one communicator, waited in reverse. */
    enum { K = 8 };
    MPI_Request many[K];
    int vals[K], outs[K];
    for (int k = 0; k < K; k++) {
        vals[k] = rank * k;
        T_OK(MPI_Iallreduce(&vals[k], &outs[k], 1, MPI_INT, MPI_SUM, half,
                            &many[k]));
    }
    for (int k = K - 1; k >= 0; k--)
        T_OK(MPI_Wait(&many[k], MPI_STATUS_IGNORE));
    int hs = 0;
    for (int r2 = rank % 2; r2 < size; r2 += 2)
        hs += r2;
    for (int k = 0; k < K; k++)
        T_CHECK(outs[k] == hs * k, "outstanding allreduce %d", k);
    (void)hr;
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
    T_OK(MPI_Comm_free(&dup));
    T_OK(MPI_Comm_free(&half));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    static const int counts[] = {0, 1, 7, 600, 12000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        each_collective(MPI_COMM_WORLD, counts[c], (int)c);
        concurrent(counts[c]);
    }
    return t_finish("coll_nb");
}
