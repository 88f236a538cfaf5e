/*
 * allreduce_rabenseifner.c -- Rabenseifner's allreduce for large messages
 * and commutative operations: a reduce-scatter by recursive halving (each
 * rank ends up owning the sum of one block) followed by an allgather by
 * recursive doubling.  Each rank sends and receives about twice the
 * message in total, instead of log2(n) times.  Ranks beyond a power of two
 * fold in pairs first, as in recursive doubling.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_build_allreduce_rabenseifner(struct ft_sched *s,
                                    const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    size_t count = a->rcount, esz = a->rdt->size, bytes = count * esz;
    struct ft_datatype *b = ft_coll_bytes();
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
        /* Block i of pof2 starts at element disp[i]. */
        size_t *disp = ft_sched_tmp(s, (size_t)(pof2 + 1) * sizeof *disp);
        size_t q = count / (size_t)pof2, extra = count % (size_t)pof2;
        disp[0] = 0;
        for (int i = 0; i < pof2; i++)
            disp[i + 1] = disp[i] + q + ((size_t)i < extra);
        int lo = 0, hi = pof2;
        for (int mask = pof2 / 2; mask > 0; mask >>= 1) {
            int dst = ft_coll_unfold(newrank ^ mask, rem);
            int mid = lo + (hi - lo) / 2;
            int klo, khi, glo, ghi; /* kept and given-away blocks */
            if (newrank & mask) {
                klo = mid, khi = hi, glo = lo, ghi = mid;
            } else {
                klo = lo, khi = mid, glo = mid, ghi = hi;
            }
            size_t kn = disp[khi] - disp[klo], gn = disp[ghi] - disp[glo];
            ft_sched_send(s, out + disp[glo] * esz, gn * esz, b, dst);
            ft_sched_recv(s, tmp, kn * esz, b, dst);
            ft_sched_fence(s);
            ft_sched_reduce(s, tmp, out + disp[klo] * esz, kn, false);
            lo = klo;
            hi = khi;
        }
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int dst = ft_coll_unfold(newrank ^ mask, rem);
            int plo = (newrank & mask) ? lo - mask : hi;
            int phi = plo + mask;
            ft_sched_send(s, out + disp[lo] * esz,
                          (disp[hi] - disp[lo]) * esz, b, dst);
            ft_sched_recv(s, out + disp[plo] * esz,
                          (disp[phi] - disp[plo]) * esz, b, dst);
            ft_sched_fence(s);
            if (plo < lo)
                lo = plo;
            if (phi > hi)
                hi = phi;
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
