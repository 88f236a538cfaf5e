/* Programs that deadlock in several ways, chosen by argv[1]:
 *   cycle     every rank receives from the next: a cycle of receives
 *   coll      rank 0 waits for a message nobody sends while the others
 *             wait in a collective (MPI_Comm_dup) for rank 0
 *   barrier   the same with MPI_Barrier
 *   ssend     rank 0 Ssends to rank 1, which receives another tag
 *   tags      rank 0 sends tag 1, rank 1 waits for tag 2
 *   late      the last rank sends rank 0 a message and finishes; ranks 0
 *             and 1 then wait for each other (the finished rank's message
 *             must not hide the deadlock)
 * The launcher must report it and stop the job. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *how = argc > 1 ? argv[1] : "cycle";
    if (strcmp(how, "cycle") == 0) {
        MPI_Recv(&v, 1, MPI_INT, (rank + 1) % size, 7, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    } else if (strcmp(how, "coll") == 0) {
        if (rank == 0) {
            MPI_Recv(&v, 1, MPI_INT, 1, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Comm c;
            MPI_Comm_dup(MPI_COMM_WORLD, &c);
        }
    } else if (strcmp(how, "barrier") == 0) {
        if (rank == 0)
            MPI_Recv(&v, 1, MPI_INT, 1, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        else
            MPI_Barrier(MPI_COMM_WORLD);
    } else if (strcmp(how, "ssend") == 0) {
        if (rank == 0)
            MPI_Ssend(&v, 1, MPI_INT, 1, 3, MPI_COMM_WORLD);
        else if (rank == 1)
            MPI_Recv(&v, 1, MPI_INT, 0, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (strcmp(how, "tags") == 0) {
        if (rank == 0) {
            MPI_Send(&v, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
            MPI_Recv(&v, 1, MPI_INT, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(&v, 1, MPI_INT, 0, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
    }
    else if (strcmp(how, "late") == 0) {
        if (rank == size - 1) {
            MPI_Send(&v, 1, MPI_INT, 0, 5, MPI_COMM_WORLD);
            MPI_Finalize();
            return 0;
        }
        if (rank == 0)
            MPI_Recv(&v, 1, MPI_INT, size - 1, 5, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        if (rank < 2)
            MPI_Recv(&v, 1, MPI_INT, 1 - rank, 6, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        else
            MPI_Recv(&v, 1, MPI_INT, 0, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    printf("FAIL deadlock %s: the program went on\n", how);
    MPI_Finalize();
    return 1;
}
