/*
 * rma.c -- one-sided communication calls (MPI 3.1 chapter 11.3-11.5): put,
 * get, the accumulates and their request-based forms, and the three kinds
 * of synchronization (fence; post/start/complete/wait; lock/unlock and
 * flush).
 *
 * Every call checks its arguments and the epoch rules and raises errors on
 * the window: MPI_ERR_RMA_SYNC for a call made in the wrong epoch,
 * MPI_ERR_RMA_RANGE for target memory outside the target's window,
 * MPI_ERR_LOCKTYPE, MPI_ERR_ASSERT for assertions a call does not take,
 * MPIX_ERR_PROC_FAILED when the target has failed.
 *
 * One liberty with the fence rules, as MPICH takes it: a fence opens an
 * epoch only if an operation follows; a lock, start or post right after a
 * fence (with no operation in between) is accepted, as many programs end
 * their fence phase with MPI_Win_fence(0) rather than MPI_MODE_NOSUCCEED.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "base/err.h"
#include "core/group.h"
#include "core/op.h"
#include "mpi/api.h"

#pragma weak MPI_Put = PMPI_Put
#pragma weak MPI_Get = PMPI_Get
#pragma weak MPI_Accumulate = PMPI_Accumulate
#pragma weak MPI_Get_accumulate = PMPI_Get_accumulate
#pragma weak MPI_Fetch_and_op = PMPI_Fetch_and_op
#pragma weak MPI_Compare_and_swap = PMPI_Compare_and_swap
#pragma weak MPI_Rput = PMPI_Rput
#pragma weak MPI_Rget = PMPI_Rget
#pragma weak MPI_Raccumulate = PMPI_Raccumulate
#pragma weak MPI_Rget_accumulate = PMPI_Rget_accumulate
#pragma weak MPI_Win_fence = PMPI_Win_fence
#pragma weak MPI_Win_start = PMPI_Win_start
#pragma weak MPI_Win_complete = PMPI_Win_complete
#pragma weak MPI_Win_post = PMPI_Win_post
#pragma weak MPI_Win_wait = PMPI_Win_wait
#pragma weak MPI_Win_test = PMPI_Win_test
#pragma weak MPI_Win_lock = PMPI_Win_lock
#pragma weak MPI_Win_unlock = PMPI_Win_unlock
#pragma weak MPI_Win_lock_all = PMPI_Win_lock_all
#pragma weak MPI_Win_unlock_all = PMPI_Win_unlock_all
#pragma weak MPI_Win_flush = PMPI_Win_flush
#pragma weak MPI_Win_flush_all = PMPI_Win_flush_all
#pragma weak MPI_Win_flush_local = PMPI_Win_flush_local
#pragma weak MPI_Win_flush_local_all = PMPI_Win_flush_local_all
#pragma weak MPI_Win_sync = PMPI_Win_sync

static bool op_ok(MPI_Op op)
{
    return op && op->magic == FT_MAGIC_OP;
}

/* Checks a (buffer, count, datatype) triple of a window call. */
static int check_buf(MPI_Win w, const char *fn, const void *buf, int count,
                     MPI_Datatype dt, const char *what)
{
    FT_CHECK_WARG(count >= 0, w, MPI_ERR_COUNT, fn,
                  "negative count %d (argument %s_count)", count, what);
    FT_CHECK_WARG(ft_api_type_ok(dt), w, MPI_ERR_TYPE, fn,
                  "invalid datatype (argument %s_datatype)", what);
    FT_CHECK_WARG(dt->flags & FT_DT_COMMITTED, w, MPI_ERR_TYPE, fn,
                  "%s_datatype is not committed", what);
    FT_CHECK_WARG(
        buf || count == 0 || dt->size == 0 || !(dt->flags & FT_DT_PREDEF), w,
        MPI_ERR_BUFFER, fn, "%s_addr is NULL but count is %d", what, count);
    return 0;
}

static const char no_epoch[] =
    "no access epoch is open for target rank %d (MPI_Win_fence, "
    "MPI_Win_start, MPI_Win_lock or MPI_Win_lock_all come first)";

