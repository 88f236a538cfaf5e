/*
 * comm.h -- communicators: a group, a context id, and what is cached on
 * them.
 *
 * A communicator's context id is agreed by its members when it is made
 * (the lowest id free at all of them); point-to-point traffic uses the id,
 * collective traffic the id + 1, so the two never match each other.
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
    struct ft_errhandler *errh;
    struct ft_attr_list *attrs;
    struct ft_info *info;
    char name[128];
    int refcount;     /* the user's handle plus pending operations */
    bool predefined;  /* WORLD and SELF */
    /* Fault tolerance (src/ft): failed members in the order this process
     * learned of them are counted here; the first nacked are acknowledged
     * (MPIX_Comm_failure_ack).  A revoked communicator fails every
     * operation but agree and shrink. */
    bool revoked;
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

/* Makes a communicator over group (whose rank must be defined) with a
 * context id agreed over parent; members of parent not in group pass
 * group == NULL and get *out == NULL.  Collective over parent. */
int ft_comm_create(struct ft_comm *parent, struct ft_group *group,
                   struct ft_comm **out);

/* MPI_Comm_dup, MPI_Comm_split semantics; collective over comm. */
int ft_comm_dup(struct ft_comm *comm, struct ft_comm **out);
int ft_comm_split(struct ft_comm *comm, int color, int key,
                  struct ft_comm **out);

/* Drops a reference; the last one frees the communicator and its
 * context id. */
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

/* Makes a communicator over group with an already agreed context id,
 * inheriting parent's error handler (used by shrink and recovery). */
int ft_comm_new_with_ctx(struct ft_comm *parent, struct ft_group *group,
                         uint32_t ctx, struct ft_comm **out);

/* Moves comm in place to a new group and context id (FT-MPI recovery of
 * MPI_COMM_WORLD): the old context id stays reserved forever, so late
 * packets for it can never match a later communicator; what arrived for
 * it is dropped.  Failures of the new group count as acknowledged. */
int ft_comm_reset(struct ft_comm *comm, struct ft_group *group, uint32_t ctx);

/* Agrees with the other members of comm on a context id free at all of
 * them.  Collective over comm; in_use = false for members that only help. */
int ft_comm_alloc_ctx(struct ft_comm *comm, bool participate, uint32_t *ctx);

#endif
