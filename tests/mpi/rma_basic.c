/* One-sided communication, every synchronization mode with data checked:
 * fence with put and get (contiguous and vector datatypes at either end),
 * post/start/complete/wait (and MPI_Win_test), lock/unlock exclusive and
 * shared, lock_all with request-based operations and the flushes, and
 * windows made by MPI_Win_create and MPI_Win_allocate (on one host: one
 * shared mapping); plus the window's attributes, group, name and hints.
 * Run with FTMPI_SHM_CMA=0 too, so the same checks go through active
 * messages instead of single copy. */
#include <stdbool.h>
#include <stdint.h>

#include "t.h"

#define N 64

static int rank, size;

static int val(int owner, int writer, int i)
{
    return owner * 1000000 + writer * 10000 + i;
}

/* Fence: everybody puts its row into the next rank's window and gets the
 * previous rank's window, then checks. */
static void fence_put_get(MPI_Win win, int *mem)
{
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    int src[N], got[N];
    for (int i = 0; i < N; i++) {
        mem[i] = val(rank, rank, i);
        src[i] = val(next, rank, i);
    }
    T_OK(MPI_Win_fence(MPI_MODE_NOPRECEDE, win));
    /* The first half in one put, the rest element by element. */
    T_OK(MPI_Put(src, N / 2, MPI_INT, next, 0, N / 2, MPI_INT, win));
    for (int i = N / 2; i < N; i++)
        T_OK(MPI_Put(&src[i], 1, MPI_INT, next, i, 1, MPI_INT, win));
    T_OK(MPI_Win_fence(0, win));
    for (int i = 0; i < N; i++)
        T_CHECK(mem[i] == val(rank, prev, i), "fence put: mem[%d]=%d", i,
                mem[i]);
    T_OK(MPI_Get(got, N, MPI_INT, prev, 0, N, MPI_INT, win));
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    int pprev = (prev + size - 1) % size;
    for (int i = 0; i < N; i++)
        T_CHECK(got[i] == val(prev, pprev, i), "fence get: got[%d]=%d", i,
                got[i]);
}

/* Non-contiguous datatypes at both ends: a vector of every other int at
 * the origin lands as a vector of every third int at the target. */
static void fence_vectors(MPI_Win win, int *mem)
{
    MPI_Datatype ov, tv;
    T_OK(MPI_Type_vector(N / 4, 1, 2, MPI_INT, &ov));
    T_OK(MPI_Type_vector(N / 4, 1, 3, MPI_INT, &tv));
    T_OK(MPI_Type_commit(&ov));
    T_OK(MPI_Type_commit(&tv));
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    int src[N], got[N];
    for (int i = 0; i < N; i++) {
        mem[i] = -1;
        src[i] = val(next, rank, i);
        got[i] = -7;
    }
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Put(src, 1, ov, next, 1, 1, tv, win));
    T_OK(MPI_Win_fence(0, win));
    for (int k = 0; k < N / 4; k++)
        T_CHECK(mem[1 + 3 * k] == val(rank, prev, 2 * k),
                "vector put: mem[%d]=%d", 1 + 3 * k, mem[1 + 3 * k]);
    T_CHECK(mem[0] == -1 && mem[2] == -1, "vector put wrote between");
    /* And back: the strided target into a strided origin. */
    T_OK(MPI_Get(got, 1, ov, prev, 1, 1, tv, win));
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    int pprev = (prev + size - 1) % size;
    for (int k = 0; k < N / 4; k++)
        T_CHECK(got[2 * k] == val(prev, pprev, 2 * k), "vector get: got[%d]=%d",
                2 * k, got[2 * k]);
    T_CHECK(got[1] == -7, "vector get wrote between");
    MPI_Type_free(&ov);
    MPI_Type_free(&tv);
}

/* Post/start/complete/wait: even ranks expose, odd ranks access the
 * even rank below them (a ring when size is 1: a process to itself). */
static void pscw(MPI_Win win, int *mem)
{
    MPI_Group world, g;
    MPI_Win_get_group(win, &world);
    for (int i = 0; i < N; i++)
        mem[i] = 0;
    t_barrier(MPI_COMM_WORLD);
    bool exposer = rank % 2 == 0;
    int partner = exposer ? rank + 1 : rank - 1;
    if (size == 1)
        partner = 0;
    if (partner < size) {
        int data[N];
        for (int i = 0; i < N; i++)
            data[i] = val(partner, rank, i);
        T_OK(MPI_Group_incl(world, 1, &partner, &g));
        if (exposer || size == 1) {
            T_OK(MPI_Win_post(g, 0, win));
        }
        if (!exposer || size == 1) {
            T_OK(MPI_Win_start(g, 0, win));
            T_OK(MPI_Put(data, N, MPI_INT, partner, 0, N, MPI_INT, win));
            T_OK(MPI_Win_complete(win));
        }
        if (exposer || size == 1) {
            int flag = 0;
            /* Test until the access epoch ends, or wait. */
            if (rank == 0) {
                while (!flag)
                    T_OK(MPI_Win_test(win, &flag));
            } else {
                T_OK(MPI_Win_wait(win));
            }
            for (int i = 0; i < N; i++)
                T_CHECK(mem[i] == val(rank, partner, i), "pscw mem[%d]=%d", i,
                        mem[i]);
        }
        MPI_Group_free(&g);
    }
    MPI_Group_free(&world);
    t_barrier(MPI_COMM_WORLD);
}

