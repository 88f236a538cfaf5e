#include "core/pt2pt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/engine.h"
#include "core/group.h"
#include "core/pkt.h"
#include "core/win.h"
#include "transport/transport.h"

#define IOV_BATCH 512

/* ---- requests --------------------------------------------------------- */

void ft_req_init_send(struct ft_request *r, struct ft_comm *comm, int ctxsel,
                      const void *buf, size_t count, struct ft_datatype *dt,
                      int dest, int tag, enum ft_send_mode mode)
{
    ft_comm_retain(comm); /* MPI_Comm_free while pending must not free it */
    r->comm = comm;
    r->ctxsel = (uint8_t)ctxsel;
    r->buf = (void *)buf;
    r->count = count;
    r->dt = dt;
    r->peer = dest;
    r->tag = tag;
    r->mode = (uint8_t)mode;
    r->bytes = count * dt->size;
    ft_dt_retain(dt); /* MPI_Type_free while pending must not free it */
}

void ft_req_init_recv(struct ft_request *r, struct ft_comm *comm, int ctxsel,
                      void *buf, size_t count, struct ft_datatype *dt,
                      int source, int tag)
{
    ft_comm_retain(comm);
    r->comm = comm;
    r->ctxsel = (uint8_t)ctxsel;
    r->buf = buf;
    r->count = count;
    r->dt = dt;
    r->peer = source;
    r->tag = tag;
    r->bytes = count * dt->size;
    ft_dt_retain(dt);
}

void ft_req_complete(struct ft_engine *eng, struct ft_request *r, int err)
{
    ft_list_del(&r->flink);
    r->error = err;
    r->state = FT_SS_DONE;
    r->complete = 1;
    if (r->on_complete)
        r->on_complete(r);
    /* Freed by the user while active: nobody will wait for it. */
    if (r->user_freed) {
        eng->detached--;
        ft_req_release(&eng->reqs, r);
    }
}

void ft_req_status(const struct ft_request *r, struct ft_status *st)
{
    st->source = r->st_source;
    st->tag = r->st_tag;
    st->error = r->error;
    st->bytes = r->st_bytes;
    st->cancelled = r->cancelled;
}

/* ---- sending packets -------------------------------------------------- */

/* Every packet leaves through here: the count feeds deadlock detection
 * (a packet sent and not yet received means someone may still move). */
static inline void commit(struct ft_engine *eng, struct ft_tp *tp,
                          struct ft_proc *p, void *buf, size_t len)
{
    eng->pkts_sent++;
    tp->ops->commit(tp, p, buf, len);
}

static void fill_hdr(struct ft_pkt *p, struct ft_engine *eng, uint8_t kind)
{
    p->kind = kind;
    p->flags = 0;
    p->reserved = 0;
    p->epoch = eng->self->epoch;
}

static void queue_req(struct ft_engine *eng, struct ft_request *r)
{
    struct ft_proc *p = r->proc;
    if (ft_list_empty(&p->sendq))
        ft_list_push(&eng->sendq_procs, &p->sendq_link);
    ft_list_push(&p->sendq, &r->link);
    r->queued = true;
}

int ft_pt2pt_pkt_reserve(struct ft_engine *eng, struct ft_proc *to,
                         size_t len, struct ft_outpkt *o)
{
    o->to = to;
    o->len = len;
    o->copy = false;
    if (ft_proc_failed(to))
        return -FT_EPROCFAILED;
    if (ft_list_empty(&to->sendq)) {
        int rc = to->tp->ops->reserve(to->tp, to, len, &o->buf);
        if (rc == 0)
            return 0;
        if (rc != -FT_EAGAIN)
            return rc;
    }
    /* Others wait ahead of it, or no room: it waits in a copy. */
    o->buf = malloc(len ? len : 1);
    if (!o->buf)
        return -ENOMEM;
    o->copy = true;
    return 0;
}

void ft_pt2pt_pkt_commit(struct ft_engine *eng, struct ft_outpkt *o)
{
    if (!o->copy) {
        commit(eng, o->to->tp, o->to, o->buf, o->len);
        return;
    }
    struct ft_request *r = ft_req_alloc(&eng->reqs, FT_REQ_CTL);
    if (!r) {
        /* Out of memory for a control packet: the peer would wait forever,
         * which is worse than stopping here. */
        ft_panic("out of memory queueing a control packet");
    }
    r->ext = o->buf;
    r->bytes = o->len;
    r->proc = o->to;
    r->state = FT_SS_START;
    queue_req(eng, r);
}