/* Checks the target of an operation: rank, epoch, datatype and range.
 * Sets *skip for MPI_PROC_NULL (nothing to do). */
static int check_target(MPI_Win w, const char *fn, int rank, MPI_Aint disp,
                        int count, MPI_Datatype dt, bool *skip)
{
    *skip = false;
    ft_api_eng->call.peer_arg = "target_rank";
    ft_api_eng->call.peer = rank;
    FT_CHECK_WARG(rank == MPI_PROC_NULL || (rank >= 0 && rank < w->size), w,
                  MPI_ERR_RANK, fn,
                  "target_rank=%d is not a rank of the window (size %d)", rank,
                  w->size);
    int rc = check_buf(w, fn, (void *)1, count, dt, "target");
    if (rc)
        return rc;
    if (rank == MPI_PROC_NULL) {
        *skip = true;
        return 0;
    }
    FT_CHECK_WARG(ft_win_may_access(w, rank), w, MPI_ERR_RMA_SYNC, fn, no_epoch,
                  rank);
    if (w->peers[rank].proc->hole) { /* FT-MPI blank mode: as PROC_NULL */
        *skip = true;
        return 0;
    }
    FT_CHECK_WARG(disp >= 0 || w->flavor == FT_WIN_DYNAMIC, w, MPI_ERR_DISP, fn,
                  "target_disp %ld is negative", (long)disp);
    FT_CHECK_WARG(ft_win_in_range(w, rank, disp, (size_t)count, dt), w,
                  MPI_ERR_RMA_RANGE, fn,
                  "target_disp %ld with %d elements of the target datatype "
                  "reaches outside the %lu bytes of rank %d's window",
                  (long)disp, count, (unsigned long)w->peers[rank].size, rank);
    return 0;
}

/* The origin (or result) data must fill the target's exactly. */
static int check_sizes(MPI_Win w, const char *fn, int count, MPI_Datatype dt,
                       int tcount, MPI_Datatype tdt, const char *what)
{
    size_t a = (size_t)count * dt->size, b = (size_t)tcount * tdt->size;
    FT_CHECK_WARG(a == b, w, MPI_ERR_TYPE, fn,
                  "the %s buffer holds %zu bytes but the target %zu: the "
                  "type signatures do not match",
                  what, a, b);
    return 0;
}

/* Accumulates need a predefined operation (not a user one) defined for
 * the one basic type both datatypes are made of. */
static int check_acc(MPI_Win w, const char *fn, MPI_Op op, MPI_Datatype odt,
                     MPI_Datatype tdt, bool origin)
{
    FT_CHECK_WARG(op_ok(op), w, MPI_ERR_OP, fn,
                  "invalid operation (argument op)");
    FT_CHECK_WARG(op->predefined, w, MPI_ERR_OP, fn,
                  "user-defined operations cannot accumulate into windows");
    FT_CHECK_WARG(tdt->basic != FT_B_NONE || tdt->size == 0, w, MPI_ERR_TYPE,
                  fn,
                  "target_datatype mixes basic types; accumulates need one "
                  "predefined type throughout");
    if (origin)
        FT_CHECK_WARG(odt->basic == tdt->basic || odt->size == 0 ||
                          tdt->size == 0,
                      w, MPI_ERR_TYPE, fn,
                      "origin_datatype and target_datatype are not made of "
                      "the same predefined type");
    FT_CHECK_WARG(tdt->size == 0 || ft_win_op_ok(op->kind, tdt->basic), w,
                  MPI_ERR_OP, fn,
                  "%s is not defined for target_datatype %s (arguments op "
                  "and target_datatype)",
                  op->name, tdt->name[0] ? tdt->name : "(derived)");
    return 0;
}

/* Starts a checked operation; with req, a request-based one (which only a
 * passive-target epoch allows). */
