/*
 * win.c -- windows (win.h): making and freeing them, shared and dynamic
 * memory, the lock manager, synchronization, and the dispatch of one-sided
 * packets.  Moving data is rma.c's.
 *
 * Shared windows (MPI_Win_allocate_shared) are one memfd: the window's
 * first member creates it, the others open it through /proc/<pid>/fd/<n>
 * while it still holds it open, and every member maps all of it.  No name
 * is ever created, so nothing can be left behind in /dev/shm when a
 * process dies at any moment: the memory goes away with the last mapping.
 * (Opening another process's descriptor needs the same permission as
 * process_vm_readv, which the ranks of one user on one host have; a
 * refusal makes the creation fail with MPI_ERR_RMA_SHARED everywhere.)
 */
#include "core/win.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "coll/coll.h"
#include "core/attr.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/errhandler.h"
#include "core/info.h"
#include "core/magic.h"
#include "core/pkt.h"
#include "core/pt2pt.h"

extern struct ft_errhandler ftmpi_errors_are_fatal;

static int rank_of(const struct ft_win *w, const struct ft_win_peer *pe)
{
    return (int)(pe - w->peers);
}

/* Sends a control packet (LOCK, UNLOCK, POST, COMPLETE, GRANT)
 * to rank; nothing when it has failed. */
static void send_ctl(struct ft_win *w, int rank, uint8_t kind, uint16_t op)
{
    struct ft_outpkt o;
    int rc = ft_pt2pt_pkt_reserve(w->eng, w->peers[rank].proc,
                                  sizeof(struct ft_rma_pkt), &o);
    if (rc == -FT_EPROCFAILED)
        return;
    if (rc) /* the peer would wait forever */
        ft_panic("out of memory sending a one-sided control packet");
    struct ft_rma_pkt *pk = o.buf;
    memset(pk, 0, sizeof *pk);
    pk->kind = kind;
    pk->op = op;
    pk->epoch = w->eng->self->epoch;
    pk->ctx = w->comm->ctx;
    pk->src = w->rank;
    ft_pt2pt_pkt_commit(w->eng, &o);
}

/* Whether pe has failed (and stays failed for this window). */
static bool failed(const struct ft_win_peer *pe)
{
    return pe->dead || ft_proc_failed(pe->proc);
}

/* Whether nothing can be expected from pe: failed, or a hole. */
static bool gone(const struct ft_win_peer *pe)
{
    return failed(pe) || pe->proc->hole;
}

/* ---- the lock manager --------------------------------------------------- */

static bool lk_fits(const struct ft_win *w, uint8_t type)
{
    return w->lk_mode == FT_LOCK_NONE ||
           (w->lk_mode == FT_LOCK_SHARED && type == FT_LOCK_SHARED);
}

static void lk_grant(struct ft_win *w, int rank, uint8_t type)
{
    struct ft_win_peer *pe = &w->peers[rank];
    pe->t_held = type;
    w->lk_holders++;
    w->lk_mode = type;
    if (rank == w->rank)
        pe->o_granted = true;
    else
        send_ctl(w, rank, FT_PKT_RMA_GRANT, 0);
}

/* Grants waiting requests in order while they fit. */
static void lk_next(struct ft_win *w)
{
    while (!ft_list_empty(&w->lk_queue)) {
        struct ft_win_peer *pe =
            ft_container_of(w->lk_queue.next, struct ft_win_peer, t_wait_link);
        if (!lk_fits(w, pe->t_want))
            break;
        ft_list_del(&pe->t_wait_link);
        uint8_t type = pe->t_want;
        pe->t_want = FT_LOCK_NONE;
        lk_grant(w, rank_of(w, pe), type);
    }
}

/* rank asks for a lock on our window: granted now if nobody waits ahead
 * and it fits, else queued. */
static void lk_request(struct ft_win *w, int rank, uint8_t type)
{
    struct ft_win_peer *pe = &w->peers[rank];
    if (pe->t_held || pe->t_want ||
        (type != FT_LOCK_SHARED && type != FT_LOCK_EXCL))
        return; /* not a request a correct origin sends */
    if (ft_list_empty(&w->lk_queue) && lk_fits(w, type)) {
        lk_grant(w, rank, type);
        return;
    }
    pe->t_want = type;
    ft_list_push(&w->lk_queue, &pe->t_wait_link);
}

