#include "core/comm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "coll/coll.h"
#include "core/attr.h"
#include "core/errhandler.h"
#include "core/group.h"
#include "core/info.h"
#include "core/magic.h"
#include "core/match.h"

FTMPI_EXPORT struct ft_comm ftmpi_comm_world, ftmpi_comm_self;

extern struct ft_errhandler ftmpi_errors_are_fatal;

static void mark_ctx(struct ft_engine *eng, uint32_t ctx, bool used)
{
    uint32_t pair = ctx >> 1;
    if (used)
        eng->ctx_free[pair / 64] &= ~(1ull << (pair % 64));
    else
        eng->ctx_free[pair / 64] |= 1ull << (pair % 64);
}

/* Fills a communicator over group with context ctx. */
static int comm_setup(struct ft_engine *eng, struct ft_comm *c, uint32_t ctx,
                      struct ft_group *group, struct ft_errhandler *errh)
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
    c->peers = group->procs;
    c->npeers = group->size;
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
            eng->early_revoked[i] = eng->early_revoked[--eng->nearly_revoked];
            break;
        }
    }
    /* Members already known dead count as failures of the new
     * communicator too (none acknowledged yet). */
    for (int i = 0; i < eng->nfailed; i++)
        if (ft_group_find(group, eng->failed[i]) != FT_UNDEFINED)
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
    int rc = comm_setup(eng, w, FT_CTX_WORLD, gw, &ftmpi_errors_are_fatal);
    if (rc == 0)
        rc = comm_setup(eng, s, FT_CTX_SELF, gs, &ftmpi_errors_are_fatal);
    w->predefined = s->predefined = true;
    strcpy(w->name, "MPI_COMM_WORLD");
    strcpy(s->name, "MPI_COMM_SELF");
    return rc;
}

int ft_comm_alloc_ctx(struct ft_comm *comm, bool participate, uint32_t *ctx)
{
    struct ft_engine *eng = comm->eng;
    uint64_t mask[FT_CTX_PAIRS / 64];
    if (participate)
        memcpy(mask, eng->ctx_free, sizeof mask);
    else
        memset(mask, 0xff, sizeof mask);
    int rc = ft_coll_allreduce_band_u64(comm, mask, FT_CTX_PAIRS / 64);
    if (rc)
        return rc;
    for (int w = 0; w < FT_CTX_PAIRS / 64; w++) {
        if (mask[w]) {
            uint32_t pair = (uint32_t)(w * 64 + __builtin_ctzll(mask[w]));
            *ctx = pair * 2;
            return 0;
        }
    }
    return -EMFILE; /* every context id is in use somewhere */
}

/* Makes a communicator over group (which it takes over) with context ctx,
 * inheriting parent's error handler. */
static int comm_new(struct ft_comm *parent, struct ft_group *group,
                    uint32_t ctx, struct ft_comm **out)
{
    struct ft_comm *c = calloc(1, sizeof *c);
    if (!c) {
        ft_group_release(group);
        return -ENOMEM;
    }
    int rc = comm_setup(parent->eng, c, ctx, group, parent->errh);
    if (rc) {
        ft_group_release(group);
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
    return comm_new(parent, group, ctx, out);
}

int ft_comm_create(struct ft_comm *parent, struct ft_group *group,
                   struct ft_comm **out)
{
    *out = NULL;
    bool member = group && group->rank != FT_UNDEFINED;
    uint32_t ctx;
    int rc = ft_comm_alloc_ctx(parent, member, &ctx);
    if (rc || !member)
        return rc;
    ft_group_retain(group);
    return comm_new(parent, group, ctx, out);
}

int ft_comm_dup(struct ft_comm *comm, struct ft_comm **out)
{
    uint32_t ctx;
    int rc = ft_comm_alloc_ctx(comm, true, &ctx);
    if (rc)
        return rc;
    ft_group_retain(comm->group);
    return comm_new(comm, comm->group, ctx, out);
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

int ft_comm_split(struct ft_comm *comm, int color, int key,
                  struct ft_comm **out)
{
    *out = NULL;
    /* With holes, only the living take part (their own ranks travel in
     * the entries). */
    int size = comm->live ? comm->live->size : comm->size;
    struct split_entry me = {color, key, comm->rank};
    struct split_entry *all = malloc((size_t)size * sizeof *all);
    struct ft_proc **procs = malloc((size_t)size * sizeof *procs);
    int rc = (all && procs) ? 0 : -ENOMEM;
    if (rc == 0)
        rc = ft_coll_allgather_bytes(comm, &me, sizeof me, all);
    uint32_t ctx = 0;
    if (rc == 0)
        rc = ft_comm_alloc_ctx(comm, color != FT_UNDEFINED, &ctx);
    if (rc || color == FT_UNDEFINED)
        goto out;
    int n = 0;
    for (int i = 0; i < size; i++)
        if (all[i].color == color)
            all[n++] = all[i];
    qsort(all, (size_t)n, sizeof *all, by_key);
    for (int i = 0; i < n; i++)
        procs[i] = comm->peers[all[i].rank];
    struct ft_group *g = ft_group_new(procs, n, comm->eng->self);
    if (!g) {
        rc = -ENOMEM;
        goto out;
    }
    rc = comm_new(comm, g, ctx, out);
out:
    free(all);
    free(procs);
    return rc;
}

void ft_comm_release(struct ft_comm *c)
{
    if (--c->refcount > 0)
        return;
    struct ft_engine *eng = c->eng;
    if (c->cx && c->cx->comm == c)
        c->cx->comm = NULL;
    /* A revoked communicator may still have packets on their way: its
     * context id is never given out again. */
    if (!c->revoked)
        mark_ctx(eng, c->ctx, false);
    ft_group_release(c->group);
    if (c->rgroup)
        ft_group_release(c->rgroup);
    ft_errhandler_release(c->errh);
    ft_attr_list_free(&c->attrs);
    if (c->info)
        ft_info_release(c->info);
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