static int start(MPI_Win w, const char *fn, struct ft_rma_args *a,
                 MPI_Request *req)
{
    struct ft_request *r = NULL;
    int rc = ft_win_rma(w, a, req ? &r : NULL);
    if (rc)
        return ft_api_win_ret(w, rc, fn);
    if (req)
        *req = r;
    return MPI_SUCCESS;
}

/* A request for an operation on MPI_PROC_NULL: complete at once. */
static int null_request(MPI_Win w, const char *fn, MPI_Request *req)
{
    struct ft_request *r = ft_req_alloc(&ft_api_eng->reqs, FT_REQ_NULL);
    FT_CHECK_WARG(r, w, MPI_ERR_NO_MEM, fn, "out of memory");
    r->complete = 1;
    *req = r;
    return MPI_SUCCESS;
}

/* Request-based operations (req not NULL) need a passive-target epoch;
 * rank is valid. */
static int check_request(MPI_Win w, const char *fn, int rank, MPI_Request *req)
{
    if (!req)
        return 0;
    FT_CHECK_WARG(rank == MPI_PROC_NULL || ft_win_passive(w, rank), w,
                  MPI_ERR_RMA_SYNC, fn,
                  "request-based operations need a passive-target epoch "
                  "(MPI_Win_lock or MPI_Win_lock_all) on target rank %d",
                  rank);
    return 0;
}

/* ---- put and get --------------------------------------------------------- */

