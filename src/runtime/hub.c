#include "runtime/hub.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/list.h"
#include "base/log.h"
#include "base/loop.h"
#include "base/param.h"
#include "base/util.h"
#include "runtime/daemon.h"
#include "runtime/hub_ft.h"
#include "runtime/hub_watch.h"
#include "runtime/proto.h"
#include "runtime/session.h"
#include "runtime/wire.h"

/* Output of the ranks is gathered per stream and written once per pass of
 * the loop: whole lines only, so lines still never interleave. */
#define OUTBUF_BYTES 65536

enum rank_state {
    RS_STARTED,   /* forked, not connected yet */
    RS_RUNNING,   /* said HELLO */
    RS_FINALIZED, /* completed MPI_Finalize */
    RS_GONE,      /* process ended */
};

struct hub;

struct hub_conn {
    struct ft_conn c;
    struct ft_watch w;
    struct ft_list link;
    struct hub *h;
    int rank; /* -1 until a valid HELLO */
    bool dropped;
};

struct hub_rank {
    enum rank_state state;
    bool connected_once;
    bool fenced;
    bool failed; /* ended before MPI_Finalize */
    int restarts;
    uint64_t fail_seq; /* its number in the list of failures, if failed */
    int exec_err;      /* errno of a failed exec, or 0 */
    uint32_t epoch; /* incarnation: 0 first, +1 for each respawn */
    struct hub_conn *conn;
};

struct outbuf {
    int fd;
    size_t len;
    char *data; /* OUTBUF_BYTES */
};

struct kv {
    char *key;
    void *val;
    uint32_t len;
};

struct hub {
    const struct ft_hub_cfg *cfg;
    struct ft_loop loop;
    struct ft_session sess;
    struct ft_daemon daemon;
    bool daemon_up;
    int lfd, sfd;
    struct ft_watch lw, sw;
    struct hub_rank *ranks;
    struct ft_list conns, dead_conns;
    struct kv *kv;
    size_t nkv, kvcap;
    int nfenced;
    bool tolerant;
    uint64_t fail_seq;
    bool stopping;   /* killing the job */
    int ntolerated;  /* failures the job survived */
    int first_failure_code;
    int exit_code;   /* set by the first event that decides it */
    bool exit_set;
    bool any_hello;  /* some rank called MPI_Init */
    enum ft_stdin_mode stdin_mode;
    sigset_t child_ignore; /* signals ignored when we started */
    int quiet_exit;  /* a rank that exited 0 without MPI_Init, or -1 */
    struct ft_timer kill_timer;
    struct hub_ft *ft;
    struct hub_watch *watch;
    struct outbuf out[2]; /* stdout, stderr */
};

/* ---- output ----------------------------------------------------------- */

/* Writes all of buf, waiting when fd is non-blocking (we may have inherited
 * it so).  Gives up on other errors: if the reader has gone (EPIPE), the
 * job goes on without its output. */
static void write_out(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, -1);
        } else if (!(w < 0 && errno == EINTR)) {
            return;
        }
    }
}

static void out_flush(struct outbuf *o)
{
    if (o->len)
        write_out(o->fd, o->data, o->len);
    o->len = 0;
}

static void out_flush_all(struct hub *h)
{
    out_flush(&h->out[0]);
    out_flush(&h->out[1]);
}

/* Queues one whole line (tag, then line) for stream 1 or 2. */
static void out_line(struct hub *h, int stream, const char *tag, size_t tlen,
                     const char *line, size_t len)
{
    struct outbuf *o = &h->out[stream == 1 ? 0 : 1];
    /* Lines leave in the order they came, across the two streams too. */
    out_flush(&h->out[stream == 1 ? 1 : 0]);
    if (!o->data || o->len + tlen + len > OUTBUF_BYTES)
        out_flush(o);
    if (!o->data || tlen + len > OUTBUF_BYTES) {
        write_out(o->fd, tag, tlen);
        write_out(o->fd, line, len);
        return;
    }
    memcpy(o->data + o->len, tag, tlen);
    memcpy(o->data + o->len + tlen, line, len);
    o->len += tlen + len;
}

/* ft_log, after the ranks' output that came before. */
static void hub_log(struct hub *h, enum ft_log_level level, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));
static void hub_log(struct hub *h, enum ft_log_level level, const char *fmt,
                    ...)
{
    if ((int)level > ft_log_verbosity && level != FT_LOG_ERROR)
        return;
    out_flush_all(h);
    va_list ap;
    va_start(ap, fmt);
    ft_vlog(level, fmt, ap);
    va_end(ap);
}

