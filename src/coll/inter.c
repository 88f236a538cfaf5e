/*
 * inter.c -- collectives on intercommunicators (MPI 5.2.2): each group
 * works on its own local communicator (comm->local) and the groups meet
 * through their rank 0, or every pair exchanges directly.
 *
 *   barrier:     local barrier, leaders exchange, local barrier
 *   bcast:       the root sends to remote rank 0, which broadcasts locally
 *   reduce:      the other group reduces to its rank 0 (rank order), which
 *                sends to the root
 *   allreduce:   both groups reduce to rank 0, the leaders exchange, each
 *                group broadcasts the other group's result
 *   reduce_scatter(_block): like allreduce, then each group scatters
 *                the other group's result
 *   gather(v), scatter(v), allgather(v), alltoall(v, w): every process
 *                exchanges directly with the remote processes concerned.
 *
 * The root argument is MPI_ROOT at the root, MPI_PROC_NULL in the rest of
 * its group, and the root's rank in the other group.  Each local half
 * takes its own tag from the local communicator, in the same order at
 * every member of that group.
 */
#include <errno.h>

#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

static void each_remote(struct ft_sched *s, const struct ft_coll_args *a,
                        bool recv, bool send)
{
    struct ft_comm *c = s->comm;
    for (int k = 0; k < c->npeers; k++) {
        int i = (c->rank + k) % c->npeers;
        if (recv) {
            void *p;
            size_t cnt;
            struct ft_datatype *dt;
            ft_coll_rblock(a, i, &p, &cnt, &dt);
            ft_sched_recv(s, p, cnt, dt, i);
        }
        if (send) {
            const void *p = a->sbuf;
            size_t cnt = a->scount;
            struct ft_datatype *dt = a->sdt;
            if (a->kind != FT_COLL_ALLGATHER &&
                a->kind != FT_COLL_ALLGATHERV)
                ft_coll_sblock(a, i, &p, &cnt, &dt);
            ft_sched_send(s, p, cnt, dt, i);
        }
    }
}

