/*
 * lt_pmpi -- the profiling interface: a program that defines MPI_Send and
 * MPI_Recv itself, counts the calls and forwards them to PMPI_Send and
 * PMPI_Recv, as a profiling tool linked into a program does.
 */
#include "t.h"

static int nsend, nrecv;

int MPI_Send(const void *buf, int count, MPI_Datatype dt, int dest, int tag,
             MPI_Comm comm)
{
    nsend++;
    return PMPI_Send(buf, count, dt, dest, tag, comm);
}

int MPI_Recv(void *buf, int count, MPI_Datatype dt, int source, int tag,
             MPI_Comm comm, MPI_Status *status)
{
    nrecv++;
    return PMPI_Recv(buf, count, dt, source, tag, comm, status);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    for (int i = 0; i < 3; i++) {
        int v = rank * 10 + i, got = -1;
        MPI_Request r;
        /* Irecv is not wrapped: only MPI_Send is counted on this side. */
        T_OK(MPI_Irecv(&got, 1, MPI_INT, prev, i, MPI_COMM_WORLD, &r));
        T_OK(MPI_Send(&v, 1, MPI_INT, next, i, MPI_COMM_WORLD));
        T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
        T_CHECK(got == prev * 10 + i, "got %d", got);
    }
    int x = 0;
    if (rank == 0)
        T_OK(MPI_Send(&x, 1, MPI_INT, next, 99, MPI_COMM_WORLD));
    if (rank == 1 % size)
        T_OK(
            MPI_Recv(&x, 1, MPI_INT, 0, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    T_CHECK(nsend == 3 + (rank == 0),
            "rank %d: %d MPI_Send calls counted, "
            "expected %d",
            rank, nsend, 3 + (rank == 0));
    T_CHECK(nrecv == (rank == 1 % size),
            "rank %d: %d MPI_Recv calls "
            "counted",
            rank, nrecv);
    T_CHECK((void *)MPI_Send != (void *)PMPI_Send,
            "MPI_Send is the library's: the program's did not override it");
    return t_finish("lt_pmpi");
}
