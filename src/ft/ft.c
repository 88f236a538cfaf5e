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

extern struct ft_comm ftmpi_comm_world;

/* An agreement, shrink or recovery waiting for the hub's decision. */
struct agree_op {
    struct ft_list link;
    uint32_t kind, seq, cid;
    struct ft_comm *comm;
    int *flag;
    struct ft_comm **newcomm;
    struct ft_request *req;
};

struct ft_state {
    struct ft_engine *eng;
    enum ft_recovery mode;
    bool ftmpi; /* an FT-MPI mode (blank, shrink, rebuild), not ULFM */
    struct ft_list pending; /* struct agree_op */
};

enum ft_recovery ft_ft_mode(const struct ft_engine *eng)
{
    return ((const struct ft_state *)eng->ft)->mode;
}

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

/* ---- revocation -------------------------------------------------------- */

/* Makes every operation on comm fail with err, now and until recovery. */
static void break_comm(struct ft_comm *comm, int err)
{
    if (comm->revoked)
        return;
    comm->revoked = true;
    comm->revoke_err = err;
    ft_pt2pt_comm_revoked(comm->eng, comm);
    /* An intercommunicator's collectives also use its local half. */
    if (comm->local)
        break_comm(comm->local, err);
}

static void revoke_here(struct ft_comm *comm)
{
    break_comm(comm, -FT_EREVOKED);
}

/* FT-MPI: a failure is propagated to every communicator the dead process
 * belonged to.  Operations on them fail, pending ones at once, so that
 * every survivor -- also one that never talks to the dead -- stops and
 * recovers. */