int ft_build_inter(struct ft_sched *s, const struct ft_coll_args *a)
{
    struct ft_comm *c = s->comm, *lc = c->local;
    struct ft_datatype *b = ft_coll_bytes();
    int me = c->rank, tag = s->tag;
    bool root = a->root == MPI_ROOT, none = a->root == MPI_PROC_NULL;
    switch (a->kind) {
    case FT_COLL_BARRIER: {
        int lt = ft_coll_next_tag(lc);
        ft_sched_use(s, lc, lt);
        ft_build_barrier_dissem(s, a);
        ft_sched_use(s, c, tag);
        if (me == 0) {
            ft_sched_recv(s, NULL, 0, b, 0);
            ft_sched_send(s, NULL, 0, b, 0);
            ft_sched_fence(s);
        }
        ft_sched_use(s, lc, lt);
        ft_build_barrier_dissem(s, a);
        return s->error;
    }
    case FT_COLL_BCAST: {
        if (none)
            return 0;
        if (root) {
            ft_sched_send(s, a->rbuf, a->rcount, a->rdt, 0);
            return s->error;
        }
        int lt = ft_coll_next_tag(lc);
        if (me == 0) {
            ft_sched_recv(s, a->rbuf, a->rcount, a->rdt, a->root);
            ft_sched_fence(s);
        }
        struct ft_coll_args l = *a;
        l.root = 0;
        ft_sched_use(s, lc, lt);
        return ft_build_bcast_binomial(s, &l);
    }
    case FT_COLL_REDUCE: {
        if (none)
            return 0;
        if (root) {
            ft_sched_recv(s, a->rbuf, a->rcount, a->rdt, 0);
            return s->error;
        }
        int lt = ft_coll_next_tag(lc);
        size_t bytes = a->rcount * a->rdt->size;
        const void *in = ft_coll_view_in(s, a->sbuf, a->rcount, a->rdt);
        void *acc = ft_sched_tmp(s, bytes);
        ft_sched_use(s, lc, lt);
        ft_coll_reduce_tree(s, in, acc, a->rcount, 0);
        ft_sched_fence(s);
        ft_sched_use(s, c, tag);
        if (me == 0)
            ft_sched_send(s, acc, bytes, b, a->root);
        return s->error;
    }
    case FT_COLL_ALLREDUCE: {
        int lt = ft_coll_next_tag(lc);
        size_t bytes = a->rcount * a->rdt->size;
        const void *in = ft_coll_view_in(s, a->sbuf, a->rcount, a->rdt);
        void *acc = ft_sched_tmp(s, bytes);
        char *out = ft_coll_view_out(s, a->rbuf, a->rcount, a->rdt, false);
        ft_sched_use(s, lc, lt);
        ft_coll_reduce_tree(s, in, acc, a->rcount, 0);
        ft_sched_fence(s);
        ft_sched_use(s, c, tag);
        if (me == 0) {
            ft_sched_recv(s, out, bytes, b, 0);
            ft_sched_send(s, acc, bytes, b, 0);
            ft_sched_fence(s);
        }
        struct ft_coll_args l = {.kind = FT_COLL_BCAST, .rbuf = out,
                                 .rcount = bytes, .rdt = b, .root = 0};
        ft_sched_use(s, lc, lt);
        return ft_build_bcast_binomial(s, &l);
    }
    case FT_COLL_GATHER:
    case FT_COLL_GATHERV:
        if (root)
            each_remote(s, a, true, false);
        else if (!none)
            ft_sched_send(s, a->sbuf, a->scount, a->sdt, a->root);
        return s->error;
    case FT_COLL_SCATTER:
    case FT_COLL_SCATTERV:
        if (root)
            each_remote(s, a, false, true);
        else if (!none)
            ft_sched_recv(s, a->rbuf, a->rcount, a->rdt, a->root);
        return s->error;
    case FT_COLL_ALLGATHER:
    case FT_COLL_ALLGATHERV:
    case FT_COLL_ALLTOALL:
    case FT_COLL_ALLTOALLV:
    case FT_COLL_ALLTOALLW:
        each_remote(s, a, true, true);
        return s->error;
    case FT_COLL_REDUCE_SCATTER:
    case FT_COLL_REDUCE_SCATTER_BLOCK: {
        /* Each group reduces its vectors at its rank 0, the leaders swap
         * the results, and each scatters the other group's. */
        int lt = ft_coll_next_tag(lc);
        size_t esz = a->rdt->size, total = 0;
        for (int i = 0; i < c->size; i++)
            total += ft_coll_rs_count(a, i);
        const void *in = ft_coll_view_in(s, a->sbuf, total, a->rdt);
        char *acc = ft_sched_tmp(s, total * esz);
        char *got = ft_sched_tmp(s, total * esz);
        ft_sched_use(s, lc, lt);
        ft_coll_reduce_tree(s, in, acc, total, 0);
        ft_sched_fence(s);
        ft_sched_use(s, c, tag);
        if (me == 0) {
            ft_sched_recv(s, got, total * esz, b, 0);
            ft_sched_send(s, acc, total * esz, b, 0);
            ft_sched_fence(s);
        }
        ft_sched_use(s, lc, lt);
        if (me != 0) {
            ft_sched_recv(s, a->rbuf, ft_coll_rs_count(a, me), a->rdt, 0);
            return s->error;
        }
        size_t off = 0;
        for (int i = 0; i < c->size; i++) {
            size_t len = ft_coll_rs_count(a, i) * esz;
            if (i == 0)
                ft_sched_copy(s, got, len, b, a->rbuf, ft_coll_rs_count(a, 0),
                              a->rdt);
            else
                ft_sched_send(s, got + off, len, b, i);
            off += len;
        }
        return s->error;
    }
    default:
        return -ENOSYS;
    }
}
