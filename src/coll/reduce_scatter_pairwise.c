/*
 * reduce_scatter_pairwise.c -- reduce_scatter (both forms) for large
 * messages and commutative operations: in step k a rank sends rank + k
 * its contribution to that rank's block and combines what rank - k sends
 * for its own.  n - 1 steps, every byte crosses one link once.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_build_reduce_scatter_pairwise(struct ft_sched *s,
                                     const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    size_t esz = a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    size_t *disp = ft_sched_tmp(s, (size_t)(n + 1) * sizeof *disp);
    disp[0] = 0;
    for (int i = 0; i < n; i++)
        disp[i + 1] = disp[i] + ft_coll_rs_count(a, i);
    size_t total = disp[n], mine = ft_coll_rs_count(a, r);
    const char *in;
    if (a->sbuf == MPI_IN_PLACE) {
        /* The result overwrites the start of the input: work on a copy. */
        char *c = ft_sched_tmp(s, total * esz);
        ft_coll_copy(a->rbuf, total, a->rdt, c, total * esz, b);
        in = c;
    } else {
        in = ft_coll_view_in(s, a->sbuf, total, a->rdt);
    }
    char *acc = ft_coll_view_out(s, a->rbuf, mine, a->rdt, false);
    char *tmp = ft_sched_tmp(s, mine * esz);
    ft_sched_copy(s, in + disp[r] * esz, mine * esz, b, acc, mine * esz, b);
    for (int k = 1; k < n; k++) {
        int to = (r + k) % n, from = (r - k + n) % n;
        ft_sched_send(s, in + disp[to] * esz, (disp[to + 1] - disp[to]) * esz,
                      b, to);
        ft_sched_recv(s, tmp, mine * esz, b, from);
        ft_sched_fence(s);
        ft_sched_reduce(s, tmp, acc, mine, false);
    }
    return s->error;
}
