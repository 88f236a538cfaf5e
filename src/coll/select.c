/*
 * select.c -- the table that picks an algorithm for a collective call.
 *
 * Entries are tried in order; the first whose needs are met and whose
 * size limits fit is used.  Needs are hard (a non-commutative operation
 * cannot use an algorithm that reorders it; the shared-memory algorithms
 * need a blocking call on a communicator within one host, with the data
 * fitting a rank's box); limits are soft: when no entry fits them, the
 * first entry whose needs are met is used.  FTMPI_COLL_ALG=k ignores the
 * limits and takes the k-th entry whose needs are met (the last if there
 * are fewer), so tests can run every algorithm at every size.
 *
 * The choice depends only on what every member knows alike (operation,
 * communicator size, message size, the operation's commutativity), so all
 * members choose the same algorithm.
 */
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

#include <mpi.h>

#define NEED_COMMUTE 1u
#define NEED_SHM 2u

struct alg {
    enum ft_coll_kind kind;
    const char *name;
    ft_coll_build_fn build;
    ft_coll_shm_fn shm;
    unsigned need;
    size_t max_bytes; /* use up to this many bytes (0: any) */
    int min_ranks, max_ranks; /* use for this many ranks (0: any) */
};

#define K(x) FT_COLL_##x
static const struct alg table[] = {
    {K(BARRIER), "shm", NULL, ft_shm_barrier, NEED_SHM, 0, 0, 0},
    {K(BARRIER), "dissemination", ft_build_barrier_dissem, NULL, 0, 0, 0, 0},

    {K(BCAST), "shm", NULL, ft_shm_bcast, NEED_SHM, 0, 0, 0},
    {K(BCAST), "binomial", ft_build_bcast_binomial, NULL, 0, 16384, 0, 0},
    {K(BCAST), "scatter_allgather", ft_build_bcast_scatter_ag, NULL, 0, 0, 3,
     0},
    {K(BCAST), "binomial", ft_build_bcast_binomial, NULL, 0, 0, 0, 0},

    {K(REDUCE), "shm", NULL, ft_shm_reduce, NEED_SHM, 0, 0, 0},
    {K(REDUCE), "binomial", ft_build_reduce_binomial, NULL, 0, 0, 0, 0},

    {K(ALLREDUCE), "shm", NULL, ft_shm_reduce, NEED_SHM, 0, 0, 0},
    {K(ALLREDUCE), "recursive_doubling", ft_build_allreduce_recdbl, NULL, 0,
     8192, 0, 0},
    {K(ALLREDUCE), "rabenseifner", ft_build_allreduce_rabenseifner, NULL,
     NEED_COMMUTE, 0, 0, 0},
    {K(ALLREDUCE), "recursive_doubling", ft_build_allreduce_recdbl, NULL, 0,
     0, 0, 0},

    {K(GATHER), "binomial", ft_build_gather_binomial, NULL, 0, 16384, 0, 0},
    {K(GATHER), "linear", ft_build_gatherv_linear, NULL, 0, 0, 0, 0},
    {K(GATHERV), "linear", ft_build_gatherv_linear, NULL, 0, 0, 0, 0},

    {K(SCATTER), "binomial", ft_build_scatter_binomial, NULL, 0, 16384, 0,
     0},
    {K(SCATTER), "linear", ft_build_scatterv_linear, NULL, 0, 0, 0, 0},
    {K(SCATTERV), "linear", ft_build_scatterv_linear, NULL, 0, 0, 0, 0},

    {K(ALLGATHER), "shm", NULL, ft_shm_allgather, NEED_SHM, 0, 0, 0},
    {K(ALLGATHER), "linear", ft_build_allgatherv_linear, NULL, 0, 2048, 0,
     8},
    {K(ALLGATHER), "bruck", ft_build_allgather_bruck, NULL, 0, 16384, 0, 0},
    {K(ALLGATHER), "ring", ft_build_allgatherv_ring, NULL, 0, 0, 0, 0},
    {K(ALLGATHERV), "linear", ft_build_allgatherv_linear, NULL, 0, 0, 0, 8},
    {K(ALLGATHERV), "ring", ft_build_allgatherv_ring, NULL, 0, 0, 0, 0},

    {K(ALLTOALL), "shm", NULL, ft_shm_alltoall, NEED_SHM, 0, 0, 0},
    {K(ALLTOALL), "linear", ft_build_alltoallw_linear, NULL, 0, 0, 0, 8},
    {K(ALLTOALL), "bruck", ft_build_alltoall_bruck, NULL, 0, 256, 0, 0},
    {K(ALLTOALL), "pairwise", ft_build_alltoallw_pairwise, NULL, 0, 0, 0, 0},
    {K(ALLTOALLV), "linear", ft_build_alltoallw_linear, NULL, 0, 0, 0, 16},
    {K(ALLTOALLV), "pairwise", ft_build_alltoallw_pairwise, NULL, 0, 0, 0,
     0},
    {K(ALLTOALLW), "linear", ft_build_alltoallw_linear, NULL, 0, 0, 0, 16},
    {K(ALLTOALLW), "pairwise", ft_build_alltoallw_pairwise, NULL, 0, 0, 0,
     0},

    {K(REDUCE_SCATTER), "halving", ft_build_reduce_scatter_halving, NULL,
     NEED_COMMUTE, 262144, 0, 0},
    {K(REDUCE_SCATTER), "pairwise", ft_build_reduce_scatter_pairwise, NULL,
     NEED_COMMUTE, 0, 0, 0},
    {K(REDUCE_SCATTER), "reduce_scatterv", ft_build_reduce_scatter_gather,
     NULL, 0, 0, 0, 0},
    {K(REDUCE_SCATTER_BLOCK), "halving", ft_build_reduce_scatter_halving,
     NULL, NEED_COMMUTE, 262144, 0, 0},
    {K(REDUCE_SCATTER_BLOCK), "pairwise", ft_build_reduce_scatter_pairwise,
     NULL, NEED_COMMUTE, 0, 0, 0},
    {K(REDUCE_SCATTER_BLOCK), "reduce_scatterv",
     ft_build_reduce_scatter_gather, NULL, 0, 0, 0, 0},

    {K(SCAN), "recursive_doubling", ft_build_scan_recdbl, NULL, 0, 0, 0, 0},
    {K(EXSCAN), "recursive_doubling", ft_build_scan_recdbl, NULL, 0, 0, 0,
     0},

    {K(NEIGHBOR_ALLGATHER), "neighbor", ft_build_neighbor, NULL, 0, 0, 0, 0},
    {K(NEIGHBOR_ALLGATHERV), "neighbor", ft_build_neighbor, NULL, 0, 0, 0,
     0},
    {K(NEIGHBOR_ALLTOALL), "neighbor", ft_build_neighbor, NULL, 0, 0, 0, 0},
    {K(NEIGHBOR_ALLTOALLV), "neighbor", ft_build_neighbor, NULL, 0, 0, 0, 0},
    {K(NEIGHBOR_ALLTOALLW), "neighbor", ft_build_neighbor, NULL, 0, 0, 0, 0},
};
#undef K
#define NTABLE (sizeof table / sizeof table[0])

