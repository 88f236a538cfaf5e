/*
 * scatterv_linear.c -- scatter and scatterv, flat: the root sends every
 * rank its block straight from the user's buffer.  One step.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"

int ft_build_scatterv_linear(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s), root = a->root;
    if (r != root) {
        ft_sched_recv(s, a->rbuf, a->rcount, a->rdt, root);
        return s->error;
    }
    for (int k = 1; k < n; k++) {
        int i = (root + k) % n;
        const void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_sblock(a, i, &p, &cnt, &dt);
        ft_sched_send(s, p, cnt, dt, i);
    }
    if (a->rbuf != MPI_IN_PLACE) {
        const void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_sblock(a, root, &p, &cnt, &dt);
        ft_sched_copy(s, p, cnt, dt, a->rbuf, a->rcount, a->rdt);
    }
    return s->error;
}
