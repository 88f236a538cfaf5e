/*
 * p2p -- point-to-point latency and bandwidth between ranks 0 and 1.
 *
 *   p2p [-r reps] [-t ms]
 *
 * Prints "latency 8 np microseconds" (half a round trip of an 8-byte
 * message) and "bandwidth 1048576 np MB/s" (a window of 16 non-blocking
 * 1 MiB sends, acknowledged by a zero-byte message).  Ranks beyond 1 only
 * take part in the timing barriers.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define WINDOW 16
#define BIG (1 << 20)

struct job {
    int rank;
    char *buf;
};

static void pingpong(void *a)
{
    struct job *j = a;
    if (j->rank == 0) {
        MPI_Send(j->buf, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
        MPI_Recv(j->buf, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    } else if (j->rank == 1) {
        MPI_Recv(j->buf, 8, MPI_BYTE, 0, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        MPI_Send(j->buf, 8, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
    }
}

static void stream(void *a)
{
    struct job *j = a;
    MPI_Request reqs[WINDOW];
    MPI_Status st[WINDOW];
    if (j->rank == 0) {
        for (int i = 0; i < WINDOW; i++)
            MPI_Isend(j->buf + (size_t)i * BIG, BIG, MPI_BYTE, 1, 2,
                      MPI_COMM_WORLD, &reqs[i]);
        MPI_Waitall(WINDOW, reqs, st);
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (j->rank == 1) {
        for (int i = 0; i < WINDOW; i++)
            MPI_Irecv(j->buf + (size_t)i * BIG, BIG, MPI_BYTE, 0, 2,
                      MPI_COMM_WORLD, &reqs[i]);
        MPI_Waitall(WINDOW, reqs, st);
        MPI_Send(NULL, 0, MPI_BYTE, 0, 3, MPI_COMM_WORLD);
    }
}

int main(int argc, char **argv)
{
    int rank, size, reps = 7;
    double target_ms = 20;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-r"))
            reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-t"))
            target_ms = atof(argv[i + 1]);
    }
    if (reps < 1)
        reps = 1;
    if (size < 2) {
        if (rank == 0)
            fprintf(stderr, "p2p needs at least 2 ranks\n");
        MPI_Finalize();
        return 1;
    }
    struct job j = {rank, calloc((size_t)WINDOW * BIG, 1)};
    double s = bench_time(MPI_COMM_WORLD, reps, target_ms / 1e3, pingpong, &j);
    if (rank == 0)
        printf("latency 8 %d %.3f\n", size, s / 2 * 1e6);
    fflush(stdout);
    s = bench_time(MPI_COMM_WORLD, reps, target_ms / 1e3, stream, &j);
    if (rank == 0)
        printf("bandwidth %d %d %.1f\n", BIG, size,
               (double)WINDOW * BIG / s / 1e6);
    free(j.buf);
    MPI_Finalize();
    return 0;
}
