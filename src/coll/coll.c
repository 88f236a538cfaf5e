/*
 * coll.c -- the entry of the collective layer: its state in the engine
 * and in communicators, and running a call with the algorithm the table
 * picks.
 */
#include "coll/coll.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "base/err.h"
#include "base/log.h"
#include "base/param.h"
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/group.h"
#include "core/op.h"
#include "core/proc.h"
#include "core/pt2pt.h"
#include "core/request.h"

/* ---- state ------------------------------------------------------------ */

static int coll_hook(struct ft_hook *h)
{
    struct coll_eng *ce = ft_container_of(h, struct coll_eng, hook);
    int n = 0;
    if (!ft_list_empty(&ce->active) || !ft_list_empty(&ce->zombies))
        n += ft_sched_progress(ce->eng);
    if (ce->shm)
        n += ft_coll_shm_progress(ce);
    return n;
}

int ft_coll_init(struct ft_engine *eng)
{
    struct coll_eng *ce = calloc(1, sizeof *ce);
    if (!ce)
        return -ENOMEM;
    ce->eng = eng;
    ft_list_init(&ce->active);
    ft_list_init(&ce->zombies);
    ce->force_alg = (int)ft_param(FT_P_COLL_ALG);
    int rc = ft_coll_shm_init(ce);
    if (rc) {
        free(ce);
        return rc;
    }
    ce->hook.fn = coll_hook;
    ft_hook_add(eng, &ce->hook);
    eng->coll = ce;
    return 0;
}

void ft_coll_fini(struct ft_engine *eng)
{
    struct coll_eng *ce = eng->coll;
    if (!ce)
        return;
    ft_hook_del(&ce->hook);
    /* What is cached on communicators still alive (the predefined ones,
     * and any the program did not free). */
    for (int i = 0; i < FT_CTX_PAIRS; i++)
        if (eng->ctx[i] && eng->ctx[i]->comm)
            ft_coll_comm_free(eng->ctx[i]->comm);
    /* Schedules still here wait for sends that will never end (their
     * peers left); their requests go with the engine. */
    struct ft_list *e;
    while ((e = ft_list_pop(&ce->zombies)))
        ft_sched_free(ft_container_of(e, struct ft_sched, link));
    ft_coll_shm_fini(ce);
    free(ce);
    eng->coll = NULL;
}

struct coll_comm *ft_coll_comm(struct ft_comm *comm)
{
    if (comm->coll)
        return comm->coll;
    struct coll_comm *cc = calloc(1, sizeof *cc);
    if (!cc)
        return NULL;
    struct coll_eng *ce = comm->eng->coll;
    /* Shared memory serves a communicator whose members all live on our
     * host (an intercommunicator never). */
    if (ce && ce->shm && comm->size >= 2 && !ft_comm_is_inter(comm)) {
        cc->local = malloc((size_t)comm->size);
        bool ok = cc->local != NULL;
        int node = comm->eng->self->node;
        for (int r = 0; ok && r < comm->size; r++) {
            struct ft_proc *p = comm->peers[r];
            if (p->node != node || p->local < 0 || p->local >= 64) {
                ok = false;
                break;
            }
            cc->local[r] = (uint8_t)p->local;
            cc->shm_all |= 1ull << p->local;
        }
        cc->shm = ok;
    }
    comm->coll = cc;
    return cc;
}

void ft_coll_comm_free(struct ft_comm *comm)
{
    struct coll_comm *cc = comm->coll;
    if (!cc)
        return;
    if (cc->sched)
        ft_sched_free(cc->sched);
    free(cc->local);
    free(cc);
    comm->coll = NULL;
}

bool ft_coll_comm_has_failed(struct ft_comm *comm)
{
    if (comm->eng->nfailed == 0)
        return false;
    for (int r = 0; r < comm->npeers; r++)
        if (ft_proc_failed(comm->peers[r]))
            return true;
    return false;
}

struct ft_datatype *ft_coll_bytes(void)
{
    return ft_dt_basic_type(FT_B_BYTE);
}

/* ---- helpers for builders --------------------------------------------- */

