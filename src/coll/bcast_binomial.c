/*
 * bcast_binomial.c -- binomial-tree broadcast: a rank receives the whole
 * message from its parent, then passes it to its subtrees, largest first.
 * log2(n) steps; the user's buffer and datatype are used as they are.
 */
#include "coll/impl.h"
#include "core/comm.h"

int ft_build_bcast_binomial(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    int rel = (r - root + n) % n;
    int low = ft_tree_lowbit(rel, n);
    if (rel != 0) {
        ft_sched_recv(s, a->rbuf, a->rcount, a->rdt,
                      (rel - low + root) % n);
        ft_sched_fence(s);
    }
    for (int m = low >> 1; m > 0; m >>= 1)
        if (rel + m < n)
            ft_sched_send(s, a->rbuf, a->rcount, a->rdt,
                          (rel + m + root) % n);
    return s->error;
}
