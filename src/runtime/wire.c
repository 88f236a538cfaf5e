#include "runtime/wire.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/err.h"

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

void ft_wbuf_init(struct ft_wbuf *b)
{
    memset(b, 0, sizeof *b);
}

void ft_wbuf_free(struct ft_wbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static uint8_t *wbuf_grow(struct ft_wbuf *b, size_t n)
{
    if (b->oom)
        return NULL;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            b->oom = true;
            return NULL;
        }
        b->data = d;
        b->cap = cap;
    }
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

void ft_wire_begin(struct ft_wbuf *b, uint16_t type)
{
    b->msg_start = b->len;
    uint8_t *p = wbuf_grow(b, FT_WIRE_HDR);
    if (!p)
        return;
    put_le32(p, FT_WIRE_MAGIC);
    p[4] = FT_WIRE_VERSION & 0xff;
    p[5] = FT_WIRE_VERSION >> 8;
    p[6] = (uint8_t)type;
    p[7] = (uint8_t)(type >> 8);
    put_le32(p + 8, 0);
}

int ft_wire_end(struct ft_wbuf *b)
{
    if (b->oom)
        return -ENOMEM;
    size_t body = b->len - b->msg_start - FT_WIRE_HDR;
    if (body > FT_WIRE_MAX_BODY) {
        b->len = b->msg_start;
        return -E2BIG;
    }
    put_le32(b->data + b->msg_start + 8, (uint32_t)body);
    return 0;
}

void ft_wire_u8(struct ft_wbuf *b, uint8_t v)
{
    uint8_t *p = wbuf_grow(b, 1);
    if (p)
        *p = v;
}

void ft_wire_u32(struct ft_wbuf *b, uint32_t v)
{
    uint8_t *p = wbuf_grow(b, 4);
    if (p)
        put_le32(p, v);
}

void ft_wire_i32(struct ft_wbuf *b, int32_t v)
{
    ft_wire_u32(b, (uint32_t)v);
}

void ft_wire_u64(struct ft_wbuf *b, uint64_t v)
{
    ft_wire_u32(b, (uint32_t)v);
    ft_wire_u32(b, (uint32_t)(v >> 32));
}

void ft_wire_bytes(struct ft_wbuf *b, const void *src, size_t len)
{
    if (len > FT_WIRE_MAX_BODY) {
        b->oom = true;
        return;
    }
    ft_wire_u32(b, (uint32_t)len);
    uint8_t *p = wbuf_grow(b, len);
    if (p && len)
        memcpy(p, src, len);
}

