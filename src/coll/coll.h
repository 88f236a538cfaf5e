/*
 * coll.h -- the collective layer as the rest of the library sees it.
 *
 * Collectives run on the communicator's collective context (ctx + 1), so
 * they can never match user point-to-point traffic.  Each collective call
 * takes the next tag from comm->coll_seq; every member calls collectives in
 * the same order, so the tags agree and concurrent instances never mix.
 * A member that fails turns into an error for the others, never a hang:
 * every receive fails when its peer dies, and a collective (ft_coll_run)
 * also fails as soon as any member of its communicator is known to have
 * failed.  On a communicator with holes (FT-MPI blank mode) they run over
 * comm->live.
 *
 * ft_coll_run takes one struct describing any collective call; the API
 * layer has checked every argument.  An algorithm is chosen by a small
 * table (select.c) on the operation, the number of ranks and the message
 * size; FTMPI_COLL_ALG forces one, for testing.  The internal collectives
 * below (context ids, split, window set-up) keep their own binomial trees
 * of plain messages, usable before the layer's per-communicator state
 * exists; they too fail as soon as a member is known to have failed
 * (recovery itself goes through the hub, not through them).
 */
#ifndef FT_COLL_COLL_H
#define FT_COLL_COLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ft_comm;
struct ft_datatype;
struct ft_engine;
struct ft_op;
struct ft_request;

enum ft_coll_kind {
    FT_COLL_BARRIER,
    FT_COLL_BCAST,
    FT_COLL_REDUCE,
    FT_COLL_ALLREDUCE,
    FT_COLL_GATHER,
    FT_COLL_GATHERV,
    FT_COLL_SCATTER,
    FT_COLL_SCATTERV,
    FT_COLL_ALLGATHER,
    FT_COLL_ALLGATHERV,
    FT_COLL_ALLTOALL,
    FT_COLL_ALLTOALLV,
    FT_COLL_ALLTOALLW,
    FT_COLL_REDUCE_SCATTER,
    FT_COLL_REDUCE_SCATTER_BLOCK,
    FT_COLL_SCAN,
    FT_COLL_EXSCAN,
    FT_COLL_NEIGHBOR_ALLGATHER,
    FT_COLL_NEIGHBOR_ALLGATHERV,
    FT_COLL_NEIGHBOR_ALLTOALL,
    FT_COLL_NEIGHBOR_ALLTOALLV,
    FT_COLL_NEIGHBOR_ALLTOALLW,
    FT_COLL_NKINDS
};

/* One collective call, with the MPI arguments it has:
 *   bcast:           rbuf, rcount, rdt, root
 *   reductions:      sbuf (or MPI_IN_PLACE), rbuf, rcount, rdt, op
 *                    (+ root for reduce); reduce_scatter: rcounts;
 *                    reduce_scatter_block: rcount is the block
 *   gather, scatter, allgather, alltoall and their v/w forms: the send
 *                    and receive triples, arrays where the call has them
 *                    (alltoallw displacements are in bytes).
 *   neighborhood collectives: the same as allgather(v) and alltoall(v,w),
 *                    with one block per neighbor instead of per rank
 *                    (neighbor_alltoallw: byte displacements in
 *                    sbdispls/rbdispls), and the neighbors themselves:
 *                    block i is received from in[i] and sent to out[i]
 *                    (ranks of the communicator, or FT_PROC_NULL: no
 *                    transfer, the block is left alone).  pair_swap (the
 *                    Cartesian order) says that block 2k+1 of a sender
 *                    lands in block 2k of its receiver and block 2k in
 *                    2k+1, which matters when one process is both the -1
 *                    and the +1 neighbor; otherwise the k-th block a
 *                    process sends to another lands in the block of the
 *                    k-th entry naming the sender in the receiver's in[].
 * Arrays need only stay valid during the call.  own, if set, points to
 * malloc'ed memory the call reads from (a packed copy of the caller's
 * data); a non-blocking call that starts takes it (sets *own to NULL) and
 * frees it when it ends, otherwise it stays the caller's. */
struct ft_coll_args {
    enum ft_coll_kind kind;
    const void *sbuf;
    void *rbuf;
    size_t scount, rcount;
    struct ft_datatype *sdt, *rdt;
    const int *scounts, *sdispls, *rcounts, *rdispls;
    struct ft_datatype *const *sdts, *const *rdts;
    struct ft_op *op;
    int root;
    int nin, nout;
    const int *in, *out;
    bool pair_swap;
    const ptrdiff_t *sbdispls, *rbdispls;
    void **own;
};

/* Sets up the layer in eng (eng->coll) and its progress hook.  Returns 0
 * or -ENOMEM. */
int ft_coll_init(struct ft_engine *eng);

/* Tears it down (MPI_Finalize). */
void ft_coll_fini(struct ft_engine *eng);

/* Frees what the layer cached on comm (called when comm is released). */
void ft_coll_comm_free(struct ft_comm *comm);

/* Runs the collective a over comm.  With req NULL it blocks until done;
 * otherwise it starts it and sets *req to a request (kind FT_REQ_COLL)
 * that completes when it is done.  Returns 0 or a negative error. */
int ft_coll_run(struct ft_comm *comm, const struct ft_coll_args *a,
                struct ft_request **req);

/* Whether kind has an intercommunicator form (scan, exscan and the
 * neighborhood collectives have none in MPI). */
bool ft_coll_inter_kind(enum ft_coll_kind kind);

/* Whether kind is a neighborhood collective. */
bool ft_coll_neighbor_kind(enum ft_coll_kind kind);

/* The name of the algorithm ft_coll_run would choose for a (blocking),
 * for diagnostics and tests. */
const char *ft_coll_algorithm(struct ft_comm *comm,
                              const struct ft_coll_args *a);

/* ---- what the core itself needs (context ids, split) ------------------ */

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
