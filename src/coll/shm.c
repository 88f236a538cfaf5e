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
#include "coll/impl.h"
#include "core/comm.h"
#include "core/engine.h"
#include "runtime/client.h"
#include "runtime/nodeseg.h"

#define MAX_LOCAL 64 /* bit sets are one word */
#define NSLOTS FT_NODESEG_COLL_SLOTS
#define MAX_ABANDONED 64

/* The head of a rank's area, as the segment holds it. */
#define INLINE 32 /* data that small travels in the slot's cache line */
struct shm_slot {
    /* 2n while publication n is readable here; odd while it changes. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t pub;
    _Atomic uint64_t tag;
    _Atomic uint64_t readers;
    _Atomic uint64_t len;
    uint8_t data[INLINE];
};
_Static_assert(sizeof(struct shm_slot) == FT_CACHELINE, "one line a slot");

struct shm_head {
    struct shm_slot slot[NSLOTS];
    /* The newest publication: readers rescan the slots only when it
     * moves. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t last;
    /* Set while we wait for readers to free slots (want acks). */
    _Alignas(FT_CACHELINE) _Atomic uint32_t want_ack;
    /* ack[ACK(w, s)]: the last publication of local rank w in slot s that
     * we are done with. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t ack[];
};

/* A writer's acknowledgements are interleaved over its 8 cache lines: the
 * line a writer reads when it reuses slot s (the acknowledgements of s,
 * s + 8, s + 16...) is not the one its readers are busy writing (that of
 * the slots just before s). */
#define ACK(w, s) ((w) * NSLOTS + ((s) % 8) * (NSLOTS / 8) + (s) / 8)

/* What our data in a slot belongs to, until its readers are done. */
struct cover {
    uint64_t num;     /* the publication */
    uint64_t readers; /* who has yet to acknowledge it */
    int first;        /* its first slot, where the readers acknowledge */
    uint32_t epoch[MAX_LOCAL];
};

struct coll_shm {
    struct ft_engine *eng;
    int me, nlocal;
    uint64_t mybit;
    size_t box, slot_bytes;
    struct shm_head *head[MAX_LOCAL];
    uint8_t *boxes[MAX_LOCAL];
    struct ft_rank_ctl *ctl[MAX_LOCAL];
    int doorbell[MAX_LOCAL];
    struct ft_proc *proc[MAX_LOCAL];
    /* Writing. */
    uint64_t num; /* our last publication number (one per slot used) */
    int first, nslots; /* the publication being written */
    struct cover cover[NSLOTS];
    /* Reading. */
    uint64_t consumed[MAX_LOCAL][NSLOTS]; /* copy of our ack words */
    uint64_t next[MAX_LOCAL]; /* where the next publication for us likely is */
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
    cs->slot_bytes = cs->box / NSLOTS;
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
    for (int s = 0; s < NSLOTS; s++) {
        uint64_t n = (atomic_load(&mine->slot[s].pub) + 1) / 2;
        if (n > cs->num)
            cs->num = n;
    }
    cs->num += NSLOTS; /* and never reuse a number */
    while ((cs->num + 1) % NSLOTS)
        cs->num++;
    for (int w = 0; w < cs->nlocal; w++) {
        for (int s = 0; s < NSLOTS; s++) {
            cs->consumed[w][s] = atomic_load(&mine->ack[ACK(w, s)]);
            if (cs->consumed[w][s] >= cs->next[w])
                cs->next[w] = cs->consumed[w][s] + 1;
        }
    }
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

const void *ft_shm_data(const struct coll_shm *cs, int w,
                        const struct ft_shm_got *got)
{
    if (got->len <= INLINE)
        return cs->head[w]->slot[got->slot].data;
    return cs->boxes[w] + (size_t)got->slot * cs->slot_bytes;
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

struct room {
    struct coll_shm *cs;
    int first, n;
};

/* Clears from cover c the readers that are done with it (or died, or
 * were replaced); true when none is left. */
static bool cover_clear(struct coll_shm *cs, struct cover *c)
{
    for (uint64_t left = c->readers; left; left &= left - 1) {
        int j = __builtin_ctzll(left);
        uint64_t ack = atomic_load_explicit(
            &cs->head[j]->ack[ACK(cs->me, c->first)], memory_order_acquire);
        struct ft_proc *p = cs->proc[j];
        if (ack >= c->num || !p || ft_proc_failed(p) ||
            p->epoch != c->epoch[j])
            c->readers &= ~(1ull << j);
    }
    return c->readers == 0;
}

/* Whether slots [first, first + n) are free: everyone who was to read
 * what they hold is done with it.  The acknowledgements of slots s, s + 8,
 * s + 16... share a cache line, so those are cleared along with s: the
 * next publications then need not fetch that line again. */
static bool room_free(void *arg)
{
    struct room *rm = arg;
    struct coll_shm *cs = rm->cs;
    bool free = true;
    for (int s = rm->first; s < rm->first + rm->n; s++)
        if (cs->cover[s].readers && !cover_clear(cs, &cs->cover[s]))
            free = false;
    if (free)
        for (int s = rm->first % 8; s < NSLOTS; s += 8)
            if (cs->cover[s].readers)
                cover_clear(cs, &cs->cover[s]);
    return free;
}

void *ft_shm_begin(struct coll_shm *cs, size_t len)
{
    int n = len ? (int)((len + cs->slot_bytes - 1) / cs->slot_bytes) : 1;
    int first = (int)((cs->num + 1) % NSLOTS);
    if (first + n > NSLOTS) {
        /* Data never wraps: leave the slots at the end as they are. */
        cs->num += (uint64_t)(NSLOTS - first);
        first = 0;
    }
    struct room rm = {cs, first, n};
    if (!room_free(&rm)) {
        /* Readers look at want_ack without a fence (ft_shm_release): one
         * may miss it, so never sleep longer than a millisecond here. */
        struct shm_head *mine = cs->head[cs->me];
        atomic_store(&mine->want_ack, 1);
        int wake_ms = cs->eng->wake_ms;
        cs->eng->wake_ms = 1;
        ft_progress_wait(cs->eng, room_free, &rm);
        cs->eng->wake_ms = wake_ms;
        atomic_store(&mine->want_ack, 0);
    }
    cs->first = first;
    cs->nslots = n;
    struct shm_slot *h = &cs->head[cs->me]->slot[first];
    atomic_store_explicit(&h->pub, 2 * (cs->num + 1) - 1,
                          memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    if (len <= INLINE)
        return h->data;
    return cs->boxes[cs->me] + (size_t)first * cs->slot_bytes;
}

void ft_shm_commit(struct coll_shm *cs, uint64_t tag, uint64_t readers,
                   size_t len, struct ft_shm_got *self)
{
    struct shm_head *mine = cs->head[cs->me];
    struct shm_slot *h = &mine->slot[cs->first];
    uint64_t num = cs->num + 1;
    atomic_store_explicit(&h->tag, tag, memory_order_relaxed);
    atomic_store_explicit(&h->readers, readers, memory_order_relaxed);
    atomic_store_explicit(&h->len, len, memory_order_relaxed);
    atomic_store_explicit(&h->pub, 2 * num, memory_order_release);
    atomic_store_explicit(&mine->last, num, memory_order_release);
    if (self) {
        self->num = num;
        self->len = (uint32_t)len;
        self->slot = (uint16_t)cs->first;
    }
    /* The slots after the first hold data only; their headers stay as
     * they were (already read by everyone they were for). */
    cs->num += (uint64_t)cs->nslots;
    for (int s = cs->first; s < cs->first + cs->nslots; s++) {
        struct cover *c = &cs->cover[s];
        c->num = num;
        c->readers = readers;
        c->first = cs->first;
        for (uint64_t left = readers; left; left &= left - 1) {
            int j = __builtin_ctzll(left);
            c->epoch[j] = cs->proc[j] ? cs->proc[j]->epoch : 0;
        }
    }
    wake(cs, readers);
}

/* ---- reading ---------------------------------------------------------- */

/* Whether publication num of w is in its slot, for tag, for us, and new
 * to us. */
static bool probe(struct coll_shm *cs, int w, uint64_t num, uint64_t tag,
                  struct ft_shm_got *got)
{
    int s = (int)(num % NSLOTS);
    struct shm_slot *sl = &cs->head[w]->slot[s];
    uint64_t p1 = atomic_load_explicit(&sl->pub, memory_order_acquire);
    if (p1 != 2 * num || num <= cs->consumed[w][s])
        return false; /* another publication, or not yet, or seen */
    uint64_t t = atomic_load_explicit(&sl->tag, memory_order_relaxed);
    uint64_t rd = atomic_load_explicit(&sl->readers, memory_order_relaxed);
    uint64_t len = atomic_load_explicit(&sl->len, memory_order_relaxed);
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&sl->pub, memory_order_relaxed) != p1)
        return false; /* changed under us: look again later */
    if (t != tag || !(rd & cs->mybit))
        return false;
    got->num = num;
    got->len = (uint32_t)len;
    got->slot = (uint16_t)s;
    cs->next[w] = num + 1;
    return true;
}

/* Looks for tag among w's publications numbered (from, to], at most the
 * last NSLOTS of them (the slots hold no more). */
static bool find_range(struct coll_shm *cs, int w, uint64_t from,
                       uint64_t to, uint64_t tag, struct ft_shm_got *got)
{
    if (to > NSLOTS && from < to - NSLOTS)
        from = to - NSLOTS;
    for (uint64_t n = from + 1; n <= to; n++)
        if (probe(cs, w, n, tag, got))
            return true;
    return false;
}

/* Looks through all of w's slots (publications out of the usual order:
 * rare, and only on a slow path). */
static bool find(struct coll_shm *cs, int w, uint64_t tag,
                 struct ft_shm_got *got)
{
    struct shm_head *h = cs->head[w];
    for (int s = 0; s < NSLOTS; s++) {
        uint64_t p = atomic_load_explicit(&h->slot[s].pub,
                                          memory_order_acquire);
        if (!(p & 1) && p && probe(cs, w, p / 2, tag, got))
            return true;
    }
    return false;
}

void ft_shm_release(struct coll_shm *cs, uint64_t set,
                    const struct ft_shm_got *got)
{
    if (!set)
        return;
    struct shm_head *mine = cs->head[cs->me];
    for (uint64_t left = set; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        int s = got[w].slot;
        cs->consumed[w][s] = got[w].num;
        atomic_store_explicit(&mine->ack[ACK(w, s)], got[w].num,
                              memory_order_release);
    }
    /* A writer that waits for room says so.  Without a fence here we may
     * miss that it just started to wait: it then sleeps in short naps
     * (see ft_shm_begin), so that costs at most one nap, and only then. */
    uint64_t waiting = 0;
    for (uint64_t left = set; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        if (atomic_load_explicit(&cs->head[w]->want_ack,
                                 memory_order_relaxed))
            waiting |= 1ull << w;
    }
    if (waiting)
        wake(cs, waiting);
}

struct collect {
    struct coll_shm *cs;
    struct ft_comm *comm;
    uint64_t tag, left;
    struct ft_shm_got *got;
    uint64_t seen[MAX_LOCAL]; /* each writer's newest we looked through */
    unsigned polls;
    int nfailed_seen;
    int err;
};

static bool collect_done(void *arg)
{
    struct collect *c = arg;
    struct coll_shm *cs = c->cs;
    /* Now and then look everywhere, for publications made out of the
     * order we expect (collectives on several communicators). */
    bool all = (++c->polls & 63) == 0;
    for (uint64_t left = c->left; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        /* Usually it is the one after the last we took from w. */
        if (probe(cs, w, cs->next[w], c->tag, &c->got[w])) {
            c->left &= ~(1ull << w);
            continue;
        }
        uint64_t last = atomic_load_explicit(&cs->head[w]->last,
                                             memory_order_acquire);
        bool hit = false;
        if (last != c->seen[w]) {
            hit = find_range(cs, w, c->seen[w], last, c->tag, &c->got[w]);
            c->seen[w] = last;
        }
        if (!hit && all)
            hit = find(cs, w, c->tag, &c->got[w]);
        if (hit)
            c->left &= ~(1ull << w);
    }
    if (!c->left)
        return true;
    if (c->comm->revoked) {
        c->err = c->comm->revoke_err;
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
                   uint64_t want, struct ft_shm_got *got)
{
    struct collect c = {.cs = cs, .comm = comm, .tag = tag, .left = want,
                        .got = got, .nfailed_seen = -1};
    /* Start from the publication after the last one we took from each
     * writer: that is where ours usually is. */
    for (uint64_t left = want; left; left &= left - 1) {
        int w = __builtin_ctzll(left);
        c.seen[w] = cs->next[w] ? cs->next[w] - 1 : 0;
    }
    if (!collect_done(&c)) {
        int rc = ft_progress_wait(cs->eng, collect_done, &c);
        if (rc && !c.err)
            c.err = rc;
    }
    if (!c.err)
        return 0;
    ft_shm_release(cs, want & ~c.left, got);
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
        struct ft_shm_got got[MAX_LOCAL];
        struct ft_proc *p = cs->proc[w];
        if (!p || ft_proc_failed(p)) {
            n++;
            continue;
        }
        if (find(cs, w, cs->aband[i].tag, &got[w])) {
            ft_shm_release(cs, 1ull << w, got);
            n++;
            continue;
        }
        cs->aband[k++] = cs->aband[i];
    }
    cs->naband = k;
    return n;
}