static size_t triple_bytes(const void *sbuf, size_t scount,
                           const struct ft_datatype *sdt, size_t rcount,
                           const struct ft_datatype *rdt)
{
    if (sbuf == MPI_IN_PLACE || !sdt)
        return rcount * rdt->size;
    return scount * sdt->size;
}

/* The message size the table compares, the same at every member. */
static size_t call_bytes(const struct ft_comm *c, const struct ft_coll_args *a)
{
    switch (a->kind) {
    case FT_COLL_BARRIER:
        return 0;
    case FT_COLL_BCAST:
    case FT_COLL_REDUCE:
    case FT_COLL_ALLREDUCE:
    case FT_COLL_SCAN:
    case FT_COLL_EXSCAN:
        return a->rcount * a->rdt->size;
    case FT_COLL_REDUCE_SCATTER_BLOCK:
        return a->rcount * a->rdt->size * (size_t)c->size;
    case FT_COLL_REDUCE_SCATTER: {
        size_t n = 0;
        for (int i = 0; i < c->size; i++)
            n += (size_t)a->rcounts[i];
        return n * a->rdt->size;
    }
    case FT_COLL_GATHER:
        if (c->rank == a->root)
            return triple_bytes(a->sbuf, a->scount, a->sdt, a->rcount,
                                a->rdt);
        return a->scount * a->sdt->size;
    case FT_COLL_SCATTER:
        if (c->rank == a->root)
            return a->scount * a->sdt->size;
        return a->rcount * a->rdt->size;
    case FT_COLL_ALLGATHER:
    case FT_COLL_ALLTOALL:
        return triple_bytes(a->sbuf, a->scount, a->sdt, a->rcount, a->rdt);
    default:
        return 0; /* v and w forms: sizes differ between members */
    }
}

