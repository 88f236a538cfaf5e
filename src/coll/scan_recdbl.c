/*
 * scan_recdbl.c -- scan and exscan by recursive doubling: in step k a
 * rank exchanges with rank XOR 2^k the reduction of its current group
 * (partial); data from below is added to its result and its partial,
 * data from above only to its partial.  log2(n) steps, any n, rank order
 * kept for non-commutative operations.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_build_scan_recdbl(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    bool ex = a->kind == FT_COLL_EXSCAN, commute = a->op->commute;
    size_t count = a->rcount, bytes = count * a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
    char *partial = ft_sched_tmp(s, bytes), *tmp = ft_sched_tmp(s, bytes);
    ft_coll_copy(src, count, a->rdt, partial, bytes, b);
    /* Exscan leaves rank 0's buffer alone. */
    char *out = ex && r == 0
                    ? NULL
                    : ft_coll_view_out(s, a->rbuf, count, a->rdt, false);
    if (!ex)
        ft_sched_copy(s, partial, bytes, b, out, bytes, b);
    bool have = !ex; /* out holds something yet */
    for (int mask = 1; mask < n; mask <<= 1) {
        int dst = r ^ mask;
        if (dst >= n)
            continue;
        ft_sched_send(s, partial, bytes, b, dst);
        ft_sched_recv(s, tmp, bytes, b, dst);
        ft_sched_fence(s);
        if (dst < r) {
            if (have) {
                ft_sched_reduce(s, tmp, out, count, false);
            } else {
                ft_sched_copy(s, tmp, bytes, b, out, bytes, b);
                have = true;
            }
            ft_sched_reduce(s, tmp, partial, count, false);
        } else {
            ft_sched_reduce(s, tmp, partial, count, !commute);
        }
    }
    return s->error;
}
