/*
 * impl.h -- what the files of the collective layer share: per-engine and
 * per-communicator state, the description of one collective call, and the
 * algorithms the selection table (select.c) chooses from.
 *
 * Algorithms come in two forms.  Most build a schedule (sched.h) from the
 * call's arguments; the same schedule serves the blocking and the
 * non-blocking call.  The shared-memory ones (shm_*.c) run directly, for
 * blocking calls among ranks of one host (shm.h).
 */
#ifndef FT_COLL_IMPL_H
#define FT_COLL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"
#include "coll/coll.h"
#include "coll/sched.h"
#include "core/engine.h"

struct ft_comm;
struct ft_datatype;
struct coll_shm;

/* The collective layer's state in the engine (eng->coll). */
struct coll_eng {
    struct ft_engine *eng;
    struct ft_hook hook;
    struct ft_list active;  /* non-blocking schedules */
    struct ft_list zombies; /* ended schedules with sends in flight */
    struct coll_shm *shm;   /* NULL: no shared-memory collectives here */
    int force_alg;          /* FTMPI_COLL_ALG */
};

/* The collective layer's state in a communicator (comm->coll). */
struct coll_comm {
    struct ft_sched *sched; /* reused by blocking collectives */
    int shm;                /* 1: all members share our host segment */
    uint8_t *local;         /* host-local index of each member (shm) */
    uint64_t shm_all;       /* bit set of those indices */
};

/* The state of comm, made on first use (NULL when out of memory). */
struct coll_comm *ft_coll_comm(struct ft_comm *comm);

/* Whether a member of comm has failed. */
bool ft_coll_comm_has_failed(struct ft_comm *comm);

/* Copies the shorter of two typed streams (either may be packed bytes). */
void ft_coll_copy(const void *src, size_t scount, struct ft_datatype *sdt,
                  void *dst, size_t dcount, struct ft_datatype *ddt);

/* The byte type, for packed data. */
struct ft_datatype *ft_coll_bytes(void);

/* ---- helpers for builders --------------------------------------------- */

/* The number of ranks of comm and this rank. */
#define CSIZE(s) ((s)->cur->size)
#define CRANK(s) ((s)->cur->rank)

/* The block a rank sends to peer i (alltoall family; scatter at the root;
 * neighborhood collectives, i a neighbor) and the block it receives from
 * peer i (alltoall family; gather at the root; allgather family;
 * neighborhood collectives), as (address, count, datatype). */
void ft_coll_sblock(const struct ft_coll_args *a, int i, const void **p,
                    size_t *count, struct ft_datatype **dt);
void ft_coll_rblock(const struct ft_coll_args *a, int i, void **p,
                    size_t *count, struct ft_datatype **dt);

/* Elements of block i of a reduce_scatter (either form). */
static inline size_t ft_coll_rs_count(const struct ft_coll_args *a, int i)
{
    return a->rcounts ? (size_t)a->rcounts[i] : a->rcount;
}

/* Packed view of count elements of dt at buf for reading: buf itself when
 * dt is contiguous, else a scratch copy made now. */
const void *ft_coll_view_in(struct ft_sched *s, const void *buf, size_t count,
                            struct ft_datatype *dt);
/* Packed place for a result: buf itself when contiguous, else scratch that
 * is unpacked into buf when the schedule ends.  With copy_in, the scratch
 * starts with buf's current contents. */
void *ft_coll_view_out(struct ft_sched *s, void *buf, size_t count,
                       struct ft_datatype *dt, bool copy_in);

/* Binomial tree over relative ranks 0..n-1 (0 is the root). */
static inline int ft_tree_lowbit(int rel, int n)
{
    if (rel == 0) {
        int m = 1;
        while (m < n)
            m <<= 1;
        return m;
    }
    return rel & -rel;
}

static inline int ft_pof2_floor(int n)
{
    int p = 1;
    while (p * 2 <= n)
        p *= 2;
    return p;
}

/* ---- the algorithms --------------------------------------------------- */

