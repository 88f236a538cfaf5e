/*
 * topo.c -- process topologies (see topo.h): Cartesian grids, graphs and
 * distributed graphs, and the factorization of MPI_Dims_create.
 */
#include "core/topo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "coll/coll.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/group.h"
#include "core/match.h"

/* The search for the most balanced factorization of m into k factors,
 * f[0] >= f[1] >= ... >= f[k-1], over the divisors of m. */
struct search {
    const int *div; /* divisors of m, ascending */
    int ndiv, k;
    int *cur, *best;
    long best_spread, best_max;
};

/* Whether d^r >= m, without overflow. */
static int reaches(long d, int r, long m)
{
    long p = 1;
    for (int i = 0; i < r && p < m; i++)
        p *= d;
    return p >= m;
}

static void dfs(struct search *s, int depth, long rem, long cap)
{
    int r = s->k - depth; /* factors still to choose, >= 1 */
    if (r == 1) {
        if (rem > cap)
            return;
        long spread = s->cur[0] - rem, max = depth ? s->cur[0] : rem;
        if (depth == 0)
            spread = 0;
        if (spread < s->best_spread ||
            (spread == s->best_spread && max < s->best_max)) {
            s->cur[depth] = (int)rem;
            for (int i = 0; i < s->k; i++)
                s->best[i] = s->cur[i];
            s->best_spread = spread;
            s->best_max = max;
        }
        return;
    }
    for (int j = s->ndiv - 1; j >= 0; j--) {
        long d = s->div[j];
        if (d > cap || rem % d)
            continue;
        if (!reaches(d, r, rem))
            break; /* smaller divisors cannot reach rem either */
        /* Every later factor is <= d: the spread is at least cur[0] - d. */
        if (depth > 0 && s->cur[0] - d > s->best_spread)
            continue;
        s->cur[depth] = (int)d;
        dfs(s, depth + 1, rem / d, d);
    }
}

/* The divisors of m in ascending order (caller frees), count in *n. */
static int *divisors(int m, int *n)
{
    int cap = 64, k = 0, nbig = 0;
    int *small = malloc((size_t)cap * sizeof *small);
    int *big = malloc((size_t)cap * sizeof *big);
    if (!small || !big)
        goto fail;
    for (long d = 1; d * d <= m; d++) {
        if (m % d)
            continue;
        if (k == cap || nbig == cap) {
            cap *= 2;
            int *a = realloc(small, (size_t)cap * sizeof *a);
            if (a)
                small = a;
            int *b = realloc(big, (size_t)cap * sizeof *b);
            if (b)
                big = b;
            if (!a || !b)
                goto fail;
        }
        small[k++] = (int)d;
        if (d * d != m)
            big[nbig++] = (int)(m / d);
    }
    int *all = malloc((size_t)(k + nbig) * sizeof *all);
    if (!all)
        goto fail;
    for (int i = 0; i < k; i++)
        all[i] = small[i];
    for (int i = 0; i < nbig; i++)
        all[k + i] = big[nbig - 1 - i];
    *n = k + nbig;
    free(small);
    free(big);
    return all;
fail:
    free(small);
    free(big);
    return NULL;
}

int ft_dims_create(int nnodes, int ndims, int *dims)
{
    long fixed = 1;
    int k = 0;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] == 0)
            k++;
        else
            fixed *= dims[i];
        if (fixed > nnodes)
            return -EINVAL;
    }
    if (nnodes % fixed)
        return -EINVAL;
    int m = (int)(nnodes / fixed);
    if (k == 0)
        return m == 1 ? 0 : -EINVAL;
    int ndiv;
    int *div = divisors(m, &ndiv);
    int *cur = malloc((size_t)k * sizeof *cur);
    int *best = malloc((size_t)k * sizeof *best);
    int rc = div && cur && best ? 0 : -ENOMEM;
    if (rc == 0) {
        struct search s = {div, ndiv, k, cur, best, m + 1L, m + 1L};
        dfs(&s, 0, m, m);
        for (int i = 0, j = 0; i < ndims; i++)
            if (dims[i] == 0)
                dims[i] = best[j++];
    }
    free(div);
    free(cur);
    free(best);
    return rc;
}

