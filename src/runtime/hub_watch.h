/*
 * hub_watch.h -- supervision: the hub watches what every rank is doing.
 *
 * Ranks publish where they wait (nodeseg.h: struct ft_rank_state) once a
 * wait outlasts its spinning.  Every tick the watcher reads them all.  It
 * declares a deadlock when, for the whole quiet period, every live rank
 * has been waiting in the same MPI call with no packet sent or received,
 * and as many packets have been received in the whole job as were sent:
 * nothing is on its way, so no wait can ever end.  A rank computing, or
 * asleep in the program, is not waiting, so it can never be part of a
 * deadlock however long it takes.
 *
 * It also ends jobs that outlive --timeout, prints the ranks' state on
 * request (SIGUSR1 to ftmpirun), and can get every rank's stack with gdb
 * before the job is stopped.
 */
#ifndef FT_RUNTIME_HUB_WATCH_H
#define FT_RUNTIME_HUB_WATCH_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/loop.h"
#include "runtime/nodeseg.h"

#define FT_EXIT_TIMEOUT 124
#define FT_EXIT_DEADLOCK 125

struct hub;
struct hub_watch;

struct hub_watch_cfg {
    double timeout_s;        /* 0: none */
    bool deadlock;           /* detect deadlocks */
    double deadlock_after_s; /* quiet period */
    bool backtrace;          /* stacks of every rank before stopping */
};

enum hub_rank_status {
    HUB_RANK_STARTING, /* forked, not in MPI yet */
    HUB_RANK_RUNNING,
    HUB_RANK_FINALIZED, /* past MPI_Finalize, or exited after it */
    HUB_RANK_GONE,      /* died (ended before MPI_Finalize) */
};

struct hub_watch_ops {
    int (*np)(struct hub *h);
    enum hub_rank_status (*status)(struct hub *h, int rank);
    /* The rank's published state (NULL when it has none). */
    const struct ft_rank_state *(*state)(struct hub *h, int rank);
    pid_t (*pid)(struct hub *h, int rank);
    /* Prints one line of a report on stderr (after pending output). */
    void (*line)(struct hub *h, const char *text);
    /* Ends the job with this exit status. */
    void (*stop)(struct hub *h, int code);
};

struct hub_watch *hub_watch_new(struct hub *h, struct ft_loop *loop,
                                const struct hub_watch_ops *ops,
                                const struct hub_watch_cfg *cfg);
void hub_watch_free(struct hub_watch *w);

/* The job is ending for another reason: watch no more. */
void hub_watch_stop(struct hub_watch *w);

/* Prints every rank's state now, headed by why; the job goes on. */
void hub_watch_report(struct hub_watch *w, const char *why);

#endif
