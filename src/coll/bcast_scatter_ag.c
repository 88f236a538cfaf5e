/*
 * bcast_scatter_ag.c -- broadcast of large messages: the root scatters n
 * segments along a binomial tree, then a ring allgather puts every
 * segment everywhere.  Each link carries about twice the message instead
 * of log2(n) times.  Works on the packed stream, so segments may cut
 * through elements of any datatype.
 */
#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

struct seg {
    size_t sz, total;
};

/* Bytes [off, off + *len) of segments [first, first + cnt). */
static size_t seg_range(const struct seg *g, int first, int cnt, size_t *len)
{
    size_t off = (size_t)first * g->sz, end = (size_t)(first + cnt) * g->sz;
    if (off > g->total)
        off = g->total;
    if (end > g->total)
        end = g->total;
    *len = end - off;
    return off;
}

int ft_build_bcast_scatter_ag(struct ft_sched *s,
                              const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    int rel = (r - root + n) % n;
    struct ft_datatype *b = ft_coll_bytes();
    struct seg g = {.total = a->rcount * a->rdt->size};
    g.sz = (g.total + (size_t)n - 1) / (size_t)n;
    char *buf = r == root
                    ? (char *)ft_coll_view_in(s, a->rbuf, a->rcount, a->rdt)
                    : ft_coll_view_out(s, a->rbuf, a->rcount, a->rdt, false);
    size_t len, off;

    /* Scatter: our subtree's segments come from the parent. */
    int low = ft_tree_lowbit(rel, n);
    if (rel != 0) {
        int cnt = low < n - rel ? low : n - rel;
        off = seg_range(&g, rel, cnt, &len);
        ft_sched_recv(s, buf + off, len, b, (rel - low + root) % n);
        ft_sched_fence(s);
    }
    for (int m = low >> 1; m > 0; m >>= 1) {
        int c = rel + m;
        if (c >= n)
            continue;
        int cnt = m < n - c ? m : n - c;
        off = seg_range(&g, c, cnt, &len);
        ft_sched_send(s, buf + off, len, b, (c + root) % n);
    }
    ft_sched_fence(s);

    /* Ring allgather of the segments, in relative ranks. */
    int right = (r + 1) % n, left = (r - 1 + n) % n;
    for (int j = 0; j < n - 1; j++) {
        int sseg = (rel - j + n) % n, rseg = (rel - j - 1 + n) % n;
        off = seg_range(&g, sseg, 1, &len);
        ft_sched_send(s, buf + off, len, b, right);
        off = seg_range(&g, rseg, 1, &len);
        ft_sched_recv(s, buf + off, len, b, left);
        ft_sched_fence(s);
    }
    return s->error;
}
