#include "core/attr.h"

#include <errno.h>
#include <stdlib.h>

/* Keyval numbers start after the predefined attributes'. */
#define FIRST_KEYVAL (FTMPI_KEYVAL_BUILTIN_LAST + 1)

struct keyval {
    int id;
    struct ft_attr_fns fns;
    void *extra;
    int refs;   /* the user's handle (until freed) plus one per attribute */
    bool freed; /* the user's handle is gone */
};

struct ft_attr {
    struct ft_attr *next;
    struct keyval *kv;
    void *value;
};

/* Keyval id k lives in slots[k - FIRST_KEYVAL]; slots of keyvals that are
 * gone are reused, the most recently emptied first. */
static struct keyval **slots;
static int nslots, capslots;
static int *free_ids;
static int nfree;

/* The keyval id of kind; one whose handle was freed only when freed_ok
 * (it lives on while attributes use it, and the standard lets them be
 * read and deleted through its number until then). */
static struct keyval *lookup(enum ft_attr_kind kind, int id, bool freed_ok)
{
    int i = id - FIRST_KEYVAL;
    if (i < 0 || i >= nslots || !slots[i])
        return NULL;
    struct keyval *k = slots[i];
    return k->fns.kind == kind && (freed_ok || !k->freed) ? k : NULL;
}

static void kv_unref(struct keyval *k)
{
    if (--k->refs > 0)
        return;
    slots[k->id - FIRST_KEYVAL] = NULL;
    free_ids[nfree++] = k->id; /* room: one entry per slot */
    free(k);
}

int ft_attr_keyval_create(const struct ft_attr_fns *fns, void *extra_state,
                          int *keyval)
{
    struct keyval *k = calloc(1, sizeof *k);
    if (!k)
        return -ENOMEM;
    if (nfree == 0 && nslots == capslots) {
        int cap = capslots ? 2 * capslots : 16;
        struct keyval **s = realloc(slots, (size_t)cap * sizeof *s);
        if (s)
            slots = s;
        int *f = s ? realloc(free_ids, (size_t)cap * sizeof *f) : NULL;
        if (!f) {
            free(k);
            return -ENOMEM;
        }
        free_ids = f;
        capslots = cap;
    }
    k->id = nfree ? free_ids[--nfree] : FIRST_KEYVAL + nslots++;
    k->fns = *fns;
    k->extra = extra_state;
    k->refs = 1;
    slots[k->id - FIRST_KEYVAL] = k;
    *keyval = k->id;
    return 0;
}

bool ft_attr_keyval_valid(enum ft_attr_kind kind, int keyval)
{
    return lookup(kind, keyval, false) != NULL;
}

bool ft_attr_keyval_alive(enum ft_attr_kind kind, int keyval)
{
    return lookup(kind, keyval, true) != NULL;
}

int ft_attr_keyval_free(enum ft_attr_kind kind, int keyval)
{
    struct keyval *k = lookup(kind, keyval, false);
    if (!k)
        return -EINVAL;
    k->freed = true;
    kv_unref(k);
    return 0;
}

/* A callback's result as this module returns it: 0 or a positive code. */
static int user_rc(int rc)
{
    return rc == MPI_SUCCESS ? 0 : rc > 0 ? rc : MPI_ERR_OTHER;
}

static int call_delete(struct keyval *k, void *obj, void *val)
{
    switch (k->fns.kind) {
    case FT_ATTR_COMM:
        if (!k->fns.del.comm)
            return 0;
        return user_rc(k->fns.del.comm((MPI_Comm)obj, k->id, val, k->extra));
    case FT_ATTR_TYPE:
        if (!k->fns.del.type)
            return 0;
        return user_rc(
            k->fns.del.type((MPI_Datatype)obj, k->id, val, k->extra));
    case FT_ATTR_WIN:
        if (!k->fns.del.win)
            return 0;
        return user_rc(k->fns.del.win((MPI_Win)obj, k->id, val, k->extra));
    }
    return 0;
}

