/*
 * ft_solver -- an iterative solver that survives the death of a rank
 * (run it with ftmpirun --ft rebuild).
 *
 * It relaxes a 1-D heat equation on N points shared among the ranks.
 * Every CKPT iterations each rank saves its slice to a file; it keeps the
 * last two, because a rank may already have saved the next checkpoint
 * when a neighbour dies before reaching it (neighbours are never more
 * than a few iterations apart, far fewer than CKPT).  When an MPI
 * call fails because a rank died, the survivors recover MPI_COMM_WORLD;
 * the launcher has started a replacement, which joins the same recovery
 * right after MPI_Init; then everybody reloads the newest checkpoint all
 * of them have and carries on.  At the end rank 0 repeats the whole
 * computation alone and checks the answer.
 *
 *   FT_SOLVER_KILL=rank:iteration   that rank kills itself once, there
 *   FT_SOLVER_DIR=dir               where checkpoints go (default /tmp)
 *   FT_SOLVER_ITERS=n               iterations (default 400)
 *   FT_SOLVER_DELAY_US=us           sleep in each iteration (to give a
 *                                   test time to kill a rank from outside)
 */
#include <ftmpi.h>
#include <math.h>
#include <mpi.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 4096
static int ITERS = 400; /* FT_SOLVER_ITERS */
static int CKPT = 25;   /* a checkpoint every ITERS / 16 iterations */
static int DELAY_US;    /* FT_SOLVER_DELAY_US: stretch each iteration */

static int rank, size, lo, n;
static double *u, *v; /* local slice with one ghost cell each side */

/* The file of checkpoint slot (0 or 1) of rank r. */
static void ckpt_path(char *buf, size_t len, int r, int slot)
{
    const char *dir = getenv("FT_SOLVER_DIR");
    const char *job = getenv("FTMPI_JOBID");
    snprintf(buf, len, "%s/ft_solver.%s.%d.%d", dir ? dir : "/tmp",
             job ? job : "solo", r, slot);
}

/* Saves the slice as of iteration it. */
static void save(int it)
{
    char path[512], tmp[520];
    ckpt_path(path, sizeof path, rank, (it / CKPT) % 2);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    fwrite(&it, sizeof it, 1, f);
    fwrite(u + 1, sizeof *u, (size_t)n, f);
    fclose(f);
    rename(tmp, path); /* a checkpoint is whole or absent */
}

/* The iteration of the checkpoint in a slot, or 0. */
static int slot_iteration(int slot)
{
    char path[512];
    ckpt_path(path, sizeof path, rank, slot);
    FILE *f = fopen(path, "rb");
    int it = 0;
    if (f) {
        if (fread(&it, sizeof it, 1, f) != 1)
            it = 0;
        fclose(f);
    }
    return it;
}

/* The newest checkpoint this rank has, or 0 if none. */
static int saved_iteration(void)
{
    int a = slot_iteration(0), b = slot_iteration(1);
    return a > b ? a : b;
}

static void initial(double *a, int first, int count)
{
    for (int i = 0; i < count; i++) {
        double x = (double)(first + i) / (N - 1);
        a[i] = sin(3.14159265358979 * x) + 0.5 * sin(9.42477796076938 * x);
    }
}