const void *ft_coll_view_in(struct ft_sched *s, const void *buf, size_t count,
                            struct ft_datatype *dt)
{
    if (ft_dt_contig(dt))
        return (const char *)buf + dt->true_lb;
    size_t bytes = count * dt->size;
    void *t = ft_sched_tmp(s, bytes);
    ft_dt_pack(dt, buf, count, 0, t, bytes);
    return t;
}

void *ft_coll_view_out(struct ft_sched *s, void *buf, size_t count,
                       struct ft_datatype *dt, bool copy_in)
{
    if (ft_dt_contig(dt))
        return (char *)buf + dt->true_lb;
    size_t bytes = count * dt->size;
    void *t = ft_sched_tmp(s, bytes);
    if (copy_in)
        ft_dt_pack(dt, buf, count, 0, t, bytes);
    ft_sched_copy_at_end(s, t, bytes, ft_coll_bytes(), buf, count, dt);
    return t;
}

static ptrdiff_t ext(const struct ft_datatype *dt)
{
    return dt->ub - dt->lb;
}

void ft_coll_sblock(const struct ft_coll_args *a, int i, const void **p,
                    size_t *count, struct ft_datatype **dt)
{
    const char *b = a->sbuf;
    switch (a->kind) {
    case FT_COLL_NEIGHBOR_ALLGATHER:
    case FT_COLL_NEIGHBOR_ALLGATHERV:
        *p = b; /* the same block to every neighbor */
        *count = a->scount;
        *dt = a->sdt;
        return;
    case FT_COLL_ALLTOALLW:
        *p = b + a->sdispls[i];
        *count = (size_t)a->scounts[i];
        *dt = a->sdts[i];
        return;
    case FT_COLL_NEIGHBOR_ALLTOALLW:
        *p = b + a->sbdispls[i];
        *count = (size_t)a->scounts[i];
        *dt = a->sdts[i];
        return;
    case FT_COLL_ALLTOALLV:
    case FT_COLL_NEIGHBOR_ALLTOALLV:
    case FT_COLL_SCATTERV:
        *p = b + (ptrdiff_t)a->sdispls[i] * ext(a->sdt);
        *count = (size_t)a->scounts[i];
        *dt = a->sdt;
        return;
    default:
        *p = b + (ptrdiff_t)i * (ptrdiff_t)a->scount * ext(a->sdt);
        *count = a->scount;
        *dt = a->sdt;
    }
}

void ft_coll_rblock(const struct ft_coll_args *a, int i, void **p,
                    size_t *count, struct ft_datatype **dt)
{
    char *b = a->rbuf;
    switch (a->kind) {
    case FT_COLL_ALLTOALLW:
        *p = b + a->rdispls[i];
        *count = (size_t)a->rcounts[i];
        *dt = a->rdts[i];
        return;
    case FT_COLL_NEIGHBOR_ALLTOALLW:
        *p = b + a->rbdispls[i];
        *count = (size_t)a->rcounts[i];
        *dt = a->rdts[i];
        return;
    case FT_COLL_ALLTOALLV:
    case FT_COLL_GATHERV:
    case FT_COLL_ALLGATHERV:
    case FT_COLL_NEIGHBOR_ALLTOALLV:
    case FT_COLL_NEIGHBOR_ALLGATHERV:
        *p = b + (ptrdiff_t)a->rdispls[i] * ext(a->rdt);
        *count = (size_t)a->rcounts[i];
        *dt = a->rdt;
        return;
    default:
        *p = b + (ptrdiff_t)i * (ptrdiff_t)a->rcount * ext(a->rdt);
        *count = a->rcount;
        *dt = a->rdt;
    }
}

/* ---- running a call --------------------------------------------------- */

static const char *const kind_names[FT_COLL_NKINDS] = {
    "barrier", "bcast", "reduce", "allreduce", "gather", "gatherv",
    "scatter", "scatterv", "allgather", "allgatherv", "alltoall",
    "alltoallv", "alltoallw", "reduce_scatter", "reduce_scatter_block",
    "scan", "exscan", "neighbor_allgather", "neighbor_allgatherv",
    "neighbor_alltoall", "neighbor_alltoallv", "neighbor_alltoallw",
};

