/*
 * win.c -- windows as objects (MPI 3.1 chapter 11.2, and the window parts
 * of 6.7 and 8.3): creation in its four flavors, freeing, dynamic memory,
 * shared memory queries, groups, hints, names, attributes and error
 * handlers.  The communication calls are rma.c's; the core is
 * src/core/win.c.
 *
 * Errors of a call that makes a window are raised on its communicator;
 * every other call raises them on the window, whose error handler starts
 * as MPI_ERRORS_ARE_FATAL, as the standard says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/attr.h"
#include "mpi/api.h"

#pragma weak MPI_Win_create = PMPI_Win_create
#pragma weak MPI_Win_allocate = PMPI_Win_allocate
#pragma weak MPI_Win_allocate_shared = PMPI_Win_allocate_shared
#pragma weak MPI_Win_shared_query = PMPI_Win_shared_query
#pragma weak MPI_Win_create_dynamic = PMPI_Win_create_dynamic
#pragma weak MPI_Win_attach = PMPI_Win_attach
#pragma weak MPI_Win_detach = PMPI_Win_detach
#pragma weak MPI_Win_free = PMPI_Win_free
#pragma weak MPI_Win_get_group = PMPI_Win_get_group
#pragma weak MPI_Win_set_info = PMPI_Win_set_info
#pragma weak MPI_Win_get_info = PMPI_Win_get_info
#pragma weak MPI_Win_set_name = PMPI_Win_set_name
#pragma weak MPI_Win_get_name = PMPI_Win_get_name
#pragma weak MPI_Win_create_errhandler = PMPI_Win_create_errhandler
#pragma weak MPI_Win_set_errhandler = PMPI_Win_set_errhandler
#pragma weak MPI_Win_get_errhandler = PMPI_Win_get_errhandler
#pragma weak MPI_Win_call_errhandler = PMPI_Win_call_errhandler
#pragma weak MPI_Win_create_keyval = PMPI_Win_create_keyval
#pragma weak MPI_Win_free_keyval = PMPI_Win_free_keyval
#pragma weak MPI_Win_set_attr = PMPI_Win_set_attr
#pragma weak MPI_Win_get_attr = PMPI_Win_get_attr
#pragma weak MPI_Win_delete_attr = PMPI_Win_delete_attr

/* ---- making windows ---------------------------------------------------- */

/* Whether every member of comm lives on this host. */
static bool one_host(MPI_Comm comm)
{
    int node = comm->eng->self->node;
    for (int i = 0; i < comm->npeers; i++)
        if (!comm->peers[i]->hole && comm->peers[i]->node != node)
            return false;
    return true;
}

/* The hint alloc_shared_noncontig=true. */
static bool noncontig_hint(MPI_Info info)
{
    const char *v = info ? ft_info_get(info, "alloc_shared_noncontig") : NULL;
    return v && strcmp(v, "true") == 0;
}

static int create(const char *fn, enum ft_win_flavor flavor, void *base,
                  MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                  void *baseptr, MPI_Win *win)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(!ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "comm is an intercommunicator; windows are made over "
                 "intracommunicators");
    FT_CHECK_ARG(win, comm, MPI_ERR_ARG, fn, "win is NULL");
    FT_CHECK_ARG(info == MPI_INFO_NULL || ft_api_info_ok(info), comm,
                 MPI_ERR_INFO, fn, "invalid info object (argument info)");
    if (flavor != FT_WIN_DYNAMIC) {
        FT_CHECK_ARG(size >= 0, comm, MPI_ERR_SIZE, fn, "size %ld is negative",
                     (long)size);
        FT_CHECK_ARG(disp_unit > 0, comm, MPI_ERR_DISP, fn,
                     "disp_unit %d is not positive", disp_unit);
    }
    if (flavor == FT_WIN_CREATE)
        FT_CHECK_ARG(base || size == 0, comm, MPI_ERR_BASE, fn,
                     "base is NULL but size is %ld", (long)size);
    if (flavor == FT_WIN_ALLOCATE || flavor == FT_WIN_SHARED)
        FT_CHECK_ARG(baseptr, comm, MPI_ERR_ARG, fn, "baseptr is NULL");
    if (flavor == FT_WIN_SHARED)
        FT_CHECK_ARG(one_host(comm), comm, MPI_ERR_RMA_SHARED, fn,
                     "the members of comm are not all on one host, so they "
                     "cannot share memory");
    struct ft_win *w;
    int rc = ft_win_create(comm, flavor, base, (size_t)size, disp_unit,
                           noncontig_hint(info), info, &w);
    if (rc == -ENOMEM && flavor != FT_WIN_SHARED)
        return ft_api_err(comm, MPI_ERR_NO_MEM, fn,
                          "cannot allocate %ld bytes for the window",
                          (long)size);
    if (rc && flavor == FT_WIN_SHARED && rc != -FT_EPROCFAILED &&
        rc != -FT_EREVOKED)
        return ft_api_err(comm, MPI_ERR_RMA_SHARED, fn,
                          "cannot map the shared memory: %s", ft_strerror(rc));
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *win = w;
    if (baseptr)
        *(void **)baseptr = w->base;
    return MPI_SUCCESS;
}