static int put_get(const char *fn, bool put, void *oaddr, int ocount,
                   MPI_Datatype odt, int rank, MPI_Aint disp, int tcount,
                   MPI_Datatype tdt, MPI_Win w, MPI_Request *req, bool reqd)
{
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(w, fn);
    FT_CHECK_WARG(!reqd || req, w, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_buf(w, fn, oaddr, ocount, odt, "origin");
    bool skip;
    if (rc || (rc = check_target(w, fn, rank, disp, tcount, tdt, &skip)) ||
        (rc = check_request(w, fn, rank, req)))
        return rc;
    if (skip)
        return req ? null_request(w, fn, req) : MPI_SUCCESS;
    if ((rc = check_sizes(w, fn, ocount, odt, tcount, tdt, "origin")))
        return rc;
    struct ft_rma_args a = {
        .kind = put ? FT_RMA_PUT : FT_RMA_GET,
        .target = rank,
        .disp = disp,
        .tcount = (size_t)tcount,
        .tdt = tdt,
    };
    if (put) {
        a.obuf = oaddr;
        a.ocount = (size_t)ocount;
        a.odt = odt;
    } else {
        a.rbuf = oaddr;
        a.rcount = (size_t)ocount;
        a.rdt = odt;
    }
    return start(w, fn, &a, req);
}

int PMPI_Put(const void *origin_addr, int origin_count,
             MPI_Datatype origin_datatype, int target_rank,
             MPI_Aint target_disp, int target_count,
             MPI_Datatype target_datatype, MPI_Win win)
{
    return put_get("MPI_Put", true, (void *)origin_addr, origin_count,
                   origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, NULL, false);
}

int PMPI_Get(void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             int target_rank, MPI_Aint target_disp, int target_count,
             MPI_Datatype target_datatype, MPI_Win win)
{
    return put_get("MPI_Get", false, origin_addr, origin_count, origin_datatype,
                   target_rank, target_disp, target_count, target_datatype, win,
                   NULL, false);
}

int PMPI_Rput(const void *origin_addr, int origin_count,
              MPI_Datatype origin_datatype, int target_rank,
              MPI_Aint target_disp, int target_count,
              MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)
{
    return put_get("MPI_Rput", true, (void *)origin_addr, origin_count,
                   origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, request, true);
}

int PMPI_Rget(void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
              int target_rank, MPI_Aint target_disp, int target_count,
              MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)
{
    return put_get("MPI_Rget", false, origin_addr, origin_count,
                   origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, request, true);
}

/* ---- accumulates --------------------------------------------------------- */

static int accumulate(const char *fn, const void *oaddr, int ocount,
                      MPI_Datatype odt, int rank, MPI_Aint disp, int tcount,
                      MPI_Datatype tdt, MPI_Op op, MPI_Win w, MPI_Request *req,
                      bool reqd)
{
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(w, fn);
    FT_CHECK_WARG(!reqd || req, w, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_buf(w, fn, oaddr, ocount, odt, "origin");
    bool skip;
    if (rc || (rc = check_target(w, fn, rank, disp, tcount, tdt, &skip)) ||
        (rc = check_acc(w, fn, op, odt, tdt, true)) ||
        (rc = check_request(w, fn, rank, req)))
        return rc;
    FT_CHECK_WARG(op->kind != FT_OP_NO_OP, w, MPI_ERR_OP, fn,
                  "MPI_NO_OP is for MPI_Get_accumulate and "
                  "MPI_Fetch_and_op only");
    if (skip)
        return req ? null_request(w, fn, req) : MPI_SUCCESS;
    if ((rc = check_sizes(w, fn, ocount, odt, tcount, tdt, "origin")))
        return rc;
    struct ft_rma_args a = {
        .kind = FT_RMA_ACC,
        .obuf = oaddr,
        .ocount = (size_t)ocount,
        .odt = odt,
        .target = rank,
        .disp = disp,
        .tcount = (size_t)tcount,
        .tdt = tdt,
        .op = op,
    };
    return start(w, fn, &a, req);
}

int PMPI_Accumulate(const void *origin_addr, int origin_count,
                    MPI_Datatype origin_datatype, int target_rank,
                    MPI_Aint target_disp, int target_count,
                    MPI_Datatype target_datatype, MPI_Op op, MPI_Win win)
{
    return accumulate("MPI_Accumulate", origin_addr, origin_count,
                      origin_datatype, target_rank, target_disp, target_count,
                      target_datatype, op, win, NULL, false);
}

int PMPI_Raccumulate(const void *origin_addr, int origin_count,
                     MPI_Datatype origin_datatype, int target_rank,
                     MPI_Aint target_disp, int target_count,
                     MPI_Datatype target_datatype, MPI_Op op, MPI_Win win,
                     MPI_Request *request)
{
    return accumulate("MPI_Raccumulate", origin_addr, origin_count,
                      origin_datatype, target_rank, target_disp, target_count,
                      target_datatype, op, win, request, true);
}

static int get_accumulate(const char *fn, const void *oaddr, int ocount,
                          MPI_Datatype odt, void *raddr, int rcount,
                          MPI_Datatype rdt, int rank, MPI_Aint disp, int tcount,
                          MPI_Datatype tdt, MPI_Op op, MPI_Win w,
                          MPI_Request *req, bool reqd)
{
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(w, fn);
    FT_CHECK_WARG(!reqd || req, w, MPI_ERR_ARG, fn, "request is NULL");
    FT_CHECK_WARG(op_ok(op), w, MPI_ERR_OP, fn,
                  "invalid operation (argument op)");
    /* With MPI_NO_OP the origin buffer is not used at all. */
    bool origin = op->kind != FT_OP_NO_OP;
    int rc = origin ? check_buf(w, fn, oaddr, ocount, odt, "origin") : 0;
    bool skip;
    if (rc || (rc = check_buf(w, fn, raddr, rcount, rdt, "result")) ||
        (rc = check_target(w, fn, rank, disp, tcount, tdt, &skip)) ||
        (rc = check_acc(w, fn, op, odt, tdt, origin)) ||
        (rc = check_request(w, fn, rank, req)))
        return rc;
    FT_CHECK_WARG(rdt->basic == tdt->basic || rdt->size == 0 || tdt->size == 0,
                  w, MPI_ERR_TYPE, fn,
                  "result_datatype and target_datatype are not made of the "
                  "same predefined type");
    if (skip)
        return req ? null_request(w, fn, req) : MPI_SUCCESS;
    if ((origin &&
         (rc = check_sizes(w, fn, ocount, odt, tcount, tdt, "origin"))) ||
        (rc = check_sizes(w, fn, rcount, rdt, tcount, tdt, "result")))
        return rc;
    struct ft_rma_args a = {
        .kind = FT_RMA_GACC,
        .obuf = origin ? oaddr : NULL,
        .ocount = origin ? (size_t)ocount : 0,
        .odt = origin ? odt : NULL,
        .rbuf = raddr,
        .rcount = (size_t)rcount,
        .rdt = rdt,
        .target = rank,
        .disp = disp,
        .tcount = (size_t)tcount,
        .tdt = tdt,
        .op = op,
    };
    return start(w, fn, &a, req);
}

int PMPI_Get_accumulate(const void *origin_addr, int origin_count,
                        MPI_Datatype origin_datatype, void *result_addr,
                        int result_count, MPI_Datatype result_datatype,
                        int target_rank, MPI_Aint target_disp, int target_count,
                        MPI_Datatype target_datatype, MPI_Op op, MPI_Win win)
{
    return get_accumulate("MPI_Get_accumulate", origin_addr, origin_count,
                          origin_datatype, result_addr, result_count,
                          result_datatype, target_rank, target_disp,
                          target_count, target_datatype, op, win, NULL, false);
}

int PMPI_Rget_accumulate(const void *origin_addr, int origin_count,
                         MPI_Datatype origin_datatype, void *result_addr,
                         int result_count, MPI_Datatype result_datatype,
                         int target_rank, MPI_Aint target_disp,
                         int target_count, MPI_Datatype target_datatype,
                         MPI_Op op, MPI_Win win, MPI_Request *request)
{
    return get_accumulate(
        "MPI_Rget_accumulate", origin_addr, origin_count, origin_datatype,
        result_addr, result_count, result_datatype, target_rank, target_disp,
        target_count, target_datatype, op, win, request, true);
}

int PMPI_Fetch_and_op(const void *origin_addr, void *result_addr,
                      MPI_Datatype datatype, int target_rank,
                      MPI_Aint target_disp, MPI_Op op, MPI_Win win)
{
    static const char fn[] = "MPI_Fetch_and_op";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(ft_api_type_ok(datatype) &&
                      (datatype->flags & FT_DT_PREDEF) && datatype->size,
                  win, MPI_ERR_TYPE, fn,
                  "datatype must be a predefined datatype");
    return get_accumulate(fn, origin_addr, 1, datatype, result_addr, 1,
                          datatype, target_rank, target_disp, 1, datatype, op,
                          win, NULL, false);
}

/* The basic kinds compare-and-swap takes: integers, logical, byte. */
static bool cas_kind(int b)
{
    switch (b) {
    case FT_B_CHAR:
    case FT_B_SCHAR:
    case FT_B_UCHAR:
    case FT_B_BYTE:
    case FT_B_WCHAR:
    case FT_B_SHORT:
    case FT_B_USHORT:
    case FT_B_INT:
    case FT_B_UINT:
    case FT_B_LONG:
    case FT_B_ULONG:
    case FT_B_LLONG:
    case FT_B_ULLONG:
    case FT_B_BOOL:
    case FT_B_INT8:
    case FT_B_INT16:
    case FT_B_INT32:
    case FT_B_INT64:
    case FT_B_UINT8:
    case FT_B_UINT16:
    case FT_B_UINT32:
    case FT_B_UINT64:
    case FT_B_AINT:
    case FT_B_OFFSET:
    case FT_B_COUNT:
    case FT_B_INTEGER:
    case FT_B_LOGICAL:
        return true;
    default:
        return false;
    }
}

int PMPI_Compare_and_swap(const void *origin_addr, const void *compare_addr,
                          void *result_addr, MPI_Datatype datatype,
                          int target_rank, MPI_Aint target_disp, MPI_Win win)
{
    static const char fn[] = "MPI_Compare_and_swap";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(ft_api_type_ok(datatype) &&
                      (datatype->flags & FT_DT_PREDEF) &&
                      cas_kind(datatype->basic),
                  win, MPI_ERR_TYPE, fn,
                  "datatype must be a predefined integer, logical or byte "
                  "datatype");
    FT_CHECK_WARG(origin_addr && compare_addr && result_addr, win,
                  MPI_ERR_BUFFER, fn,
                  "origin_addr, compare_addr or result_addr is NULL");
    bool skip;
    int rc =
        check_target(win, fn, target_rank, target_disp, 1, datatype, &skip);
    if (rc || skip)
        return rc;
    struct ft_rma_args a = {
        .kind = FT_RMA_CAS,
        .obuf = origin_addr,
        .ocount = 1,
        .odt = datatype,
        .rbuf = result_addr,
        .rcount = 1,
        .rdt = datatype,
        .target = target_rank,
        .disp = target_disp,
        .tcount = 1,
        .tdt = datatype,
        .cmp = compare_addr,
    };
    return start(win, fn, &a, NULL);
}

/* ---- active target: fence ------------------------------------------------ */

int PMPI_Win_fence(int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_fence";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(!(assert & ~(MPI_MODE_NOSTORE | MPI_MODE_NOPUT |
                               MPI_MODE_NOPRECEDE | MPI_MODE_NOSUCCEED)),
                  win, MPI_ERR_ASSERT, fn,
                  "assert=%d: a fence takes only MPI_MODE_NOSTORE, _NOPUT, "
                  "_NOPRECEDE and _NOSUCCEED",
                  assert);
    FT_CHECK_WARG(!ft_win_in_epoch(win), win, MPI_ERR_RMA_SYNC, fn,
                  "a lock, lock_all, start or post epoch is open on the "
                  "window");
    return ft_api_win_ret(win, ft_win_fence(win, assert &MPI_MODE_NOSUCCEED),
                          fn);
}

