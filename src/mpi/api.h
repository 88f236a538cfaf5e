/*
 * api.h -- what the files of the API layer share: the process's engine,
 * argument checks, and the one place internal error codes become MPI error
 * classes and reach error handlers.
 *
 * Each MPI function is defined as PMPI_X with MPI_X a weak alias, so a
 * profiling library can define MPI_X and call PMPI_X.  Inside the library,
 * functions call the core directly, never MPI_X, so profilers see only the
 * user's calls.
 */
#ifndef FT_MPI_API_H
#define FT_MPI_API_H

#include <stdbool.h>
#include <limits.h>
#include <stdarg.h>

#include <mpi.h>

#include "core/comm.h"
#include "core/datatype.h"
#include "core/engine.h"
#include "core/errhandler.h"
#include "core/group.h"
#include "core/info.h"
#include "core/magic.h"
#include "core/pt2pt.h"
#include "core/request.h"
#include "core/win.h"

enum ft_api_state { FT_API_BEFORE, FT_API_READY, FT_API_AFTER };

/* The engine of this process (NULL outside MPI_Init..MPI_Finalize). */
extern struct ft_engine *ft_api_eng;
extern enum ft_api_state ft_api_state;

/* Raises error class cls on comm (NULL: the initial error handler, or
 * MPI_COMM_WORLD once initialized).  The code returned names fn and the
 * detail for MPI_Error_string.  Returns what the handler lets through. */