/* A control packet (CTS, FIN, SACK, NACK) is a few words: when there is no
 * room for it, it waits in a tiny request of its own. */
static void send_ctl(struct ft_engine *eng, struct ft_proc *to, uint8_t kind,
                     uint64_t a, uint64_t b)
{
    size_t len = kind == FT_PKT_CTS ? FT_PKT_HDR_DATA : FT_PKT_HDR_SYNC;
    struct ft_outpkt o;
    int rc = ft_pt2pt_pkt_reserve(eng, to, len, &o);
    if (rc == -FT_EPROCFAILED)
        return;
    if (rc)
        ft_panic("out of memory queueing a control packet");
    struct ft_pkt pkt;
    memset(&pkt, 0, sizeof pkt);
    fill_hdr(&pkt, eng, kind);
    if (kind == FT_PKT_CTS) {
        pkt.u.cts.sreq = a;
        pkt.u.cts.rreq = b;
    } else {
        pkt.u.fin.sreq = a;
    }
    memcpy(o.buf, &pkt, len);
    ft_pt2pt_pkt_commit(eng, &o);
}

/* A reserve that failed: "no room" waits, anything else ends the send. */
static int send_error(struct ft_engine *eng, struct ft_request *r, int rc)
{
    if (rc == -FT_EAGAIN)
        return rc;
    ft_req_complete(eng, r, rc);
    return 0;
}

/* Puts the next packet(s) of send r on the wire.  Returns 0 when r needs
 * nothing more from us for now, -FT_EAGAIN when the transport is full. */
static int try_send(struct ft_engine *eng, struct ft_request *r)
{
    struct ft_proc *p = r->proc;
    struct ft_tp *tp = p->tp;
    void *buf;
    int rc;

    if (r->kind == FT_REQ_CTL) {
        rc = tp->ops->reserve(tp, p, r->bytes, &buf);
        if (rc == -FT_EAGAIN)
            return rc;
        if (rc == 0) {
            memcpy(buf, r->ext, r->bytes);
            commit(eng, tp, p, buf, r->bytes);
        }
        free(r->ext);
        r->ext = NULL;
        r->state = FT_SS_DONE;
        return 0;
    }

    if (r->state == FT_SS_START) {
        struct ft_comm *c = r->comm;
        bool sync = r->mode == FT_SEND_SYNC;
        size_t hdr = sync ? FT_PKT_HDR_SYNC : FT_PKT_HDR_EAGER;
        if (r->bytes <= eng->eager_limit && hdr + r->bytes <= tp->max_pkt) {
            rc = tp->ops->reserve(tp, p, hdr + r->bytes, &buf);
            if (rc)
                return send_error(eng, r, rc);
            struct ft_pkt *pk = buf;
            fill_hdr(pk, eng, FT_PKT_EAGER);
            pk->flags = sync ? FT_PKT_F_SYNC : 0;
            pk->ctx = c->ctx | r->ctxsel;
            pk->src = c->rank;
            pk->tag = r->tag;
            pk->len32 = (uint32_t)r->bytes;
            if (sync)
                pk->u.sync.sreq = r->id;
            ft_dt_pack(r->dt, r->buf, r->count, 0, (char *)buf + hdr,
                       r->bytes);
            commit(eng, tp, p, buf, hdr + r->bytes);
            if (sync) {
                r->state = FT_SS_WAIT;
                ft_list_push(&eng->inflight, &r->flink);
            } else {
                ft_req_complete(eng, r, 0);
            }
            return 0;
        }
        rc = tp->ops->reserve(tp, p, sizeof(struct ft_pkt), &buf);
        if (rc)
            return send_error(eng, r, rc);
        struct ft_pkt *pk = buf;
        memset(pk, 0, sizeof *pk);
        fill_hdr(pk, eng, FT_PKT_RTS);
        pk->ctx = c->ctx | r->ctxsel;
        pk->src = c->rank;
        pk->tag = r->tag;
        pk->u.rts.len = r->bytes;
        pk->u.rts.sreq = r->id;
        if (eng->use_cma && tp->ops->get && ft_dt_contig(r->dt))
            pk->u.rts.addr =
                (uint64_t)(uintptr_t)((char *)r->buf + r->dt->true_lb);
        commit(eng, tp, p, buf, sizeof *pk);
        r->state = FT_SS_WAIT;
        ft_list_push(&eng->inflight, &r->flink);
        return 0;
    }

    if (r->state == FT_SS_STREAM) {
        size_t room = tp->max_pkt - FT_PKT_HDR_DATA;
        size_t chunk = eng->pipe_chunk < room ? eng->pipe_chunk : room;
        while (r->sent < r->bytes) {
            size_t n = r->bytes - r->sent;
            if (n > chunk)
                n = chunk;
            rc = tp->ops->reserve(tp, p, FT_PKT_HDR_DATA + n, &buf);
            if (rc)
                return send_error(eng, r, rc);
            struct ft_pkt *pk = buf;
            fill_hdr(pk, eng, FT_PKT_DATA);
            pk->ctx = 0;
            pk->src = 0;
            pk->tag = 0;
            pk->len32 = (uint32_t)n;
            pk->u.data.rreq = r->rreq;
            pk->u.data.off = r->sent;
            ft_dt_pack(r->dt, r->buf, r->count, r->sent,
                       (char *)buf + FT_PKT_HDR_DATA, n);
            commit(eng, tp, p, buf, FT_PKT_HDR_DATA + n);
            r->sent += n;
        }
        ft_req_complete(eng, r, 0);
        return 0;
    }
    return 0;
}