/* ---- building blocks -------------------------------------------------- */

/* A malloc'ed copy of n ints (never NULL for n == 0 unless out of
 * memory). */
static int *icopy(const int *a, int n)
{
    int *p = malloc((n > 0 ? (size_t)n : 1) * sizeof *p);
    if (p && n > 0)
        memcpy(p, a, (size_t)n * sizeof *p);
    return p;
}

void ft_topo_free(struct ft_topo *t)
{
    if (!t)
        return;
    free(t->dims);
    free(t->periods);
    free(t->coords);
    free(t->index);
    free(t->edges);
    free(t->inw);
    free(t->outw);
    free(t->in);
    free(t->out);
    free(t);
}

int ft_topo_dup(const struct ft_topo *t, struct ft_topo **out)
{
    struct ft_topo *c = calloc(1, sizeof *c);
    if (!c)
        return -ENOMEM;
    *c = *t;
    c->dims = c->periods = c->coords = c->index = c->edges = NULL;
    c->inw = c->outw = c->in = c->out = NULL;
    bool ok = true;
#define COPY(f, n)                                                            \
    if (t->f && !(c->f = icopy(t->f, n)))                                     \
        ok = false;
    COPY(dims, t->ndims)
    COPY(periods, t->ndims)
    COPY(coords, t->ndims)
    COPY(index, t->nnodes)
    COPY(edges, t->nedges)
    COPY(inw, t->nin)
    COPY(outw, t->nout)
    COPY(in, t->nin)
    COPY(out, t->nout)
#undef COPY
    if (!ok) {
        ft_topo_free(c);
        return -ENOMEM;
    }
    *out = c;
    return 0;
}

long ft_topo_grid_size(int ndims, const int *dims, long limit)
{
    long n = 1;
    for (int d = 0; d < ndims; d++) {
        n *= dims[d];
        if (n > limit)
            return -1;
    }
    return n;
}

/* ---- Cartesian -------------------------------------------------------- */

/* The rank of the process whose coordinates are this process's with
 * coordinate dir replaced by c (inside the grid). */
static int rank_with(const struct ft_topo *t, int dir, int c)
{
    int rank = 0;
    for (int d = 0; d < t->ndims; d++)
        rank = rank * t->dims[d] + (d == dir ? c : t->coords[d]);
    return rank;
}

int ft_topo_cart_rank(const struct ft_topo *t, const int *coords, int *rank,
                      int *bad_dim)
{
    int r = 0;
    for (int d = 0; d < t->ndims; d++) {
        int n = t->dims[d], c = coords[d];
        if (t->periods[d]) {
            c %= n;
            if (c < 0)
                c += n;
        } else if (c < 0 || c >= n) {
            *bad_dim = d;
            return -EINVAL;
        }
        r = r * n + c;
    }
    *rank = r;
    return 0;
}

void ft_topo_cart_coords(const struct ft_topo *t, int rank, int *coords)
{
    for (int d = t->ndims - 1; d >= 0; d--) {
        coords[d] = rank % t->dims[d];
        rank /= t->dims[d];
    }
}

/* The coordinate disp steps from c along dimension dir, or -1 when it
 * leaves a non-periodic grid. */
static int step(const struct ft_topo *t, int dir, int c, long disp)
{
    long n = t->dims[dir], x = c + disp;
    if (t->periods[dir]) {
        x %= n;
        if (x < 0)
            x += n;
        return (int)x;
    }
    return x < 0 || x >= n ? -1 : (int)x;
}

void ft_topo_cart_shift(const struct ft_topo *t, int dir, int disp,
                        int *src, int *dst)
{
    int c = t->coords[dir];
    int s = step(t, dir, c, -(long)disp), d = step(t, dir, c, disp);
    *src = s < 0 ? FT_PROC_NULL : rank_with(t, dir, s);
    *dst = d < 0 ? FT_PROC_NULL : rank_with(t, dir, d);
}

