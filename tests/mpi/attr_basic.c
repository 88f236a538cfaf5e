/* Attribute caching on communicators: keyvals and their callbacks (which
 * get the right handle, keyval, value and extra state), copying on dup as
 * the copy callback decides, deletion on replacement, on delete and on
 * free, freed keyvals that live on while used, the MPI-1 spellings, and
 * the predefined attributes of MPI_COMM_WORLD.
 *
 * Run with the argument "ft" under ftmpirun --ft: MPIX_FT must be 1. */
#include "t.h"

static int extra_a = 11, extra_b = 22;

/* What the callbacks saw, one letter per event. */
static char events[256];
static MPI_Comm last_comm;
static int last_keyval;
static void *last_value;

static void event(char what, MPI_Comm c, int keyval, void *value)
{
    size_t n = strlen(events);
    if (n + 1 < sizeof events)
        events[n] = what, events[n + 1] = 0;
    last_comm = c;
    last_keyval = keyval;
    last_value = value;
}

static int del_a(MPI_Comm c, int keyval, void *value, void *extra)
{
    T_CHECK(extra == &extra_a, "delete a: extra %p", extra);
    event('d', c, keyval, value);
    return MPI_SUCCESS;
}

/* Copies value + 1, but refuses (flag 0) to copy odd values. */
static int copy_b(MPI_Comm c, int keyval, void *extra, void *in, void *out,
                  int *flag)
{
    T_CHECK(extra == &extra_b, "copy b: extra %p", extra);
    event('c', c, keyval, in);
    long v = (long)in;
    *flag = v % 2 == 0;
    if (*flag)
        *(void **)out = (void *)(v + 1);
    return MPI_SUCCESS;
}

static int del_b(MPI_Comm c, int keyval, void *value, void *extra)
{
    (void)extra;
    event('D', c, keyval, value);
    return MPI_SUCCESS;
}

static void *get(MPI_Comm c, int keyval, int *flag)
{
    void *v = NULL;
    T_OK(MPI_Comm_get_attr(c, keyval, &v, flag));
    return v;
}