static void lk_release(struct ft_win *w, int rank)
{
    struct ft_win_peer *pe = &w->peers[rank];
    if (!pe->t_held)
        return;
    pe->t_held = FT_LOCK_NONE;
    if (--w->lk_holders == 0)
        w->lk_mode = FT_LOCK_NONE;
    lk_next(w);
}

/* rank has failed: whatever it holds or waits for is dropped. */
static void lk_forget(struct ft_win *w, int rank)
{
    struct ft_win_peer *pe = &w->peers[rank];
    if (pe->t_want) {
        ft_list_del(&pe->t_wait_link);
        pe->t_want = FT_LOCK_NONE;
    }
    lk_release(w, rank);
    lk_next(w);
}

/* ---- packets ------------------------------------------------------------ */

void ft_win_deliver(struct ft_engine *eng, struct ft_proc *from,
                    const void *data, size_t len)
{
    const struct ft_rma_pkt *pk = data;
    if (len < sizeof *pk)
        return;
    uint32_t pair = pk->ctx >> 1;
    struct ft_ctx *cx = pair < FT_CTX_PAIRS ? eng->ctx[pair] : NULL;
    struct ft_win *w = cx ? cx->win : NULL;
    if (!w || pk->src < 0 || pk->src >= w->size ||
        w->peers[pk->src].proc != from) {
        ft_debug("one-sided packet (kind %u) from rank %d for no window "
                 "dropped",
                 pk->kind, from->world_rank);
        return;
    }
    /* What a dead process sent before it died must not take a lock that
     * was released for it. */
    int src = pk->src;
    struct ft_win_peer *pe = &w->peers[src];
    if (ft_proc_failed(from) || pe->dead)
        return;
    switch (pk->kind) {
    case FT_PKT_RMA_PUT:
    case FT_PKT_RMA_GET:
    case FT_PKT_RMA_ACC:
    case FT_PKT_RMA_GACC:
    case FT_PKT_RMA_CAS:
        ft_win_target(w, src, pk, len);
        return;
    case FT_PKT_RMA_ACK:
    case FT_PKT_RMA_DATA:
        ft_win_answer(w, src, pk, len);
        return;
    case FT_PKT_RMA_LOCK:
        lk_request(w, src, (uint8_t)pk->op);
        return;
    case FT_PKT_RMA_UNLOCK:
        lk_release(w, src);
        return;
    case FT_PKT_RMA_POST:
        pe->o_posts++;
        return;
    case FT_PKT_RMA_COMPLETE:
        pe->t_completes++;
        return;
    case FT_PKT_RMA_GRANT:
        pe->o_granted = true;
        return;
    }
}

static void on_failure(struct ft_failure_hook *h, struct ft_proc *p)
{
    struct ft_win *w = ft_container_of(h, struct ft_win, fhook);
    for (int r = 0; r < w->size; r++) {
        if (w->peers[r].proc != p)
            continue;
        w->peers[r].dead = true;
        ft_win_fail_peer(w, &w->peers[r], -FT_EPROCFAILED);
        lk_forget(w, r);
    }
}

/* ---- making and freeing ------------------------------------------------- */

/* Allgathers len bytes from every member into out[rank * len].  In blank
 * mode only the living take part (they carry their ranks); the places of
 * the holes are zeros.  Collective. */
static int exchange(struct ft_win *w, const void *mine, size_t len, void *out)
{
    struct ft_comm *c = w->comm;
    int n = c->live ? c->live->size : c->size;
    size_t rec = 8 + len;
    char *buf = malloc(rec * (size_t)(n + 1));
    if (!buf)
        return -ENOMEM;
    char *me = buf + rec * (size_t)n;
    int64_t r64 = w->rank;
    memcpy(me, &r64, 8);
    memcpy(me + 8, mine, len);
    int rc = ft_coll_allgather_bytes(c, me, rec, buf);
    if (rc == 0) {
        memset(out, 0, len * (size_t)w->size);
        for (int i = 0; i < n; i++) {
            memcpy(&r64, buf + rec * (size_t)i, 8);
            if (r64 >= 0 && r64 < w->size)
                memcpy((char *)out + len * (size_t)r64,
                       buf + rec * (size_t)i + 8, len);
        }
    }
    free(buf);
    return rc;
}