static void on_failure(struct ft_engine *eng, struct ft_proc *p)
{
    struct ft_state *st = eng->ft;
    if (!st->ftmpi)
        return;
    for (int i = 0; i < FT_CTX_PAIRS; i++) {
        struct ft_ctx *cx = eng->ctx[i];
        if (cx && cx->comm && ft_comm_has(cx->comm, p))
            break_comm(cx->comm, -FT_EPROCFAILED);
    }
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

/* ---- results ----------------------------------------------------------- */

static bool is_dead(const struct ft_agreed *a, const struct ft_proc *p)
{
    for (int k = 0; k < a->ndead; k++)
        if (p->world_rank == a->dead[k])
            return true;
    return false;
}

/* The members of group g after the agreement: the dead dropped, or left
 * as holes in blank mode. */
static struct ft_group *survivors_of(struct ft_engine *eng, struct ft_group *g,
                                     const struct ft_agreed *a, bool holes)
{
    struct ft_proc **procs =
        malloc((size_t)(g->size ? g->size : 1) * sizeof *procs);
    if (!procs)
        return NULL;
    int n = 0;
    for (int i = 0; i < g->size; i++) {
        struct ft_proc *p = g->procs[i];
        /* Only the hub's word counts: a member that contributed and died
         * since is still in (operations on it will fail), because some
         * members may already know of that death and others not yet, and
         * the result must be the same everywhere. */
        if (p->hole || is_dead(a, p)) {
            if (holes)
                procs[n++] = &eng->hole;
        } else {
            procs[n++] = p;
        }
    }
    struct ft_group *ng = ft_group_new(procs, n, eng->self);
    free(procs);
    return ng;
}

static struct ft_group *survivors(struct ft_comm *c, const struct ft_agreed *a,
                                  bool holes)
{
    return survivors_of(c->eng, c->group, a, holes);
}

static int build_shrunk(struct agree_op *op, const struct ft_agreed *a)
{
    struct ft_comm *c = op->comm;
    if (a->nctx < (c->rgroup ? 2u : 1u))
        return -EMFILE;
    struct ft_group *g = survivors(c, a, false);
    if (!g)
        return -ENOMEM;
    if (!c->rgroup)
        return ft_comm_new_with_ctx(c, g, a->ctx_ids[0], op->newcomm);
    /* Both sides agreed in one agreement: they shrink together. */
    struct ft_group *rg = survivors_of(c->eng, c->rgroup, a, false);
    if (!rg) {
        ft_group_release(g);
        return -ENOMEM;
    }
    return ft_comm_new_inter_with_ctx(c, g, rg, a->ctx_ids[0], a->ctx_ids[1],
                                      op->newcomm);
}

/* FT-MPI recovery.  MPI_COMM_WORLD is repaired in place (rebuilt to full
 * size with the new incarnations, blanked, or shrunk, by mode) and the
 * caller gets a fresh communicator over it; any other communicator gives
 * a new one of its survivors. */
static int build_recovered(struct agree_op *op, const struct ft_agreed *a)
{
    struct ft_comm *c = op->comm;
    struct ft_engine *eng = c->eng;
    enum ft_recovery mode = ft_ft_mode(eng);
    bool world = c == &ftmpi_comm_world;
    bool holes = mode == FT_RECOVER_BLANK;
    uint32_t need = (world ? 2u : 1u) * (holes ? 2u : 1u);
    if (a->nctx < need)
        return -EMFILE;
    if (world && a->epochs) {
        for (int r = 0; r < eng->size; r++) {
            struct ft_proc *p = &eng->procs[r];
            if (p != eng->self && a->epochs[r] != p->epoch && !is_dead(a, p))
                ft_engine_proc_revive(eng, p, a->epochs[r]);
        }
    }
    struct ft_group *g = survivors(c, a, holes);
    struct ft_group *live = holes ? survivors(c, a, false) : NULL;
    if (!g || (holes && !live)) {
        if (g)
            ft_group_release(g);
        return -ENOMEM;
    }
    const uint32_t *ids = a->ctx_ids;
    int rc = 0;
    if (world) {
        ft_group_retain(g);
        rc = ft_comm_reset(c, g, *ids++);
        if (rc) {
            ft_group_release(g);
            ft_group_release(g);
            if (live)
                ft_group_release(live);
            return rc;
        }
        if (c->live) {
            ft_comm_release(c->live);
            c->live = NULL;
        }
        if (holes) {
            ft_group_retain(live);
            rc = ft_comm_new_with_ctx(c, live, *ids++, &c->live);
        }
    }
    if (rc == 0)
        rc = ft_comm_new_with_ctx(c, g, *ids++, op->newcomm);
    else
        ft_group_release(g);
    if (rc == 0 && holes)
        rc = ft_comm_new_with_ctx(c, live, *ids++, &(*op->newcomm)->live);
    else if (live)
        ft_group_release(live);
    return rc;
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
        if (op->cid != a->cid)
            continue;
        /* World recovery is named by its cid alone (see hub_ft.c). */
        if (!(op->kind == FT_AGREE_RECOVER && op->cid == FT_CID_WORLD) &&
            (op->comm->ctx != a->ctx || op->seq != a->seq))
            continue;
        int err = 0;
        if (op->kind == FT_AGREE_FLAG) {
            *op->flag = (int)a->flag;
            err = a->failed ? -FT_EPROCFAILED : 0;
        } else if (op->kind == FT_AGREE_SHRINK) {
            err = build_shrunk(op, a);
        } else {
            err = build_recovered(op, a);
        }
        finish_op(eng, op, err);
        return;
    }
    ft_log(FT_LOG_WARN, "an agreement answer matches no pending agreement");
}

/* ---- starting ---------------------------------------------------------- */

/* The lowest n context ids free here (for a process alone). */
static uint32_t local_ids(struct ft_engine *eng, uint32_t *ids, uint32_t n)
{
    uint32_t got = 0;
    for (int w = 0; w < FT_CTX_PAIRS / 64 && got < n; w++) {
        uint64_t m = eng->ctx_free[w];
        while (m && got < n) {
            ids[got++] = (uint32_t)(w * 64 + __builtin_ctzll(m)) * 2;
            m &= m - 1;
        }
    }
    return got;
}

