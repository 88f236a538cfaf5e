/*
 * subset.c -- internal collectives over a view: some members of a
 * communicator, any root (coll.h).  Binomial trees, like internal.c, so a
 * view of n members takes log2(n) rounds; any failure returns an error.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "coll/coll.h"
#include "core/comm.h"
#include "core/datatype.h"
#include "core/pkt.h"
#include "core/pt2pt.h"

int ft_coll_group_tag(int t)
{
    /* 0 .. 0x7ffffffe map onto INT_MIN .. -2; the last one, which would be
     * the wildcard -1, goes to the one positive tag reserved for it. */
    return t == INT_MAX ? 0x40000000 : INT_MIN + t;
}

static int peer(const struct ft_coll_view *v, int member)
{
    return v->map ? v->map[member] : member;
}

static int vsend(const struct ft_coll_view *v, const void *buf, size_t len,
                 int member)
{
    return ft_send(v->comm, FT_CTX_COLL, buf, len, ft_dt_basic_type(FT_B_BYTE),
                   peer(v, member), v->tag, FT_SEND_STD);
}

static int vrecv(const struct ft_coll_view *v, void *buf, size_t len,
                 int member)
{
    return ft_recv(v->comm, FT_CTX_COLL, buf, len, ft_dt_basic_type(FT_B_BYTE),
                   peer(v, member), v->tag, NULL);
}

int ft_coll_view_bcast(const struct ft_coll_view *v, int root, void *buf,
                       size_t len)
{
    int size = v->size;
    int rel = (v->rank - root + size) % size; /* rank relative to root */
    int mask = 1;
    while (mask < size && !(rel & mask))
        mask <<= 1;
    if (rel != 0) {
        int rc = vrecv(v, buf, len, (rel - mask + root) % size);
        if (rc)
            return rc;
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (rel + mask < size) {
            int rc = vsend(v, buf, len, (rel + mask + root) % size);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int ft_coll_view_band_u64(const struct ft_coll_view *v, uint64_t *words,
                          int n)
{
    int rank = v->rank, size = v->size;
    size_t bytes = (size_t)n * sizeof *words;
    uint64_t *tmp = malloc(bytes ? bytes : 1);
    if (!tmp)
        return -ENOMEM;
    int rc = 0;
    /* Reduce to member 0 along a binomial tree, then broadcast. */
    for (int mask = 1; mask < size; mask <<= 1) {
        if (rank & mask) {
            rc = vsend(v, words, bytes, rank - mask);
            break;
        }
        if (rank + mask < size) {
            rc = vrecv(v, tmp, bytes, rank + mask);
            if (rc)
                break;
            for (int i = 0; i < n; i++)
                words[i] &= tmp[i];
        }
    }
    free(tmp);
    if (rc)
        return rc;
    return ft_coll_view_bcast(v, 0, words, bytes);
}