/* What every member tells the others at creation. */
struct card {
    uint64_t base, bytes;
    int32_t disp_unit;
    int32_t err;
};

/* Sets up one shared mapping of every member's memory (collective): each
 * member's segment, of the bytes it asked for rounded up to align, at
 * w->peers[r].shm; ours goes to *base.  The leader (the first member that
 * is not a hole) creates the memory; its descriptor stays open in
 * *leader_fd until everybody has opened it.  A failure of the leader is
 * seen by all; one of another member only by itself (the caller must
 * tell the others). */
static int shared_setup(struct ft_win *w, size_t bytes, size_t align,
                        void **base, int *leader_fd)
{
    int n = w->size, rc = 0, lead = 0;
    while (lead < n - 1 && w->peers[lead].proc->hole)
        lead++;
    long page = sysconf(_SC_PAGESIZE);
    struct {
        uint64_t bytes;
        int64_t pad;
    } mine = {bytes, 0}, *sizes = calloc((size_t)n, sizeof *sizes);
    struct lead {
        int64_t pid, fd, err;
    } me = {0, -1, 0}, *leads = calloc((size_t)n, sizeof *leads);
    uint64_t *offs = calloc((size_t)n + 1, sizeof *offs);
    if (!sizes || !leads || !offs) {
        rc = -ENOMEM;
        goto out;
    }
    if ((rc = exchange(w, &mine, sizeof mine, sizes)))
        goto out;
    for (int i = 0; i < n; i++) {
        uint64_t b = (sizes[i].bytes + align - 1) / align * align;
        offs[i + 1] = offs[i] + b;
    }
    size_t len = (size_t)offs[n];
    len = len ? (len + (size_t)page - 1) / (size_t)page * (size_t)page
              : (size_t)page;
    void *map = MAP_FAILED;
    if (w->rank == lead) {
        int fd = memfd_create("ftmpi-win", MFD_CLOEXEC);
        if (fd < 0 || ftruncate(fd, (off_t)len) != 0) {
            me.err = -errno;
        } else if ((map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
                               fd, 0)) == MAP_FAILED) {
            me.err = -errno;
        }
        if (me.err && fd >= 0)
            close(fd);
        else
            me.fd = fd;
        me.pid = getpid();
    }
    if ((rc = exchange(w, &me, sizeof me, leads)))
        goto unmap;
    if (leads[lead].err) {
        rc = (int)leads[lead].err;
        goto unmap;
    }
    if (w->rank != lead) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)leads[lead].pid,
                 (int)leads[lead].fd);
        int fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            rc = -errno;
            ft_debug("cannot open the shared window memory %s: %s", path,
                     ft_strerror(rc));
        } else {
            map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (map == MAP_FAILED)
                rc = -errno;
            close(fd);
        }
        if (rc)
            goto unmap; /* the card exchange tells the others */
    } else {
        *leader_fd = (int)me.fd;
    }
    w->shm_map = map;
    w->shm_len = len;
    for (int i = 0; i < n; i++)
        w->peers[i].shm = (char *)map + offs[i];
    *base = (char *)map + offs[w->rank];
    goto out;
unmap:
    if (map != MAP_FAILED)
        munmap(map, len);
    if (w->rank == lead && me.fd >= 0 && !me.err)
        close((int)me.fd);
out:
    free(sizes);
    free(leads);
    free(offs);
    return rc;
}

/* Whether every member of w (but holes) lives on this host. */
static bool one_host(const struct ft_win *w)
{
    for (int r = 0; r < w->size; r++) {
        const struct ft_proc *p = w->peers[r].proc;
        if (!p->hole && p->node != w->eng->self->node)
            return false;
    }
    return true;
}

/* MPI_Win_allocate on one host: the memory is one shared mapping, so
 * puts and gets are plain copies with no system call and no help from the
 * target.  Collective; false (nothing mapped) unless every member
 * managed, and then the caller allocates private memory instead. */
