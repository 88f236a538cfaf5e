#include "runtime/client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/util.h"
#include "runtime/proto.h"
#include "runtime/session.h"

static int env_long(const char *name, long min, long max, long *out)
{
    return ft_parse_long(getenv(name), min, max, out);
}

static int singleton(struct ft_client *c)
{
    c->singleton = true;
    c->rank = 0;
    c->size = 1;
    c->local_size = 1;
    c->node_of = calloc(1, sizeof(int));
    c->local_of = calloc(1, sizeof(int));
    c->local_world = calloc(1, sizeof(int));
    c->epochs = calloc(1, sizeof(uint32_t));
    if (!c->node_of || !c->local_of || !c->local_world || !c->epochs)
        return -ENOMEM;
    return 0;
}

static int parse_doorbells(struct ft_client *c, const char *s)
{
    c->doorbells = calloc((size_t)c->local_size, sizeof(int));
    if (!c->doorbells)
        return -ENOMEM;
    for (int i = 0; i < c->local_size; i++) {
        char *end;
        long fd = strtol(s, &end, 10);
        if (end == s || fd < 0 || (*end != ',' && *end != 0))
            return -EINVAL;
        c->doorbells[i] = (int)fd;
        ft_fd_set_cloexec((int)fd, true); /* not for the program's children */
        s = *end ? end + 1 : end;
    }
    return 0;
}

static int send_msg(struct ft_client *c)
{
    int rc = ft_wire_end(&c->conn.out);
    if (rc)
        return rc;
    rc = ft_conn_flush_all(&c->conn);
    if (rc)
        c->hub_gone = true;
    return rc ? -FT_EHUBGONE : 0;
}

static int parse_welcome(struct ft_client *c, const struct ft_wmsg *m)
{
    struct ft_wreader r;
    ft_wreader_init(&r, m);
    uint32_t size = ft_wire_get_u32(&r);
    uint32_t flags = ft_wire_get_u32(&r);
    if (r.bad || (int)size != c->size)
        return -FT_EPROTO;
    c->tolerant = flags & FT_WELCOME_TOLERANT;
    c->replacement = flags & FT_WELCOME_REPLACEMENT;
    c->node_of = calloc(size, sizeof(int));
    c->local_of = calloc(size, sizeof(int));
    c->epochs = calloc(size, sizeof(uint32_t));
    if (!c->node_of || !c->local_of || !c->epochs)
        return -ENOMEM;
    int nlocal = 0;
    for (uint32_t i = 0; i < size; i++) {
        c->node_of[i] = (int)ft_wire_get_u32(&r);
        c->local_of[i] = (int)ft_wire_get_u32(&r);
        c->epochs[i] = ft_wire_get_u32(&r);
        if (c->node_of[i] == c->node)
            nlocal++;
    }
    if (!ft_wreader_done(&r) || nlocal != c->local_size)
        return -FT_EPROTO;
    c->local_world = calloc((size_t)nlocal, sizeof(int));
    if (!c->local_world)
        return -ENOMEM;
    for (uint32_t i = 0; i < size; i++) {
        if (c->node_of[i] != c->node)
            continue;
        if (c->local_of[i] < 0 || c->local_of[i] >= nlocal)
            return -FT_EPROTO;
        c->local_world[c->local_of[i]] = (int)i;
    }
    return 0;
}

