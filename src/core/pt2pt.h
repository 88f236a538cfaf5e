/*
 * pt2pt.h -- point-to-point messaging over the transports (protocols in
 * pkt.h).  Used by the MPI API and, on the collective context, by the
 * collective algorithms.
 *
 * Requests filled by ft_req_init_send/recv can be started many times
 * (persistent requests); ft_isend/ft_irecv allocate, fill and start.
 * Buffers belong to the caller until the request completes.
 */
#ifndef FT_CORE_PT2PT_H
#define FT_CORE_PT2PT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/match.h"
#include "core/request.h"

struct ft_comm;
struct ft_datatype;
struct ft_engine;
struct ft_proc;

/* What a completed receive or probe reports. */
struct ft_status {
    int source, tag;
    int error; /* 0 or a negative internal code */
    size_t bytes;
    bool cancelled;
};

/* A message taken by mprobe, waiting for mrecv. */
struct ft_msg {
    struct ft_comm *comm;
    int ctxsel;
    struct ft_unexp *u;
};

/* Fills a send or receive request without starting it.  The request holds
 * references to comm and dt until ft_req_release, so a communicator or
 * datatype freed by the user meanwhile stays alive. */
void ft_req_init_send(struct ft_request *r, struct ft_comm *comm, int ctxsel,
                      const void *buf, size_t count, struct ft_datatype *dt,
                      int dest, int tag, enum ft_send_mode mode);
void ft_req_init_recv(struct ft_request *r, struct ft_comm *comm, int ctxsel,
                      void *buf, size_t count, struct ft_datatype *dt,
                      int source, int tag);

/* Starts a filled request.  Returns 0 (the request completes later, maybe
 * already) or a negative error (nothing started). */
int ft_send_start(struct ft_engine *eng, struct ft_request *r);
int ft_recv_start(struct ft_engine *eng, struct ft_request *r);

int ft_isend(struct ft_comm *comm, int ctxsel, const void *buf, size_t count,
             struct ft_datatype *dt, int dest, int tag,
             enum ft_send_mode mode, struct ft_request **out);
int ft_irecv(struct ft_comm *comm, int ctxsel, void *buf, size_t count,
             struct ft_datatype *dt, int source, int tag,
             struct ft_request **out);

/* Blocking forms: a small message goes straight into the transport with no
 * request at all when nothing is queued ahead of it. */
int ft_send(struct ft_comm *comm, int ctxsel, const void *buf, size_t count,
            struct ft_datatype *dt, int dest, int tag, enum ft_send_mode mode);
int ft_recv(struct ft_comm *comm, int ctxsel, void *buf, size_t count,
            struct ft_datatype *dt, int source, int tag,
            struct ft_status *st);

/* Probes: *flag tells whether a matching message has arrived. */
int ft_iprobe(struct ft_comm *comm, int ctxsel, int source, int tag,
              bool *flag, struct ft_status *st);
int ft_improbe(struct ft_comm *comm, int ctxsel, int source, int tag,
               bool *flag, struct ft_msg *msg, struct ft_status *st);
/* Waits until a message matching (source, tag) has arrived, or the named
 * source has failed (-FT_EPROCFAILED). */
int ft_probe_wait(struct ft_comm *comm, int ctxsel, int source, int tag);

/* Receives a message taken by improbe into a request (started). */
int ft_imrecv(struct ft_engine *eng, struct ft_msg *msg, void *buf,
              size_t count, struct ft_datatype *dt, struct ft_request *r);

/* Cancels a receive that has not matched.  Returns true if cancelled. */
bool ft_cancel_recv(struct ft_engine *eng, struct ft_request *r);

/* Why a waiter must stop waiting for r although it is not complete, or 0:
 * a wildcard receive on a communicator with an unacknowledged failure
 * (-FT_EPENDING, ULFM).  The request stays valid. */
int ft_req_interrupted(const struct ft_request *r);

/* Waits until r completes or is interrupted; returns 0, the interruption
 * (-FT_EPENDING) or -FT_EHUBGONE. */
int ft_req_wait(struct ft_engine *eng, struct ft_request *r);

/* Waits for a request nobody else holds, releases it, and returns its
 * result (or why the wait stopped). */
int ft_req_wait_release(struct ft_engine *eng, struct ft_request *r);

/* Fails every pending operation on comm with -FT_EREVOKED. */
void ft_pt2pt_comm_revoked(struct ft_engine *eng, struct ft_comm *comm);

/* Fills st from a completed request. */
void ft_req_status(const struct ft_request *r, struct ft_status *st);

/* Marks r complete with err and runs its hook. */
void ft_req_complete(struct ft_engine *eng, struct ft_request *r, int err);

/* The transports' delivery callback (arg is the engine). */
void ft_pt2pt_deliver(void *arg, struct ft_proc *from, const void *data,
                      size_t len);

/* A packet being built for a peer: either in the transport's memory, or,
 * when other packets wait ahead of it or there is no room, in a copy that
 * waits its turn in the peer's send queue (sent in order by progress). */
struct ft_outpkt {
    struct ft_proc *to;
    void *buf; /* where to build the packet */
    size_t len;
    bool copy;
};

/* Makes room for a packet of len bytes (at most the max_pkt of to's
 * transport) to `to`.  Returns 0, -FT_EPROCFAILED (to has failed: nothing
 * will be sent) or -ENOMEM.  Never blocks.  Every successful reserve must
 * be followed by ft_pt2pt_pkt_commit before any other packet goes to `to`. */
int ft_pt2pt_pkt_reserve(struct ft_engine *eng, struct ft_proc *to,
                         size_t len, struct ft_outpkt *o);

/* Sends the packet built at o->buf, now or after those queued ahead. */
void ft_pt2pt_pkt_commit(struct ft_engine *eng, struct ft_outpkt *o);

/* Retries sends that found no room.  Returns the work done. */
int ft_pt2pt_retry(struct ft_engine *eng);

/* Fails every operation involving p (called when p dies). */
void ft_pt2pt_proc_failed(struct ft_engine *eng, struct ft_proc *p);

#endif
