/*
 * allgatherv_linear.c -- allgather (and allgatherv) in one step: every
 * rank sends its block to every other and has all receives posted into
 * the user's buffer.  n - 1 messages each way, but a single step, which is
 * what matters for small blocks on few ranks (and when ranks share cores:
 * nobody waits for a neighbour to be scheduled to forward anything).
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"

int ft_build_allgatherv_linear(struct ft_sched *s,
                               const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    void *p;
    size_t cnt;
    struct ft_datatype *dt;
    const void *sp = a->sbuf;
    size_t scnt = a->scount;
    struct ft_datatype *sdt = a->sdt;
    if (a->sbuf == MPI_IN_PLACE) {
        ft_coll_rblock(a, r, &p, &scnt, &sdt);
        sp = p;
    }
    for (int k = 1; k < n; k++) {
        int i = (r - k + n) % n;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        ft_sched_recv(s, p, cnt, dt, i);
    }
    for (int k = 1; k < n; k++)
        ft_sched_send(s, sp, scnt, sdt, (r + k) % n);
    if (a->sbuf != MPI_IN_PLACE) {
        ft_coll_rblock(a, r, &p, &cnt, &dt);
        ft_sched_copy(s, a->sbuf, a->scount, a->sdt, p, cnt, dt);
    }
    return s->error;
}
