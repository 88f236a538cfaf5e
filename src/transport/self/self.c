/*
 * self -- the transport from a process to itself.
 *
 * Packets wait in a local queue until the next poll delivers them, so a
 * send to oneself never re-enters the matching engine.  "Single copy" (and a
 * one-sided operation on one's own window) is a memcpy.  Not a hot path: each packet is one malloc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/list.h"
#include "core/proc.h"
#include "runtime/client.h"
#include "transport/transport.h"

struct self_pkt {
    struct ft_list link;
    size_t len;
    _Alignas(16) unsigned char data[];
};

struct self_tp {
    struct ft_tp base;
    int rank;
    struct ft_proc *me;
    struct ft_list queue;
};

static int self_open(struct ft_client *client, struct ft_tp **out)
{
    struct self_tp *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->base.max_pkt = (size_t)1 << 30;
    t->base.wake_fd = -1;
    t->rank = client->rank;
    ft_list_init(&t->queue);
    *out = &t->base;
    return 0;
}

static bool self_reaches(struct ft_tp *tp, const struct ft_proc *p)
{
    struct self_tp *t = (struct self_tp *)tp;
    if (p->world_rank != t->rank)
        return false;
    t->me = (struct ft_proc *)p;
    return true;
}

static int self_reserve(struct ft_tp *tp, struct ft_proc *p, size_t len,
                        void **buf)
{
    (void)tp;
    (void)p;
    struct self_pkt *k = malloc(sizeof *k + len);
    if (!k)
        return -ENOMEM;
    k->len = len;
    *buf = k->data;
    return 0;
}

static void self_commit(struct ft_tp *tp, struct ft_proc *p, void *buf,
                        size_t len)
{
    (void)p;
    (void)len;
    struct self_tp *t = (struct self_tp *)tp;
    struct self_pkt *k = ft_container_of(buf, struct self_pkt, data);
    ft_list_push(&t->queue, &k->link);
}

static int self_poll(struct ft_tp *tp)
{
    struct self_tp *t = (struct self_tp *)tp;
    if (ft_list_empty(&t->queue))
        return 0;
    /* Deliver only what is queued now: delivery may queue more. */
    struct ft_list batch;
    ft_list_init(&batch);
    batch.next = t->queue.next;
    batch.prev = t->queue.prev;
    batch.next->prev = &batch;
    batch.prev->next = &batch;
    ft_list_init(&t->queue);
    int n = 0;
    struct ft_list *e;
    while ((e = ft_list_pop(&batch))) {
        struct self_pkt *k = ft_container_of(e, struct self_pkt, link);
        tp->deliver(tp->arg, t->me, k->data, k->len);
        free(k);
        n++;
    }
    return n;
}

static int self_arm(struct ft_tp *tp)
{
    return !ft_list_empty(&((struct self_tp *)tp)->queue);
}

static void self_disarm(struct ft_tp *tp)
{
    (void)tp;
}

static int self_get(struct ft_tp *tp, struct ft_proc *p,
                    const struct iovec *local, int nlocal, uint64_t raddr,
                    size_t len)
{
    (void)tp;
    (void)p;
    const char *src = (const char *)(uintptr_t)raddr;
    for (int i = 0; i < nlocal && len; i++) {
        size_t n = local[i].iov_len < len ? local[i].iov_len : len;
        memcpy(local[i].iov_base, src, n);
        src += n;
        len -= n;
    }
    return 0;
}

/* Copies the bytes of ranges src[0..ns) into ranges dst[0..nd), which
 * cover as many bytes; overlapping ranges are handled as memmove does. */
static void iov_copy(const struct iovec *dst, int nd, const struct iovec *src,
                     int ns)
{
    int i = 0, j = 0;
    size_t di = 0, sj = 0;
    while (i < nd && j < ns) {
        size_t n = dst[i].iov_len - di;
        if (src[j].iov_len - sj < n)
            n = src[j].iov_len - sj;
        memmove((char *)dst[i].iov_base + di, (const char *)src[j].iov_base + sj,
                n);
        di += n;
        sj += n;
        if (di == dst[i].iov_len) {
            i++;
            di = 0;
        }
        if (sj == src[j].iov_len) {
            j++;
            sj = 0;
        }
    }
}

static int self_rw(struct ft_tp *tp, struct ft_proc *p,
                   const struct iovec *local, int nlocal,
                   const struct iovec *remote, int nremote, bool write)
{
    (void)tp;
    (void)p;
    if (write)
        iov_copy(remote, nremote, local, nlocal);
    else
        iov_copy(local, nlocal, remote, nremote);
    return 0;
}

static void self_close(struct ft_tp *tp)
{
    struct self_tp *t = (struct self_tp *)tp;
    struct ft_list *e;
    while ((e = ft_list_pop(&t->queue)))
        free(ft_container_of(e, struct self_pkt, link));
    free(t);
}

const struct ft_tp_ops ft_tp_self_ops = {
    .name = "self",
    .description = "a process to itself, through a local queue",
    .open = self_open,
    .reaches = self_reaches,
    .reserve = self_reserve,
    .commit = self_commit,
    .poll = self_poll,
    .arm = self_arm,
    .disarm = self_disarm,
    .get = self_get,
    .rw = self_rw,
    .close = self_close,
};
