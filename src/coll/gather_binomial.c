/*
 * gather_binomial.c -- binomial-tree gather: a rank collects its
 * subtree's blocks, in relative rank order, into scratch and sends them to
 * its parent in one message; the root puts the blocks in place.  log2(n)
 * steps instead of n - 1 messages into the root.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_build_gather_binomial(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    int rel = (r - root + n) % n;
    int low = ft_tree_lowbit(rel, n);
    int sub = low < n - rel ? low : n - rel; /* blocks in our subtree */
    bool inplace = a->sbuf == MPI_IN_PLACE;
    size_t blk = inplace ? a->rcount * a->rdt->size : a->scount * a->sdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    int parent = (rel - low + root) % n;

    if (sub == 1) {
        if (rel != 0)
            ft_sched_send(s, a->sbuf, a->scount, a->sdt, parent);
        else if (!inplace)
            ft_sched_copy(s, a->sbuf, a->scount, a->sdt, a->rbuf, a->rcount,
                          a->rdt);
        return s->error;
    }
    char *tmp = ft_sched_tmp(s, blk * (size_t)sub);
    for (int m = 1; m < low && rel + m < n; m <<= 1) {
        int c = rel + m, cnt = m < n - c ? m : n - c;
        ft_sched_recv(s, tmp + (size_t)m * blk, (size_t)cnt * blk, b,
                      (c + root) % n);
    }
    if (!inplace)
        ft_sched_copy(s, a->sbuf, a->scount, a->sdt, tmp, blk, b);
    ft_sched_fence(s);
    if (rel != 0) {
        ft_sched_send(s, tmp, blk * (size_t)sub, b, parent);
        return s->error;
    }
    for (int j = 0; j < n; j++) {
        if (j == 0 && inplace)
            continue;
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, (j + root) % n, &p, &cnt, &dt);
        ft_sched_copy(s, tmp + (size_t)j * blk, blk, b, p, cnt, dt);
    }
    return s->error;
}