static bool allocate_shared(struct ft_win *w, size_t bytes, void **base,
                            int *leader_fd)
{
    int rc = shared_setup(w, bytes, 64, base, leader_fd);
    if (rc == -FT_EPROCFAILED || rc == -FT_EREVOKED)
        return false; /* the others see the same */
    int64_t ok = rc == 0, *all = calloc((size_t)w->size, sizeof *all);
    bool every = all && exchange(w, &ok, sizeof ok, all) == 0;
    for (int r = 0; every && r < w->size; r++)
        every = all[r] || w->peers[r].proc->hole;
    free(all);
    if (every)
        return true;
    if (w->shm_map)
        munmap(w->shm_map, w->shm_len);
    w->shm_map = NULL;
    for (int r = 0; r < w->size; r++)
        w->peers[r].shm = NULL;
    if (*leader_fd >= 0)
        close(*leader_fd);
    *leader_fd = -1;
    return false;
}

static void teardown(struct ft_win *w)
{
    ft_hook_del(&w->hook);
    ft_failure_hook_del(&w->fhook);
    for (int r = 0; r < w->size; r++)
        ft_win_fail_peer(w, &w->peers[r], -FT_ECANCELLED);
    if (w->comm->cx && w->comm->cx->win == w)
        w->comm->cx->win = NULL;
    free(w->regions);
    w->regions = NULL;
    w->nregions = w->capregions = 0;
    if (w->shm_map)
        munmap(w->shm_map, w->shm_len);
    w->shm_map = NULL;
    free(w->alloc);
    w->alloc = NULL;
    if (w->info)
        ft_info_release(w->info);
    w->info = NULL;
    ft_attr_list_free(&w->attrs);
    /* A barrier given up may have left messages on their way on the
     * communicator's context: it must never be given out again. */
    if (w->tainted)
        w->comm->revoked = true;
    ft_comm_release(w->comm);
    w->comm = NULL;
    w->magic = 0;
}

int ft_win_create(struct ft_comm *comm, enum ft_win_flavor flavor, void *base,
                  size_t bytes, int disp_unit, bool noncontig,
                  struct ft_info *info, struct ft_win **out)
{
    struct ft_win *w = calloc(1, sizeof *w);
    if (!w)
        return -ENOMEM;
    int rc = ft_comm_dup(comm, &w->comm);
    if (rc) {
        free(w);
        return rc;
    }
    snprintf(w->comm->name, sizeof w->comm->name, "a window's communicator");
    w->refcount = 1;
    w->eng = comm->eng;
    w->rank = w->comm->rank;
    w->size = w->comm->size;
    w->flavor = flavor;
    w->model = 2; /* MPI_WIN_UNIFIED: there is one copy of the memory */
    w->disp_unit = flavor == FT_WIN_DYNAMIC ? 1 : disp_unit;
    w->errh = &ftmpi_errors_are_fatal;
    ft_list_init(&w->lk_queue);
    ft_list_init(&w->busy);
    ft_list_init(&w->op_pool);
    ft_list_init(&w->hook.link);
    ft_list_init(&w->fhook.link);
    w->hook.fn = ft_win_progress;
    w->fhook.fn = on_failure;
    struct card *cards = calloc((size_t)w->size, sizeof *cards);
    w->peers = calloc((size_t)w->size, sizeof *w->peers);
    if (!cards || !w->peers) {
        free(cards);
        free(w->peers);
        ft_comm_release(w->comm);
        free(w);
        return -ENOMEM;
    }
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        pe->proc = w->comm->peers[r];
        ft_list_init(&pe->o_ops);
        ft_list_init(&pe->o_sendq);
        ft_list_init(&pe->busy_link);
        ft_list_init(&pe->t_wait_link);
    }
    int myerr = 0, leader_fd = -1;
    if (info && ft_info_dup(info, &w->info))
        myerr = -ENOMEM;
    if (flavor == FT_WIN_ALLOCATE && w->size > 1 && one_host(w) &&
        allocate_shared(w, bytes, &base, &leader_fd)) {
        /* base is our segment of the mapping */
    } else if (flavor == FT_WIN_ALLOCATE && bytes) {
        if (posix_memalign(&w->alloc, 64, bytes))
            myerr = -ENOMEM;
        base = w->alloc;
    } else if (flavor == FT_WIN_ALLOCATE || flavor == FT_WIN_DYNAMIC) {
        base = NULL;
    }
    if (flavor == FT_WIN_SHARED) {
        long page = sysconf(_SC_PAGESIZE);
        rc = shared_setup(w, bytes, noncontig ? (size_t)page : 1, &base,
                          &leader_fd);
        if (rc == -FT_EPROCFAILED || rc == -FT_EREVOKED)
            goto fail; /* the others see the same */
        if (rc)
            myerr = rc;
    }
    w->base = base;
    w->bytes = flavor == FT_WIN_DYNAMIC ? 0 : bytes;
    /* Known to the engine before anybody can know of us: a member learns
     * of the window only through the exchange below, after this. */
    w->comm->cx->win = w;
    struct card me = {(uint64_t)(uintptr_t)base, w->bytes, w->disp_unit, myerr};
    rc = exchange(w, &me, sizeof me, cards);
    if (leader_fd >= 0)
        close(leader_fd); /* everybody has opened it by now */
    if (rc)
        goto fail;
    for (int r = 0; r < w->size; r++) {
        if (cards[r].err) {
            rc = cards[r].err;
            goto fail;
        }
        w->peers[r].base = cards[r].base;
        w->peers[r].size = cards[r].bytes;
        w->peers[r].disp_unit = cards[r].disp_unit;
    }
    free(cards);
    w->attr_size = (ptrdiff_t)w->bytes;
    w->attr_disp_unit = w->disp_unit;
    w->attr_flavor = flavor;
    w->attr_model = w->model;
    ft_hook_add(w->eng, &w->hook);
    ft_failure_hook_add(w->eng, &w->fhook);
    w->magic = FT_MAGIC_WIN;
    *out = w;
    return 0;
