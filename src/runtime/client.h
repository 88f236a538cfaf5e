/*
 * client.h -- the rank's side of the run-time, linked into libftmpi.
 *
 * At MPI_Init the rank reads what its daemon put in the environment,
 * connects to the hub (through the host daemon on other hosts), says HELLO
 * with the job's secret, and maps the host's shared segment.  Afterwards the
 * connection carries control messages both ways; the progress engine polls
 * it when the daemon bumps the rank's notice counter or when the socket
 * wakes a sleeping rank.  A program started without ftmpirun is a
 * singleton: no hub, size 1.
 */
#ifndef FT_RUNTIME_CLIENT_H
#define FT_RUNTIME_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/nodeseg.h"
#include "runtime/wire.h"

/* The hub's answer to an agreement (see hub_ft.h). */
struct ft_agreed {
    uint32_t ctx, cid, seq, flag;
    bool failed;       /* raise PROC_FAILED */
    int ndead;         /* members that did not contribute... */
    const int *dead;   /* ...their world ranks (valid during the call) */
    uint32_t nctx;     /* context ids granted (fewer than asked: none free) */
    uint32_t ctx_ids[4];
    const uint32_t *epochs; /* RECOVER: every rank's incarnation, or NULL */
};

/* Control messages from the hub, delivered from ft_client_poll. */
struct ft_client_events {
    /* Failure number seq: world rank `rank` (incarnation epoch) is dead. */
    void (*failure)(void *arg, uint64_t seq, int rank, uint32_t epoch);
    /* Communicator (ctx, cid) was revoked by another rank. */
    void (*revoked)(void *arg, uint32_t ctx, uint32_t cid);
    /* An agreement this rank contributed to was decided. */
    void (*agreed)(void *arg, const struct ft_agreed *a);
};

struct ft_client {
    bool singleton;
    int rank, size;
    uint32_t epoch;
    int node, local_rank, local_size;
    int *node_of;     /* size entries: host index of each world rank */
    int *local_of;    /* size entries: index on its host */
    int *local_world; /* local_size entries: world rank of each local index */
    uint32_t *epochs; /* size entries: incarnation of each rank at WELCOME */
    bool tolerant;    /* the job tolerates failures from the start */
    bool replacement; /* rebuild mode: we replace a failed process */
    char jobid[17];
    struct ft_conn conn;
    struct ft_nodeseg seg;
    int *doorbells; /* local_size eventfds */
    uint64_t notice_seen;
    /* Key-value data received at the last fence. */
    struct ft_wbuf kvdata;
    uint32_t nkv;
    /* Control messages that arrived during a blocking wait (a fence), kept
     * raw until callbacks can run. */
    struct ft_wbuf queued;
    struct ft_client_events ev;
    void *ev_arg;
    bool hub_gone;
};

/* Starts the client.  Returns 0, or a negative error with a one-line
 * reason in why. */
int ft_client_init(struct ft_client *c, char *why, size_t whylen);

/* Installs the event callbacks; queued notices are delivered at the next
 * ft_client_poll. */
void ft_client_set_events(struct ft_client *c, const struct ft_client_events *ev,
                          void *arg);

/* Publishes key=value for the other ranks (visible after the next fence). */
int ft_client_kv_put(struct ft_client *c, const char *key, const void *val,
                     size_t len);

/* Blocks until every live rank has fenced; then ft_client_kv_get sees every
 * value put before the fence. */
int ft_client_kv_fence(struct ft_client *c);

/* Returns the value of key from the last fence (NULL if absent). */
const void *ft_client_kv_get(struct ft_client *c, const char *key,
                             size_t *len);

/* True when the daemon has queued something for us since the last poll.
 * One load: cheap enough for every progress pass. */
static inline bool ft_client_has_notice(const struct ft_client *c)
{
    if (c->singleton)
        return false;
    const struct ft_rank_ctl *ctl =
        ft_nodeseg_ctl(&c->seg, (uint32_t)c->local_rank);
    return atomic_load_explicit(&ctl->notice_seq, memory_order_acquire) !=
           c->notice_seen;
}

/* Reads and handles every control message that has arrived.  Never
 * blocks.  Returns the number handled, or -FT_EHUBGONE when the launcher
 * has vanished. */
int ft_client_poll(struct ft_client *c);

/* The socket, for the progress engine's epoll (or -1). */
int ft_client_fd(const struct ft_client *c);

/* This rank's control block in the host segment (NULL for a singleton). */
struct ft_rank_ctl *ft_client_ctl(struct ft_client *c);

/* Messages to the hub; they do not wait for an answer. */
int ft_client_finalize(struct ft_client *c);
int ft_client_abort(struct ft_client *c, int code, const char *msg);
int ft_client_tolerant(struct ft_client *c);
int ft_client_revoke(struct ft_client *c, uint32_t ctx, uint32_t cid);

/* Sends an agreement contribution (FT_MSG_AGREE); members and acked are
 * world ranks; mask (FT_CTX_WORDS words) is sent when nctx > 0 context
 * ids are wanted. */
int ft_client_agree(struct ft_client *c, uint32_t ctx, uint32_t cid,
                    uint32_t seq, uint32_t kind, uint32_t flag, uint32_t nctx,
                    const int *local, int nlocal, const int *remote,
                    int nremote, const int *acked, int nacked,
                    const uint64_t *mask);

/* Closes the connection and unmaps the segment. */
void ft_client_fini(struct ft_client *c);

#endif
