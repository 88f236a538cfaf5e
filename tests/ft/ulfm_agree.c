/* Agreement: the bitwise AND of everyone's flag; PROC_FAILED raised at
 * every survivor, uniformly, while a failure is not acknowledged by all;
 * a rank that dies instead of contributing is left out and reported. */
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    int flag = rank == 1 ? 0x0f : 0xff;
    T_OK(MPIX_Comm_agree(MPI_COMM_WORLD, &flag));
    T_CHECK(flag == 0x0f, "agreed %#x", flag);

    /* The last rank dies without contributing. */
    if (rank == size - 1)
        raise(SIGKILL);
    flag = 1;
    T_ERRCLASS(MPIX_Comm_agree(MPI_COMM_WORLD, &flag), MPIX_ERR_PROC_FAILED);
    T_CHECK(flag == 1, "flag after a failure %d", flag);
    /* Everyone acknowledges: the next agreement is clean. */
    T_OK(MPIX_Comm_failure_ack(MPI_COMM_WORLD));
    flag = rank % 2 ? 3 : 1;
    T_OK(MPIX_Comm_agree(MPI_COMM_WORLD, &flag));
    T_CHECK(flag == 1, "after ack agreed %d", flag);

    /* Rank 1 dies in the middle: instead of its contribution. */
    if (rank == 1)
        raise(SIGKILL);
    flag = 5;
    T_ERRCLASS(MPIX_Comm_agree(MPI_COMM_WORLD, &flag), MPIX_ERR_PROC_FAILED);
    T_CHECK(flag == 5, "flag %d", flag);
    T_OK(MPIX_Comm_failure_ack(MPI_COMM_WORLD));

    /* A non-blocking agreement. */
    MPI_Request r;
    flag = rank == 0 ? 2 : 6;
    T_OK(MPIX_Comm_iagree(MPI_COMM_WORLD, &flag, &r));
    T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
    T_CHECK(flag == 2, "iagree %d", flag);

    MPI_Comm s;
    T_OK(MPIX_Comm_shrink(MPI_COMM_WORLD, &s));
    int ss;
    MPI_Comm_size(s, &ss);
    T_CHECK(ss == size - 2, "shrunk to %d", ss);
    return t_finish_on("ulfm_agree", s);
}