fail:
    free(cards);
    ft_list_init(&w->hook.link);
    ft_list_init(&w->fhook.link);
    w->errh = NULL;
    teardown(w);
    ft_win_release(w);
    return rc;
}

void ft_win_retain(struct ft_win *w)
{
    w->refcount++;
}

void ft_win_release(struct ft_win *w)
{
    if (--w->refcount > 0)
        return;
    ft_win_ops_fini(w);
    /* Kept until now: errors of requests that outlive the handle are
     * raised through it. */
    ft_errhandler_release(w->errh);
    free(w->peers);
    free(w);
}

/* ---- waiting ------------------------------------------------------------- */

struct wait_arg {
    struct ft_win *w;
    int rank; /* or -1: all */
};

static bool ops_done(void *arg)
{
    struct wait_arg *a = arg;
    return a->rank < 0 ? a->w->pending == 0
                       : a->w->peers[a->rank].o_pending == 0;
}

/* Waits until our operations on rank (all: -1) are complete; returns and
 * clears the first error they had. */
static int wait_ops(struct ft_win *w, int rank)
{
    struct wait_arg a = {w, rank};
    /* One pass even when there is nothing to wait for: a process that
     * spins on operations on its own window (a compare-and-swap lock on
     * itself) must still serve the other origins. */
    ft_progress(w->eng);
    int rc = ft_progress_wait(w->eng, ops_done, &a);
    for (int r = rank < 0 ? 0 : rank; r < (rank < 0 ? w->size : rank + 1);
         r++) {
        if (!rc)
            rc = w->peers[r].o_err;
        w->peers[r].o_err = 0;
    }
    return rc;
}

/* One step of win_barrier: waits for r, or gives up when a member of c
 * has failed (r is then cancelled or left to finish on its own). */
struct step_arg {
    struct ft_request *r;
    struct ft_comm *c;
};

static bool step_done(void *arg)
{
    struct step_arg *a = arg;
    return a->r->complete || a->c->nfailed > 0;
}

