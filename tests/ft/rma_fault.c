/* One-sided communication when a process dies (ULFM): the last rank takes
 * an exclusive lock on rank 0's window, lets every survivor lock its own
 * window (shared), and dies holding the lock.  Rank 0, waiting for that
 * lock, gets it once it learns of the death; every operation on the dead
 * target and the unlock fail with MPIX_ERR_PROC_FAILED instead of hanging;
 * a fence and the free of the window over everybody return instead of
 * waiting for the dead; a window over the survivors still works.  With
 * "am", data moves by active messages (the test is also run so). */
#include <mpi-ext.h>
#include <signal.h>
#include <stdbool.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int victim = size - 1, nsurv = size - 1;
    MPI_Comm surv;
    MPI_Comm_split(MPI_COMM_WORLD, rank == victim ? MPI_UNDEFINED : 0, rank,
                   &surv);

    long *mem;
    MPI_Win win;
    T_OK(MPI_Win_allocate(16 * sizeof(long), sizeof(long), MPI_INFO_NULL,
                          MPI_COMM_WORLD, &mem, &win));
    T_OK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    for (int i = 0; i < 16; i++)
        mem[i] = rank;
    t_barrier(MPI_COMM_WORLD);

    int tok = 0;
    if (rank == victim) {
        /* Hold rank 0's lock, wait until everybody holds ours, die. */
        T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
        MPI_Send(&tok, 1, MPI_INT, 0, 1, MPI_COMM_WORLD);
        for (int r = 0; r < nsurv; r++)
            MPI_Recv(&tok, 1, MPI_INT, r, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        raise(SIGKILL);
    }
    MPI_Comm_set_errhandler(surv, MPI_ERRORS_RETURN);

    /* A passive epoch on the victim, open while it dies. */
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, victim, 0, win));
    long got = -1;
    T_OK(MPI_Get(&got, 1, MPI_LONG, victim, 0, 1, MPI_LONG, win));
    T_OK(MPI_Win_flush(victim, win));
    T_CHECK(got == victim, "get from the living victim: %ld", got);
    MPI_Send(&tok, 1, MPI_INT, victim, 2, MPI_COMM_WORLD);

    if (rank == 0) {
        /* The victim holds our lock: this waits until its death is known,
         * then the lock is ours. */
        MPI_Recv(&tok, 1, MPI_INT, victim, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
        long one = 1;
        T_OK(
            MPI_Accumulate(&one, 1, MPI_LONG, 0, 1, 1, MPI_LONG, MPI_SUM, win));
        T_OK(MPI_Win_unlock(0, win));
        T_CHECK(mem[1] == 1, "accumulate under the recovered lock: %ld",
                mem[1]);
        for (int r = 1; r < nsurv; r++)
            MPI_Send(&tok, 1, MPI_INT, r, 3, surv);
    } else {
        MPI_Recv(&tok, 1, MPI_INT, 0, 3, surv, MPI_STATUS_IGNORE);
        /* The dead process's lock is gone for the others too. */
        T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
        long one = 1;
        T_OK(
            MPI_Accumulate(&one, 1, MPI_LONG, 0, 2, 1, MPI_LONG, MPI_SUM, win));
        T_OK(MPI_Win_unlock(0, win));
    }

    /* Everybody knows of the death once a receive from it fails. */
    T_ERRCLASS(MPI_Recv(&tok, 1, MPI_INT, victim, 9, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPIX_ERR_PROC_FAILED);
    long v = 5, res = 0;
    T_ERRCLASS(MPI_Put(&v, 1, MPI_LONG, victim, 0, 1, MPI_LONG, win),
               MPIX_ERR_PROC_FAILED);
    T_ERRCLASS(MPI_Get(&got, 1, MPI_LONG, victim, 0, 1, MPI_LONG, win),
               MPIX_ERR_PROC_FAILED);
    T_ERRCLASS(MPI_Fetch_and_op(&v, &res, MPI_LONG, victim, 0, MPI_SUM, win),
               MPIX_ERR_PROC_FAILED);
    T_ERRCLASS(MPI_Win_unlock(victim, win), MPIX_ERR_PROC_FAILED);
    /* A new epoch on it fails at once; unlock closes it. */
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, victim, 0, win),
               MPIX_ERR_PROC_FAILED);
    T_ERRCLASS(MPI_Win_unlock(victim, win), MPIX_ERR_PROC_FAILED);
    T_ERRCLASS(MPI_Win_lock_all(0, win), MPIX_ERR_PROC_FAILED);
    long two[2] = {0, 0};
    if (nsurv > 1)
        T_OK(MPI_Get(two, 1, MPI_LONG, 1, 2, 1, MPI_LONG, win));
    T_ERRCLASS(MPI_Win_unlock_all(win), MPIX_ERR_PROC_FAILED);
    /* Active target with the dead: fails, never hangs. */
    T_ERRCLASS(MPI_Win_fence(0, win), MPIX_ERR_PROC_FAILED);
    t_barrier(surv);
    if (rank == 0)
        T_CHECK(mem[2] == nsurv - 1, "accumulates from the others: %ld",
                mem[2]);
    /* Freeing the window does not wait for the dead either. */
    int rc = MPI_Win_free(&win);
    T_CHECK(rc == MPI_SUCCESS || rc == MPIX_ERR_PROC_FAILED,
            "MPI_Win_free returned %d", rc);
    T_CHECK(win == MPI_WIN_NULL, "the window was not freed");

    /* The survivors' own window is not disturbed. */
    long *m2;
    MPI_Win w2;
    T_OK(MPI_Win_allocate(sizeof(long), sizeof(long), MPI_INFO_NULL, surv, &m2,
                          &w2));
    *m2 = 0;
    T_OK(MPI_Win_fence(0, w2));
    long one = 1;
    T_OK(MPI_Accumulate(&one, 1, MPI_LONG, 0, 0, 1, MPI_LONG, MPI_SUM, w2));
    T_OK(MPI_Win_fence(0, w2));
    if (rank == 0)
        T_CHECK(*m2 == nsurv, "survivors' window: %ld", *m2);
    T_OK(MPI_Win_free(&w2));
    return t_finish_on("rma_fault", surv);
}
