/* FT-MPI blank mode: after rank 1 dies and MPI_COMM_WORLD is recovered
 * with a hole at rank 1, every collective runs among the living; blocks of
 * the gather family sit at each living rank's own place and the hole's
 * block is never touched. */
#include <ftmpi.h>
#include <signal.h>

#include "t.h"

#define HOLE 1

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == HOLE)
        raise(SIGKILL);
    MPI_Recv(&v, 1, MPI_INT, HOLE, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Comm c;
    T_OK(MPI_Comm_create(MPI_COMM_WORLD, FTMPI_GROUP_LIVING, &c));
    int n;
    MPI_Comm_size(c, &n);
    T_CHECK(n == size, "blank size %d", n);
    int nlive = size - 1, sumrank = size * (size - 1) / 2 - HOLE;

    int s = rank + 1, r = 0;
    T_OK(MPI_Allreduce(&s, &r, 1, MPI_INT, MPI_SUM, c));
    T_CHECK(r == sumrank + nlive, "allreduce %d", r);

    int *all = malloc((size_t)size * 2 * sizeof(int));
    for (int root = 0; root < size; root++) {
        if (root == HOLE)
            continue;
        for (int i = 0; i < 2 * size; i++)
            all[i] = -7;
        int mine[2] = {rank * 10, rank * 10 + 1};
        T_OK(MPI_Gather(mine, 2, MPI_INT, all, 2, MPI_INT, root, c));
        if (rank == root)
            for (int i = 0; i < size; i++)
                T_CHECK(all[2 * i] == (i == HOLE ? -7 : i * 10) &&
                            all[2 * i + 1] == (i == HOLE ? -7 : i * 10 + 1),
                        "gather at root %d: block %d = %d %d", root, i,
                        all[2 * i], all[2 * i + 1]);
        for (int i = 0; i < 2 * size; i++)
            all[i] = i + 100;
        mine[0] = mine[1] = -1;
        T_OK(MPI_Scatter(all, 2, MPI_INT, mine, 2, MPI_INT, root, c));
        T_CHECK(mine[0] == 2 * rank + 100 && mine[1] == 2 * rank + 101,
                "scatter from %d got %d %d", root, mine[0], mine[1]);
    }
    for (int i = 0; i < size; i++)
        all[i] = -7;
    T_OK(MPI_Allgather(&rank, 1, MPI_INT, all, 1, MPI_INT, c));
    for (int i = 0; i < size; i++)
        T_CHECK(all[i] == (i == HOLE ? -7 : i), "allgather block %d = %d", i,
                all[i]);
    int *out = malloc((size_t)size * sizeof(int));
    for (int i = 0; i < size; i++) {
        out[i] = rank * 100 + i;
        all[i] = -7;
    }
    T_OK(MPI_Alltoall(out, 1, MPI_INT, all, 1, MPI_INT, c));
    for (int i = 0; i < size; i++)
        T_CHECK(all[i] == (i == HOLE ? -7 : i * 100 + rank),
                "alltoall from %d: %d", i, all[i]);
    /* Reduce_scatter_block: each rank's block is the sum of the living's. */
    for (int i = 0; i < size; i++)
        out[i] = i + 1;
    r = -1;
    T_OK(MPI_Reduce_scatter_block(out, &r, 1, MPI_INT, MPI_SUM, c));
    T_CHECK(r == (rank + 1) * nlive, "reduce_scatter_block %d", r);
    /* Non-blocking too. */
    MPI_Request q;
    for (int i = 0; i < size; i++)
        all[i] = -7;
    T_OK(MPI_Iallgather(&rank, 1, MPI_INT, all, 1, MPI_INT, c, &q));
    T_OK(MPI_Wait(&q, MPI_STATUS_IGNORE));
    T_CHECK(all[0] == 0 && all[HOLE] == -7 && all[size - 1] == size - 1,
            "iallgather");
    /* The reduce-scatters read a copy of the living's blocks, which the
     * non-blocking forms keep until they end: overwrite the input at
     * once to show it. */
    for (int i = 0; i < size; i++)
        out[i] = i + 1;
    r = -1;
    T_OK(MPI_Ireduce_scatter_block(out, &r, 1, MPI_INT, MPI_SUM, c, &q));
    for (int i = 0; i < size; i++)
        out[i] = -1000;
    T_OK(MPI_Wait(&q, MPI_STATUS_IGNORE));
    T_CHECK(r == (rank + 1) * nlive, "ireduce_scatter_block %d", r);
    int *cnts = malloc((size_t)size * sizeof(int)), rv[3] = {-1, -1, -1};
    int *vec = malloc((size_t)size * 3 * sizeof(int)), at = 0;
    for (int i = 0; i < size; i++) {
        cnts[i] = 1 + i % 3; /* rank i gets 1 + i % 3 elements */
        for (int k = 0; k < cnts[i]; k++)
            vec[at++] = 1000 * i + k + rank;
    }
    T_OK(MPI_Ireduce_scatter(vec, rv, cnts, MPI_INT, MPI_SUM, c, &q));
    for (int i = 0; i < at; i++)
        vec[i] = -1;
    T_OK(MPI_Wait(&q, MPI_STATUS_IGNORE));
    for (int k = 0; k < cnts[rank]; k++)
        T_CHECK(rv[k] == nlive * (1000 * rank + k) + sumrank,
                "ireduce_scatter element %d: %d", k, rv[k]);
    free(cnts);
    free(vec);
    T_OK(MPI_Barrier(c));
    free(all);
    free(out);
    MPI_Comm live;
    T_OK(MPI_Comm_split(c, 0, rank, &live));
    MPI_Comm_free(&c);
    return t_finish_on("ftmpi_blank_coll", live);
}
