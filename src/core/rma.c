/*
 * rma.c -- moving data to and from windows (win.h): the origin side of
 * put, get and the accumulates, the target side of the active messages
 * that carry them, and the answers.
 *
 * An operation is a stream of bytes: the packed stream of its target
 * elements (tcount elements of tdt), which the origin and result buffers
 * match byte for byte.  Whatever path it takes, it moves in pieces that
 * each cover [off, off + n) of the stream, located on both sides with
 * ft_dt_iov, so any datatype works at either end with no extra copy.
 *
 * An active-message operation is a request (FT_REQ_RMA) whose ext is a
 * struct rma_op from the window's pool; its fragments go out as room
 * allows, in order per target (accumulates from one origin to one target
 * must apply in order), and each fragment is answered.  A get-like
 * operation keeps at most RMA_FLOW fragments unanswered, so a large get
 * never makes its target queue more answers than the ring can hold.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"
#include "core/pkt.h"
#include "core/pt2pt.h"
#include "core/win.h"
#include "transport/transport.h"

#define RMA_IOV 64 /* ranges per packet, and per rw call */
#define RMA_HDR sizeof(struct ft_rma_pkt)
#define RMA_RANGE sizeof(struct ft_rma_range)
#define RMA_FLOW 4           /* unanswered fragments of one get-like op */
#define RMA_LOCAL_CHUNK 4096 /* accumulate to ourselves, per step */

_Static_assert(offsetof(struct ft_rma_pkt, epoch) ==
                   offsetof(struct ft_pkt, epoch),
               "RMA packets keep the common header");
_Static_assert(offsetof(struct ft_rma_pkt, ctx) == offsetof(struct ft_pkt, ctx),
               "RMA packets keep the common header");
_Static_assert(sizeof(struct ft_rma_pkt) % 16 == 0 &&
                   sizeof(struct ft_rma_range) == 16,
               "RMA data stays 16-byte aligned within a packet");

/* The state of one active-message operation. */
struct rma_op {
    struct ft_list link; /* in win->op_pool while free */
    struct ft_win *win;
    enum ft_rma_kind kind;
    bool user;   /* a request the user holds (MPI_Rput...) */
    bool nodata; /* get_accumulate with MPI_NO_OP: nothing to send */
    int target;
    const void *obuf;
    size_t ocount;
    struct ft_datatype *odt;
    void *rbuf;
    size_t rcount;
    struct ft_datatype *rdt;
    uint64_t taddr;
    size_t tcount;
    struct ft_datatype *tdt;
    uint16_t opk, basic;
    size_t esize; /* bytes of one element (accumulates), else 1 */
    size_t bytes, sent;
    int out; /* fragments sent and not answered */
    int err;
    _Alignas(16) unsigned char cas[64]; /* CAS: compare value, new value */
};

/* ---- the reduction operations ---------------------------------------- */

/* inout = in op inout over n bytes of packed elements of kind basic.  The
 * one place one-sided communication applies a reduction. */
static const struct ft_op *predefined_op(unsigned kind)
{
    static const struct ft_op *const ops[] = {
        [FT_OP_MAX] = MPI_MAX,         [FT_OP_MIN] = MPI_MIN,
        [FT_OP_SUM] = MPI_SUM,         [FT_OP_PROD] = MPI_PROD,
        [FT_OP_LAND] = MPI_LAND,       [FT_OP_BAND] = MPI_BAND,
        [FT_OP_LOR] = MPI_LOR,         [FT_OP_BOR] = MPI_BOR,
        [FT_OP_LXOR] = MPI_LXOR,       [FT_OP_BXOR] = MPI_BXOR,
        [FT_OP_MAXLOC] = MPI_MAXLOC,   [FT_OP_MINLOC] = MPI_MINLOC,
        [FT_OP_REPLACE] = MPI_REPLACE, [FT_OP_NO_OP] = MPI_NO_OP,
    };
    return kind < sizeof ops / sizeof ops[0] ? ops[kind] : NULL;
}

static int apply_op(unsigned opk, enum ft_basic basic, const void *in,
                    void *inout, size_t n)
{
    const struct ft_op *op = predefined_op(opk);
    struct ft_datatype *t = ft_dt_basic_type(basic);
    if (!op || !t || !t->size || n % t->size)
        return -EINVAL;
    return ft_op_apply(op, t, in, inout, n / t->size);
}

