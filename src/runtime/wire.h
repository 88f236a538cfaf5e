/*
 * wire.h -- the run-time's wire format: framing, encoding and buffered
 * non-blocking connections.
 *
 * A message is a 12-byte header followed by a body:
 *
 *     u32 magic "FTMP" | u16 version | u16 type | u32 body length
 *
 * all little-endian.  A body is a sequence of fields whose order is fixed
 * per message type (see proto.h): u8, u32, u64 and i32 fixed-size; strings
 * and byte strings as a u32 length then the bytes.  Readers check every
 * length against the end of the body; one bad field poisons the reader and
 * the connection is dropped by its owner, never the process.
 */
#ifndef FT_RUNTIME_WIRE_H
#define FT_RUNTIME_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FT_WIRE_MAGIC 0x504d5446u /* "FTMP" little-endian */
#define FT_WIRE_VERSION 1
#define FT_WIRE_HDR 12
#define FT_WIRE_MAX_BODY (16u << 20)

/* ---- building a message ---------------------------------------------- */

/* A growable output buffer.  On allocation failure it sets oom and ignores
 * further puts; the sender checks oom once at the end. */
struct ft_wbuf {
    uint8_t *data;
    size_t len, cap;
    size_t msg_start; /* offset of the header of the message being built */
    bool oom;
};

void ft_wbuf_init(struct ft_wbuf *b);
void ft_wbuf_free(struct ft_wbuf *b);
/* Starts a message of the given type at the end of the buffer. */
void ft_wire_begin(struct ft_wbuf *b, uint16_t type);
/* Closes the message: fills in its length.  Returns 0 or -ENOMEM/-E2BIG. */
int ft_wire_end(struct ft_wbuf *b);
void ft_wire_u8(struct ft_wbuf *b, uint8_t v);
void ft_wire_u32(struct ft_wbuf *b, uint32_t v);
void ft_wire_i32(struct ft_wbuf *b, int32_t v);
void ft_wire_u64(struct ft_wbuf *b, uint64_t v);
void ft_wire_bytes(struct ft_wbuf *b, const void *p, size_t len);
void ft_wire_str(struct ft_wbuf *b, const char *s);

/* ---- reading a message ----------------------------------------------- */

struct ft_wmsg {
    uint16_t type;
    uint32_t len;
    const uint8_t *body; /* points into the connection's buffer */
};

/* Reads fields of one body in order.  After a short or bad field, bad is
 * set and every later get returns 0 / NULL. */
struct ft_wreader {
    const uint8_t *p, *end;
    bool bad;
};

void ft_wreader_init(struct ft_wreader *r, const struct ft_wmsg *m);
uint8_t ft_wire_get_u8(struct ft_wreader *r);
uint32_t ft_wire_get_u32(struct ft_wreader *r);
int32_t ft_wire_get_i32(struct ft_wreader *r);
uint64_t ft_wire_get_u64(struct ft_wreader *r);
/* Returns a pointer into the body and its length (not NUL-terminated). */
const void *ft_wire_get_bytes(struct ft_wreader *r, uint32_t *len);
/* Copies a string into out (cap bytes with NUL); too long marks bad. */
void ft_wire_get_str(struct ft_wreader *r, char *out, size_t cap);
/* Returns a malloc'd copy of a string field (NULL when bad or no memory). */
char *ft_wire_get_strdup(struct ft_wreader *r);
/* True when every field was read and nothing is left over. */
bool ft_wreader_done(const struct ft_wreader *r);

/* Parses the header at buf (avail bytes).  Returns 1 and fills m when a
 * whole message is there, 0 when more bytes are needed, -FT_EPROTO when the
 * header is malformed (bad magic, version or length). */
int ft_wire_parse(const uint8_t *buf, size_t avail, struct ft_wmsg *m);

/* ---- buffered connection --------------------------------------------- */

/* One non-blocking stream socket with an input and an output buffer. */
struct ft_conn {
    int fd;
    uint8_t *in;
    size_t in_len, in_cap, in_off;
    struct ft_wbuf out;
    size_t out_off; /* bytes of out already written */
    bool closed;
};

void ft_conn_init(struct ft_conn *c, int fd);
/* Closes the socket and frees the buffers. */
void ft_conn_fini(struct ft_conn *c);

/* Reads what is available.  Returns 0 (maybe nothing new), -FT_ECLOSED at
 * end of stream, or -errno. Never blocks on a non-blocking fd. */
int ft_conn_fill(struct ft_conn *c);

/* Takes the next whole message from the input buffer.  Returns 1 and fills
 * m (valid until the next fill/next call), 0 if none is complete yet, or
 * -FT_EPROTO. */
int ft_conn_next(struct ft_conn *c, struct ft_wmsg *m);

/* Writes as much of the output buffer as the socket takes.  Returns 0 when
 * all is written, -FT_EAGAIN when some remains, or -errno. */
int ft_conn_flush(struct ft_conn *c);

/* True when output is waiting to be written. */
static inline bool ft_conn_pending(const struct ft_conn *c)
{
    return c->out.len > c->out_off;
}

/* Blocks until one whole message is available (fd may be non-blocking;
 * poll is used), or timeout_ms passes (-1: forever).  Returns 1, 0 on
 * timeout, or a negative error. */
int ft_conn_wait_msg(struct ft_conn *c, struct ft_wmsg *m, int timeout_ms);

/* Blocks until all output is written. */
int ft_conn_flush_all(struct ft_conn *c);

#endif
