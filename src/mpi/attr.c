/*
 * attr.c -- caching attributes on communicators (MPI chapter 6.7), the
 * MPI-1 spellings of the same (Keyval_create, Attr_put...), and the
 * predefined attributes of MPI_COMM_WORLD (chapter 8.1.2).
 *
 * The bookkeeping and the calls of the callbacks are src/core/attr.c's
 * (datatypes use the same module, type_attr.c).
 *
 * The predefined keyvals (MPI_TAG_UB ... MPIX_FT) have values on
 * MPI_COMM_WORLD only, as the standard puts it (Open MPI does the same; a
 * dup of MPI_COMM_WORLD does not carry them).  Their values are returned,
 * as C programs expect, as pointers to int; they cannot be set, deleted or
 * freed (MPI_ERR_KEYVAL).
 */
#include <stdlib.h>

#include "base/err.h"
#include "core/attr.h"
#include "mpi/api.h"

#pragma weak MPI_Comm_create_keyval = PMPI_Comm_create_keyval
#pragma weak MPI_Comm_free_keyval = PMPI_Comm_free_keyval
#pragma weak MPI_Comm_set_attr = PMPI_Comm_set_attr
#pragma weak MPI_Comm_get_attr = PMPI_Comm_get_attr
#pragma weak MPI_Comm_delete_attr = PMPI_Comm_delete_attr
#pragma weak MPI_Keyval_create = PMPI_Keyval_create
#pragma weak MPI_Keyval_free = PMPI_Keyval_free
#pragma weak MPI_Attr_put = PMPI_Attr_put
#pragma weak MPI_Attr_get = PMPI_Attr_get
#pragma weak MPI_Attr_delete = PMPI_Attr_delete

/* The predefined copy function that copies the value itself
 * (MPI_TYPE_DUP_FN is in type_attr.c). */
int MPI_COMM_DUP_FN(MPI_Comm oldcomm, int keyval, void *extra_state,
                    void *attribute_val_in, void *attribute_val_out,
                    int *flag)
{
    (void)oldcomm;
    (void)keyval;
    (void)extra_state;
    *(void **)attribute_val_out = attribute_val_in;
    *flag = 1;
    return MPI_SUCCESS;
}

int ft_api_comm_copy_attrs(MPI_Comm comm, MPI_Comm newcomm)
{
    return ft_attr_copy_all(comm->attrs, comm, FT_ATTR_COMM, &newcomm->attrs,
                            newcomm);
}

int ft_api_comm_delete_attrs(MPI_Comm comm)
{
    return ft_attr_delete_all(&comm->attrs, comm, FT_ATTR_COMM);
}

/* ---- keyvals ---------------------------------------------------------- */

static bool predefined_keyval(int keyval)
{
    return keyval >= MPI_TAG_UB && keyval <= FTMPI_KEYVAL_BUILTIN_LAST;
}

/* Checks that keyval names a communicator keyval that still exists
 * (freed ones too, while attributes use them); 0 or the raised error. */
static int check_keyval(MPI_Comm comm, const char *fn, int keyval)
{
    if (ft_attr_keyval_alive(FT_ATTR_COMM, keyval))
        return 0;
    if (ft_attr_keyval_alive(FT_ATTR_TYPE, keyval))
        return ft_api_err(comm, MPI_ERR_KEYVAL, fn,
                          "keyval=%d is a datatype keyval, not a "
                          "communicator keyval",
                          keyval);
    return ft_api_err(comm, MPI_ERR_KEYVAL, fn,
                      "keyval=%d is not a valid keyval", keyval);
}

static int create_keyval(const char *fn, MPI_Comm_copy_attr_function *copy,
                         MPI_Comm_delete_attr_function *del, int *keyval,
                         void *extra_state)
{
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(keyval, NULL, MPI_ERR_ARG, fn, "keyval is NULL");
    struct ft_attr_fns fns = {.kind = FT_ATTR_COMM};
    fns.copy.comm = copy;
    fns.del.comm = del;
    return ft_api_ret(NULL, ft_attr_keyval_create(&fns, extra_state, keyval),
                      fn);
}