static int step(struct ft_comm *c, struct ft_request *r)
{
    struct ft_engine *eng = c->eng;
    struct step_arg a = {r, c};
    int rc = ft_progress_wait(eng, step_done, &a);
    if (r->complete) {
        if (!rc)
            rc = r->error;
        ft_req_release(&eng->reqs, r);
        return rc;
    }
    if (r->kind == FT_REQ_RECV && ft_cancel_recv(eng, r)) {
        ft_req_release(&eng->reqs, r);
    } else {
        r->user_freed = true; /* released when it completes */
        eng->detached++;
    }
    return rc ? rc : -FT_EPROCFAILED;
}

/* A barrier over the window's members (binomial gather to rank 0, then
 * release) that gives up with -FT_EPROCFAILED as soon as any member is
 * known to have failed: the dead never arrive, and a member that gave up
 * because of them will not send what the others wait for, so waiting on
 * would hang the survivors.  Every survivor learns of the failure, so
 * every one of them returns.  Sets w->tainted when it gave up. */
static int win_barrier(struct ft_win *w)
{
    struct ft_comm *c = w->comm->live ? w->comm->live : w->comm;
    if (c->nfailed > 0) {
        w->tainted = true;
        return -FT_EPROCFAILED;
    }
    int tag = ft_coll_next_tag(c);
    int rank = c->rank, size = c->size, rc = 0;
    struct ft_datatype *byte = ft_dt_basic_type(FT_B_BYTE);
    char tok = 0;
    struct ft_request *r;
    int mask = 1;
    for (; mask < size && rc == 0; mask <<= 1) {
        if (rank & mask) {
            rc = ft_isend(c, FT_CTX_COLL, &tok, 0, byte, rank - mask, tag,
                          FT_SEND_STD, &r);
            if (!rc)
                rc = step(c, r);
            if (!rc)
                rc = ft_irecv(c, FT_CTX_COLL, &tok, 0, byte, rank - mask, tag,
                              &r);
            if (!rc)
                rc = step(c, r);
            break;
        }
        if (rank + mask < size) {
            rc = ft_irecv(c, FT_CTX_COLL, &tok, 0, byte, rank + mask, tag, &r);
            if (!rc)
                rc = step(c, r);
        }
    }
    /* Release the subtrees below our lowest set bit, largest first. */
    if (rank == 0)
        mask = 1;
    while (mask < size)
        mask <<= 1;
    if (rank != 0) {
        mask = 1;
        while (!(rank & mask))
            mask <<= 1;
    }
    for (mask >>= 1; mask > 0 && rc == 0; mask >>= 1) {
        if (rank + mask < size && !(rank & mask)) {
            rc = ft_isend(c, FT_CTX_COLL, &tok, 0, byte, rank + mask, tag,
                          FT_SEND_STD, &r);
            if (!rc)
                rc = step(c, r);
        }
    }
    if (rc)
        w->tainted = true;
    return rc;
}

int ft_win_free(struct ft_win *w)
{
    int rc = wait_ops(w, -1);
    /* Nobody may still read or write our memory once we return. */
    int brc = win_barrier(w);
    if (!rc)
        rc = brc;
    teardown(w);
    ft_win_release(w);
    return rc;
}

int ft_win_flush(struct ft_win *w, int rank)
{
    return wait_ops(w, rank < 0 ? -1 : rank);
}

/* ---- dynamic and shared memory ------------------------------------------ */

int ft_win_attach(struct ft_win *w, void *base, size_t size)
{
    uintptr_t b = (uintptr_t)base;
    int i = 0;
    while (i < w->nregions && w->regions[i].base < b)
        i++;
    if (size &&
        ((i > 0 && w->regions[i - 1].base + w->regions[i - 1].size > b) ||
         (i < w->nregions && w->regions[i].base < b + size)))
        return -EEXIST;
    if (i < w->nregions && w->regions[i].base == b)
        return -EEXIST;
    if (w->nregions == w->capregions) {
        int cap = w->capregions ? 2 * w->capregions : 8;
        struct ft_win_region *r = realloc(w->regions, (size_t)cap * sizeof *r);
        if (!r)
            return -ENOMEM;
        w->regions = r;
        w->capregions = cap;
    }
    memmove(&w->regions[i + 1], &w->regions[i],
            (size_t)(w->nregions - i) * sizeof *w->regions);
    w->regions[i].base = b;
    w->regions[i].size = size;
    w->nregions++;
    return 0;
}