int PMPI_Win_create(void *base, MPI_Aint size, int disp_unit, MPI_Info info,
                    MPI_Comm comm, MPI_Win *win)
{
    return create("MPI_Win_create", FT_WIN_CREATE, base, size, disp_unit, info,
                  comm, NULL, win);
}

int PMPI_Win_allocate(MPI_Aint size, int disp_unit, MPI_Info info,
                      MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    return create("MPI_Win_allocate", FT_WIN_ALLOCATE, NULL, size, disp_unit,
                  info, comm, baseptr, win);
}

int PMPI_Win_allocate_shared(MPI_Aint size, int disp_unit, MPI_Info info,
                             MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    return create("MPI_Win_allocate_shared", FT_WIN_SHARED, NULL, size,
                  disp_unit, info, comm, baseptr, win);
}

int PMPI_Win_create_dynamic(MPI_Info info, MPI_Comm comm, MPI_Win *win)
{
    return create("MPI_Win_create_dynamic", FT_WIN_DYNAMIC, NULL, 0, 1, info,
                  comm, NULL, win);
}

int PMPI_Win_free(MPI_Win *win)
{
    static const char fn[] = "MPI_Win_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(win, NULL, MPI_ERR_ARG, fn, "win is NULL");
    MPI_Win w = *win;
    FT_CHECK_WIN(w, fn);
    FT_CHECK_WARG(!ft_win_in_epoch(w), w, MPI_ERR_RMA_SYNC, fn,
                  "an epoch is still open on the window (a lock, lock_all, "
                  "start or post not yet closed)");
    /* The delete callbacks run first, the last set first; one that fails
     * stops the free. */
    int rc = ft_attr_delete_all(&w->attrs, w, FT_ATTR_WIN);
    if (rc)
        return ft_api_win_ret(w, rc, fn);
    ft_win_retain(w); /* to raise an error on it after the free */
    rc = ft_win_free(w);
    *win = MPI_WIN_NULL;
    rc = ft_api_win_ret(w, rc, fn);
    ft_win_release(w);
    return rc;
}

/* ---- memory -------------------------------------------------------------- */

int PMPI_Win_attach(MPI_Win win, void *base, MPI_Aint size)
{
    static const char fn[] = "MPI_Win_attach";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->flavor == FT_WIN_DYNAMIC, win, MPI_ERR_RMA_FLAVOR, fn,
                  "the window was not made by MPI_Win_create_dynamic");
    FT_CHECK_WARG(size >= 0, win, MPI_ERR_SIZE, fn, "size %ld is negative",
                  (long)size);
    FT_CHECK_WARG(base || size == 0, win, MPI_ERR_BASE, fn,
                  "base is NULL but size is %ld", (long)size);
    int rc = ft_win_attach(win, base, (size_t)size);
    if (rc == -EEXIST)
        return ft_api_win_err(win, MPI_ERR_RMA_ATTACH, fn,
                              "[%p, +%ld) overlaps memory already attached",
                              base, (long)size);
    return ft_api_win_ret(win, rc, fn);
}