int PMPI_Comm_create_keyval(MPI_Comm_copy_attr_function *comm_copy_attr_fn,
                            MPI_Comm_delete_attr_function *comm_delete_attr_fn,
                            int *comm_keyval, void *extra_state)
{
    return create_keyval("MPI_Comm_create_keyval", comm_copy_attr_fn,
                         comm_delete_attr_fn, comm_keyval, extra_state);
}

int PMPI_Keyval_create(MPI_Copy_function *copy_fn,
                       MPI_Delete_function *delete_fn, int *keyval,
                       void *extra_state)
{
    /* The MPI-1 callback types are the MPI-2 ones under other names. */
    return create_keyval("MPI_Keyval_create", copy_fn, delete_fn, keyval,
                         extra_state);
}

static int free_keyval(const char *fn, int *keyval)
{
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(keyval, NULL, MPI_ERR_ARG, fn, "keyval is NULL");
    FT_CHECK_ARG(!predefined_keyval(*keyval), NULL, MPI_ERR_KEYVAL, fn,
                 "keyval=%d is predefined and cannot be freed", *keyval);
    int rc = check_keyval(NULL, fn, *keyval);
    if (rc)
        return rc;
    /* Values set with it keep it alive until they are deleted. */
    FT_CHECK_ARG(ft_attr_keyval_free(FT_ATTR_COMM, *keyval) == 0, NULL,
                 MPI_ERR_KEYVAL, fn, "keyval=%d was already freed", *keyval);
    *keyval = MPI_KEYVAL_INVALID;
    return MPI_SUCCESS;
}

int PMPI_Comm_free_keyval(int *comm_keyval)
{
    return free_keyval("MPI_Comm_free_keyval", comm_keyval);
}

int PMPI_Keyval_free(int *keyval)
{
    return free_keyval("MPI_Keyval_free", keyval);
}

/* ---- values ----------------------------------------------------------- */

static int set_attr(const char *fn, MPI_Comm comm, int keyval, void *value)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(!predefined_keyval(keyval), comm, MPI_ERR_KEYVAL, fn,
                 "keyval=%d is predefined: its value cannot be set", keyval);
    int rc = check_keyval(comm, fn, keyval);
    if (rc)
        return rc;
    FT_CHECK_ARG(ft_attr_keyval_valid(FT_ATTR_COMM, keyval), comm,
                 MPI_ERR_KEYVAL, fn,
                 "keyval=%d was freed: no new value can be set with it",
                 keyval);
    return ft_api_ret(comm,
                      ft_attr_set(&comm->attrs, comm, FT_ATTR_COMM, keyval,
                                  value),
                      fn);
}

int PMPI_Comm_set_attr(MPI_Comm comm, int comm_keyval, void *attribute_val)
{
    return set_attr("MPI_Comm_set_attr", comm, comm_keyval, attribute_val);
}

int PMPI_Attr_put(MPI_Comm comm, int keyval, void *attribute_val)
{
    return set_attr("MPI_Attr_put", comm, keyval, attribute_val);
}

/* Where the value of a predefined attribute of MPI_COMM_WORLD lives, or
 * NULL when it has none.  The values are refreshed at every call, since
 * some change (MPI_LASTUSEDCODE, MPIX_FT). */
