/* pingpong -- rank 0 and rank 1 bounce messages of growing size: one
 * round whose every byte is checked, then timed rounds of messages alone;
 * prints the round-trip time and bandwidth for each size. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int rank, size, bad = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        if (rank == 0)
            fprintf(stderr, "pingpong needs at least 2 ranks\n");
        MPI_Finalize();
        return 1;
    }
    const int max = 4 << 20;
    unsigned char *buf = malloc(max);
    for (int n = 1; n <= max; n *= 4) {
        /* First a checked round: rank 1 adds one to every byte. */
        if (rank == 0) {
            for (int i = 0; i < n; i++)
                buf[i] = (unsigned char)(i * 7 + n);
            MPI_Send(buf, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(buf, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            for (int i = 0; i < n; i++)
                if (buf[i] != (unsigned char)(i * 7 + n + 1))
                    bad++;
        } else if (rank == 1) {
            MPI_Recv(buf, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            for (int i = 0; i < n; i++)
                buf[i]++;
            MPI_Send(buf, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
        /* Then timed rounds of messages alone. */
        int reps = n < 65536 ? 1000 : 50;
        double t0 = MPI_Wtime();
        for (int r = 0; r < reps; r++) {
            if (rank == 0) {
                MPI_Send(buf, n, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
                MPI_Recv(buf, n, MPI_BYTE, 1, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(buf, n, MPI_BYTE, 0, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                MPI_Send(buf, n, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
            }
        }
        double us = (MPI_Wtime() - t0) / reps * 1e6;
        if (rank == 0)
            printf("%9d bytes  %10.2f us round trip  %8.1f MB/s\n", n, us,
                   2.0 * n / us);
    }
    if (rank == 0)
        printf("pingpong: %s\n", bad ? "DATA ERRORS" : "all data correct");
    free(buf);
    MPI_Finalize();
    return bad != 0;
}
