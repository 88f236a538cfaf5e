/*
 * bench.h -- timing helpers shared by the benchmarks.  Plain MPI, so the
 * same source builds against ftmpi, Open MPI and MPICH.
 *
 * A figure is the median of several repetitions; each repetition runs
 * enough iterations to last a few milliseconds (calibrated once, agreed by
 * all ranks) and reports the slowest rank's time per iteration.
 */
#ifndef BENCH_H
#define BENCH_H

#include <mpi.h>
#include <stdlib.h>

typedef void (*bench_fn)(void *arg);

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Seconds per call of fn(arg), the median over reps repetitions, valid at
 * rank 0 of comm (collective over comm). */
static double bench_time(MPI_Comm comm, int reps, double target_s, bench_fn fn,
                         void *arg)
{
    int iters = 4;
    double t, tmax;
    /* Warm up, then calibrate the iteration count. */
    for (int i = 0; i < iters; i++)
        fn(arg);
    MPI_Barrier(comm);
    t = MPI_Wtime();
    for (int i = 0; i < iters; i++)
        fn(arg);
    t = (MPI_Wtime() - t) / iters;
    MPI_Allreduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, comm);
    iters = tmax > 0 ? (int)(target_s / tmax) : 100000;
    if (iters < 3)
        iters = 3;
    if (iters > 100000)
        iters = 100000;
    double *v = malloc((size_t)reps * sizeof *v);
    for (int r = 0; r < reps; r++) {
        MPI_Barrier(comm);
        t = MPI_Wtime();
        for (int i = 0; i < iters; i++)
            fn(arg);
        t = (MPI_Wtime() - t) / iters;
        MPI_Reduce(&t, &v[r], 1, MPI_DOUBLE, MPI_MAX, 0, comm);
    }
    qsort(v, (size_t)reps, sizeof *v, bench_cmp);
    double med = v[reps / 2];
    free(v);
    return med;
}

#endif