/* ---- active target: post, start, complete, wait ------------------------- */

/* The window ranks of the members of group, in *ranks (the caller frees). */
static int group_ranks(MPI_Win w, const char *fn, MPI_Group group, int **ranks)
{
    FT_CHECK_WARG(ft_api_group_ok(group), w, MPI_ERR_GROUP, fn,
                  "invalid group (argument group)");
    int *r = malloc((size_t)(group->size ? group->size : 1) * sizeof *r);
    FT_CHECK_WARG(r, w, MPI_ERR_NO_MEM, fn, "out of memory");
    for (int i = 0; i < group->size; i++) {
        r[i] = ft_group_find(w->comm->group, group->procs[i]);
        if (r[i] == FT_UNDEFINED) {
            free(r);
            return ft_api_win_err(w, MPI_ERR_GROUP, fn,
                                  "member %d of group is not a member of "
                                  "the window",
                                  i);
        }
    }
    *ranks = r;
    return 0;
}

/* A new active-target epoch may not start inside a fence epoch that has
 * seen operations. */
static int check_no_fence(MPI_Win w, const char *fn)
{
    FT_CHECK_WARG(!(w->fence_open && w->fence_used), w, MPI_ERR_RMA_SYNC, fn,
                  "the fence epoch has operations: close it with "
                  "MPI_Win_fence first");
    return 0;
}

