/*
 * sched.h -- schedules: a collective algorithm written down as a list of
 * steps, then run.
 *
 * A builder appends steps: sends and receives (started together, up to
 * the next fence), fences (wait until everything started has completed),
 * and local steps (reduce, copy) that run when reached.  A local step that
 * uses received data must come after a fence.  Blocking collectives run a
 * schedule to its end; non-blocking ones hand it to the progress engine,
 * so a rank sitting in MPI_Wait or MPI_Test advances it.
 *
 * Every receive names its peer, and a schedule also fails as soon as any
 * member of its communicator is known to have failed (or the communicator
 * is revoked): a failure anywhere turns into an error for every caller,
 * never a hang.  Sends still in flight when a schedule fails keep its
 * memory alive until they end; the caller gets the error at once.
 *
 * Scratch memory (ft_sched_tmp) lives as long as the schedule.  A blocking
 * collective reuses its communicator's schedule, steps and scratch, so a
 * warm collective allocates nothing.
 */
#ifndef FT_COLL_SCHED_H
#define FT_COLL_SCHED_H

#include <stdbool.h>
#include <stddef.h>

#include "base/list.h"

struct ft_comm;
struct ft_datatype;
struct ft_engine;
struct ft_op;
struct ft_request;
struct sched_step;
struct sched_chunk;

struct ft_sched {
    struct ft_comm *comm;
    struct ft_engine *eng;
    int tag;
    /* Where the next sends and receives go: comm and tag, or, for the
     * local half of an intercommunicator collective, its local
     * communicator (ft_sched_use). */
    struct ft_comm *cur;
    int cur_tag;
    /* The reduction, for REDUCE steps: packed elements of rdt. */
    struct ft_op *op;
    struct ft_datatype *rdt;

    struct sched_step *steps;
    int nsteps, cap;
    int fin; /* steps [fin, nsteps) were added by ft_sched_at_end */
    struct sched_step *tail; /* steps to run last */
    int ntail, captail;
    int next; /* the next step to start */

    struct ft_request **reqs; /* started, not yet complete */
    int nreqs, capreqs;
    int error;
    /* A message longer than its buffer: reported at the end, but the
     * schedule goes on, so ranks that depend on this one are not left
     * waiting. */
    bool truncated;
    int nfailed_seen;

    struct sched_chunk *chunks; /* scratch memory */

    /* What a non-blocking collective keeps alive until it ends. */
    struct ft_datatype **held;
    int nheld, capheld;
    struct ft_op *held_op;
    void *held_mem; /* malloc'ed input the collective owns (or NULL) */
    struct ft_request *req; /* the user's request, or NULL (blocking) */
    bool cached;            /* the communicator's reusable schedule */
    struct ft_list link;    /* in the engine's active or zombie list */
};

/* A fresh schedule for one collective on comm (malloc'ed).  NULL when out
 * of memory. */
struct ft_sched *ft_sched_new(struct ft_comm *comm);

/* Empties s for reuse, keeping its arrays and its largest scratch chunk. */
void ft_sched_reset(struct ft_sched *s);

/* Frees s and its scratch memory; releases what it holds. */
void ft_sched_free(struct ft_sched *s);

/* Makes the following sends and receives (and CSIZE, CRANK) use comm
 * with tag. */
void ft_sched_use(struct ft_sched *s, struct ft_comm *comm, int tag);

/* Builders.  They never fail: running out of memory marks the schedule
 * failed (-ENOMEM), which it reports when run. */
void ft_sched_send(struct ft_sched *s, const void *buf, size_t count,
                   struct ft_datatype *dt, int peer);
void ft_sched_recv(struct ft_sched *s, void *buf, size_t count,
                   struct ft_datatype *dt, int peer);
void ft_sched_fence(struct ft_sched *s);
/* inout = in op inout (in comes from lower ranks), count packed elements
 * of s->rdt.  With swap: inout = inout op in, and in is overwritten (it
 * must be scratch). */
void ft_sched_reduce(struct ft_sched *s, void *in, void *inout, size_t count,
                     bool swap);
/* Copies scount elements of sdt at src into dcount elements of ddt at dst
 * (the shorter of the two streams).  Byte-typed pointers are packed data. */
void ft_sched_copy(struct ft_sched *s, const void *src, size_t scount,
                   struct ft_datatype *sdt, void *dst, size_t dcount,
                   struct ft_datatype *ddt);
/* Appends a copy step to run after every other step (unpacking results
 * into the user's buffer). */
void ft_sched_copy_at_end(struct ft_sched *s, const void *src, size_t scount,
                          struct ft_datatype *sdt, void *dst, size_t dcount,
                          struct ft_datatype *ddt);

/* Scratch memory of bytes (64-byte aligned), valid until the schedule is
 * reset or freed.  Never NULL: on failure it returns a small dummy and
 * marks the schedule failed. */
void *ft_sched_tmp(struct ft_sched *s, size_t bytes);

/* Keeps dt / op alive until the schedule ends (non-blocking calls). */
void ft_sched_hold_dt(struct ft_sched *s, struct ft_datatype *dt);
void ft_sched_hold_op(struct ft_sched *s, struct ft_op *op);

/* Runs s to its end; blocks.  Returns 0 or the first error.  s is reset
 * (or, if sends are still in flight after an error, kept alive by the
 * engine and must not be touched again: *lost is then set). */
int ft_sched_run(struct ft_sched *s, bool *lost);

/* Starts s as a non-blocking collective completing req (kind
 * FT_REQ_COLL).  The engine owns s from now on.  Returns 0. */
int ft_sched_start(struct ft_sched *s, struct ft_request *req);

/* Progress hook body: advances every active schedule.  Returns the work
 * done. */
int ft_sched_progress(struct ft_engine *eng);

/* Number of schedules the engine still advances (zombies included). */
int ft_sched_active(struct ft_engine *eng);

#endif