/* Sends r now if nothing is queued ahead of it, else queues it. */
static void push_send(struct ft_engine *eng, struct ft_request *r)
{
    if (!ft_list_empty(&r->proc->sendq) || try_send(eng, r) == -FT_EAGAIN)
        queue_req(eng, r);
}

int ft_pt2pt_retry(struct ft_engine *eng)
{
    int n = 0;
    ft_list_for_each_safe(pe, &eng->sendq_procs) {
        struct ft_proc *p = ft_container_of(pe, struct ft_proc, sendq_link);
        while (!ft_list_empty(&p->sendq)) {
            struct ft_request *r =
                ft_container_of(p->sendq.next, struct ft_request, link);
            /* Off the queue first: a send that completes may be released
             * at once. */
            ft_list_del(&r->link);
            r->queued = false;
            if (try_send(eng, r) == -FT_EAGAIN) {
                ft_list_push_front(&p->sendq, &r->link);
                r->queued = true;
                break;
            }
            n++;
            if (r->kind == FT_REQ_CTL)
                ft_req_release(&eng->reqs, r);
        }
        if (ft_list_empty(&p->sendq))
            ft_list_del(&p->sendq_link);
    }
    return n;
}

int ft_send_start(struct ft_engine *eng, struct ft_request *r)
{
    r->complete = 0;
    r->error = 0;
    r->cancelled = false;
    r->sent = 0;
    r->state = FT_SS_START;
    r->st_source = r->st_tag = 0;
    r->st_bytes = 0;
    if (r->peer == FT_PROC_NULL || r->comm->peers[r->peer]->hole) {
        ft_req_complete(eng, r, 0);
        return 0;
    }
    struct ft_comm *c = r->comm;
    if (c->revoked) {
        ft_req_complete(eng, r, c->revoke_err);
        return 0;
    }
    struct ft_proc *p = c->peers[r->peer];
    r->proc = p;
    if (ft_proc_failed(p)) {
        ft_req_complete(eng, r, -FT_EPROCFAILED);
        return 0;
    }
    push_send(eng, r);
    return 0;
}

/* ---- receiving -------------------------------------------------------- */

static struct ft_unexp *unexp_alloc(struct ft_engine *eng, size_t payload)
{
    struct ft_unexp *u;
    struct ft_list *e = ft_list_pop(&eng->unexp_pool);
    if (e) {
        u = ft_container_of(e, struct ft_unexp, link);
    } else {
        u = malloc(sizeof *u);
        if (!u)
            return NULL;
    }
    if (payload <= FT_UNEXP_INLINE) {
        u->data = u->inline_data;
    } else {
        u->data = malloc(payload);
        if (!u->data) {
            ft_list_push(&eng->unexp_pool, &u->link);
            return NULL;
        }
    }
    return u;
}

static void unexp_free(struct ft_engine *eng, struct ft_unexp *u)
{
    if (u->data != u->inline_data)
        free(u->data);
    u->data = NULL;
    ft_list_push(&eng->unexp_pool, &u->link);
}