/* A Cartesian topology for the process of rank `rank` in the grid. */
static struct ft_topo *cart_new(int ndims, const int *dims,
                                const int *periods, int rank)
{
    struct ft_topo *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = FT_TOPO_CART;
    t->ndims = ndims;
    t->nin = t->nout = 2 * ndims;
    t->dims = icopy(dims, ndims);
    t->periods = malloc((ndims ? (size_t)ndims : 1) * sizeof *t->periods);
    t->coords = malloc((ndims ? (size_t)ndims : 1) * sizeof *t->coords);
    t->in = malloc((ndims ? 2 * (size_t)ndims : 1) * sizeof *t->in);
    t->out = malloc((ndims ? 2 * (size_t)ndims : 1) * sizeof *t->out);
    if (!t->dims || !t->periods || !t->coords || !t->in || !t->out) {
        ft_topo_free(t);
        return NULL;
    }
    for (int d = 0; d < ndims; d++)
        t->periods[d] = periods[d] != 0;
    ft_topo_cart_coords(t, rank, t->coords);
    for (int d = 0; d < ndims; d++) {
        ft_topo_cart_shift(t, d, 1, &t->in[2 * d], &t->in[2 * d + 1]);
        t->out[2 * d] = t->in[2 * d];
        t->out[2 * d + 1] = t->in[2 * d + 1];
    }
    return t;
}

/* The first n ranks of comm as a new communicator without topology (NULL
 * elsewhere), keeping their order.  All of comm is a duplicate, which in
 * FT-MPI blank mode keeps the holes where they are (a hole is then no
 * neighbor, as it is no peer in point-to-point); fewer are a split, and a
 * hole among them makes the grid or graph impossible: every member then
 * gets -FT_EPROCFAILED. */
static int first_ranks(struct ft_comm *comm, long n, struct ft_comm **out)
{
    *out = NULL;
    if (n == comm->size) {
        int rc = ft_comm_dup(comm, out);
        if (rc == 0) {
            ft_topo_free((*out)->topo);
            (*out)->topo = NULL;
        }
        return rc;
    }
    int rc = ft_comm_split(comm, comm->rank < n ? 0 : FT_UNDEFINED,
                           comm->rank, out);
    if (rc == 0 && *out && (*out)->size != n) {
        ft_comm_release(*out);
        *out = NULL;
        rc = -FT_EPROCFAILED;
    }
    return rc;
}

int ft_topo_cart_create(struct ft_comm *comm, int ndims, const int *dims,
                        const int *periods, struct ft_comm **out)
{
    long n = ft_topo_grid_size(ndims, dims, comm->size);
    if (n < 0)
        return -EINVAL;
    struct ft_comm *c;
    int rc = first_ranks(comm, n, &c);
    if (rc || !c) {
        *out = NULL;
        return rc;
    }
    c->topo = cart_new(ndims, dims, periods, c->rank);
    if (!c->topo) {
        ft_comm_release(c);
        return -ENOMEM;
    }
    *out = c;
    return 0;
}

int ft_topo_cart_sub(struct ft_comm *comm, const int *remain,
                     struct ft_comm **out)
{
    const struct ft_topo *t = comm->topo;
    *out = NULL;
    int nd = 0, color = 0;
    int *dims = malloc((t->ndims ? (size_t)t->ndims : 1) * sizeof *dims);
    int *periods = malloc((t->ndims ? (size_t)t->ndims : 1) * sizeof *dims);
    int rc = dims && periods ? 0 : -ENOMEM;
    for (int d = 0; rc == 0 && d < t->ndims; d++) {
        if (remain[d]) {
            dims[nd] = t->dims[d];
            periods[nd++] = t->periods[d];
        } else {
            color = color * t->dims[d] + t->coords[d];
        }
    }
    /* Every member calls the split, also when out of memory here, so the
     * others are not left waiting: a negative color does not exist. */
    struct ft_comm *c = NULL;
    int rc2 = ft_comm_split(comm, rc ? FT_UNDEFINED : color, comm->rank, &c);
    if (rc == 0)
        rc = rc2;
    /* A sub-grid that lost a member to a hole (blank mode) is no grid. */
    if (rc == 0 && c && c->size != ft_topo_grid_size(nd, dims, c->size))
        rc = -FT_EPROCFAILED;
    if (rc == 0 && c) {
        c->topo = cart_new(nd, dims, periods, c->rank);
        if (!c->topo)
            rc = -ENOMEM;
    }
    if (rc && c)
        ft_comm_release(c);
    else
        *out = c;
    free(dims);
    free(periods);
    return rc;
}

