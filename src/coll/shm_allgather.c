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

    const void *src = a->sbuf;
    size_t scnt = a->scount;
    struct ft_datatype *sdt = a->sdt;
    if (a->sbuf == MPI_IN_PLACE) {
        void *rp;
        ft_coll_rblock(a, me, &rp, &scnt, &sdt);
        src = rp;
    }
    blk = scnt * sdt->size;
    void *box = ft_shm_begin(cs, blk);
    ft_coll_copy(src, scnt, sdt, box, blk, b);
    struct ft_shm_got got[64];
    ft_shm_commit(cs, tag, others, blk, &got[ft_shm_me(cs)]);
    int rc = ft_shm_collect(cs, comm, tag, others, got);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        if (i == me && a->sbuf == MPI_IN_PLACE)
            continue;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        int w = cc->local[i];
        size_t len = got[w].len;
        if (len > cnt * dt->size)
            rc = -FT_ETRUNCATE;
        ft_coll_copy(ft_shm_data(cs, w, &got[w]), len, b, p, cnt, dt);
    }
    ft_shm_release(cs, others, got);
    return rc;
}
