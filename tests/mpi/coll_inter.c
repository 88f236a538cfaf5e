/*
 * coll_inter -- collectives on an intercommunicator between the even and
 * the odd ranks of MPI_COMM_WORLD, against local answers: barrier, bcast
 * and reduce (MPI_ROOT / MPI_PROC_NULL / remote root), allreduce and reduce_scatter (each
 * group gets the other's reduction, non-commutative operations in rank
 * order), gather(v), scatter(v), allgather(v), alltoall(v, w), the
 * non-blocking forms, and MPI_ERR_COMM / MPI_ERR_ROOT where they apply.
 */
#include "t.h"

static int g, lr, ln, rn; /* group (0 even, 1 odd), local rank and size,
                             remote size */

static int val(int grp, int r, int i)
{
    return grp * 100000 + r * 1000 + i + 1;
}

typedef struct {
    int a, b;
} affine;

static void affine_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    affine *x = in, *y = inout;
    for (int i = 0; i < *len; i++) {
        affine r = {(int)((long long)y[i].a * x[i].a % 1000003),
                    (int)(((long long)y[i].a * x[i].b + y[i].b) % 1000003)};
        y[i] = r;
    }
}

static void run(MPI_Comm ic, int count)
{
    int *sb = calloc((size_t)(count + 1) * 16, sizeof(int));
    int *rb = calloc((size_t)(count + 1) * 16, sizeof(int));
    int *cnts = calloc(16, sizeof(int)), *displs = calloc(16, sizeof(int));
    int *bdispls = calloc(16, sizeof(int));
    MPI_Datatype types[16];
    for (int i = 0; i < 16; i++) {
        cnts[i] = count;
        displs[i] = i * count;
        bdispls[i] = i * count * (int)sizeof(int);
        types[i] = MPI_INT;
    }
    T_OK(MPI_Barrier(ic));

    /* Bcast from group 0's rank 0. */
    for (int i = 0; i < count; i++)
        rb[i] = g == 0 && lr == 0 ? val(0, 0, i) : -1;
    int root = g == 0 ? (lr == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0;
    T_OK(MPI_Bcast(rb, count, MPI_INT, root, ic));
    for (int i = 0; g == 1 && i < count; i++)
        T_CHECK(rb[i] == val(0, 0, i), "bcast count %d [%d]", count, i);

    /* Reduce to group 1's last rank. */
    for (int i = 0; i < count; i++)
        sb[i] = val(g, lr, i);
    int r1 = (g == 1 ? ln : rn) - 1;
    root = g == 1 ? (lr == r1 ? MPI_ROOT : MPI_PROC_NULL) : r1;
    T_OK(MPI_Reduce(sb, rb, count, MPI_INT, MPI_SUM, root, ic));
    if (root == MPI_ROOT)
        for (int i = 0; i < count; i++) {
            long long s = 0;
            for (int r = 0; r < rn; r++)
                s += val(0, r, i);
            T_CHECK(rb[i] == s, "reduce count %d [%d]", count, i);
        }

    /* Allreduce: each group gets the other's sum. */
    T_OK(MPI_Allreduce(sb, rb, count, MPI_INT, MPI_SUM, ic));
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r < rn; r++)
            s += val(1 - g, r, i);
        T_CHECK(rb[i] == s, "allreduce count %d [%d]", count, i);
    }
    /* ... in rank order for a non-commutative operation. */
    MPI_Op op;
    T_OK(MPI_Op_create(affine_fn, 0, &op));
    affine *as = calloc((size_t)count + 1, sizeof *as);
    affine *ar = calloc((size_t)count + 1, sizeof *ar);
    for (int i = 0; i < count; i++)
        as[i] = (affine){lr + 2 + i % 5, g * 10 + lr};
    T_OK(MPI_Allreduce(as, ar, count, MPI_2INT, op, ic));
    for (int i = 0; i < count; i++) {
        affine e = {2 + i % 5, (1 - g) * 10};
        for (int r = 1; r < rn; r++) {
            affine x = {r + 2 + i % 5, (1 - g) * 10 + r};
            affine y = e;
            affine_fn(&y, &x, &(int){1}, NULL);
            e = x;
        }
        T_CHECK(ar[i].a == e.a && ar[i].b == e.b,
                "non-commutative allreduce [%d]", i);
    }
    T_OK(MPI_Op_free(&op));
    free(as);
    free(ar);

    /* Gather to group 0's rank 0, scatter back from it. */
    root = g == 0 ? (lr == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0;
    T_OK(MPI_Gather(sb, count, MPI_INT, rb, count, MPI_INT, root, ic));
    if (root == MPI_ROOT)
        for (int r = 0; r < rn; r++)
            for (int i = 0; i < count; i++)
                T_CHECK(rb[r * count + i] == val(1, r, i), "gather");
    T_OK(MPI_Gatherv(sb, count, MPI_INT, rb, cnts, displs, MPI_INT, root,
                     ic));
    if (root == MPI_ROOT)
        for (int r = 0; r < rn; r++)
            for (int i = 0; i < count; i++)
                T_CHECK(rb[r * count + i] == val(1, r, i), "gatherv");
    if (root == MPI_ROOT)
        for (int r = 0; r < rn; r++)
            for (int i = 0; i < count; i++)
                sb[r * count + i] = val(2, r, i);
    T_OK(MPI_Scatter(sb, count, MPI_INT, rb, count, MPI_INT, root, ic));
    for (int i = 0; g == 1 && i < count; i++)
        T_CHECK(rb[i] == val(2, lr, i), "scatter");
    T_OK(MPI_Scatterv(sb, cnts, displs, MPI_INT, rb, count, MPI_INT, root,
                      ic));
    for (int i = 0; g == 1 && i < count; i++)
        T_CHECK(rb[i] == val(2, lr, i), "scatterv");

    /* Allgather(v) and alltoall(v, w): the remote group's blocks. */
    for (int i = 0; i < count * 16; i++)
        sb[i] = val(g, lr, i);
    T_OK(MPI_Allgather(sb, count, MPI_INT, rb, count, MPI_INT, ic));
    for (int r = 0; r < rn; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(1 - g, r, i), "allgather");
    T_OK(MPI_Allgatherv(sb, count, MPI_INT, rb, cnts, displs, MPI_INT, ic));
    for (int r = 0; r < rn; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(1 - g, r, i), "allgatherv");
    T_OK(MPI_Alltoall(sb, count, MPI_INT, rb, count, MPI_INT, ic));
    for (int r = 0; r < rn; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(1 - g, r, lr * count + i),
                    "alltoall");
    T_OK(MPI_Alltoallv(sb, cnts, displs, MPI_INT, rb, cnts, displs, MPI_INT,
                       ic));
    for (int r = 0; r < rn; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(1 - g, r, lr * count + i),
                    "alltoallv");
    T_OK(MPI_Alltoallw(sb, cnts, bdispls, types, rb, cnts, bdispls, types,
                       ic));
    for (int r = 0; r < rn; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(1 - g, r, lr * count + i),
                    "alltoallw");

    /* Reduce_scatter: the other group's sum, scattered here.  Both groups
     * reduce vectors of the same length (rn * count here and ln * count
     * there are equal only when the groups have the same size). */
    if (ln == rn) {
        T_OK(MPI_Reduce_scatter_block(sb, rb, count, MPI_INT, MPI_SUM, ic));
        for (int i = 0; i < count; i++) {
            long long s = 0;
            for (int r = 0; r < rn; r++)
                s += val(1 - g, r, lr * count + i);
            T_CHECK(rb[i] == s, "reduce_scatter_block [%d]", i);
        }
        T_OK(MPI_Reduce_scatter(sb, rb, cnts, MPI_INT, MPI_SUM, ic));
        for (int i = 0; i < count; i++) {
            long long s = 0;
            for (int r = 0; r < rn; r++)
                s += val(1 - g, r, lr * count + i);
            T_CHECK(rb[i] == s, "reduce_scatter [%d]", i);
        }
    }

    /* Non-blocking. */
    MPI_Request req[3];
    int x = lr + 1, y = -1, z = g == 1 ? -1 : 77;
    T_OK(MPI_Iallreduce(&x, &y, 1, MPI_INT, MPI_SUM, ic, &req[0]));
    root = g == 0 ? (lr == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0;
    T_OK(MPI_Ibcast(&z, 1, MPI_INT, root, ic, &req[1]));
    T_OK(MPI_Ibarrier(ic, &req[2]));
    T_OK(MPI_Waitall(3, req, MPI_STATUSES_IGNORE));
    T_CHECK(y == rn * (rn + 1) / 2, "iallreduce: %d", y);
    T_CHECK(g == 0 || z == 77, "ibcast: %d", z);
    free(sb);
    free(rb);
    free(cnts);
    free(displs);
    free(bdispls);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        printf("PASS coll_inter (needs 2 ranks)\n");
        MPI_Finalize();
        return 0;
    }
    g = rank % 2;
    MPI_Comm local, ic;
    MPI_Comm_split(MPI_COMM_WORLD, g, rank, &local);
    MPI_Comm_rank(local, &lr);
    MPI_Comm_size(local, &ln);
    T_OK(MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, 1 - g, 7, &ic));
    MPI_Comm_remote_size(ic, &rn);
    MPI_Comm_set_errhandler(ic, MPI_ERRORS_RETURN);
    static const int counts[] = {0, 1, 10, 3000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++)
        run(ic, counts[c]);
    int a = 0, b = 0;
    T_ERRCLASS(MPI_Scan(&a, &b, 1, MPI_INT, MPI_SUM, ic), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Exscan(&a, &b, 1, MPI_INT, MPI_SUM, ic), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Bcast(&a, 1, MPI_INT, rn + 5, ic), MPI_ERR_ROOT);
    T_ERRCLASS(MPI_Allreduce(MPI_IN_PLACE, &b, 1, MPI_INT, MPI_SUM, ic),
               MPI_ERR_BUFFER);
    MPI_Comm_free(&ic);
    MPI_Comm_free(&local);
    return t_finish("coll_inter");
}
