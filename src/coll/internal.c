/*
 * internal.c -- the byte-level collectives the core itself needs (context
 * ids, split).  Binomial trees over the collective context: log2(size)
 * rounds, any size, any failure returns an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "coll/coll.h"
#include "coll/impl.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/pkt.h"
#include "core/pt2pt.h"

#define TAG_MASK 0x3fffffff

int ft_coll_next_tag(struct ft_comm *comm)
{
    return (int)(comm->coll_seq++ & TAG_MASK);
}

static struct ft_datatype *bytes_type(void)
{
    return ft_dt_basic_type(FT_B_BYTE);
}

/* A receive of a tree from src.  Like ft_recv, and it also gives up with
 * -FT_EPROCFAILED once any member of c is known to have failed: the rank
 * it waits for may be alive and yet never send, having given up on the
 * dead one itself (a rank above the dead one in the tree). */
struct tree_wait {
    struct ft_comm *c;
    struct ft_request *r;
};

static bool tree_settled(void *arg)
{
    const struct tree_wait *w = arg;
    return w->r->complete || ft_coll_comm_has_failed(w->c);
}

static int tree_recv(struct ft_comm *c, int tag, void *buf, size_t n, int src)
{
    struct ft_engine *eng = c->eng;
    struct tree_wait w = {c, NULL};
    int rc = ft_irecv(c, FT_CTX_COLL, buf, n, bytes_type(), src, tag, &w.r);
    if (rc)
        return rc;
    rc = ft_progress_wait(eng, tree_settled, &w);
    if (!w.r->complete) {
        /* Matched already: its sender is alive and finishes it. */
        if (!ft_cancel_recv(eng, w.r))
            (void)ft_req_wait(eng, w.r);
        if (!rc)
            rc = -FT_EPROCFAILED;
    }
    if (!rc)
        rc = w.r->error;
    ft_req_release(&eng->reqs, w.r);
    return rc;
}

/* Gathers len bytes from everyone into buf (size * len) at rank 0 along a
 * binomial tree; buf must hold our own block at our offset already. */
static int gather_tree(struct ft_comm *c, int tag, char *buf, size_t len)
{
    int rank = c->rank, size = c->size;
    /* In round k, ranks with bit k set send their subtree to rank - 2^k.
     * A subtree of rank r in round k spans [r, min(r + 2^k, size)). */
    for (int mask = 1; mask < size; mask <<= 1) {
        if (rank & mask) {
            int span = size - rank < mask ? size - rank : mask;
            return ft_send(c, FT_CTX_COLL, buf + (size_t)rank * len,
                           (size_t)span * len, bytes_type(), rank - mask, tag,
                           FT_SEND_STD);
        }
        int src = rank + mask;
        if (src < size) {
            int span = size - src < mask ? size - src : mask;
            int rc = tree_recv(c, tag, buf + (size_t)src * len,
                               (size_t)span * len, src);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Broadcasts n bytes from rank 0 along a binomial tree. */
static int bcast_tree(struct ft_comm *c, int tag, void *buf, size_t n)
{
    int rank = c->rank, size = c->size;
    int mask = 1;
    while (mask < size && !(rank & mask))
        mask <<= 1;
    if (rank != 0) {
        int rc = tree_recv(c, tag, buf, n, rank - mask);
        if (rc)
            return rc;
    }
    /* Then pass it on to the subtrees below our lowest set bit. */
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (rank + mask < size) {
            int rc = ft_send(c, FT_CTX_COLL, buf, n, bytes_type(), rank + mask,
                             tag, FT_SEND_STD);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int ft_coll_allgather_bytes(struct ft_comm *comm, const void *send,
                            size_t len, void *recv)
{
    if (comm->live)
        comm = comm->live; /* blank mode: holes take no part */
    int tag = ft_coll_next_tag(comm);
    char *buf = recv;
    memmove(buf + (size_t)comm->rank * len, send, len);
    int rc = gather_tree(comm, tag, buf, len);
    if (rc)
        return rc;
    return bcast_tree(comm, tag, buf, (size_t)comm->size * len);
}

int ft_coll_allreduce_band_u64(struct ft_comm *comm, uint64_t *words, int n)
{
    if (comm->live)
        comm = comm->live;
    int tag = ft_coll_next_tag(comm);
    int rank = comm->rank, size = comm->size;
    size_t bytes = (size_t)n * sizeof *words;
    uint64_t *tmp = malloc(bytes ? bytes : 1);
    if (!tmp)
        return -ENOMEM;
    int rc = 0;
    for (int mask = 1; mask < size; mask <<= 1) {
        if (rank & mask) {
            rc = ft_send(comm, FT_CTX_COLL, words, bytes, bytes_type(),
                         rank - mask, tag, FT_SEND_STD);
            break;
        }
        if (rank + mask < size) {
            rc = tree_recv(comm, tag, tmp, bytes, rank + mask);
            if (rc)
                break;
            for (int i = 0; i < n; i++)
                words[i] &= tmp[i];
        }
    }
    free(tmp);
    if (rc)
        return rc;
    return bcast_tree(comm, tag, words, bytes);
}

int ft_coll_barrier(struct ft_comm *comm)
{
    uint64_t w = 0;
    return ft_coll_allreduce_band_u64(comm, &w, 1);
}