/* Copies an eager payload into receive r and completes it. */
static void recv_eager(struct ft_engine *eng, struct ft_request *r, int src,
                       int tag, const void *data, size_t len)
{
    size_t n = len <= r->bytes ? len : r->bytes;
    ft_dt_unpack(r->dt, r->buf, r->count, 0, data, n);
    r->st_source = src;
    r->st_tag = tag;
    r->st_bytes = n;
    ft_req_complete(eng, r, len > r->bytes ? -FT_ETRUNCATE : 0);
}

/* Receive r matched a large message: fetch it ourselves or ask for it. */
static void recv_rndv(struct ft_engine *eng, struct ft_request *r,
                      struct ft_proc *from, int src, int tag, uint64_t len,
                      uint64_t sreq, uint64_t addr)
{
    r->st_source = src;
    r->st_tag = tag;
    r->msg_len = len;
    r->rreq = sreq;
    r->proc = from;
    size_t want = len <= r->bytes ? len : r->bytes;
    r->st_bytes = want;
    if (ft_proc_failed(from)) {
        ft_req_complete(eng, r, -FT_EPROCFAILED);
        return;
    }
    struct ft_tp *tp = from->tp;
    if (addr && tp->ops->get && !from->no_get) {
        size_t off = 0;
        int rc = 0;
        while (off < want) {
            struct iovec iov[IOV_BATCH];
            size_t bytes;
            int n = ft_dt_iov(r->dt, r->buf, r->count, off, want - off, iov,
                              IOV_BATCH, &bytes);
            rc = tp->ops->get(tp, from, iov, n, addr + off, bytes);
            if (rc)
                break;
            off += bytes;
        }
        if (rc == 0) {
            send_ctl(eng, from, FT_PKT_FIN, sreq, 0);
            ft_req_complete(eng, r, len > r->bytes ? -FT_ETRUNCATE : 0);
            return;
        }
        if (rc == -FT_EPROCFAILED) {
            ft_req_complete(eng, r, rc);
            return;
        }
        /* Not allowed for this peer: never try again, stream instead. */
        ft_debug("single copy from rank %d refused (%s); streaming instead",
                 from->world_rank, ft_strerror(rc));
        from->no_get = true;
    }
    r->got = 0;
    ft_list_push(&eng->inflight, &r->flink);
    send_ctl(eng, from, FT_PKT_CTS, sreq, r->id);
}

/* Handles a matched unexpected message for receive r; frees u. */
static void recv_unexp(struct ft_engine *eng, struct ft_request *r,
                       struct ft_unexp *u)
{
    if (u->kind == FT_PKT_EAGER) {
        recv_eager(eng, r, u->src, u->tag, u->data, u->len);
        if (u->flags & FT_PKT_F_SYNC)
            send_ctl(eng, u->proc, FT_PKT_SACK, u->sreq, 0);
    } else {
        recv_rndv(eng, r, u->proc, u->src, u->tag, u->len, u->sreq, u->addr);
    }
    unexp_free(eng, u);
}

static struct ft_mq *comm_mq(struct ft_comm *c, int ctxsel)
{
    return &c->cx->mq[ctxsel ? 1 : 0];
}

int ft_recv_start(struct ft_engine *eng, struct ft_request *r)
{
    r->complete = 0;
    r->error = 0;
    r->cancelled = false;
    r->st_bytes = 0;
    if (r->peer == FT_PROC_NULL ||
        (r->peer >= 0 && r->comm->peers[r->peer]->hole)) {
        r->st_source = FT_PROC_NULL;
        r->st_tag = FT_ANY_TAG;
        ft_req_complete(eng, r, 0);
        return 0;
    }
    struct ft_comm *c = r->comm;
    if (c->revoked) {
        ft_req_complete(eng, r, c->revoke_err);
        return 0;
    }
    struct ft_mq *mq = comm_mq(c, r->ctxsel);
    struct ft_unexp *u = ft_mq_find_unexp(mq, r->peer, r->tag, true);
    if (u) {
        recv_unexp(eng, r, u);
        return 0;
    }
    if (r->peer >= 0 && ft_proc_failed(c->peers[r->peer])) {
        ft_req_complete(eng, r, -FT_EPROCFAILED);
        return 0;
    }
    ft_mq_post(mq, r);
    return 0;
}

