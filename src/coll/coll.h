/*
 * coll.h -- the collective layer as the rest of the core sees it.
 *
 * Collectives run on the communicator's collective context (ctx + 1), so
 * they can never match user point-to-point traffic.  Each collective call
 * takes the next tag from comm->coll_seq; every member calls collectives in
 * the same order, so the tags agree and concurrent instances never mix.
 * A member that fails turns into an error for the others, never a hang:
 * every receive here fails when its peer dies.  On a communicator with
 * holes (FT-MPI blank mode) they run over comm->live.
 */
#ifndef FT_COLL_COLL_H
#define FT_COLL_COLL_H

#include <stddef.h>
#include <stdint.h>

struct ft_comm;

/* Tags on a collective context:
 *   0 .. 0x3fffffff   ft_coll_next_tag: collectives of the whole
 *                     communicator, numbered in call order;
 *   negative (not -1, the wildcard) and 0x40000000
 *                     ft_coll_group_tag: operations that involve only some
 *                     members and name themselves with a user tag
 *                     (MPI_Comm_create_group, MPI_Intercomm_create).
 * The rest (0x40000001 .. 0x7fffffff) is free for future use. */

/* The tag for the next collective on comm. */
int ft_coll_next_tag(struct ft_comm *comm);

/* The collective-context tag for user tag t (0 .. MPI_TAG_UB): one to one,
 * never the wildcard, never a tag ft_coll_next_tag gives. */
int ft_coll_group_tag(int t);

/* A subset of a communicator's members running an internal collective on
 * its own: member i is rank map[i] of comm (map NULL: rank i), rank is this
 * process's member index, size the number of members.  Messages travel on
 * comm's collective context with tag, so concurrent views need distinct
 * tags.  Used where only some members take part (MPI_Comm_create_group)
 * or the root is not rank 0. */
struct ft_coll_view {
    struct ft_comm *comm;
    const int *map;
    int rank, size;
    int tag;
};

/* Bitwise AND of n words across the members of v, in place.  Blocks. */
int ft_coll_view_band_u64(const struct ft_coll_view *v, uint64_t *words,
                          int n);

/* Broadcasts len bytes from member root of v.  Blocks. */
int ft_coll_view_bcast(const struct ft_coll_view *v, int root, void *buf,
                       size_t len);

int ft_coll_barrier(struct ft_comm *comm);

/* Every member contributes len bytes; recv gets size * len bytes, member
 * i's at offset i * len. */
int ft_coll_allgather_bytes(struct ft_comm *comm, const void *send,
                            size_t len, void *recv);

/* Bitwise AND of n words across members, in place. */
int ft_coll_allreduce_band_u64(struct ft_comm *comm, uint64_t *words,
                               int n);

#endif