static int call_copy(struct keyval *k, void *obj, void *in, void **out,
                     int *flag)
{
    *flag = 0;
    switch (k->fns.kind) {
    case FT_ATTR_COMM:
        if (!k->fns.copy.comm)
            return 0;
        return user_rc(k->fns.copy.comm((MPI_Comm)obj, k->id, k->extra, in,
                                        out, flag));
    case FT_ATTR_TYPE:
        if (!k->fns.copy.type)
            return 0;
        return user_rc(k->fns.copy.type((MPI_Datatype)obj, k->id, k->extra,
                                        in, out, flag));
    case FT_ATTR_WIN:
        /* Windows are never copied; there for completeness. */
        if (!k->fns.copy.win)
            return 0;
        return user_rc(
            k->fns.copy.win((MPI_Win)obj, k->id, k->extra, in, out, flag));
    }
    return 0;
}

static struct ft_attr *find(struct ft_attr_list *l, const struct keyval *k)
{
    for (struct ft_attr *a = l ? l->head : NULL; a; a = a->next)
        if (a->kv == k)
            return a;
    return NULL;
}

/* Appends a new attribute (k, val) to *l. */
static int append(struct ft_attr_list **l, struct keyval *k, void *val)
{
    if (!*l && !(*l = calloc(1, sizeof **l)))
        return -ENOMEM;
    struct ft_attr *a = malloc(sizeof *a);
    if (!a)
        return -ENOMEM;
    a->next = NULL;
    a->kv = k;
    a->value = val;
    k->refs++;
    struct ft_attr **p = &(*l)->head;
    while (*p)
        p = &(*p)->next;
    *p = a;
    return 0;
}

/* Unlinks and frees a (its delete callback already ran). */
static void unlink_attr(struct ft_attr_list *l, struct ft_attr *a)
{
    struct ft_attr **p = &l->head;
    while (*p != a)
        p = &(*p)->next;
    *p = a->next;
    kv_unref(a->kv);
    free(a);
}

int ft_attr_set(struct ft_attr_list **l, void *obj, enum ft_attr_kind kind,
                int keyval, void *val)
{
    struct keyval *k = lookup(kind, keyval, false);
    if (!k)
        return -EINVAL;
    struct ft_attr *a = find(*l, k);
    if (!a)
        return append(l, k, val);
    int rc = call_delete(k, obj, a->value);
    if (rc == 0)
        a->value = val;
    return rc;
}

int ft_attr_get(struct ft_attr_list *l, enum ft_attr_kind kind, int keyval,
                void **val, bool *found)
{
    struct keyval *k = lookup(kind, keyval, true);
    if (!k)
        return -EINVAL;
    struct ft_attr *a = find(l, k);
    *found = a != NULL;
    if (a)
        *val = a->value;
    return 0;
}

int ft_attr_delete(struct ft_attr_list **l, void *obj, enum ft_attr_kind kind,
                   int keyval)
{
    struct keyval *k = lookup(kind, keyval, true);
    if (!k)
        return -EINVAL;
    struct ft_attr *a = find(*l, k);
    if (!a)
        return 0;
    int rc = call_delete(k, obj, a->value);
    if (rc == 0)
        unlink_attr(*l, a);
    return rc;
}

int ft_attr_copy_all(struct ft_attr_list *from, void *oldobj,
                     enum ft_attr_kind kind, struct ft_attr_list **to,
                     void *newobj)
{
    for (struct ft_attr *a = from ? from->head : NULL; a; a = a->next) {
        if (a->kv->fns.kind != kind)
            continue;
        void *out = NULL;
        int flag = 0;
        int rc = call_copy(a->kv, oldobj, a->value, &out, &flag);
        if (rc == 0 && flag)
            rc = append(to, a->kv, out);
        if (rc) {
            ft_attr_delete_all(to, newobj, kind);
            ft_attr_list_free(to);
            return rc;
        }
    }
    return 0;
}

int ft_attr_delete_all(struct ft_attr_list **l, void *obj,
                       enum ft_attr_kind kind)
{
    (void)kind; /* every keyval on an object is of the object's kind */
    while (*l && (*l)->head) {
        struct ft_attr *last = (*l)->head;
        while (last->next)
            last = last->next;
        int rc = call_delete(last->kv, obj, last->value);
        if (rc)
            return rc;
        unlink_attr(*l, last);
    }
    return 0;
}

void ft_attr_list_free(struct ft_attr_list **l)
{
    if (!*l)
        return;
    struct ft_attr *a = (*l)->head;
    while (a) {
        struct ft_attr *next = a->next;
        kv_unref(a->kv);
        free(a);
        a = next;
    }
    free(*l);
    *l = NULL;
}