static int *predefined_value(int keyval)
{
    static int tag_ub, host, io, wtime_is_global, universe_size,
        lastusedcode, appnum, ft;
    switch (keyval) {
    case MPI_TAG_UB:
        tag_ub = FT_TAG_UB;
        return &tag_ub;
    case MPI_HOST:
        host = MPI_PROC_NULL; /* no process is special */
        return &host;
    case MPI_IO:
        io = MPI_ANY_SOURCE; /* every process can do input/output */
        return &io;
    case MPI_WTIME_IS_GLOBAL:
        wtime_is_global = 0;
        return &wtime_is_global;
    case MPI_UNIVERSE_SIZE:
        universe_size = ft_api_eng->size;
        return &universe_size;
    case MPI_LASTUSEDCODE:
        lastusedcode = ft_api_last_used_code();
        return &lastusedcode;
    case MPI_APPNUM:
        appnum = 0;
        return &appnum;
    case MPIX_FT:
        ft = ft_api_eng->client.tolerant ? 1 : 0;
        return &ft;
    default:
        return NULL;
    }
}

/* FT-MPI's FT_MPI_PROC_FAILED: the number of failed ranks this process
 * knows of in comm, then their ranks (remote ranks for an
 * intercommunicator).  The array is the library's, valid until the next
 * query. */
static int *failed_ranks(MPI_Comm comm)
{
    static int *buf;
    static int cap;
    ft_progress(comm->eng); /* what has happened so far */
    struct ft_group *g = comm->rgroup ? comm->rgroup : comm->group;
    if (cap < g->size + 1) {
        int *b = realloc(buf, (size_t)(g->size + 1) * sizeof *b);
        if (!b)
            return NULL;
        buf = b;
        cap = g->size + 1;
    }
    int n = 0;
    for (int i = 0; i < g->size; i++)
        if (ft_proc_failed(g->procs[i]))
            buf[1 + n++] = i;
    buf[0] = n;
    return buf;
}

static int get_attr(const char *fn, MPI_Comm comm, int keyval, void *value,
                    int *flag)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(value && flag, comm, MPI_ERR_ARG, fn,
                 "attribute_val or flag is NULL");
    if (keyval == FTMPI_PROC_FAILED_ATTR) {
        *(int **)value = failed_ranks(comm);
        *flag = *(int **)value != NULL;
        return MPI_SUCCESS;
    }
    if (predefined_keyval(keyval)) {
        int *v = comm == MPI_COMM_WORLD ? predefined_value(keyval) : NULL;
        *flag = v != NULL;
        if (v)
            *(int **)value = v;
        return MPI_SUCCESS;
    }
    int rc = check_keyval(comm, fn, keyval);
    if (rc)
        return rc;
    void *v = NULL;
    bool found = false;
    rc = ft_attr_get(comm->attrs, FT_ATTR_COMM, keyval, &v, &found);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *flag = found;
    if (found)
        *(void **)value = v;
    return MPI_SUCCESS;
}

int PMPI_Comm_get_attr(MPI_Comm comm, int comm_keyval, void *attribute_val,
                       int *flag)
{
    return get_attr("MPI_Comm_get_attr", comm, comm_keyval, attribute_val,
                    flag);
}

int PMPI_Attr_get(MPI_Comm comm, int keyval, void *attribute_val, int *flag)
{
    return get_attr("MPI_Attr_get", comm, keyval, attribute_val, flag);
}

static int delete_attr(const char *fn, MPI_Comm comm, int keyval)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(!predefined_keyval(keyval), comm, MPI_ERR_KEYVAL, fn,
                 "keyval=%d is predefined: its value cannot be deleted",
                 keyval);
    int rc = check_keyval(comm, fn, keyval);
    if (rc)
        return rc;
    /* Deleting a value that is not set does nothing (as in MPICH). */
    return ft_api_ret(comm,
                      ft_attr_delete(&comm->attrs, comm, FT_ATTR_COMM, keyval),
                      fn);
}

int PMPI_Comm_delete_attr(MPI_Comm comm, int comm_keyval)
{
    return delete_attr("MPI_Comm_delete_attr", comm, comm_keyval);
}

int PMPI_Attr_delete(MPI_Comm comm, int keyval)
{
    return delete_attr("MPI_Attr_delete", comm, keyval);
}
