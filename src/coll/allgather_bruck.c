/*
 * allgather_bruck.c -- Bruck's allgather: in step k a rank sends the
 * blocks it has (up to k of them) to rank - k and receives as many from
 * rank + k, so after ceil(log2 n) steps it holds all n, rotated by its
 * rank.  Any n, few steps: for small blocks.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_build_allgather_bruck(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    bool inplace = a->sbuf == MPI_IN_PLACE;
    size_t blk = inplace ? a->rcount * a->rdt->size : a->scount * a->sdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    char *tmp = ft_sched_tmp(s, blk * (size_t)n);
    void *p;
    size_t cnt;
    struct ft_datatype *dt;
    /* tmp block j holds rank (r + j) % n's data. */
    if (inplace) {
        ft_coll_rblock(a, r, &p, &cnt, &dt);
        ft_sched_copy(s, p, cnt, dt, tmp, blk, b);
    } else {
        ft_sched_copy(s, a->sbuf, a->scount, a->sdt, tmp, blk, b);
    }
    for (int k = 1; k < n; k <<= 1) {
        int m = k < n - k ? k : n - k;
        ft_sched_send(s, tmp, (size_t)m * blk, b, (r - k + n) % n);
        ft_sched_recv(s, tmp + (size_t)k * blk, (size_t)m * blk, b,
                      (r + k) % n);
        ft_sched_fence(s);
    }
    for (int j = inplace ? 1 : 0; j < n; j++) {
        ft_coll_rblock(a, (r + j) % n, &p, &cnt, &dt);
        ft_sched_copy(s, tmp + (size_t)j * blk, blk, b, p, cnt, dt);
    }
    return s->error;
}
