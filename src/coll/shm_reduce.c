/*
 * shm_reduce.c -- reduce and allreduce of small messages through shared
 * memory: every rank publishes its data; the root (every rank, for
 * allreduce) combines all of it straight from the boxes, in rank order, so
 * every rank computes the same bits and non-commutative operations are
 * correct.  One step, no intermediate copies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "coll/impl.h"
#include "coll/shm.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/op.h"

int ft_shm_reduce(struct ft_comm *comm, const struct ft_coll_args *a,
                  uint64_t tag)
{
    struct coll_shm *cs = ((struct coll_eng *)comm->eng->coll)->shm;
    struct coll_comm *cc = comm->coll;
    int n = comm->size, me = comm->rank;
    bool all = a->kind == FT_COLL_ALLREDUCE;
    size_t count = a->rcount, bytes = count * a->rdt->size;
    uint64_t mybit = 1ull << ft_shm_me(cs);
    uint64_t others = cc->shm_all & ~mybit;
    const void *src = a->sbuf == MPI_IN_PLACE ? a->rbuf : a->sbuf;

    /* The root of a reduce publishes to nobody: its box is just where its
     * data is packed. */
    uint64_t readers = all ? others
                       : me == a->root ? 0
                                       : 1ull << cc->local[a->root];
    void *box = ft_shm_begin(cs, bytes);
    ft_coll_copy(src, count, a->rdt, box, bytes, ft_coll_bytes());
    struct ft_shm_got got[64];
    ft_shm_commit(cs, tag, readers, bytes, &got[ft_shm_me(cs)]);
    if (!all && me != a->root)
        return 0;

    int rc = ft_shm_collect(cs, comm, tag, others, got);
    if (rc)
        return rc;
    char *acc, *mem = NULL;
    if (ft_dt_contig(a->rdt)) {
        acc = (char *)a->rbuf + a->rdt->true_lb;
    } else {
        acc = mem = malloc(bytes ? bytes : 1);
        if (!mem) {
            ft_shm_release(cs, others, got);
            return -ENOMEM;
        }
    }
    /* acc = x0 op (x1 op (... op x[n-1])) */
    int w = cc->local[n - 1];
    memcpy(acc, ft_shm_data(cs, w, &got[w]), bytes);
    for (int r = n - 2; r >= 0 && !rc; r--) {
        w = cc->local[r];
        rc = ft_op_apply(a->op, a->rdt, ft_shm_data(cs, w, &got[w]), acc,
                         count);
    }
    ft_shm_release(cs, others, got);
    if (mem) {
        ft_dt_unpack(a->rdt, a->rbuf, count, 0, mem, bytes);
        free(mem);
    }
    return rc;
}
