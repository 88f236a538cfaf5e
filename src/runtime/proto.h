/*
 * proto.h -- the messages of the run-time protocol (framing in wire.h).
 *
 * Each entry gives the body's fields in order.  A message whose body does
 * not parse exactly, or that arrives in the wrong state (anything before a
 * valid HELLO), drops the connection that sent it.
 */
#ifndef FT_RUNTIME_PROTO_H
#define FT_RUNTIME_PROTO_H

#include <stdint.h>

enum ft_msg_type {
    /* rank -> its host daemon (the hub on the launch host) */
    FT_MSG_HELLO = 1,     /* str secret_hex, u32 rank, u32 epoch, u32 pid */
    FT_MSG_KV_PUT = 2,    /* str key, bytes value */
    FT_MSG_KV_FENCE = 3,  /* (empty): blocks until every live rank fenced */
    FT_MSG_FINALIZE = 4,  /* (empty): the rank completed MPI_Finalize */
    FT_MSG_ABORT = 5,     /* i32 exit code, str message */
    FT_MSG_TOLERANT = 6,  /* (empty): the rank handles failures itself */
    FT_MSG_REVOKE = 7,    /* u32 ctx, u32 cid: the rank revoked a communicator */
    FT_MSG_AGREE = 8,     /* u32 ctx, u32 cid, u32 seq, u32 kind, u32 flag,
                             u32 nctx (context ids wanted, <= FT_AGREE_MAXCTX),
                             u32 nlocal, nlocal x u32 world rank,
                             u32 nremote, nremote x u32 world rank,
                             u32 nacked, nacked x u32 world rank,
                             nctx > 0: FT_CTX_WORDS x u64 free-id mask */

    /* daemon/hub -> rank */
    FT_MSG_WELCOME = 64,  /* u32 size, u32 flags, then size x (u32 node,
                             u32 local index, u32 epoch) */
    FT_MSG_KV_DATA = 65,  /* u32 n, then n x (str key, bytes value) */
    FT_MSG_FAILURE = 66,  /* u64 seq, u32 rank, u32 epoch */
    FT_MSG_REVOKED = 67,  /* u32 ctx, u32 cid: a communicator was revoked */
    FT_MSG_AGREED = 68,   /* u32 ctx, u32 cid, u32 seq, u32 flag, u32 failed
                             (1: raise PROC_FAILED), u32 ndead, ndead x u32
                             world rank (members that did not contribute),
                             u32 nctx, nctx x u32 new context id,
                             u32 nepochs, nepochs x u32 (RECOVER: the current
                             incarnation of every world rank) */
};

/* FT_MSG_WELCOME flags */
#define FT_WELCOME_TOLERANT 1u    /* the job tolerates failures from the start */
#define FT_WELCOME_REPLACEMENT 2u /* this process replaces a failed one */

/* FT_MSG_AGREE kinds */
#define FT_AGREE_FLAG 0u    /* MPIX_Comm_agree */
#define FT_AGREE_SHRINK 1u  /* MPIX_Comm_shrink: also picks a context id */
#define FT_AGREE_RECOVER 2u /* FT-MPI recovery; with cid FT_CID_WORLD the
                               replacements of rebuild mode join it, and the
                               answer carries every rank's incarnation */
#define FT_AGREE_MAXCTX 4u
#define FT_CID_WORLD UINT32_MAX

/* Words of the free-context-id mask a shrink carries. */
#define FT_CTX_WORDS 64

/* Longest key and value in the key-value exchange. */
#define FT_KV_KEY_MAX 256
#define FT_KV_VALUE_MAX 4096

#endif
