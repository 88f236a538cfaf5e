/* Accumulate-class operations: MPI_Accumulate with several operations
 * (concurrent accumulates from every origin into every target must be
 * atomic per element, so the sums come out exact), vector datatypes and
 * MAXLOC pairs, MPI_Get_accumulate (with MPI_NO_OP as an atomic read and
 * MPI_REPLACE as an atomic swap), a fetch-and-op counter handing out
 * unique tickets, and a spin lock made of compare-and-swap protecting a
 * read-modify-write done with plain get and put. */
#include <stdbool.h>
#include <stdint.h>

#include "t.h"

#define N 1000 /* elements per window: more than one packet of doubles */
#define ROUNDS 20

static int rank, size;

/* Every rank adds to every element of every window, ROUNDS times, under
 * lock_all (shared: the accumulates really are concurrent). */
static void concurrent_sum(void)
{
    long *mem;
    MPI_Win win;
    T_OK(MPI_Win_allocate(N * sizeof(long), sizeof(long), MPI_INFO_NULL,
                          MPI_COMM_WORLD, &mem, &win));
    for (int i = 0; i < N; i++)
        mem[i] = i;
    long add[N];
    for (int i = 0; i < N; i++)
        add[i] = rank + 1;
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock_all(0, win));
    for (int k = 0; k < ROUNDS; k++)
        for (int t = 0; t < size; t++)
            T_OK(MPI_Accumulate(add, N, MPI_LONG, (t + rank) % size, 0, N,
                                MPI_LONG, MPI_SUM, win));
    T_OK(MPI_Win_unlock_all(win));
    t_barrier(MPI_COMM_WORLD);
    long want = (long)ROUNDS * size * (size + 1) / 2;
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += mem[i] != i + want;
    T_CHECK(bad == 0, "concurrent sums: %d wrong (mem[0]=%ld, want %ld)", bad,
            mem[0], want);
    T_OK(MPI_Win_free(&win));
}

/* MAX, MIN, PROD, BXOR, REPLACE under fence, into rank 0's window, and a
 * vector target: every other element of a doubles window. */
static void ops_fence(void)
{
    int mem[6];
    double dmem[2 * 8];
    MPI_Win win, dwin;
    T_OK(MPI_Win_create(mem, sizeof mem, sizeof(int), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    T_OK(MPI_Win_create(dmem, sizeof dmem, sizeof(double), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &dwin));
    mem[0] = -1000; /* MAX */
    mem[1] = 1000;  /* MIN */
    mem[2] = 1;     /* PROD */
    mem[3] = 0;     /* BXOR */
    mem[4] = -5;    /* REPLACE (only rank size-1 writes) */
    mem[5] = 0;     /* LOR */
    for (int i = 0; i < 16; i++)
        dmem[i] = i % 2 ? -1.0 : 0.5;
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Win_fence(0, dwin));
    int v = rank * 3 - 2, two = 2, bit = 1 << rank, t = 1;
    T_OK(MPI_Accumulate(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_MAX, win));
    T_OK(MPI_Accumulate(&v, 1, MPI_INT, 0, 1, 1, MPI_INT, MPI_MIN, win));
    T_OK(MPI_Accumulate(&two, 1, MPI_INT, 0, 2, 1, MPI_INT, MPI_PROD, win));
    T_OK(MPI_Accumulate(&bit, 1, MPI_INT, 0, 3, 1, MPI_INT, MPI_BXOR, win));
    if (rank == size - 1)
        T_OK(
            MPI_Accumulate(&v, 1, MPI_INT, 0, 4, 1, MPI_INT, MPI_REPLACE, win));
    T_OK(MPI_Accumulate(&t, 1, MPI_INT, 0, 5, 1, MPI_INT, MPI_LOR, win));
    MPI_Datatype every_other;
    T_OK(MPI_Type_vector(8, 1, 2, MPI_DOUBLE, &every_other));
    T_OK(MPI_Type_commit(&every_other));
    double ones[8];
    for (int i = 0; i < 8; i++)
        ones[i] = 1.0 + i;
    T_OK(MPI_Accumulate(ones, 8, MPI_DOUBLE, 0, 0, 1, every_other, MPI_SUM,
                        dwin));
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Win_fence(0, dwin));
    if (rank == 0) {
        T_CHECK(mem[0] == (size - 1) * 3 - 2, "MAX %d", mem[0]);
        T_CHECK(mem[1] == -2, "MIN %d", mem[1]);
        T_CHECK(mem[2] == 1 << size, "PROD %d", mem[2]);
        T_CHECK(mem[3] == (1 << size) - 1, "BXOR %d", mem[3]);
        T_CHECK(mem[4] == (size - 1) * 3 - 2, "REPLACE %d", mem[4]);
        T_CHECK(mem[5] == 1, "LOR %d", mem[5]);
        for (int i = 0; i < 8; i++) {
            T_CHECK(dmem[2 * i] == 0.5 + size * (1.0 + i), "vector SUM [%d] %g",
                    2 * i, dmem[2 * i]);
            T_CHECK(dmem[2 * i + 1] == -1.0, "vector SUM wrote between");
        }
    }
    MPI_Type_free(&every_other);
    T_OK(MPI_Win_free(&win));
    T_OK(MPI_Win_free(&dwin));
}

