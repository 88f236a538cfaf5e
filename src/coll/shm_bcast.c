/*
 * shm_bcast.c -- broadcast through shared memory: the root packs the
 * message into its box once; every other rank copies it out.  The root
 * does not wait for the readers; it only waits, at its next publication,
 * for them to be done with this one.
 */
#include "base/err.h"
#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_shm_bcast(struct ft_comm *comm, const struct ft_coll_args *a,
                 uint64_t tag)
{
    struct coll_shm *cs = ((struct coll_eng *)comm->eng->coll)->shm;
    struct coll_comm *cc = comm->coll;
    size_t bytes = a->rcount * a->rdt->size;
    int w = cc->local[a->root];
    if (comm->rank == a->root) {
        void *box = ft_shm_begin(cs, bytes);
        ft_coll_copy(a->rbuf, a->rcount, a->rdt, box, bytes, ft_coll_bytes());
        ft_shm_commit(cs, tag, cc->shm_all & ~(1ull << w), bytes, NULL);
        return 0;
    }
    struct ft_shm_got got[64];
    int rc = ft_shm_collect(cs, comm, tag, 1ull << w, got);
    if (rc)
        return rc;
    size_t len = got[w].len;
    ft_coll_copy(ft_shm_data(cs, w, &got[w]), len, ft_coll_bytes(), a->rbuf,
                 a->rcount, a->rdt);
    ft_shm_release(cs, 1ull << w, got);
    return len > bytes ? -FT_ETRUNCATE : 0;
}
