/*
 * shm -- the shared-memory transport between ranks of one host.
 *
 * For every ordered pair (sender, receiver) there is one single-producer
 * single-consumer ring in the host segment, owned by the receiver.  Only
 * those two processes touch it, and neither ever waits for the other: there
 * is no lock, so a process that dies holds nothing anyone needs.
 *
 * A ring is a byte stream of frames: an 8-byte frame header (payload
 * length, flags) and the payload, padded to 8 bytes.  A frame never wraps:
 * when it does not fit before the end, the producer writes a skip frame to
 * the end and starts at offset 0, which is why a packet may take at most
 * half the ring.  The producer publishes its tail with a release store
 * after writing the frame; the consumer publishes its head after handling a
 * batch.  Each side keeps its own copy of the other's index and reads the
 * shared one only when its copy says the ring is full (or empty).
 *
 * A receiver about to sleep sets its "sleeping" flag, then looks at its
 * rings once more; a sender checks the flag after publishing and, only if it
 * is set, rings the receiver's doorbell (an eventfd).  A full fence on both
 * sides makes sure one of them sees the other.  The same dance runs the
 * other way when a sender finds a ring full: it raises the ring's want_room
 * flag and looks at the head again; the receiver, after moving the head,
 * looks at the flag and rings the sender's doorbell if it sleeps.
 *
 * Large messages are copied once, straight from the sender's memory, with
 * process_vm_readv (the "get" op); the core falls back to streaming through
 * the rings for a peer where the kernel refuses it.  One-sided operations
 * read and write a peer's window the same way (process_vm_readv/writev,
 * the "rw" op), with no help from the peer.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/err.h"
#include "core/proc.h"
#include "runtime/client.h"
#include "runtime/nodeseg.h"
#include "transport/transport.h"

#define FRAME_HDR 8u
#define F_SKIP 1u

struct ring_ctl {
    _Alignas(FT_CACHELINE) _Atomic uint64_t tail; /* written by producer */
    _Alignas(FT_CACHELINE) _Atomic uint64_t head; /* written by consumer */
    /* Set by a producer that found the ring full, cleared by the consumer
     * when it makes room. */
    _Alignas(FT_CACHELINE) _Atomic uint32_t want_room;
};
_Static_assert(sizeof(struct ring_ctl) <= FT_NODESEG_RING_HDR,
               "ring indices must fit the slot header");

struct frame {
    uint32_t len;
    uint32_t flags;
};

struct shm_peer {
    struct ft_proc *proc;
    struct ft_rank_ctl *ctl;  /* the peer's control block */
    int doorbell;
    /* The ring we write into (the peer receives from it). */
    struct ring_ctl *out;
    uint8_t *out_data;
    uint64_t out_tail, out_head_seen;
    struct frame *pending;    /* reserved, not yet committed */
    /* The ring we read from (the peer writes into it). */
    struct ring_ctl *in;
    uint8_t *in_data;
    uint64_t in_head;
    bool waiting_room; /* we raised want_room on out */
};

struct shm_tp {
    struct ft_tp base;
    int me, nlocal, node;
    uint64_t cap, mask;
    struct shm_peer *peers; /* by local index */
    int *order;             /* local indices of peers we poll */
    int npoll;
    struct ft_rank_ctl *myctl;
};

static inline uint64_t align8(uint64_t v)
{
    return (v + 7) & ~(uint64_t)7;
}

static int shm_open(struct ft_client *client, struct ft_tp **out)
{
    if (client->singleton || client->local_size < 2)
        return -ENODEV;
    struct shm_tp *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->me = client->local_rank;
    t->node = client->node;
    t->nlocal = client->local_size;
    t->cap = client->seg.hdr->ring_bytes;
    t->mask = t->cap - 1;
    t->peers = calloc((size_t)t->nlocal, sizeof *t->peers);
    t->order = calloc((size_t)t->nlocal, sizeof *t->order);
    if (!t->peers || !t->order) {
        free(t->peers);
        free(t->order);
        free(t);
        return -ENOMEM;
    }
    t->myctl = ft_client_ctl(client);
    for (int j = 0; j < t->nlocal; j++) {
        struct shm_peer *pr = &t->peers[j];
        pr->ctl = ft_nodeseg_ctl(&client->seg, (uint32_t)j);
        pr->doorbell = client->doorbells[j];
        pr->out = ft_nodeseg_ring(&client->seg, (uint32_t)j, (uint32_t)t->me);
        pr->out_data = (uint8_t *)pr->out + FT_NODESEG_RING_HDR;
        pr->in = ft_nodeseg_ring(&client->seg, (uint32_t)t->me, (uint32_t)j);
        pr->in_data = (uint8_t *)pr->in + FT_NODESEG_RING_HDR;
        /* Start from wherever the rings are: zero on a fresh segment.  A
         * replacement (rebuild mode) skips what was left for the process
         * it replaces: nobody sends to a rank before MPI_Init has made it
         * known, so anything in its rings now is stale. */
        pr->out_tail = atomic_load(&pr->out->tail);
        pr->out_head_seen = atomic_load(&pr->out->head);
        pr->in_head = atomic_load(&pr->in->tail);
        atomic_store(&pr->in->head, pr->in_head);
        atomic_store(&pr->in->want_room, 0);
    }
    t->base.max_pkt = (size_t)(t->cap / 2 - FRAME_HDR);
    t->base.wake_fd = client->doorbells[t->me];
    *out = &t->base;
    return 0;
}

