/*
 * scatter_binomial.c -- binomial-tree scatter: the root sends each
 * subtree its blocks in one message; inner ranks keep their own block and
 * pass the rest on.  log2(n) steps.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_build_scatter_binomial(struct ft_sched *s,
                              const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    int rel = (r - root + n) % n;
    int low = ft_tree_lowbit(rel, n);
    int sub = low < n - rel ? low : n - rel;
    bool inplace = r == root && a->rbuf == MPI_IN_PLACE;
    size_t blk = r == root ? a->scount * a->sdt->size
                           : a->rcount * a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();

    if (sub == 1 && rel != 0) {
        ft_sched_recv(s, a->rbuf, a->rcount, a->rdt, (rel - low + root) % n);
        return s->error;
    }
    char *tmp = ft_sched_tmp(s, blk * (size_t)sub);
    if (rel == 0) {
        /* Blocks in relative order, so each subtree's are contiguous. */
        for (int j = 0; j < n; j++) {
            const void *p;
            size_t cnt;
            struct ft_datatype *dt;
            ft_coll_sblock(a, (j + root) % n, &p, &cnt, &dt);
            ft_sched_copy(s, p, cnt, dt, tmp + (size_t)j * blk, blk, b);
        }
    } else {
        ft_sched_recv(s, tmp, blk * (size_t)sub, b, (rel - low + root) % n);
        ft_sched_fence(s);
    }
    for (int m = low >> 1; m > 0; m >>= 1) {
        int c = rel + m;
        if (c >= n)
            continue;
        int cnt = m < n - c ? m : n - c;
        ft_sched_send(s, tmp + (size_t)m * blk, (size_t)cnt * blk, b,
                      (c + root) % n);
    }
    if (!inplace)
        ft_sched_copy(s, tmp, blk, b, a->rbuf, a->rcount, a->rdt);
    return s->error;
}