bool ft_cancel_recv(struct ft_engine *eng, struct ft_request *r)
{
    if (r->kind != FT_REQ_RECV || r->complete)
        return false;
    if (!ft_mq_remove_posted(comm_mq(r->comm, r->ctxsel), r))
        return false;
    r->cancelled = true;
    ft_req_complete(eng, r, 0);
    return true;
}

/* ---- the blocking and non-blocking entry points ----------------------- */

int ft_isend(struct ft_comm *comm, int ctxsel, const void *buf, size_t count,
             struct ft_datatype *dt, int dest, int tag,
             enum ft_send_mode mode, struct ft_request **out)
{
    struct ft_engine *eng = comm->eng;
    struct ft_request *r = ft_req_alloc(&eng->reqs, FT_REQ_SEND);
    if (!r)
        return -ENOMEM;
    ft_req_init_send(r, comm, ctxsel, buf, count, dt, dest, tag, mode);
    *out = r;
    return ft_send_start(eng, r);
}

int ft_irecv(struct ft_comm *comm, int ctxsel, void *buf, size_t count,
             struct ft_datatype *dt, int source, int tag,
             struct ft_request **out)
{
    struct ft_engine *eng = comm->eng;
    struct ft_request *r = ft_req_alloc(&eng->reqs, FT_REQ_RECV);
    if (!r)
        return -ENOMEM;
    ft_req_init_recv(r, comm, ctxsel, buf, count, dt, source, tag);
    *out = r;
    return ft_recv_start(eng, r);
}

int ft_send(struct ft_comm *comm, int ctxsel, const void *buf, size_t count,
            struct ft_datatype *dt, int dest, int tag, enum ft_send_mode mode)
{
    struct ft_engine *eng = comm->eng;
    if (dest == FT_PROC_NULL || comm->peers[dest]->hole)
        return 0;
    if (comm->revoked)
        return comm->revoke_err;
    struct ft_proc *p = comm->peers[dest];
    if (ft_proc_failed(p))
        return -FT_EPROCFAILED;
    size_t bytes = count * dt->size;
    struct ft_tp *tp = p->tp;
    /* The fast path: eager, nothing queued ahead, room in the transport. */
    if (mode != FT_SEND_SYNC && bytes <= eng->eager_limit &&
        FT_PKT_HDR_EAGER + bytes <= tp->max_pkt && ft_list_empty(&p->sendq)) {
        void *pb;
        if (tp->ops->reserve(tp, p, FT_PKT_HDR_EAGER + bytes, &pb) == 0) {
            struct ft_pkt *pk = pb;
            fill_hdr(pk, eng, FT_PKT_EAGER);
            pk->ctx = comm->ctx | (uint32_t)ctxsel;
            pk->src = comm->rank;
            pk->tag = tag;
            pk->len32 = (uint32_t)bytes;
            if (bytes)
                ft_dt_pack(dt, buf, count, 0, (char *)pb + FT_PKT_HDR_EAGER,
                           bytes);
            commit(eng, tp, p, pb, FT_PKT_HDR_EAGER + bytes);
            return 0;
        }
    }
    struct ft_request *r;
    int rc = ft_isend(comm, ctxsel, buf, count, dt, dest, tag, mode, &r);
    if (rc)
        return rc;
    rc = ft_progress_wait_req(eng, r);
    if (rc == 0)
        rc = r->error;
    ft_req_release(&eng->reqs, r);
    return rc;
}

int ft_recv(struct ft_comm *comm, int ctxsel, void *buf, size_t count,
            struct ft_datatype *dt, int source, int tag, struct ft_status *st)
{
    struct ft_engine *eng = comm->eng;
    struct ft_request *r;
    int rc = ft_irecv(comm, ctxsel, buf, count, dt, source, tag, &r);
    if (rc)
        return rc;
    rc = ft_req_wait(eng, r);
    if (rc) {
        /* Interrupted (a blocking wildcard receive reports the failure as
         * PROC_FAILED, ULFM) or the job is ending: take the receive back
         * before releasing it. */
        ft_cancel_recv(eng, r);
        ft_req_release(&eng->reqs, r);
        return rc == -FT_EPENDING ? -FT_EPROCFAILED : rc;
    }
    if (st)
        ft_req_status(r, st);
    rc = r->error;
    ft_req_release(&eng->reqs, r);
    return rc;
}