static bool shm_reaches(struct ft_tp *tp, const struct ft_proc *p)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    /* Same host, not ourselves (self is cheaper). */
    if (p->node != t->node || p->local < 0 || p->local >= t->nlocal ||
        p->local == t->me)
        return false;
    struct shm_peer *pr = &t->peers[p->local];
    if (!pr->proc) {
        pr->proc = (struct ft_proc *)p;
        t->order[t->npoll++] = p->local;
    }
    return true;
}

static int shm_reserve(struct ft_tp *tp, struct ft_proc *p, size_t len,
                       void **buf)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    struct shm_peer *pr = &t->peers[p->local];
    uint64_t need = FRAME_HDR + align8(len);
    uint64_t pos = pr->out_tail & t->mask;
    uint64_t to_end = t->cap - pos;
    uint64_t total = need > to_end ? to_end + need : need;
    if (pr->out_tail + total - pr->out_head_seen > t->cap) {
        pr->out_head_seen =
            atomic_load_explicit(&pr->out->head, memory_order_acquire);
        if (pr->out_tail + total - pr->out_head_seen > t->cap) {
            /* Full: ask to be woken when there is room, then look once
             * more in case the consumer moved meanwhile. */
            atomic_store(&pr->out->want_room, 1);
            pr->waiting_room = true;
            pr->out_head_seen = atomic_load(&pr->out->head);
            if (pr->out_tail + total - pr->out_head_seen > t->cap)
                return -FT_EAGAIN;
        }
    }
    if (need > to_end) {
        struct frame *skip = (struct frame *)(pr->out_data + pos);
        skip->len = (uint32_t)(to_end - FRAME_HDR);
        skip->flags = F_SKIP;
        pr->out_tail += to_end;
        pos = 0;
    }
    pr->pending = (struct frame *)(pr->out_data + pos);
    *buf = (uint8_t *)pr->pending + FRAME_HDR;
    return 0;
}

static void shm_commit(struct ft_tp *tp, struct ft_proc *p, void *buf,
                       size_t len)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    struct shm_peer *pr = &t->peers[p->local];
    (void)buf;
    pr->pending->len = (uint32_t)len;
    pr->pending->flags = 0;
    pr->out_tail += FRAME_HDR + align8(len);
    atomic_store_explicit(&pr->out->tail, pr->out_tail, memory_order_release);
    /* Pairs with the fence in shm_arm: either the receiver sees our frame
     * before it sleeps, or we see that it sleeps. */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&pr->ctl->sleeping, memory_order_relaxed)) {
        uint64_t one = 1;
        ssize_t w = write(pr->doorbell, &one, sizeof one);
        (void)w; /* a full counter still wakes the reader */
    }
}

static int poll_ring(struct shm_tp *t, struct shm_peer *pr)
{
    uint64_t tail = atomic_load_explicit(&pr->in->tail, memory_order_acquire);
    if (tail == pr->in_head)
        return 0;
    int n = 0;
    uint64_t head = pr->in_head;
    while (head != tail) {
        uint64_t pos = head & t->mask;
        const struct frame *f = (const struct frame *)(pr->in_data + pos);
        if (f->flags & F_SKIP) {
            head += t->cap - pos;
            continue;
        }
        /* The packet is valid only during delivery; delivery may send,
         * never wait. */
        t->base.deliver(t->base.arg, pr->proc, (const uint8_t *)f + FRAME_HDR,
                        f->len);
        head += FRAME_HDR + align8(f->len);
        n++;
    }
    pr->in_head = head;
    atomic_store(&pr->in->head, head);
    /* seq_cst store then load: pairs with the producer's want_room dance. */
    if (atomic_load(&pr->in->want_room)) {
        atomic_store(&pr->in->want_room, 0);
        if (atomic_load(&pr->ctl->sleeping)) {
            uint64_t one = 1;
            ssize_t w = write(pr->doorbell, &one, sizeof one);
            (void)w;
        }
    }
    return n;
}

static int shm_poll(struct ft_tp *tp)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    int n = 0;
    for (int i = 0; i < t->npoll; i++)
        n += poll_ring(t, &t->peers[t->order[i]]);
    return n;
}

