/*
 * shm.c -- publications in shared memory (see shm.h).
 */
#include "coll/shm.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "coll/impl.h"
#include "core/comm.h"
#include "core/engine.h"
#include "runtime/client.h"
#include "runtime/nodeseg.h"

#define MAX_LOCAL 64 /* bit sets are one word */
#define MAX_ABANDONED 64

/* The head of a rank's area, as the segment holds it. */
struct shm_head {
    /* 2n while publication n is readable; odd while it changes. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t pub;
    _Atomic uint64_t tag;
    _Atomic uint64_t readers;
    _Atomic uint64_t len;
    /* ack[w]: the last publication of local rank w we are done with. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t ack[];
};

struct coll_shm {
    struct ft_engine *eng;
    int me, nlocal;
    uint64_t mybit;
    size_t box;
    struct shm_head *head[MAX_LOCAL];
    uint8_t *boxes[MAX_LOCAL];
    struct ft_rank_ctl *ctl[MAX_LOCAL];
    int doorbell[MAX_LOCAL];
    struct ft_proc *proc[MAX_LOCAL];
    uint64_t num;          /* our last publication */
    uint64_t prev_readers; /* who has yet to acknowledge it */
    uint32_t prev_epoch[MAX_LOCAL];
    uint64_t consumed[MAX_LOCAL]; /* copy of our ack words */
    struct {
        int w;
        uint64_t tag;
    } aband[MAX_ABANDONED];
    int naband;
};

int ft_coll_shm_init(struct coll_eng *ce)
{
    struct ft_engine *eng = ce->eng;
    struct ft_client *cl = &eng->client;
    ce->shm = NULL;
    if (cl->singleton || cl->local_size < 2 || !cl->seg.hdr ||
        cl->seg.hdr->coll_box == 0 || cl->local_rank >= MAX_LOCAL ||
        !cl->doorbells)
        return 0;
    if (FT_NODESEG_COLL_HDR(cl->local_size) > cl->seg.hdr->coll_hdr)
        return 0; /* a segment laid out by someone else */
    struct coll_shm *cs = calloc(1, sizeof *cs);
    if (!cs)
        return -ENOMEM;
    cs->eng = eng;
    cs->me = cl->local_rank;
    cs->mybit = 1ull << cs->me;
    cs->nlocal = cl->local_size < MAX_LOCAL ? cl->local_size : MAX_LOCAL;
    cs->box = cl->seg.hdr->coll_box;
    for (int j = 0; j < cs->nlocal; j++) {
        char *area = ft_nodeseg_coll(&cl->seg, (uint32_t)j);
        cs->head[j] = (struct shm_head *)area;
        cs->boxes[j] = (uint8_t *)area + cl->seg.hdr->coll_hdr;
        cs->ctl[j] = ft_nodeseg_ctl(&cl->seg, (uint32_t)j);
        cs->doorbell[j] = cl->doorbells[j];
    }
    for (int r = 0; r < eng->size; r++) {
        struct ft_proc *p = &eng->procs[r];
        if (p->node == eng->self->node && p->local >= 0 &&
            p->local < cs->nlocal)
            cs->proc[p->local] = p;
    }
    /* Carry on from what is in the segment: a new incarnation of this rank
     * continues the numbering of the one before. */
    struct shm_head *mine = cs->head[cs->me];
    uint64_t pub = atomic_load(&mine->pub);
    cs->num = (pub + 1) / 2;
    atomic_store(&mine->pub, 2 * cs->num);
    for (int j = 0; j < cs->nlocal; j++)
        cs->consumed[j] = atomic_load(&mine->ack[j]);
    ce->shm = cs;
    return 0;
}

void ft_coll_shm_fini(struct coll_eng *ce)
{
    free(ce->shm);
    ce->shm = NULL;
}

size_t ft_shm_box_bytes(const struct coll_shm *cs)
{
    return cs->box;
}

int ft_shm_me(const struct coll_shm *cs)
{
    return cs->me;
}

const void *ft_shm_box(const struct coll_shm *cs, int w)
{
    return cs->boxes[w];
}

size_t ft_shm_len(const struct coll_shm *cs, int w)
{
    return atomic_load_explicit(&cs->head[w]->len, memory_order_relaxed);
}

/* Rings the doorbell of every rank in set that sleeps.  The fence pairs
 * with the one a sleeper makes after raising its flag: either it sees
 * what we just wrote, or we see that it sleeps. */
static void wake(struct coll_shm *cs, uint64_t set)
{
    atomic_thread_fence(memory_order_seq_cst);
    while (set) {
        int j = __builtin_ctzll(set);
        set &= set - 1;
        if (atomic_load_explicit(&cs->ctl[j]->sleeping,
                                 memory_order_relaxed)) {
            uint64_t one = 1;
            ssize_t w = write(cs->doorbell[j], &one, sizeof one);
            (void)w; /* a full counter still wakes the reader */
        }
    }
}

/* ---- writing ---------------------------------------------------------- */

static bool acks_in(void *arg)
{
    struct coll_shm *cs = arg;
    uint64_t left = cs->prev_readers;
    while (left) {
        int j = __builtin_ctzll(left);
        uint64_t bit = left & -left;
        left &= left - 1;
        if (atomic_load_explicit(&cs->head[j]->ack[cs->me],
                                 memory_order_acquire) >= cs->num) {
            cs->prev_readers &= ~bit;
            continue;
        }
        /* A reader that died (or was replaced) will never read it. */
        struct ft_proc *p = cs->proc[j];
        if (!p || ft_proc_failed(p) || p->epoch != cs->prev_epoch[j]) {
            cs->prev_readers &= ~bit;
            continue;
        }
        return false;
    }
    return true;
}

