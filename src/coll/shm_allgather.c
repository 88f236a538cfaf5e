/*
 * shm_allgather.c -- allgather of small blocks through shared memory:
 * every rank publishes its block and copies the others' out of their
 * boxes.  One step.
 */
#include <mpi.h>

#include "base/err.h"
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_shm_allgather(struct ft_comm *comm, const struct ft_coll_args *a,
                     uint64_t tag)
{
    struct coll_shm *cs = ((struct coll_eng *)comm->eng->coll)->shm;
    struct coll_comm *cc = comm->coll;
    int n = comm->size, me = comm->rank;
    uint64_t others = cc->shm_all & ~(1ull << ft_shm_me(cs));
    struct ft_datatype *b = ft_coll_bytes();
    void *p;
    size_t cnt, blk;
    struct ft_datatype *dt;

    void *box = ft_shm_begin(cs);
    if (a->sbuf == MPI_IN_PLACE) {
        ft_coll_rblock(a, me, &p, &cnt, &dt);
        blk = cnt * dt->size;
        ft_coll_copy(p, cnt, dt, box, blk, b);
    } else {
        blk = a->scount * a->sdt->size;
        ft_coll_copy(a->sbuf, a->scount, a->sdt, box, blk, b);
    }
    ft_shm_commit(cs, tag, others, blk);
    uint64_t nums[64];
    int rc = ft_shm_collect(cs, comm, tag, others, nums);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        if (i == me && a->sbuf == MPI_IN_PLACE)
            continue;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        size_t len = ft_shm_len(cs, cc->local[i]);
        if (len > cnt * dt->size)
            rc = -FT_ETRUNCATE;
        ft_coll_copy(ft_shm_box(cs, cc->local[i]), len, b, p, cnt, dt);
    }
    ft_shm_release(cs, others, nums);
    return rc;
}
