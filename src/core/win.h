/*
 * win.h -- one-sided communication (MPI 3.1 chapter 11): windows, the
 * operations that read and write them, and their synchronization.
 *
 * A window owns a hidden duplicate of the communicator it was made on; its
 * context id names the window in every packet, and its collective context
 * carries the window's own collectives (creation, fence, free), so nothing
 * the user sends can ever match them.  At creation every member learns the
 * base address, size and displacement unit of every other.
 *
 * How data moves to a target, in order of preference:
 *   - the target is this process, or the window's memory is one mapping
 *     shared by all members (MPI_Win_allocate_shared, and MPI_Win_allocate
 *     when every member is on this host): a plain copy;
 *   - the target is on this host: process_vm_readv/writev straight into
 *     its memory (the transport's rw op), with no help from the target, so
 *     a passive-target epoch needs no progress at the target;
 *   - otherwise, or where the kernel refuses, or for a dynamic window
 *     (whose attached memory only the target knows): active messages
 *     (FT_PKT_RMA_* in pkt.h) that the target's progress engine applies.
 * Whatever must be atomic at the target -- accumulate, get_accumulate,
 * fetch_and_op, compare_and_swap -- always travels as active messages to a
 * remote target and is applied by the target in one go (per fragment,
 * which holds whole elements), so concurrent accumulates from any number
 * of origins are atomic per element; to its own window a process applies
 * them directly, which its progress engine cannot interleave with.
 *
 * Every active-message operation is answered (ACK or DATA), and every
 * synchronization call waits for the answers of the operations it closes
 * before it tells anybody anything, so completion never depends on packet
 * order between operations and control messages.
 *
 * Locks (passive target) are granted by a lock manager at the target:
 * shared or exclusive, queued first come first served (a shared request
 * behind a waiting exclusive one waits too, so nobody starves).  Locks held
 * or wanted by a process that fails are dropped when the engine learns of
 * the failure; operations aimed at a failed process fail with
 * -FT_EPROCFAILED instead of waiting.
 *
 * Epoch rules (which calls are legal when) are checked by the API layer
 * with the helpers below; the core trusts its callers.  Nothing here is
 * thread-safe; functions that wait say so.
 */
#ifndef FT_CORE_WIN_H
#define FT_CORE_WIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"
#include "core/engine.h"

struct ft_attr_list;
struct ft_comm;
struct ft_datatype;
struct ft_errhandler;
struct ft_info;
struct ft_op;
struct ft_proc;
struct ft_request;

/* The values are MPI_WIN_FLAVOR_*. */
enum ft_win_flavor {
    FT_WIN_CREATE = 1,
    FT_WIN_ALLOCATE = 2,
    FT_WIN_DYNAMIC = 3,
    FT_WIN_SHARED = 4,
};

enum ft_lock { FT_LOCK_NONE, FT_LOCK_SHARED, FT_LOCK_EXCL };

enum ft_rma_kind {
    FT_RMA_PUT,
    FT_RMA_GET,
    FT_RMA_ACC,
    FT_RMA_GACC,
    FT_RMA_CAS
};

/* What this process knows of one member of the window, and its state
 * towards it as an origin (o_...) and as its target (t_...). */
struct ft_win_peer {
    struct ft_proc *proc;
    uint64_t base; /* its window in its own address space */
    uint64_t size;
    int disp_unit;
    char *shm; /* its memory in our mapping (shared windows; allocated
                  ones on one host), or NULL */
    bool dead; /* it failed: its window is gone for good, even if a
                  new incarnation takes its rank (rebuild mode) */

    /* As origin. */
    uint8_t o_lock;           /* lock we hold on it (enum ft_lock) */
    bool o_nocheck;           /* ... taken with MPI_MODE_NOCHECK: not sent */
    bool o_granted;           /* our LOCK was granted */
    bool o_start;             /* in the access group of MPI_Win_start */
    int o_pending;            /* operations on it not yet complete */
    int o_err;                /* first error of one since its last sync */
    uint32_t o_posts;         /* POSTs from it not yet used by a start */
    struct ft_list o_ops;     /* incomplete active-message operations */
    struct ft_list o_sendq;   /* those with fragments still to send */
    struct ft_list busy_link; /* in win->busy while o_sendq is not empty */

