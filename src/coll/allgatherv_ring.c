/*
 * allgatherv_ring.c -- ring allgather (and allgatherv): in step j every
 * rank passes to its right neighbour the block it received in step j - 1.
 * n - 1 steps, each link carries every block once: for large blocks.
 * Blocks travel between the user's buffers with their own datatype.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"

int ft_build_allgatherv_ring(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    void *p;
    size_t cnt;
    struct ft_datatype *dt;
    if (a->sbuf != MPI_IN_PLACE) {
        ft_coll_rblock(a, r, &p, &cnt, &dt);
        ft_sched_copy(s, a->sbuf, a->scount, a->sdt, p, cnt, dt);
    }
    int right = (r + 1) % n, left = (r - 1 + n) % n;
    for (int j = 0; j < n - 1; j++) {
        ft_coll_rblock(a, (r - j + n) % n, &p, &cnt, &dt);
        ft_sched_send(s, p, cnt, dt, right);
        ft_coll_rblock(a, (r - j - 1 + n) % n, &p, &cnt, &dt);
        ft_sched_recv(s, p, cnt, dt, left);
        ft_sched_fence(s);
    }
    return s->error;
}
