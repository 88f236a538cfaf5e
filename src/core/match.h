/*
 * match.h -- the matching engine: posted receives and unexpected messages
 * of one communicator context.
 *
 * A message (src, tag) matches a receive (rsrc, rtag) when rsrc is src or
 * FT_ANY_SOURCE and rtag is tag or FT_ANY_TAG.  Both queues keep arrival
 * order, which gives MPI's ordering per sender and communicator because
 * every transport delivers in order per sender.  Nothing here allocates or
 * knows about transports.
 */
#ifndef FT_CORE_MATCH_H
#define FT_CORE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"

#define FT_ANY_SOURCE (-1)
#define FT_ANY_TAG (-1)
#define FT_PROC_NULL (-2)

struct ft_request;
struct ft_proc;

#define FT_UNEXP_INLINE 192

/* A message that arrived before its receive was posted. */
struct ft_unexp {
    struct ft_list link;
    int src, tag;
    struct ft_proc *proc;
    uint8_t kind;     /* FT_PKT_EAGER or FT_PKT_RTS */
    uint8_t flags;
    uint64_t len;     /* bytes of the whole message */
    uint64_t sreq;    /* sender's request (RTS, sync eager) */
    uint64_t addr;    /* RTS: sender's data address or 0 */
    void *data;       /* EAGER: copy of the payload (inline or malloc'd) */
    uint8_t inline_data[FT_UNEXP_INLINE];
};

struct ft_mq {
    struct ft_list posted; /* struct ft_request, through link */
    struct ft_list unexp;  /* struct ft_unexp, through link */
};

static inline bool ft_match(int rsrc, int rtag, int src, int tag)
{
    return (rsrc == src || rsrc == FT_ANY_SOURCE) &&
           (rtag == tag || rtag == FT_ANY_TAG);
}

void ft_mq_init(struct ft_mq *q);

/* Appends a receive (its peer and tag fields are the pattern). */
void ft_mq_post(struct ft_mq *q, struct ft_request *r);

/* Removes and returns the oldest posted receive matching a message from
 * src with tag, or NULL. */
struct ft_request *ft_mq_take_posted(struct ft_mq *q, int src, int tag);

/* Appends an unexpected message. */
void ft_mq_add_unexp(struct ft_mq *q, struct ft_unexp *u);

/* Returns the oldest unexpected message a receive for (rsrc, rtag) would
 * match, removing it when take is true; NULL if none. */
struct ft_unexp *ft_mq_find_unexp(struct ft_mq *q, int rsrc, int rtag,
                                  bool take);

/* Unlinks a posted receive (cancel); returns false if it was not posted. */
bool ft_mq_remove_posted(struct ft_mq *q, struct ft_request *r);

#endif
