/*
 * reduce_scatter_gather.c -- reduce_scatter (both forms) for any
 * operation: a binomial reduce of the whole vector to rank 0, in rank
 * order, then rank 0 sends every rank its block.  The choice for
 * non-commutative operations.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_build_reduce_scatter_gather(struct ft_sched *s,
                                   const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    size_t esz = a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += ft_coll_rs_count(a, i);
    size_t mine = ft_coll_rs_count(a, r);
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
    const void *in = ft_coll_view_in(s, src, total, a->rdt);
    char *acc = ft_sched_tmp(s, total * esz);
    ft_coll_reduce_tree(s, in, acc, total, 0);
    ft_sched_fence(s);
    if (r != 0) {
        ft_sched_recv(s, a->rbuf, mine, a->rdt, 0);
        return s->error;
    }
    size_t off = mine * esz;
    for (int i = 1; i < n; i++) {
        size_t len = ft_coll_rs_count(a, i) * esz;
        ft_sched_send(s, acc + off, len, b, i);
        off += len;
    }
    ft_sched_copy(s, acc, mine * esz, b, a->rbuf, mine, a->rdt);
    return s->error;
}