static void check_predefined(int want_ft)
{
    int size, flag, *v;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    struct {
        int key, want;
        const char *name;
    } p[] = {
        {MPI_TAG_UB, 0x7fffffff, "MPI_TAG_UB"},
        {MPI_HOST, MPI_PROC_NULL, "MPI_HOST"},
        {MPI_IO, MPI_ANY_SOURCE, "MPI_IO"},
        {MPI_WTIME_IS_GLOBAL, 0, "MPI_WTIME_IS_GLOBAL"},
        {MPI_UNIVERSE_SIZE, size, "MPI_UNIVERSE_SIZE"},
        {MPI_APPNUM, 0, "MPI_APPNUM"},
        {MPIX_FT, want_ft, "MPIX_FT"},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        flag = 0;
        v = NULL;
        T_OK(MPI_Comm_get_attr(MPI_COMM_WORLD, p[i].key, &v, &flag));
        T_CHECK(flag && v && *v == p[i].want, "%s: flag %d value %d", p[i].name,
                flag, v ? *v : -1);
        /* The MPI-1 spelling sees the same. */
        int *v1 = NULL;
        T_OK(MPI_Attr_get(MPI_COMM_WORLD, p[i].key, &v1, &flag));
        T_CHECK(flag && v1 && *v1 == p[i].want, "%s via Attr_get",
                p[i].name);
        /* Not on other communicators. */
        T_OK(MPI_Comm_get_attr(MPI_COMM_SELF, p[i].key, &v, &flag));
        T_CHECK(!flag, "%s on MPI_COMM_SELF", p[i].name);
    }
    int cls, *last;
    MPI_Add_error_class(&cls);
    T_OK(MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_LASTUSEDCODE, &last, &flag));
    T_CHECK(flag && *last == cls, "MPI_LASTUSEDCODE %d, added %d", *last, cls);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int want_ft = argc > 1 && strcmp(argv[1], "ft") == 0;
    check_predefined(want_ft);

    int ka, kb, kdup, knull, kold;
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del_a, &ka, &extra_a));
    T_OK(MPI_Comm_create_keyval(copy_b, del_b, &kb, &extra_b));
    T_OK(MPI_Comm_create_keyval(MPI_COMM_DUP_FN, MPI_COMM_NULL_DELETE_FN,
                                &kdup, NULL));
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN,
                                MPI_COMM_NULL_DELETE_FN, &knull, NULL));
    T_OK(MPI_Keyval_create(MPI_DUP_FN, MPI_NULL_DELETE_FN, &kold, NULL));
    T_CHECK(ka != kb && kb != kdup && kdup != knull && knull != kold &&
                ka != MPI_KEYVAL_INVALID,
            "keyvals not distinct");

    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    int flag;
    get(c, ka, &flag);
    T_CHECK(!flag, "unset attribute found");
    T_OK(MPI_Comm_set_attr(c, ka, (void *)1L));
    T_OK(MPI_Comm_set_attr(c, kb, (void *)2L));
    T_OK(MPI_Comm_set_attr(c, kdup, (void *)3L));
    T_OK(MPI_Comm_set_attr(c, knull, (void *)4L));
    T_OK(MPI_Attr_put(c, kold, (void *)5L));
    T_CHECK(get(c, ka, &flag) == (void *)1L && flag, "get a");
    T_CHECK(get(c, kold, &flag) == (void *)5L && flag, "get old");
    void *v = NULL;
    T_OK(MPI_Attr_get(c, kb, &v, &flag));
    T_CHECK(flag && v == (void *)2L, "Attr_get b");
    T_CHECK(events[0] == 0, "callbacks ran early: %s", events);

    /* Replacing deletes the old value, with this communicator. */
    T_OK(MPI_Comm_set_attr(c, ka, (void *)7L));
    T_CHECK(strcmp(events, "d") == 0 && last_comm == c && last_keyval == ka &&
                last_value == (void *)1L,
            "replace: %s", events);
    events[0] = 0;

    /* Dup: a is not copied (NULL_COPY_FN), b is copied as value + 1 by its
     * callback, dup and old are copied as they are, null is not. */
    MPI_Comm d;
    T_OK(MPI_Comm_dup(c, &d));
    T_CHECK(strcmp(events, "c") == 0 && last_comm == c && last_keyval == kb &&
                last_value == (void *)2L,
            "dup: %s", events);
    events[0] = 0;
    get(d, ka, &flag);
    T_CHECK(!flag, "a was copied");
    T_CHECK(get(d, kb, &flag) == (void *)3L && flag, "b copy");
    T_CHECK(get(d, kdup, &flag) == (void *)3L && flag, "dup copy");
    get(d, knull, &flag);
    T_CHECK(!flag, "null was copied");
    T_CHECK(get(d, kold, &flag) == (void *)5L && flag, "old copy");
    /* b's copy callback refuses odd values: a dup of d has no b. */
    MPI_Comm dd;
    T_OK(MPI_Comm_dup(d, &dd));
    get(dd, kb, &flag);
    T_CHECK(!flag, "odd b was copied");
    events[0] = 0;
    T_OK(MPI_Comm_free(&dd));
    T_CHECK(events[0] == 0, "free of dd: %s", events);

    /* Delete: the callback runs; afterwards the value is gone, and
     * deleting again is no error. */
    T_OK(MPI_Comm_delete_attr(d, kb));
    T_CHECK(strcmp(events, "D") == 0 && last_comm == d &&
                last_value == (void *)3L,
            "delete: %s", events);
    get(d, kb, &flag);
    T_CHECK(!flag, "deleted attribute found");
    T_OK(MPI_Comm_delete_attr(d, kb));
    T_OK(MPI_Attr_delete(d, kold));
    get(d, kold, &flag);
    T_CHECK(!flag, "Attr_delete left it");
    events[0] = 0;

    /* Free runs the delete callbacks with the freed communicator. */
    MPI_Comm cc = c;
    T_OK(MPI_Comm_free(&c));
    T_CHECK(strchr(events, 'd') && strchr(events, 'D') && strlen(events) == 2,
            "free: %s", events);
    T_CHECK(last_comm == cc, "free: wrong communicator");
    events[0] = 0;

    /* A freed keyval lives while an attribute uses it: the copy of its
     * number still names it; once the last value is gone it is invalid. */
    MPI_Comm e;
    MPI_Comm_dup(MPI_COMM_WORLD, &e);
    MPI_Comm_set_errhandler(e, MPI_ERRORS_RETURN);
    int kb_copy = kb;
    T_OK(MPI_Comm_set_attr(e, kb, (void *)8L));
    T_OK(MPI_Comm_free_keyval(&kb));
    T_CHECK(kb == MPI_KEYVAL_INVALID, "free_keyval did not reset");
    T_CHECK(get(e, kb_copy, &flag) == (void *)8L && flag, "freed keyval");
    MPI_Comm e2;
    T_OK(MPI_Comm_dup(e, &e2)); /* its copy callback still runs */
    T_CHECK(get(e2, kb_copy, &flag) == (void *)9L && flag, "copy after free");
    T_OK(MPI_Comm_free(&e2));
    T_OK(MPI_Comm_delete_attr(e, kb_copy));
    void *dummy;
    T_ERRCLASS(MPI_Comm_get_attr(e, kb_copy, &dummy, &flag), MPI_ERR_KEYVAL);
    T_CHECK(strcmp(events, "cDD") == 0, "freed keyval events: %s", events);
    MPI_Comm_free(&e);

    /* Attributes of intercommunicators are copied too. */
    int size, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (size >= 2) {
        MPI_Comm half, inter, idup;
        int a = rank < size / 2;
        MPI_Comm_split(MPI_COMM_WORLD, a, rank, &half);
        MPI_Intercomm_create(half, 0, MPI_COMM_WORLD, a ? size / 2 : 0, 0,
                             &inter);
        T_OK(MPI_Comm_set_attr(inter, kdup, (void *)42L));
        T_OK(MPI_Comm_dup(inter, &idup));
        T_CHECK(get(idup, kdup, &flag) == (void *)42L && flag, "inter copy");
        MPI_Comm_free(&idup);
        MPI_Comm_free(&inter);
        MPI_Comm_free(&half);
    }

    /* Attributes on the predefined communicators can be set too. */
    T_OK(MPI_Comm_set_attr(MPI_COMM_WORLD, kdup, (void *)6L));
    T_CHECK(get(MPI_COMM_WORLD, kdup, &flag) == (void *)6L && flag, "world");
    T_OK(MPI_Comm_delete_attr(MPI_COMM_WORLD, kdup));

    MPI_Comm_free(&d);
    T_OK(MPI_Comm_free_keyval(&ka));
    T_OK(MPI_Comm_free_keyval(&kdup));
    T_OK(MPI_Comm_free_keyval(&knull));
    T_OK(MPI_Keyval_free(&kold));
    T_CHECK(kold == MPI_KEYVAL_INVALID, "Keyval_free did not reset");
    return t_finish(want_ft ? "attr_basic (ft)" : "attr_basic");
}