/* MAXLOC with MPI_DOUBLE_INT pairs: the largest value wins, ties go to the
 * lowest index. */
static void maxloc(void)
{
    struct {
        double v;
        int i;
    } mem[2], mine[2];
    MPI_Win win;
    T_OK(MPI_Win_create(mem, sizeof mem, sizeof mem[0], MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    mem[0].v = -1;
    mem[0].i = -1;
    mem[1].v = 100;
    mem[1].i = 77;
    mine[0].v = rank % 2; /* ties between the odd ranks */
    mine[0].i = rank;
    mine[1].v = 100; /* ties with what is there */
    mine[1].i = rank + 100;
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Accumulate(mine, 2, MPI_DOUBLE_INT, 0, 0, 2, MPI_DOUBLE_INT,
                        MPI_MAXLOC, win));
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    if (rank == 0) {
        double wantv = size > 1 ? 1 : 0;
        int wanti = size > 1 ? 1 : 0;
        T_CHECK(mem[0].v == wantv && mem[0].i == wanti, "MAXLOC (%g,%d)",
                mem[0].v, mem[0].i);
        T_CHECK(mem[1].v == 100 && mem[1].i == 77, "MAXLOC tie (%g,%d)",
                mem[1].v, mem[1].i);
    }
    T_OK(MPI_Win_free(&win));
}

/* A counter at the last rank: every rank takes ROUNDS tickets with
 * fetch-and-op; all tickets must be distinct and the counter exact.  Then
 * get_accumulate: a swap of whole arrays and an atomic read. */
static void fetch_ops(void)
{
    long counter = 0;
    int root = size - 1;
    MPI_Win win;
    T_OK(MPI_Win_create(&counter, sizeof counter, sizeof counter, MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    long one = 1, tickets[ROUNDS];
    T_OK(MPI_Win_lock_all(0, win));
    for (int k = 0; k < ROUNDS; k++) {
        T_OK(MPI_Fetch_and_op(&one, &tickets[k], MPI_LONG, root, 0, MPI_SUM,
                              win));
        T_OK(MPI_Win_flush(root, win));
    }
    T_OK(MPI_Win_unlock_all(win));
    /* Gather all tickets at rank 0 and check they are 0..total-1. */
    int total = ROUNDS * size;
    if (rank == 0) {
        char *seen = calloc((size_t)total, 1);
        long t[ROUNDS];
        for (int r = 0; r < size; r++) {
            if (r == 0)
                memcpy(t, tickets, sizeof t);
            else
                MPI_Recv(t, ROUNDS, MPI_LONG, r, 5, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            for (int k = 0; k < ROUNDS; k++) {
                T_CHECK(t[k] >= 0 && t[k] < total && !seen[t[k]],
                        "ticket %ld from %d repeated or out of range", t[k], r);
                if (t[k] >= 0 && t[k] < total)
                    seen[t[k]] = 1;
                if (k > 0)
                    T_CHECK(t[k] > t[k - 1], "tickets of %d not increasing", r);
            }
        }
        free(seen);
    } else {
        MPI_Send(tickets, ROUNDS, MPI_LONG, 0, 5, MPI_COMM_WORLD);
    }
    t_barrier(MPI_COMM_WORLD);
    if (rank == root)
        T_CHECK(counter == total, "counter %ld, want %d", counter, total);

    /* An atomic read with MPI_NO_OP (origin ignored: NULL is fine). */
    long seen = -1;
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, root, 0, win));
    T_OK(MPI_Fetch_and_op(NULL, &seen, MPI_LONG, root, 0, MPI_NO_OP, win));
    T_OK(MPI_Win_unlock(root, win));
    T_CHECK(seen == total, "NO_OP read %ld", seen);
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_free(&win));

    /* Swaps (MPI_REPLACE with the old values back) of whole rows into
     * rank 0's window, concurrently: per element, the old values all
     * ranks got back plus what is left must be every value written
     * (0, the initial one, and 1..size) exactly once. */
    int row[N], old[N], *mem = calloc(N, sizeof(int));
    T_OK(MPI_Win_create(mem, N * sizeof(int), sizeof(int), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    for (int i = 0; i < N; i++)
        row[i] = rank + 1;
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    T_OK(MPI_Get_accumulate(row, N, MPI_INT, old, N, MPI_INT, 0, 0, N, MPI_INT,
                            MPI_REPLACE, win));
    T_OK(MPI_Win_unlock(0, win));
    t_barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        int *count = calloc((size_t)N * (size_t)(size + 1), sizeof(int));
        int other[N];
        for (int r = 0; r < size; r++) {
            int *o = old;
            if (r > 0) {
                MPI_Recv(other, N, MPI_INT, r, 6, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                o = other;
            }
            for (int i = 0; i < N; i++)
                if (o[i] >= 0 && o[i] <= size)
                    count[i * (size + 1) + o[i]]++;
        }
        for (int i = 0; i < N; i++)
            if (mem[i] >= 0 && mem[i] <= size)
                count[i * (size + 1) + mem[i]]++;
        int bad = 0;
        for (int i = 0; i < N * (size + 1); i++)
            bad += count[i] != 1;
        T_CHECK(bad == 0, "swaps were not atomic: %d counts wrong", bad);
        free(count);
    } else {
        MPI_Send(old, N, MPI_INT, 0, 6, MPI_COMM_WORLD);
    }
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_free(&win));
    free(mem);
}

/* A spin lock at rank 0 made with compare-and-swap; inside it, each rank
 * increments a plain counter with get, flush, put: the lock must make
 * those increments exclusive. */
static void cas_lock(void)
{
    int mem[2] = {0, 0}; /* [0] the lock (0 free, r+1 held by r), [1] data */
    MPI_Win win;
    T_OK(MPI_Win_create(mem, sizeof mem, sizeof(int), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock_all(0, win));
    int me = rank + 1, zero = 0, prev;
    for (int k = 0; k < ROUNDS; k++) {
        for (;;) {
            T_OK(MPI_Compare_and_swap(&me, &zero, &prev, MPI_INT, 0, 0, win));
            T_OK(MPI_Win_flush(0, win));
            if (prev == 0)
                break;
        }
        int v = -1;
        T_OK(MPI_Get(&v, 1, MPI_INT, 0, 1, 1, MPI_INT, win));
        T_OK(MPI_Win_flush(0, win));
        v++;
        T_OK(MPI_Put(&v, 1, MPI_INT, 0, 1, 1, MPI_INT, win));
        T_OK(MPI_Win_flush(0, win));
        /* Release: swap our mark back to zero, checking it was ours. */
        T_OK(MPI_Compare_and_swap(&zero, &me, &prev, MPI_INT, 0, 0, win));
        T_OK(MPI_Win_flush(0, win));
        T_CHECK(prev == me, "the lock was %d while we held it", prev);
    }
    T_OK(MPI_Win_unlock_all(win));
    t_barrier(MPI_COMM_WORLD);
    if (rank == 0)
        T_CHECK(mem[1] == ROUNDS * size && mem[0] == 0,
                "CAS-locked counter %d (want %d), lock %d", mem[1],
                ROUNDS * size, mem[0]);
    T_OK(MPI_Win_free(&win));
}

/* Request-based accumulates. */
static void requests(void)
{
    int *mem = calloc(4, sizeof(int));
    MPI_Win win;
    T_OK(MPI_Win_create(mem, 4 * sizeof(int), sizeof(int), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    t_barrier(MPI_COMM_WORLD);
    int v[4] = {1, 2, 3, 4}, got[4];
    MPI_Request r[2];
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    T_OK(MPI_Raccumulate(v, 4, MPI_INT, 0, 0, 4, MPI_INT, MPI_SUM, win, &r[0]));
    T_OK(MPI_Wait(&r[0], MPI_STATUS_IGNORE));
    T_OK(MPI_Win_flush(0, win));
    T_OK(MPI_Rget_accumulate(NULL, 0, MPI_INT, got, 4, MPI_INT, 0, 0, 4,
                             MPI_INT, MPI_NO_OP, win, &r[1]));
    T_OK(MPI_Wait(&r[1], MPI_STATUS_IGNORE));
    T_OK(MPI_Win_unlock(0, win));
    for (int i = 0; i < 4; i++)
        T_CHECK(got[i] % (i + 1) == 0 && got[i] >= i + 1 &&
                    got[i] <= size * (i + 1),
                "Rget_accumulate got[%d]=%d", i, got[i]);
    t_barrier(MPI_COMM_WORLD);
    if (rank == 0)
        for (int i = 0; i < 4; i++)
            T_CHECK(mem[i] == size * (i + 1), "Raccumulate mem[%d]=%d", i,
                    mem[i]);
    T_OK(MPI_Win_free(&win));
    free(mem);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    concurrent_sum();
    ops_fence();
    maxloc();
    fetch_ops();
    cas_lock();
    requests();
    return t_finish("rma_acc");
}