int ft_req_interrupted(const struct ft_request *r)
{
    if (r->kind == FT_REQ_RECV && !r->complete && r->peer == FT_ANY_SOURCE &&
        r->comm && r->comm->nfailed > r->comm->nacked)
        return -FT_EPENDING;
    return 0;
}

static bool settled(void *arg)
{
    const struct ft_request *r = arg;
    return r->complete || ft_req_interrupted(r);
}

int ft_req_wait(struct ft_engine *eng, struct ft_request *r)
{
    int rc = ft_progress_wait(eng, settled, r);
    if (rc)
        return rc;
    return r->complete ? 0 : ft_req_interrupted(r);
}

int ft_req_wait_release(struct ft_engine *eng, struct ft_request *r)
{
    int rc = ft_req_wait(eng, r);
    if (rc == 0)
        rc = r->error;
    ft_req_release(&eng->reqs, r);
    return rc;
}

static void unexp_status(const struct ft_unexp *u, struct ft_status *st)
{
    st->source = u->src;
    st->tag = u->tag;
    st->error = 0;
    st->bytes = u->len;
    st->cancelled = false;
}

int ft_iprobe(struct ft_comm *comm, int ctxsel, int source, int tag,
              bool *flag, struct ft_status *st)
{
    if (source == FT_PROC_NULL ||
        (source >= 0 && comm->peers[source]->hole)) {
        *flag = true;
        st->source = FT_PROC_NULL;
        st->tag = FT_ANY_TAG;
        st->error = 0;
        st->bytes = 0;
        st->cancelled = false;
        return 0;
    }
    if (comm->revoked)
        return comm->revoke_err;
    ft_progress(comm->eng);
    struct ft_unexp *u =
        ft_mq_find_unexp(comm_mq(comm, ctxsel), source, tag, false);
    *flag = u != NULL;
    if (u) {
        unexp_status(u, st);
        return 0;
    }
    if (source >= 0 && ft_proc_failed(comm->peers[source]))
        return -FT_EPROCFAILED;
    return 0;
}

struct probe_arg {
    struct ft_comm *comm;
    int ctxsel, source, tag;
};

static bool probe_ready(void *arg)
{
    struct probe_arg *a = arg;
    struct ft_comm *c = a->comm;
    if (c->revoked)
        return true;
    if (a->source >= 0 && ft_proc_failed(c->peers[a->source]))
        return true;
    if (a->source == FT_ANY_SOURCE && c->nfailed > c->nacked)
        return true;
    return ft_mq_find_unexp(comm_mq(c, a->ctxsel), a->source, a->tag,
                            false) != NULL;
}

int ft_probe_wait(struct ft_comm *comm, int ctxsel, int source, int tag)
{
    if (source == FT_PROC_NULL || (source >= 0 && comm->peers[source]->hole))
        return 0;
    struct probe_arg a = {comm, ctxsel, source, tag};
    int rc = ft_progress_wait(comm->eng, probe_ready, &a);
    if (rc)
        return rc;
    if (ft_mq_find_unexp(comm_mq(comm, ctxsel), source, tag, false))
        return 0;
    return comm->revoked ? comm->revoke_err : -FT_EPROCFAILED;
}

int ft_improbe(struct ft_comm *comm, int ctxsel, int source, int tag,
               bool *flag, struct ft_msg *msg, struct ft_status *st)
{
    int rc = ft_iprobe(comm, ctxsel, source, tag, flag, st);
    if (rc || !*flag)
        return rc;
    msg->comm = comm;
    msg->ctxsel = ctxsel;
    msg->u = source == FT_PROC_NULL
                 ? NULL
                 : ft_mq_find_unexp(comm_mq(comm, ctxsel), source, tag, true);
    return 0;
}

int ft_imrecv(struct ft_engine *eng, struct ft_msg *msg, void *buf,
              size_t count, struct ft_datatype *dt, struct ft_request *r)
{
    ft_req_init_recv(r, msg->comm, msg->ctxsel, buf, count, dt,
                     msg->u ? msg->u->src : FT_PROC_NULL,
                     msg->u ? msg->u->tag : FT_ANY_TAG);
    r->complete = 0;
    r->error = 0;
    if (!msg->u) {
        r->st_source = FT_PROC_NULL;
        r->st_tag = FT_ANY_TAG;
        ft_req_complete(eng, r, 0);
        return 0;
    }
    recv_unexp(eng, r, msg->u);
    msg->u = NULL;
    return 0;
}