static int start(struct ft_comm *comm, uint32_t kind, int *flag,
                 struct ft_comm **newcomm, struct ft_request **out)
{
    struct ft_engine *eng = comm->eng;
    struct ft_state *st = eng->ft;
    bool world = comm == &ftmpi_comm_world;
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
    op->cid = kind == FT_AGREE_RECOVER && world ? FT_CID_WORLD : comm->cid;
    op->comm = comm;
    op->flag = flag;
    op->newcomm = newcomm;
    op->req = req;
    req->comm = comm;
    req->ext = op;
    ft_comm_retain(comm); /* the request's, dropped by ft_req_release */
    ft_comm_retain(comm); /* the operation's, dropped by finish_op */
    ft_list_push(&st->pending, &op->link);
    *out = req;
    uint32_t nctx = kind == FT_AGREE_FLAG     ? 0
                    : kind == FT_AGREE_SHRINK ? (comm->rgroup ? 2 : 1)
                    : world                   ? 2
                                              : 1;
    if (kind == FT_AGREE_RECOVER && st->mode == FT_RECOVER_BLANK)
        nctx *= 2; /* each blank communicator has a live shadow */

    /* What we send: members, the failures we acknowledged, free ids.  A
     * world recovery lists every world rank: replacements are members. */
    int nl = world && kind == FT_AGREE_RECOVER ? eng->size : comm->group->size;
    int nr = comm->rgroup ? comm->rgroup->size : 0;
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
    int nl2 = 0;
    if (world && kind == FT_AGREE_RECOVER) {
        for (int i = 0; i < nl; i++)
            local[nl2++] = i;
    } else {
        for (int i = 0; i < comm->group->size; i++)
            if (!comm->group->procs[i]->hole)
                local[nl2++] = comm->group->procs[i]->world_rank;
    }
    for (int i = 0; i < nr; i++)
        remote[i] = comm->rgroup->procs[i]->world_rank;
    int nf = ft_ft_failed(comm, failed, comm->nfailed);
    int nacked = comm->nacked < nf ? comm->nacked : nf;
    for (int i = 0; i < nacked; i++)
        acked[i] = failed[i]->world_rank;
    free(failed);

    if (eng->client.singleton) {
        /* Alone: nothing to agree with. */
        struct ft_agreed a = {.ctx = comm->ctx, .cid = op->cid,
                              .seq = op->seq,
                              .flag = flag ? (uint32_t)*flag : 0};
        a.nctx = local_ids(eng, a.ctx_ids, nctx);
        free(local);
        on_agreed(eng, &a);
        return 0;
    }
    int rc = ft_client_agree(&eng->client, comm->ctx, op->cid, op->seq, kind,
                             flag ? (uint32_t)*flag : UINT32_MAX, nctx, local,
                             nl2, remote, nr, acked, nacked, eng->ctx_free);
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

int ft_ft_irecover(struct ft_comm *comm, struct ft_comm **newcomm,
                   struct ft_request **out)
{
    *newcomm = NULL;
    return start(comm, FT_AGREE_RECOVER, NULL, newcomm, out);
}

/* ---- set-up ------------------------------------------------------------ */

int ft_ft_init(struct ft_engine *eng)
{
    struct ft_state *st = calloc(1, sizeof *st);
    if (!st)
        return -ENOMEM;
    st->eng = eng;
    ft_list_init(&st->pending);
    const char *m = getenv("FTMPI_FT_MODE");
    st->mode = FT_RECOVER_SHRINK;
    if (m && strcmp(m, "blank") == 0)
        st->mode = FT_RECOVER_BLANK;
    else if (m && strcmp(m, "rebuild") == 0)
        st->mode = FT_RECOVER_REBUILD;
    st->ftmpi = m && (strcmp(m, "blank") == 0 || strcmp(m, "shrink") == 0 ||
                      strcmp(m, "rebuild") == 0);
    eng->ft = st;
    eng->on_failure = on_failure;
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
