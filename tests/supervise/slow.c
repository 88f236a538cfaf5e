/* Slow but correct: rank 0 computes (here: sleeps) for longer than the
 * deadlock quiet period while everybody else waits for it, and then a
 * receive waits for a large message that takes a while to copy.  Nothing
 * may be reported. */
#include <time.h>
#include <unistd.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) {
        struct timespec ts = {2, 500000000}; /* 2.5 s, quiet period is 1 s */
        nanosleep(&ts, NULL);
        for (int i = 1; i < size; i++)
            MPI_Send(&v, 1, MPI_INT, i, 0, MPI_COMM_WORLD);
    } else {
        T_OK(MPI_Recv(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
    }
    return t_finish("slow");
}
