/*
 * allreduce_recdbl.c -- recursive-doubling allreduce, for small messages
 * and non-commutative operations.
 *
 * With n not a power of two, the first 2 * rem ranks fold in pairs (the
 * even one hands its data to the odd one) so that pof2 ranks remain; they
 * exchange and combine full vectors with partners at distance 1, 2, 4...;
 * the folded ranks get the result at the end.  Groups that combine are
 * always contiguous in rank order and the lower group's data is applied
 * first, so non-commutative operations are correct.  Two ranks make a
 * single exchange.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

/* The real rank behind a rank of the folded, power-of-two group. */
int ft_coll_unfold(int newrank, int rem)
{
    return newrank < rem ? newrank * 2 + 1 : newrank + rem;
}

int ft_build_allreduce_recdbl(struct ft_sched *s,
                              const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    size_t count = a->rcount, bytes = count * a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    bool commute = a->op->commute;
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
    const void *in = ft_coll_view_in(s, src, count, a->rdt);
    char *out = ft_coll_view_out(s, a->rbuf, count, a->rdt, false);
    char *tmp = ft_sched_tmp(s, bytes);
    ft_sched_copy(s, in, bytes, b, out, bytes, b);

    int pof2 = ft_pof2_floor(n), rem = n - pof2, newrank;
    if (r < 2 * rem) {
        if (r % 2 == 0) {
            ft_sched_send(s, out, bytes, b, r + 1);
            newrank = -1;
        } else {
            ft_sched_recv(s, tmp, bytes, b, r - 1);
            ft_sched_fence(s);
            ft_sched_reduce(s, tmp, out, count, false);
            newrank = r / 2;
        }
    } else {
        newrank = r - rem;
    }
    if (newrank >= 0) {
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int dst = ft_coll_unfold(newrank ^ mask, rem);
            ft_sched_recv(s, tmp, bytes, b, dst);
            ft_sched_send(s, out, bytes, b, dst);
            ft_sched_fence(s);
            /* The lower group's data goes first. */
            ft_sched_reduce(s, tmp, out, count, dst > r && !commute);
        }
    }
    if (r < 2 * rem) {
        if (r % 2)
            ft_sched_send(s, out, bytes, b, r - 1);
        else
            ft_sched_recv(s, out, bytes, b, r + 1);
    }
    return s->error;
}
