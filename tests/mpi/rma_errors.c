/* One-sided calls with bad arguments or in the wrong epoch: each returns
 * the right error class through the window's error handler (or the
 * communicator's, for the calls that make windows), with a message that
 * names the function and the argument.  With the argument "fatal", an
 * error on a window whose handler was never changed ends the job (the
 * default is MPI_ERRORS_ARE_FATAL). */
#include <stdbool.h>
#include <stdint.h>

#include "t.h"

static int rank, size;
static int handler_calls;
static MPI_Win handler_win;

static void win_handler(MPI_Win *w, int *code, ...)
{
    handler_calls++;
    handler_win = *w;
    (void)code;
}

static void user_op(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)in;
    (void)inout;
    (void)len;
    (void)dt;
}

/* Checks that the message of code mentions both words. */
static void says(int code, const char *a, const char *b)
{
    char s[MPI_MAX_ERROR_STRING];
    int n;
    MPI_Error_string(code, s, &n);
    T_CHECK(strstr(s, a) && strstr(s, b), "message \"%s\" lacks %s or %s", s, a,
            b);
}

static void creation(void)
{
    int mem[4];
    MPI_Win win;
    void *base;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    T_ERRCLASS(MPI_Win_create(mem, -1, 4, MPI_INFO_NULL, MPI_COMM_WORLD, &win),
               MPI_ERR_SIZE);
    T_ERRCLASS(MPI_Win_create(mem, 16, 0, MPI_INFO_NULL, MPI_COMM_WORLD, &win),
               MPI_ERR_DISP);
    T_ERRCLASS(MPI_Win_create(NULL, 16, 4, MPI_INFO_NULL, MPI_COMM_WORLD, &win),
               MPI_ERR_BASE);
    T_ERRCLASS(MPI_Win_create(mem, 16, 4, MPI_INFO_NULL, MPI_COMM_NULL, &win),
               MPI_ERR_COMM);
    T_ERRCLASS(MPI_Win_create(mem, 16, 4, (MPI_Info)mem, MPI_COMM_WORLD, &win),
               MPI_ERR_INFO);
    T_ERRCLASS(MPI_Win_create(mem, 16, 4, MPI_INFO_NULL, MPI_COMM_WORLD, NULL),
               MPI_ERR_ARG);
    T_ERRCLASS(
        MPI_Win_allocate(16, 4, MPI_INFO_NULL, MPI_COMM_WORLD, NULL, &win),
        MPI_ERR_ARG);
    T_ERRCLASS(MPI_Win_allocate_shared(-5, 4, MPI_INFO_NULL, MPI_COMM_WORLD,
                                       &base, &win),
               MPI_ERR_SIZE);
    /* A handle that is not a window. */
    T_ERRCLASS(MPI_Win_fence(0, (MPI_Win)mem), MPI_ERR_WIN);
    T_ERRCLASS(MPI_Win_fence(0, MPI_WIN_NULL), MPI_ERR_WIN);
    MPI_Win null = MPI_WIN_NULL;
    T_ERRCLASS(MPI_Win_free(&null), MPI_ERR_WIN);
}