static int shm_arm(struct ft_tp *tp)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    atomic_store_explicit(&t->myctl->sleeping, 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);
    for (int i = 0; i < t->npoll; i++) {
        struct shm_peer *pr = &t->peers[t->order[i]];
        if (atomic_load_explicit(&pr->in->tail, memory_order_acquire) !=
            pr->in_head)
            return 1;
        /* A ring we wait to send into that has room again. */
        if (pr->waiting_room) {
            if (atomic_load(&pr->out->head) != pr->out_head_seen ||
                !atomic_load(&pr->out->want_room)) {
                pr->waiting_room = false;
                return 1;
            }
        }
    }
    return 0;
}

static void shm_disarm(struct ft_tp *tp)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    atomic_store_explicit(&t->myctl->sleeping, 0, memory_order_relaxed);
    uint64_t v;
    ssize_t r = read(t->base.wake_fd, &v, sizeof v);
    (void)r; /* EAGAIN when nobody rang */
}

static int shm_get(struct ft_tp *tp, struct ft_proc *p,
                   const struct iovec *local, int nlocal, uint64_t raddr,
                   size_t len)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    pid_t pid = (pid_t)t->peers[p->local].ctl->pid;
    /* The core hands at most a few hundred ranges at a time (IOV_BATCH in
     * pt2pt.c); keep a copy we can advance on partial transfers. */
    struct iovec liov[512];
    int n = nlocal < 512 ? nlocal : 512;
    memcpy(liov, local, (size_t)n * sizeof *liov);
    int first = 0;
    while (len) {
        struct iovec riov = {(void *)(uintptr_t)raddr, len};
        ssize_t got = process_vm_readv(pid, liov + first, (unsigned long)(n - first),
                                       &riov, 1, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ESRCH)
                return -FT_EPROCFAILED;
            if (errno == EPERM || errno == EACCES || errno == ENOSYS)
                return -EPERM;
            return -errno;
        }
        if (got == 0)
            return -EIO;
        raddr += (uint64_t)got;
        len -= (size_t)got;
        /* Skip what was filled; partial transfers stop at an iov edge. */
        size_t g = (size_t)got;
        while (g && first < n) {
            if (g >= liov[first].iov_len) {
                g -= liov[first].iov_len;
                first++;
            } else {
                liov[first].iov_base = (char *)liov[first].iov_base + g;
                liov[first].iov_len -= g;
                g = 0;
            }
        }
    }
    return 0;
}

/* Drops the first `done` bytes from the ranges v[*first..n), in place. */
static void iov_advance(struct iovec *v, int n, int *first, size_t done)
{
    while (done && *first < n) {
        if (done >= v[*first].iov_len) {
            done -= v[*first].iov_len;
            (*first)++;
        } else {
            v[*first].iov_base = (char *)v[*first].iov_base + done;
            v[*first].iov_len -= done;
            done = 0;
        }
    }
}

static int shm_rw(struct ft_tp *tp, struct ft_proc *p,
                  const struct iovec *local, int nlocal,
                  const struct iovec *remote, int nremote, bool write)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    pid_t pid = (pid_t)t->peers[p->local].ctl->pid;
    struct iovec l[64], r[64];
    if (nlocal > 64 || nremote > 64)
        return -EINVAL;
    memcpy(l, local, (size_t)nlocal * sizeof *l);
    memcpy(r, remote, (size_t)nremote * sizeof *r);
    size_t left = 0;
    for (int i = 0; i < nlocal; i++)
        left += l[i].iov_len;
    int lf = 0, rf = 0;
    while (left) {
        ssize_t got =
            write ? process_vm_writev(pid, l + lf, (unsigned long)(nlocal - lf),
                                      r + rf, (unsigned long)(nremote - rf), 0)
                  : process_vm_readv(pid, l + lf, (unsigned long)(nlocal - lf),
                                     r + rf, (unsigned long)(nremote - rf), 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ESRCH)
                return -FT_EPROCFAILED;
            if (errno == EPERM || errno == EACCES || errno == ENOSYS)
                return -EPERM;
            return -errno;
        }
        if (got == 0)
            return -EFAULT; /* the remote range ends in unmapped memory */
        left -= (size_t)got;
        iov_advance(l, nlocal, &lf, (size_t)got);
        iov_advance(r, nremote, &rf, (size_t)got);
    }
    return 0;
}

static void shm_close(struct ft_tp *tp)
{
    struct shm_tp *t = (struct shm_tp *)tp;
    free(t->peers);
    free(t->order);
    free(t);
}

const struct ft_tp_ops ft_tp_shm_ops = {
    .name = "shm",
    .description = "ranks of one host, through lock-free rings in shared "
                   "memory; large messages copied once with process_vm_readv",
    .open = shm_open,
    .reaches = shm_reaches,
    .reserve = shm_reserve,
    .commit = shm_commit,
    .poll = shm_poll,
    .arm = shm_arm,
    .disarm = shm_disarm,
    .get = shm_get,
    .rw = shm_rw,
    .close = shm_close,
};