/* Exclusive locks: every rank adds its rank+1 to a counter at rank 0 by
 * get, add, put under an exclusive lock, so updates cannot interleave. */
static void lock_exclusive(MPI_Win win, int *mem)
{
    mem[0] = 0;
    t_barrier(MPI_COMM_WORLD);
    for (int k = 0; k < 20; k++) {
        int v = -1;
        T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
        T_OK(MPI_Get(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, win));
        T_OK(MPI_Win_flush(0, win));
        v += rank + 1;
        T_OK(MPI_Put(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, win));
        T_OK(MPI_Win_unlock(0, win));
    }
    t_barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        T_OK(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
        int want = 20 * size * (size + 1) / 2;
        T_CHECK(mem[0] == want, "exclusive counter %d, want %d", mem[0], want);
        T_OK(MPI_Win_unlock(0, win));
    }
    t_barrier(MPI_COMM_WORLD);
}

/* Shared locks and lock_all: every rank writes its slot of every window,
 * with request-based puts, then reads all back with Rget after a flush. */
static void lock_all_requests(MPI_Win win, int *mem)
{
    for (int i = 0; i < N; i++)
        mem[i] = -1;
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock_all(0, win));
    MPI_Request *req = malloc(sizeof *req * (size_t)size);
    int me = val(0, rank, 0);
    for (int t = 0; t < size; t++)
        T_OK(MPI_Rput(&me, 1, MPI_INT, t, rank, 1, MPI_INT, win, &req[t]));
    T_OK(MPI_Waitall(size, req, MPI_STATUSES_IGNORE));
    T_OK(MPI_Win_flush_all(win));
    T_OK(MPI_Win_unlock_all(win));
    t_barrier(MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
        T_CHECK(mem[r] == val(0, r, 0), "lock_all put: mem[%d]=%d", r, mem[r]);
    /* Read everybody's slots under shared locks, one target at a time. */
    int *got = malloc(sizeof *got * (size_t)size);
    for (int t = 0; t < size; t++) {
        T_OK(MPI_Win_lock(MPI_LOCK_SHARED, t, 0, win));
        MPI_Request r;
        T_OK(MPI_Rget(got, size, MPI_INT, t, 0, size, MPI_INT, win, &r));
        T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
        T_OK(MPI_Win_flush_local(t, win));
        T_OK(MPI_Win_unlock(t, win));
        for (int k = 0; k < size; k++)
            T_CHECK(got[k] == val(0, k, 0), "lock get from %d: got[%d]=%d", t,
                    k, got[k]);
    }
    /* MPI_PROC_NULL is a valid target: nothing happens. */
    T_OK(MPI_Win_lock_all(MPI_MODE_NOCHECK, win));
    MPI_Request r;
    T_OK(MPI_Rput(&me, 1, MPI_INT, MPI_PROC_NULL, 0, 1, MPI_INT, win, &r));
    T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
    T_OK(MPI_Put(&me, 1, MPI_INT, MPI_PROC_NULL, 0, 1, MPI_INT, win));
    T_OK(MPI_Win_flush_local_all(win));
    T_OK(MPI_Win_unlock_all(win));
    free(got);
    free(req);
    t_barrier(MPI_COMM_WORLD);
}

/* A large transfer (several packets when it travels by messages), with a
 * flush in the middle of a lock epoch. */
static void large(MPI_Win win, double *mem, int n)
{
    double *buf = malloc(sizeof *buf * (size_t)n);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    for (int i = 0; i < n; i++) {
        mem[i] = 0;
        buf[i] = rank * 1e6 + i;
    }
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, next, 0, win));
    T_OK(MPI_Put(buf, n, MPI_DOUBLE, next, 0, n, MPI_DOUBLE, win));
    T_OK(MPI_Win_flush(next, win));
    for (int i = 0; i < n; i++)
        buf[i] = -1;
    T_OK(MPI_Get(buf, n, MPI_DOUBLE, next, 0, n, MPI_DOUBLE, win));
    T_OK(MPI_Win_unlock(next, win));
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += buf[i] != rank * 1e6 + i;
    T_CHECK(bad == 0, "large get back: %d wrong", bad);
    t_barrier(MPI_COMM_WORLD);
    bad = 0;
    for (int i = 0; i < n; i++)
        bad += mem[i] != prev * 1e6 + i;
    T_CHECK(bad == 0, "large put: %d wrong", bad);
    free(buf);
    t_barrier(MPI_COMM_WORLD);
}