static void arguments(MPI_Win win)
{
    int v[4] = {0}, r = -1;
    T_OK(MPI_Win_fence(0, win));
    int code = MPI_Put(v, 1, MPI_INT, size, 0, 1, MPI_INT, win);
    T_ERRCLASS(code, MPI_ERR_RANK);
    says(code, "MPI_Put", "target_rank");
    code = MPI_Put(v, 1, MPI_INT, 0, -1, 1, MPI_INT, win);
    T_ERRCLASS(code, MPI_ERR_DISP);
    says(code, "MPI_Put", "target_disp");
    code = MPI_Put(v, 1, MPI_INT, 0, 3, 2, MPI_INT, win);
    T_ERRCLASS(code, MPI_ERR_RMA_RANGE);
    says(code, "MPI_Put", "outside");
    T_ERRCLASS(MPI_Get(v, 1, MPI_INT, 0, 4, 1, MPI_INT, win),
               MPI_ERR_RMA_RANGE);
    T_ERRCLASS(MPI_Put(v, -1, MPI_INT, 0, 0, 1, MPI_INT, win), MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Put(v, 1, MPI_INT, 0, 0, -1, MPI_INT, win), MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Put(v, 1, MPI_DATATYPE_NULL, 0, 0, 1, MPI_INT, win),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Put(NULL, 1, MPI_INT, 0, 0, 1, MPI_INT, win),
               MPI_ERR_BUFFER);
    MPI_Datatype vec;
    MPI_Type_vector(2, 1, 2, MPI_INT, &vec);
    T_ERRCLASS(MPI_Put(v, 1, vec, 0, 0, 1, MPI_INT, win), MPI_ERR_TYPE);
    MPI_Type_commit(&vec);
    /* 2 ints into 1: the signatures differ. */
    T_ERRCLASS(MPI_Put(v, 1, vec, 0, 0, 1, MPI_INT, win), MPI_ERR_TYPE);
    MPI_Type_free(&vec);

    /* Accumulates. */
    T_ERRCLASS(
        MPI_Accumulate(v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_OP_NULL, win),
        MPI_ERR_OP);
    double d = 1;
    T_ERRCLASS(
        MPI_Accumulate(&d, 1, MPI_DOUBLE, 0, 0, 1, MPI_DOUBLE, MPI_BAND, win),
        MPI_ERR_OP);
    MPI_Op mine;
    T_OK(MPI_Op_create(user_op, 1, &mine));
    int ucode = MPI_Accumulate(v, 1, MPI_INT, 0, 0, 1, MPI_INT, mine, win);
    T_ERRCLASS(ucode, MPI_ERR_OP);
    says(ucode, "MPI_Accumulate", "user-defined");
    MPI_Op_free(&mine);
    T_ERRCLASS(MPI_Accumulate(v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_NO_OP, win),
               MPI_ERR_OP);
    T_ERRCLASS(MPI_Accumulate(v, 2, MPI_SHORT, 0, 0, 1, MPI_INT, MPI_SUM, win),
               MPI_ERR_TYPE);
    MPI_Datatype mixed;
    int bl[2] = {1, 1};
    MPI_Aint disp[2] = {0, 4};
    MPI_Datatype types[2] = {MPI_INT, MPI_FLOAT};
    MPI_Type_create_struct(2, bl, disp, types, &mixed);
    MPI_Type_commit(&mixed);
    T_ERRCLASS(MPI_Accumulate(v, 1, mixed, 0, 0, 1, mixed, MPI_SUM, win),
               MPI_ERR_TYPE);
    MPI_Type_free(&mixed);
    T_ERRCLASS(MPI_Compare_and_swap(&d, &d, &d, MPI_DOUBLE, 0, 0, win),
               MPI_ERR_TYPE);
    MPI_Datatype two;
    MPI_Type_contiguous(2, MPI_INT, &two);
    MPI_Type_commit(&two);
    T_ERRCLASS(MPI_Fetch_and_op(v, &r, two, 0, 0, MPI_SUM, win), MPI_ERR_TYPE);
    MPI_Type_free(&two);
    T_ERRCLASS(MPI_Fetch_and_op(NULL, &r, MPI_INT, 0, 0, MPI_SUM, win),
               MPI_ERR_BUFFER);
    T_OK(MPI_Fetch_and_op(NULL, &r, MPI_INT, 0, 0, MPI_NO_OP, win));

    /* Request-based operations need a passive-target epoch. */
    MPI_Request req;
    T_ERRCLASS(MPI_Rput(v, 1, MPI_INT, 0, 0, 1, MPI_INT, win, &req),
               MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Rget(v, 1, MPI_INT, 0, 0, 1, MPI_INT, win, NULL),
               MPI_ERR_ARG);
    /* Assertions a call does not take. */
    T_ERRCLASS(MPI_Win_fence(MPI_MODE_NOCHECK, win), MPI_ERR_ASSERT);
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_SHARED, 0, MPI_MODE_NOPUT, win),
               MPI_ERR_ASSERT);
    T_ERRCLASS(MPI_Win_lock_all(MPI_MODE_NOSTORE, win), MPI_ERR_ASSERT);
    T_ERRCLASS(MPI_Win_lock(12345, 0, 0, win), MPI_ERR_LOCKTYPE);
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_SHARED, size, 0, win), MPI_ERR_RANK);
    MPI_Group g;
    MPI_Win_get_group(win, &g);
    T_ERRCLASS(MPI_Win_start(g, MPI_MODE_NOPUT, win), MPI_ERR_ASSERT);
    T_ERRCLASS(MPI_Win_post(g, MPI_MODE_NOPRECEDE, win), MPI_ERR_ASSERT);
    T_ERRCLASS(MPI_Win_start(MPI_GROUP_NULL, 0, win), MPI_ERR_GROUP);
    MPI_Group_free(&g);
    /* Flavor-specific calls. */
    MPI_Aint sz;
    int du;
    void *b;
    T_ERRCLASS(MPI_Win_shared_query(win, 0, &sz, &du, &b), MPI_ERR_RMA_FLAVOR);
    T_ERRCLASS(MPI_Win_attach(win, v, 4), MPI_ERR_RMA_FLAVOR);
}