int PMPI_Win_detach(MPI_Win win, const void *base)
{
    static const char fn[] = "MPI_Win_detach";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->flavor == FT_WIN_DYNAMIC, win, MPI_ERR_RMA_FLAVOR, fn,
                  "the window was not made by MPI_Win_create_dynamic");
    int rc = ft_win_detach(win, base);
    if (rc == -ENOENT)
        return ft_api_win_err(win, MPI_ERR_RMA_ATTACH, fn,
                              "base %p is not the start of attached memory",
                              base);
    return ft_api_win_ret(win, rc, fn);
}

int PMPI_Win_shared_query(MPI_Win win, int rank, MPI_Aint *size, int *disp_unit,
                          void *baseptr)
{
    static const char fn[] = "MPI_Win_shared_query";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->flavor == FT_WIN_SHARED, win, MPI_ERR_RMA_FLAVOR, fn,
                  "the window was not made by MPI_Win_allocate_shared");
    FT_CHECK_WARG(rank == MPI_PROC_NULL || (rank >= 0 && rank < win->size), win,
                  MPI_ERR_RANK, fn,
                  "rank=%d is not a rank of the window (size %d)", rank,
                  win->size);
    FT_CHECK_WARG(size && disp_unit && baseptr, win, MPI_ERR_ARG, fn,
                  "size, disp_unit or baseptr is NULL");
    size_t sz;
    void *b;
    ft_win_shared_query(win, rank == MPI_PROC_NULL ? -1 : rank, &sz, disp_unit,
                        &b);
    *size = (MPI_Aint)sz;
    *(void **)baseptr = b;
    return MPI_SUCCESS;
}

/* ---- group, hints, name -------------------------------------------------- */

int PMPI_Win_get_group(MPI_Win win, MPI_Group *group)
{
    static const char fn[] = "MPI_Win_get_group";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(group, win, MPI_ERR_ARG, fn, "group is NULL");
    ft_group_retain(win->comm->group);
    *group = win->comm->group;
    return MPI_SUCCESS;
}

int PMPI_Win_set_info(MPI_Win win, MPI_Info info)
{
    static const char fn[] = "MPI_Win_set_info";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(info == MPI_INFO_NULL || ft_api_info_ok(info), win,
                  MPI_ERR_INFO, fn, "invalid info object (argument info)");
    if (info == MPI_INFO_NULL)
        return MPI_SUCCESS;
    /* No hint changes what ftmpi does (its locks, orderings and memory
     * are always the general ones); they are kept for MPI_Win_get_info. */
    if (!win->info && !(win->info = ft_info_new()))
        return ft_api_win_err(win, MPI_ERR_NO_MEM, fn, "out of memory");
    return ft_api_win_ret(win, ft_info_merge(win->info, info), fn);
}

int PMPI_Win_get_info(MPI_Win win, MPI_Info *info_used)
{
    static const char fn[] = "MPI_Win_get_info";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(info_used, win, MPI_ERR_ARG, fn, "info_used is NULL");
    struct ft_info *i;
    if (win->info) {
        int rc = ft_info_dup(win->info, &i);
        if (rc)
            return ft_api_win_ret(win, rc, fn);
    } else if (!(i = ft_info_new())) {
        return ft_api_win_err(win, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    *info_used = i;
    return MPI_SUCCESS;
}

int PMPI_Win_set_name(MPI_Win win, const char *win_name)
{
    static const char fn[] = "MPI_Win_set_name";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win_name, win, MPI_ERR_ARG, fn, "win_name is NULL");
    snprintf(win->name, sizeof win->name, "%s", win_name);
    return MPI_SUCCESS;
}

int PMPI_Win_get_name(MPI_Win win, char *win_name, int *resultlen)
{
    static const char fn[] = "MPI_Win_get_name";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win_name && resultlen, win, MPI_ERR_ARG, fn,
                  "win_name or resultlen is NULL");
    strcpy(win_name, win->name);
    *resultlen = (int)strlen(win_name);
    return MPI_SUCCESS;
}

/* ---- error handlers ------------------------------------------------------ */

