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
};

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

#define FT_PKT_HDR_EAGER offsetof(struct ft_pkt, u)
#define FT_PKT_HDR_SYNC (offsetof(struct ft_pkt, u) + 8)
#define FT_PKT_HDR_DATA (offsetof(struct ft_pkt, u) + 16)

#endif
