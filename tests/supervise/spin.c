/* For --timeout: rank 0 computes forever; the others wait for it in
 * MPI_Recv, or compute too (argv[1] = "all"). */
#include <mpi.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, v;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    bool all = argc > 1 && strcmp(argv[1], "all") == 0;
    bool report = argc > 1 && strcmp(argv[1], "report") == 0;
    if (report && rank == 0) {
        /* Ask our launcher for a report, as a user would with kill -USR1;
         * then finish normally. */
        kill(getppid(), SIGUSR1);
        MPI_Recv(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Finalize();
        return 0;
    }
    if (report && rank == 1) {
        usleep(300000);
        MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        return 0;
    }
    if (report) {
        MPI_Finalize();
        return 0;
    }
    if (rank == 0 || all) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    MPI_Recv(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Finalize();
    return 0;
}