static void set_exit(struct hub *h, int code)
{
    if (!h->exit_set) {
        h->exit_code = code;
        h->exit_set = true;
    }
}

/* ---- stopping the job ------------------------------------------------- */

static void on_kill_timer(struct ft_loop *loop, struct ft_timer *t)
{
    (void)loop;
    struct hub *h = t->arg;
    ft_daemon_signal_all(&h->daemon, SIGKILL);
}

/* Ends every rank.  graceful: SIGTERM first, SIGKILL after the grace
 * period; otherwise SIGKILL at once (a failure must end the job fast). */
static void stop_job(struct hub *h, bool graceful)
{
    hub_watch_stop(h->watch);
    if (h->stopping) {
        ft_daemon_signal_all(&h->daemon, SIGKILL);
        return;
    }
    h->stopping = true;
    if (graceful && ft_param(FT_P_KILL_GRACE_MS) > 0) {
        ft_daemon_signal_all(&h->daemon, SIGCONT);
        ft_daemon_signal_all(&h->daemon, SIGTERM);
        ft_timer_start(&h->loop, &h->kill_timer,
                       (uint64_t)ft_param(FT_P_KILL_GRACE_MS), on_kill_timer,
                       h);
    } else {
        ft_daemon_signal_all(&h->daemon, SIGKILL);
    }
}

/* ---- connections ------------------------------------------------------ */

static void conn_drop(struct hub *h, struct hub_conn *hc)
{
    if (hc->dropped)
        return;
    hc->dropped = true;
    if (hc->rank >= 0 && h->ranks[hc->rank].conn == hc)
        h->ranks[hc->rank].conn = NULL;
    ft_loop_del(&h->loop, &hc->w);
    ft_list_del(&hc->link);
    ft_list_push(&h->dead_conns, &hc->link);
}

static void reap_dead_conns(struct hub *h)
{
    struct ft_list *e;
    while ((e = ft_list_pop(&h->dead_conns))) {
        struct hub_conn *hc = ft_container_of(e, struct hub_conn, link);
        ft_conn_fini(&hc->c);
        free(hc);
    }
}

static void conn_update_events(struct hub *h, struct hub_conn *hc)
{
    ft_loop_mod(&h->loop, &hc->w,
                EPOLLIN | (ft_conn_pending(&hc->c) ? EPOLLOUT : 0));
}

/* Sends the message just built in hc's output buffer. */
static void conn_send(struct hub *h, struct hub_conn *hc)
{
    if (ft_wire_end(&hc->c.out)) {
        conn_drop(h, hc);
        return;
    }
    int rc = ft_conn_flush(&hc->c);
    if (rc && rc != -FT_EAGAIN) {
        conn_drop(h, hc);
        return;
    }
    conn_update_events(h, hc);
}

/* The rank's connection, if it is alive and connected. */
static struct hub_conn *rank_conn(struct hub *h, int rank)
{
    struct hub_rank *r = &h->ranks[rank];
    if (r->state == RS_GONE)
        return NULL;
    return r->conn;
}

static void notify_rank(struct hub *h, int rank)
{
    /* Single host: world rank == local index. */
    ft_daemon_notify(&h->daemon, rank);
}

/* ---- what the fault-tolerance part needs ------------------------------ */

static int ops_np(struct hub *h)
{
    return h->cfg->np;
}

static bool ops_alive(struct hub *h, int rank)
{
    return h->ranks[rank].state != RS_GONE;
}

static uint32_t ops_epoch(struct hub *h, int rank)
{
    return h->ranks[rank].epoch;
}

static struct ft_wbuf *ops_begin(struct hub *h, int rank, uint16_t type)
{
    struct hub_conn *hc = rank_conn(h, rank);
    if (!hc)
        return NULL;
    ft_wire_begin(&hc->c.out, type);
    return &hc->c.out;
}

static void ops_end(struct hub *h, int rank)
{
    struct hub_conn *hc = rank_conn(h, rank);
    if (!hc)
        return;
    conn_send(h, hc);
    notify_rank(h, rank);
}

static const struct hub_ft_ops hub_ft_ops = {
    .np = ops_np, .alive = ops_alive, .epoch = ops_epoch,
    .begin = ops_begin, .end = ops_end};

/* ---- what the supervision part needs ---------------------------------- */

static enum hub_rank_status w_status(struct hub *h, int rank)
{
    switch (h->ranks[rank].state) {
    case RS_STARTED:
        return HUB_RANK_STARTING;
    case RS_RUNNING:
        return HUB_RANK_RUNNING;
    case RS_FINALIZED:
        return HUB_RANK_FINALIZED;
    default:
        return h->ranks[rank].failed ? HUB_RANK_GONE : HUB_RANK_FINALIZED;
    }
}

