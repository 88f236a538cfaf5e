#include "core/comm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "base/err.h"
#include "coll/coll.h"
#include "core/attr.h"
#include "core/datatype.h"
#include "core/errhandler.h"
#include "core/group.h"
#include "core/info.h"
#include "core/magic.h"
#include "core/match.h"
#include "core/pkt.h"
#include "core/pt2pt.h"
#include "core/topo.h"

FTMPI_EXPORT struct ft_comm ftmpi_comm_world, ftmpi_comm_self;

extern struct ft_errhandler ftmpi_errors_are_fatal;

#define NW (FT_CTX_PAIRS / 64) /* words in a mask of context pairs */
#define NO_CTX UINT32_MAX

/* ---- context ids ------------------------------------------------------ */

static void mark_ctx(struct ft_engine *eng, uint32_t ctx, bool used)
{
    uint32_t pair = ctx >> 1;
    if (used)
        eng->ctx_free[pair / 64] &= ~(1ull << (pair % 64));
    else
        eng->ctx_free[pair / 64] |= 1ull << (pair % 64);
}

/* This process's contribution to an agreement: its free ids, or every id
 * when it only helps. */
static void own_mask(struct ft_engine *eng, bool participate, uint64_t *mask)
{
    if (participate)
        memcpy(mask, eng->ctx_free, NW * sizeof *mask);
    else
        memset(mask, 0xff, NW * sizeof *mask);
}

/* The lowest id whose pair is set in mask, other than avoid. */
static int lowest_ctx(const uint64_t *mask, uint32_t avoid, uint32_t *ctx)
{
    for (int w = 0; w < NW; w++) {
        uint64_t bits = mask[w];
        if (avoid != NO_CTX && (int)(avoid >> 1) / 64 == w)
            bits &= ~(1ull << ((avoid >> 1) % 64));
        if (bits) {
            *ctx = (uint32_t)(w * 64 + __builtin_ctzll(bits)) * 2;
            return 0;
        }
    }
    return -EMFILE; /* every context id is in use somewhere */
}

int ft_comm_alloc_ctx(struct ft_comm *comm, bool participate, uint32_t *ctx)
{
    uint64_t mask[NW];
    own_mask(comm->eng, participate, mask);
    int rc = ft_coll_allreduce_band_u64(comm, mask, NW);
    if (rc)
        return rc;
    return lowest_ctx(mask, NO_CTX, ctx);
}

/* ---- making communicators --------------------------------------------- */

/* Fills a communicator over group (and, for an intercommunicator, the
 * remote group rgroup; both taken over) with context ctx. */
static int comm_setup(struct ft_engine *eng, struct ft_comm *c, uint32_t ctx,
                      struct ft_group *group, struct ft_group *rgroup,
                      struct ft_errhandler *errh)
{
    struct ft_ctx *cx = ft_engine_ctx(eng, ctx);
    if (!cx)
        return -ENOMEM;
    c->eng = eng;
    c->ctx = ctx;
    c->cx = cx;
    cx->comm = c;
    c->group = group;
    c->rank = group->rank;
    c->size = group->size;
    c->rgroup = rgroup;
    c->peers = rgroup ? rgroup->procs : group->procs;
    c->npeers = rgroup ? rgroup->size : group->size;
    c->errh = errh;
    ft_errhandler_retain(errh);
    c->refcount = 1;
    c->magic = FT_MAGIC_COMM;
    mark_ctx(eng, ctx, true);
    c->cid = ft_comm_cid(c);
    /* A revocation that arrived before we made the communicator. */
    for (int i = 0; i < eng->nearly_revoked; i++) {
        if (eng->early_revoked[i].ctx == ctx &&
            eng->early_revoked[i].cid == c->cid) {
            c->revoked = true;
            c->revoke_err = -FT_EREVOKED;
            eng->early_revoked[i] = eng->early_revoked[--eng->nearly_revoked];
            break;
        }
    }
    /* Members already known dead count as failures of the new
     * communicator too (none acknowledged yet). */
    for (int i = 0; i < eng->nfailed; i++)
        if (ft_comm_has(c, eng->failed[i]))
            c->nfailed++;
    return 0;
}