/* A non-blocking call keeps the datatypes and operation it uses alive. */
static void hold_args(struct ft_sched *s, const struct ft_coll_args *a)
{
    /* Alltoallw has a type per peer, its neighborhood form per
     * neighbor. */
    bool nb = ft_coll_neighbor_kind(a->kind);
    int ns = nb ? a->nout : s->comm->size, nr = nb ? a->nin : s->comm->size;
    ft_sched_hold_dt(s, a->sdt);
    ft_sched_hold_dt(s, a->rdt);
    for (int i = 0; a->sdts && i < ns; i++)
        ft_sched_hold_dt(s, a->sdts[i]);
    for (int i = 0; a->rdts && i < nr; i++)
        ft_sched_hold_dt(s, a->rdts[i]);
    if (a->op)
        ft_sched_hold_op(s, a->op);
}

bool ft_coll_inter_kind(enum ft_coll_kind k)
{
    return k != FT_COLL_SCAN && k != FT_COLL_EXSCAN &&
           !ft_coll_neighbor_kind(k);
}

bool ft_coll_neighbor_kind(enum ft_coll_kind k)
{
    return k >= FT_COLL_NEIGHBOR_ALLGATHER && k <= FT_COLL_NEIGHBOR_ALLTOALLW;
}

/* Blank mode, neighborhood collectives: the neighbors become ranks of
 * comm->live, and a hole is no neighbor at all (as in point-to-point,
 * where a hole acts as MPI_PROC_NULL). */
static int run_live_neighbor(struct ft_comm *comm,
                             const struct ft_coll_args *a,
                             struct ft_request **req)
{
    struct ft_comm *live = comm->live;
    int n = a->nin + a->nout;
    int *map = malloc((n ? (size_t)n : 1) * sizeof *map);
    if (!map)
        return -ENOMEM;
    for (int i = 0; i < n; i++) {
        int r = i < a->nin ? a->in[i] : a->out[i - a->nin];
        map[i] = r == FT_PROC_NULL || comm->peers[r]->hole
                     ? FT_PROC_NULL
                     : ft_group_find(live->group, comm->peers[r]);
    }
    struct ft_coll_args b = *a;
    b.in = map;
    b.out = map + a->nin;
    int rc = ft_coll_run(live, &b, req);
    free(map);
    return rc;
}

/* FT-MPI blank mode: comm has holes where failed members were, and
 * comm->live holds the others.  Collectives run among the living; a root
 * is named by its rank in comm (a root that is a hole is an error).  The
 * forms with one block per rank become their v forms over comm->live,
 * with each living member's block where its rank in comm puts it: the
 * holes' blocks are neither sent nor touched.  The arrays made here are
 * read only while the collective is built, so they go at once, also for
 * non-blocking calls. */
struct remap {
    int *b;                      /* rank in comm of each living member */
    int *sc, *sd, *rc, *rd;      /* counts and displacements, per living */
    struct ft_datatype **st, **rt;
    void *tmp;                   /* reduce-scatter: the living's blocks */
};

static void remap_free(struct remap *m)
{
    free(m->b);
    free(m->sc);
    free(m->st);
    free(m->rt);
    free(m->tmp);
}

/* counts/displs per rank of comm -> per living member (uniform when the
 * array is NULL: count c each, displacement rank * c). */
static void per_live(const struct remap *m, int n, const int *counts,
                     const int *displs, size_t c, int *outc, int *outd)
{
    for (int i = 0; i < n; i++) {
        outc[i] = counts ? counts[m->b[i]] : (int)c;
        outd[i] = displs ? displs[m->b[i]] : m->b[i] * (int)c;
    }
}

