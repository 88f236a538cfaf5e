/*
 * proc.h -- what this process knows about every other process of the job.
 *
 * Procs are created at MPI_Init and never freed before MPI_Finalize, so
 * groups and communicators hold plain pointers to them.
 */
#ifndef FT_CORE_PROC_H
#define FT_CORE_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/list.h"

struct ft_tp;

enum ft_proc_state {
    FT_PROC_ALIVE,
    FT_PROC_FAILED,
};

struct ft_proc {
    int world_rank;
    uint32_t epoch;          /* incarnation: packets of other epochs drop */
    int node, local;         /* host index; index on that host */
    enum ft_proc_state state;
    uint64_t fail_seq;       /* the hub's number for its failure, or 0 */
    struct ft_tp *tp;        /* the transport that reaches it */
    void *tp_peer;           /* that transport's per-peer state */
    bool no_get;             /* single copy refused: use pipelined copy */
    bool hole;               /* FT-MPI blank mode: a failed rank's place,
                                where operations act as on MPI_PROC_NULL */
    struct ft_list sendq;    /* sends waiting for room to this proc, in order */
    struct ft_list sendq_link; /* in the engine's list of procs with a sendq */
};

static inline bool ft_proc_failed(const struct ft_proc *p)
{
    return p->state == FT_PROC_FAILED;
}

#endif
