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

/* The tag for the next collective on comm. */
int ft_coll_next_tag(struct ft_comm *comm);

int ft_coll_barrier(struct ft_comm *comm);

/* Every member contributes len bytes; recv gets size * len bytes, member
 * i's at offset i * len. */
int ft_coll_allgather_bytes(struct ft_comm *comm, const void *send,
                            size_t len, void *recv);

/* Bitwise AND of n words across members, in place. */
int ft_coll_allreduce_band_u64(struct ft_comm *comm, uint64_t *words,
                               int n);

#endif