    /* As target. */
    uint8_t t_held;             /* the lock it holds on our window */
    uint8_t t_want;             /* the lock it waits for, queued */
    bool t_post;                /* in the exposure group of MPI_Win_post */
    uint32_t t_completes;       /* COMPLETEs from it not yet used by a wait */
    struct ft_list t_wait_link; /* in win->lk_queue while t_want */
};

/* A region of a dynamic window (MPI_Win_attach). */
struct ft_win_region {
    uintptr_t base;
    size_t size;
};

struct ft_win {
    uint32_t magic; /* FT_MAGIC_WIN while the user's handle is valid */
    int refcount;   /* the handle, plus one per operation in progress */
    struct ft_engine *eng;
    struct ft_comm *comm; /* hidden duplicate of the creating comm */
    int rank, size;       /* this process in the window, members */
    enum ft_win_flavor flavor;
    int model; /* MPI_WIN_UNIFIED */
    void *base;
    size_t bytes;
    int disp_unit;
    struct ft_win_peer *peers; /* by rank */

    /* What the API layer keeps: error handler, attributes, hints, name;
     * and the values the predefined attributes point at. */
    struct ft_errhandler *errh;
    struct ft_attr_list *attrs;
    struct ft_info *info;
    char name[128];
    ptrdiff_t attr_size;
    int attr_disp_unit, attr_flavor, attr_model;

    /* Access epochs of this process (the API checks the rules). */
    bool fence_open; /* after a fence without MPI_MODE_NOSUCCEED */
    bool fence_used; /* an operation was issued since that fence */
    bool lock_all;   /* inside MPI_Win_lock_all */
    bool lock_all_nocheck;
    int nlocked;  /* targets locked with MPI_Win_lock */
    bool started; /* inside MPI_Win_start .. complete */
    bool posted;  /* inside MPI_Win_post .. wait */
    bool tainted; /* a barrier gave up on a failure */

    /* The lock manager of our window. */
    uint8_t lk_mode; /* enum ft_lock */
    int lk_holders;
    struct ft_list lk_queue; /* peers in t_wait_link, first come first */

    /* Dynamic windows: attached regions, sorted by base. */
    struct ft_win_region *regions;
    int nregions, capregions;

    /* Shared windows: the one mapping of all segments. */
    void *shm_map;
    size_t shm_len;
    /* Memory we allocated (MPI_Win_allocate). */
    void *alloc;

    /* Operations. */
    int pending;            /* incomplete, all targets */
    struct ft_list busy;    /* peers with fragments waiting for room */
    struct ft_list op_pool; /* free operation states */
    void *scratch;          /* for applying accumulates */
    size_t scratch_len;
    struct ft_hook hook; /* sends queued fragments */
    struct ft_failure_hook fhook;
};

/* ---- making and freeing ------------------------------------------------ */

/* Makes a window over the intracommunicator comm; collective over comm,
 * blocks.  flavor FT_WIN_CREATE uses base/bytes as given; FT_WIN_ALLOCATE
 * allocates bytes (64-byte aligned: in one mapping shared by all members
 * when they are all on this host, so that puts and gets are plain copies,
 * else privately) and FT_WIN_SHARED maps one shared
 * segment holding every member's bytes (contiguous in rank order, or each
 * segment page-aligned when noncontig); both return the memory in
 * w->base.  FT_WIN_DYNAMIC has no memory until attached.  All members of a
 * shared window must be on one host (the API checks).  If any member
 * fails to set up its part, every member returns the error of the lowest
 * failing rank (-ENOMEM, -errno of the shared mapping...).  On success
 * *out has one reference (the user's handle), error handler
 * MPI_ERRORS_ARE_FATAL, no attributes, and a copy of info (may be NULL). */
