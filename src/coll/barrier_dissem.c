/*
 * barrier_dissem.c -- dissemination barrier: in round k every rank
 * signals rank + 2^k and waits for rank - 2^k; after ceil(log2 n) rounds
 * everyone has heard, indirectly, from everyone.  Any n; two ranks make a
 * single exchange.
 */
#include "coll/impl.h"
#include "core/comm.h"

int ft_build_barrier_dissem(struct ft_sched *s, const struct ft_coll_args *a)
{
    (void)a;
    int n = CSIZE(s), r = CRANK(s);
    for (int k = 1; k < n; k <<= 1) {
        ft_sched_recv(s, NULL, 0, ft_coll_bytes(), (r - k + n) % n);
        ft_sched_send(s, NULL, 0, ft_coll_bytes(), (r + k) % n);
        ft_sched_fence(s);
    }
    return s->error;
}
