/*
 * request.h -- requests: the state of every operation that may not be
 * finished when the call that started it returns.
 *
 * Requests come from a pool that only grows, so the small-message path
 * never calls malloc once warm.  A request that travels on the wire is
 * named by an id (slot and generation), never by its address: an id from a
 * dead incarnation or a confused peer finds nothing instead of memory that
 * was reused.
 */
#ifndef FT_CORE_REQUEST_H
#define FT_CORE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"

struct ft_comm;
struct ft_datatype;
struct ft_proc;
struct ft_engine;

enum ft_req_kind {
    FT_REQ_SEND,
    FT_REQ_RECV,
    FT_REQ_COLL, /* a non-blocking collective or comm operation */
    FT_REQ_GREQ, /* generalized request (MPI_Grequest_start) */
    FT_REQ_NULL, /* completes at once (persistent op on MPI_PROC_NULL) */
    FT_REQ_CTL,  /* internal: a control packet waiting for room */
    FT_REQ_RMA,  /* a one-sided operation (core/win.h); ext is its state */
};

enum ft_send_mode {
    FT_SEND_STD,
    FT_SEND_SYNC,
    FT_SEND_READY,
    FT_SEND_BUFFERED,
};

/* What a send still has to put on the wire. */
enum ft_send_state {
    FT_SS_START,   /* nothing sent yet (queued for room) */
    FT_SS_WAIT,    /* RTS or sync eager sent: waiting for CTS/FIN/SACK */
    FT_SS_STREAM,  /* CTS received: DATA fragments to send */
    FT_SS_DONE,
};

struct ft_request {
    uint32_t magic; /* FT_MAGIC_REQ while valid */
    uint8_t kind;
    uint8_t mode;         /* enum ft_send_mode */
    uint8_t state;        /* enum ft_send_state for sends */
    uint8_t ctxsel;       /* 0: user context, FT_CTX_COLL: collective */
    bool persistent;
    bool active;          /* persistent: started, not yet waited for */
    bool user_freed;      /* MPI_Request_free'd: release on completion */
    bool cancelled;
    bool queued;          /* on its proc's sendq */
    bool posted;          /* receive sits in a posted queue */
    volatile int complete;
    int error;            /* 0 or a negative internal code */

    /* Status of a completed receive. */
    int st_source, st_tag;
    size_t st_bytes;

    /* The operation. */
    struct ft_comm *comm; /* referenced; released by ft_req_release */
    void *buf;
    size_t count;
    struct ft_datatype *dt; /* referenced; released by ft_req_release */
    int peer;             /* rank in comm, MPI_ANY_SOURCE, MPI_PROC_NULL */
    int tag;
    struct ft_proc *proc; /* sends: the destination */
    size_t bytes;         /* sends: message bytes; receives: capacity */
    uint64_t id;
    struct ft_list link;  /* posted queue or the proc's sendq */
    struct ft_list flink; /* engine's in-flight list (rendezvous) */

    /* Protocol state. */
    uint64_t rreq;        /* the other side's request id */
    size_t sent;          /* bytes streamed so far */
    size_t msg_len;       /* receives: length of the matched message */
    size_t got;           /* receives: bytes of DATA arrived */

    /* Called once when the request completes (internal users). */
    void (*on_complete)(struct ft_request *req);
    /* Called by ft_req_release before the request goes back to the pool,
     * so an owner of ext can free it (one-sided operations). */
    void (*on_release)(struct ft_request *req);
    void *hook_arg;

    /* Generalized requests and collectives keep their state here. */
    void *ext;
};

/* The pool and the id table of one engine. */
struct ft_reqtab {
    struct ft_request **slots;
    uint32_t *gens;
    uint32_t nslots, cap;
    uint32_t *free_slots;
    uint32_t nfree;
    struct ft_list pool;   /* free requests, linked through link */
    void **chunks;
    size_t nchunks;
};

int ft_reqtab_init(struct ft_reqtab *t);
void ft_reqtab_fini(struct ft_reqtab *t);

/* A zeroed request with an id, or NULL when out of memory. */
struct ft_request *ft_req_alloc(struct ft_reqtab *t, enum ft_req_kind kind);

/* Returns a request to the pool; its id stops resolving.  Runs
 * r->on_release if set, then drops the references the request holds: on
 * r->dt and on r->comm (whoever sets r->comm takes one;
 * ft_req_init_send/recv do). */
void ft_req_release(struct ft_reqtab *t, struct ft_request *req);

/* The request named by id, or NULL if it no longer exists. */
struct ft_request *ft_req_lookup(struct ft_reqtab *t, uint64_t id);

#endif
