#include "ft/ft.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/list.h"
#include "base/log.h"
#include "core/comm.h"
#include "core/group.h"
#include "core/pt2pt.h"
#include "runtime/proto.h"

/* An agreement or shrink waiting for the hub's decision. */
struct agree_op {
    struct ft_list link;
    uint32_t kind, seq;
    struct ft_comm *comm;
    int *flag;
    struct ft_comm **newcomm;
    struct ft_request *req;
};

struct ft_state {
    struct ft_engine *eng;
    struct ft_list pending; /* struct agree_op */
};

int ft_ft_failed(const struct ft_comm *comm, struct ft_proc **out, int max)
{
    struct ft_engine *eng = comm->eng;
    int n = 0;
    for (int i = 0; i < eng->nfailed; i++) {
        if (!ft_comm_has(comm, eng->failed[i]))
            continue;
        if (n < max)
            out[n] = eng->failed[i];
        n++;
    }
    return n;
}

int ft_ft_ack(struct ft_comm *comm, int num)
{
    if (num < 0 || num > comm->nfailed)
        num = comm->nfailed;
    if (num > comm->nacked)
        comm->nacked = num;
    return comm->nacked;
}

static void revoke_here(struct ft_comm *comm)
{
    if (comm->revoked)
        return;
    comm->revoked = true;
    ft_pt2pt_comm_revoked(comm->eng, comm);
}

int ft_ft_revoke(struct ft_comm *comm)
{
    revoke_here(comm);
    return ft_client_revoke(&comm->eng->client, comm->ctx, comm->cid);
}

static void on_revoked(void *arg, uint32_t ctx, uint32_t cid)
{
    struct ft_engine *eng = arg;
    if ((ctx >> 1) >= FT_CTX_PAIRS)
        return;
    struct ft_ctx *cx = eng->ctx[ctx >> 1];
    if (cx && cx->comm && cx->comm->cid == cid) {
        revoke_here(cx->comm);
        return;
    }
    /* Not made here yet: remember, so it is born revoked. */
    void *p = realloc(eng->early_revoked,
                      (size_t)(eng->nearly_revoked + 1) *
                          sizeof *eng->early_revoked);
    if (!p)
        return;
    eng->early_revoked = p;
    eng->early_revoked[eng->nearly_revoked].ctx = ctx;
    eng->early_revoked[eng->nearly_revoked].cid = cid;
    eng->nearly_revoked++;
}

/* Builds the shrunken communicator: comm's group without the dead. */
static int build_shrunk(struct agree_op *op, const int *dead, int ndead,
                        uint32_t newctx)
{
    struct ft_comm *c = op->comm;
    if (newctx == UINT32_MAX)
        return -EMFILE;
    struct ft_group *g = c->group;
    struct ft_proc **procs = malloc((size_t)(g->size ? g->size : 1) *
                                    sizeof *procs);
    if (!procs)
        return -ENOMEM;
    int n = 0;
    for (int i = 0; i < g->size; i++) {
        bool gone = false;
        for (int k = 0; k < ndead && !gone; k++)
            gone = g->procs[i]->world_rank == dead[k];
        if (!gone)
            procs[n++] = g->procs[i];
    }
    struct ft_group *ng = ft_group_new(procs, n, c->eng->self);
    free(procs);
    if (!ng)
        return -ENOMEM;
    return ft_comm_new_with_ctx(c, ng, newctx, op->newcomm);
}

static void finish_op(struct ft_engine *eng, struct agree_op *op, int err)
{
    ft_list_del(&op->link);
    struct ft_request *req = op->req;
    ft_comm_release(op->comm);
    free(op);
    req->ext = NULL;
    ft_req_complete(eng, req, err);
}

static void on_agreed(void *arg, const struct ft_agreed *a)
{
    struct ft_engine *eng = arg;
    struct ft_state *st = eng->ft;
    ft_list_for_each(e, &st->pending) {
        struct agree_op *op = ft_container_of(e, struct agree_op, link);
        if (op->comm->ctx != a->ctx || op->comm->cid != a->cid ||
            op->seq != a->seq)
            continue;
        int err = 0;
        if (op->kind == FT_AGREE_FLAG) {
            *op->flag = (int)a->flag;
            err = a->failed ? -FT_EPROCFAILED : 0;
        } else {
            err = build_shrunk(op, a->dead, a->ndead, a->newctx);
        }
        finish_op(eng, op, err);
        return;
    }
    ft_log(FT_LOG_WARN, "an agreement answer matches no pending agreement");
}

