/* Rebuild time (ftmpirun --ft rebuild): rank 1 tells rank 0 the time and
 * dies; the survivors notice and recover; the launcher starts a new rank
 * 1, which joins the recovery from MPI_Init.  Rank 0 prints the time from
 * the death to MPI_COMM_WORLD restored at rank 0. */
#include <ftmpi.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, rep, inc;
    double t0 = 0, v;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    FTMPI_Is_replacement(&rep, &inc);
    if (!rep) {
        if (rank == 1) {
            t0 = MPI_Wtime();
            MPI_Send(&t0, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
            raise(SIGKILL);
        }
        if (rank == 0)
            MPI_Recv(&t0, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        /* Everybody finds out through a failed receive from rank 1. */
        MPI_Recv(&v, 1, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    MPI_Comm c;
    FTMPI_Comm_recover(MPI_COMM_WORLD, &c);
    double t1 = MPI_Wtime();
    int n;
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    if (rank == 0)
        printf("np %d rebuild_ms %.2f %s\n", size, (t1 - t0) * 1e3,
               n == size ? "ok" : "WRONG-SIZE");
    MPI_Comm_free(&c);
    MPI_Finalize();
    return 0;
}
