/*
 * attr.h -- attribute caching (MPI 3.1 section 6.7): keyvals, and the
 * values set on communicators, datatypes (and later windows) under them.
 *
 * One module serves every kind of object.  A keyval belongs to one kind;
 * it holds the user's copy and delete callbacks, typed as the user gave
 * them (struct ft_attr_fns), so they are called through their own type.
 * The object a callback receives is passed in by the caller as a plain
 * pointer (an MPI handle is a pointer).
 *
 * A keyval lives while its handle is not freed or an attribute uses it:
 * MPI_*_free_keyval only marks it, and the last attribute deleted under it
 * lets it go.  Keyvals of the predefined attributes (MPI_TAG_UB, ...) are
 * not in this table; the API layer answers them itself.
 *
 * Results: 0, a negative internal code (-ENOMEM; -EINVAL for a keyval
 * that is not a live keyval of the kind), or a positive MPI error code a
 * user callback returned, which the API passes on as it is.  None of these
 * functions blocks; the callbacks run on the caller's thread.
 */
#ifndef FT_CORE_ATTR_H
#define FT_CORE_ATTR_H

#include <stdbool.h>

#include <mpi.h>

/* The kinds of objects that carry attributes. */
enum ft_attr_kind {
    FT_ATTR_COMM = 1, /* also MPI_Keyval_create/MPI_Attr_* (same types) */
    FT_ATTR_TYPE = 2,
    FT_ATTR_WIN = 3,
};

/* The user's callbacks for one keyval; kind says which members are valid.
 * A NULL member is MPI_*_NULL_COPY_FN / MPI_*_NULL_DELETE_FN. */
struct ft_attr_fns {
    enum ft_attr_kind kind;
    union {
        MPI_Comm_copy_attr_function *comm;
        MPI_Type_copy_attr_function *type;
        MPI_Win_copy_attr_function *win;
    } copy;
    union {
        MPI_Comm_delete_attr_function *comm;
        MPI_Type_delete_attr_function *type;
        MPI_Win_delete_attr_function *win;
    } del;
};

struct ft_attr;

/* The attributes set on one object, in the order they were set. */
struct ft_attr_list {
    struct ft_attr *head;
};

/* Makes a keyval with fns and extra_state (passed to every callback);
 * its number (never a predefined attribute's) goes to *keyval. */
int ft_attr_keyval_create(const struct ft_attr_fns *fns, void *extra_state,
                          int *keyval);

/* Whether keyval is a keyval of kind whose handle was not freed. */
bool ft_attr_keyval_valid(enum ft_attr_kind kind, int keyval);

/* Whether keyval is a keyval of kind that still exists: not freed, or
 * freed but still used by an attribute. */
bool ft_attr_keyval_alive(enum ft_attr_kind kind, int keyval);

/* Frees the user's handle to keyval (-EINVAL if not valid for kind).
 * Attributes set under it stay, with their callbacks, until deleted. */
int ft_attr_keyval_free(enum ft_attr_kind kind, int keyval);

/* Sets the attribute keyval (not freed) of obj to val.  A value already
 * there is deleted first (its delete callback runs); if that callback
 * fails, its code is returned and nothing changes. */
int ft_attr_set(struct ft_attr_list **l, void *obj, enum ft_attr_kind kind,
                int keyval, void *val);

/* Looks up keyval: *found says whether it is set, *val gets its value.
 * Like ft_attr_delete, it accepts a freed keyval that still exists. */
int ft_attr_get(struct ft_attr_list *l, enum ft_attr_kind kind, int keyval,
                void **val, bool *found);

/* Deletes the attribute keyval of obj, calling its delete callback; if
 * the callback fails, its code is returned and the attribute stays.
 * Deleting an attribute that is not set is not an error. */
int ft_attr_delete(struct ft_attr_list **l, void *obj, enum ft_attr_kind kind,
                   int keyval);

/* Copies the attributes of oldobj to newobj (whose list *to is empty)
 * through their copy callbacks, as MPI_Comm_dup and MPI_Type_dup do.  If a
 * callback fails, the attributes already copied are deleted again and its
 * code is returned. */
int ft_attr_copy_all(struct ft_attr_list *from, void *oldobj,
                     enum ft_attr_kind kind, struct ft_attr_list **to,
                     void *newobj);

/* Deletes every attribute of obj, the last set first, as freeing the
 * object does.  Stops at the first callback that fails and returns its
 * code; the attributes not yet deleted stay. */
int ft_attr_delete_all(struct ft_attr_list **l, void *obj,
                       enum ft_attr_kind kind);

/* Frees the list without calling any callback (the object is being torn
 * down after its delete callbacks already ran, or never had any). */
void ft_attr_list_free(struct ft_attr_list **l);

#endif