static int start(struct ft_comm *comm, uint32_t kind, int *flag,
                 struct ft_comm **newcomm, struct ft_request **out)
{
    struct ft_engine *eng = comm->eng;
    struct ft_state *st = eng->ft;
    struct ft_request *req = ft_req_alloc(&eng->reqs, FT_REQ_COLL);
    struct agree_op *op = calloc(1, sizeof *op);
    if (!req || !op) {
        free(op);
        if (req)
            ft_req_release(&eng->reqs, req);
        return -ENOMEM;
    }
    op->kind = kind;
    op->seq = comm->agree_seq++;
    op->comm = comm;
    op->flag = flag;
    op->newcomm = newcomm;
    op->req = req;
    req->comm = comm;
    req->ext = op;
    ft_comm_retain(comm);
    ft_list_push(&st->pending, &op->link);
    *out = req;

    /* What we send: members, the failures we acknowledged, free ids. */
    int nl = comm->group->size, nr = comm->rgroup ? comm->rgroup->size : 0;
    int *local = malloc((size_t)(nl + nr + comm->nfailed + 1) * sizeof(int));
    struct ft_proc **failed =
        malloc((size_t)(comm->nfailed + 1) * sizeof *failed);
    if (!local || !failed) {
        free(local);
        free(failed);
        finish_op(eng, op, -ENOMEM);
        return 0;
    }
    int *remote = local + nl, *acked = remote + nr;
    for (int i = 0; i < nl; i++)
        local[i] = comm->group->procs[i]->world_rank;
    for (int i = 0; i < nr; i++)
        remote[i] = comm->rgroup->procs[i]->world_rank;
    int nf = ft_ft_failed(comm, failed, comm->nfailed);
    int nacked = comm->nacked < nf ? comm->nacked : nf;
    for (int i = 0; i < nacked; i++)
        acked[i] = failed[i]->world_rank;
    free(failed);

    if (eng->client.singleton) {
        /* Alone: nothing to agree with. */
        struct ft_agreed a = {.ctx = comm->ctx, .cid = comm->cid,
                              .seq = op->seq, .flag = (uint32_t)*flag};
        if (kind == FT_AGREE_SHRINK) {
            a.newctx = UINT32_MAX;
            for (int w = 0; w < FT_CTX_PAIRS / 64 && a.newctx == UINT32_MAX;
                 w++)
                if (eng->ctx_free[w])
                    a.newctx = (uint32_t)(w * 64 +
                                          __builtin_ctzll(eng->ctx_free[w])) *
                               2;
        }
        free(local);
        on_agreed(eng, &a);
        return 0;
    }
    int rc = ft_client_agree(&eng->client, comm->ctx, comm->cid, op->seq,
                             kind, flag ? (uint32_t)*flag : UINT32_MAX, local,
                             nl, remote, nr, acked, nacked, eng->ctx_free);
    free(local);
    if (rc)
        finish_op(eng, op, rc);
    return 0;
}

int ft_ft_iagree(struct ft_comm *comm, int *flag, struct ft_request **out)
{
    return start(comm, FT_AGREE_FLAG, flag, NULL, out);
}

int ft_ft_ishrink(struct ft_comm *comm, struct ft_comm **newcomm,
                  struct ft_request **out)
{
    *newcomm = NULL;
    return start(comm, FT_AGREE_SHRINK, NULL, newcomm, out);
}

int ft_ft_init(struct ft_engine *eng)
{
    struct ft_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    st->eng = eng;
    ft_list_init(&st->pending);
    eng->ft = st;
    struct ft_client_events ev = eng->client.ev;
    ev.revoked = on_revoked;
    ev.agreed = on_agreed;
    ft_client_set_events(&eng->client, &ev, eng);
    return 0;
}

void ft_ft_fini(struct ft_engine *eng)
{
    struct ft_state *st = eng->ft;
    if (!st)
        return;
    while (!ft_list_empty(&st->pending))
        finish_op(eng, ft_container_of(st->pending.next, struct agree_op, link),
                  -FT_ECANCELLED);
    free(st);
    eng->ft = NULL;
}