/* Loads the checkpoint of iteration it (0: the initial state). */
static void load(int it)
{
    if (it == 0) {
        initial(u + 1, lo, n);
        return;
    }
    char path[512];
    ckpt_path(path, sizeof path, rank, (it / CKPT) % 2);
    FILE *f = fopen(path, "rb");
    int got = -1;
    if (!f || fread(&got, sizeof got, 1, f) != 1 || got != it ||
        fread(u + 1, sizeof *u, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "rank %d: checkpoint %d unreadable\n", rank, it);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    fclose(f);
}

static void step(double *a, double *b, int count)
{
    for (int i = 1; i <= count; i++)
        b[i] = a[i] + 0.25 * (a[i - 1] - 2 * a[i] + a[i + 1]);
}

/* One iteration: exchange ghost cells, relax.  Returns an MPI code. */
static int iterate(MPI_Comm comm)
{
    int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    u[0] = u[n + 1] = 0; /* fixed ends */
    int rc = MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[n + 1], 1,
                          MPI_DOUBLE, right, 0, comm, MPI_STATUS_IGNORE);
    if (rc == MPI_SUCCESS)
        rc = MPI_Sendrecv(&u[n], 1, MPI_DOUBLE, right, 1, &u[0], 1,
                          MPI_DOUBLE, left, 1, comm, MPI_STATUS_IGNORE);
    if (rc != MPI_SUCCESS)
        return rc;
    step(u, v, n);
    double *t = u;
    u = v;
    v = t;
    return MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    lo = (int)((long)N * rank / size);
    n = (int)((long)N * (rank + 1) / size) - lo;
    u = calloc((size_t)n + 2, sizeof *u);
    v = calloc((size_t)n + 2, sizeof *v);
    if (getenv("FT_SOLVER_ITERS"))
        ITERS = atoi(getenv("FT_SOLVER_ITERS"));
    if (getenv("FT_SOLVER_DELAY_US"))
        DELAY_US = atoi(getenv("FT_SOLVER_DELAY_US"));
    CKPT = ITERS / 16 > 0 ? ITERS / 16 : 1;
    int kill_rank = -1, kill_it = -1;
    const char *k = getenv("FT_SOLVER_KILL");
    if (k)
        sscanf(k, "%d:%d", &kill_rank, &kill_it);

    int replacement = 0, incarnation = 0, recoveries = 0;
    FTMPI_Is_replacement(&replacement, &incarnation);
    MPI_Comm comm = MPI_COMM_WORLD;
    int it = 0;
    bool recover = replacement;
    if (!replacement)
        load(0);
    while (it < ITERS || recover) {
        if (recover) {
            /* Everybody, replacements included, repairs the world and
             * restarts from the newest checkpoint that all ranks have. */
            MPI_Comm fresh;
            if (FTMPI_Comm_recover(MPI_COMM_WORLD, &fresh) != MPI_SUCCESS)
                MPI_Abort(MPI_COMM_WORLD, 3);
            if (comm != MPI_COMM_WORLD)
                MPI_Comm_free(&comm);
            comm = fresh;
            MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
            int mine = saved_iteration(), all;
            if (MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, comm) !=
                MPI_SUCCESS)
                continue; /* another failure: recover again */
            it = all;
            load(it);
            recover = false;
            recoveries++;
            continue;
        }
        if (rank == kill_rank && it == kill_it && incarnation == 0)
            raise(SIGKILL);
        if (DELAY_US)
            usleep((useconds_t)DELAY_US);
        if (iterate(comm) != MPI_SUCCESS) {
            recover = true;
            continue;
        }
        it++;
        if (it % CKPT == 0)
            save(it);
    }

    /* The answer: the sum of the field, checked against a serial run. */
    double local = 0, total = 0;
    for (int i = 1; i <= n; i++)
        local += u[i];
    MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, comm);
    int status = 0;
    if (rank == 0) {
        double *a = calloc(N + 2, sizeof *a), *b = calloc(N + 2, sizeof *b);
        initial(a + 1, 0, N);
        for (int i = 0; i < ITERS; i++) {
            a[0] = a[N + 1] = 0;
            step(a, b, N);
            double *t = a;
            a = b;
            b = t;
        }
        double serial = 0;
        for (int i = 1; i <= N; i++)
            serial += a[i];
        bool ok = fabs(serial - total) <= 1e-9 * fabs(serial);
        printf("ft_solver: %d ranks, %d iterations, %d recover%s, sum %.12f, "
               "serial %.12f: %s\n",
               size, ITERS, recoveries, recoveries == 1 ? "y" : "ies", total,
               serial, ok ? "correct" : "WRONG");
        status = ok ? 0 : 1;
        free(a);
        free(b);
    }
    char path[512];
    for (int slot = 0; slot < 2; slot++) {
        ckpt_path(path, sizeof path, rank, slot);
        remove(path);
    }
    if (comm != MPI_COMM_WORLD)
        MPI_Comm_free(&comm);
    free(u);
    free(v);
    MPI_Finalize();
    return status;
}