static int run_live(struct ft_comm *comm, const struct ft_coll_args *a,
                    struct ft_request **req)
{
    struct ft_comm *live = comm->live;
    struct ft_coll_args b = *a;
    struct remap m = {0};
    int n = live->size, rc = 0;
    if (a->kind == FT_COLL_BCAST || a->kind == FT_COLL_REDUCE ||
        a->kind == FT_COLL_GATHER || a->kind == FT_COLL_GATHERV ||
        a->kind == FT_COLL_SCATTER || a->kind == FT_COLL_SCATTERV) {
        b.root = ft_group_find(live->group, comm->peers[a->root]);
        if (b.root == FT_UNDEFINED)
            return -FT_EPROCFAILED;
    }
    switch (a->kind) {
    case FT_COLL_BCAST:
    case FT_COLL_REDUCE:
    case FT_COLL_BARRIER:
    case FT_COLL_ALLREDUCE:
    case FT_COLL_SCAN:
    case FT_COLL_EXSCAN:
        return ft_coll_run(live, &b, req);
    default:
        break;
    }
    m.b = malloc((size_t)n * sizeof *m.b);
    m.sc = malloc((size_t)n * 4 * sizeof *m.sc);
    if (!m.b || !m.sc) {
        remap_free(&m);
        return -ENOMEM;
    }
    m.sd = m.sc + n;
    m.rc = m.sd + n;
    m.rd = m.rc + n;
    for (int i = 0; i < n; i++)
        m.b[i] = ft_group_find(comm->group, live->group->procs[i]);
    switch (a->kind) {
    case FT_COLL_GATHER:
    case FT_COLL_GATHERV:
    case FT_COLL_ALLGATHER:
    case FT_COLL_ALLGATHERV:
        per_live(&m, n, a->rcounts, a->rdispls, a->rcount, m.rc, m.rd);
        b.rcounts = m.rc;
        b.rdispls = m.rd;
        b.kind = a->kind == FT_COLL_GATHER || a->kind == FT_COLL_GATHERV
                     ? FT_COLL_GATHERV
                     : FT_COLL_ALLGATHERV;
        break;
    case FT_COLL_SCATTER:
    case FT_COLL_SCATTERV:
        per_live(&m, n, a->scounts, a->sdispls, a->scount, m.sc, m.sd);
        b.scounts = m.sc;
        b.sdispls = m.sd;
        b.kind = FT_COLL_SCATTERV;
        break;
    case FT_COLL_ALLTOALL:
    case FT_COLL_ALLTOALLV:
    case FT_COLL_ALLTOALLW:
        per_live(&m, n, a->scounts, a->sdispls, a->scount, m.sc, m.sd);
        per_live(&m, n, a->rcounts, a->rdispls, a->rcount, m.rc, m.rd);
        b.scounts = m.sc;
        b.sdispls = m.sd;
        b.rcounts = m.rc;
        b.rdispls = m.rd;
        if (a->kind == FT_COLL_ALLTOALLW) {
            m.st = malloc((size_t)n * sizeof *m.st);
            m.rt = malloc((size_t)n * sizeof *m.rt);
            if (!m.st || !m.rt) {
                rc = -ENOMEM;
                break;
            }
            for (int i = 0; i < n; i++) {
                m.st[i] = a->sdts[m.b[i]];
                m.rt[i] = a->rdts[m.b[i]];
            }
            b.sdts = m.st;
            b.rdts = m.rt;
        } else {
            b.kind = FT_COLL_ALLTOALLV;
        }
        break;
    case FT_COLL_REDUCE_SCATTER:
    case FT_COLL_REDUCE_SCATTER_BLOCK: {
        /* The send buffer holds a block for every rank of comm; the
         * living reduce only theirs, copied out in their order.  A
         * non-blocking call hands the copy to its schedule. */
        const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
        size_t ext = ft_dt_extent(a->rdt), total = 0;
        int *starts = m.sd; /* start of each living's block, in elements */
        /* Element offset of each rank's block in the full vector. */
        int *off = malloc((size_t)comm->size * sizeof *off);
        if (!off) {
            rc = -ENOMEM;
            break;
        }
        int acc = 0;
        for (int r = 0; r < comm->size; r++) {
            off[r] = acc;
            acc += a->rcounts ? a->rcounts[r] : (int)a->rcount;
        }
        for (int i = 0; i < n; i++) {
            m.rc[i] = a->rcounts ? a->rcounts[m.b[i]] : (int)a->rcount;
            starts[i] = off[m.b[i]];
            total += (size_t)m.rc[i];
        }
        m.tmp = malloc(total * ext > 0 ? total * ext : 1);
        if (!m.tmp) {
            free(off);
            rc = -ENOMEM;
            break;
        }
        size_t at = 0;
        for (int i = 0; i < n; i++) {
            size_t bytes = (size_t)m.rc[i] * ext;
            memcpy((char *)m.tmp + at, (const char *)src + (size_t)starts[i] *
                                                                ext,
                   bytes);
            at += bytes;
        }
        free(off);
        b.sbuf = m.tmp;
        b.sdt = a->rdt;
        b.own = &m.tmp;
        if (a->kind == FT_COLL_REDUCE_SCATTER)
            b.rcounts = m.rc;
        break;
    }
    default:
        rc = -ENOSYS;
    }
    if (rc == 0)
        rc = ft_coll_run(live, &b, req);
    remap_free(&m);
    return rc;
}

