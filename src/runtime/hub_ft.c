#include "runtime/hub_ft.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/list.h"
#include "base/log.h"
#include "runtime/proto.h"

/* One agreement in progress: members, who contributed, what so far. */
struct agreement {
    struct ft_list link;
    uint32_t ctx, cid, seq, kind;
    int nlocal, nremote;  /* as the first contributor described them */
    int *members;         /* nlocal + nremote world ranks */
    uint8_t *side;        /* per member: 0 local group, 1 remote group */
    bool *contributed;    /* per member */
    uint32_t *epoch;      /* per member: incarnation that contributed */
    uint32_t nctx;        /* context ids wanted */
    uint32_t flag[2];     /* AND of the contributions from each side */
    bool *unacked_by_some; /* per member: some contributor had not acked it */
    uint64_t mask[FT_CTX_WORDS];
};

struct hub_ft {
    struct hub *h;
    struct hub_ft_ops ops;
    struct ft_list agreements;
};

struct hub_ft *hub_ft_new(struct hub *h, const struct hub_ft_ops *ops)
{
    struct hub_ft *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->h = h;
    f->ops = *ops;
    ft_list_init(&f->agreements);
    return f;
}

static void agreement_free(struct agreement *a)
{
    ft_list_del(&a->link);
    free(a->members);
    free(a->side);
    free(a->contributed);
    free(a->epoch);
    free(a->unacked_by_some);
    free(a);
}

void hub_ft_free(struct hub_ft *f)
{
    if (!f)
        return;
    while (!ft_list_empty(&f->agreements))
        agreement_free(
            ft_container_of(f->agreements.next, struct agreement, link));
    free(f);
}

void hub_ft_revoke(struct hub_ft *f, int from, uint32_t ctx, uint32_t cid)
{
    int np = f->ops.np(f->h);
    for (int r = 0; r < np; r++) {
        if (r == from)
            continue;
        struct ft_wbuf *b = f->ops.begin(f->h, r, FT_MSG_REVOKED);
        if (!b)
            continue;
        ft_wire_u32(b, ctx);
        ft_wire_u32(b, cid);
        f->ops.end(f->h, r);
    }
}

static int member_index(const struct agreement *a, int rank)
{
    for (int i = 0; i < a->nlocal + a->nremote; i++)
        if (a->members[i] == rank)
            return i;
    return -1;
}

/* Whether member i's incarnation alive now has contributed. */
static bool has_contributed(struct hub_ft *f, const struct agreement *a, int i)
{
    return a->contributed[i] &&
           a->epoch[i] == f->ops.epoch(f->h, a->members[i]);
}

/* Decides a if every member contributed or is dead; sends the answer. */
static void try_decide(struct hub_ft *f, struct agreement *a)
{
    int n = a->nlocal + a->nremote;
    for (int i = 0; i < n; i++)
        if (!has_contributed(f, a, i) && f->ops.alive(f->h, a->members[i]))
            return;
    /* A member that contributed and then died counts as a contributor
     * (its word was given); one replaced since must give it again. */
    for (int i = 0; i < n; i++)
        if (a->contributed[i] && !has_contributed(f, a, i) &&
            f->ops.alive(f->h, a->members[i]))
            return;
    int ndead = 0;
    bool raise = false;
    for (int i = 0; i < n; i++) {
        if (a->contributed[i])
            continue;
        ndead++;
        if (a->unacked_by_some[i])
            raise = true;
    }
    uint32_t newctx[FT_AGREE_MAXCTX];
    uint32_t nctx = 0;
    for (int w = 0; w < FT_CTX_WORDS && nctx < a->nctx; w++) {
        uint64_t m = a->mask[w];
        while (m && nctx < a->nctx) {
            int b = __builtin_ctzll(m);
            m &= m - 1;
            newctx[nctx++] = (uint32_t)(w * 64 + b) * 2;
        }
    }
    int np = f->ops.np(f->h);
    bool epochs = a->kind == FT_AGREE_RECOVER;
    for (int i = 0; i < n; i++) {
        if (!a->contributed[i] || !f->ops.alive(f->h, a->members[i]))
            continue;
        struct ft_wbuf *b = f->ops.begin(f->h, a->members[i], FT_MSG_AGREED);
        if (!b)
            continue;
        /* Intercommunicators: each side gets the AND of the other. */
        uint32_t flag = a->nremote ? a->flag[1 - a->side[i]] : a->flag[0];
        ft_wire_u32(b, a->ctx);
        ft_wire_u32(b, a->cid);
        ft_wire_u32(b, a->seq);
        ft_wire_u32(b, flag);
        ft_wire_u32(b, raise);
        ft_wire_u32(b, (uint32_t)ndead);
        for (int k = 0; k < n; k++)
            if (!a->contributed[k])
                ft_wire_u32(b, (uint32_t)a->members[k]);
        /* Too few ids free everywhere: nctx < wanted tells the ranks. */
        ft_wire_u32(b, nctx);
        for (uint32_t k = 0; k < nctx; k++)
            ft_wire_u32(b, newctx[k]);
        ft_wire_u32(b, epochs ? (uint32_t)np : 0);
        for (int k = 0; epochs && k < np; k++)
            ft_wire_u32(b, f->ops.epoch(f->h, k));
        f->ops.end(f->h, a->members[i]);
    }
    agreement_free(a);
}

