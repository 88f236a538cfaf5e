/* Shared windows (MPI_Win_allocate_shared): every member's segment is
 * reachable with plain loads and stores through MPI_Win_shared_query; the
 * segments are contiguous in rank order by default and page-aligned with
 * alloc_shared_noncontig; MPI_Win_sync with a barrier makes stores seen;
 * put, get and accumulate work on the shared window too; and a window of
 * zero bytes at some ranks still answers shared_query. */
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "t.h"

#define N 256

static int rank, size;

static void contiguous(void)
{
    int *mine = NULL;
    MPI_Win win;
    MPI_Aint bytes = (rank + 1) * N * (MPI_Aint)sizeof(int);
    T_OK(MPI_Win_allocate_shared(bytes, sizeof(int), MPI_INFO_NULL,
                                 MPI_COMM_WORLD, &mine, &win));
    int *flavor, flag;
    T_OK(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    T_CHECK(flag && *flavor == MPI_WIN_FLAVOR_SHARED, "flavor %d", *flavor);
    /* Our own segment is where we got it. */
    MPI_Aint sz;
    int du;
    int *base;
    T_OK(MPI_Win_shared_query(win, rank, &sz, &du, &base));
    T_CHECK(base == mine && sz == bytes && du == (int)sizeof(int),
            "own segment %p/%ld/%d", (void *)base, (long)sz, du);
    /* Contiguous: rank r's segment ends where rank r+1's begins. */
    if (rank + 1 < size) {
        int *next;
        T_OK(MPI_Win_shared_query(win, rank + 1, &sz, &du, &next));
        T_CHECK(next == mine + (rank + 1) * N, "segment of %d at %p, want %p",
                rank + 1, (void *)next, (void *)(mine + (rank + 1) * N));
    }
    /* Stores into everybody's segment, seen by them after sync+barrier. */
    T_OK(MPI_Win_lock_all(MPI_MODE_NOCHECK, win));
    for (int r = 0; r < size; r++) {
        int *seg;
        T_OK(MPI_Win_shared_query(win, r, &sz, &du, &seg));
        seg[rank] = 1000 * r + rank;
    }
    T_OK(MPI_Win_sync(win));
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_sync(win));
    for (int w = 0; w < size; w++)
        T_CHECK(mine[w] == 1000 * rank + w, "load mine[%d]=%d", w, mine[w]);
    /* The same memory by put, get and accumulate. */
    int next = (rank + 1) % size;
    int v = 7 + rank, got = -1, one = 1;
    T_OK(MPI_Put(&v, 1, MPI_INT, next, N - 1, 1, MPI_INT, win));
    T_OK(MPI_Accumulate(&one, 1, MPI_INT, 0, N - 2, 1, MPI_INT, MPI_SUM, win));
    T_OK(MPI_Win_flush_all(win));
    T_OK(MPI_Win_sync(win));
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_sync(win));
    int prev = (rank + size - 1) % size;
    T_CHECK(mine[N - 1] == 7 + prev, "put seen as %d", mine[N - 1]);
    T_OK(MPI_Get(&got, 1, MPI_INT, next, N - 1, 1, MPI_INT, win));
    T_OK(MPI_Win_flush(next, win));
    T_CHECK(got == 7 + rank, "get %d", got);
    if (rank == 0)
        T_CHECK(mine[N - 2] == size, "accumulated %d", mine[N - 2]);
    T_OK(MPI_Win_unlock_all(win));
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_free(&win));
}

static void noncontig_and_empty(void)
{
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "alloc_shared_noncontig", "true");
    /* Odd ranks contribute nothing. */
    MPI_Aint bytes = rank % 2 ? 0 : 100;
    char *mine;
    MPI_Win win;
    T_OK(MPI_Win_allocate_shared(bytes, 1, info, MPI_COMM_WORLD, &mine, &win));
    MPI_Info_free(&info);
    long page = sysconf(_SC_PAGESIZE);
    for (int r = 0; r < size; r++) {
        MPI_Aint sz;
        int du;
        char *seg;
        T_OK(MPI_Win_shared_query(win, r, &sz, &du, &seg));
        T_CHECK(sz == (r % 2 ? 0 : 100), "size of %d: %ld", r, (long)sz);
        if (sz)
            T_CHECK((uintptr_t)seg % (uintptr_t)page == 0,
                    "segment of %d not page-aligned", r);
    }
    /* MPI_PROC_NULL: the first segment with memory (rank 0's). */
    MPI_Aint sz;
    int du;
    char *seg;
    T_OK(MPI_Win_shared_query(win, MPI_PROC_NULL, &sz, &du, &seg));
    T_CHECK(sz == 100, "first non-empty segment has %ld bytes", (long)sz);
    if (rank == 0)
        T_CHECK(seg == mine, "MPI_PROC_NULL query is not rank 0's segment");
    T_OK(MPI_Win_fence(0, win));
    if (rank % 2 == 0)
        memset(mine, rank + 1, 100);
    T_OK(MPI_Win_fence(0, win));
    T_CHECK(seg[99] == 1, "rank 0's memory holds %d", seg[99]);
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    T_OK(MPI_Win_free(&win));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    contiguous();
    noncontig_and_empty();
    return t_finish("rma_shared");
}
