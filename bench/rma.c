/*
 * rma.c -- one-sided latency and bandwidth between two ranks, in the
 * manner of the OSU one-sided benchmarks: rank 0 is the origin, rank 1 the
 * target.  Every figure is "name bytes np value":
 *
 *   put_lat, get_lat   one operation then MPI_Win_flush, inside
 *                      MPI_Win_lock_all (microseconds per operation)
 *   acc_lat            MPI_Accumulate of doubles with MPI_SUM, then flush
 *   fop_lat, cas_lat   MPI_Fetch_and_op / MPI_Compare_and_swap of a long
 *   put_bw, get_bw     64 operations then one flush (MB/s)
 *   fence_put          a put between two fences, both ranks taking part
 *
 * over a window made by MPI_Win_allocate (the OSU default) and, for the
 * _c figures and cas_lat, MPI_Win_create over memory of the program's
 * own.  Plain
 * MPI: it builds against ftmpi, Open MPI and MPICH alike.
 *
 *   ftmpirun -n 2 build/bench/rma
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define REPS 7
#define TARGET_S 0.01
#define WINDOW 64
#define MAXSZ (1 << 20)

enum kind { PUT, GET, ACC, FOP, CAS, PUT_BW, GET_BW, FENCE_PUT };

struct arg {
    MPI_Win win;
    char *buf;
    int rank, size;
    enum kind kind;
};

static void one(void *p)
{
    struct arg *a = p;
    long one = 1, res, cmp = 0;
    if (a->kind == FENCE_PUT) {
        if (a->rank == 0)
            MPI_Put(a->buf, a->size, MPI_BYTE, 1, 0, a->size, MPI_BYTE,
                    a->win);
        MPI_Win_fence(0, a->win);
        return;
    }
    if (a->rank != 0)
        return; /* the target takes no part */
    switch (a->kind) {
    case PUT:
        MPI_Put(a->buf, a->size, MPI_BYTE, 1, 0, a->size, MPI_BYTE, a->win);
        break;
    case GET:
        MPI_Get(a->buf, a->size, MPI_BYTE, 1, 0, a->size, MPI_BYTE, a->win);
        break;
    case ACC:
        MPI_Accumulate(a->buf, a->size / 8, MPI_DOUBLE, 1, 0, a->size / 8,
                       MPI_DOUBLE, MPI_SUM, a->win);
        break;
    case FOP:
        MPI_Fetch_and_op(&one, &res, MPI_LONG, 1, 0, MPI_SUM, a->win);
        break;
    case CAS:
        MPI_Compare_and_swap(&one, &cmp, &res, MPI_LONG, 1, 0, a->win);
        break;
    case PUT_BW:
    case GET_BW:
        for (int i = 0; i < WINDOW; i++) {
            if (a->kind == PUT_BW)
                MPI_Put(a->buf, a->size, MPI_BYTE, 1, 0, a->size, MPI_BYTE,
                        a->win);
            else
                MPI_Get(a->buf, a->size, MPI_BYTE, 1, 0, a->size, MPI_BYTE,
                        a->win);
        }
        break;
    default:
        break;
    }
    MPI_Win_flush(1, a->win);
}

static void figure(struct arg *a, const char *name, enum kind k, int size)
{
    a->kind = k;
    a->size = size;
    if (k != FENCE_PUT && a->rank == 0)
        MPI_Win_lock_all(0, a->win);
    if (k == FENCE_PUT)
        MPI_Win_fence(0, a->win);
    double t = bench_time(MPI_COMM_WORLD, REPS, TARGET_S, one, a);
    if (k == FENCE_PUT)
        MPI_Win_fence(MPI_MODE_NOSUCCEED, a->win);
    else if (a->rank == 0)
        MPI_Win_unlock_all(a->win);
    if (a->rank != 0)
        return;
    if (k == PUT_BW || k == GET_BW)
        printf("%s %d 2 %.1f\n", name, size, (double)size * WINDOW / t / 1e6);
    else
        printf("%s %d 2 %.3f\n", name, size, t * 1e6);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    struct arg a;
    int np;
    MPI_Comm_rank(MPI_COMM_WORLD, &a.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    if (np != 2) {
        if (a.rank == 0)
            fprintf(stderr, "rma needs exactly 2 ranks\n");
        MPI_Finalize();
        return 1;
    }
    a.buf = malloc(MAXSZ);
    memset(a.buf, 1, MAXSZ);
    for (int create = 0; create < 2; create++) {
        char *mem, *own = NULL;
        if (create) {
            own = malloc(MAXSZ);
            MPI_Win_create(own, MAXSZ, 1, MPI_INFO_NULL, MPI_COMM_WORLD,
                           &a.win);
            mem = own;
        } else {
            MPI_Win_allocate(MAXSZ, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &mem,
                             &a.win);
        }
        memset(mem, 0, MAXSZ);
        MPI_Barrier(MPI_COMM_WORLD);
        static const int sizes[] = {8, 4096, 65536};
        for (int i = 0; i < 3; i++) {
            figure(&a, create ? "put_lat_c" : "put_lat", PUT, sizes[i]);
            figure(&a, create ? "get_lat_c" : "get_lat", GET, sizes[i]);
        }
        if (!create) {
            figure(&a, "acc_lat", ACC, 8);
            figure(&a, "acc_lat", ACC, 4096);
            figure(&a, "fop_lat", FOP, 8);
            figure(&a, "fence_put", FENCE_PUT, 8);
        }
        figure(&a, create ? "put_bw_c" : "put_bw", PUT_BW, 65536);
        figure(&a, create ? "get_bw_c" : "get_bw", GET_BW, 65536);
        /* Last: Open MPI 4.1 crashes here (osc/sm). */
        if (create)
            figure(&a, "cas_lat", CAS, 8);
        MPI_Win_free(&a.win);
        free(own);
    }
    free(a.buf);
    MPI_Finalize();
    return 0;
}