int PMPI_Win_post(MPI_Group group, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_post";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(
        !(assert & ~(MPI_MODE_NOCHECK | MPI_MODE_NOSTORE | MPI_MODE_NOPUT)),
        win, MPI_ERR_ASSERT, fn,
        "assert=%d: MPI_Win_post takes only MPI_MODE_NOCHECK, "
        "_NOSTORE and _NOPUT",
        assert);
    FT_CHECK_WARG(!win->posted, win, MPI_ERR_RMA_SYNC, fn,
                  "an exposure epoch (MPI_Win_post) is already open");
    int rc = check_no_fence(win, fn);
    int *ranks;
    if (rc || (rc = group_ranks(win, fn, group, &ranks)))
        return rc;
    rc = ft_win_post(win, ranks, group->size, assert &MPI_MODE_NOCHECK);
    free(ranks);
    return ft_api_win_ret(win, rc, fn);
}

int PMPI_Win_start(MPI_Group group, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_start";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(!(assert & ~MPI_MODE_NOCHECK), win, MPI_ERR_ASSERT, fn,
                  "assert=%d: MPI_Win_start takes only MPI_MODE_NOCHECK",
                  assert);
    FT_CHECK_WARG(!win->started, win, MPI_ERR_RMA_SYNC, fn,
                  "an access epoch (MPI_Win_start) is already open");
    FT_CHECK_WARG(!win->lock_all && !win->nlocked, win, MPI_ERR_RMA_SYNC, fn,
                  "a passive-target epoch (lock or lock_all) is open");
    int rc = check_no_fence(win, fn);
    int *ranks;
    if (rc || (rc = group_ranks(win, fn, group, &ranks)))
        return rc;
    rc = ft_win_start(win, ranks, group->size, assert &MPI_MODE_NOCHECK);
    free(ranks);
    return ft_api_win_ret(win, rc, fn);
}

