/*
 * reduce_scatter_halving.c -- reduce_scatter (both forms) by recursive
 * halving, for commutative operations: in each step a rank gives away the
 * half of its range its partner keeps and combines the half it keeps, so
 * after log2(n) steps it holds its own blocks fully reduced.  Ranks beyond
 * a power of two fold in pairs first: the odd one of a pair then stands
 * for both blocks and hands the even one its block at the end.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_build_reduce_scatter_halving(struct ft_sched *s,
                                    const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    size_t esz = a->rdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    size_t *disp = ft_sched_tmp(s, (size_t)(n + 1) * sizeof *disp);
    disp[0] = 0;
    for (int i = 0; i < n; i++)
        disp[i + 1] = disp[i] + ft_coll_rs_count(a, i);
    size_t total = disp[n], bytes = total * esz;
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;
    char *work = ft_sched_tmp(s, bytes), *tmp = ft_sched_tmp(s, bytes);
    ft_coll_copy(src, total, a->rdt, work, bytes, b);
    void *out = ft_coll_view_out(s, a->rbuf, ft_coll_rs_count(a, r), a->rdt,
                                 false);

    int pof2 = ft_pof2_floor(n), rem = n - pof2, newrank;
    if (r < 2 * rem) {
        if (r % 2 == 0) {
            ft_sched_send(s, work, bytes, b, r + 1);
            newrank = -1;
        } else {
            ft_sched_recv(s, tmp, bytes, b, r - 1);
            ft_sched_fence(s);
            ft_sched_reduce(s, tmp, work, total, false);
            newrank = r / 2;
        }
    } else {
        newrank = r - rem;
    }
    if (newrank >= 0) {
        /* Block i of the folded group: where its real ranks' blocks are. */
        size_t *nd = ft_sched_tmp(s, (size_t)(pof2 + 1) * sizeof *nd);
        for (int i = 0; i < pof2; i++)
            nd[i] = i < rem ? disp[2 * i] : disp[i + rem];
        nd[pof2] = total;
        int lo = 0, hi = pof2;
        for (int mask = pof2 / 2; mask > 0; mask >>= 1) {
            int dst = ft_coll_unfold(newrank ^ mask, rem);
            int mid = lo + (hi - lo) / 2;
            int klo, khi, glo, ghi;
            if (newrank & mask) {
                klo = mid, khi = hi, glo = lo, ghi = mid;
            } else {
                klo = lo, khi = mid, glo = mid, ghi = hi;
            }
            size_t kn = nd[khi] - nd[klo], gn = nd[ghi] - nd[glo];
            ft_sched_send(s, work + nd[glo] * esz, gn * esz, b, dst);
            ft_sched_recv(s, tmp, kn * esz, b, dst);
            ft_sched_fence(s);
            ft_sched_reduce(s, tmp, work + nd[klo] * esz, kn, false);
            lo = klo;
            hi = khi;
        }
    }
    size_t mine = ft_coll_rs_count(a, r) * esz;
    if (r < 2 * rem && r % 2 == 0) {
        ft_sched_recv(s, out, mine, b, r + 1);
    } else {
        if (r < 2 * rem)
            ft_sched_send(s, work + disp[r - 1] * esz,
                          ft_coll_rs_count(a, r - 1) * esz, b, r - 1);
        ft_sched_copy(s, work + disp[r] * esz, mine, b, out, mine, b);
    }
    return s->error;
}
