/* Rebuild mode gives up after --max-restarts: rank 1 dies in every
 * incarnation. */
#include <ftmpi.h>
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 1)
        raise(SIGKILL);
    MPI_Comm c;
    for (;;) /* the others keep recovering until the job is stopped */
        FTMPI_Comm_recover(MPI_COMM_WORLD, &c);
}