int ft_client_init(struct ft_client *c, char *why, size_t whylen)
{
    memset(c, 0, sizeof *c);
    c->conn.fd = -1;
    c->seg.fd = -1;
    ft_wbuf_init(&c->kvdata);
    ft_wbuf_init(&c->queued);
    const char *hub = getenv("FTMPI_HUB");
    if (!hub)
        return singleton(c);

    long rank, size, epoch, local, node, segfd;
    if (env_long("FTMPI_RANK", 0, 1 << 24, &rank) ||
        env_long("FTMPI_SIZE", 1, 1 << 24, &size) || rank >= size ||
        env_long("FTMPI_EPOCH", 0, UINT32_MAX, &epoch) ||
        env_long("FTMPI_LOCAL_RANK", 0, 1 << 24, &local) ||
        env_long("FTMPI_NODE", 0, 1 << 24, &node) ||
        env_long("FTMPI_NODESEG_FD", 0, 1 << 30, &segfd) ||
        !getenv("FTMPI_SECRET") || !getenv("FTMPI_DOORBELLS")) {
        snprintf(why, whylen,
                 "the FTMPI_* environment is incomplete: start this program "
                 "with ftmpirun, or without any FTMPI_HUB for a singleton");
        return -EINVAL;
    }
    c->rank = (int)rank;
    c->size = (int)size;
    c->epoch = (uint32_t)epoch;
    c->local_rank = (int)local;
    c->node = (int)node;
    snprintf(c->jobid, sizeof c->jobid, "%s",
             getenv("FTMPI_JOBID") ? getenv("FTMPI_JOBID") : "");

    int rc = ft_nodeseg_attach(&c->seg, (int)segfd);
    if (rc) {
        snprintf(why, whylen, "cannot map the host's shared segment: %s",
                 ft_strerror(rc));
        return rc;
    }
    ft_fd_set_cloexec((int)segfd, true);
    c->local_size = (int)c->seg.hdr->local_size;
    if (c->local_rank >= c->local_size ||
        parse_doorbells(c, getenv("FTMPI_DOORBELLS"))) {
        snprintf(why, whylen, "FTMPI_DOORBELLS or FTMPI_LOCAL_RANK is wrong");
        return -EINVAL;
    }
    struct ft_rank_ctl *ctl = ft_client_ctl(c);
    ctl->pid = (uint32_t)getpid();
    c->notice_seen = atomic_load(&ctl->notice_seq);

    int fd = ft_session_connect(hub);
    if (fd < 0) {
        snprintf(why, whylen, "cannot reach the launcher: %s",
                 ft_strerror(fd));
        return fd;
    }
    ft_conn_init(&c->conn, fd);
    ft_wire_begin(&c->conn.out, FT_MSG_HELLO);
    ft_wire_str(&c->conn.out, getenv("FTMPI_SECRET"));
    ft_wire_u32(&c->conn.out, (uint32_t)c->rank);
    ft_wire_u32(&c->conn.out, c->epoch);
    ft_wire_u32(&c->conn.out, (uint32_t)getpid());
    if ((rc = send_msg(c))) {
        snprintf(why, whylen, "cannot reach the launcher: %s",
                 ft_strerror(rc));
        return rc;
    }
    struct ft_wmsg m;
    rc = ft_conn_wait_msg(&c->conn, &m, -1);
    if (rc != 1 || m.type != FT_MSG_WELCOME || (rc = parse_welcome(c, &m))) {
        snprintf(why, whylen, "the launcher refused this process (%s)",
                 rc == 1 ? "unexpected answer" : ft_strerror(rc));
        return rc < 0 ? rc : -FT_EPROTO;
    }
    ft_fd_set_nonblock(fd, true);
    return 0;
}

void ft_client_set_events(struct ft_client *c, const struct ft_client_events *ev,
                          void *arg)
{
    c->ev = *ev;
    c->ev_arg = arg;
}

int ft_client_kv_put(struct ft_client *c, const char *key, const void *val,
                     size_t len)
{
    if (c->singleton) {
        /* Keep it locally so that kv_get finds it. */
        ft_wire_str(&c->kvdata, key);
        ft_wire_bytes(&c->kvdata, val, len);
        c->nkv++;
        return c->kvdata.oom ? -ENOMEM : 0;
    }
    if (strlen(key) >= FT_KV_KEY_MAX || len > FT_KV_VALUE_MAX)
        return -EINVAL;
    ft_wire_begin(&c->conn.out, FT_MSG_KV_PUT);
    ft_wire_str(&c->conn.out, key);
    ft_wire_bytes(&c->conn.out, val, len);
    return send_msg(c);
}

/* Runs the callback for one hub event message; false if malformed. */
static bool dispatch(struct ft_client *c, const struct ft_wmsg *m)
{
    struct ft_wreader r;
    ft_wreader_init(&r, m);
    switch (m->type) {
    case FT_MSG_FAILURE: {
        uint64_t seq = ft_wire_get_u64(&r);
        uint32_t rank = ft_wire_get_u32(&r);
        uint32_t epoch = ft_wire_get_u32(&r);
        if (!ft_wreader_done(&r) || rank >= (uint32_t)c->size)
            return false;
        if (c->ev.failure)
            c->ev.failure(c->ev_arg, seq, (int)rank, epoch);
        return true;
    }
    case FT_MSG_REVOKED: {
        uint32_t ctx = ft_wire_get_u32(&r), cid = ft_wire_get_u32(&r);
        if (!ft_wreader_done(&r))
            return false;
        if (c->ev.revoked)
            c->ev.revoked(c->ev_arg, ctx, cid);
        return true;
    }
    case FT_MSG_AGREED: {
        struct ft_agreed a;
        a.ctx = ft_wire_get_u32(&r);
        a.cid = ft_wire_get_u32(&r);
        a.seq = ft_wire_get_u32(&r);
        a.flag = ft_wire_get_u32(&r);
        a.failed = ft_wire_get_u32(&r) != 0;
        uint32_t n = ft_wire_get_u32(&r);
        if (r.bad || n > (uint32_t)c->size)
            return false;
        int dead[n ? n : 1];
        for (uint32_t i = 0; i < n; i++) {
            dead[i] = (int)ft_wire_get_u32(&r);
            if (dead[i] < 0 || dead[i] >= c->size)
                return false;
        }
        a.ndead = (int)n;
        a.dead = dead;
        a.nctx = ft_wire_get_u32(&r);
        if (r.bad || a.nctx > FT_AGREE_MAXCTX)
            return false;
        for (uint32_t i = 0; i < a.nctx; i++)
            a.ctx_ids[i] = ft_wire_get_u32(&r);
        uint32_t ne = ft_wire_get_u32(&r);
        if (r.bad || (ne != 0 && ne != (uint32_t)c->size))
            return false;
        uint32_t epochs[ne ? ne : 1];
        for (uint32_t i = 0; i < ne; i++)
            epochs[i] = ft_wire_get_u32(&r);
        a.epochs = ne ? epochs : NULL;
        if (!ft_wreader_done(&r))
            return false;
        if (c->ev.agreed)
            c->ev.agreed(c->ev_arg, &a);
        return true;
    }
    default:
        return false;
    }
}