/* ---- packets arriving ------------------------------------------------- */

static void on_match_pkt(struct ft_engine *eng, struct ft_proc *from,
                         const struct ft_pkt *pk, const void *data,
                         size_t len)
{
    struct ft_ctx *cx = ft_engine_ctx(eng, pk->ctx & ~FT_CTX_COLL);
    if (!cx) {
        ft_log(FT_LOG_ERROR, "out of memory: dropping a message from rank %d",
               from->world_rank);
        return;
    }
    struct ft_mq *mq = &cx->mq[pk->ctx & FT_CTX_COLL];
    bool eager = pk->kind == FT_PKT_EAGER;
    size_t hdr = (pk->flags & FT_PKT_F_SYNC) ? FT_PKT_HDR_SYNC
                                               : FT_PKT_HDR_EAGER;
    if (eager && (len < hdr || len - hdr < pk->len32)) {
        ft_log(FT_LOG_WARN, "short packet from rank %d dropped",
               from->world_rank);
        return;
    }
    if (!eager && len < sizeof *pk)
        return;
    struct ft_request *r = ft_mq_take_posted(mq, pk->src, pk->tag);
    if (r) {
        if (eager) {
            recv_eager(eng, r, pk->src, pk->tag, (const char *)data + hdr,
                       pk->len32);
            if (pk->flags & FT_PKT_F_SYNC)
                send_ctl(eng, from, FT_PKT_SACK, pk->u.sync.sreq, 0);
        } else {
            recv_rndv(eng, r, from, pk->src, pk->tag, pk->u.rts.len,
                      pk->u.rts.sreq, pk->u.rts.addr);
        }
        return;
    }
    struct ft_unexp *u = unexp_alloc(eng, eager ? pk->len32 : 0);
    if (!u) {
        ft_log(FT_LOG_ERROR, "out of memory: dropping a message from rank %d",
               from->world_rank);
        return;
    }
    u->src = pk->src;
    u->tag = pk->tag;
    u->proc = from;
    u->kind = pk->kind;
    u->flags = pk->flags;
    if (eager) {
        u->len = pk->len32;
        u->sreq = (pk->flags & FT_PKT_F_SYNC) ? pk->u.sync.sreq : 0;
        u->addr = 0;
        memcpy(u->data, (const char *)data + hdr, pk->len32);
    } else {
        u->len = pk->u.rts.len;
        u->sreq = pk->u.rts.sreq;
        u->addr = pk->u.rts.addr;
    }
    ft_mq_add_unexp(mq, u);
}

void ft_pt2pt_deliver(void *arg, struct ft_proc *from, const void *data,
                      size_t len)
{
    struct ft_engine *eng = arg;
    const struct ft_pkt *pk = data;
    eng->pkts_received++;
    if (len < FT_PKT_HDR_EAGER)
        return;
    if (pk->epoch != from->epoch) {
        /* An earlier incarnation's packets are dropped; a later one's wait
         * until recovery tells us about it. */
        if (pk->epoch > from->epoch)
            ft_engine_stash(eng, from, data, len);
        return;
    }
    struct ft_request *r;
    switch (pk->kind) {
    case FT_PKT_EAGER:
    case FT_PKT_RTS:
        on_match_pkt(eng, from, pk, data, len);
        return;
    case FT_PKT_CTS:
        if (len < FT_PKT_HDR_DATA)
            return;
        r = ft_req_lookup(&eng->reqs, pk->u.cts.sreq);
        if (!r || r->kind != FT_REQ_SEND || r->state != FT_SS_WAIT ||
            r->proc != from)
            return;
        ft_list_del(&r->flink);
        r->rreq = pk->u.cts.rreq;
        r->state = FT_SS_STREAM;
        ft_list_push(&eng->inflight, &r->flink);
        push_send(eng, r);
        return;
    case FT_PKT_DATA: {
        if (len < FT_PKT_HDR_DATA || len - FT_PKT_HDR_DATA < pk->len32)
            return;
        r = ft_req_lookup(&eng->reqs, pk->u.data.rreq);
        if (!r || r->kind != FT_REQ_RECV || r->complete || r->proc != from)
            return;
        uint64_t off = pk->u.data.off;
        if (off < r->bytes)
            ft_dt_unpack(r->dt, r->buf, r->count, off,
                         (const char *)data + FT_PKT_HDR_DATA, pk->len32);
        r->got += pk->len32;
        if (r->got >= r->msg_len)
            ft_req_complete(eng, r,
                            r->msg_len > r->bytes ? -FT_ETRUNCATE : 0);
        return;
    }
    case FT_PKT_FIN:
    case FT_PKT_SACK:
    case FT_PKT_NACK:
        if (len < FT_PKT_HDR_SYNC)
            return;
        r = ft_req_lookup(&eng->reqs, pk->u.fin.sreq);
        if (!r || r->kind != FT_REQ_SEND || r->state != FT_SS_WAIT ||
            r->proc != from)
            return;
        ft_req_complete(eng, r, pk->kind == FT_PKT_NACK ? -FT_EPROCFAILED : 0);
        return;
    default:
        if (pk->kind >= FT_PKT_RMA_FIRST && pk->kind <= FT_PKT_RMA_LAST) {
            ft_win_deliver(eng, from, data, len);
            return;
        }
        ft_log(FT_LOG_WARN, "unknown packet kind %u from rank %d dropped",
               pk->kind, from->world_rank);
    }
}

