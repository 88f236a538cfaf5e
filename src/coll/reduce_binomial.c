/*
 * reduce_binomial.c -- binomial-tree reduce: every rank combines what its
 * subtrees send it, lowest subtree first, and sends the result to its
 * parent.  In relative ranks a subtree is a contiguous range above its
 * root, so with root 0 the operation is applied in rank order and
 * non-commutative operations are correct; for them and another root, the
 * tree is rooted at 0 and rank 0 sends the result on.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

void ft_coll_reduce_tree(struct ft_sched *s, const void *in, void *acc,
                         size_t count, int root)
{
    int n = CSIZE(s), r = CRANK(s);
    int rel = (r - root + n) % n;
    int low = ft_tree_lowbit(rel, n);
    size_t bytes = count * s->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    bool commute = s->op->commute;

    int nchild = 0;
    for (int m = 1; m < low && rel + m < n; m <<= 1)
        nchild++;
    if (nchild == 0) {
        /* A leaf sends its own data as it is. */
        if (rel != 0)
            ft_sched_send(s, in, bytes, b, (rel - low + root) % n);
        else
            ft_sched_copy(s, in, bytes, b, acc, bytes, b);
        return;
    }
    char *tmp = ft_sched_tmp(s, bytes * (size_t)nchild);
    int k = 0;
    for (int m = 1; m < low && rel + m < n; m <<= 1, k++)
        ft_sched_recv(s, tmp + (size_t)k * bytes, bytes, b,
                      (rel + m + root) % n);
    ft_sched_copy(s, in, bytes, b, acc, bytes, b);
    ft_sched_fence(s);
    /* acc holds ranks [rel, rel + m); the child brings [rel + m, ...). */
    for (k = 0; k < nchild; k++)
        ft_sched_reduce(s, tmp + (size_t)k * bytes, acc, count, !commute);
    if (rel != 0)
        ft_sched_send(s, acc, bytes, b, (rel - low + root) % n);
}

int ft_build_reduce_binomial(struct ft_sched *s, const struct ft_coll_args *a)
{
    int r = CRANK(s), root = a->root;
    size_t count = a->rcount, bytes = count * a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    int vroot = a->op->commute ? root : 0;
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
    const void *in = ft_coll_view_in(s, src, count, a->rdt);
    void *acc;
    if (r == root && vroot == root)
        acc = ft_coll_view_out(s, a->rbuf, count, a->rdt, false);
    else
        acc = ft_sched_tmp(s, bytes);
    ft_coll_reduce_tree(s, in, acc, count, vroot);
    if (vroot != root) {
        if (r == vroot) {
            ft_sched_fence(s);
            ft_sched_send(s, acc, bytes, b, root);
        } else if (r == root) {
            void *out = ft_coll_view_out(s, a->rbuf, count, a->rdt, false);
            ft_sched_recv(s, out, bytes, b, vroot);
        }
    }
    return s->error;
}