int ft_comm_init_predefined(struct ft_engine *eng)
{
    struct ft_proc **all = malloc((size_t)eng->size * sizeof *all);
    if (!all)
        return -ENOMEM;
    for (int i = 0; i < eng->size; i++)
        all[i] = &eng->procs[i];
    struct ft_group *gw = ft_group_new(all, eng->size, eng->self);
    free(all);
    struct ft_group *gs = ft_group_new(&eng->self, 1, eng->self);
    if (!gw || !gs)
        return -ENOMEM;
    struct ft_comm *w = &ftmpi_comm_world, *s = &ftmpi_comm_self;
    memset(w, 0, sizeof *w);
    memset(s, 0, sizeof *s);
    int rc = comm_setup(eng, w, FT_CTX_WORLD, gw, NULL,
                        &ftmpi_errors_are_fatal);
    if (rc == 0)
        rc = comm_setup(eng, s, FT_CTX_SELF, gs, NULL,
                        &ftmpi_errors_are_fatal);
    w->predefined = s->predefined = true;
    strcpy(w->name, "MPI_COMM_WORLD");
    strcpy(s->name, "MPI_COMM_SELF");
    return rc;
}

/* Makes a communicator over group (and rgroup, for an
 * intercommunicator; both taken over) with context ctx and error handler
 * errh. */
