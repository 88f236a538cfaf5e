#include "runtime/hub.h"

#include <errno.h>
#include <signal.h>
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
#include "runtime/proto.h"
#include "runtime/session.h"
#include "runtime/wire.h"

#define LINE_BUF 65600

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
};

struct hub_rank {
    enum rank_state state;
    bool connected_once;
    bool fenced;
    bool failed; /* ended before MPI_Finalize */
    int restarts;
    uint32_t epoch; /* incarnation: 0 first, +1 for each respawn */
    struct hub_conn *conn;
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
    int nonzero_after_finalize;
    struct ft_timer kill_timer;
    struct hub_ft *ft;
};

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
    if (hr->state != RS_STARTED || hr->conn || epoch != hr->epoch)
        return -FT_EPROTO;
    hc->rank = (int)rank;
    hr->conn = hc;
    hr->state = RS_RUNNING;
    hr->connected_once = true;

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
            ft_log(FT_LOG_ERROR, "rank %d called MPI_Abort with code %d%s%s; "
                   "stopping the job", hc->rank, code, msg[0] ? ": " : "", msg);
            set_exit(h, code ? (code & 0xff ? code & 0xff : 1) : 0);
            stop_job(h, false);
        }
        return 0;
    }
    default:
        return -FT_EPROTO;
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
    if (!(ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    int rc = ft_conn_fill(&hc->c);
    struct ft_wmsg m;
    int got;
    /* Handle what arrived even when the peer closed right after it. */
    while ((got = ft_conn_next(&hc->c, &m)) == 1) {
        int mrc = on_rank_msg(h, hc, &m);
        if (mrc) {
            if (mrc != -FT_ECLOSED)
                ft_log(FT_LOG_WARN, "dropping connection%s%.0d: %s",
                       hc->rank >= 0 ? " of rank " : "",
                       hc->rank >= 0 ? hc->rank : 0, ft_strerror(mrc));
            conn_drop(h, hc);
            return;
        }
        if (hc->c.closed)
            return;
    }
    if (got < 0) {
        ft_log(FT_LOG_WARN, "dropping connection: %s", ft_strerror(got));
        conn_drop(h, hc);
        return;
    }
    if (rc < 0)
        conn_drop(h, hc); /* closed: the process exit tells the rest */
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
    int fd = stream == 1 ? STDOUT_FILENO : STDERR_FILENO;
    if (h->cfg->tag_output) {
        char buf[LINE_BUF];
        int n = snprintf(buf, sizeof buf, "[%d] ", rank);
        if (len + (size_t)n <= sizeof buf) {
            memcpy(buf + n, line, len);
            ft_write_all(fd, buf, len + (size_t)n);
            return;
        }
        ft_write_all(fd, buf, (size_t)n);
    }
    ft_write_all(fd, line, len);
}

static void on_exec_failed(void *arg, int rank, int err)
{
    struct hub *h = arg;
    if (!h->stopping)
        ft_log(FT_LOG_ERROR, "rank %d: cannot execute %s: %s", rank,
               h->cfg->program, strerror(err));
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
        ft_log(FT_LOG_ERROR, "rank %d failed more than --max-restarts=%d "
               "times; stopping the job", rank, h->cfg->max_restarts);
        set_exit(h, h->first_failure_code ? h->first_failure_code : 1);
        stop_job(h, false);
        return;
    }
    r->restarts++;
    r->epoch++;
    r->state = RS_STARTED;
    r->failed = false;
    r->fenced = false;
    r->connected_once = false;
    int rc = ft_daemon_spawn(&h->daemon, rank, r->epoch);
    if (rc) {
        ft_log(FT_LOG_ERROR, "cannot restart rank %d: %s; stopping the job",
               rank, ft_strerror(rc));
        r->state = RS_GONE;
        set_exit(h, 1);
        stop_job(h, false);
        return;
    }
    ft_log(FT_LOG_WARN, "rank %d restarted (incarnation %u)", rank, r->epoch);
}

static void on_exited(void *arg, int rank, int wstatus)
{
    struct hub *h = arg;
    struct hub_rank *r = &h->ranks[rank];
    enum rank_state was = r->state;
    r->state = RS_GONE;
    if (r->conn)
        conn_drop(h, r->conn);
    bool clean = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
    char how[64];
    describe_end(how, sizeof how, wstatus);

    if (was == RS_FINALIZED || (clean && !r->connected_once)) {
        /* A normal end; a non-MPI program that exits 0 is fine too. */
        if (!clean) {
            ft_log(FT_LOG_ERROR, "rank %d %s after MPI_Finalize", rank, how);
            set_exit(h, status_code(wstatus));
        }
    } else if (!h->stopping) {
        r->failed = true;
        const char *when = r->connected_once ? " before MPI_Finalize"
                                             : " before MPI_Init";
        if (h->tolerant) {
            ft_log(FT_LOG_WARN, "rank %d %s%s; the job continues", rank, how,
                   when);
            if (h->ntolerated++ == 0)
                h->first_failure_code = status_code(wstatus);
            announce_failure(h, rank);
            if (h->cfg->ft_mode == FT_MODE_REBUILD)
                respawn(h, rank);
        } else {
            ft_log(FT_LOG_ERROR, "rank %d %s%s; stopping the job", rank, how,
                   when);
            set_exit(h, status_code(wstatus));
            stop_job(h, false);
        }
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
        if (!h->stopping)
            ft_log(FT_LOG_ERROR, "received %s; stopping the job",
                   ft_signame(sig));
        set_exit(h, 128 + sig);
        stop_job(h, true);
    }
}

/* ---- setup and main loop --------------------------------------------- */

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
        return strdup(prog);
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
            return cand;
        free(cand);
        p += n;
        if (*p == ':')
            p++;
    }
    snprintf(why, whylen, "%s: command not found", prog);
    return NULL;
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
    int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&set, sigs[i]);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
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
    int status = 1;
    int *ranks = NULL;

    h->ranks = calloc((size_t)cfg->np, sizeof *h->ranks);
    ranks = calloc((size_t)cfg->np, sizeof *ranks);
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
        .stdin_to_rank0 = true,
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
        ft_log(FT_LOG_WARN, "the job tolerated %d failure%s (rank%s %s)",
               h->ntolerated, h->ntolerated > 1 ? "s" : "",
               h->ntolerated > 1 ? "s" : "", list);
        if (cfg->exit_on_failure && status == 0)
            status = h->first_failure_code;
    }
out:
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
    if (h->lfd >= 0)
        close(h->lfd);
    if (h->sfd >= 0)
        close(h->sfd);
    ft_loop_fini(&h->loop);
    free(h->ranks);
    free(ranks);
    return status;
}
