/*
 * alltoallw_pairwise.c -- alltoall, alltoallv and alltoallw in n - 1
 * steps: in step k a rank sends to rank + k and receives from rank - k
 * (with n a power of two, exchanges with rank XOR k).  One message in
 * flight each way per rank: for large blocks, where posting everything
 * at once only makes ranks fight over memory bandwidth.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"

int ft_build_alltoallw_pairwise(struct ft_sched *s,
                                const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    bool pof2 = (n & (n - 1)) == 0;
    if (a->sbuf != MPI_IN_PLACE) {
        const void *sp;
        void *rp;
        size_t sc, rc;
        struct ft_datatype *sd, *rd;
        ft_coll_sblock(a, r, &sp, &sc, &sd);
        ft_coll_rblock(a, r, &rp, &rc, &rd);
        ft_sched_copy(s, sp, sc, sd, rp, rc, rd);
    }
    for (int k = 1; k < n; k++) {
        int to = pof2 ? r ^ k : (r + k) % n;
        int from = pof2 ? r ^ k : (r - k + n) % n;
        void *rp;
        const void *sp;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_a2a_sblock(s, a, to, &sp, &cnt, &dt);
        ft_sched_send(s, sp, cnt, dt, to);
        ft_coll_rblock(a, from, &rp, &cnt, &dt);
        ft_sched_recv(s, rp, cnt, dt, from);
        ft_sched_fence(s);
    }
    return s->error;
}
