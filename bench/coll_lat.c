/*
 * coll_lat -- latency of collectives.
 *
 *   coll_lat [-r reps] [-t ms] [name[:bytes] ...]
 *
 * name is barrier, bcast, reduce, allreduce, alltoall or allgather; bytes is
 * the message size (per rank for alltoall and allgather; doubles are summed
 * for the reductions).  Without names it runs a standard set.  Prints one
 * line per figure: "name bytes np microseconds".
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct job {
    const char *name;
    int bytes;
    MPI_Comm comm;
    int size;
    char *sbuf, *rbuf;
};

static void run_barrier(void *a)
{
    struct job *j = a;
    MPI_Barrier(j->comm);
}

static void run_bcast(void *a)
{
    struct job *j = a;
    MPI_Bcast(j->sbuf, j->bytes, MPI_BYTE, 0, j->comm);
}

static void run_reduce(void *a)
{
    struct job *j = a;
    MPI_Reduce(j->sbuf, j->rbuf, j->bytes / 8, MPI_DOUBLE, MPI_SUM, 0,
               j->comm);
}

static void run_allreduce(void *a)
{
    struct job *j = a;
    MPI_Allreduce(j->sbuf, j->rbuf, j->bytes / 8, MPI_DOUBLE, MPI_SUM,
                  j->comm);
}

static void run_alltoall(void *a)
{
    struct job *j = a;
    MPI_Alltoall(j->sbuf, j->bytes, MPI_BYTE, j->rbuf, j->bytes, MPI_BYTE,
                 j->comm);
}

static void run_allgather(void *a)
{
    struct job *j = a;
    MPI_Allgather(j->sbuf, j->bytes, MPI_BYTE, j->rbuf, j->bytes, MPI_BYTE,
                  j->comm);
}

static const struct {
    const char *name;
    bench_fn fn;
} kinds[] = {
    {"barrier", run_barrier},     {"bcast", run_bcast},
    {"reduce", run_reduce},       {"allreduce", run_allreduce},
    {"alltoall", run_alltoall},   {"allgather", run_allgather},
};

static const char *defaults[] = {
    "barrier",        "bcast:8",      "bcast:65536",    "allreduce:8",
    "allreduce:4096", "allreduce:65536", "alltoall:8",  "allgather:8",
    "allgather:4096",
};

int main(int argc, char **argv)
{
    int rank, size, reps = 7;
    double target_ms = 20;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-r") && first + 1 < argc)
            reps = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "-t") && first + 1 < argc)
            target_ms = atof(argv[first + 1]);
        else {
            if (rank == 0)
                fprintf(stderr, "usage: coll_lat [-r reps] [-t ms] "
                                "[name[:bytes] ...]\n");
            MPI_Finalize();
            return 2;
        }
        first += 2;
    }
    if (reps < 1)
        reps = 1;
    int njobs = first < argc ? argc - first : (int)(sizeof defaults /
                                                    sizeof defaults[0]);
    for (int k = 0; k < njobs; k++) {
        char spec[64];
        snprintf(spec, sizeof spec, "%s",
                 first < argc ? argv[first + k] : defaults[k]);
        char *colon = strchr(spec, ':');
        int bytes = 8;
        if (colon) {
            *colon = 0;
            bytes = atoi(colon + 1);
        }
        bench_fn fn = NULL;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (!strcmp(kinds[i].name, spec))
                fn = kinds[i].fn;
        if (!fn) {
            if (rank == 0)
                fprintf(stderr, "coll_lat: unknown collective %s\n", spec);
            continue;
        }
        if (!strcmp(spec, "barrier"))
            bytes = 0;
        size_t per = (size_t)bytes * (size_t)size + 64;
        struct job j = {spec, bytes, MPI_COMM_WORLD, size, calloc(per, 1),
                        calloc(per, 1)};
        double s = bench_time(MPI_COMM_WORLD, reps, target_ms / 1e3, fn, &j);
        if (rank == 0) {
            printf("%s %d %d %.3f\n", spec, bytes, size, s * 1e6);
            fflush(stdout);
        }
        free(j.sbuf);
        free(j.rbuf);
    }
    MPI_Finalize();
    return 0;
}