/* A schedule builder; returns 0 or a negative error (also s->error). */
typedef int (*ft_coll_build_fn)(struct ft_sched *s,
                                const struct ft_coll_args *a);
/* A shared-memory algorithm run in place of a schedule (blocking only);
 * tag names the call (context id and sequence number). */
typedef int (*ft_coll_shm_fn)(struct ft_comm *comm,
                              const struct ft_coll_args *a, uint64_t tag);

/* Picks the algorithm for a (select.c); exactly one of *build, *shm is
 * set.  Returns 0, or -1 when the table has nothing for the call. */
int ft_coll_select(struct ft_comm *c, const struct ft_coll_args *a,
                   bool blocking, ft_coll_build_fn *build,
                   ft_coll_shm_fn *shm, const char **name);

/* Reduces count packed elements (s->op, s->rdt) from every rank's in
 * along a binomial tree rooted at root, into acc at the root (scratch
 * elsewhere).  In rank order when root is 0 or the operation commutes. */
void ft_coll_reduce_tree(struct ft_sched *s, const void *in, void *acc,
                         size_t count, int root);

/* The real rank of rank newrank of the power-of-two group left after the
 * first 2 * rem ranks folded in pairs (the odd one of each pair stays). */
int ft_coll_unfold(int newrank, int rem);

/* The block an alltoall(v,w) sends to peer i; with MPI_IN_PLACE a packed
 * copy of the receive block made now. */
void ft_coll_a2a_sblock(struct ft_sched *s, const struct ft_coll_args *a,
                        int i, const void **p, size_t *cnt,
                        struct ft_datatype **dt);

int ft_build_barrier_dissem(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_bcast_binomial(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_bcast_scatter_ag(struct ft_sched *s,
                              const struct ft_coll_args *a);
int ft_build_reduce_binomial(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_allreduce_recdbl(struct ft_sched *s,
                              const struct ft_coll_args *a);
int ft_build_allreduce_rabenseifner(struct ft_sched *s,
                                    const struct ft_coll_args *a);
int ft_build_gather_binomial(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_gatherv_linear(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_scatter_binomial(struct ft_sched *s,
                              const struct ft_coll_args *a);
int ft_build_scatterv_linear(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_allgather_bruck(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_allgatherv_ring(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_allgatherv_linear(struct ft_sched *s,
                               const struct ft_coll_args *a);
int ft_build_alltoall_bruck(struct ft_sched *s, const struct ft_coll_args *a);
int ft_build_alltoallw_linear(struct ft_sched *s,
                              const struct ft_coll_args *a);
int ft_build_alltoallw_pairwise(struct ft_sched *s,
                                const struct ft_coll_args *a);
int ft_build_reduce_scatter_halving(struct ft_sched *s,
                                    const struct ft_coll_args *a);
int ft_build_reduce_scatter_pairwise(struct ft_sched *s,
                                     const struct ft_coll_args *a);
int ft_build_reduce_scatter_gather(struct ft_sched *s,
                                   const struct ft_coll_args *a);
int ft_build_scan_recdbl(struct ft_sched *s, const struct ft_coll_args *a);
/* Neighborhood collectives (neighbor.c): one builder for all five. */
int ft_build_neighbor(struct ft_sched *s, const struct ft_coll_args *a);
/* Intercommunicator collectives (inter.c): one builder for every kind
 * that has an intercommunicator form. */
int ft_build_inter(struct ft_sched *s, const struct ft_coll_args *a);

int ft_shm_barrier(struct ft_comm *comm, const struct ft_coll_args *a,
                   uint64_t tag);
int ft_shm_bcast(struct ft_comm *comm, const struct ft_coll_args *a,
                 uint64_t tag);
int ft_shm_reduce(struct ft_comm *comm, const struct ft_coll_args *a,
                  uint64_t tag);
int ft_shm_allgather(struct ft_comm *comm, const struct ft_coll_args *a,
                     uint64_t tag);
int ft_shm_alltoall(struct ft_comm *comm, const struct ft_coll_args *a,
                    uint64_t tag);

#endif