int PMPI_Win_create_errhandler(MPI_Win_errhandler_function *win_errhandler_fn,
                               MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Win_create_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(win_errhandler_fn, NULL, MPI_ERR_ARG, fn,
                 "win_errhandler_fn is NULL");
    FT_CHECK_ARG(errhandler, NULL, MPI_ERR_ARG, fn, "errhandler is NULL");
    /* Called with an MPI_Win *, stored as a void *. */
    struct ft_errhandler *e = ft_errhandler_new(
        FT_EH_WIN, (void (*)(void *, int *, ...))win_errhandler_fn);
    FT_CHECK_ARG(e, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    *errhandler = e;
    return MPI_SUCCESS;
}

int PMPI_Win_set_errhandler(MPI_Win win, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_Win_set_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(ft_api_errh_ok(errhandler) &&
                      (errhandler->predefined || errhandler->obj == FT_EH_WIN),
                  win, MPI_ERR_ARG, fn,
                  "invalid window error handler (argument errhandler)");
    ft_errhandler_retain(errhandler);
    ft_errhandler_release(win->errh);
    win->errh = errhandler;
    /* A program that handles errors itself may survive failures: the
     * launcher must not end the job when a rank dies. */
    if (errhandler->kind != FT_EH_FATAL && errhandler->kind != FT_EH_ABORT)
        ft_client_tolerant(&win->eng->client);
    return MPI_SUCCESS;
}

int PMPI_Win_get_errhandler(MPI_Win win, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Win_get_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(errhandler, win, MPI_ERR_ARG, fn, "errhandler is NULL");
    ft_errhandler_retain(win->errh);
    *errhandler = win->errh;
    return MPI_SUCCESS;
}

int PMPI_Win_call_errhandler(MPI_Win win, int errorcode)
{
    static const char fn[] = "MPI_Win_call_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    /* MPI_ERRORS_ARE_FATAL ends the job here; a handler that returns
     * makes this call a success. */
    ft_api_win_raise(win, errorcode);
    return MPI_SUCCESS;
}

/* ---- attributes ---------------------------------------------------------- */

/* The predefined copy function that copies the value itself. */
int MPI_WIN_DUP_FN(MPI_Win oldwin, int keyval, void *extra_state,
                   void *attribute_val_in, void *attribute_val_out, int *flag)
{
    (void)oldwin;
    (void)keyval;
    (void)extra_state;
    *(void **)attribute_val_out = attribute_val_in;
    *flag = 1;
    return MPI_SUCCESS;
}

static bool win_keyval(int keyval)
{
    return keyval >= MPI_WIN_BASE && keyval <= MPI_WIN_MODEL;
}

static bool predefined_keyval(int keyval)
{
    return keyval >= MPI_TAG_UB && keyval <= FTMPI_KEYVAL_BUILTIN_LAST;
}

/* Checks that keyval names a window keyval that still exists; 0 or the
 * raised error (on win, or MPI_COMM_WORLD when win is NULL). */
static int check_keyval(MPI_Win win, const char *fn, int keyval)
{
    if (ft_attr_keyval_alive(FT_ATTR_WIN, keyval))
        return 0;
    if (predefined_keyval(keyval) && !win_keyval(keyval))
        return win ? ft_api_win_err(win, MPI_ERR_KEYVAL, fn,
                                    "keyval=%d is a communicator attribute",
                                    keyval)
                   : ft_api_err(NULL, MPI_ERR_KEYVAL, fn,
                                "keyval=%d is a communicator attribute",
                                keyval);
    if (ft_attr_keyval_alive(FT_ATTR_COMM, keyval) ||
        ft_attr_keyval_alive(FT_ATTR_TYPE, keyval))
        return win ? ft_api_win_err(win, MPI_ERR_KEYVAL, fn,
                                    "keyval=%d is not a window keyval", keyval)
                   : ft_api_err(NULL, MPI_ERR_KEYVAL, fn,
                                "keyval=%d is not a window keyval", keyval);
    return win ? ft_api_win_err(win, MPI_ERR_KEYVAL, fn,
                                "keyval=%d is not a valid keyval", keyval)
               : ft_api_err(NULL, MPI_ERR_KEYVAL, fn,
                            "keyval=%d is not a valid keyval", keyval);
}

int PMPI_Win_create_keyval(MPI_Win_copy_attr_function *win_copy_attr_fn,
                           MPI_Win_delete_attr_function *win_delete_attr_fn,
                           int *win_keyval, void *extra_state)
{
    static const char fn[] = "MPI_Win_create_keyval";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(win_keyval, NULL, MPI_ERR_ARG, fn, "win_keyval is NULL");
    struct ft_attr_fns fns = {.kind = FT_ATTR_WIN};
    fns.copy.win = win_copy_attr_fn;
    fns.del.win = win_delete_attr_fn;
    return ft_api_ret(NULL,
                      ft_attr_keyval_create(&fns, extra_state, win_keyval), fn);
}

int PMPI_Win_free_keyval(int *win_keyval)
{
    static const char fn[] = "MPI_Win_free_keyval";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(win_keyval, NULL, MPI_ERR_ARG, fn, "win_keyval is NULL");
    FT_CHECK_ARG(!predefined_keyval(*win_keyval), NULL, MPI_ERR_KEYVAL, fn,
                 "keyval=%d is predefined and cannot be freed", *win_keyval);
    int rc = check_keyval(NULL, fn, *win_keyval);
    if (rc)
        return rc;
    FT_CHECK_ARG(ft_attr_keyval_free(FT_ATTR_WIN, *win_keyval) == 0, NULL,
                 MPI_ERR_KEYVAL, fn, "keyval=%d was already freed",
                 *win_keyval);
    *win_keyval = MPI_KEYVAL_INVALID;
    return MPI_SUCCESS;
}

int PMPI_Win_set_attr(MPI_Win win, int win_keyval, void *attribute_val)
{
    static const char fn[] = "MPI_Win_set_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(!predefined_keyval(win_keyval), win, MPI_ERR_KEYVAL, fn,
                  "keyval=%d is predefined: its value cannot be set",
                  win_keyval);
    int rc = check_keyval(win, fn, win_keyval);
    if (rc)
        return rc;
    FT_CHECK_WARG(
        ft_attr_keyval_valid(FT_ATTR_WIN, win_keyval), win, MPI_ERR_KEYVAL, fn,
        "keyval=%d was freed: no new value can be set with it", win_keyval);
    return ft_api_win_ret(
        win,
        ft_attr_set(&win->attrs, win, FT_ATTR_WIN, win_keyval, attribute_val),
        fn);
}