/* Whether the shared-memory algorithm can carry the call. */
static bool shm_fits(const struct ft_comm *c, const struct ft_coll_args *a,
                     size_t bytes)
{
    const struct coll_eng *ce = c->eng->coll;
    const struct coll_comm *cc = c->coll;
    if (!ce->shm || !cc || !cc->shm)
        return false;
    size_t box = ft_shm_box_bytes(ce->shm);
    if (a->kind == FT_COLL_ALLTOALL)
        return bytes * (size_t)c->size <= box;
    return bytes <= box;
}

static bool needs_met(const struct alg *e, const struct ft_comm *c,
                      const struct ft_coll_args *a, size_t bytes,
                      bool blocking)
{
    if ((e->need & NEED_COMMUTE) && !a->op->commute)
        return false;
    if (e->need & NEED_SHM)
        return blocking && shm_fits(c, a, bytes);
    return true;
}

static bool limits_fit(const struct alg *e, const struct ft_comm *c,
                       size_t bytes)
{
    return (!e->max_bytes || bytes <= e->max_bytes) &&
           (!e->min_ranks || c->size >= e->min_ranks) &&
           (!e->max_ranks || c->size <= e->max_ranks);
}

/* Where each operation's entries start (the table lists them together). */
static size_t start_of(enum ft_coll_kind kind)
{
    static size_t start[FT_COLL_NKINDS];
    static bool ready;
    if (!ready) {
        for (size_t i = NTABLE; i-- > 0;)
            start[table[i].kind] = i;
        ready = true;
    }
    return start[kind];
}

static const struct alg *choose(struct ft_comm *c,
                                const struct ft_coll_args *a, bool blocking)
{
    const struct coll_eng *ce = c->eng->coll;
    size_t bytes = call_bytes(c, a);
    const struct alg *first = NULL, *forced = NULL;
    int k = 0;
    for (size_t i = start_of(a->kind); i < NTABLE; i++) {
        const struct alg *e = &table[i];
        if (e->kind != a->kind)
            break;
        if (!needs_met(e, c, a, bytes, blocking))
            continue;
        if (!first)
            first = e;
        if (ce->force_alg >= 0) {
            if (!forced || k <= ce->force_alg) {
                /* Each distinct algorithm counts once. */
                if (!forced || forced->build != e->build ||
                    forced->shm != e->shm) {
                    forced = e;
                    k++;
                }
            }
            continue;
        }
        if (limits_fit(e, c, bytes))
            return e;
    }
    return forced ? forced : first;
}

int ft_coll_select(struct ft_comm *c, const struct ft_coll_args *a,
                   bool blocking, ft_coll_build_fn *build,
                   ft_coll_shm_fn *shm, const char **name)
{
    const struct alg *e = choose(c, a, blocking);
    if (!e)
        return -1;
    *build = e->build;
    *shm = e->shm;
    if (name)
        *name = e->name;
    return 0;
}
