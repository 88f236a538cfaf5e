/*
 * transport.h -- the interface every transport fills: one ops struct each.
 *
 * A transport moves packets between this process and peer processes.  It
 * knows nothing of communicators, tags or matching: a packet is opaque bytes
 * that the core hands it and that it hands back to the core, whole and in
 * order per peer, through ft_tp->deliver.
 *
 * Sending is two steps, so the core can build a packet (header and packed
 * data) directly in the transport's memory with no extra copy:
 *
 *     void *p;
 *     if (tp->ops->reserve(tp, peer, len, &p) == 0) {
 *         ...fill len bytes at p...
 *         tp->ops->commit(tp, peer, p, len);
 *     }
 *
 * "No room now" (-FT_EAGAIN) is an ordinary answer: the core queues the
 * packet and tries again after progress.  No op ever blocks.
 */
#ifndef FT_TRANSPORT_TRANSPORT_H
#define FT_TRANSPORT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct ft_tp;
struct ft_proc;
struct ft_client;

/* Called by a transport for each packet that arrives.  data is valid only
 * during the call.  The callee may send packets (to any peer) but must not
 * wait. */
typedef void (*ft_tp_deliver_fn)(void *arg, struct ft_proc *from,
                                 const void *data, size_t len);

/* Called by a transport that sees a peer die on its own (end of stream,
 * dead pid). */
typedef void (*ft_tp_peer_lost_fn)(void *arg, struct ft_proc *peer);

struct ft_tp_ops {
    const char *name;
    const char *description; /* one line for ftmpi-info */

    /* Creates the transport for this process.  client gives the rank's
     * identity and the host segment.  Returns 0 and *tp, or -errno; a
     * transport that does not apply here returns -ENODEV. */
    int (*open)(struct ft_client *client, struct ft_tp **tp);

    /* Whether this transport can carry packets to p.  Called once per
     * peer at wire-up; the first transport (in registry order) that
     * reaches a peer is used for it. */
    bool (*reaches)(struct ft_tp *tp, const struct ft_proc *p);

    /* Makes room for one packet of len bytes to p (len <= tp->max_pkt)
     * and points *buf at it.  Returns 0, -FT_EAGAIN when there is no room
     * now, or -FT_EPROCFAILED when p is known dead. */
    int (*reserve)(struct ft_tp *tp, struct ft_proc *p, size_t len,
                   void **buf);

    /* Sends the packet reserved at buf.  Never fails: a peer that dies
     * later is reported through the failure path. */
    void (*commit)(struct ft_tp *tp, struct ft_proc *p, void *buf,
                   size_t len);

    /* Delivers every packet that has arrived.  Returns how many. */
    int (*poll)(struct ft_tp *tp);

    /* Prepares to sleep: after it returns 0, any packet sent to us will
     * wake the fds registered with the engine.  Returns 1 (do not sleep)
     * if packets are already waiting. */
    int (*arm)(struct ft_tp *tp);

    /* Undoes arm after waking. */
    void (*disarm)(struct ft_tp *tp);

    /* Copies len bytes at address raddr in p's memory into local (single
     * copy).  Optional (NULL): the core then uses a pipelined copy through
     * packets.  Returns 0, -EPERM / -ENOSYS when this peer does not allow
     * it (the core stops trying), or -FT_EPROCFAILED. */
    int (*get)(struct ft_tp *tp, struct ft_proc *p, const struct iovec *local,
               int nlocal, uint64_t raddr, size_t len);

    /* Copies between this process's memory and p's in one step, for
     * one-sided communication: with write, the bytes of the local ranges
     * go to the remote ranges (addresses in p), otherwise the other way.
     * Both lists cover the same number of bytes, at most 64 ranges each.
     * Optional (NULL): the core then moves one-sided data in packets that
     * p's progress engine applies.  Returns 0, -EPERM / -ENOSYS when this
     * peer does not allow it (the core stops trying), -EFAULT when a remote
     * range is not mapped in p, or -FT_EPROCFAILED. */
    int (*rw)(struct ft_tp *tp, struct ft_proc *p, const struct iovec *local,
              int nlocal, const struct iovec *remote, int nremote,
              bool write);

    /* Releases everything. */
    void (*close)(struct ft_tp *tp);
};

/* The part of every transport's state the core reads. */
struct ft_tp {
    const struct ft_tp_ops *ops;
    size_t max_pkt;        /* largest packet reserve accepts */
    int wake_fd;           /* fd to add to the sleep epoll, or -1 */
    ft_tp_deliver_fn deliver;
    ft_tp_peer_lost_fn peer_lost;
    void *arg;             /* for deliver and peer_lost */
};

/* The transports, in order of preference, NULL-terminated. */
extern const struct ft_tp_ops *const ft_transports[];

/* Checks that every required op of every registered transport is set;
 * returns the name of a broken one, or NULL. */
const char *ft_transports_check(void);

#endif