static void epochs(MPI_Win win)
{
    int v = 1;
    /* No epoch at all. */
    int code = MPI_Put(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, win);
    T_ERRCLASS(code, MPI_ERR_RMA_SYNC);
    says(code, "MPI_Put", "epoch");
    T_ERRCLASS(MPI_Accumulate(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_SUM, win),
               MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_unlock(0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_unlock_all(win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_complete(win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_wait(win), MPI_ERR_RMA_SYNC);
    int flag;
    T_ERRCLASS(MPI_Win_test(win, &flag), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_flush(0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_flush_all(win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_flush_local(0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_flush_local_all(win), MPI_ERR_RMA_SYNC);

    /* Inside a lock on ourselves. */
    T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, rank, 0, win));
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_lock_all(0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_fence(0, win), MPI_ERR_RMA_SYNC);
    MPI_Group g;
    MPI_Win_get_group(win, &g);
    T_ERRCLASS(MPI_Win_start(g, 0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_free(&win), MPI_ERR_RMA_SYNC);
    T_CHECK(win != MPI_WIN_NULL, "a refused free cleared the handle");
    if (size > 1) {
        int other = (rank + 1) % size;
        T_ERRCLASS(MPI_Put(&v, 1, MPI_INT, other, 0, 1, MPI_INT, win),
                   MPI_ERR_RMA_SYNC);
        T_ERRCLASS(MPI_Win_flush(other, win), MPI_ERR_RMA_SYNC);
    }
    T_OK(MPI_Win_unlock(rank, win));

    /* lock_all forbids lock. */
    T_OK(MPI_Win_lock_all(0, win));
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_lock_all(0, win), MPI_ERR_RMA_SYNC);
    T_OK(MPI_Win_unlock_all(win));

    /* A fence epoch with operations must be closed by a fence. */
    T_OK(MPI_Win_fence(0, win));
    T_OK(MPI_Put(&v, 1, MPI_INT, rank, 0, 1, MPI_INT, win));
    T_ERRCLASS(MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win), MPI_ERR_RMA_SYNC);
    T_ERRCLASS(MPI_Win_post(g, 0, win), MPI_ERR_RMA_SYNC);
    T_OK(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    T_ERRCLASS(MPI_Put(&v, 1, MPI_INT, rank, 0, 1, MPI_INT, win),
               MPI_ERR_RMA_SYNC);

    /* An access epoch to ourselves only: other targets are not in it. */
    MPI_Group self_g;
    MPI_Group_incl(g, 1, &rank, &self_g);
    T_OK(MPI_Win_post(self_g, 0, win));
    T_ERRCLASS(MPI_Win_post(self_g, 0, win), MPI_ERR_RMA_SYNC);
    T_OK(MPI_Win_start(self_g, 0, win));
    T_ERRCLASS(MPI_Win_start(self_g, 0, win), MPI_ERR_RMA_SYNC);
    if (size > 1)
        T_ERRCLASS(
            MPI_Put(&v, 1, MPI_INT, (rank + 1) % size, 0, 1, MPI_INT, win),
            MPI_ERR_RMA_SYNC);
    T_OK(MPI_Put(&v, 1, MPI_INT, rank, 0, 1, MPI_INT, win));
    T_ERRCLASS(MPI_Win_lock_all(0, win), MPI_ERR_RMA_SYNC);
    T_OK(MPI_Win_complete(win));
    T_OK(MPI_Win_wait(win));
    MPI_Group_free(&self_g);
    MPI_Group_free(&g);

    /* A group with a process outside the window. */
    if (size > 1) {
        MPI_Win sw;
        int x;
        T_OK(
            MPI_Win_create(&x, sizeof x, 1, MPI_INFO_NULL, MPI_COMM_SELF, &sw));
        MPI_Win_set_errhandler(sw, MPI_ERRORS_RETURN);
        MPI_Group wg, other;
        MPI_Comm_group(MPI_COMM_WORLD, &wg);
        int o = (rank + 1) % size;
        MPI_Group_incl(wg, 1, &o, &other);
        T_ERRCLASS(MPI_Win_start(other, 0, sw), MPI_ERR_GROUP);
        MPI_Group_free(&other);
        MPI_Group_free(&wg);
        T_OK(MPI_Win_free(&sw));
    }
}

static void attributes_and_handlers(MPI_Win win)
{
    int x = 0;
    T_ERRCLASS(MPI_Win_set_attr(win, MPI_WIN_BASE, &x), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Win_delete_attr(win, MPI_WIN_SIZE), MPI_ERR_KEYVAL);
    void *v;
    int flag;
    T_ERRCLASS(MPI_Win_get_attr(win, MPI_TAG_UB, &v, &flag), MPI_ERR_KEYVAL);
    int ck;
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN, &ck,
                           NULL);
    T_ERRCLASS(MPI_Win_set_attr(win, ck, &x), MPI_ERR_KEYVAL);
    MPI_Comm_free_keyval(&ck);
    int kv = MPI_WIN_MODEL;
    T_ERRCLASS(MPI_Win_free_keyval(&kv), MPI_ERR_KEYVAL);

    /* A user handler sees the window and is called once per error. */
    MPI_Errhandler eh, got;
    T_OK(MPI_Win_create_errhandler(win_handler, &eh));
    /* A communicator handler is not a window handler, and back. */
    MPI_Errhandler ceh;
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &ceh);
    T_OK(MPI_Win_set_errhandler(win, ceh)); /* predefined: fine */
    MPI_Errhandler_free(&ceh);
    T_ERRCLASS(MPI_Comm_set_errhandler(MPI_COMM_WORLD, eh), MPI_ERR_ARG);
    T_OK(MPI_Win_set_errhandler(win, eh));
    T_OK(MPI_Win_get_errhandler(win, &got));
    T_CHECK(got == eh, "get_errhandler returned another handler");
    MPI_Errhandler_free(&got);
    int v1 = 1;
    MPI_Put(&v1, 1, MPI_INT, 0, 0, 1, MPI_INT, win); /* no epoch */
    T_CHECK(handler_calls == 1 && handler_win == win,
            "user handler called %d times", handler_calls);
    T_OK(MPI_Win_call_errhandler(win, MPI_ERR_OTHER));
    T_CHECK(handler_calls == 2, "call_errhandler: %d calls", handler_calls);
    T_OK(MPI_Errhandler_free(&eh)); /* the window keeps its own */
    MPI_Put(&v1, 1, MPI_INT, 0, 0, 1, MPI_INT, win);
    T_CHECK(handler_calls == 3, "freed handler still in use: %d calls",
            handler_calls);
    T_OK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int mem[4] = {0};
    MPI_Win win;
    T_OK(MPI_Win_create(mem, sizeof mem, sizeof(int), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &win));
    if (argc > 1 && strcmp(argv[1], "fatal") == 0) {
        T_OK(MPI_Win_set_name(win, "doomed window"));
        int v = 1;
        /* No epoch: MPI_ERR_RMA_SYNC, and the default handler aborts. */
        MPI_Put(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, win);
        printf("FAIL rma_errors: still alive after a fatal error\n");
        return 1;
    }
    MPI_Errhandler eh;
    T_OK(MPI_Win_get_errhandler(win, &eh));
    T_CHECK(eh == MPI_ERRORS_ARE_FATAL, "default window error handler");
    T_OK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    creation();
    arguments(win);
    epochs(win);
    attributes_and_handlers(win);
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_free(&win));
    return t_finish("rma_errors");
}