int PMPI_Win_get_attr(MPI_Win win, int win_keyval, void *attribute_val,
                      int *flag)
{
    static const char fn[] = "MPI_Win_get_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(attribute_val && flag, win, MPI_ERR_ARG, fn,
                  "attribute_val or flag is NULL");
    /* MPI_WIN_BASE is the base address itself; the others point at their
     * values, which live as long as the window. */
    switch (win_keyval) {
    case MPI_WIN_BASE:
        *(void **)attribute_val = win->base;
        *flag = 1;
        return MPI_SUCCESS;
    case MPI_WIN_SIZE:
        *(MPI_Aint **)attribute_val = &win->attr_size;
        *flag = 1;
        return MPI_SUCCESS;
    case MPI_WIN_DISP_UNIT:
        *(int **)attribute_val = &win->attr_disp_unit;
        *flag = 1;
        return MPI_SUCCESS;
    case MPI_WIN_CREATE_FLAVOR:
        *(int **)attribute_val = &win->attr_flavor;
        *flag = 1;
        return MPI_SUCCESS;
    case MPI_WIN_MODEL:
        *(int **)attribute_val = &win->attr_model;
        *flag = 1;
        return MPI_SUCCESS;
    }
    int rc = check_keyval(win, fn, win_keyval);
    if (rc)
        return rc;
    void *v = NULL;
    bool found = false;
    rc = ft_attr_get(win->attrs, FT_ATTR_WIN, win_keyval, &v, &found);
    if (rc)
        return ft_api_win_ret(win, rc, fn);
    *flag = found;
    if (found)
        *(void **)attribute_val = v;
    return MPI_SUCCESS;
}

int PMPI_Win_delete_attr(MPI_Win win, int win_keyval)
{
    static const char fn[] = "MPI_Win_delete_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(!predefined_keyval(win_keyval), win, MPI_ERR_KEYVAL, fn,
                  "keyval=%d is predefined: its value cannot be deleted",
                  win_keyval);
    int rc = check_keyval(win, fn, win_keyval);
    if (rc)
        return rc;
    return ft_api_win_ret(
        win, ft_attr_delete(&win->attrs, win, FT_ATTR_WIN, win_keyval), fn);
}
