/* ULFM on an intercommunicator: world split in two halves joined by an
 * intercommunicator; a rank of the upper half dies.  Agreement gives each
 * side the AND of the other side's flags and raises PROC_FAILED on both
 * sides; shrink gives both sides the same smaller intercommunicator, which
 * works; revoke reaches the other side. */
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
    int half = size / 2, upper = rank >= half;
    MPI_Comm side, inter;
    MPI_Comm_split(MPI_COMM_WORLD, upper, rank, &side);
    MPI_Intercomm_create(side, 0, MPI_COMM_WORLD, upper ? 0 : half, 5, &inter);
    MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);

    /* Healthy: lower half gives 0x3, upper 0x6; each side gets the other's. */
    int flag = upper ? 0x6 : 0x3;
    T_OK(MPIX_Comm_agree(inter, &flag));
    T_CHECK(flag == (upper ? 0x3 : 0x6), "agreed %#x on the %s side", flag,
            upper ? "upper" : "lower");

    int victim = size - 1; /* the last rank of the upper half */
    if (rank == victim)
        raise(SIGKILL);
    flag = 1;
    T_ERRCLASS(MPIX_Comm_agree(inter, &flag), MPIX_ERR_PROC_FAILED);
    T_OK(MPIX_Comm_failure_ack(inter));

    MPI_Comm s;
    T_OK(MPIX_Comm_shrink(inter, &s));
    int lsize, rsize, is_inter = 0;
    MPI_Comm_test_inter(s, &is_inter);
    MPI_Comm_size(s, &lsize);
    MPI_Comm_remote_size(s, &rsize);
    int want_l = upper ? size - half - 1 : half;
    int want_r = upper ? half : size - half - 1;
    T_CHECK(is_inter && lsize == want_l && rsize == want_r,
            "shrunk: inter %d, local %d remote %d", is_inter, lsize, rsize);
    /* Rank i of each side talks to rank i of the other, where there is
     * one. */
    int lr;
    MPI_Comm_rank(s, &lr);
    if (lr < rsize) {
        int out = rank, in = -1;
        T_OK(MPI_Sendrecv(&out, 1, MPI_INT, lr, 1, &in, 1, MPI_INT, lr, 1, s,
                          MPI_STATUS_IGNORE));
        T_CHECK(in == (upper ? lr : half + lr), "across got %d", in);
    }
    /* Revoke from the lower side reaches the upper side, once everyone
     * is done with the exchange above. */
    MPI_Comm alive;
    MPIX_Comm_shrink(MPI_COMM_WORLD, &alive);
    t_barrier(alive);
    if (rank == 0)
        T_OK(MPIX_Comm_revoke(s));
    int v;
    if (upper)
        T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 0, 2, s, MPI_STATUS_IGNORE),
                   MPIX_ERR_REVOKED);
    return t_finish_on("ulfm_inter", alive);
}