int ft_win_detach(struct ft_win *w, const void *base)
{
    for (int i = 0; i < w->nregions; i++) {
        if (w->regions[i].base != (uintptr_t)base)
            continue;
        memmove(&w->regions[i], &w->regions[i + 1],
                (size_t)(w->nregions - i - 1) * sizeof *w->regions);
        w->nregions--;
        return 0;
    }
    return -ENOENT;
}

void ft_win_shared_query(struct ft_win *w, int rank, size_t *size,
                         int *disp_unit, void **base)
{
    if (rank < 0) {
        rank = 0;
        for (int r = 0; r < w->size; r++) {
            if (w->peers[r].size) {
                rank = r;
                break;
            }
        }
    }
    struct ft_win_peer *pe = &w->peers[rank];
    *size = (size_t)pe->size;
    *disp_unit = pe->disp_unit;
    *base = pe->shm;
}

/* ---- fence -------------------------------------------------------------- */

int ft_win_fence(struct ft_win *w, bool nosucceed)
{
    int rc = wait_ops(w, -1);
    /* Once everybody is here, every operation of the epoch that ends is
     * complete at its target too: each origin waited for its answers. */
    int brc = win_barrier(w);
    if (!rc)
        rc = brc;
    w->fence_open = !nosucceed;
    w->fence_used = false;
    return rc;
}

/* ---- post, start, complete, wait ---------------------------------------- */

int ft_win_post(struct ft_win *w, const int *ranks, int n, bool nocheck)
{
    w->fence_open = false;
    w->posted = true;
    for (int i = 0; i < n; i++) {
        struct ft_win_peer *pe = &w->peers[ranks[i]];
        pe->t_post = true;
        if (nocheck)
            continue;
        if (ranks[i] == w->rank)
            pe->o_posts++;
        else
            send_ctl(w, ranks[i], FT_PKT_RMA_POST, 0);
    }
    return 0;
}

static bool posts_arrived(void *arg)
{
    struct ft_win *w = arg;
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        if (pe->o_start && !pe->o_posts && !gone(pe))
            return false;
    }
    return true;
}

int ft_win_start(struct ft_win *w, const int *ranks, int n, bool nocheck)
{
    w->fence_open = false;
    w->started = true;
    for (int i = 0; i < n; i++)
        w->peers[ranks[i]].o_start = true;
    if (nocheck)
        return 0;
    int rc = ft_progress_wait(w->eng, posts_arrived, w);
    for (int i = 0; i < n; i++) {
        struct ft_win_peer *pe = &w->peers[ranks[i]];
        if (pe->o_posts)
            pe->o_posts--;
        else if (!rc && failed(pe))
            rc = -FT_EPROCFAILED;
    }
    return rc;
}

int ft_win_complete(struct ft_win *w)
{
    int rc = wait_ops(w, -1);
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        if (!pe->o_start)
            continue;
        pe->o_start = false;
        if (r == w->rank)
            pe->t_completes++;
        else if (!gone(pe))
            send_ctl(w, r, FT_PKT_RMA_COMPLETE, 0);
        else if (!rc && failed(pe))
            rc = -FT_EPROCFAILED;
    }
    w->started = false;
    return rc;
}

static bool completes_arrived(void *arg)
{
    struct ft_win *w = arg;
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        if (pe->t_post && !pe->t_completes && !gone(pe))
            return false;
    }
    return true;
}

/* Ends the exposure epoch once completes_arrived. */
static int end_exposure(struct ft_win *w)
{
    int rc = 0;
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        if (!pe->t_post)
            continue;
        pe->t_post = false;
        if (pe->t_completes)
            pe->t_completes--;
        else if (!rc && failed(pe))
            rc = -FT_EPROCFAILED;
    }
    w->posted = false;
    return rc;
}

int ft_win_wait(struct ft_win *w)
{
    int rc = ft_progress_wait(w->eng, completes_arrived, w);
    int erc = end_exposure(w);
    return rc ? rc : erc;
}

