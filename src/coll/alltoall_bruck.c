/*
 * alltoall_bruck.c -- Bruck's alltoall for small blocks: after rotating
 * its blocks by its rank, a rank sends in step k every block whose index
 * has bit k set to rank + k (packed into one message), and receives as
 * many from rank - k.  ceil(log2 n) messages instead of n - 1, at the cost
 * of moving each block several times.
 */
#include <mpi.h>

#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"

int ft_build_alltoall_bruck(struct ft_sched *s, const struct ft_coll_args *a)
{
    int n = CSIZE(s), r = CRANK(s);
    bool inplace = a->sbuf == MPI_IN_PLACE;
    size_t blk = inplace ? a->rcount * a->rdt->size : a->scount * a->sdt->size;
    struct ft_datatype *b = ft_coll_bytes();
    char *tmp = ft_sched_tmp(s, blk * (size_t)n);
    size_t half = blk * (size_t)((n + 1) / 2);
    char *sb = ft_sched_tmp(s, half), *rb = ft_sched_tmp(s, half);
    /* tmp block j: our data for rank (r + j) % n. */
    for (int j = 0; j < n; j++) {
        int i = (r + j) % n;
        if (inplace) {
            void *p;
            size_t cnt;
            struct ft_datatype *dt;
            ft_coll_rblock(a, i, &p, &cnt, &dt);
            ft_sched_copy(s, p, cnt, dt, tmp + (size_t)j * blk, blk, b);
        } else {
            const void *p;
            size_t cnt;
            struct ft_datatype *dt;
            ft_coll_sblock(a, i, &p, &cnt, &dt);
            ft_sched_copy(s, p, cnt, dt, tmp + (size_t)j * blk, blk, b);
        }
    }
    for (int k = 1; k < n; k <<= 1) {
        size_t m = 0;
        for (int j = 0; j < n; j++)
            if (j & k)
                ft_sched_copy(s, tmp + (size_t)j * blk, blk, b,
                              sb + m++ * blk, blk, b);
        ft_sched_send(s, sb, m * blk, b, (r + k) % n);
        ft_sched_recv(s, rb, m * blk, b, (r - k + n) % n);
        ft_sched_fence(s);
        m = 0;
        for (int j = 0; j < n; j++)
            if (j & k)
                ft_sched_copy(s, rb + m++ * blk, blk, b,
                              tmp + (size_t)j * blk, blk, b);
    }
    /* Block j now holds rank (r - j) % n's data for us. */
    for (int j = 0; j < n; j++) {
        void *p;
        size_t cnt;
        struct ft_datatype *dt;
        ft_coll_rblock(a, (r - j + n) % n, &p, &cnt, &dt);
        ft_sched_copy(s, tmp + (size_t)j * blk, blk, b, p, cnt, dt);
    }
    return s->error;
}