int ft_win_create(struct ft_comm *comm, enum ft_win_flavor flavor, void *base,
                  size_t bytes, int disp_unit, bool noncontig,
                  struct ft_info *info, struct ft_win **out);

/* MPI_Win_free after the API has run the attribute delete callbacks:
 * waits for this process's operations, then for every member (a barrier,
 * so nobody still reads or writes our memory), and tears the window down:
 * allocated or shared memory is released.  The handle is invalid
 * afterwards; the struct (with its name and error handler, for errors of
 * requests that outlive it) lives until its last reference goes.
 * Collective, blocks.  Returns the first error (the window is freed
 * anyway). */
int ft_win_free(struct ft_win *w);

void ft_win_retain(struct ft_win *w);
/* Drops a reference; the last frees the struct (after ft_win_free). */
void ft_win_release(struct ft_win *w);

/* MPI_Win_attach / MPI_Win_detach on a dynamic window.  Local.  -EEXIST
 * when the region overlaps one attached already, -ENOENT when base is not
 * the start of an attached region, -ENOMEM. */
int ft_win_attach(struct ft_win *w, void *base, size_t size);
int ft_win_detach(struct ft_win *w, const void *base);

/* MPI_Win_shared_query: where rank's segment of a shared window is in our
 * mapping.  rank may be FT_PROC_NULL: the first segment with bytes. */
void ft_win_shared_query(struct ft_win *w, int rank, size_t *size,
                         int *disp_unit, void **base);

/* ---- operations --------------------------------------------------------- */

/* One operation as the API hands it over, already checked: origin data
 * (put, accumulates, CAS new value), result buffer (get: the origin buffer;
 * get_accumulate, fetch_and_op, CAS), target rank (not MPI_PROC_NULL) and
 * displacement, compare value (CAS).  Accumulates use op and elements of
 * the one basic kind both datatypes are made of. */
struct ft_rma_args {
    enum ft_rma_kind kind;
    const void *obuf;
    size_t ocount;
    struct ft_datatype *odt;
    void *rbuf;
    size_t rcount;
    struct ft_datatype *rdt;
    int target;
    ptrdiff_t disp;
    size_t tcount;
    struct ft_datatype *tdt;
    struct ft_op *op;
    const void *cmp;
};

/* Starts an operation.  It is complete at once when the target is this
 * process, when its memory can be reached directly (shared window, or
 * single copy on this host) and for zero bytes; otherwise it completes
 * when the target answers, and later synchronization waits for that.  With
 * req, *req is a request the user waits for (it keeps the window alive);
 * without, the operation's errors are reported by the next
 * synchronization that covers its target.  Returns 0 or an error found at
 * once (-FT_EPROCFAILED, -FT_EWINRANGE, -ENOMEM). */
int ft_win_rma(struct ft_win *w, const struct ft_rma_args *a,
               struct ft_request **req);

/* Whether the bytes an operation touches at target (tcount elements of
 * tdt at displacement disp) lie inside its window.  Always true for a
 * dynamic window (its target checks). */
bool ft_win_in_range(const struct ft_win *w, int target, ptrdiff_t disp,
                     size_t tcount, const struct ft_datatype *tdt);

/* ---- synchronization (all wait; all return 0 or the first error) --------- */

/* MPI_Win_fence: completes this process's operations, then waits for
 * every member (their operations then are complete at us too).  A fence
 * epoch follows unless nosucceed. */
int ft_win_fence(struct ft_win *w, bool nosucceed);

/* MPI_Win_post: exposes our window to the n ranks (window ranks, distinct)
 * and tells them so, unless nocheck.  Does not wait. */
int ft_win_post(struct ft_win *w, const int *ranks, int n, bool nocheck);