int ft_api_err(MPI_Comm comm, int cls, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Converts an internal result (0 or negative code) to an MPI code and, if
 * it is an error, raises it on comm.  A positive rc is an MPI error code a
 * user callback returned (attribute copy/delete functions); it is raised
 * unchanged. */
int ft_api_ret(MPI_Comm comm, int rc, const char *fn);

/* Raises an MPI error code that already exists (a class, or a code
 * returned by an earlier call) on comm. */
int ft_api_raise(MPI_Comm comm, int code);

/* The same three for windows: the window's error handler is called (with
 * the window's handle).  win may be a window the user has freed meanwhile
 * (for errors of its requests); NULL raises on MPI_COMM_WORLD. */
int ft_api_win_err(struct ft_win *win, int cls, const char *fn,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int ft_api_win_ret(struct ft_win *win, int rc, const char *fn);
int ft_api_win_raise(struct ft_win *win, int code);

/* Attributes of communicators (attr.c).  copy runs the copy callbacks of
 * comm's attributes into newcomm (MPI_Comm_dup); on failure newcomm is
 * left with no attribute.  delete runs every delete callback, the last
 * set first (MPI_Comm_free, MPI_Finalize on MPI_COMM_SELF), and stops at
 * one that fails.  Both return 0, a negative internal code, or the failed
 * callback's MPI code (for ft_api_ret). */
int ft_api_comm_copy_attrs(MPI_Comm comm, MPI_Comm newcomm);
int ft_api_comm_delete_attrs(MPI_Comm comm);

/* Process topologies (topo.c): comm must be a valid intracommunicator
 * carrying a topology of kind (enum ft_topo_kind), or of any kind with
 * FT_API_ANY_TOPO; *t gets it.  Otherwise raises MPI_ERR_COMM or
 * MPI_ERR_TOPOLOGY as fn and returns that code. */
#define FT_API_ANY_TOPO (-1)
struct ft_topo;
int ft_api_topo(MPI_Comm comm, const char *fn, int kind,
                const struct ft_topo **t);

/* Returns from the calling function with x's code when it is not 0. */
#define CHECK(x)                                                              \
    do {                                                                      \
        int rc_ = (x);                                                        \
        if (rc_)                                                              \
            return rc_;                                                       \
    } while (0)

/* The MPI error class of an internal code. */
int ft_api_class(int rc);

/* Raises "called before MPI_Init / after MPI_Finalize". */
int ft_api_not_ready(const char *fn);

/* The largest error code or class added so far (MPI_LASTUSEDCODE). */
int ft_api_last_used_code(void);

/* FT-MPI recovery of comm into *newcomm, raising errors as fn; by_key
 * orders the survivors by key (MPI_Comm_split with
 * FTMPI_COLOR_NOT_DEAD_YET). */
int ft_api_recover(MPI_Comm comm, bool by_key, int key, MPI_Comm *newcomm,
                   const char *fn);

/* Starts a persistent buffered send (bsend.c). */
int ft_api_start_bsend(struct ft_request *r);

/* Whether comm's error handler lets errors return (not fatal). */
bool ft_api_errors_return(MPI_Comm comm);

static inline bool ft_api_comm_ok(MPI_Comm c)
{
    return c && c->magic == FT_MAGIC_COMM;
}

static inline bool ft_api_type_ok(MPI_Datatype t)
{
    return t && t->magic == FT_MAGIC_TYPE;
}

static inline bool ft_api_group_ok(MPI_Group g)
{
    return g && g->magic == FT_MAGIC_GROUP;
}

static inline bool ft_api_info_ok(MPI_Info i)
{
    return i && i->magic == FT_MAGIC_INFO;
}

static inline bool ft_api_errh_ok(MPI_Errhandler e)
{
    return e && e->magic == FT_MAGIC_ERRH;
}

static inline bool ft_api_win_ok(MPI_Win w)
{
    return w && w->magic == FT_MAGIC_WIN;
}

/* Checks a (buffer, count, datatype) triple; returns 0 or the raised
 * error code. */
int ft_api_check_buf(MPI_Comm comm, const char *fn, const void *buf,
                     int count, MPI_Datatype dt, const char *bufname);

/* Checks a destination/source rank: 0..size-1, MPI_PROC_NULL, and
 * MPI_ANY_SOURCE when any_ok. */
int ft_api_check_rank(MPI_Comm comm, const char *fn, int rank,
                      const char *argname, bool any_ok);

/* Checks a tag: 0..MPI_TAG_UB, and MPI_ANY_TAG when any_ok. */
int ft_api_check_tag(MPI_Comm comm, const char *fn, int tag, bool any_ok);

/* Copies an internal status out. */
static inline void ft_api_status(MPI_Status *s, const struct ft_status *st)
{
    if (!s)
        return;
    s->MPI_SOURCE = st->source;
    s->MPI_TAG = st->tag;
    s->ftmpi_cancelled = st->cancelled;
    s->ftmpi_count = st->bytes;
}

#define FT_TAG_UB 0x7fffffff

/* Every MPI function starts with this: it refuses calls outside
 * MPI_Init..MPI_Finalize and records which call this is, for supervision
 * reports (a few stores; published only if the call ends up waiting). */
#define FT_CHECK_READY(fn)                                                    \
    do {                                                                      \
        if (__builtin_expect(ft_api_state != FT_API_READY, 0))                \
            return ft_api_not_ready(fn);                                      \
        ft_api_eng->call.fn = (fn);                                           \
        ft_api_eng->call.comm = NULL;                                         \
        ft_api_eng->call.peer_arg = NULL;                                     \
        ft_api_eng->call.tag = INT_MIN;                                       \
        ft_api_eng->call.req = NULL;                                          \
    } while (0)

#define FT_CHECK_COMM(c_, fn)                                                 \
    do {                                                                      \
        if (__builtin_expect(!ft_api_comm_ok(c_), 0))                         \
            return ft_api_err(NULL, MPI_ERR_COMM, fn,                         \
                              "invalid communicator (argument comm)");        \
        ft_api_eng->call.comm = (c_);                                         \
    } while (0)

#define FT_CHECK_WIN(w_, fn)                                                  \
    do {                                                                      \
        if (__builtin_expect(!ft_api_win_ok(w_), 0))                          \
            return ft_api_err(NULL, MPI_ERR_WIN, fn,                          \
                              "invalid window (argument win)");               \
        ft_api_eng->call.comm = (w_)->comm;                                   \
    } while (0)

/* A check whose failure raises cls on window w. */
#define FT_CHECK_WARG(cond, w, cls, fn, ...)                                  \
    do {                                                                      \
        if (__builtin_expect(!(cond), 0))                                     \
            return ft_api_win_err(w, cls, fn, __VA_ARGS__);                   \
    } while (0)

#define FT_CHECK_ARG(cond, comm, cls, fn, ...)                                \
    do {                                                                      \
        if (__builtin_expect(!(cond), 0))                                     \
            return ft_api_err(comm, cls, fn, __VA_ARGS__);                    \
    } while (0)

#endif
