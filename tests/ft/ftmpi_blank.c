/* FT-MPI blank mode: rank 1 dies; after recovery MPI_COMM_WORLD keeps its
 * size, and the dead rank's place is a hole where operations act as on
 * MPI_PROC_NULL. */
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
    if (rank == 1)
        raise(SIGKILL);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPIX_ERR_PROC_FAILED);
    MPI_Comm c;
    T_OK(FTMPI_Comm_recover(MPI_COMM_WORLD, &c));
    int nr, ns;
    MPI_Comm_rank(MPI_COMM_WORLD, &nr);
    MPI_Comm_size(MPI_COMM_WORLD, &ns);
    T_CHECK(nr == rank && ns == size, "world now %d of %d", nr, ns);
    /* The hole: sends vanish, receives return at once from PROC_NULL. */
    T_OK(MPI_Send(&rank, 1, MPI_INT, 1, 2, MPI_COMM_WORLD));
    MPI_Status st;
    v = 42;
    T_OK(MPI_Recv(&v, 1, MPI_INT, 1, 2, c, &st));
    T_CHECK(st.MPI_SOURCE == MPI_PROC_NULL && v == 42,
            "receive from a hole: source %d", st.MPI_SOURCE);
    /* A ring over the living, skipping the hole. */
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    if (next == 1)
        next = 2 % size;
    if (prev == 1)
        prev = 0;
    int in = -1;
    T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, next, 3, &in, 1, MPI_INT, prev, 3,
                      MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    T_CHECK(in == prev, "blank ring got %d, expected %d", in, prev);
    /* Wildcard receives need no acknowledgement after recovery. */
    T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, next, 4, &in, 1, MPI_INT,
                      MPI_ANY_SOURCE, 4, c, MPI_STATUS_IGNORE));
    T_CHECK(in == prev, "wildcard after recovery got %d", in);
    /* The verdict on a communicator of the living. */
    MPI_Comm live;
    T_OK(MPI_Comm_split(c, 0, rank, &live));
    MPI_Comm_free(&c);
    return t_finish_on("ftmpi_blank", live);
}