/* MPI_Win_start: waits until each of the n targets has posted (not with
 * nocheck).  -FT_EPROCFAILED if one has failed (the epoch is begun). */
int ft_win_start(struct ft_win *w, const int *ranks, int n, bool nocheck);

/* MPI_Win_complete: completes the operations of the access epoch and
 * tells each target. */
int ft_win_complete(struct ft_win *w);

/* MPI_Win_wait / MPI_Win_test: the exposure epoch ends once every origin
 * of the post group has completed (or failed: -FT_EPROCFAILED).  test
 * never waits; *flag says whether it ended. */
int ft_win_wait(struct ft_win *w);
int ft_win_test(struct ft_win *w, bool *flag);

/* MPI_Win_lock / unlock on one target; lock waits until granted unless
 * nocheck.  unlock completes our operations on it, then releases the lock
 * without waiting for the target to hear of it. */
int ft_win_lock(struct ft_win *w, enum ft_lock type, int rank, bool nocheck);
int ft_win_unlock(struct ft_win *w, int rank);

/* MPI_Win_lock_all / unlock_all: a shared lock on every member. */
int ft_win_lock_all(struct ft_win *w, bool nocheck);
int ft_win_unlock_all(struct ft_win *w);

/* MPI_Win_flush(_local) on rank, or on everybody with rank FT_PROC_NULL:
 * waits until our operations there are complete. */
int ft_win_flush(struct ft_win *w, int rank);

/* ---- for the rest of the core ------------------------------------------- */

/* The transports' delivery of FT_PKT_RMA_* packets (from pt2pt). */
void ft_win_deliver(struct ft_engine *eng, struct ft_proc *from,
                    const void *data, size_t len);

/* The window of a one-sided request (FT_REQ_RMA), for its errors. */
struct ft_win *ft_win_of_req(const struct ft_request *r);

/* Whether the predefined operation of kind opk (enum ft_op_kind) may
 * accumulate elements of kind basic (enum ft_basic) in a window. */
bool ft_win_op_ok(unsigned opk, int basic);

/* ---- between win.c and rma.c ------------------------------------------- */

struct ft_rma_pkt;

/* Whether [addr, addr + len) of our memory is in our window (dynamic: in
 * one attached region). */
bool ft_win_mem_ok(const struct ft_win *w, uint64_t addr, uint64_t len);

/* The window's progress hook: sends queued fragments. */
int ft_win_progress(struct ft_hook *h);

/* Fails every incomplete operation of ours on pe with err. */
void ft_win_fail_peer(struct ft_win *w, struct ft_win_peer *pe, int err);

/* A request (PUT, GET, ACC, GACC, CAS) from src to our window, and an
 * answer (ACK, DATA) from src to us; len is the packet's length. */
void ft_win_target(struct ft_win *w, int src, const struct ft_rma_pkt *pk,
                   size_t len);
void ft_win_answer(struct ft_win *w, int src, const struct ft_rma_pkt *pk,
                   size_t len);

/* Frees the pool of operation states and the scratch memory. */
void ft_win_ops_fini(struct ft_win *w);

/* Whether an operation on target is allowed in the current epochs of
 * this process (MPI_ERR_RMA_SYNC otherwise). */
static inline bool ft_win_may_access(const struct ft_win *w, int target)
{
    return w->lock_all || w->fence_open || w->peers[target].o_lock ||
           (w->started && w->peers[target].o_start);
}

/* Whether this process is inside a passive-target epoch on target (or on
 * every target, lock_all); target FT_PROC_NULL asks about any. */
static inline bool ft_win_passive(const struct ft_win *w, int target)
{
    if (w->lock_all)
        return true;
    if (target < 0)
        return w->nlocked > 0;
    return w->peers[target].o_lock != FT_LOCK_NONE;
}

/* Whether an access or exposure epoch other than a fence is open. */
static inline bool ft_win_in_epoch(const struct ft_win *w)
{
    return w->lock_all || w->nlocked || w->started || w->posted;
}

#endif
