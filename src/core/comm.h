/*
 * comm.h -- communicators: a group, a context id, and what is cached on
 * them.
 *
 * A communicator's context id is agreed by its members when it is made
 * (the lowest id free at all of them); point-to-point traffic uses the id,
 * collective traffic the id + 1, so the two never match each other.
 *
 * An intercommunicator has a local group (group, rank, size) and a remote
 * group (rgroup); in point-to-point a rank names a member of the remote
 * group (peers is the remote group), and a message carries the sender's
 * local rank, which is what its receiver calls it.  Its context id is free
 * at the members of both groups.  It also owns a hidden intracommunicator
 * over the local group (local), for the local half of its collectives.
 *
 * Every constructor here is collective (over the parent, or over the
 * members of the new communicator where it says so), blocks until done,
 * and returns the new communicator with one reference, the caller's.  The
 * new communicator inherits the parent's error handler, not its
 * attributes or info (the API layer copies those for MPI_Comm_dup).  Only
 * a duplicate keeps the parent's process topology.
 */
#ifndef FT_CORE_COMM_H
#define FT_CORE_COMM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/engine.h"

struct ft_group;
struct ft_errhandler;
struct ft_attr_list;
struct ft_info;
struct ft_topo;

struct ft_comm {
    uint32_t magic; /* FT_MAGIC_COMM while valid */
    struct ft_engine *eng;
    uint32_t ctx;  /* even; ctx + 1 carries collectives */
    struct ft_ctx *cx;
    int rank, size;
    struct ft_group *group;  /* the local group */
    struct ft_group *rgroup; /* intercommunicators: the remote group */
    struct ft_proc **peers;  /* what rank r means in point-to-point */
    int npeers;
    struct ft_comm *local;   /* intercommunicators: over the local group */
    struct ft_errhandler *errh;
    struct ft_attr_list *attrs;
    struct ft_info *info;    /* hints set by the user, or NULL */
    struct ft_topo *topo;    /* process topology (core/topo.h), or NULL */
    char name[128];
    int refcount;     /* the user's handle plus pending operations */
    bool predefined;  /* WORLD and SELF */
    /* Fault tolerance (src/ft): failed members in the order this process
     * learned of them are counted here; the first nacked are acknowledged
     * (MPIX_Comm_failure_ack).  A revoked communicator fails every
     * operation but agree and shrink. */
    bool revoked;
    int revoke_err; /* what operations on it return: -FT_EREVOKED (ULFM
                       revoke), or -FT_EPROCFAILED (FT-MPI: a member died,
                       the communicator is unusable until recovery) */
    int nfailed, nacked;
    uint32_t agree_seq;
    uint32_t cid; /* ft_comm_cid(), fixed at creation */
    /* Blank mode: the same members without the holes, with a context of
     * its own.  Collectives run over it, so a hole never "contributes";
     * point-to-point keeps the blank numbering. */
    struct ft_comm *live;
    uint32_t coll_seq; /* collectives started on this communicator */
    void *coll;        /* state cached by collective algorithms */
    void *ft;          /* state of the fault-tolerance layer */
};

static inline bool ft_comm_is_inter(const struct ft_comm *c)
{
    return c->rgroup != NULL;
}

/* Sets up MPI_COMM_WORLD and MPI_COMM_SELF. */
int ft_comm_init_predefined(struct ft_engine *eng);

/* MPI_Comm_create: a communicator over group, a subset of comm's (local)
 * group; members of comm not in group get *out == NULL, and so does
 * everybody when comm is an intercommunicator and either side's group is
 * empty.  Collective over comm (both groups of an intercommunicator). */
int ft_comm_create(struct ft_comm *comm, struct ft_group *group,
                   struct ft_comm **out);

/* MPI_Comm_create_group: a communicator over group, a subset of the
 * intracommunicator comm's group, collective only over the members of
 * group.  Concurrent calls on comm must use distinct tags (0..MPI_TAG_UB).
 * A process not in group gets *out == NULL at once. */
