/*
 * engine.h -- the per-process state of the MPI core: procs, transports,
 * context ids, requests, and the progress engine.
 *
 * There is one engine per process, created by MPI_Init.  Core functions get
 * it through their communicator (comm->eng) or as an argument; only the API
 * layer knows where the single instance lives.
 */
#ifndef FT_CORE_ENGINE_H
#define FT_CORE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/list.h"
#include "core/match.h"
#include "core/proc.h"
#include "core/request.h"
#include "runtime/client.h"

#define FT_MAX_TPS 4
#define FT_CTX_PAIRS 4096 /* context ids are 2*pair (+1 for collectives) */
#define FT_CTX_WORLD 0u
#define FT_CTX_SELF 2u

struct ft_comm;
struct ft_tp;
struct ft_win;

/* The matching state of one context pair; exists from the first packet
 * or the creation of its communicator, whichever comes first. */
struct ft_ctx {
    struct ft_comm *comm;
    struct ft_win *win; /* the window whose hidden communicator this is */
    struct ft_mq mq[2]; /* [0] point-to-point, [1] collectives */
};

/* Something the progress engine must advance on every pass (non-blocking
 * collectives, Bsend buffers...).  fn returns the work it did. */
struct ft_hook {
    struct ft_list link;
    int (*fn)(struct ft_hook *h);
};

/* Something that must hear of every failure (windows release the locks of
 * a dead process, fail the operations aimed at it).  fn runs inside
 * ft_engine_proc_failed, after point-to-point has failed its operations;
 * it may complete requests and send packets, never wait. */
struct ft_failure_hook {
    struct ft_list link;
    void (*fn)(struct ft_failure_hook *h, struct ft_proc *p);
};

/* The MPI call this process is in, as the API layer records it at entry
 * (plain stores, no system call), for supervision reports. */
struct ft_call {
    const char *fn;           /* "MPI_Recv", or NULL outside MPI */
    struct ft_comm *comm;     /* its communicator, if any */
    const char *peer_arg;     /* "source", "dest", "root"... or NULL */
    int peer;                 /* rank in comm, or MPI_ANY_SOURCE */
    int tag;                  /* or MPI_ANY_TAG; INT_MIN: none */
    const struct ft_request *req; /* a request waited for (MPI_Wait...) */
};

/* Why the engine is being told about a failure. */
typedef void (*ft_failure_fn)(struct ft_engine *eng, struct ft_proc *p);

struct ft_engine {
    struct ft_client client;
    int rank, size;
    struct ft_proc *procs; /* size entries: the world */
    struct ft_proc *self;
    struct ft_proc hole; /* stands in a failed rank's place (blank mode) */
    struct ft_tp *tps[FT_MAX_TPS];
    int ntps;
    int epfd; /* what a sleeping rank waits on */
    struct ft_reqtab reqs;
    struct ft_ctx *ctx[FT_CTX_PAIRS];
    uint64_t ctx_free[FT_CTX_PAIRS / 64]; /* bit set: pair free here */
    struct ft_list sendq_procs;           /* procs with queued sends */
    struct ft_list unexp_pool;            /* free struct ft_unexp */
    struct ft_list hooks;
    struct ft_list inflight;              /* rendezvous in progress */
    int detached; /* active requests freed by the user (MPI_Finalize waits) */
    struct ft_list stash; /* packets from incarnations we do not know yet */
    /* Tunables, read once. */
    size_t eager_limit, pipe_chunk;
    unsigned spin, yield;
    int wake_ms;
    bool oversubscribed;
    bool use_cma;
    /* Failures, in the order this process learned of them. */
    uint64_t fail_seq;
    struct ft_proc **failed;
    int nfailed, capfailed;
    ft_failure_fn on_failure; /* set by src/ft */
    struct ft_list failure_hooks; /* struct ft_failure_hook */
    void *ft;                 /* state of src/ft */
    /* Revocations of communicators this process has not made yet. */
    struct {
        uint32_t ctx, cid;
    } *early_revoked;
    int nearly_revoked;
    bool in_progress;         /* re-entrancy guard */
    struct ft_call call;      /* recorded by the API layer */
    uint64_t pkts_sent, pkts_received; /* for deadlock detection */
    uint32_t wait_id;
    void *coll;               /* state of the collective layer (src/coll) */
};

/* Starts the engine: run-time client, procs, transports.  Returns 0, or a
 * negative error with a one-line reason in why. */
int ft_engine_init(struct ft_engine *eng, char *why, size_t whylen);

/* Stops it; pending sends are flushed first. */
void ft_engine_fini(struct ft_engine *eng);

/* The matching state of a context id, created on first use (NULL only
 * when out of memory). */
struct ft_ctx *ft_engine_ctx(struct ft_engine *eng, uint32_t ctx);

/* Marks p failed (from a hub notice or a transport) and fails everything
 * waiting on it.  Idempotent. */
void ft_engine_proc_failed(struct ft_engine *eng, struct ft_proc *p);

/* p now stands for incarnation epoch, alive (rebuild mode): forgets its
 * failure, recounts failures on every communicator, and delivers packets
 * that arrived from that incarnation before we knew of it.  Must not be
 * called from inside a transport's delivery. */
void ft_engine_proc_revive(struct ft_engine *eng, struct ft_proc *p,
                           uint32_t epoch);

/* Keeps a copy of a packet from a newer incarnation of p than we know. */
void ft_engine_stash(struct ft_engine *eng, struct ft_proc *p,
                     const void *data, size_t len);

/* One pass over transports, control messages, queued sends and hooks.
 * Never blocks.  Returns the work done. */
int ft_progress(struct ft_engine *eng);

/* Progresses until done(arg) is true.  Spins, then yields, then sleeps
 * until something arrives.  Returns 0, or -FT_EHUBGONE when the launcher
 * vanished (the caller ends the process). */
int ft_progress_wait(struct ft_engine *eng, bool (*done)(void *arg),
                     void *arg);

/* Waits for one request to complete. */
int ft_progress_wait_req(struct ft_engine *eng, struct ft_request *req);

/* Publishes this process's packet counts for supervision (at the end,
 * when nothing more will be sent). */
void ft_progress_publish_counts(struct ft_engine *eng);

void ft_hook_add(struct ft_engine *eng, struct ft_hook *h);
void ft_hook_del(struct ft_hook *h);

/* Adds or removes a failure hook; they run in the order added. */
void ft_failure_hook_add(struct ft_engine *eng, struct ft_failure_hook *h);
void ft_failure_hook_del(struct ft_failure_hook *h);

#endif
