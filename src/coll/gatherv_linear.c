/*
 * gatherv_linear.c -- gather and gatherv, flat: every rank sends its
 * block straight to the root, which has all receives posted into the
 * user's buffer (any datatype, no copies).  One step; best for large
 * blocks and the v form.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"

int ft_build_gatherv_linear(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    if (r != root) {
        ft_sched_send(s, a->sbuf, a->scount, a->sdt, root);
        return s->error;
    }
    for (int k = 1; k < n; k++) {
        int i = (root + k) % n;
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        ft_sched_recv(s, p, cnt, dt, i);
    }
    if (a->sbuf != MPI_IN_PLACE) {
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, root, &p, &cnt, &dt);
        ft_sched_copy(s, a->sbuf, a->scount, a->sdt, p, cnt, dt);
    }
    return s->error;
}