static struct agreement *find(struct hub_ft *f, uint32_t ctx, uint32_t cid,
                              uint32_t seq, uint32_t kind)
{
    ft_list_for_each(e, &f->agreements) {
        struct agreement *a = ft_container_of(e, struct agreement, link);
        /* The recovery of MPI_COMM_WORLD is one at a time and named by
         * FT_CID_WORLD alone: a replacement knows neither the survivors'
         * context id nor how many agreements they made before. */
        if (kind == FT_AGREE_RECOVER && cid == FT_CID_WORLD) {
            if (a->kind == kind && a->cid == cid)
                return a;
            continue;
        }
        if (a->ctx == ctx && a->cid == cid && a->seq == seq)
            return a;
    }
    return NULL;
}

int hub_ft_agree(struct hub_ft *f, int from, struct ft_wreader *r)
{
    int np = f->ops.np(f->h);
    uint32_t ctx = ft_wire_get_u32(r), cid = ft_wire_get_u32(r);
    uint32_t seq = ft_wire_get_u32(r), kind = ft_wire_get_u32(r);
    uint32_t flag = ft_wire_get_u32(r);
    uint32_t nctx = ft_wire_get_u32(r);
    uint32_t nlocal = ft_wire_get_u32(r);
    if (r->bad || kind > FT_AGREE_RECOVER || nlocal == 0 ||
        nlocal > (uint32_t)np || nctx > FT_AGREE_MAXCTX)
        return -FT_EPROTO;
    int *members = malloc((size_t)np * 2 * sizeof *members);
    if (!members)
        return -ENOMEM;
    for (uint32_t i = 0; i < nlocal; i++)
        members[i] = (int)ft_wire_get_u32(r);
    uint32_t nremote = ft_wire_get_u32(r);
    if (nremote > (uint32_t)np) {
        free(members);
        return -FT_EPROTO;
    }
    for (uint32_t i = 0; i < nremote; i++)
        members[nlocal + i] = (int)ft_wire_get_u32(r);
    int n = (int)(nlocal + nremote);
    for (int i = 0; i < n; i++)
        if (members[i] < 0 || members[i] >= np) {
            free(members);
            return -FT_EPROTO;
        }

    struct agreement *a = find(f, ctx, cid, seq, kind);
    if (!a) {
        a = calloc(1, sizeof *a);
        if (!a) {
            free(members);
            return -ENOMEM;
        }
        a->ctx = ctx;
        a->cid = cid;
        a->seq = seq;
        a->kind = kind;
        a->nlocal = (int)nlocal;
        a->nremote = (int)nremote;
        a->members = members;
        a->side = calloc((size_t)n, 1);
        a->contributed = calloc((size_t)n, sizeof(bool));
        a->epoch = calloc((size_t)n, sizeof(uint32_t));
        a->nctx = nctx;
        a->unacked_by_some = calloc((size_t)n, sizeof(bool));
        a->flag[0] = a->flag[1] = UINT32_MAX;
        memset(a->mask, 0xff, sizeof a->mask);
        ft_list_push(&f->agreements, &a->link);
        if (!a->side || !a->contributed || !a->unacked_by_some || !a->epoch) {
            agreement_free(a);
            return -ENOMEM;
        }
        for (int i = (int)nlocal; i < n; i++)
            a->side[i] = 1;
        members = NULL;
    }
    /* The contributor's side: its own rank is in its local list. */
    int side = -1;
    int me = member_index(a, from);
    if (me >= 0)
        side = a->side[me];
    /* Members the contributor had acknowledged as failed. */
    uint32_t nacked = ft_wire_get_u32(r);
    bool acked[np > 0 ? np : 1];
    memset(acked, 0, sizeof acked);
    for (uint32_t i = 0; i < nacked && !r->bad; i++) {
        uint32_t w = ft_wire_get_u32(r);
        if (w < (uint32_t)np)
            acked[w] = true;
    }
    uint64_t mask[FT_CTX_WORDS];
    if (nctx)
        for (int w = 0; w < FT_CTX_WORDS; w++)
            mask[w] = ft_wire_get_u64(r);
    if (!ft_wreader_done(r) || me < 0 || has_contributed(f, a, me) ||
        a->kind != kind) {
        free(members);
        return -FT_EPROTO;
    }
    free(members);
    a->contributed[me] = true;
    a->epoch[me] = f->ops.epoch(f->h, from);
    if (nctx > a->nctx)
        a->nctx = nctx;
    a->flag[side] &= flag;
    /* (Each side of an intercommunicator lists its own group first; the
     * first description is kept and sides are found by membership.) */
    n = a->nlocal + a->nremote;
    for (int i = 0; i < n; i++)
        if (!acked[a->members[i]])
            a->unacked_by_some[i] = true;
    if (nctx)
        for (int w = 0; w < FT_CTX_WORDS; w++)
            a->mask[w] &= mask[w];
    try_decide(f, a);
    return 0;
}

void hub_ft_rank_gone(struct hub_ft *f, int rank)
{
    ft_list_for_each_safe(e, &f->agreements) {
        struct agreement *a = ft_container_of(e, struct agreement, link);
        if (member_index(a, rank) >= 0)
            try_decide(f, a);
    }
}