/* ---- graphs ----------------------------------------------------------- */

int ft_topo_graph_neighbors(const struct ft_topo *t, int node,
                            const int **list)
{
    int start = node > 0 ? t->index[node - 1] : 0;
    *list = t->edges + start;
    return t->index[node] - start;
}

int ft_topo_graph_create(struct ft_comm *comm, int nnodes, const int *index,
                         const int *edges, struct ft_comm **out)
{
    struct ft_comm *c;
    int rc = first_ranks(comm, nnodes, &c);
    if (rc || !c) {
        *out = NULL;
        return rc;
    }
    struct ft_topo *t = calloc(1, sizeof *t);
    if (!t) {
        ft_comm_release(c);
        return -ENOMEM;
    }
    t->kind = FT_TOPO_GRAPH;
    t->nnodes = nnodes;
    t->nedges = nnodes > 0 ? index[nnodes - 1] : 0;
    t->index = icopy(index, nnodes);
    t->edges = icopy(edges, t->nedges);
    if (t->index && t->edges) {
        const int *nb;
        t->nin = t->nout = ft_topo_graph_neighbors(t, c->rank, &nb);
        t->in = icopy(nb, t->nin);
        t->out = icopy(nb, t->nout);
    }
    if (!t->index || !t->edges || !t->in || !t->out) {
        ft_topo_free(t);
        ft_comm_release(c);
        return -ENOMEM;
    }
    c->topo = t;
    *out = c;
    return 0;
}

/* A duplicate of comm carrying t (taken over, also on failure) in place
 * of whatever topology comm had. */
static int dup_with(struct ft_comm *comm, struct ft_topo *t,
                    struct ft_comm **out)
{
    *out = NULL;
    struct ft_comm *c;
    int rc = ft_comm_dup(comm, &c);
    if (rc == 0 && !t) {
        ft_comm_release(c);
        rc = -ENOMEM;
    }
    if (rc) {
        ft_topo_free(t);
        return rc;
    }
    ft_topo_free(c->topo);
    c->topo = t;
    *out = c;
    return 0;
}

/* An empty distributed-graph topology with room for the edges. */
static struct ft_topo *dist_new(int nin, int nout, bool weighted)
{
    struct ft_topo *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = FT_TOPO_DIST_GRAPH;
    t->weighted = weighted;
    t->nin = nin;
    t->nout = nout;
    t->in = malloc((nin ? (size_t)nin : 1) * sizeof *t->in);
    t->out = malloc((nout ? (size_t)nout : 1) * sizeof *t->out);
    bool ok = t->in && t->out;
    if (weighted) {
        t->inw = malloc((nin ? (size_t)nin : 1) * sizeof *t->inw);
        t->outw = malloc((nout ? (size_t)nout : 1) * sizeof *t->outw);
        ok = ok && t->inw && t->outw;
    }
    if (!ok) {
        ft_topo_free(t);
        return NULL;
    }
    return t;
}

int ft_topo_dist_graph_adjacent(struct ft_comm *comm, int indegree,
                                const int *sources, const int *sweights,
                                int outdegree, const int *dests,
                                const int *dweights, bool weighted,
                                struct ft_comm **out)
{
    struct ft_topo *t = dist_new(indegree, outdegree, weighted);
    if (t) {
        if (indegree)
            memcpy(t->in, sources, (size_t)indegree * sizeof *t->in);
        if (outdegree)
            memcpy(t->out, dests, (size_t)outdegree * sizeof *t->out);
        if (weighted && indegree)
            memcpy(t->inw, sweights, (size_t)indegree * sizeof *t->inw);
        if (weighted && outdegree)
            memcpy(t->outw, dweights, (size_t)outdegree * sizeof *t->outw);
    }
    /* The duplication runs even without t, so no member is left in it
     * alone. */
    return dup_with(comm, t, out);
}

/* An edge on its way to one of its ends: what the end learns. */
enum { EDGE_OUT, EDGE_IN }; /* the receiver is the source / destination */
#define EDGE_INTS 3         /* kind, the other end, weight */