/* ---- failures --------------------------------------------------------- */

void ft_pt2pt_comm_revoked(struct ft_engine *eng, struct ft_comm *comm)
{
    for (int s = 0; s < 2; s++) {
        struct ft_mq *mq = &comm->cx->mq[s];
        ft_list_for_each_safe(e, &mq->posted) {
            struct ft_request *r = ft_container_of(e, struct ft_request, link);
            ft_mq_remove_posted(mq, r);
            ft_req_complete(eng, r, comm->revoke_err);
        }
    }
    ft_list_for_each_safe(e, &eng->inflight) {
        struct ft_request *r = ft_container_of(e, struct ft_request, flink);
        /* A send already streaming finishes: its receiver drops the rest. */
        if (r->comm == comm && r->state != FT_SS_STREAM)
            ft_req_complete(eng, r, comm->revoke_err);
    }
    ft_list_for_each_safe(pe, &eng->sendq_procs) {
        struct ft_proc *p = ft_container_of(pe, struct ft_proc, sendq_link);
        ft_list_for_each_safe(e, &p->sendq) {
            struct ft_request *r = ft_container_of(e, struct ft_request, link);
            if (r->kind == FT_REQ_CTL || r->comm != comm)
                continue;
            /* Half-streamed data cannot be taken back; let it finish. */
            if (r->state == FT_SS_STREAM)
                continue;
            ft_list_del(&r->link);
            r->queued = false;
            ft_req_complete(eng, r, comm->revoke_err);
        }
        if (ft_list_empty(&p->sendq))
            ft_list_del(&p->sendq_link);
    }
}

void ft_pt2pt_proc_failed(struct ft_engine *eng, struct ft_proc *p)
{
    /* Sends still queued for the dead process. */
    while (!ft_list_empty(&p->sendq)) {
        struct ft_request *r =
            ft_container_of(p->sendq.next, struct ft_request, link);
        ft_list_del(&r->link);
        r->queued = false;
        if (r->kind == FT_REQ_CTL) {
            free(r->ext);
            r->ext = NULL;
            ft_req_release(&eng->reqs, r);
        } else {
            ft_req_complete(eng, r, -FT_EPROCFAILED);
        }
    }
    ft_list_del(&p->sendq_link);
    /* Rendezvous in progress with it, either way. */
    ft_list_for_each_safe(e, &eng->inflight) {
        struct ft_request *r = ft_container_of(e, struct ft_request, flink);
        if (r->proc == p)
            ft_req_complete(eng, r, -FT_EPROCFAILED);
    }
    /* Receives posted for it by name. */
    for (int i = 0; i < FT_CTX_PAIRS; i++) {
        struct ft_ctx *cx = eng->ctx[i];
        if (!cx || !cx->comm)
            continue;
        struct ft_comm *c = cx->comm;
        for (int s = 0; s < 2; s++) {
            ft_list_for_each_safe(e, &cx->mq[s].posted) {
                struct ft_request *r =
                    ft_container_of(e, struct ft_request, link);
                if (r->peer >= 0 && r->peer < c->npeers &&
                    c->peers[r->peer] == p) {
                    ft_mq_remove_posted(&cx->mq[s], r);
                    ft_req_complete(eng, r, -FT_EPROCFAILED);
                }
            }
        }
    }
}
