/* Where ranks may run (argv[1]: share or none).
 *   share  ranks of a host that has at least as many processors as ranks
 *          each get a non-empty share of them, the shares disjoint and
 *          their sizes equal to within one; with more ranks than
 *          processors every rank keeps the launcher's whole set.
 *   none   every rank keeps the launcher's whole set.
 * The launcher's set is the union of the ranks' sets in both cases. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    cpu_set_t mine;
    T_CHECK(sched_getaffinity(0, sizeof mine, &mine) == 0, "getaffinity");
    cpu_set_t *all = malloc((size_t)size * sizeof *all);
    MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine,
               MPI_BYTE, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        cpu_set_t uni;
        CPU_ZERO(&uni);
        for (int r = 0; r < size; r++)
            CPU_OR(&uni, &uni, &all[r]);
        int ncpu = CPU_COUNT(&uni);
        int share = !strcmp(argv[1], "share") && size <= ncpu && size > 1;
        for (int r = 0; r < size; r++) {
            int n = CPU_COUNT(&all[r]);
            if (!share) {
                T_CHECK(CPU_EQUAL(&all[r], &uni),
                        "rank %d was bound to %d of %d processors", r, n,
                        ncpu);
                continue;
            }
            T_CHECK(n == ncpu / size || n == (ncpu + size - 1) / size,
                    "rank %d has %d processors, %d ranks share %d", r, n,
                    size, ncpu);
            for (int q = 0; q < r; q++) {
                cpu_set_t both;
                CPU_AND(&both, &all[r], &all[q]);
                T_CHECK(CPU_COUNT(&both) == 0,
                        "ranks %d and %d share a processor", q, r);
            }
        }
        printf("%d ranks, %d processors, %s\n", size, ncpu,
               share ? "one share each" : "all everywhere");
    }
    free(all);
    return t_finish("lt_bind");
}
