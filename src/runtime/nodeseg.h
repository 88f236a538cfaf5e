/*
 * nodeseg.h -- the one shared-memory segment of a host.
 *
 * The host daemon creates it (memfd: it has no name, so nothing can leak or
 * collide, and it vanishes with its last user) before starting the ranks,
 * who inherit the descriptor.  It holds one control block per local rank,
 * which the rank and its daemon share, the area the shared-memory
 * transport formats for its rings, and one area per rank for the
 * shared-memory collectives (src/coll/shm.c): each rank writes only its own
 * area, the others only read it.  The daemon also creates one doorbell
 * (an eventfd) per local rank; every local rank inherits all of them, so a
 * sender can wake a sleeping receiver with one write.
 *
 *     header | ctl[0..L) | transport area: L x L slots, each
 *                          FT_NODESEG_RING_HDR + ring_bytes
 *            | collective areas: L of them, each coll_hdr + coll_box
 */
#ifndef FT_RUNTIME_NODESEG_H
#define FT_RUNTIME_NODESEG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FT_NODESEG_MAGIC 0x4745534e54465446ull /* "FTFTNSEG" */
#define FT_CACHELINE 64
/* Room in front of each ring for the transport's indices. */
#define FT_NODESEG_RING_HDR 256

/* Each collective area is a ring of FT_NODESEG_COLL_SLOTS publication
 * slots.  Its head holds one cache line per slot and two more, then one
 * acknowledgement word per (local rank, slot). */
#define FT_NODESEG_COLL_SLOTS 64
#define FT_NODESEG_COLL_HDR(l)                                                \
    ((FT_NODESEG_COLL_SLOTS + 2) * (uint64_t)FT_CACHELINE +                  \
     (8 * (uint64_t)(l) * FT_NODESEG_COLL_SLOTS + FT_CACHELINE - 1) /         \
         FT_CACHELINE * FT_CACHELINE)

struct ft_nodeseg_hdr {
    uint64_t magic;
    uint32_t local_size;
    uint32_t ring_bytes; /* power of two */
    uint64_t ctl_off, ring_off, total;
    uint64_t coll_off;   /* the collective areas */
    uint32_t coll_hdr;   /* FT_NODESEG_COLL_HDR(local_size) */
    uint32_t coll_box;   /* data bytes in each area (a multiple of
                          * FT_NODESEG_COLL_SLOTS cache lines); 0: none */
};

/* A rank's published state.  Written by the rank under a sequence lock:
 * seq is odd while a write is in progress; a reader retries until it
 * reads the same even seq before and after. */
struct ft_rank_state {
    _Atomic uint32_t seq;
    uint32_t blocked;  /* 1: waiting inside an MPI call */
    uint32_t wait_id;  /* changes at every new wait */
    int32_t peer;      /* world rank waited for; -1 any; -2 none */
    uint64_t since_ns; /* when the wait began (CLOCK_MONOTONIC) */
    uint64_t sent;     /* packets this rank has sent, ever */
    uint64_t received; /* packets it has received, ever */
    char what[160];    /* e.g. "MPI_Recv(source=1, tag=7, comm MPI_COMM_WORLD)" */
};

/* Reads st consistently into out; false if the writer kept it busy. */
static inline bool ft_rank_state_read(const struct ft_rank_state *st,
                                      struct ft_rank_state *out)
{
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t a = atomic_load_explicit(&st->seq, memory_order_acquire);
        if (a & 1)
            continue;
        out->blocked = st->blocked;
        out->wait_id = st->wait_id;
        out->peer = st->peer;
        out->since_ns = st->since_ns;
        out->sent = st->sent;
        out->received = st->received;
        memcpy(out->what, st->what, sizeof out->what);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&st->seq, memory_order_relaxed) == a) {
            out->what[sizeof out->what - 1] = 0;
            return true;
        }
    }
    return false;
}

/* What a rank and its host daemon share.  The daemon writes notice_seq;
 * everything else is written by the rank only. */
struct ft_rank_ctl {
    /* Set by the rank just before it sleeps, cleared when it wakes: a
     * sender that sees it rings the rank's doorbell. */
    _Alignas(FT_CACHELINE) _Atomic uint32_t sleeping;
    uint32_t pid;
    uint32_t epoch;
    uint64_t cma_probe_addr; /* address of cma_probe_value in the rank */
    uint64_t cma_probe_value;
    /* Bumped by the daemon after it queues a control message for the
     * rank, so a busy rank notices without a system call. */
    _Alignas(FT_CACHELINE) _Atomic uint64_t notice_seq;
    /* Where the rank is, for supervision (timeouts, deadlock detection,
     * hang reports).  The rank writes it only once a wait has lasted long
     * enough to give up the processor, never on the fast path. */
    _Alignas(FT_CACHELINE) struct ft_rank_state state;
};

struct ft_nodeseg {
    void *base;
    size_t size;
    int fd;
    struct ft_nodeseg_hdr *hdr;
};

/* Daemon side: creates a segment for local_size ranks with rings of
 * ring_bytes (a power of two) and collective areas with coll_box bytes of
 * data each (rounded up to whole slots of cache lines; 0 for none).  The fd is
 * close-on-exec; the child clears that flag.  Returns 0 or -errno. */
int ft_nodeseg_create(struct ft_nodeseg *seg, uint32_t local_size,
                      uint32_t ring_bytes, uint32_t coll_box);

/* Rank side: maps an inherited segment and checks its header. */
int ft_nodeseg_attach(struct ft_nodeseg *seg, int fd);

void ft_nodeseg_detach(struct ft_nodeseg *seg);

static inline struct ft_rank_ctl *ft_nodeseg_ctl(const struct ft_nodeseg *s,
                                                 uint32_t local)
{
    return (struct ft_rank_ctl *)((char *)s->base + s->hdr->ctl_off) + local;
}

/* The ring slot that receiver carries messages from sender in: a header
 * of FT_NODESEG_RING_HDR bytes, then ring_bytes of data. */
static inline void *ft_nodeseg_ring(const struct ft_nodeseg *s,
                                    uint32_t receiver, uint32_t sender)
{
    uint64_t slot = (uint64_t)receiver * s->hdr->local_size + sender;
    return (char *)s->base + s->hdr->ring_off +
           slot * (FT_NODESEG_RING_HDR + (uint64_t)s->hdr->ring_bytes);
}

/* The collective area of a local rank (NULL when there are none). */
static inline void *ft_nodeseg_coll(const struct ft_nodeseg *s,
                                    uint32_t local)
{
    if (!s->hdr || s->hdr->coll_box == 0)
        return NULL;
    return (char *)s->base + s->hdr->coll_off +
           local * ((uint64_t)s->hdr->coll_hdr + s->hdr->coll_box);
}

/* Rounds the FTMPI_SHM_RING tunable to a power of two. */
uint32_t ft_nodeseg_ring_bytes(long wanted);

#endif
