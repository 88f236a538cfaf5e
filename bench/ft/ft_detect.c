/* Failure-detection latency: rank 1 tells rank 0 the time, then dies;
 * rank 0, blocked in MPI_Recv from it, measures how long until the call
 * returns MPIX_ERR_PROC_FAILED.  One measurement per run (the script runs
 * it many times).  Both clocks are the host's monotonic clock. */
#include <mpi-ext.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank;
    double t0 = 0, v;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 1) {
        t0 = MPI_Wtime();
        MPI_Send(&t0, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
        raise(SIGKILL);
    }
    if (rank == 0) {
        MPI_Recv(&t0, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        int rc = MPI_Recv(&v, 1, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE);
        double t1 = MPI_Wtime();
        int cls;
        MPI_Error_class(rc, &cls);
        printf("detect_us %.1f %s\n", (t1 - t0) * 1e6,
               cls == MPIX_ERR_PROC_FAILED ? "ok" : "WRONG-ERROR");
    }
    MPI_Finalize();
    return 0;
}