int ft_comm_create_group(struct ft_comm *comm, struct ft_group *group,
                         int tag, struct ft_comm **out);

/* MPI_Comm_dup and MPI_Comm_split semantics, intra- and
 * intercommunicators; collective over comm. */
int ft_comm_dup(struct ft_comm *comm, struct ft_comm **out);
int ft_comm_split(struct ft_comm *comm, int color, int key,
                  struct ft_comm **out);

/* MPI_Intercomm_create: collective over the intracommunicator local and,
 * at the same time, over the remote group; the leaders (local_leader in
 * local, remote_leader in peer) talk over peer's collective context with
 * tag.  The leader passes peer == NULL when its own peer arguments are bad:
 * then every member of local returns -EINVAL (the remote group waits, as
 * its leader gets no answer).  -EEXIST when the groups overlap (all
 * members of both groups see that together). */
int ft_comm_intercomm_create(struct ft_comm *local, int local_leader,
                             struct ft_comm *peer, int remote_leader,
                             int tag, struct ft_comm **out);

/* MPI_Intercomm_merge: an intracommunicator over both groups of inter;
 * the group that passed high == false comes first, and when both passed
 * the same value, the group whose first member has the lower world rank.
 * Collective over both groups. */
int ft_comm_intercomm_merge(struct ft_comm *inter, bool high,
                            struct ft_comm **out);

/* MPI_Comm_compare: MPI_IDENT (same object), MPI_CONGRUENT (same groups,
 * same order), MPI_SIMILAR (same members), MPI_UNEQUAL; an intra- and an
 * intercommunicator are unequal.  -ENOMEM when out of memory.  Local. */
int ft_comm_compare(const struct ft_comm *a, const struct ft_comm *b);

/* Drops a reference; the last one frees the communicator and its
 * context id (not a revoked one's: late packets may still come), its
 * local communicator (intercommunicators), its live shadow (blank
 * mode) and its topology. */
void ft_comm_release(struct ft_comm *comm);

static inline void ft_comm_retain(struct ft_comm *comm)
{
    comm->refcount++;
}

/* Whether p is a member of comm (either group of an intercommunicator). */
bool ft_comm_has(const struct ft_comm *comm, const struct ft_proc *p);

/* The smallest world rank among comm's members: with the context id it
 * names the communicator across the whole job (two communicators with the
 * same context id at different processes are either the same one or have
 * no member in common). */
uint32_t ft_comm_cid(const struct ft_comm *comm);

/* Makes a communicator over group (taken over) with an already agreed
 * context id, inheriting parent's error handler (used by shrink and
 * recovery). */
int ft_comm_new_with_ctx(struct ft_comm *parent, struct ft_group *group,
                         uint32_t ctx, struct ft_comm **out);

/* Makes an intercommunicator between lg (holding this process) and rg
 * with agreed context ids: ctx for it, lctx for its local half; takes
 * both groups over (used by shrink). */
int ft_comm_new_inter_with_ctx(struct ft_comm *parent, struct ft_group *lg,
                               struct ft_group *rg, uint32_t ctx,
                               uint32_t lctx, struct ft_comm **out);

/* Moves comm in place to a new group and context id (FT-MPI recovery of
 * MPI_COMM_WORLD): the old context id stays reserved forever, so late
 * packets for it can never match a later communicator; what arrived for
 * it is dropped.  Failures of the new group count as acknowledged. */
int ft_comm_reset(struct ft_comm *comm, struct ft_group *group, uint32_t ctx);

/* Agrees with the other members of the intracommunicator comm on a
 * context id free at all of them.  Collective over comm; members that
 * only help (participate = false) do not constrain the choice. */
int ft_comm_alloc_ctx(struct ft_comm *comm, bool participate, uint32_t *ctx);

#endif