static void attributes(MPI_Win win, void *base, MPI_Aint bytes, int flavor)
{
    void *b = NULL;
    MPI_Aint *sz = NULL;
    int *du = NULL, *fl = NULL, *model = NULL, flag = 0;
    T_OK(MPI_Win_get_attr(win, MPI_WIN_BASE, &b, &flag));
    T_CHECK(flag && b == base, "MPI_WIN_BASE %p, want %p", b, base);
    T_OK(MPI_Win_get_attr(win, MPI_WIN_SIZE, &sz, &flag));
    T_CHECK(flag && *sz == bytes, "MPI_WIN_SIZE %ld", (long)*sz);
    T_OK(MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &du, &flag));
    T_CHECK(flag && *du == (int)sizeof(int), "MPI_WIN_DISP_UNIT %d", *du);
    T_OK(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &fl, &flag));
    T_CHECK(flag && *fl == flavor, "MPI_WIN_CREATE_FLAVOR %d", *fl);
    T_OK(MPI_Win_get_attr(win, MPI_WIN_MODEL, &model, &flag));
    T_CHECK(flag && *model == MPI_WIN_UNIFIED, "MPI_WIN_MODEL %d", *model);

    /* A keyval of our own, with a delete callback counted at free. */
    int kv;
    T_OK(MPI_Win_create_keyval(MPI_WIN_NULL_COPY_FN, MPI_WIN_NULL_DELETE_FN,
                               &kv, NULL));
    T_OK(MPI_Win_set_attr(win, kv, (void *)&rank));
    void *v = NULL;
    T_OK(MPI_Win_get_attr(win, kv, &v, &flag));
    T_CHECK(flag && v == &rank, "own attribute");
    T_OK(MPI_Win_delete_attr(win, kv));
    T_OK(MPI_Win_get_attr(win, kv, &v, &flag));
    T_CHECK(!flag, "deleted attribute still there");
    T_OK(MPI_Win_free_keyval(&kv));

    char name[MPI_MAX_OBJECT_NAME];
    int len = -1;
    T_OK(MPI_Win_get_name(win, name, &len));
    T_CHECK(len == 0, "default name has length %d", len);
    T_OK(MPI_Win_set_name(win, "my window"));
    T_OK(MPI_Win_get_name(win, name, &len));
    T_CHECK(strcmp(name, "my window") == 0, "name %s", name);

    MPI_Group g, wg;
    int cmp = -1;
    T_OK(MPI_Win_get_group(win, &g));
    MPI_Comm_group(MPI_COMM_WORLD, &wg);
    MPI_Group_compare(g, wg, &cmp);
    T_CHECK(cmp == MPI_IDENT, "window group compares %d", cmp);
    MPI_Group_free(&g);
    MPI_Group_free(&wg);

    MPI_Info info, used;
    MPI_Info_create(&info);
    MPI_Info_set(info, "no_locks", "false");
    T_OK(MPI_Win_set_info(win, info));
    T_OK(MPI_Win_get_info(win, &used));
    char value[64];
    MPI_Info_get(used, "no_locks", sizeof value - 1, value, &flag);
    T_CHECK(flag && strcmp(value, "false") == 0, "hint lost");
    MPI_Info_free(&info);
    MPI_Info_free(&used);

    MPI_Fint f = MPI_Win_c2f(win);
    T_CHECK(f != 0 && MPI_Win_f2c(f) == win, "c2f/f2c round trip");
    T_CHECK(MPI_Win_c2f(MPI_WIN_NULL) == 0, "MPI_WIN_NULL is 0");
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    /* MPI_Win_create over memory of ours. */
    int *mem = calloc(N, sizeof *mem);
    MPI_Win win;
    T_OK(MPI_Win_create(mem, N * sizeof *mem, sizeof *mem, MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    attributes(win, mem, N * sizeof *mem, MPI_WIN_FLAVOR_CREATE);
    fence_put_get(win, mem);
    fence_vectors(win, mem);
    pscw(win, mem);
    lock_exclusive(win, mem);
    lock_all_requests(win, mem);
    T_OK(MPI_Win_free(&win));
    T_CHECK(win == MPI_WIN_NULL, "MPI_Win_free left the handle");

    /* MPI_Win_allocate, with a large transfer. */
    int n = 50000;
    double *dm = NULL;
    T_OK(MPI_Win_allocate(n * (MPI_Aint)sizeof(double), sizeof(double),
                          MPI_INFO_NULL, MPI_COMM_WORLD, &dm, &win));
    T_CHECK(dm != NULL && ((uintptr_t)dm % 16) == 0, "allocated base %p",
            (void *)dm);
    large(win, dm, n);
    /* The same over memory of ours: single copy rather than a mapping. */
    double *own = malloc(n * sizeof(double));
    MPI_Win cwin;
    T_OK(MPI_Win_create(own, n * (MPI_Aint)sizeof(double), sizeof(double),
                        MPI_INFO_NULL, MPI_COMM_WORLD, &cwin));
    large(cwin, own, n);
    T_OK(MPI_Win_free(&cwin));
    free(own);
    /* A fence epoch that was opened and never used is closed by a lock. */
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win));
    T_OK(MPI_Win_unlock(rank, win));
    T_OK(MPI_Win_free(&win));
    free(mem);
    return t_finish("rma_basic");
}