void *ft_shm_begin(struct coll_shm *cs)
{
    if (cs->prev_readers && !acks_in(cs))
        ft_progress_wait(cs->eng, acks_in, cs);
    struct shm_head *mine = cs->head[cs->me];
    atomic_store_explicit(&mine->pub, 2 * cs->num + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    return cs->boxes[cs->me];
}

void ft_shm_commit(struct coll_shm *cs, uint64_t tag, uint64_t readers,
                   size_t len)
{
    struct shm_head *mine = cs->head[cs->me];
    atomic_store_explicit(&mine->tag, tag, memory_order_relaxed);
    atomic_store_explicit(&mine->readers, readers, memory_order_relaxed);
    atomic_store_explicit(&mine->len, len, memory_order_relaxed);
    cs->num++;
    atomic_store_explicit(&mine->pub, 2 * cs->num, memory_order_release);
    cs->prev_readers = readers;
    for (uint64_t left = readers; left; left &= left - 1) {
        int j = __builtin_ctzll(left);
        cs->prev_epoch[j] = cs->proc[j] ? cs->proc[j]->epoch : 0;
    }
    wake(cs, readers);
}

/* ---- reading ---------------------------------------------------------- */

/* Whether w's current publication is tag, for us, and new to us. */
static bool ready(struct coll_shm *cs, int w, uint64_t tag, uint64_t *num)
{
    struct shm_head *h = cs->head[w];
    uint64_t p1 = atomic_load_explicit(&h->pub, memory_order_acquire);
    if ((p1 & 1) || p1 / 2 <= cs->consumed[w])
        return false;
    uint64_t t = atomic_load_explicit(&h->tag, memory_order_relaxed);
    uint64_t rd = atomic_load_explicit(&h->readers, memory_order_relaxed);
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&h->pub, memory_order_relaxed) != p1)
        return false; /* changed under us: look again later */
    if (t != tag || !(rd & cs->mybit))
        return false;
    *num = p1 / 2;
    return true;
}

void ft_shm_release(struct coll_shm *cs, uint64_t set, const uint64_t *nums)
{
    if (!set)
        return;
    struct shm_head *mine = cs->head[cs->me];
    for (uint64_t left = set; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        cs->consumed[w] = nums[w];
        atomic_store_explicit(&mine->ack[w], nums[w], memory_order_release);
    }
    wake(cs, set); /* a writer may wait for our acknowledgement */
}

struct collect {
    struct coll_shm *cs;
    struct ft_comm *comm;
    uint64_t tag, left;
    uint64_t *nums;
    int nfailed_seen;
    int err;
};

static bool collect_done(void *arg)
{
    struct collect *c = arg;
    struct coll_shm *cs = c->cs;
    for (uint64_t left = c->left; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        if (ready(cs, w, c->tag, &c->nums[w]))
            c->left &= ~(1ull << w);
    }
    if (!c->left)
        return true;
    if (c->comm->revoked) {
        c->err = -FT_EREVOKED;
        return true;
    }
    if (cs->eng->nfailed != c->nfailed_seen) {
        c->nfailed_seen = cs->eng->nfailed;
        if (ft_coll_comm_has_failed(c->comm)) {
            c->err = -FT_EPROCFAILED;
            return true;
        }
    }
    return false;
}

static void abandon(struct coll_shm *cs, int w, uint64_t tag)
{
    if (cs->naband == MAX_ABANDONED) {
        /* Forget the oldest: its writer has most likely gone on. */
        memmove(&cs->aband[0], &cs->aband[1],
                (MAX_ABANDONED - 1) * sizeof cs->aband[0]);
        cs->naband--;
    }
    cs->aband[cs->naband].w = w;
    cs->aband[cs->naband].tag = tag;
    cs->naband++;
}

int ft_shm_collect(struct coll_shm *cs, struct ft_comm *comm, uint64_t tag,
                   uint64_t want, uint64_t *nums)
{
    struct collect c = {cs, comm, tag, want, nums, -1, 0};
    if (!collect_done(&c)) {
        int rc = ft_progress_wait(cs->eng, collect_done, &c);
        if (rc && !c.err)
            c.err = rc;
    }
    if (!c.err)
        return 0;
    ft_shm_release(cs, want & ~c.left, nums);
    for (uint64_t left = c.left; left; left &= left - 1)
        abandon(cs, __builtin_ctzll(left), tag);
    return c.err;
}

int ft_coll_shm_progress(struct coll_eng *ce)
{
    struct coll_shm *cs = ce->shm;
    if (!cs || cs->naband == 0)
        return 0;
    int n = 0, k = 0;
    for (int i = 0; i < cs->naband; i++) {
        int w = cs->aband[i].w;
        uint64_t num[MAX_LOCAL];
        struct ft_proc *p = cs->proc[w];
        if (!p || ft_proc_failed(p)) {
            n++;
            continue;
        }
        if (ready(cs, w, cs->aband[i].tag, &num[w])) {
            ft_shm_release(cs, 1ull << w, num);
            n++;
            continue;
        }
        cs->aband[k++] = cs->aband[i];
    }
    cs->naband = k;
    return n;
}