bool ft_win_op_ok(unsigned opk, int basic)
{
    const struct ft_op *op = predefined_op(opk);
    struct ft_datatype *t = basic > FT_B_NONE && basic < FT_B_NTYPES
                                ? ft_dt_basic_type(basic)
                                : NULL;
    return op && t && t->size && ft_op_valid(op, t);
}

/* ---- ranges of memory ------------------------------------------------- */

/* Cuts the n ranges at v down to their first `bytes` bytes; returns how
 * many ranges are left. */
static int iov_trim(struct iovec *v, int n, size_t bytes)
{
    int i = 0;
    for (; i < n && bytes; i++) {
        if (v[i].iov_len >= bytes) {
            v[i].iov_len = bytes;
            return i + 1;
        }
        bytes -= v[i].iov_len;
    }
    return i;
}

/* memmove, minus a trap: when the destination lies 1 to 63 bytes past the
 * source modulo 4 KiB, the string-move instruction glibc uses for copies
 * of 2 KiB and more crawls (4 KiB aliasing: 2 GB/s instead of 30 on the
 * machines we measured), and that is exactly where a page-aligned window
 * meets a buffer from malloc (16 bytes past a page).  Such copies go in
 * pieces small enough for glibc's vector loop. */
static void copy(void *dst, const void *src, size_t n)
{
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
    uintptr_t skew = (d - s) & 4095;
    if (n < 2048 || skew == 0 || skew >= 64 || (d < s + n && s < d + n)) {
        memmove(dst, src, n);
        return;
    }
    for (size_t off = 0; off < n; off += 1024)
        memcpy((char *)dst + off, (const char *)src + off,
               n - off < 1024 ? n - off : 1024);
}

/* Copies n bytes from the ranges into out, or from in into the ranges. */
static void gather(const struct iovec *v, int nv, void *out)
{
    char *o = out;
    for (int i = 0; i < nv; i++) {
        copy(o, v[i].iov_base, v[i].iov_len);
        o += v[i].iov_len;
    }
}

static void scatter(const struct iovec *v, int nv, const void *in)
{
    const char *p = in;
    for (int i = 0; i < nv; i++) {
        copy(v[i].iov_base, p, v[i].iov_len);
        p += v[i].iov_len;
    }
}

/* Copies between two lists of ranges in our memory covering the same
 * bytes (as memmove does for each piece). */
