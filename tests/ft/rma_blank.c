/* Windows in FT-MPI blank mode: after rank 1 dies and MPI_COMM_WORLD is
 * recovered with a hole in its place, windows (plain and shared) can be
 * made over it; operations and locks aimed at the hole act as on
 * MPI_PROC_NULL, and fences work among the living. */
#include <ftmpi.h>
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 1)
        raise(SIGKILL);
    T_ERRCLASS(
        MPI_Recv(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        MPIX_ERR_PROC_FAILED);
    MPI_Comm c;
    T_OK(FTMPI_Comm_recover(MPI_COMM_WORLD, &c));

    int *mem;
    MPI_Win win;
    T_OK(MPI_Win_allocate(size * sizeof(int), sizeof(int), MPI_INFO_NULL,
                          MPI_COMM_WORLD, &mem, &win));
    T_OK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    for (int i = 0; i < size; i++)
        mem[i] = -1;
    T_OK(MPI_Win_fence(0, win));
    int one = 1;
    for (int t = 0; t < size; t++) /* the hole too: nothing happens */
        T_OK(MPI_Put(&rank, 1, MPI_INT, t, rank, 1, MPI_INT, win));
    T_OK(MPI_Accumulate(&one, 1, MPI_INT, 0, 1, 1, MPI_INT, MPI_SUM, win));
    T_OK(MPI_Win_fence(0, win));
    for (int r = 0; r < size; r++)
        if (r != 1)
            T_CHECK(mem[r] == r, "mem[%d]=%d", r, mem[r]);
    if (rank == 0)
        T_CHECK(mem[1] == size - 2, "accumulated %d", mem[1]);
    T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 1, 0, win));
    T_OK(MPI_Get(&v, 1, MPI_INT, 1, 0, 1, MPI_INT, win));
    T_OK(MPI_Win_unlock(1, win));
    T_OK(MPI_Win_lock_all(0, win));
    T_OK(MPI_Win_unlock_all(win));
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    T_OK(MPI_Win_free(&win));

    int *sh;
    T_OK(MPI_Win_allocate_shared(sizeof(int), sizeof(int), MPI_INFO_NULL,
                                 MPI_COMM_WORLD, &sh, &win));
    *sh = 100 + rank;
    T_OK(MPI_Win_fence(0, win));
    int next = (rank + 1) % size == 1 ? 2 % size : (rank + 1) % size;
    MPI_Aint sz;
    int du, *nb;
    T_OK(MPI_Win_shared_query(win, next, &sz, &du, &nb));
    T_CHECK(*nb == 100 + next, "shared load from %d: %d", next, *nb);
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    T_OK(MPI_Win_free(&win));

    MPI_Comm live;
    T_OK(MPI_Comm_split(c, 0, rank, &live));
    MPI_Comm_free(&c);
    return t_finish_on("rma_blank", live);
}