int ft_win_test(struct ft_win *w, bool *flag)
{
    if (!completes_arrived(w))
        ft_progress(w->eng);
    *flag = completes_arrived(w);
    return *flag ? end_exposure(w) : 0;
}

/* ---- locks --------------------------------------------------------------- */

static bool granted(void *arg)
{
    struct ft_win_peer *pe = arg;
    return pe->o_granted || gone(pe);
}

int ft_win_lock(struct ft_win *w, enum ft_lock type, int rank, bool nocheck)
{
    struct ft_win_peer *pe = &w->peers[rank];
    w->fence_open = false;
    w->nlocked++;
    pe->o_lock = (uint8_t)type;
    pe->o_granted = false;
    pe->o_nocheck = nocheck || gone(pe);
    if (gone(pe))
        return pe->proc->hole ? 0 : -FT_EPROCFAILED;
    if (nocheck)
        return 0;
    if (rank == w->rank)
        lk_request(w, rank, (uint8_t)type);
    else
        send_ctl(w, rank, FT_PKT_RMA_LOCK, (uint16_t)type);
    int rc = ft_progress_wait(w->eng, granted, pe);
    if (!rc && !pe->o_granted) {
        /* The epoch stays open, with nothing to release: what follows
         * fails the same way, and unlock closes it. */
        pe->o_nocheck = true;
        rc = -FT_EPROCFAILED;
    }
    return rc;
}

/* Releases the lock we hold on rank (granted, not nocheck).  Nothing to
 * wait for: our operations there are complete already, and the release
 * reaches the target before anything we send it later (a new lock
 * request), since packets between two processes keep their order. */
static int release(struct ft_win *w, int rank)
{
    struct ft_win_peer *pe = &w->peers[rank];
    pe->o_granted = false;
    if (rank == w->rank) {
        lk_release(w, rank);
        return 0;
    }
    if (failed(pe))
        return -FT_EPROCFAILED;
    send_ctl(w, rank, FT_PKT_RMA_UNLOCK, 0);
    return 0;
}

int ft_win_unlock(struct ft_win *w, int rank)
{
    struct ft_win_peer *pe = &w->peers[rank];
    int rc = wait_ops(w, rank);
    bool nocheck = pe->o_nocheck;
    pe->o_lock = FT_LOCK_NONE;
    pe->o_nocheck = false;
    w->nlocked--;
    if (pe->proc->hole)
        return rc;
    if (failed(pe))
        return rc ? rc : -FT_EPROCFAILED;
    if (nocheck)
        return rc;
    int urc = release(w, rank);
    return rc ? rc : urc;
}

static bool all_granted(void *arg)
{
    struct ft_win *w = arg;
    for (int r = 0; r < w->size; r++)
        if (!w->peers[r].o_granted && !gone(&w->peers[r]))
            return false;
    return true;
}

int ft_win_lock_all(struct ft_win *w, bool nocheck)
{
    w->fence_open = false;
    w->lock_all = true;
    w->lock_all_nocheck = nocheck;
    if (nocheck)
        return 0;
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        pe->o_granted = false;
        if (gone(pe))
            continue;
        if (r == w->rank)
            lk_request(w, r, FT_LOCK_SHARED);
        else
            send_ctl(w, r, FT_PKT_RMA_LOCK, FT_LOCK_SHARED);
    }
    int rc = ft_progress_wait(w->eng, all_granted, w);
    for (int r = 0; r < w->size && !rc; r++)
        if (!w->peers[r].o_granted && failed(&w->peers[r]))
            rc = -FT_EPROCFAILED;
    return rc;
}

int ft_win_unlock_all(struct ft_win *w)
{
    int rc = wait_ops(w, -1);
    w->lock_all = false;
    if (w->lock_all_nocheck) {
        for (int r = 0; r < w->size && !rc; r++)
            if (failed(&w->peers[r]))
                rc = -FT_EPROCFAILED;
        return rc;
    }
    for (int r = 0; r < w->size; r++) {
        struct ft_win_peer *pe = &w->peers[r];
        if (!pe->o_granted) {
            if (!rc && failed(pe))
                rc = -FT_EPROCFAILED;
            continue;
        }
        int urc = release(w, r);
        if (!rc)
            rc = urc;
    }
    return rc;
}