/* Handles one control message: KV_DATA is stored; events are dispatched,
 * or kept for later while callbacks may not run (queue = true). */
static int handle(struct ft_client *c, const struct ft_wmsg *m, bool *got_kv,
                  bool queue)
{
    struct ft_wreader r;
    ft_wreader_init(&r, m);
    if (m->type == FT_MSG_KV_DATA) {
        /* Keep the entries as they came: n x (str key, bytes value). */
        uint32_t n = ft_wire_get_u32(&r);
        if (r.bad)
            return -FT_EPROTO;
        size_t blen = (size_t)(r.end - r.p);
        if (c->kvdata.cap < blen) {
            uint8_t *d = realloc(c->kvdata.data, blen);
            if (!d)
                return -ENOMEM;
            c->kvdata.data = d;
            c->kvdata.cap = blen;
        }
        if (blen)
            memcpy(c->kvdata.data, r.p, blen);
        c->kvdata.len = blen;
        c->nkv = n;
        *got_kv = true;
        return 0;
    }
    if (queue) {
        ft_wire_begin(&c->queued, m->type);
        ft_wire_bytes(&c->queued, m->body, m->len);
        return ft_wire_end(&c->queued);
    }
    return dispatch(c, m) ? 0 : -FT_EPROTO;
}

/* Delivers events that arrived while callbacks could not run. */
static int deliver_queued(struct ft_client *c)
{
    size_t off = 0;
    int rc = 0;
    while (off < c->queued.len) {
        struct ft_wmsg m;
        if (ft_wire_parse(c->queued.data + off, c->queued.len - off, &m) != 1)
            break;
        off += FT_WIRE_HDR + m.len;
        /* The body was stored as a byte string: unwrap it. */
        struct ft_wreader r;
        ft_wreader_init(&r, &m);
        uint32_t len;
        const uint8_t *body = ft_wire_get_bytes(&r, &len);
        struct ft_wmsg inner = {.type = m.type, .len = len, .body = body};
        if (!dispatch(c, &inner))
            rc = -FT_EPROTO;
    }
    c->queued.len = 0;
    return rc;
}

int ft_client_kv_fence(struct ft_client *c)
{
    if (c->singleton)
        return 0;
    ft_wire_begin(&c->conn.out, FT_MSG_KV_FENCE);
    int rc = send_msg(c);
    if (rc)
        return rc;
    bool got = false;
    while (!got) {
        struct ft_wmsg m;
        rc = ft_conn_wait_msg(&c->conn, &m, -1);
        if (rc < 0) {
            c->hub_gone = true;
            return -FT_EHUBGONE;
        }
        if (rc == 1 && (rc = handle(c, &m, &got, true)))
            return rc;
    }
    return 0;
}

const void *ft_client_kv_get(struct ft_client *c, const char *key,
                             size_t *len)
{
    struct ft_wmsg m = {.len = (uint32_t)c->kvdata.len,
                        .body = c->kvdata.data};
    struct ft_wreader r;
    ft_wreader_init(&r, &m);
    size_t klen = strlen(key);
    for (uint32_t i = 0; i < c->nkv && !r.bad; i++) {
        uint32_t kl, vl;
        const char *k = ft_wire_get_bytes(&r, &kl);
        const void *v = ft_wire_get_bytes(&r, &vl);
        if (!r.bad && kl == klen && memcmp(k, key, klen) == 0) {
            *len = vl;
            return v;
        }
    }
    return NULL;
}

