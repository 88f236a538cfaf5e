/*
 * shm_barrier.c -- barrier through shared memory: every rank publishes an
 * empty message to all the others and waits for theirs.  One step; a rank
 * that shares its core with another only needs each to run once.
 */
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"

int ft_shm_barrier(struct ft_comm *comm, const struct ft_coll_args *a,
                   uint64_t tag)
{
    (void)a;
    struct coll_shm *cs = ((struct coll_eng *)comm->eng->coll)->shm;
    struct coll_comm *cc = comm->coll;
    uint64_t others = cc->shm_all & ~(1ull << ft_shm_me(cs));
    struct ft_shm_got got[64];
    ft_shm_begin(cs, 0);
    ft_shm_commit(cs, tag, others, 0, NULL);
    int rc = ft_shm_collect(cs, comm, tag, others, got);
    if (rc)
        return rc;
    ft_shm_release(cs, others, got);
    return 0;
}
