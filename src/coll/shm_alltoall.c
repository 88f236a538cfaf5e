/*
 * shm_alltoall.c -- alltoall of small blocks through shared memory: every
 * rank publishes all its outgoing blocks at once and takes its own block
 * out of every other rank's box.  One step.
 */
#include <mpi.h>

#include "base/err.h"
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_shm_alltoall(struct ft_comm *comm, const struct ft_coll_args *a,
                    uint64_t tag)
{
    struct coll_shm *cs = ((struct coll_eng *)comm->eng->coll)->shm;
    struct coll_comm *cc = comm->coll;
    int n = comm->size, me = comm->rank;
    uint64_t others = cc->shm_all & ~(1ull << ft_shm_me(cs));
    struct ft_datatype *b = ft_coll_bytes();
    bool inplace = a->sbuf == MPI_IN_PLACE;
    size_t blk = inplace ? a->rcount * a->rdt->size : a->scount * a->sdt->size;

    char *box = ft_shm_begin(cs, blk * (size_t)n);
    for (int i = 0; i < n; i++) {
        size_t cnt;
        struct ft_datatype *dt;
        if (inplace) {
            void *p;
            ft_coll_rblock(a, i, &p, &cnt, &dt);
            ft_coll_copy(p, cnt, dt, box + (size_t)i * blk, blk, b);
        } else {
            const void *p;
            ft_coll_sblock(a, i, &p, &cnt, &dt);
            ft_coll_copy(p, cnt, dt, box + (size_t)i * blk, blk, b);
        }
    }
    struct ft_shm_got got[64];
    ft_shm_commit(cs, tag, others, blk * (size_t)n, &got[ft_shm_me(cs)]);
    int rc = ft_shm_collect(cs, comm, tag, others, got);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, i, &p, &cnt, &dt);
        int w = cc->local[i];
        const char *from = ft_shm_data(cs, w, &got[w]);
        size_t len = got[w].len / (size_t)n;
        if (len > cnt * dt->size)
            rc = -FT_ETRUNCATE;
        ft_coll_copy(from + (size_t)me * len, len, b, p, cnt, dt);
    }
    ft_shm_release(cs, others, got);
    return rc;
}
