/* FT-MPI rebuild mode: rank 2 dies after sending a message; ftmpirun
 * starts a new rank 2, which joins the recovery from MPI_Init; afterwards
 * MPI_COMM_WORLD has its size again, the replacement knows it is one, and
 * the old incarnation's message is never delivered. */
#include <ftmpi.h>
#include <signal.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, rep = -1, inc = -1, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    T_OK(FTMPI_Is_replacement(&rep, &inc));
    if (!rep) {
        T_CHECK(inc == 0, "first incarnation is %d", inc);
        if (rank == 2) {
            int stale = 666;
            MPI_Send(&stale, 1, MPI_INT, 3, 77, MPI_COMM_WORLD);
            raise(SIGKILL);
        }
        T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 2, 78, MPI_COMM_WORLD,
                            MPI_STATUS_IGNORE),
                   MPIX_ERR_PROC_FAILED);
    } else {
        T_CHECK(rank == 2 && inc == 1, "replacement rank %d incarnation %d",
                rank, inc);
    }
    MPI_Comm c;
    T_OK(FTMPI_Comm_recover(MPI_COMM_WORLD, &c));
    int nr, ns;
    MPI_Comm_rank(MPI_COMM_WORLD, &nr);
    MPI_Comm_size(MPI_COMM_WORLD, &ns);
    T_CHECK(nr == rank && ns == size, "world now %d of %d", nr, ns);
    /* The new rank 2 sends tag 77 again: rank 3 must get the new value. */
    if (rank == 2) {
        int fresh = 1000 + inc;
        T_OK(MPI_Send(&fresh, 1, MPI_INT, 3, 77, MPI_COMM_WORLD));
    }
    if (rank == 3) {
        T_OK(MPI_Recv(&v, 1, MPI_INT, 2, 77, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
        T_CHECK(v == 1001, "rank 3 got %d from rank 2 (666 is the dead "
                "incarnation's)", v);
    }
    /* Everybody around the ring, on WORLD and on the new communicator. */
    int in = -1;
    T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, (rank + 1) % size, 1, &in, 1,
                      MPI_INT, (rank + size - 1) % size, 1, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
    T_CHECK(in == (rank + size - 1) % size, "world ring got %d", in);
    static double big[100000];
    for (int i = 0; i < 100000; i++)
        big[i] = rank + i;
    T_OK(MPI_Sendrecv_replace(big, 100000, MPI_DOUBLE, (rank + 1) % size, 2,
                              (rank + size - 1) % size, 2, c,
                              MPI_STATUS_IGNORE));
    T_CHECK(big[99999] == (rank + size - 1) % size + 99999,
            "large ring on the new comm");
    MPI_Comm_free(&c);
    return t_finish("ftmpi_rebuild");
}