static int comm_new(struct ft_engine *eng, struct ft_errhandler *errh,
                    struct ft_group *group, struct ft_group *rgroup,
                    uint32_t ctx, struct ft_comm **out)
{
    struct ft_comm *c = calloc(1, sizeof *c);
    int rc = c ? comm_setup(eng, c, ctx, group, rgroup, errh) : -ENOMEM;
    if (rc) {
        ft_group_release(group);
        if (rgroup)
            ft_group_release(rgroup);
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

bool ft_comm_has(const struct ft_comm *comm, const struct ft_proc *p)
{
    return ft_group_find(comm->group, p) != FT_UNDEFINED ||
           (comm->rgroup && ft_group_find(comm->rgroup, p) != FT_UNDEFINED);
}

uint32_t ft_comm_cid(const struct ft_comm *comm)
{
    uint32_t cid = UINT32_MAX;
    for (int i = 0; i < comm->group->size; i++)
        if (!comm->group->procs[i]->hole &&
            (uint32_t)comm->group->procs[i]->world_rank < cid)
            cid = (uint32_t)comm->group->procs[i]->world_rank;
    for (int i = 0; comm->rgroup && i < comm->rgroup->size; i++)
        if ((uint32_t)comm->rgroup->procs[i]->world_rank < cid)
            cid = (uint32_t)comm->rgroup->procs[i]->world_rank;
    return cid;
}

int ft_comm_new_with_ctx(struct ft_comm *parent, struct ft_group *group,
                         uint32_t ctx, struct ft_comm **out)
{
    return comm_new(parent->eng, parent->errh, group, NULL, ctx, out);
}

/* Makes an intercommunicator between lg (which holds this process) and
 * rg, taking both over: context ctx for it, lctx for its local
 * communicator. */
static int inter_new(struct ft_engine *eng, struct ft_errhandler *errh,
                     struct ft_group *lg, struct ft_group *rg, uint32_t ctx,
                     uint32_t lctx, struct ft_comm **out)
{
    struct ft_comm *local = NULL;
    ft_group_retain(lg);
    int rc = comm_new(eng, errh, lg, NULL, lctx, &local);
    if (rc) {
        ft_group_release(lg);
        ft_group_release(rg);
        return rc;
    }
    rc = comm_new(eng, errh, lg, rg, ctx, out);
    if (rc) {
        ft_comm_release(local);
        return rc;
    }
    (*out)->local = local;
    return 0;
}

int ft_comm_new_inter_with_ctx(struct ft_comm *parent, struct ft_group *lg,
                               struct ft_group *rg, uint32_t ctx,
                               uint32_t lctx, struct ft_comm **out)
{
    return inter_new(parent->eng, parent->errh, lg, rg, ctx, lctx, out);
}

/* A group of the world ranks in wr (n of them, from another process):
 * -FT_EPROTO when one is not a rank of the job. */
static int group_of_world(struct ft_engine *eng, const int32_t *wr, int n,
                          struct ft_group **out)
{
    struct ft_proc **procs = malloc((n ? (size_t)n : 1) * sizeof *procs);
    if (!procs)
        return -ENOMEM;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (wr[i] < 0 || wr[i] >= eng->size)
            rc = -FT_EPROTO;
        else
            procs[i] = &eng->procs[wr[i]];
    }
    if (rc == 0 && !(*out = ft_group_new(procs, n, eng->self)))
        rc = -ENOMEM;
    free(procs);
    return rc;
}

/* The world ranks of g's members (caller frees), or NULL. */
static int32_t *world_ranks(const struct ft_group *g)
{
    int32_t *wr = malloc((g->size ? (size_t)g->size : 1) * sizeof *wr);
    if (wr)
        for (int i = 0; i < g->size; i++)
            wr[i] = g->procs[i]->world_rank;
    return wr;
}

/* ---- agreement between two groups ------------------------------------- */

/* How two groups talk while they make or use an intercommunicator: each
 * group is the intracommunicator local, whose member leader speaks for it
 * to the other group's leader, rank peer of link, on link's collective
 * context with tag.  Only the leaders use link, peer and tag. */
struct bridge {
    struct ft_comm *local;
    int leader;
    struct ft_comm *link; /* NULL at a leader that must report failure */
    int peer, tag;
};

/* The bridge of an existing intercommunicator: rank 0 of each side
 * speaks, over the intercommunicator itself.  Every member of both groups
 * takes the tag, so their sequence numbers stay equal. */
static struct bridge inter_bridge(struct ft_comm *c)
{
    return (struct bridge){c->local, 0, c, 0, ft_coll_next_tag(c)};
}

static struct ft_datatype *bytes_type(void)
{
    return ft_dt_basic_type(FT_B_BYTE);
}

/* The leaders' exchange: both send and receive at once, so neither waits
 * for the other to finish sending. */
static int leader_sendrecv(const struct bridge *b, const void *s, size_t slen,
                           void *r, size_t rlen)
{
    struct ft_engine *eng = b->link->eng;
    struct ft_request *rr;
    int rc = ft_irecv(b->link, FT_CTX_COLL, r, rlen, bytes_type(), b->peer,
                      b->tag, &rr);
    if (rc)
        return rc;
    int src = ft_send(b->link, FT_CTX_COLL, s, slen, bytes_type(), b->peer,
                      b->tag, FT_SEND_STD);
    int wrc = ft_progress_wait_req(eng, rr);
    rc = wrc ? wrc : (src ? src : rr->error);
    if (wrc)
        ft_cancel_recv(eng, rr);
    ft_req_release(&eng->reqs, rr);
    return rc;
}

/* The leaders swap a blob each; each leader then broadcasts to its group
 * what it received, with its own status first so that a leader that
 * failed (or must report bad arguments) never leaves its group waiting.
 * *theirs is malloc'd.  Blocks; collective over both groups. */
static int bridge_swap(const struct bridge *b, const void *mine, size_t len,
                       void **theirs, size_t *theirlen)
{
    struct ft_comm *l = b->local;
    struct ft_coll_view v = {l, NULL, l->rank, l->size, ft_coll_next_tag(l)};
    uint64_t hdr[2] = {0, 0}; /* status (negated code), length */
    void *buf = NULL;
    int rc;
    if (l->rank == b->leader) {
        uint64_t mylen = len, rlen = 0;
        if (!b->link)
            rc = -EINVAL;
        else
            rc = leader_sendrecv(b, &mylen, sizeof mylen, &rlen, sizeof rlen);
        if (rc == 0 && rlen > (1u << 30))
            rc = -FT_EPROTO;
        if (rc == 0 && !(buf = malloc(rlen ? rlen : 1)))
            rc = -ENOMEM;
        if (rc == 0)
            rc = leader_sendrecv(b, mine, len, buf, rlen);
        hdr[0] = (uint64_t)-rc;
        hdr[1] = rlen;
    }
    rc = ft_coll_view_bcast(&v, b->leader, hdr, sizeof hdr);
    if (rc == 0 && hdr[0])
        rc = -(int)hdr[0];
    if (rc == 0 && !buf && !(buf = malloc(hdr[1] ? hdr[1] : 1)))
        rc = -ENOMEM; /* our subtree of the broadcast then waits */
    if (rc == 0)
        rc = ft_coll_view_bcast(&v, b->leader, buf, hdr[1]);
    if (rc) {
        free(buf);
        return rc;
    }
    *theirs = buf;
    *theirlen = hdr[1];
    return 0;
}

/* Agreement on context ids across two groups: on return *ctx is free at
 * every member of both groups and *lctx (if wanted) at every member of
 * this group, different from *ctx.  Each group may add a payload, which
 * the other receives in *rpay (malloc'd, *rlen bytes).  Collective over
 * both groups; participate as in ft_comm_alloc_ctx. */
static int bridge_agree(const struct bridge *b, bool participate,
                        const void *pay, size_t plen, void **rpay,
                        size_t *rlen, uint32_t *ctx, uint32_t *lctx)
{
    size_t mlen = NW * sizeof(uint64_t);
    uint64_t *blob = malloc(mlen + plen);
    if (!blob)
        return -ENOMEM; /* the other members then wait for us */
    own_mask(b->local->eng, participate, blob);
    int rc = ft_coll_allreduce_band_u64(b->local, blob, NW);
    if (plen)
        memcpy(blob + NW, pay, plen);
    void *theirs = NULL;
    size_t tlen = 0;
    if (rc == 0)
        rc = bridge_swap(b, blob, mlen + plen, &theirs, &tlen);
    if (rc == 0 && tlen < mlen)
        rc = -FT_EPROTO;
    if (rc == 0) {
        uint64_t both[NW];
        memcpy(both, theirs, mlen);
        for (int i = 0; i < NW; i++)
            both[i] &= blob[i];
        rc = lowest_ctx(both, NO_CTX, ctx);
        if (rc == 0 && lctx)
            rc = lowest_ctx(blob, *ctx, lctx);
    }
    free(blob);
    if (rc) {
        free(theirs);
        return rc;
    }
    memmove(theirs, (char *)theirs + mlen, tlen - mlen);
    *rpay = theirs;
    *rlen = tlen - mlen;
    return 0;
}

/* ---- the constructors ------------------------------------------------- */

static int inter_create(struct ft_comm *c, struct ft_group *group,
                        struct ft_comm **out)
{
    bool member = group->rank != FT_UNDEFINED;
    int32_t *wr = world_ranks(group);
    if (!wr)
        return -ENOMEM;
    struct bridge b = inter_bridge(c);
    void *rp = NULL;
    size_t rlen = 0;
    uint32_t ctx, lctx;
    int rc = bridge_agree(&b, member, wr, (size_t)group->size * sizeof *wr,
                          &rp, &rlen, &ctx, &lctx);
    free(wr);
    if (rc)
        return rc;
    int rn = (int)(rlen / sizeof(int32_t));
    struct ft_group *rg = NULL;
    if (member && rn > 0)
        rc = group_of_world(c->eng, rp, rn, &rg);
    free(rp);
    if (rc || !rg)
        return rc;
    ft_group_retain(group);
    return inter_new(c->eng, c->errh, group, rg, ctx, lctx, out);
}

int ft_comm_create(struct ft_comm *comm, struct ft_group *group,
                   struct ft_comm **out)
{
    *out = NULL;
    if (ft_comm_is_inter(comm))
        return inter_create(comm, group, out);
    bool member = group && group->rank != FT_UNDEFINED;
    uint32_t ctx;
    int rc = ft_comm_alloc_ctx(comm, member, &ctx);
    if (rc || !member)
        return rc;
    ft_group_retain(group);
    return comm_new(comm->eng, comm->errh, group, NULL, ctx, out);
}

int ft_comm_create_group(struct ft_comm *comm, struct ft_group *group,
                         int tag, struct ft_comm **out)
{
    *out = NULL;
    if (group->rank == FT_UNDEFINED)
        return 0;
    int n = group->size;
    int *idx = calloc((size_t)n, sizeof *idx);
    int *map = malloc((size_t)n * sizeof *map);
    int rc = idx && map ? 0 : -ENOMEM;
    if (rc == 0) {
        for (int i = 0; i < n; i++)
            idx[i] = i;
        rc = ft_group_translate(group, n, idx, comm->group, map);
    }
    for (int i = 0; rc == 0 && i < n; i++)
        if (map[i] == FT_UNDEFINED)
            rc = -EINVAL; /* not a subset: the API checks first */
    uint64_t mask[NW];
    uint32_t ctx = 0;
    if (rc == 0) {
        struct ft_coll_view v = {comm, map, group->rank, n,
                                 ft_coll_group_tag(tag)};
        own_mask(comm->eng, true, mask);
        rc = ft_coll_view_band_u64(&v, mask, NW);
    }
    if (rc == 0)
        rc = lowest_ctx(mask, NO_CTX, &ctx);
    free(idx);
    free(map);
    if (rc)
        return rc;
    ft_group_retain(group);
    return comm_new(comm->eng, comm->errh, group, NULL, ctx, out);
}

int ft_comm_dup(struct ft_comm *comm, struct ft_comm **out)
{
    uint32_t ctx, lctx;
    int rc;
    if (!ft_comm_is_inter(comm)) {
        rc = ft_comm_alloc_ctx(comm, true, &ctx);
        if (rc)
            return rc;
        ft_group_retain(comm->group);
        rc = comm_new(comm->eng, comm->errh, comm->group, NULL, ctx, out);
        if (rc == 0 && comm->topo &&
            (rc = ft_topo_dup(comm->topo, &(*out)->topo))) {
            ft_comm_release(*out);
            *out = NULL;
        }
        if (rc || !comm->live)
            return rc;
        /* Blank mode: the copy gets a live shadow of its own. */
        rc = ft_comm_alloc_ctx(comm, true, &lctx);
        if (rc == 0) {
            ft_group_retain(comm->live->group);
            rc = comm_new(comm->eng, comm->errh, comm->live->group, NULL, lctx,
                          &(*out)->live);
        }
        if (rc) {
            ft_comm_release(*out);
            *out = NULL;
        }
        return rc;
    }
    struct bridge b = inter_bridge(comm);
    void *rp;
    size_t rlen;
    rc = bridge_agree(&b, true, NULL, 0, &rp, &rlen, &ctx, &lctx);
    if (rc)
        return rc;
    free(rp);
    ft_group_retain(comm->group);
    ft_group_retain(comm->rgroup);
    return inter_new(comm->eng, comm->errh, comm->group, comm->rgroup, ctx,
                     lctx, out);
}

struct split_entry {
    int color, key, rank;
};

static int by_key(const void *a, const void *b)
{
    const struct split_entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The members of g whose entry in all (n entries, entry i for member i)
 * has color, ordered by key then rank; NULL group (and 0) when none. */
static int split_group(struct ft_engine *eng, const struct ft_group *g,
                       struct split_entry *all, int n, int color,
                       struct ft_group **out)
{
    *out = NULL;
    struct ft_proc **procs = malloc((n ? (size_t)n : 1) * sizeof *procs);
    if (!procs)
        return -ENOMEM;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (all[i].color == color)
            all[k++] = all[i];
    qsort(all, (size_t)k, sizeof *all, by_key);
    for (int i = 0; i < k; i++)
        procs[i] = g->procs[all[i].rank];
    int rc = 0;
    if (k && !(*out = ft_group_new(procs, k, eng->self)))
        rc = -ENOMEM;
    free(procs);
    return rc;
}

static int inter_split(struct ft_comm *c, int color, int key,
                       struct ft_comm **out)
{
    int n = c->size;
    struct split_entry me = {color, key, c->rank};
    struct split_entry *all = malloc((size_t)n * sizeof *all);
    if (!all)
        return -ENOMEM;
    int rc = ft_coll_allgather_bytes(c->local, &me, sizeof me, all);
    void *rp = NULL;
    size_t rlen = 0;
    uint32_t ctx = 0, lctx = 0;
    if (rc == 0) {
        struct bridge b = inter_bridge(c);
        rc = bridge_agree(&b, color != FT_UNDEFINED, all,
                          (size_t)n * sizeof *all, &rp, &rlen, &ctx, &lctx);
    }
    struct ft_group *lg = NULL, *rg = NULL;
    if (rc == 0 && rlen != (size_t)c->rgroup->size * sizeof *all)
        rc = -FT_EPROTO;
    if (rc == 0 && color != FT_UNDEFINED)
        rc = split_group(c->eng, c->group, all, n, color, &lg);
    if (rc == 0 && lg)
        rc = split_group(c->eng, c->rgroup, rp, c->rgroup->size, color, &rg);
    free(all);
    free(rp);
    if (rc == 0 && lg && rg)
        return inter_new(c->eng, c->errh, lg, rg, ctx, lctx, out);
    if (lg)
        ft_group_release(lg);
    if (rg)
        ft_group_release(rg);
    return rc;
}

int ft_comm_split(struct ft_comm *comm, int color, int key,
                  struct ft_comm **out)
{
    *out = NULL;
    if (ft_comm_is_inter(comm))
        return inter_split(comm, color, key, out);
    /* With holes, only the living take part (their own ranks travel in
     * the entries). */
    int size = comm->live ? comm->live->size : comm->size;
    struct split_entry me = {color, key, comm->rank};
    struct split_entry *all = malloc((size_t)size * sizeof *all);
    int rc = all ? 0 : -ENOMEM;
    if (rc == 0)
        rc = ft_coll_allgather_bytes(comm, &me, sizeof me, all);
    uint32_t ctx = 0;
    if (rc == 0)
        rc = ft_comm_alloc_ctx(comm, color != FT_UNDEFINED, &ctx);
    struct ft_group *g = NULL;
    if (rc == 0 && color != FT_UNDEFINED)
        rc = split_group(comm->eng, comm->group, all, size, color, &g);
    free(all);
    if (rc || !g)
        return rc;
    return comm_new(comm->eng, comm->errh, g, NULL, ctx, out);
}

int ft_comm_intercomm_create(struct ft_comm *local, int local_leader,
                             struct ft_comm *peer, int remote_leader,
                             int tag, struct ft_comm **out)
{
    *out = NULL;
    int32_t *wr = world_ranks(local->group);
    if (!wr)
        return -ENOMEM;
    struct bridge b = {local, local_leader, peer, remote_leader,
                       ft_coll_group_tag(tag)};
    void *rp = NULL;
    size_t rlen = 0;
    uint32_t ctx, lctx;
    int rc = bridge_agree(&b, true, wr, (size_t)local->size * sizeof *wr, &rp,
                          &rlen, &ctx, &lctx);
    free(wr);
    if (rc)
        return rc;
    struct ft_group *rg = NULL;
    int rn = (int)(rlen / sizeof(int32_t));
    rc = rn > 0 ? group_of_world(local->eng, rp, rn, &rg) : -FT_EPROTO;
    free(rp);
    if (rc)
        return rc;
    /* The groups must be disjoint; both sides see the same two lists, so
     * they all fail together. */
    for (int i = 0; i < rg->size; i++) {
        if (ft_group_find(local->group, rg->procs[i]) != FT_UNDEFINED) {
            ft_group_release(rg);
            return -EEXIST;
        }
    }
    ft_group_retain(local->group);
    return inter_new(local->eng, local->errh, local->group, rg, ctx, lctx,
                     out);
}

int ft_comm_intercomm_merge(struct ft_comm *c, bool high,
                            struct ft_comm **out)
{
    *out = NULL;
    struct bridge b = inter_bridge(c);
    uint8_t mine = high, *theirs = NULL;
    size_t rlen = 0;
    uint32_t ctx;
    int rc = bridge_agree(&b, true, &mine, 1, (void **)&theirs, &rlen, &ctx,
                          NULL);
    if (rc)
        return rc;
    bool rhigh = rlen >= 1 && theirs[0];
    free(theirs);
    bool local_first = high != rhigh ? !high
                                     : c->group->procs[0]->world_rank <
                                           c->rgroup->procs[0]->world_rank;
    struct ft_group *first = local_first ? c->group : c->rgroup;
    struct ft_group *second = local_first ? c->rgroup : c->group;
    int n = first->size + second->size;
    struct ft_proc **procs = malloc((size_t)n * sizeof *procs);
    if (!procs)
        return -ENOMEM;
    memcpy(procs, first->procs, (size_t)first->size * sizeof *procs);
    memcpy(procs + first->size, second->procs,
           (size_t)second->size * sizeof *procs);
    struct ft_group *g = ft_group_new(procs, n, c->eng->self);
    free(procs);
    if (!g)
        return -ENOMEM;
    return comm_new(c->eng, c->errh, g, NULL, ctx, out);
}

int ft_comm_compare(const struct ft_comm *a, const struct ft_comm *b)
{
    if (a == b)
        return MPI_IDENT;
    if (ft_comm_is_inter(a) != ft_comm_is_inter(b))
        return MPI_UNEQUAL;
    int r = ft_group_compare(a->group, b->group);
    if (r >= 0 && ft_comm_is_inter(a)) {
        int rr = ft_group_compare(a->rgroup, b->rgroup);
        r = rr < 0 || rr > r ? rr : r;
    }
    if (r == FT_GROUP_IDENT)
        return MPI_CONGRUENT;
    return r; /* SIMILAR, UNEQUAL or -ENOMEM */
}

void ft_comm_release(struct ft_comm *c)
{
    if (--c->refcount > 0)
        return;
    struct ft_engine *eng = c->eng;
    ft_coll_comm_free(c);
    if (c->cx && c->cx->comm == c)
        c->cx->comm = NULL;
    /* A revoked communicator, or one that lost a member, may still have
     * packets on their way or collectives given up half way (shared-memory
     * publications still owed an acknowledgement): its context id is never
     * given out again, so that nothing of it can match the traffic of a
     * new communicator, whose tags start over.  Failures are rare and the
     * ids many (FT_CTX_PAIRS). */
    if (!c->revoked && c->nfailed == 0)
        mark_ctx(eng, c->ctx, false);
    ft_group_release(c->group);
    if (c->rgroup)
        ft_group_release(c->rgroup);
    if (c->local)
        ft_comm_release(c->local);
    ft_errhandler_release(c->errh);
    ft_attr_list_free(&c->attrs);
    if (c->info)
        ft_info_release(c->info);
    ft_topo_free(c->topo);
    c->topo = NULL;
    if (c->live) {
        ft_comm_release(c->live);
        c->live = NULL;
    }
    if (!c->predefined) {
        c->magic = 0;
        free(c);
    }
}

int ft_comm_reset(struct ft_comm *c, struct ft_group *group, uint32_t ctx)
{
    struct ft_engine *eng = c->eng;
    struct ft_ctx *ncx = ft_engine_ctx(eng, ctx);
    if (!ncx)
        return -ENOMEM;
    /* The old context: no comm, nothing queued, never reused. */
    struct ft_ctx *ocx = c->cx;
    ocx->comm = NULL;
    for (int s = 0; s < 2; s++) {
        struct ft_list *e;
        while ((e = ft_list_pop(&ocx->mq[s].unexp))) {
            struct ft_unexp *u = ft_container_of(e, struct ft_unexp, link);
            if (u->data != u->inline_data)
                free(u->data);
            free(u);
        }
    }
    mark_ctx(eng, ctx, true);
    c->ctx = ctx;
    c->cx = ncx;
    ncx->comm = c;
    ft_group_release(c->group);
    c->group = group;
    c->rank = group->rank;
    c->size = group->size;
    c->peers = group->procs;
    c->npeers = group->size;
    c->revoked = false;
    c->revoke_err = 0;
    c->coll_seq = 0;
    c->agree_seq = 0;
    c->cid = ft_comm_cid(c);
    c->nfailed = 0;
    for (int i = 0; i < eng->nfailed; i++)
        if (ft_group_find(group, eng->failed[i]) != FT_UNDEFINED)
            c->nfailed++;
    c->nacked = c->nfailed;
    return 0;
}