void ft_wire_str(struct ft_wbuf *b, const char *s)
{
    ft_wire_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

void ft_wreader_init(struct ft_wreader *r, const struct ft_wmsg *m)
{
    r->p = m->body;
    r->end = m->body + m->len;
    r->bad = false;
}

static const uint8_t *take(struct ft_wreader *r, size_t n)
{
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

uint8_t ft_wire_get_u8(struct ft_wreader *r)
{
    const uint8_t *p = take(r, 1);
    return p ? *p : 0;
}

uint32_t ft_wire_get_u32(struct ft_wreader *r)
{
    const uint8_t *p = take(r, 4);
    return p ? get_le32(p) : 0;
}

int32_t ft_wire_get_i32(struct ft_wreader *r)
{
    return (int32_t)ft_wire_get_u32(r);
}

uint64_t ft_wire_get_u64(struct ft_wreader *r)
{
    uint64_t lo = ft_wire_get_u32(r);
    uint64_t hi = ft_wire_get_u32(r);
    return lo | hi << 32;
}

const void *ft_wire_get_bytes(struct ft_wreader *r, uint32_t *len)
{
    uint32_t n = ft_wire_get_u32(r);
    const uint8_t *p = take(r, n);
    *len = p ? n : 0;
    return p;
}

void ft_wire_get_str(struct ft_wreader *r, char *out, size_t cap)
{
    uint32_t n;
    const char *p = ft_wire_get_bytes(r, &n);
    if (!p || n >= cap || memchr(p, 0, n)) {
        r->bad = true;
        if (cap)
            out[0] = 0;
        return;
    }
    memcpy(out, p, n);
    out[n] = 0;
}

char *ft_wire_get_strdup(struct ft_wreader *r)
{
    uint32_t n;
    const char *p = ft_wire_get_bytes(r, &n);
    if (!p || memchr(p, 0, n)) {
        r->bad = true;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        r->bad = true;
        return NULL;
    }
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

bool ft_wreader_done(const struct ft_wreader *r)
{
    return !r->bad && r->p == r->end;
}

int ft_wire_parse(const uint8_t *buf, size_t avail, struct ft_wmsg *m)
{
    if (avail < FT_WIRE_HDR) {
        if (avail == 0)
            return 0; /* (buf may be NULL: nothing was read yet) */
        /* Reject a bad magic as soon as its bytes are in. */
        uint8_t magic[4];
        put_le32(magic, FT_WIRE_MAGIC);
        if (memcmp(buf, magic, avail < 4 ? avail : 4))
            return -FT_EPROTO;
        return 0;
    }
    if (get_le32(buf) != FT_WIRE_MAGIC)
        return -FT_EPROTO;
    uint16_t version = (uint16_t)(buf[4] | buf[5] << 8);
    if (version != FT_WIRE_VERSION)
        return -FT_EPROTO;
    uint32_t len = get_le32(buf + 8);
    if (len > FT_WIRE_MAX_BODY)
        return -FT_EPROTO;
    if (avail - FT_WIRE_HDR < len)
        return 0;
    m->type = (uint16_t)(buf[6] | buf[7] << 8);
    m->len = len;
    m->body = buf + FT_WIRE_HDR;
    return 1;
}

void ft_conn_init(struct ft_conn *c, int fd)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    ft_wbuf_init(&c->out);
}

void ft_conn_fini(struct ft_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->in);
    c->in = NULL;
    ft_wbuf_free(&c->out);
    c->closed = true;
}

int ft_conn_fill(struct ft_conn *c)
{
    /* Drop consumed bytes before reading more. */
    if (c->in_off) {
        memmove(c->in, c->in + c->in_off, c->in_len - c->in_off);
        c->in_len -= c->in_off;
        c->in_off = 0;
    }
    for (;;) {
        if (c->in_cap - c->in_len < 4096) {
            size_t cap = c->in_cap ? c->in_cap * 2 : 8192;
            if (cap > FT_WIRE_MAX_BODY + FT_WIRE_HDR + 65536)
                return -FT_EPROTO; /* cannot be a valid message */
            uint8_t *in = realloc(c->in, cap);
            if (!in)
                return -ENOMEM;
            c->in = in;
            c->in_cap = cap;
        }
        ssize_t n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
        if (n > 0) {
            c->in_len += (size_t)n;
            if (c->in_len < c->in_cap)
                return 0;
            continue;
        }
        if (n == 0)
            return -FT_ECLOSED;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -errno;
    }
}

int ft_conn_next(struct ft_conn *c, struct ft_wmsg *m)
{
    int rc = ft_wire_parse(c->in + c->in_off, c->in_len - c->in_off, m);
    if (rc == 1)
        c->in_off += FT_WIRE_HDR + m->len;
    return rc;
}

int ft_conn_flush(struct ft_conn *c)
{
    while (c->out_off < c->out.len) {
        /* send, not write: a peer that vanished must give EPIPE, not a
         * SIGPIPE that would kill a rank whose launcher is gone. */
        ssize_t n = send(c->fd, c->out.data + c->out_off,
                         c->out.len - c->out_off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return -FT_EAGAIN;
            return -errno;
        }
        c->out_off += (size_t)n;
    }
    c->out.len = c->out_off = 0;
    return 0;
}

int ft_conn_wait_msg(struct ft_conn *c, struct ft_wmsg *m, int timeout_ms)
{
    for (;;) {
        int rc = ft_conn_next(c, m);
        if (rc != 0)
            return rc;
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        rc = poll(&p, 1, timeout_ms);
        if (rc < 0 && errno != EINTR)
            return -errno;
        if (rc == 0)
            return 0;
        rc = ft_conn_fill(c);
        if (rc < 0)
            return rc;
    }
}

int ft_conn_flush_all(struct ft_conn *c)
{
    for (;;) {
        int rc = ft_conn_flush(c);
        if (rc != -FT_EAGAIN)
            return rc;
        struct pollfd p = {.fd = c->fd, .events = POLLOUT};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            return -errno;
    }
}
