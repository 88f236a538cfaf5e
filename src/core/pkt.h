/*
 * pkt.h -- the packets ranks exchange (the point-to-point protocol).
 *
 * Every packet starts with the same 24 bytes; what follows depends on the
 * kind.  A message of up to the eager limit travels in one EAGER packet; a
 * larger one starts with RTS (ready to send).  The receiver, once it has
 * matched the RTS, either copies the data straight out of the sender's
 * memory and answers FIN, or answers CTS (clear to send) and the sender
 * streams DATA packets.  Ssend's eager form asks for a SACK once matched.
 */
#ifndef FT_CORE_PKT_H
#define FT_CORE_PKT_H

#include <stddef.h>
#include <stdint.h>

enum ft_pkt_kind {
    FT_PKT_EAGER = 1, /* header, then the packed message */
    FT_PKT_RTS,       /* large message announced */
    FT_PKT_CTS,       /* receiver matched RTS: stream DATA to rreq */
    FT_PKT_DATA,      /* one fragment of a streamed message */
    FT_PKT_FIN,       /* receiver copied the data itself: sreq done */
    FT_PKT_SACK,      /* a synchronous eager send was matched */
    FT_PKT_NACK,      /* the receive was cancelled or failed: sreq done */

    /* One-sided communication (struct ft_rma_pkt, handled by core/win.c).
     * Requests, origin to target: */
    FT_PKT_RMA_PUT = 32, /* ranges, then their data: store it; ACK */
    FT_PKT_RMA_GET,      /* ranges: answer their data in DATA */
    FT_PKT_RMA_ACC,      /* ranges, then data: target = data op target; ACK */
    FT_PKT_RMA_GACC,     /* the same, answering the old contents in DATA */
    FT_PKT_RMA_CAS,      /* one range, compare value, new value: DATA old */
    FT_PKT_RMA_LOCK,     /* lock the target's window (op: the lock type) */
    FT_PKT_RMA_UNLOCK,   /* release it (not answered) */
    FT_PKT_RMA_POST,     /* target to origin: an exposure epoch began */
    FT_PKT_RMA_COMPLETE, /* origin to target: its access epoch ended */
    /* Answers, target to origin: */
    FT_PKT_RMA_ACK,      /* a PUT or ACC fragment was applied (or err) */
    FT_PKT_RMA_DATA,     /* a GET, GACC or CAS fragment's data (or err) */
    FT_PKT_RMA_GRANT,    /* the lock asked for is held */
};

#define FT_PKT_RMA_FIRST FT_PKT_RMA_PUT
#define FT_PKT_RMA_LAST FT_PKT_RMA_GRANT

#define FT_PKT_F_SYNC 1u /* EAGER: sender waits for SACK */

/* The context id's low bit selects the collective context. */
#define FT_CTX_COLL 1u

struct ft_pkt {
    uint8_t kind;
    uint8_t flags;
    uint16_t reserved;
    uint32_t epoch; /* sender's incarnation */
    uint32_t ctx;   /* communicator context id */
    int32_t src;    /* sender's rank in the communicator */
    int32_t tag;
    uint32_t len32; /* EAGER: bytes of payload */
    union {
        struct {
            uint64_t sreq; /* EAGER with FT_PKT_F_SYNC */
        } sync;
        struct {
            uint64_t len;  /* bytes of the whole message */
            uint64_t sreq;
            uint64_t addr; /* data in the sender, or 0 if not contiguous */
        } rts;
        struct {
            uint64_t sreq, rreq;
        } cts;
        struct {
            uint64_t rreq, off;
        } data;
        struct {
            uint64_t sreq;
        } fin; /* FIN, SACK and NACK */
    } u;
};

/* A one-sided packet.  The first 24 bytes are laid out as struct ft_pkt's
 * (kind, epoch and ctx where pt2pt reads them); ctx is the window's
 * context id, src the origin's rank in the window.  Requests that touch
 * the target's memory carry niov ranges (struct ft_rma_range, addresses in
 * the target) and then len32 bytes of data: the bytes [off, off + len)
 * of the packed stream of the whole operation.  Answers echo req and off
 * and carry err (0 or a negative internal code) and, for DATA, the data. */
struct ft_rma_pkt {
    uint8_t kind;
    uint8_t flags;
    uint16_t op;     /* ACC, GACC: enum ft_op_kind; LOCK: lock type */
    uint32_t epoch;
    uint32_t ctx;
    int32_t src;
    uint32_t niov;
    uint32_t len32;
    uint64_t req;    /* the origin's request id */
    uint64_t off;
    uint16_t basic;  /* ACC, GACC, CAS: enum ft_basic of the data */
    uint16_t pad;
    int32_t err;
};

struct ft_rma_range {
    uint64_t addr, len;
};

#define FT_PKT_HDR_EAGER offsetof(struct ft_pkt, u)
#define FT_PKT_HDR_SYNC (offsetof(struct ft_pkt, u) + 8)
#define FT_PKT_HDR_DATA (offsetof(struct ft_pkt, u) + 16)

#endif
