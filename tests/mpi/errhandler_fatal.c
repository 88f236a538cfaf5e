/* MPI_Comm_call_errhandler with MPI_ERRORS_ARE_FATAL (or, with the
 * argument "abort", MPI_ERRORS_ABORT) ends the whole job: the other ranks
 * wait in a receive that never comes and must be ended too. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_set_name(c, "doomed");
    if (argc > 1 && strcmp(argv[1], "abort") == 0)
        MPI_Comm_set_errhandler(c, MPI_ERRORS_ABORT);
    if (rank == 0) {
        MPI_Comm_call_errhandler(c, MPI_ERR_OTHER);
        printf("FAIL errhandler_fatal: the call returned\n");
    } else {
        int x;
        MPI_Recv(&x, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        printf("FAIL errhandler_fatal: the receive returned\n");
    }
    MPI_Finalize();
    return 0;
}
