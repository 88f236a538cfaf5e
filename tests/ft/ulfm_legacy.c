/* The pre-MPIX ULFM names (OMPI_Comm_revoke, _agree, _shrink,
 * _failure_ack, _failure_get_acked) that older fault-tolerant programs use
 * compile and behave as the MPIX ones: a rank dies, the survivors
 * acknowledge it, agree, revoke and shrink. */
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
    if (rank == size - 1)
        raise(SIGKILL);
    int flag = 1;
    T_ERRCLASS(OMPI_Comm_agree(MPI_COMM_WORLD, &flag), MPI_ERR_PROC_FAILED);
    T_OK(OMPI_Comm_failure_ack(MPI_COMM_WORLD));
    MPI_Group g;
    T_OK(OMPI_Comm_failure_get_acked(MPI_COMM_WORLD, &g));
    int n = 0;
    MPI_Group_size(g, &n);
    T_CHECK(n == 1, "%d acknowledged failures", n);
    MPI_Group_free(&g);
    flag = rank + 1;
    T_OK(OMPI_Comm_agree(MPI_COMM_WORLD, &flag));
    T_OK(OMPI_Comm_revoke(MPI_COMM_WORLD));
    int rev = 0;
    T_OK(OMPI_Comm_is_revoked(MPI_COMM_WORLD, &rev));
    T_CHECK(rev, "not revoked");
    T_ERRCLASS(MPI_Barrier(MPI_COMM_WORLD), MPI_ERR_REVOKED);
    MPI_Comm s;
    T_OK(OMPI_Comm_shrink(MPI_COMM_WORLD, &s));
    MPI_Comm_size(s, &n);
    T_CHECK(n == size - 1, "shrunk to %d", n);
    return t_finish_on("ulfm_legacy", s);
}
