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
    case FT_COLL_ALLTOALLW:
        *p = b + a->sdispls[i];
        *count = (size_t)a->scounts[i];
        *dt = a->sdts[i];
        return;
    case FT_COLL_ALLTOALLV:
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
    case FT_COLL_ALLTOALLV:
    case FT_COLL_GATHERV:
    case FT_COLL_ALLGATHERV:
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
    "scan", "exscan",
};

/* A non-blocking call keeps the datatypes and operation it uses alive. */
static void hold_args(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = s->comm->size;
    ft_sched_hold_dt(s, a->sdt);
    ft_sched_hold_dt(s, a->rdt);
    for (int i = 0; a->sdts && i < n; i++)
        ft_sched_hold_dt(s, a->sdts[i]);
    for (int i = 0; a->rdts && i < n; i++)
        ft_sched_hold_dt(s, a->rdts[i]);
    if (a->op)
        ft_sched_hold_op(s, a->op);
}

bool ft_coll_inter_kind(enum ft_coll_kind k)
{
    return k != FT_COLL_SCAN && k != FT_COLL_EXSCAN;
}

/* FT-MPI blank mode: comm has holes where failed members were, and
 * comm->live holds the others.  Collectives whose buffers do not depend on
 * rank numbers run among the living (a root is named by its rank in comm;
 * a root that is a hole is an error).  Those with one block per rank would
 * need the holes' blocks skipped in the user's buffers: not supported
 * yet. */
static int run_live(struct ft_comm *comm, const struct ft_coll_args *a,
                    struct ft_request **req)
{
    struct ft_coll_args b = *a;
    switch (a->kind) {
    case FT_COLL_BCAST:
    case FT_COLL_REDUCE: {
        struct ft_proc *root = comm->peers[a->root];
        b.root = ft_group_find(comm->live->group, root);
        if (b.root == FT_UNDEFINED)
            return -FT_EPROCFAILED;
        break;
    }
    case FT_COLL_BARRIER:
    case FT_COLL_ALLREDUCE:
    case FT_COLL_SCAN:
    case FT_COLL_EXSCAN:
        break;
    default:
        return -ENOSYS;
    }
    return ft_coll_run(comm->live, &b, req);
}

int ft_coll_run(struct ft_comm *comm, const struct ft_coll_args *a,
                struct ft_request **req)
{
    struct ft_engine *eng = comm->eng;
    bool inter = ft_comm_is_inter(comm);
    if (inter && !ft_coll_inter_kind(a->kind))
        return -ENOSYS;
    if (!inter && comm->live)
        return run_live(comm, a, req);
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
