/*
 * nodeseg.h -- the one shared-memory segment of a host.
 *
 * The host daemon creates it (memfd: it has no name, so nothing can leak or
 * collide, and it vanishes with its last user) before starting the ranks,
 * who inherit the descriptor.  It holds one control block per local rank,
 * which the rank and its daemon share, and the area the shared-memory
 * transport formats for its rings.  The daemon also creates one doorbell
 * (an eventfd) per local rank; every local rank inherits all of them, so a
 * sender can wake a sleeping receiver with one write.
 *
 *     header | ctl[0..L) | transport area: L x L slots, each
 *                          FT_NODESEG_RING_HDR + ring_bytes
 */
#ifndef FT_RUNTIME_NODESEG_H
#define FT_RUNTIME_NODESEG_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define FT_NODESEG_MAGIC 0x4745534e54465446ull /* "FTFTNSEG" */
#define FT_CACHELINE 64
/* Room in front of each ring for the transport's indices. */
#define FT_NODESEG_RING_HDR 256

struct ft_nodeseg_hdr {
    uint64_t magic;
    uint32_t local_size;
    uint32_t ring_bytes; /* power of two */
    uint64_t ctl_off, ring_off, total;
};

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
    /* Reserved for the rank's published state (supervision). */
    _Alignas(FT_CACHELINE) uint8_t reserved[256];
};

struct ft_nodeseg {
    void *base;
    size_t size;
    int fd;
    struct ft_nodeseg_hdr *hdr;
};

/* Daemon side: creates a segment for local_size ranks with rings of
 * ring_bytes (a power of two).  The fd is close-on-exec; the child clears
 * that flag.  Returns 0 or -errno. */
int ft_nodeseg_create(struct ft_nodeseg *seg, uint32_t local_size,
                      uint32_t ring_bytes);

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

/* Rounds the FTMPI_SHM_RING tunable to a power of two. */
uint32_t ft_nodeseg_ring_bytes(long wanted);

#endif