int PMPI_Win_complete(MPI_Win win)
{
    static const char fn[] = "MPI_Win_complete";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->started, win, MPI_ERR_RMA_SYNC, fn,
                  "no access epoch was started (MPI_Win_start)");
    return ft_api_win_ret(win, ft_win_complete(win), fn);
}

int PMPI_Win_wait(MPI_Win win)
{
    static const char fn[] = "MPI_Win_wait";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->posted, win, MPI_ERR_RMA_SYNC, fn,
                  "no exposure epoch was posted (MPI_Win_post)");
    return ft_api_win_ret(win, ft_win_wait(win), fn);
}

int PMPI_Win_test(MPI_Win win, int *flag)
{
    static const char fn[] = "MPI_Win_test";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(flag, win, MPI_ERR_ARG, fn, "flag is NULL");
    FT_CHECK_WARG(win->posted, win, MPI_ERR_RMA_SYNC, fn,
                  "no exposure epoch was posted (MPI_Win_post)");
    bool f = false;
    int rc = ft_win_test(win, &f);
    *flag = f;
    return ft_api_win_ret(win, rc, fn);
}

/* ---- passive target ------------------------------------------------------ */

int PMPI_Win_lock(int lock_type, int rank, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_lock";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(lock_type == MPI_LOCK_EXCLUSIVE ||
                      lock_type == MPI_LOCK_SHARED,
                  win, MPI_ERR_LOCKTYPE, fn,
                  "lock_type=%d is neither MPI_LOCK_EXCLUSIVE nor "
                  "MPI_LOCK_SHARED",
                  lock_type);
    ft_api_eng->call.peer_arg = "rank";
    ft_api_eng->call.peer = rank;
    FT_CHECK_WARG(rank == MPI_PROC_NULL || (rank >= 0 && rank < win->size), win,
                  MPI_ERR_RANK, fn,
                  "rank=%d is not a rank of the window (size %d)", rank,
                  win->size);
    FT_CHECK_WARG(!(assert & ~MPI_MODE_NOCHECK), win, MPI_ERR_ASSERT, fn,
                  "assert=%d: MPI_Win_lock takes only MPI_MODE_NOCHECK",
                  assert);
    if (rank == MPI_PROC_NULL)
        return MPI_SUCCESS;
    FT_CHECK_WARG(!win->lock_all, win, MPI_ERR_RMA_SYNC, fn,
                  "MPI_Win_lock_all is in force");
    FT_CHECK_WARG(!win->started, win, MPI_ERR_RMA_SYNC, fn,
                  "an active-target access epoch (MPI_Win_start) is open");
    FT_CHECK_WARG(!win->peers[rank].o_lock, win, MPI_ERR_RMA_SYNC, fn,
                  "rank %d is already locked by this process", rank);
    int rc = check_no_fence(win, fn);
    if (rc)
        return rc;
    enum ft_lock t =
        lock_type == MPI_LOCK_EXCLUSIVE ? FT_LOCK_EXCL : FT_LOCK_SHARED;
    return ft_api_win_ret(
        win, ft_win_lock(win, t, rank, assert &MPI_MODE_NOCHECK), fn);
}

