/* FT-MPI shrink mode: rank 2 dies; recovery compacts MPI_COMM_WORLD and
 * renumbers the survivors in order; both WORLD and the returned
 * communicator work. */
#include <ftmpi.h>
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int old_rank = rank;
    if (rank == 2)
        raise(SIGKILL);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 2, 0, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPIX_ERR_PROC_FAILED);
    MPI_Comm c;
    T_OK(FTMPI_Comm_recover(MPI_COMM_WORLD, &c));
    int nr, ns, cr, cs;
    MPI_Comm_rank(MPI_COMM_WORLD, &nr);
    MPI_Comm_size(MPI_COMM_WORLD, &ns);
    MPI_Comm_rank(c, &cr);
    MPI_Comm_size(c, &cs);
    int want = old_rank < 2 ? old_rank : old_rank - 1;
    T_CHECK(ns == size - 1 && nr == want, "world now %d of %d, expected %d "
            "of %d", nr, ns, want, size - 1);
    T_CHECK(cs == ns && cr == nr, "new comm %d of %d", cr, cs);
    int in = -1;
    T_OK(MPI_Sendrecv(&old_rank, 1, MPI_INT, (nr + 1) % ns, 1, &in, 1,
                      MPI_INT, (nr + ns - 1) % ns, 1, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
    int prev = (nr + ns - 1) % ns;
    T_CHECK(in == (prev < 2 ? prev : prev + 1), "world ring got %d", in);
    T_OK(MPI_Sendrecv(&old_rank, 1, MPI_INT, (cr + 1) % cs, 1, &in, 1,
                      MPI_INT, (cr + cs - 1) % cs, 1, c, MPI_STATUS_IGNORE));
    T_CHECK(in == (prev < 2 ? prev : prev + 1), "new comm ring got %d", in);
    MPI_Comm_free(&c);
    return t_finish("ftmpi_shrink");
}