int ft_client_poll(struct ft_client *c)
{
    if (c->singleton)
        return 0;
    if (c->hub_gone)
        return -FT_EHUBGONE;
    struct ft_rank_ctl *ctl = ft_client_ctl(c);
    c->notice_seen = atomic_load_explicit(&ctl->notice_seq,
                                          memory_order_acquire);
    int rc = ft_conn_fill(&c->conn);
    struct ft_wmsg m;
    int n = 0, got;
    bool kv = false;
    if (c->queued.len && deliver_queued(c) == -FT_EPROTO)
        goto bad;
    while ((got = ft_conn_next(&c->conn, &m)) == 1) {
        if (handle(c, &m, &kv, false))
            goto bad;
        n++;
    }
    if (rc < 0 || got < 0) {
        c->hub_gone = true;
        return -FT_EHUBGONE;
    }
    return n;
bad:
    ft_log(FT_LOG_ERROR, "bad message from the launcher");
    c->hub_gone = true;
    return -FT_EHUBGONE;
}

int ft_client_fd(const struct ft_client *c)
{
    return c->singleton ? -1 : c->conn.fd;
}

struct ft_rank_ctl *ft_client_ctl(struct ft_client *c)
{
    return c->singleton ? NULL
                        : ft_nodeseg_ctl(&c->seg, (uint32_t)c->local_rank);
}

int ft_client_finalize(struct ft_client *c)
{
    if (c->singleton || c->hub_gone)
        return 0;
    ft_wire_begin(&c->conn.out, FT_MSG_FINALIZE);
    return send_msg(c);
}

int ft_client_abort(struct ft_client *c, int code, const char *msg)
{
    if (c->singleton || c->hub_gone)
        return -FT_EHUBGONE;
    ft_wire_begin(&c->conn.out, FT_MSG_ABORT);
    ft_wire_i32(&c->conn.out, code);
    ft_wire_str(&c->conn.out, msg);
    return send_msg(c);
}

int ft_client_tolerant(struct ft_client *c)
{
    if (c->singleton || c->hub_gone)
        return 0;
    ft_wire_begin(&c->conn.out, FT_MSG_TOLERANT);
    return send_msg(c);
}

int ft_client_revoke(struct ft_client *c, uint32_t ctx, uint32_t cid)
{
    if (c->singleton || c->hub_gone)
        return 0;
    ft_wire_begin(&c->conn.out, FT_MSG_REVOKE);
    ft_wire_u32(&c->conn.out, ctx);
    ft_wire_u32(&c->conn.out, cid);
    return send_msg(c);
}

int ft_client_agree(struct ft_client *c, uint32_t ctx, uint32_t cid,
                    uint32_t seq, uint32_t kind, uint32_t flag, uint32_t nctx,
                    const int *local, int nlocal, const int *remote,
                    int nremote, const int *acked, int nacked,
                    const uint64_t *mask)
{
    if (c->hub_gone)
        return -FT_EHUBGONE;
    struct ft_wbuf *b = &c->conn.out;
    ft_wire_begin(b, FT_MSG_AGREE);
    ft_wire_u32(b, ctx);
    ft_wire_u32(b, cid);
    ft_wire_u32(b, seq);
    ft_wire_u32(b, kind);
    ft_wire_u32(b, flag);
    ft_wire_u32(b, nctx);
    ft_wire_u32(b, (uint32_t)nlocal);
    for (int i = 0; i < nlocal; i++)
        ft_wire_u32(b, (uint32_t)local[i]);
    ft_wire_u32(b, (uint32_t)nremote);
    for (int i = 0; i < nremote; i++)
        ft_wire_u32(b, (uint32_t)remote[i]);
    ft_wire_u32(b, (uint32_t)nacked);
    for (int i = 0; i < nacked; i++)
        ft_wire_u32(b, (uint32_t)acked[i]);
    for (int w = 0; nctx && w < FT_CTX_WORDS; w++)
        ft_wire_u64(b, mask[w]);
    return send_msg(c);
}

void ft_client_fini(struct ft_client *c)
{
    if (c->conn.fd >= 0)
        ft_conn_fini(&c->conn);
    ft_nodeseg_detach(&c->seg);
    if (c->doorbells)
        for (int i = 0; i < c->local_size; i++)
            close(c->doorbells[i]);
    free(c->doorbells);
    free(c->node_of);
    free(c->local_of);
    free(c->local_world);
    free(c->epochs);
    ft_wbuf_free(&c->queued);
    ft_wbuf_free(&c->kvdata);
    memset(c, 0, sizeof *c);
    c->conn.fd = -1;
    c->seg.fd = -1;
}
