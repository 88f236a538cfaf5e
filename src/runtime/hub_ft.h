/*
 * hub_ft.h -- the hub's part in fault tolerance: it forwards revocations
 * and decides agreements.
 *
 * Agreement (MPIX_Comm_agree, and the agreement inside MPIX_Comm_shrink) is
 * decided here, by the one process whose loss ends the job anyway: every
 * live member sends its contribution; once every member has either
 * contributed or died, the hub computes the bitwise AND of the flags, the
 * set of members that died without contributing, whether PROC_FAILED must
 * be raised (a dead non-contributor that some contributor had not
 * acknowledged), and for a shrink the lowest context id free at every
 * contributor.  Everybody gets the same answer because there is one
 * decider.  Members dying during the operation only change when the
 * decision is taken, never what different members hear.  The interface is
 * small so a distributed algorithm can replace it for scale.
 */
#ifndef FT_RUNTIME_HUB_FT_H
#define FT_RUNTIME_HUB_FT_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/wire.h"

struct hub;
struct hub_ft;

/* What hub_ft needs from the hub. */
struct hub_ft_ops {
    int (*np)(struct hub *h);
    /* Is the rank's process alive (not known dead)? */
    bool (*alive)(struct hub *h, int rank);
    /* The rank's current incarnation: a contribution counts only if it
     * comes from the incarnation alive now (rebuild mode respawns). */
    uint32_t (*epoch)(struct hub *h, int rank);
    /* Starts a message to a connected rank; NULL if it cannot receive. */
    struct ft_wbuf *(*begin)(struct hub *h, int rank, uint16_t type);
    /* Finishes and sends the message begun for rank. */
    void (*end)(struct hub *h, int rank);
};

struct hub_ft *hub_ft_new(struct hub *h, const struct hub_ft_ops *ops);
void hub_ft_free(struct hub_ft *f);

/* A rank revoked communicator (ctx, cid): tell every other live rank. */
void hub_ft_revoke(struct hub_ft *f, int from, uint32_t ctx, uint32_t cid);

/* A rank's contribution to an agreement; r is positioned at the start of
 * the FT_MSG_AGREE body.  Returns 0 or -FT_EPROTO. */
int hub_ft_agree(struct hub_ft *f, int from, struct ft_wreader *r);

/* A rank died: agreements waiting for it may now be decided. */
void hub_ft_rank_gone(struct hub_ft *f, int rank);

#endif
