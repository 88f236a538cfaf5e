/* Shrink: ranks 1 and 3 die at once, another dies during the shrink; all
 * survivors get the same communicator, renumbered in order, that works;
 * shrinking a healthy communicator keeps everyone. */
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
    if (rank == 1 || rank == 3)
        raise(SIGKILL);
    /* The last rank dies instead of joining the shrink. */
    if (rank == size - 1)
        raise(SIGKILL);

    MPI_Comm s;
    T_OK(MPIX_Comm_shrink(MPI_COMM_WORLD, &s));
    MPI_Comm_set_errhandler(s, MPI_ERRORS_RETURN);
    int sr, ss;
    MPI_Comm_rank(s, &sr);
    MPI_Comm_size(s, &ss);
    /* The survivors, in world order. */
    int surv[64], ns = 0, me = -1;
    for (int r = 0; r < size; r++) {
        if (r == 1 || r == 3 || r == size - 1)
            continue;
        if (r == rank)
            me = ns;
        surv[ns++] = r;
    }
    T_CHECK(ss == ns, "shrunk size %d, expected %d", ss, ns);
    T_CHECK(sr == me, "world rank %d got rank %d, expected %d", rank, sr, me);

    /* Everyone's world rank around the new ring. */
    int in = -1;
    T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, (sr + 1) % ss, 1, &in, 1, MPI_INT,
                      (sr + ss - 1) % ss, 1, s, MPI_STATUS_IGNORE));
    T_CHECK(in == surv[(me + ns - 1) % ns],
            "got world rank %d from the left, expected %d", in,
            surv[(me + ns - 1) % ns]);

    /* Shrinking again with no new failure keeps everyone, same order. */
    MPI_Comm s2;
    T_OK(MPIX_Comm_shrink(s, &s2));
    int sr2, ss2;
    MPI_Comm_rank(s2, &sr2);
    MPI_Comm_size(s2, &ss2);
    T_CHECK(ss2 == ss && sr2 == sr, "second shrink %d/%d", sr2, ss2);
    MPI_Comm_free(&s2);
    return t_finish_on("ulfm_shrink", s);
}
