/*
 * alltoallw_linear.c -- alltoall, alltoallv and alltoallw in one step:
 * every receive and send is posted at once, in an order that spreads the
 * load (rank + k), straight between the users' buffers with their own
 * datatypes.  With MPI_IN_PLACE the outgoing blocks are packed first.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

/* The block for peer i: from the send buffer, or packed from the receive
 * buffer (MPI_IN_PLACE, done at build time before anything arrives). */
void ft_coll_a2a_sblock(struct ft_sched *s, const struct ft_coll_args *a,
                        int i, const void **p, size_t *cnt,
                        struct ft_datatype **dt)
{
    if (a->sbuf != MPI_IN_PLACE) {
        ft_coll_sblock(a, i, p, cnt, dt);
        return;
    }
    void *rp;
    size_t rcnt;
    struct ft_datatype *rdt;
    ft_coll_rblock(a, i, &rp, &rcnt, &rdt);
    void *t = ft_sched_tmp(s, rcnt * rdt->size);
    ft_coll_copy(rp, rcnt, rdt, t, rcnt * rdt->size, ft_coll_bytes());
    *p = t;
    *cnt = rcnt * rdt->size;
    *dt = ft_coll_bytes();
}

int ft_build_alltoallw_linear(struct ft_sched *s,
                              const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    for (int k = 1; k < n; k++) {
        int i = (r - k + n) % n;
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        ft_sched_recv(s, p, cnt, dt, i);
    }
    for (int k = 1; k < n; k++) {
        int i = (r + k) % n;
        const void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_a2a_sblock(s, a, i, &p, &cnt, &dt);
        ft_sched_send(s, p, cnt, dt, i);
    }
    if (a->sbuf != MPI_IN_PLACE) {
        const void *sp;
        void *rp;
        size_t sc, rc;
        struct ft_datatype *sd, *rd;
        ft_coll_sblock(a, r, &sp, &sc, &sd);
        ft_coll_rblock(a, r, &rp, &rc, &rd);
        ft_sched_copy(s, sp, sc, sd, rp, rc, rd);
    }
    return s->error;
}
