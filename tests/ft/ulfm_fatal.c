/* With --ft ulfm but the default error handler, a survivor whose call
 * fails because of the failure aborts the job (MPI_ERRORS_ARE_FATAL). */
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, v;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == size - 1)
        raise(SIGKILL);
    MPI_Recv(&v, 1, MPI_INT, size - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("FAIL ulfm_fatal: the receive from a dead rank returned\n");
    MPI_Finalize();
    return 1;
}