int PMPI_Win_unlock(int rank, MPI_Win win)
{
    static const char fn[] = "MPI_Win_unlock";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    ft_api_eng->call.peer_arg = "rank";
    ft_api_eng->call.peer = rank;
    FT_CHECK_WARG(rank == MPI_PROC_NULL || (rank >= 0 && rank < win->size), win,
                  MPI_ERR_RANK, fn,
                  "rank=%d is not a rank of the window (size %d)", rank,
                  win->size);
    if (rank == MPI_PROC_NULL)
        return MPI_SUCCESS;
    FT_CHECK_WARG(win->peers[rank].o_lock, win, MPI_ERR_RMA_SYNC, fn,
                  "rank %d is not locked by this process", rank);
    return ft_api_win_ret(win, ft_win_unlock(win, rank), fn);
}

int PMPI_Win_lock_all(int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_lock_all";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(!(assert & ~MPI_MODE_NOCHECK), win, MPI_ERR_ASSERT, fn,
                  "assert=%d: MPI_Win_lock_all takes only MPI_MODE_NOCHECK",
                  assert);
    FT_CHECK_WARG(!win->lock_all && !win->nlocked, win, MPI_ERR_RMA_SYNC, fn,
                  "a passive-target epoch (lock or lock_all) is already "
                  "open");
    FT_CHECK_WARG(!win->started, win, MPI_ERR_RMA_SYNC, fn,
                  "an active-target access epoch (MPI_Win_start) is open");
    int rc = check_no_fence(win, fn);
    if (rc)
        return rc;
    return ft_api_win_ret(win, ft_win_lock_all(win, assert &MPI_MODE_NOCHECK),
                          fn);
}

int PMPI_Win_unlock_all(MPI_Win win)
{
    static const char fn[] = "MPI_Win_unlock_all";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    FT_CHECK_WARG(win->lock_all, win, MPI_ERR_RMA_SYNC, fn,
                  "MPI_Win_lock_all was not called");
    return ft_api_win_ret(win, ft_win_unlock_all(win), fn);
}

/* The flushes; all: the _all forms (rank is not used). */
static int flush(const char *fn, int rank, bool all, MPI_Win win)
{
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    if (!all) {
        ft_api_eng->call.peer_arg = "rank";
        ft_api_eng->call.peer = rank;
        FT_CHECK_WARG(rank == MPI_PROC_NULL || (rank >= 0 && rank < win->size),
                      win, MPI_ERR_RANK, fn,
                      "rank=%d is not a rank of the window (size %d)", rank,
                      win->size);
        if (rank == MPI_PROC_NULL)
            return MPI_SUCCESS;
    }
    FT_CHECK_WARG(ft_win_passive(win, all ? -1 : rank), win, MPI_ERR_RMA_SYNC,
                  fn,
                  "no passive-target epoch (MPI_Win_lock or MPI_Win_lock_all) "
                  "is open on %s",
                  all ? "the window" : "that rank");
    return ft_api_win_ret(win, ft_win_flush(win, all ? -1 : rank), fn);
}

int PMPI_Win_flush(int rank, MPI_Win win)
{
    return flush("MPI_Win_flush", rank, false, win);
}

int PMPI_Win_flush_all(MPI_Win win)
{
    return flush("MPI_Win_flush_all", 0, true, win);
}

/* Local completion is implied by remote completion, which is what these
 * wait for: an operation is complete here once its target answered. */
int PMPI_Win_flush_local(int rank, MPI_Win win)
{
    return flush("MPI_Win_flush_local", rank, false, win);
}

int PMPI_Win_flush_local_all(MPI_Win win)
{
    return flush("MPI_Win_flush_local_all", 0, true, win);
}

int PMPI_Win_sync(MPI_Win win)
{
    static const char fn[] = "MPI_Win_sync";
    FT_CHECK_READY(fn);
    FT_CHECK_WIN(win, fn);
    /* There is one copy of window memory (the unified model): making our
     * loads and stores visible in order is all there is to do. */
    atomic_thread_fence(memory_order_seq_cst);
    return MPI_SUCCESS;
}