static void iov_copy(const struct iovec *dst, int nd, const struct iovec *src,
                     int ns)
{
    int i = 0, j = 0;
    size_t di = 0, sj = 0;
    while (i < nd && j < ns) {
        size_t n = dst[i].iov_len - di;
        if (src[j].iov_len - sj < n)
            n = src[j].iov_len - sj;
        copy((char *)dst[i].iov_base + di, (const char *)src[j].iov_base + sj,
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

bool ft_win_mem_ok(const struct ft_win *w, uint64_t addr, uint64_t len)
{
    if (len == 0)
        return true;
    if (addr + len < addr)
        return false;
    if (w->flavor != FT_WIN_DYNAMIC) {
        uint64_t b = (uint64_t)(uintptr_t)w->base;
        return addr >= b && addr + len <= b + w->bytes;
    }
    /* The last region starting at or below addr must hold all of it. */
    int lo = 0, hi = w->nregions;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (w->regions[mid].base <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    const struct ft_win_region *r = &w->regions[lo - 1];
    return addr + len <= r->base + r->size;
}

/* Makes the window's scratch memory at least n bytes (16-aligned). */
static void *scratch(struct ft_win *w, size_t n)
{
    if (w->scratch_len >= n)
        return w->scratch;
    void *p = NULL;
    if (posix_memalign(&p, 64, n))
        return NULL;
    free(w->scratch);
    w->scratch = p;
    w->scratch_len = n;
    return p;
}

/* Applies an accumulate to the ranges (in our memory) that hold n bytes:
 * their old contents go to old first when old is not NULL.  Everything
 * here happens in one go: nothing else touches the window meanwhile. */
static int apply_ranges(struct ft_win *w, unsigned opk, enum ft_basic basic,
                        const struct iovec *v, int nv, const void *in, size_t n,
                        void *old)
{
    if (old)
        gather(v, nv, old);
    if (opk == FT_OP_NO_OP || n == 0)
        return 0;
    if (opk == FT_OP_REPLACE) {
        scatter(v, nv, in);
        return 0;
    }
    bool contig = nv == 1;
    bool aligned = ((uintptr_t)in & 15) == 0;
    size_t need = (contig ? 0 : n) + (aligned ? 0 : n);
    char *s = need ? scratch(w, need) : NULL;
    if (need && !s)
        return -ENOMEM;
    if (!aligned) {
        memcpy(s, in, n);
        in = s;
        s += n;
    }
    if (contig)
        return apply_op(opk, basic, in, v[0].iov_base, n);
    gather(v, nv, s);
    int rc = apply_op(opk, basic, in, s, n);
    if (rc == 0)
        scatter(v, nv, s);
    return rc;
}

/* Moves `bytes` bytes of stream between lcount elements of ldt at lbuf
 * (ours) and tcount elements of tdt at taddr: in our own memory when p is
 * NULL, else in p's through the transport.  to_target: lbuf to target. */
static int stream_rw(struct ft_proc *p, const void *lbuf, size_t lcount,
                     struct ft_datatype *ldt, uint64_t taddr, size_t tcount,
                     struct ft_datatype *tdt, size_t bytes, bool to_target)
{
    size_t off = 0;
    while (off < bytes) {
        struct iovec lv[RMA_IOV], tv[RMA_IOV];
        size_t nl, nt;
        int a =
            ft_dt_iov(ldt, lbuf, lcount, off, bytes - off, lv, RMA_IOV, &nl);
        int b = ft_dt_iov(tdt, (const void *)(uintptr_t)taddr, tcount, off,
                          bytes - off, tv, RMA_IOV, &nt);
        size_t n = nl < nt ? nl : nt;
        if (n == 0)
            return -EINVAL; /* the two sides do not cover the stream */
        a = iov_trim(lv, a, n);
        b = iov_trim(tv, b, n);
        if (!p) {
            if (to_target)
                iov_copy(tv, b, lv, a);
            else
                iov_copy(lv, a, tv, b);
        } else {
            int rc = p->tp->ops->rw(p->tp, p, lv, a, tv, b, to_target);
            if (rc)
                return rc;
        }
        off += n;
    }
    return 0;
}

/* Whether every byte the target side of the stream touches (in our
 * memory) lies in the window (dynamic windows: in attached memory). */
static bool local_range_ok(const struct ft_win *w, uint64_t taddr,
                           size_t tcount, struct ft_datatype *tdt, size_t bytes)
{
    size_t off = 0;
    while (off < bytes) {
        struct iovec tv[RMA_IOV];
        size_t n;
        int b = ft_dt_iov(tdt, (const void *)(uintptr_t)taddr, tcount, off,
                          bytes - off, tv, RMA_IOV, &n);
        for (int i = 0; i < b; i++)
            if (!ft_win_mem_ok(w, (uint64_t)(uintptr_t)tv[i].iov_base,
                               tv[i].iov_len))
                return false;
        if (n == 0)
            return false;
        off += n;
    }
    return true;
}

/* An accumulate-class operation on memory of our own (the target is
 * this process), in steps of at most RMA_LOCAL_CHUNK bytes.  Nothing else
 * can touch our window meanwhile: other origins' accumulates are applied
 * by our progress engine, which does not run during this call. */
static int local_acc(struct ft_win *w, const struct ft_rma_args *a,
                     uint64_t taddr, size_t bytes, size_t esize)
{
    if (a->kind == FT_RMA_CAS) {
        char *t = (char *)(uintptr_t)taddr;
        unsigned char old[32];
        memcpy(old, t, esize);
        if (memcmp(old, a->cmp, esize) == 0)
            memcpy(t, a->obuf, esize);
        memcpy(a->rbuf, old, esize);
        return 0;
    }
    unsigned opk = (unsigned)a->op->kind;
    enum ft_basic basic = (enum ft_basic)a->tdt->basic;
    bool fetch = a->kind == FT_RMA_GACC;
    _Alignas(16) char in[RMA_LOCAL_CHUNK], old[RMA_LOCAL_CHUNK];
    size_t chunk = RMA_LOCAL_CHUNK - RMA_LOCAL_CHUNK % esize;
    size_t off = 0;
    while (off < bytes) {
        struct iovec tv[RMA_IOV];
        size_t n;
        size_t want = bytes - off < chunk ? bytes - off : chunk;
        int nt = ft_dt_iov(a->tdt, (const void *)(uintptr_t)taddr, a->tcount,
                           off, want, tv, RMA_IOV, &n);
        n -= n % esize;
        nt = iov_trim(tv, nt, n);
        if (n == 0)
            return -EINVAL;
        if (opk != FT_OP_NO_OP)
            ft_dt_pack(a->odt, a->obuf, a->ocount, off, in, n);
        int rc = apply_ranges(w, opk, basic, tv, nt, in, n, fetch ? old : NULL);
        if (rc)
            return rc;
        if (fetch)
            ft_dt_unpack(a->rdt, a->rbuf, a->rcount, off, old, n);
        off += n;
    }
    return 0;
}

/* ---- operation states and their requests ------------------------------ */

static void op_release(struct ft_request *r)
{
    struct rma_op *o = r->ext;
    struct ft_win *w = o->win;
    struct ft_datatype **dts[] = {&o->odt, &o->rdt, &o->tdt};
    for (int i = 0; i < 3; i++) {
        if (*dts[i]) {
            ft_dt_release(*dts[i]);
            *dts[i] = NULL;
        }
    }
    r->ext = NULL;
    ft_list_push(&w->op_pool, &o->link);
    ft_win_release(w);
}

struct ft_win *ft_win_of_req(const struct ft_request *r)
{
    const struct rma_op *o = r->kind == FT_REQ_RMA ? r->ext : NULL;
    return o ? o->win : NULL;
}

/* A request and operation state for a on w (both zeroed but for what a
 * says); NULL when out of memory. */
static struct ft_request *op_new(struct ft_win *w, const struct ft_rma_args *a,
                                 bool user)
{
    struct ft_engine *eng = w->eng;
    struct rma_op *o;
    struct ft_list *e = ft_list_pop(&w->op_pool);
    if (e) {
        o = ft_container_of(e, struct rma_op, link);
    } else if (!(o = malloc(sizeof *o))) {
        return NULL;
    }
    struct ft_request *r = ft_req_alloc(&eng->reqs, FT_REQ_RMA);
    if (!r) {
        ft_list_push(&w->op_pool, &o->link);
        return NULL;
    }
    memset(o, 0, sizeof *o);
    ft_list_init(&o->link);
    o->win = w;
    o->kind = a->kind;
    o->user = user;
    o->target = a->target;
    ft_win_retain(w);
    r->ext = o;
    r->on_release = op_release;
    r->comm = w->comm; /* for supervision reports; released with r */
    ft_comm_retain(w->comm);
    r->peer = a->target;
    return r;
}

/* Marks the operation of r complete with err: its target's and the
 * window's counts drop, a user request completes (the user releases it),
 * an internal one is released and its error kept for the next
 * synchronization. */
static void op_finish(struct ft_win *w, struct ft_request *r, int err)
{
    struct rma_op *o = r->ext;
    struct ft_win_peer *pe = &w->peers[o->target];
    ft_list_del(&r->link); /* from the target's send queue */
    if (ft_list_empty(&pe->o_sendq))
        ft_list_del(&pe->busy_link);
    pe->o_pending--;
    w->pending--;
    if (!o->user && err && !pe->o_err)
        pe->o_err = err;
    ft_req_complete(w->eng, r, err); /* also leaves pe->o_ops */
    if (!o->user)
        ft_req_release(&w->eng->reqs, r);
}

/* A request already complete (operations done at once). */
static int op_done_now(struct ft_win *w, const struct ft_rma_args *a,
                       struct ft_request **req)
{
    struct ft_request *r = op_new(w, a, true);
    if (!r)
        return -ENOMEM;
    ft_req_complete(w->eng, r, 0);
    *req = r;
    return 0;
}

/* ---- the origin side of active messages -------------------------------- */

/* Puts fragments of r's operation on the wire while there is room.
 * Returns 0 when all are sent, -FT_EAGAIN when it must wait (no room, or
 * too many fragments unanswered), 1 when the operation ended with an
 * error (r may be gone).  *sent counts the packets sent. */
static int op_push(struct ft_win *w, struct ft_request *r, int *sent)
{
    struct rma_op *o = r->ext;
    struct ft_win_peer *pe = &w->peers[o->target];
    struct ft_proc *p = pe->proc;
    struct ft_tp *tp = p->tp;
    bool getlike = o->kind == FT_RMA_GET || o->kind == FT_RMA_GACC;
    size_t budget = tp->max_pkt - RMA_HDR;
    while (o->sent < o->bytes) {
        if (getlike && o->out >= RMA_FLOW)
            return -FT_EAGAIN;
        struct iovec tv[RMA_IOV];
        size_t n;
        int nt;
        if (o->kind == FT_RMA_CAS) {
            tv[0].iov_base = (void *)(uintptr_t)o->taddr;
            tv[0].iov_len = o->esize;
            nt = 1;
            n = o->esize;
        } else {
            size_t room = budget - RMA_IOV * RMA_RANGE;
            nt = ft_dt_iov(o->tdt, (const void *)(uintptr_t)o->taddr, o->tcount,
                           o->sent, room, tv, RMA_IOV, &n);
            n -= n % o->esize;
            nt = iov_trim(tv, nt, n);
        }
        if (n == 0) {
            op_finish(w, r, -EINVAL);
            return 1;
        }
        size_t data = 0;
        if (o->kind == FT_RMA_CAS)
            data = 2 * o->esize;
        else if (o->kind != FT_RMA_GET && !o->nodata)
            data = n;
        size_t len = RMA_HDR + (size_t)nt * RMA_RANGE + data;
        void *buf;
        int rc = tp->ops->reserve(tp, p, len, &buf);
        if (rc == -FT_EAGAIN)
            return rc;
        if (rc) {
            op_finish(w, r, rc);
            return 1;
        }
        static const uint8_t kinds[] = {[FT_RMA_PUT] = FT_PKT_RMA_PUT,
                                        [FT_RMA_GET] = FT_PKT_RMA_GET,
                                        [FT_RMA_ACC] = FT_PKT_RMA_ACC,
                                        [FT_RMA_GACC] = FT_PKT_RMA_GACC,
                                        [FT_RMA_CAS] = FT_PKT_RMA_CAS};
        struct ft_rma_pkt *pk = buf;
        memset(pk, 0, RMA_HDR);
        pk->kind = kinds[o->kind];
        pk->op = o->opk;
        pk->epoch = w->eng->self->epoch;
        pk->ctx = w->comm->ctx;
        pk->src = w->rank;
        pk->niov = (uint32_t)nt;
        pk->len32 = (uint32_t)data;
        pk->req = r->id;
        pk->off = o->sent;
        pk->basic = o->basic;
        struct ft_rma_range *rg = (struct ft_rma_range *)(pk + 1);
        for (int i = 0; i < nt; i++) {
            rg[i].addr = (uint64_t)(uintptr_t)tv[i].iov_base;
            rg[i].len = tv[i].iov_len;
        }
        char *d = (char *)(rg + nt);
        if (o->kind == FT_RMA_CAS)
            memcpy(d, o->cas, 2 * o->esize);
        else if (data)
            ft_dt_pack(o->odt, o->obuf, o->ocount, o->sent, d, n);
        w->eng->pkts_sent++;
        tp->ops->commit(tp, p, buf, len);
        o->sent += n;
        o->out++;
        (*sent)++;
    }
    return 0;
}

/* Sends what is queued for pe, in order.  Returns the packets sent. */
static int push_peer(struct ft_win *w, struct ft_win_peer *pe)
{
    int sent = 0;
    while (!ft_list_empty(&pe->o_sendq)) {
        struct ft_request *r =
            ft_container_of(pe->o_sendq.next, struct ft_request, link);
        int rc = op_push(w, r, &sent);
        if (rc == -FT_EAGAIN)
            break;
        if (rc == 0)
            ft_list_del(&r->link); /* all sent; answers to come */
    }
    if (ft_list_empty(&pe->o_sendq))
        ft_list_del(&pe->busy_link);
    return sent;
}

int ft_win_progress(struct ft_hook *h)
{
    struct ft_win *w = ft_container_of(h, struct ft_win, hook);
    int n = 0;
    ft_list_for_each_safe(e, &w->busy)
    {
        struct ft_win_peer *pe =
            ft_container_of(e, struct ft_win_peer, busy_link);
        n += push_peer(w, pe);
    }
    return n;
}

void ft_win_fail_peer(struct ft_win *w, struct ft_win_peer *pe, int err)
{
    ft_list_for_each_safe(e, &pe->o_ops)
    {
        struct ft_request *r = ft_container_of(e, struct ft_request, flink);
        op_finish(w, r, err);
    }
}

/* An answer to one of our fragments. */
static void on_answer(struct ft_win *w, int src, const struct ft_rma_pkt *pk,
                      size_t len)
{
    struct ft_request *r = ft_req_lookup(&w->eng->reqs, pk->req);
    if (!r || r->kind != FT_REQ_RMA || r->complete)
        return;
    struct rma_op *o = r->ext;
    if (!o || o->win != w || o->target != src || o->out == 0)
        return;
    if (pk->err && !o->err)
        o->err = pk->err;
    if (pk->kind == FT_PKT_RMA_DATA && !pk->err) {
        if (len - RMA_HDR < pk->len32 || pk->off > o->bytes ||
            pk->len32 > o->bytes - pk->off) {
            ft_log(FT_LOG_WARN, "malformed one-sided answer dropped");
            return;
        }
        ft_dt_unpack(o->rdt, o->rbuf, o->rcount, pk->off, pk + 1, pk->len32);
    }
    o->out--;
    if (o->out == 0 && o->sent == o->bytes)
        op_finish(w, r, o->err);
}

/* ---- the target side --------------------------------------------------- */

/* Starts an answer of n data bytes to src; returns where the data goes,
 * or NULL when src has failed (nothing to answer). */
static void *answer_begin(struct ft_win *w, int src, uint8_t kind,
                          const struct ft_rma_pkt *req, int err, size_t n,
                          struct ft_outpkt *o)
{
    int rc = ft_pt2pt_pkt_reserve(w->eng, w->peers[src].proc, RMA_HDR + n, o);
    if (rc == -FT_EPROCFAILED)
        return NULL;
    if (rc) /* the origin would wait forever */
        ft_panic("out of memory answering a one-sided operation");
    struct ft_rma_pkt *pk = o->buf;
    memset(pk, 0, RMA_HDR);
    pk->kind = kind;
    pk->epoch = w->eng->self->epoch;
    pk->ctx = w->comm->ctx;
    pk->src = w->rank;
    pk->len32 = (uint32_t)n;
    pk->req = req->req;
    pk->off = req->off;
    pk->err = err;
    return pk + 1;
}

void ft_win_target(struct ft_win *w, int src, const struct ft_rma_pkt *pk,
                   size_t len)
{
    if (pk->niov > RMA_IOV || len < RMA_HDR + pk->niov * RMA_RANGE ||
        len - RMA_HDR - pk->niov * RMA_RANGE < pk->len32) {
        ft_log(FT_LOG_WARN, "malformed one-sided packet from rank %d dropped",
               w->peers[src].proc->world_rank);
        return;
    }
    const struct ft_rma_range *rg = (const void *)(pk + 1);
    const char *in = (const char *)(rg + pk->niov);
    struct iovec tv[RMA_IOV];
    int nt = (int)pk->niov, err = 0;
    size_t total = 0;
    for (int i = 0; i < nt; i++) {
        if (!ft_win_mem_ok(w, rg[i].addr, rg[i].len))
            err = -FT_EWINRANGE;
        tv[i].iov_base = (void *)(uintptr_t)rg[i].addr;
        tv[i].iov_len = (size_t)rg[i].len;
        total += (size_t)rg[i].len;
    }
    bool acc = pk->kind == FT_PKT_RMA_ACC || pk->kind == FT_PKT_RMA_GACC ||
               pk->kind == FT_PKT_RMA_CAS;
    if (!err && acc) {
        size_t es = ft_basic_size((enum ft_basic)pk->basic);
        bool opok = pk->kind == FT_PKT_RMA_CAS
                        ? pk->basic > FT_B_NONE && pk->basic < FT_B_NTYPES
                        : ft_win_op_ok(pk->op, pk->basic);
        if (!opok || es == 0 || total % es)
            err = -EINVAL;
        else if (pk->kind == FT_PKT_RMA_CAS &&
                 (nt != 1 || total != es || pk->len32 != 2 * es))
            err = -EINVAL;
    }
    bool needs_data = pk->kind == FT_PKT_RMA_PUT ||
                      pk->kind == FT_PKT_RMA_ACC ||
                      (pk->kind == FT_PKT_RMA_GACC && pk->op != FT_OP_NO_OP);
    if (!err && needs_data && pk->len32 != total)
        err = -EINVAL;

    struct ft_outpkt o;
    void *d;
    switch (pk->kind) {
    case FT_PKT_RMA_PUT:
        if (!err)
            scatter(tv, nt, in);
        if (answer_begin(w, src, FT_PKT_RMA_ACK, pk, err, 0, &o))
            ft_pt2pt_pkt_commit(w->eng, &o);
        return;
    case FT_PKT_RMA_ACC:
        if (!err)
            err = apply_ranges(w, pk->op, (enum ft_basic)pk->basic, tv, nt, in,
                               total, NULL);
        if (answer_begin(w, src, FT_PKT_RMA_ACK, pk, err, 0, &o))
            ft_pt2pt_pkt_commit(w->eng, &o);
        return;
    case FT_PKT_RMA_GET:
    case FT_PKT_RMA_GACC:
    case FT_PKT_RMA_CAS:
        d = answer_begin(w, src, FT_PKT_RMA_DATA, pk, err, err ? 0 : total, &o);
        if (!d) {
            /* The origin is gone; an accumulate still applies, as it
             * would have had the answer been lost on the way. */
            if (!err && pk->kind == FT_PKT_RMA_GACC)
                apply_ranges(w, pk->op, (enum ft_basic)pk->basic, tv, nt, in,
                             total, NULL);
            return;
        }
        if (!err && pk->kind == FT_PKT_RMA_GET) {
            gather(tv, nt, d);
        } else if (!err && pk->kind == FT_PKT_RMA_GACC) {
            int rc = apply_ranges(w, pk->op, (enum ft_basic)pk->basic, tv, nt,
                                  in, total, d);
            if (rc) {
                ((struct ft_rma_pkt *)o.buf)->err = rc;
                ((struct ft_rma_pkt *)o.buf)->len32 = 0;
            }
        } else if (!err) {
            gather(tv, nt, d);
            if (memcmp(d, in, total) == 0)
                scatter(tv, nt, in + total);
        }
        ft_pt2pt_pkt_commit(w->eng, &o);
        return;
    }
}

void ft_win_answer(struct ft_win *w, int src, const struct ft_rma_pkt *pk,
                   size_t len)
{
    on_answer(w, src, pk, len);
}

/* ---- starting operations ----------------------------------------------- */

bool ft_win_in_range(const struct ft_win *w, int target, ptrdiff_t disp,
                     size_t tcount, const struct ft_datatype *tdt)
{
    if (w->flavor == FT_WIN_DYNAMIC || tcount == 0 || tdt->size == 0)
        return true;
    const struct ft_win_peer *pe = &w->peers[target];
    if (disp < 0)
        return false;
    __int128 start = (__int128)disp * pe->disp_unit;
    __int128 lo = start + tdt->true_lb;
    __int128 hi =
        start + (__int128)(tcount - 1) * (tdt->ub - tdt->lb) + tdt->true_ub;
    return lo >= 0 && hi >= lo && hi <= (__int128)pe->size;
}

/* An operation on memory we reach ourselves: our own window (p NULL, taddr
 * ours), another member's segment of a shared window (p NULL, taddr in our
 * mapping), or a peer's memory through single copy (p set). */
static int direct_rma(struct ft_win *w, const struct ft_rma_args *a,
                      struct ft_proc *p, uint64_t taddr, size_t bytes,
                      size_t esize)
{
    switch (a->kind) {
    case FT_RMA_PUT:
        return stream_rw(p, a->obuf, a->ocount, a->odt, taddr, a->tcount,
                         a->tdt, bytes, true);
    case FT_RMA_GET:
        return stream_rw(p, a->rbuf, a->rcount, a->rdt, taddr, a->tcount,
                         a->tdt, bytes, false);
    default:
        return local_acc(w, a, taddr, bytes, esize);
    }
}

int ft_win_rma(struct ft_win *w, const struct ft_rma_args *a,
               struct ft_request **req)
{
    struct ft_win_peer *pe = &w->peers[a->target];
    struct ft_proc *p = pe->proc;
    bool acc = a->kind == FT_RMA_ACC || a->kind == FT_RMA_GACC ||
               a->kind == FT_RMA_CAS;
    size_t esize = acc ? ft_basic_size((enum ft_basic)a->tdt->basic) : 1;
    size_t bytes = a->kind == FT_RMA_CAS ? esize : a->tcount * a->tdt->size;
    w->fence_used = true;
    if (bytes == 0 || p->hole)
        return req ? op_done_now(w, a, req) : 0;
    if (ft_proc_failed(p) || pe->dead)
        return -FT_EPROCFAILED;
    if (acc && esize == 0)
        return -EINVAL;
    uint64_t taddr =
        w->flavor == FT_WIN_DYNAMIC
            ? (uint64_t)a->disp
            : pe->base + (uint64_t)a->disp * (uint64_t)pe->disp_unit;
    bool self = a->target == w->rank;
    if (self || (!acc && w->flavor != FT_WIN_DYNAMIC)) {
        int rc;
        if (self) {
            if (w->flavor == FT_WIN_DYNAMIC &&
                !local_range_ok(w, taddr, a->tcount, a->tdt, bytes))
                return -FT_EWINRANGE;
            rc = direct_rma(w, a, NULL, taddr, bytes, esize);
        } else if (pe->shm) { /* shared, or allocated on one host */
            uint64_t laddr = (uint64_t)(uintptr_t)pe->shm +
                             (uint64_t)a->disp * (uint64_t)pe->disp_unit;
            rc = direct_rma(w, a, NULL, laddr, bytes, esize);
        } else if (w->eng->use_cma && p->tp->ops->rw && !p->no_get) {
            rc = direct_rma(w, a, p, taddr, bytes, esize);
            if (rc == -EPERM || rc == -ENOSYS) {
                ft_debug("single copy to rank %d refused; one-sided "
                         "operations go by messages",
                         p->world_rank);
                p->no_get = true;
                goto am;
            }
            if (rc == -EFAULT)
                rc = -FT_EWINRANGE;
        } else {
            goto am;
        }
        if (rc)
            return rc;
        return req ? op_done_now(w, a, req) : 0;
    }
am:;
    struct ft_request *r = op_new(w, a, req != NULL);
    if (!r)
        return -ENOMEM;
    struct rma_op *o = r->ext;
    if (a->kind == FT_RMA_GET) {
        o->rbuf = a->rbuf;
        o->rcount = a->rcount;
        o->rdt = a->rdt;
    } else {
        o->obuf = a->obuf;
        o->ocount = a->ocount;
        o->odt = a->odt;
        if (a->kind != FT_RMA_PUT && a->kind != FT_RMA_ACC) {
            o->rbuf = a->rbuf;
            o->rcount = a->rcount;
            o->rdt = a->rdt;
        }
    }
    o->taddr = taddr;
    o->tcount = a->tcount;
    o->tdt = a->tdt;
    struct ft_datatype *dts[] = {o->odt, o->rdt, o->tdt};
    for (int i = 0; i < 3; i++)
        if (dts[i])
            ft_dt_retain(dts[i]);
    o->esize = esize;
    o->bytes = bytes;
    o->basic = acc ? a->tdt->basic : 0;
    if (a->kind == FT_RMA_ACC || a->kind == FT_RMA_GACC)
        o->opk = (uint16_t)a->op->kind;
    o->nodata = a->kind == FT_RMA_GACC && a->op->kind == FT_OP_NO_OP;
    if (a->kind == FT_RMA_CAS) {
        memcpy(o->cas, a->cmp, esize);
        memcpy(o->cas + esize, a->obuf, esize);
    }
    pe->o_pending++;
    w->pending++;
    ft_list_push(&pe->o_ops, &r->flink);
    if (req)
        *req = r;
    if (ft_list_empty(&pe->o_sendq)) {
        int sent = 0;
        if (op_push(w, r, &sent) != -FT_EAGAIN)
            return 0; /* all sent, or already failed (reported later) */
    }
    ft_list_push(&pe->o_sendq, &r->link);
    if (ft_list_empty(&pe->busy_link))
        ft_list_push(&w->busy, &pe->busy_link);
    return 0;
}

void ft_win_ops_fini(struct ft_win *w)
{
    struct ft_list *e;
    while ((e = ft_list_pop(&w->op_pool)))
        free(ft_container_of(e, struct rma_op, link));
    free(w->scratch);
    w->scratch = NULL;
    w->scratch_len = 0;
}
