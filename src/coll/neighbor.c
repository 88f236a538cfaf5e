/*
 * neighbor.c -- the neighborhood collectives (allgather, allgatherv,
 * alltoall, alltoallv, alltoallw over a process topology) in one step:
 * every receive is posted, then every send, straight between the users'
 * buffers with their own datatypes.  An MPI_PROC_NULL neighbor costs
 * nothing and its receive block is left as it was.
 *
 * One process may be a neighbor several times (a periodic Cartesian
 * dimension of size 1 or 2, repeated graph edges).  Messages between two
 * processes on one collective share a tag, so they match in the order
 * they are sent and received: receives are posted in block order, and
 * sends in block order too, except that on a Cartesian grid the two
 * blocks of each dimension go out +1 first.  There the -1 neighbor's
 * block of the receiver must hold what that neighbor sent in its +1
 * direction (MPI-4.0 errata to MPI-3.1, section 7.6), so block 2k+1 of
 * the sender lands in block 2k of the receiver and the other way round.
 */
#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/match.h"

int ft_build_neighbor(struct ft_sched *s, const struct ft_coll_args *a)
{
    for (int i = 0; i < a->nin; i++) {
        if (a->in[i] == FT_PROC_NULL)
            continue;
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        ft_sched_recv(s, p, cnt, dt, a->in[i]);
    }
    for (int k = 0; k < a->nout; k++) {
        int i = a->pair_swap && (k ^ 1) < a->nout ? k ^ 1 : k;
        if (a->out[i] == FT_PROC_NULL)
            continue;
        const void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_sblock(a, i, &p, &cnt, &dt);
        ft_sched_send(s, p, cnt, dt, a->out[i]);
    }
    return s->error;
}
