/*
 * sched.c -- running schedules (see sched.h).
 */
#include "coll/sched.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/engine.h"
#include "core/op.h"
#include "core/pkt.h"
#include "core/pt2pt.h"

enum step_kind { ST_SEND, ST_RECV, ST_FENCE, ST_REDUCE, ST_COPY };

struct sched_step {
    uint8_t kind;
    bool swap;
    int peer, tag;
    struct ft_comm *comm; /* sends and receives */
    const void *src;
    void *dst;
    size_t count, scount;
    struct ft_datatype *dt, *sdt;
};

struct sched_chunk {
    struct sched_chunk *next;
    size_t size, used;
    _Alignas(64) char mem[];
};

#define CHUNK_MIN 4096

/* ---- building --------------------------------------------------------- */

struct ft_sched *ft_sched_new(struct ft_comm *comm)
{
    struct ft_sched *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->comm = s->cur = comm;
    s->eng = comm->eng;
    s->nfailed_seen = -1;
    ft_list_init(&s->link);
    return s;
}

static void free_chunks(struct sched_chunk *c)
{
    while (c) {
        struct sched_chunk *n = c->next;
        free(c);
        c = n;
    }
}

static void release_holds(struct ft_sched *s)
{
    for (int i = 0; i < s->nheld; i++)
        ft_dt_release(s->held[i]);
    s->nheld = 0;
    if (s->held_op) {
        ft_op_release(s->held_op);
        s->held_op = NULL;
    }
    free(s->held_mem);
    s->held_mem = NULL;
}

void ft_sched_reset(struct ft_sched *s)
{
    s->nsteps = s->ntail = s->next = s->fin = 0;
    s->nreqs = 0;
    s->error = 0;
    s->truncated = false;
    s->nfailed_seen = -1;
    s->op = NULL;
    s->rdt = NULL;
    s->req = NULL;
    s->cur = s->comm;
    release_holds(s);
    /* Keep one chunk, as large as everything used this time, so that the
     * next collective of the same shape needs no malloc. */
    struct sched_chunk *c = s->chunks;
    if (c && c->next) {
        size_t total = 0;
        for (struct sched_chunk *x = c; x; x = x->next)
            total += x->size;
        free_chunks(c);
        s->chunks = NULL;
        c = malloc(sizeof *c + total);
        if (c) {
            c->next = NULL;
            c->size = total;
            c->used = 0;
            s->chunks = c;
        }
    } else if (c) {
        c->used = 0;
    }
}

void ft_sched_free(struct ft_sched *s)
{
    release_holds(s);
    free_chunks(s->chunks);
    free(s->steps);
    free(s->tail);
    free(s->reqs);
    free(s->held);
    free(s);
}

