/*
 * lt_pmpi_tool -- a profiling library loaded with LD_PRELOAD into a program
 * that knows nothing of it: it counts MPI_Send calls through PMPI_Send and
 * reports them at MPI_Finalize, through PMPI_Finalize.
 */
#include <mpi.h>
#include <stdio.h>

static int nsend;

int MPI_Send(const void *buf, int count, MPI_Datatype dt, int dest, int tag,
             MPI_Comm comm)
{
    nsend++;
    return PMPI_Send(buf, count, dt, dest, tag, comm);
}

int MPI_Finalize(void)
{
    int rank = -1;
    PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
    printf("pmpi tool: rank %d made %d MPI_Send calls\n", rank, nsend);
    fflush(stdout);
    return PMPI_Finalize();
}