int ft_topo_dist_graph_create(struct ft_comm *comm, int n,
                              const int *sources, const int *degrees,
                              const int *dests, const int *weights,
                              bool weighted, struct ft_comm **out)
{
    *out = NULL;
    int size = comm->size;
    struct ft_datatype *dt = ft_dt_basic_type(FT_B_INT);
    /* Like the other constructors, a member out of memory returns at once
     * (the API layer has made sure the counts fit an int). */
    int *cnt = calloc((size_t)size * 5, sizeof *cnt);
    if (!cnt)
        return -ENOMEM;
    int *sdsp = cnt + size, *rcnt = cnt + 2 * size, *rdsp = cnt + 3 * size;
    int *fill = cnt + 4 * size;
    long total = 0;
    for (int i = 0, k = 0; i < n; i++) {
        for (int j = 0; j < degrees[i]; j++, k++) {
            cnt[sources[i]] += EDGE_INTS;
            cnt[dests[k]] += EDGE_INTS;
            total += 2 * EDGE_INTS;
        }
    }
    int *sbuf = malloc((size_t)(total ? total : 1) * sizeof *sbuf);
    int *rbuf = NULL;
    struct ft_topo *t = NULL;
    int rc = sbuf ? 0 : -ENOMEM;
    if (rc)
        goto out;
    for (int r = 0, at = 0; r < size; r++) {
        sdsp[r] = fill[r] = at;
        at += cnt[r];
    }
    for (int i = 0, k = 0; i < n; i++) {
        for (int j = 0; j < degrees[i]; j++, k++) {
            int s = sources[i], d = dests[k], w = weighted ? weights[k] : 1;
            int *p = sbuf + fill[s];
            p[0] = EDGE_OUT, p[1] = d, p[2] = w;
            fill[s] += EDGE_INTS;
            p = sbuf + fill[d];
            p[0] = EDGE_IN, p[1] = s, p[2] = w;
            fill[d] += EDGE_INTS;
        }
    }
    /* How many ints each member sends each other, then the edges. */
    struct ft_coll_args a = {.kind = FT_COLL_ALLTOALL,
                             .sbuf = cnt,
                             .scount = 1,
                             .sdt = dt,
                             .rbuf = rcnt,
                             .rcount = 1,
                             .rdt = dt};
    rc = ft_coll_run(comm, &a, NULL);
    if (rc)
        goto out;
    long rtotal = 0;
    for (int r = 0; r < size; r++) {
        rdsp[r] = (int)rtotal;
        rtotal += rcnt[r];
    }
    rbuf = malloc((size_t)(rtotal ? rtotal : 1) * sizeof *rbuf);
    if (!rbuf) {
        rc = -ENOMEM;
        goto out;
    }
    struct ft_coll_args v = {.kind = FT_COLL_ALLTOALLV,
                             .sbuf = sbuf,
                             .scounts = cnt,
                             .sdispls = sdsp,
                             .sdt = dt,
                             .rbuf = rbuf,
                             .rcounts = rcnt,
                             .rdispls = rdsp,
                             .rdt = dt};
    rc = ft_coll_run(comm, &v, NULL);
    if (rc)
        goto out;
    int nin = 0, nout = 0;
    for (long i = 0; i < rtotal; i += EDGE_INTS) {
        if (rbuf[i] == EDGE_IN)
            nin++;
        else
            nout++;
    }
    t = dist_new(nin, nout, weighted);
    nin = nout = 0;
    for (long i = 0; t && i < rtotal; i += EDGE_INTS) {
        if (rbuf[i] == EDGE_IN) {
            if (weighted)
                t->inw[nin] = rbuf[i + 2];
            t->in[nin++] = rbuf[i + 1];
        } else {
            if (weighted)
                t->outw[nout] = rbuf[i + 2];
            t->out[nout++] = rbuf[i + 1];
        }
    }
    /* The duplication runs even without t, so no member is left in it
     * alone. */
    rc = dup_with(comm, t, out);
out:
    free(cnt);
    free(sbuf);
    free(rbuf);
    return rc;
}