static bool grow(void **arr, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return true;
    int n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(*arr, (size_t)n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = n;
    return true;
}

static struct sched_step *add(struct ft_sched *s)
{
    if (!grow((void **)&s->steps, &s->cap, s->nsteps + 1, sizeof *s->steps)) {
        if (!s->error)
            s->error = -ENOMEM;
        return NULL;
    }
    struct sched_step *st = &s->steps[s->nsteps++];
    memset(st, 0, sizeof *st);
    return st;
}

void ft_sched_use(struct ft_sched *s, struct ft_comm *comm, int tag)
{
    s->cur = comm;
    s->cur_tag = tag;
}

void ft_sched_send(struct ft_sched *s, const void *buf, size_t count,
                   struct ft_datatype *dt, int peer)
{
    struct sched_step *st = add(s);
    if (!st)
        return;
    st->kind = ST_SEND;
    st->comm = s->cur;
    st->tag = s->cur_tag;
    st->src = buf;
    st->count = count;
    st->dt = dt;
    st->peer = peer;
}

void ft_sched_recv(struct ft_sched *s, void *buf, size_t count,
                   struct ft_datatype *dt, int peer)
{
    struct sched_step *st = add(s);
    if (!st)
        return;
    st->kind = ST_RECV;
    st->comm = s->cur;
    st->tag = s->cur_tag;
    st->dst = buf;
    st->count = count;
    st->dt = dt;
    st->peer = peer;
}

void ft_sched_fence(struct ft_sched *s)
{
    if (s->nsteps > 0 && s->steps[s->nsteps - 1].kind == ST_FENCE)
        return;
    struct sched_step *st = add(s);
    if (st)
        st->kind = ST_FENCE;
}

void ft_sched_reduce(struct ft_sched *s, void *in, void *inout, size_t count,
                     bool swap)
{
    if (count == 0)
        return;
    struct sched_step *st = add(s);
    if (!st)
        return;
    st->kind = ST_REDUCE;
    st->src = in;
    st->dst = inout;
    st->count = count;
    st->swap = swap;
}

static void fill_copy(struct sched_step *st, const void *src, size_t scount,
                      struct ft_datatype *sdt, void *dst, size_t dcount,
                      struct ft_datatype *ddt)
{
    st->kind = ST_COPY;
    st->src = src;
    st->scount = scount;
    st->sdt = sdt;
    st->dst = dst;
    st->count = dcount;
    st->dt = ddt;
}

void ft_sched_copy(struct ft_sched *s, const void *src, size_t scount,
                   struct ft_datatype *sdt, void *dst, size_t dcount,
                   struct ft_datatype *ddt)
{
    if (src == dst && sdt == ddt)
        return;
    if (scount * sdt->size == 0 || dcount * ddt->size == 0)
        return;
    struct sched_step *st = add(s);
    if (st)
        fill_copy(st, src, scount, sdt, dst, dcount, ddt);
}

void ft_sched_copy_at_end(struct ft_sched *s, const void *src, size_t scount,
                          struct ft_datatype *sdt, void *dst, size_t dcount,
                          struct ft_datatype *ddt)
{
    if (scount * sdt->size == 0 || dcount * ddt->size == 0)
        return;
    if (!grow((void **)&s->tail, &s->captail, s->ntail + 1,
              sizeof *s->tail)) {
        if (!s->error)
            s->error = -ENOMEM;
        return;
    }
    struct sched_step *st = &s->tail[s->ntail++];
    memset(st, 0, sizeof *st);
    fill_copy(st, src, scount, sdt, dst, dcount, ddt);
}

void *ft_sched_tmp(struct ft_sched *s, size_t bytes)
{
    static _Alignas(64) char dummy[64];
    bytes = (bytes + 63) & ~(size_t)63;
    if (bytes == 0)
        return dummy;
    struct sched_chunk *c = s->chunks;
    if (!c || c->size - c->used < bytes) {
        size_t size = c ? c->size * 2 : CHUNK_MIN;
        if (size < bytes)
            size = bytes;
        struct sched_chunk *n = malloc(sizeof *n + size);
        if (!n) {
            if (!s->error)
                s->error = -ENOMEM;
            return dummy;
        }
        n->size = size;
        n->used = 0;
        n->next = c;
        s->chunks = c = n;
    }
    void *p = c->mem + c->used;
    c->used += bytes;
    return p;
}

void ft_sched_hold_dt(struct ft_sched *s, struct ft_datatype *dt)
{
    if (!dt || (dt->flags & FT_DT_PREDEF))
        return;
    if (!grow((void **)&s->held, &s->capheld, s->nheld + 1,
              sizeof *s->held)) {
        if (!s->error)
            s->error = -ENOMEM;
        return;
    }
    ft_dt_retain(dt);
    s->held[s->nheld++] = dt;
}

void ft_sched_hold_op(struct ft_sched *s, struct ft_op *op)
{
    if (!op || op->predefined)
        return;
    ft_op_retain(op);
    s->held_op = op;
}

/* ---- running ---------------------------------------------------------- */

/* Copies the shorter of two typed streams, through a small bounce buffer
 * when neither side is contiguous. */
void ft_coll_copy(const void *src, size_t scount, struct ft_datatype *sdt,
                  void *dst, size_t dcount, struct ft_datatype *ddt)
{
    size_t bytes = scount * sdt->size;
    if (dcount * ddt->size < bytes)
        bytes = dcount * ddt->size;
    if (bytes == 0)
        return;
    if (ft_dt_contig(sdt) && ft_dt_contig(ddt)) {
        memcpy((char *)dst + ddt->true_lb, (const char *)src + sdt->true_lb,
               bytes);
        return;
    }
    if (ft_dt_contig(sdt)) {
        ft_dt_unpack(ddt, dst, dcount, 0, (const char *)src + sdt->true_lb,
                     bytes);
        return;
    }
    if (ft_dt_contig(ddt)) {
        ft_dt_pack(sdt, src, scount, 0, (char *)dst + ddt->true_lb, bytes);
        return;
    }
    char bounce[4096];
    for (size_t off = 0; off < bytes;) {
        size_t n = bytes - off < sizeof bounce ? bytes - off : sizeof bounce;
        ft_dt_pack(sdt, src, scount, off, bounce, n);
        ft_dt_unpack(ddt, dst, dcount, off, bounce, n);
        off += n;
    }
}

static void set_error(struct ft_sched *s, int rc)
{
    if (rc == -FT_ETRUNCATE)
        s->truncated = true;
    else if (!s->error)
        s->error = rc;
}

/* What the collective reports: the first error, else a truncation. */
static int result(const struct ft_sched *s)
{
    return s->error ? s->error : s->truncated ? -FT_ETRUNCATE : 0;
}

/* A failed member or a revoked communicator ends the collective. */
static void check_members(struct ft_sched *s)
{
    struct ft_comm *c = s->comm;
    if (c->revoked) {
        set_error(s, c->revoke_err);
        return;
    }
    if (s->eng->nfailed == s->nfailed_seen)
        return;
    s->nfailed_seen = s->eng->nfailed;
    if (ft_coll_comm_has_failed(c) ||
        (c->local && ft_coll_comm_has_failed(c->local)))
        set_error(s, -FT_EPROCFAILED);
}

static void run_local(struct ft_sched *s, struct sched_step *st)
{
    if (st->kind == ST_COPY) {
        ft_coll_copy(st->src, st->scount, st->sdt, st->dst, st->count,
                     st->dt);
        /* A rank's own block copied into a smaller one is truncated just
         * as a message would be. */
        if (st->scount * st->sdt->size > st->count * st->dt->size)
            set_error(s, -FT_ETRUNCATE);
        return;
    }
    /* ST_REDUCE */
    int rc;
    if (st->swap) {
        /* inout = inout op in: compute into in, then move it over. */
        rc = ft_op_apply(s->op, s->rdt, st->dst, (void *)st->src, st->count);
        memcpy(st->dst, st->src, st->count * s->rdt->size);
    } else {
        rc = ft_op_apply(s->op, s->rdt, st->src, st->dst, st->count);
    }
    if (rc)
        set_error(s, rc);
}

static void start_comm(struct ft_sched *s, struct sched_step *st)
{
    struct ft_request *r;
    int rc;
    if (st->kind == ST_SEND)
        rc = ft_isend(st->comm, FT_CTX_COLL, st->src, st->count, st->dt,
                      st->peer, st->tag, FT_SEND_STD, &r);
    else
        rc = ft_irecv(st->comm, FT_CTX_COLL, st->dst, st->count, st->dt,
                      st->peer, st->tag, &r);
    if (rc) {
        set_error(s, rc);
        return;
    }
    if (r->complete) {
        if (r->error)
            set_error(s, r->error);
        ft_req_release(&s->eng->reqs, r);
        return;
    }
    if (!grow((void **)&s->reqs, &s->capreqs, s->nreqs + 1,
              sizeof *s->reqs)) {
        /* Cannot track it.  Never wait here (this may run inside the
         * progress engine): take a receive back, let the engine release
         * anything else when it ends. */
        set_error(s, -ENOMEM);
        if (r->kind == FT_REQ_RECV && ft_cancel_recv(s->eng, r)) {
            ft_req_release(&s->eng->reqs, r);
        } else {
            r->user_freed = true;
            s->eng->detached++;
        }
        return;
    }
    s->reqs[s->nreqs++] = r;
}

/* Releases completed requests; returns how many are still pending. */
static int reap(struct ft_sched *s)
{
    int w = 0;
    for (int i = 0; i < s->nreqs; i++) {
        struct ft_request *r = s->reqs[i];
        if (r->complete) {
            if (r->error && !r->cancelled)
                set_error(s, r->error);
            ft_req_release(&s->eng->reqs, r);
        } else {
            s->reqs[w++] = r;
        }
    }
    s->nreqs = w;
    return w;
}

/* After an error: take back the receives (they would write into memory
 * the caller gets back); sends cannot be taken back. */
static void cancel_recvs(struct ft_sched *s)
{
    for (int i = 0; i < s->nreqs; i++)
        if (s->reqs[i]->kind == FT_REQ_RECV)
            ft_cancel_recv(s->eng, s->reqs[i]);
    reap(s);
}

/* Moves s forward.  Returns true when it has ended: every step done, or
 * failed (then only sends may still be in flight, in s->reqs). */
static bool advance(struct ft_sched *s)
{
    reap(s);
    if (!s->error)
        check_members(s);
    while (!s->error) {
        if (s->next == s->nsteps) {
            if (s->nreqs)
                return false;
            if (s->ntail == 0)
                return true;
            /* The tail runs once everything else is done. */
            for (int i = 0; i < s->ntail; i++)
                run_local(s, &s->tail[i]);
            s->ntail = 0;
            return true;
        }
        struct sched_step *st = &s->steps[s->next];
        switch (st->kind) {
        case ST_SEND:
        case ST_RECV:
            start_comm(s, st);
            break;
        case ST_FENCE:
            if (s->nreqs && reap(s))
                return false;
            break;
        default:
            run_local(s, st);
        }
        s->next++;
    }
    cancel_recvs(s);
    return true;
}

static bool sched_done(void *arg)
{
    return advance(arg);
}

static struct coll_eng *eng_state(struct ft_sched *s)
{
    return s->eng->coll;
}

/* An ended schedule with sends in flight: the engine keeps it until they
 * end, so their buffers stay valid. */
static void bury(struct ft_sched *s)
{
    s->cached = false;
    ft_list_del(&s->link);
    ft_list_push(&eng_state(s)->zombies, &s->link);
}

int ft_sched_run(struct ft_sched *s, bool *lost)
{
    *lost = false;
    int rc = ft_progress_wait(s->eng, sched_done, s);
    if (rc) {
        set_error(s, rc);
        cancel_recvs(s);
    }
    rc = result(s);
    if (s->nreqs) {
        bury(s);
        *lost = true;
    }
    return rc;
}

/* Ends a non-blocking schedule: completes the user's request. */
static void finish(struct ft_sched *s)
{
    struct ft_request *req = s->req;
    s->req = NULL;
    ft_list_del(&s->link);
    int err = result(s);
    struct ft_engine *eng = s->eng;
    struct ft_comm *comm = s->comm;
    if (s->nreqs) {
        bury(s);
    } else {
        ft_sched_free(s);
    }
    ft_req_complete(eng, req, err);
    ft_comm_release(comm); /* the schedule's reference */
}

int ft_sched_start(struct ft_sched *s, struct ft_request *req)
{
    s->req = req;
    /* One reference for the request (ft_req_release drops it), one for
     * the schedule while it runs. */
    req->comm = s->comm;
    ft_comm_retain(s->comm);
    req->ext = s;
    ft_comm_retain(s->comm);
    if (advance(s)) {
        finish(s);
        return 0;
    }
    ft_list_push(&eng_state(s)->active, &s->link);
    return 0;
}

int ft_sched_progress(struct ft_engine *eng)
{
    struct coll_eng *ce = eng->coll;
    int n = 0;
    ft_list_for_each_safe(e, &ce->active) {
        struct ft_sched *s = ft_container_of(e, struct ft_sched, link);
        int before = s->next + s->nreqs;
        if (advance(s)) {
            finish(s);
            n++;
        } else if (s->next + s->nreqs != before) {
            n++;
        }
    }
    ft_list_for_each_safe(e, &ce->zombies) {
        struct ft_sched *s = ft_container_of(e, struct ft_sched, link);
        if (reap(s) == 0) {
            ft_list_del(&s->link);
            ft_sched_free(s);
        }
    }
    return n;
}

int ft_sched_active(struct ft_engine *eng)
{
    struct coll_eng *ce = eng->coll;
    int n = 0;
    ft_list_for_each(e, &ce->active)
        n++;
    ft_list_for_each(e, &ce->zombies)
        n++;
    return n;
}