static const struct ft_rank_state *w_state(struct hub *h, int rank)
{
    /* One host: world rank == local index. */
    return &ft_nodeseg_ctl(&h->daemon.seg, (uint32_t)rank)->state;
}

static pid_t w_pid(struct hub *h, int rank)
{
    return ft_daemon_pid(&h->daemon, rank);
}

static void w_line(struct hub *h, const char *text)
{
    out_flush_all(h);
    char buf[600];
    int n = snprintf(buf, sizeof buf, "ftmpirun: %s\n", text);
    if (n > 0)
        write_out(STDERR_FILENO, buf,
                  (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void w_stop(struct hub *h, int code)
{
    set_exit(h, code);
    stop_job(h, false);
}

static const struct hub_watch_ops hub_watch_ops = {
    .np = ops_np, .status = w_status, .state = w_state, .pid = w_pid,
    .line = w_line, .stop = w_stop};

/* ---- key-value exchange ---------------------------------------------- */

static int kv_put(struct hub *h, const char *key, const void *val,
                  uint32_t len)
{
    void *copy = malloc(len ? len : 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, val, len);
    for (size_t i = 0; i < h->nkv; i++) {
        if (strcmp(h->kv[i].key, key) == 0) {
            free(h->kv[i].val);
            h->kv[i].val = copy;
            h->kv[i].len = len;
            return 0;
        }
    }
    if (h->nkv == h->kvcap) {
        size_t cap = h->kvcap ? h->kvcap * 2 : 64;
        struct kv *kv = realloc(h->kv, cap * sizeof *kv);
        if (!kv) {
            free(copy);
            return -ENOMEM;
        }
        h->kv = kv;
        h->kvcap = cap;
    }
    char *k = strdup(key);
    if (!k) {
        free(copy);
        return -ENOMEM;
    }
    h->kv[h->nkv++] = (struct kv){k, copy, len};
    return 0;
}

/* Completes the fence once every live rank has entered it. */
static void fence_check(struct hub *h)
{
    int live = 0, fenced = 0;
    for (int i = 0; i < h->cfg->np; i++) {
        struct hub_rank *r = &h->ranks[i];
        /* Replacements (rebuild mode) join by recovery, not the fence. */
        if (r->state == RS_GONE || r->epoch > 0)
            continue;
        live++;
        fenced += r->fenced;
    }
    if (fenced == 0 || fenced < live)
        return;
    for (int i = 0; i < h->cfg->np; i++) {
        struct hub_rank *r = &h->ranks[i];
        if (!r->fenced)
            continue;
        r->fenced = false;
        struct hub_conn *hc = rank_conn(h, i);
        if (!hc)
            continue;
        ft_wire_begin(&hc->c.out, FT_MSG_KV_DATA);
        ft_wire_u32(&hc->c.out, (uint32_t)h->nkv);
        for (size_t k = 0; k < h->nkv; k++) {
            ft_wire_str(&hc->c.out, h->kv[k].key);
            ft_wire_bytes(&hc->c.out, h->kv[k].val, h->kv[k].len);
        }
        conn_send(h, hc);
    }
}

/* ---- failures -------------------------------------------------------- */

/* Tells every live rank, in the order failures are numbered. */
static void announce_failure(struct hub *h, int rank)
{
    uint64_t seq = ++h->fail_seq;
    h->ranks[rank].fail_seq = seq;
    for (int i = 0; i < h->cfg->np; i++) {
        struct hub_conn *hc = rank_conn(h, i);
        if (!hc || i == rank)
            continue;
        ft_wire_begin(&hc->c.out, FT_MSG_FAILURE);
        ft_wire_u64(&hc->c.out, seq);
        ft_wire_u32(&hc->c.out, (uint32_t)rank);
        ft_wire_u32(&hc->c.out, h->ranks[rank].epoch);
        conn_send(h, hc);
        notify_rank(h, i);
    }
}

/* Sends hc every failure numbered so far, in order: a rank that connects
 * late must know of ranks that died before it said HELLO. */
static void replay_failures(struct hub *h, struct hub_conn *hc)
{
    for (uint64_t seq = 1; seq <= h->fail_seq; seq++) {
        for (int i = 0; i < h->cfg->np; i++) {
            if (h->ranks[i].fail_seq != seq)
                continue;
            ft_wire_begin(&hc->c.out, FT_MSG_FAILURE);
            ft_wire_u64(&hc->c.out, seq);
            ft_wire_u32(&hc->c.out, (uint32_t)i);
            ft_wire_u32(&hc->c.out, h->ranks[i].epoch);
            conn_send(h, hc);
            notify_rank(h, hc->rank);
        }
    }
}

static void respawn(struct hub *h, int rank);

/* A rank ended badly (what says how): the job stops, or, when it
 * tolerates failures, every rank is told (and in rebuild mode the rank is
 * started again).  code is the job's exit status if this decides it. */
static void rank_failed(struct hub *h, int rank, int code, const char *what)
{
    struct hub_rank *r = &h->ranks[rank];
    if (r->failed || h->stopping)
        return;
    r->failed = true;
    if (h->tolerant) {
        hub_log(h, FT_LOG_WARN, "rank %d %s; the job continues", rank, what);
        if (h->ntolerated++ == 0)
            h->first_failure_code = code;
        announce_failure(h, rank);
        if (h->cfg->ft_mode == FT_MODE_REBUILD)
            respawn(h, rank);
    } else {
        hub_log(h, FT_LOG_ERROR, "rank %d %s; stopping the job", rank, what);
        set_exit(h, code);
        stop_job(h, false);
    }
}

/* ---- messages from ranks --------------------------------------------- */

static int on_hello(struct hub *h, struct hub_conn *hc, struct ft_wreader *r)
{
    char secret[2 * FT_SECRET_BYTES + 1];
    ft_wire_get_str(r, secret, sizeof secret);
    uint32_t rank = ft_wire_get_u32(r);
    uint32_t epoch = ft_wire_get_u32(r);
    (void)ft_wire_get_u32(r); /* pid: informational */
    if (!ft_wreader_done(r))
        return -FT_EPROTO;
    if (strlen(secret) != strlen(h->sess.secret_hex) ||
        !ft_secret_equal(secret, h->sess.secret_hex, strlen(secret)))
        return -FT_EAUTH;
    if (rank >= (uint32_t)h->cfg->np)
        return -FT_EPROTO;
    struct hub_rank *hr = &h->ranks[rank];
    /* The HELLO of a rank that died right after sending it, read after its
     * exit was handled: nothing to say about it. */
    if (hr->state == RS_GONE && epoch == hr->epoch && !hr->conn)
        return -FT_ECLOSED;
    if (hr->state != RS_STARTED || hr->conn || epoch != hr->epoch)
        return -FT_EPROTO;
    hc->rank = (int)rank;
    hr->conn = hc;
    hr->state = RS_RUNNING;
    hr->connected_once = true;
    h->any_hello = true;

    ft_wire_begin(&hc->c.out, FT_MSG_WELCOME);
    ft_wire_u32(&hc->c.out, (uint32_t)h->cfg->np);
    ft_wire_u32(&hc->c.out, (h->tolerant ? FT_WELCOME_TOLERANT : 0) |
                                (epoch > 0 ? FT_WELCOME_REPLACEMENT : 0));
    for (int i = 0; i < h->cfg->np; i++) {
        ft_wire_u32(&hc->c.out, 0);           /* node */
        ft_wire_u32(&hc->c.out, (uint32_t)i); /* local index */
        ft_wire_u32(&hc->c.out, h->ranks[i].epoch);
    }
    conn_send(h, hc);
    if (hc->dropped)
        return 0;
    replay_failures(h, hc);
    if (h->quiet_exit >= 0) {
        /* A rank left without MPI_Init, and this one calls it: the MPI
         * job cannot have all its ranks. */
        int q = h->quiet_exit;
        char what[96];
        snprintf(what, sizeof what,
                 "exited with status 0 without calling MPI_Init (rank %u "
                 "did)", rank);
        h->quiet_exit = -1;
        rank_failed(h, q, 1, what);
    }
    return 0;
}

static int on_rank_msg(struct hub *h, struct hub_conn *hc,
                       const struct ft_wmsg *m)
{
    struct ft_wreader r;
    ft_wreader_init(&r, m);
    if (hc->rank < 0)
        return m->type == FT_MSG_HELLO ? on_hello(h, hc, &r) : -FT_EAUTH;
    struct hub_rank *hr = &h->ranks[hc->rank];
    switch (m->type) {
    case FT_MSG_KV_PUT: {
        char key[FT_KV_KEY_MAX];
        ft_wire_get_str(&r, key, sizeof key);
        uint32_t len;
        const void *val = ft_wire_get_bytes(&r, &len);
        if (!ft_wreader_done(&r) || len > FT_KV_VALUE_MAX)
            return -FT_EPROTO;
        return kv_put(h, key, val, len);
    }
    case FT_MSG_KV_FENCE:
        if (!ft_wreader_done(&r) || hr->fenced)
            return -FT_EPROTO;
        hr->fenced = true;
        fence_check(h);
        return 0;
    case FT_MSG_FINALIZE:
        if (!ft_wreader_done(&r))
            return -FT_EPROTO;
        if (hr->state == RS_RUNNING)
            hr->state = RS_FINALIZED;
        return 0;
    case FT_MSG_TOLERANT:
        if (!ft_wreader_done(&r))
            return -FT_EPROTO;
        h->tolerant = true;
        return 0;
    case FT_MSG_REVOKE: {
        uint32_t ctx = ft_wire_get_u32(&r), cid = ft_wire_get_u32(&r);
        if (!ft_wreader_done(&r))
            return -FT_EPROTO;
        hub_ft_revoke(h->ft, hc->rank, ctx, cid);
        return 0;
    }
    case FT_MSG_AGREE:
        return hub_ft_agree(h->ft, hc->rank, &r);
    case FT_MSG_ABORT: {
        int32_t code = ft_wire_get_i32(&r);
        char msg[512];
        ft_wire_get_str(&r, msg, sizeof msg);
        if (!ft_wreader_done(&r))
            return -FT_EPROTO;
        if (!h->stopping) {
            hub_log(h, FT_LOG_ERROR, "rank %d called MPI_Abort with code "
                    "%d%s%s; stopping the job", hc->rank, code,
                    msg[0] ? ": " : "", msg);
            set_exit(h, code ? (code & 0xff ? code & 0xff : 1) : 0);
            stop_job(h, false);
        }
        return 0;
    }
    default:
        return -FT_EPROTO;
    }
}

static void conn_warn(struct hub *h, struct hub_conn *hc, int rc)
{
    if (hc->rank >= 0)
        hub_log(h, FT_LOG_WARN, "dropping the connection of rank %d: %s",
                hc->rank, ft_strerror(rc));
    else
        hub_log(h, FT_LOG_WARN, "dropping a connection: %s",
                ft_strerror(rc));
}

/* Reads and handles everything that has arrived on hc.  A malformed or
 * unauthenticated message drops this connection only. */
static void conn_read(struct hub *h, struct hub_conn *hc)
{
    int rc = ft_conn_fill(&hc->c);
    struct ft_wmsg m;
    int got;
    /* Handle what arrived even when the peer closed right after it. */
    while (!hc->dropped && (got = ft_conn_next(&hc->c, &m)) == 1) {
        int mrc = on_rank_msg(h, hc, &m);
        if (mrc) {
            if (mrc != -FT_ECLOSED)
                conn_warn(h, hc, mrc);
            conn_drop(h, hc);
        }
    }
    if (hc->dropped)
        return;
    if (got < 0) {
        conn_warn(h, hc, got);
        conn_drop(h, hc);
    } else if (rc < 0) {
        conn_drop(h, hc); /* closed: the process exit tells the rest */
    }
}

static void on_conn(struct ft_loop *loop, struct ft_watch *w, uint32_t ev)
{
    (void)loop;
    struct hub_conn *hc = w->arg;
    struct hub *h = hc->h;
    if (ev & EPOLLOUT) {
        int rc = ft_conn_flush(&hc->c);
        if (rc && rc != -FT_EAGAIN) {
            conn_drop(h, hc);
            return;
        }
        conn_update_events(h, hc);
    }
    if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
        conn_read(h, hc);
}

static void on_listen(struct ft_loop *loop, struct ft_watch *w, uint32_t ev)
{
    (void)loop;
    (void)ev;
    struct hub *h = w->arg;
    for (;;) {
        int fd = ft_session_accept(h->lfd);
        if (fd == -FT_EAGAIN)
            return;
        if (fd < 0) {
            if (fd != -FT_EAUTH)
                return;
            continue;
        }
        struct hub_conn *hc = calloc(1, sizeof *hc);
        if (!hc) {
            close(fd);
            continue;
        }
        ft_conn_init(&hc->c, fd);
        hc->h = h;
        hc->rank = -1;
        ft_list_push(&h->conns, &hc->link);
        if (ft_loop_add(&h->loop, &hc->w, fd, EPOLLIN, on_conn, hc)) {
            ft_list_del(&hc->link);
            ft_conn_fini(&hc->c);
            free(hc);
        }
    }
}

/* ---- events from the daemon ------------------------------------------ */

static void on_output(void *arg, int rank, int stream, const char *line,
                      size_t len)
{
    struct hub *h = arg;
    char tag[24];
    int n = h->cfg->tag_output ? snprintf(tag, sizeof tag, "[%d] ", rank) : 0;
    out_line(h, stream, tag, (size_t)n, line, len);
}

static void on_exec_failed(void *arg, int rank, int err)
{
    struct hub *h = arg;
    h->ranks[rank].exec_err = err; /* reported with the exit */
}

static void describe_end(char *buf, size_t len, int wstatus)
{
    if (WIFSIGNALED(wstatus))
        snprintf(buf, len, "was killed by %s", ft_signame(WTERMSIG(wstatus)));
    else
        snprintf(buf, len, "exited with status %d", WEXITSTATUS(wstatus));
}

static int status_code(int wstatus)
{
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return WEXITSTATUS(wstatus) ? WEXITSTATUS(wstatus) : 1;
}

/* Rebuild mode: starts a new incarnation of a failed rank, or ends the
 * job when it has failed too often. */
static void respawn(struct hub *h, int rank)
{
    struct hub_rank *r = &h->ranks[rank];
    if (r->restarts >= h->cfg->max_restarts) {
        hub_log(h, FT_LOG_ERROR, "rank %d failed more than --max-restarts=%d "
                "times; stopping the job", rank, h->cfg->max_restarts);
        set_exit(h, h->first_failure_code ? h->first_failure_code : 1);
        stop_job(h, false);
        return;
    }
    r->restarts++;
    r->epoch++;
    r->state = RS_STARTED;
    r->failed = false;
    r->exec_err = 0;
    r->fenced = false;
    r->connected_once = false;
    int rc = ft_daemon_spawn(&h->daemon, rank, r->epoch);
    if (rc) {
        hub_log(h, FT_LOG_ERROR, "cannot restart rank %d: %s; stopping the "
                "job", rank, ft_strerror(rc));
        r->state = RS_GONE;
        set_exit(h, 1);
        stop_job(h, false);
        return;
    }
    hub_log(h, FT_LOG_WARN, "rank %d restarted (incarnation %u)", rank,
            r->epoch);
}

static void on_exited(void *arg, int rank, int wstatus)
{
    struct hub *h = arg;
    struct hub_rank *r = &h->ranks[rank];
    /* What the rank said before it ended counts (MPI_Finalize, MPI_Abort):
     * its last messages may still wait in the socket, since the exit and
     * the socket are watched separately. */
    if (r->conn) {
        conn_read(h, r->conn);
        if (r->conn)
            conn_drop(h, r->conn);
    }
    enum rank_state was = r->state;
    r->state = RS_GONE;
    bool clean = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
    char what[PATH_MAX + 128];
    describe_end(what, sizeof what, wstatus);
    size_t n = strlen(what);

    if (r->exec_err) {
        snprintf(what, sizeof what, "could not execute %s: %s",
                 h->cfg->program, strerror(r->exec_err));
        rank_failed(h, rank, 127, what);
    } else if (was == RS_FINALIZED) {
        if (!clean && !h->stopping) {
            hub_log(h, FT_LOG_ERROR, "rank %d %s after MPI_Finalize", rank,
                    what);
            set_exit(h, status_code(wstatus));
        }
    } else if (clean && !r->connected_once && !h->any_hello) {
        /* A program that does not use MPI and succeeds is fine, unless
         * another rank turns out to call MPI_Init (see on_hello). */
        if (h->quiet_exit < 0)
            h->quiet_exit = rank;
    } else if (clean && !r->connected_once) {
        snprintf(what + n, sizeof what - n,
                 " without calling MPI_Init (other ranks did)");
        rank_failed(h, rank, 1, what);
    } else {
        snprintf(what + n, sizeof what - n, r->connected_once
                                                ? " before MPI_Finalize"
                                                : " before MPI_Init");
        rank_failed(h, rank, status_code(wstatus), what);
    }
    fence_check(h); /* a fence may now be complete without this rank */
    hub_ft_rank_gone(h->ft, rank); /* and agreements */
}

/* ---- signals ---------------------------------------------------------- */

static void on_signal(struct ft_loop *loop, struct ft_watch *w, uint32_t ev)
{
    (void)loop;
    (void)ev;
    struct hub *h = w->arg;
    struct signalfd_siginfo si;
    while (read(h->sfd, &si, sizeof si) == (ssize_t)sizeof si) {
        int sig = (int)si.ssi_signo;
        if (sig == SIGCHLD) {
            ft_daemon_reap(&h->daemon);
            continue;
        }
        if (sig == SIGUSR1) {
            hub_watch_report(h->watch, "state of the ranks (asked by "
                                       "SIGUSR1; the job goes on):");
            continue;
        }
        if (!h->stopping)
            hub_log(h, FT_LOG_ERROR, "received %s; stopping the job",
                    ft_signame(sig));
        set_exit(h, 128 + sig);
        stop_job(h, true);
    }
}

/* ---- setup and main loop --------------------------------------------- */

/* Whether path starts like something execv can run: a binary or a script
 * with a #! line.  (A shell would run a plain text file with sh; execv
 * fails, and we would rather say so before starting anything.) */
static bool exec_format_ok(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return true; /* execute-only: let exec judge */
    unsigned char b[4] = {0};
    ssize_t n = read(fd, b, sizeof b);
    close(fd);
    if (n >= 2 && b[0] == '#' && b[1] == '!')
        return true;
    return n == 4 && memcmp(b, "\177ELF", 4) == 0;
}

static char *checked(char *path, char *why, size_t whylen)
{
    if (path && !exec_format_ok(path)) {
        snprintf(why, whylen, "%s: not an executable file (neither a binary "
                 "nor a script starting with #!)", path);
        free(path);
        return NULL;
    }
    if (!path)
        snprintf(why, whylen, "out of memory");
    return path;
}

char *ft_resolve_program(const char *prog, char *why, size_t whylen)
{
    struct stat st;
    if (!prog || !*prog) {
        snprintf(why, whylen, "no program given");
        return NULL;
    }
    if (strchr(prog, '/')) {
        if (stat(prog, &st)) {
            snprintf(why, whylen, "%s: %s", prog, strerror(errno));
            return NULL;
        }
        if (!S_ISREG(st.st_mode) || access(prog, X_OK)) {
            snprintf(why, whylen, "%s: not an executable file", prog);
            return NULL;
        }
        return checked(strdup(prog), why, whylen);
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    const char *p = path;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        char *cand;
        if (asprintf(&cand, "%.*s%s%s", (int)n, n ? p : ".", "/", prog) < 0)
            break;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
            access(cand, X_OK) == 0)
            return checked(cand, why, whylen);
        free(cand);
        p += n;
        if (*p == ':')
            p++;
    }
    snprintf(why, whylen, "%s: command not found", prog);
    return NULL;
}

/* How rank 0 gets our stdin. */
static enum ft_stdin_mode stdin_mode(void)
{
    if (!isatty(STDIN_FILENO))
        return FT_STDIN_INHERIT; /* a pipe, a file, /dev/null */
    /* Only the terminal's foreground process group may read it, and each
     * rank has a group of its own: copy it through a pipe, unless we run
     * in the background ourselves. */
    if (tcgetpgrp(STDIN_FILENO) != getpgrp())
        return FT_STDIN_NULL;
    return FT_STDIN_FORWARD;
}

static int hub_setup(struct hub *h)
{
    int rc = ft_loop_init(&h->loop);
    if (rc)
        return rc;
    if ((rc = ft_session_new(&h->sess)))
        return rc;
    h->lfd = ft_session_listen(&h->sess);
    if (h->lfd < 0)
        return h->lfd;
    if ((rc = ft_loop_add(&h->loop, &h->lw, h->lfd, EPOLLIN, on_listen, h)))
        return rc;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGUSR1); /* report where the ranks are */
    int stop_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof stop_sigs / sizeof stop_sigs[0]; i++) {
        /* A signal ignored when we started stays ignored, as for any
         * program: nohup (SIGHUP), a background job of a script (SIGINT,
         * SIGQUIT).  A blocked signal would reach signalfd even so. */
        if (sigismember(&h->child_ignore, stop_sigs[i]) != 1)
            sigaddset(&set, stop_sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, NULL);
    /* SIGCHLD ignored (inherited so) would make the kernel reap the ranks
     * and hide how they ended: we would wait for them forever. */
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    /* Reading the terminal for rank 0 from the background must not stop
     * the launcher: read fails instead (daemon.c). */
    if (h->stdin_mode == FT_STDIN_FORWARD)
        signal(SIGTTIN, SIG_IGN);
    h->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (h->sfd < 0)
        return -errno;
    if ((rc = ft_loop_add(&h->loop, &h->sw, h->sfd, EPOLLIN, on_signal, h)))
        return rc;
    h->ft = hub_ft_new(h, &hub_ft_ops);
    return h->ft ? 0 : -ENOMEM;
}

int ft_hub_run(const struct ft_hub_cfg *cfg)
{
    struct hub hub, *h = &hub;
    memset(h, 0, sizeof *h);
    h->cfg = cfg;
    h->lfd = h->sfd = -1;
    h->loop.epfd = -1;
    h->tolerant = cfg->ft_mode != FT_MODE_ABORT || cfg->tolerant;
    ft_list_init(&h->conns);
    ft_list_init(&h->dead_conns);
    h->quiet_exit = -1;
    h->out[0].fd = STDOUT_FILENO;
    h->out[1].fd = STDERR_FILENO;
    int status = 1;
    int *ranks = NULL;

    /* Signals ignored now are ignored by the ranks too (before we change
     * any). */
    sigemptyset(&h->child_ignore);
    for (int s = 1; s < NSIG; s++) {
        struct sigaction old;
        if (s != SIGKILL && s != SIGSTOP && sigaction(s, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            sigaddset(&h->child_ignore, s);
    }
    h->stdin_mode = stdin_mode();

    h->ranks = calloc((size_t)cfg->np, sizeof *h->ranks);
    ranks = calloc((size_t)cfg->np, sizeof *ranks);
    /* Without the buffers, output is written a line at a time. */
    h->out[0].data = malloc(OUTBUF_BYTES);
    h->out[1].data = malloc(OUTBUF_BYTES);
    int rc = (h->ranks && ranks) ? hub_setup(h) : -ENOMEM;
    if (rc) {
        ft_log(FT_LOG_ERROR, "cannot set up the job: %s", ft_strerror(rc));
        goto out;
    }
    for (int i = 0; i < cfg->np; i++)
        ranks[i] = i;
    struct ft_daemon_cfg dc = {
        .program = cfg->program,
        .argv = cfg->argv,
        .extra_env = cfg->extra_env,
        .nlocal = cfg->np,
        .ranks = ranks,
        .world_size = cfg->np,
        .node = 0,
        .jobid = h->sess.jobid,
        .secret_hex = h->sess.secret_hex,
        .hub_sockname = h->sess.sockname,
        .stdin_mode = h->stdin_mode,
        .child_ignore = h->child_ignore,
    };
    struct ft_daemon_events ev = {
        .output = on_output, .exited = on_exited, .exec_failed = on_exec_failed};
    rc = ft_daemon_init(&h->daemon, &h->loop, &dc, &ev, h);
    if (rc) {
        ft_log(FT_LOG_ERROR, "cannot set up shared memory for %d ranks: %s",
               cfg->np, ft_strerror(rc));
        goto out;
    }
    h->daemon_up = true;
    struct hub_watch_cfg wc = {
        .timeout_s = cfg->timeout_s,
        .deadlock = cfg->deadlock_detect,
        .deadlock_after_s = cfg->deadlock_after_s,
        .backtrace = cfg->backtrace,
    };
    h->watch = hub_watch_new(h, &h->loop, &hub_watch_ops, &wc);
    if (!h->watch) {
        hub_log(h, FT_LOG_ERROR, "cannot set up the job: out of memory");
        goto out;
    }
    for (int i = 0; i < cfg->np; i++) {
        rc = ft_daemon_spawn(&h->daemon, i, 0);
        if (rc) {
            ft_log(FT_LOG_ERROR, "cannot start rank %d: %s", i,
                   ft_strerror(rc));
            set_exit(h, 1);
            stop_job(h, false);
            break;
        }
    }
    while (ft_daemon_busy(&h->daemon)) {
        rc = ft_loop_run_once(&h->loop, -1);
        out_flush_all(h);
        reap_dead_conns(h);
        if (rc < 0) {
            ft_log(FT_LOG_ERROR, "event loop: %s", ft_strerror(rc));
            stop_job(h, false);
        }
    }
    status = h->exit_set ? h->exit_code : 0;
    if (h->ntolerated) {
        char list[1024];
        size_t off = 0;
        list[0] = 0;
        for (int i = 0; i < cfg->np && off < sizeof list - 16; i++)
            if (h->ranks[i].failed)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%d",
                                        off ? ", " : "", i);
        hub_log(h, FT_LOG_WARN, "the job tolerated %d failure%s (rank%s %s)",
                h->ntolerated, h->ntolerated > 1 ? "s" : "",
                h->ntolerated > 1 ? "s" : "", list);
        if (cfg->exit_on_failure && status == 0)
            status = h->first_failure_code;
    }
out:
    out_flush_all(h);
    free(h->out[0].data);
    free(h->out[1].data);
    while (!ft_list_empty(&h->conns)) {
        struct hub_conn *hc =
            ft_container_of(h->conns.next, struct hub_conn, link);
        conn_drop(h, hc);
    }
    reap_dead_conns(h);
    if (h->daemon_up)
        ft_daemon_fini(&h->daemon);
    for (size_t i = 0; i < h->nkv; i++) {
        free(h->kv[i].key);
        free(h->kv[i].val);
    }
    free(h->kv);
    hub_ft_free(h->ft);
    hub_watch_free(h->watch);
    if (h->lfd >= 0)
        close(h->lfd);
    if (h->sfd >= 0)
        close(h->sfd);
    ft_loop_fini(&h->loop);
    free(h->ranks);
    free(ranks);
    return status;
}