int ft_coll_run(struct ft_comm *comm, const struct ft_coll_args *a,
                struct ft_request **req)
{
    struct ft_engine *eng = comm->eng;
    bool inter = ft_comm_is_inter(comm);
    if (inter && !ft_coll_inter_kind(a->kind))
        return -ENOSYS;
    if (!inter && comm->live)
        return ft_coll_neighbor_kind(a->kind)
                   ? run_live_neighbor(comm, a, req)
                   : run_live(comm, a, req);
    struct coll_comm *cc = ft_coll_comm(comm);
    if (!cc)
        return -ENOMEM;
    /* Every call takes its sequence number, whatever becomes of it, so
     * the members' numbers stay in step. */
    int seq = ft_coll_next_tag(comm);
    if (comm->revoked)
        return comm->revoke_err;
    if (ft_coll_comm_has_failed(comm) ||
        (inter && ft_coll_comm_has_failed(comm->local)))
        return -FT_EPROCFAILED;
    ft_coll_build_fn build = ft_build_inter;
    ft_coll_shm_fn shm = NULL;
    const char *name = "intercommunicator";
    if (!inter && ft_coll_select(comm, a, req == NULL, &build, &shm, &name))
        return -ENOSYS;
    ft_debug("%s%s on %s (%d ranks): %s", req ? "non-blocking " : "",
             kind_names[a->kind], comm->name[0] ? comm->name : "a communicator",
             comm->size, name);
    if (shm)
        return shm(comm, a, (uint64_t)comm->ctx << 32 | (uint32_t)seq);

    struct ft_sched *s;
    if (!req && cc->sched) {
        s = cc->sched;
        cc->sched = NULL;
    } else {
        s = ft_sched_new(comm);
        if (!s)
            return -ENOMEM;
    }
    s->tag = seq;
    ft_sched_use(s, comm, seq);
    s->op = a->op;
    s->rdt = a->rdt;
    if (req)
        hold_args(s, a);
    int rc = build(s, a);
    if (!rc)
        rc = s->error;
    if (rc) {
        if (req) {
            ft_sched_free(s);
        } else {
            ft_sched_reset(s);
            cc->sched = s;
        }
        return rc;
    }
    if (!req) {
        bool lost;
        rc = ft_sched_run(s, &lost);
        if (!lost) {
            ft_sched_reset(s);
            if (comm->coll == cc && !cc->sched)
                cc->sched = s;
            else
                ft_sched_free(s);
        }
        return rc;
    }
    struct ft_request *r = ft_req_alloc(&eng->reqs, FT_REQ_COLL);
    if (!r) {
        ft_sched_free(s);
        return -ENOMEM;
    }
    *req = r;
    if (a->own) {
        s->held_mem = *a->own;
        *a->own = NULL;
    }
    return ft_sched_start(s, r);
}

const char *ft_coll_algorithm(struct ft_comm *comm,
                              const struct ft_coll_args *a)
{
    ft_coll_build_fn build;
    ft_coll_shm_fn shm;
    const char *name = "none";
    if (!ft_coll_comm(comm))
        return name;
    ft_coll_select(comm, a, true, &build, &shm, &name);
    return name;
}
