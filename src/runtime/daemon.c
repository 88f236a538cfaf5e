#include "runtime/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/log.h"
#include "base/param.h"
#include "base/util.h"

#define LINE_MAX_FWD 65536
/* Reads from one rank's pipe per wake-up: a rank that writes without pause
 * must not keep the loop from everything else (epoll is level-triggered, so
 * the rest is read on the next pass). */
#define READS_PER_WAKE 16

struct iofwd {
    struct ft_watch w;
    struct ft_daemon *d;
    int index, stream;
    char *buf;
    size_t len;
    bool open;
};

struct ft_daemon_rank {
    pid_t pid;
    uint32_t epoch;
    bool reaped;
    int wstatus;
    int exec_err_fd;          /* read end: errno of a failed exec */
    struct iofwd out[2];      /* stdout, stderr */
};

static void emit(struct iofwd *f, const char *p, size_t n)
{
    struct ft_daemon *d = f->d;
    d->ev.output(d->arg, d->cfg.ranks[f->index], f->stream, p, n);
}

/* Forwards every whole line in f->buf; keeps the partial tail. */
static void forward_lines(struct iofwd *f, bool eof)
{
    size_t start = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->buf[i] == '\n') {
            emit(f, f->buf + start, i + 1 - start);
            start = i + 1;
        }
    }
    size_t rest = f->len - start;
    if (rest && (eof || rest >= LINE_MAX_FWD)) {
        /* A partial last line, or one too long to hold: end it here. */
        f->buf[f->len] = '\n';
        emit(f, f->buf + start, rest + 1);
        rest = 0;
        start = f->len;
    }
    memmove(f->buf, f->buf + start, rest);
    f->len = rest;
}

static void maybe_report_exit(struct ft_daemon *d, int i);

/* ---- stdin of rank 0, from a terminal --------------------------------- */

/* Copies the daemon's stdin (a terminal) into the pipe that is rank 0's
 * stdin.  It reads the terminal only once the pipe has taken everything
 * read before, so a rank that does not read holds back the terminal, never
 * our memory, and input typed after rank 0 ended stays with the shell. */
struct ft_stdin_fwd {
    struct ft_daemon *d;
    struct ft_watch src_w, dst_w;
    int dst;     /* write end of rank 0's stdin pipe, or -1 */
    bool src_on, dst_on;
    bool eof;    /* no more input: end of file, or nobody to read it */
    char buf[4096];
    size_t len, off;
};

static void on_stdin_src(struct ft_loop *loop, struct ft_watch *w,
                         uint32_t ev);
static void on_stdin_dst(struct ft_loop *loop, struct ft_watch *w,
                         uint32_t ev);

static void stdin_dst_watch(struct ft_stdin_fwd *f, bool on);

/* Closes rank 0's end: it sees end of file (or has gone). */
static void stdin_close_dst(struct ft_stdin_fwd *f)
{
    stdin_dst_watch(f, false);
    if (f->dst >= 0)
        close(f->dst);
    f->dst = -1;
}

static void stdin_src_watch(struct ft_stdin_fwd *f, bool on)
{
    if (on == f->src_on)
        return;
    if (on) {
        f->src_on = ft_loop_add(f->d->loop, &f->src_w, STDIN_FILENO, EPOLLIN,
                                on_stdin_src, f) == 0;
        if (!f->src_on) { /* cannot watch it: rank 0 sees end of file */
            f->eof = true;
            stdin_close_dst(f);
        }
    } else {
        ft_loop_del(f->d->loop, &f->src_w);
        f->src_on = false;
    }
}

static void stdin_dst_watch(struct ft_stdin_fwd *f, bool on)
{
    if (on == f->dst_on || f->dst < 0)
        return;
    if (on)
        f->dst_on = ft_loop_add(f->d->loop, &f->dst_w, f->dst, EPOLLOUT,
                                on_stdin_dst, f) == 0;
    else {
        ft_loop_del(f->d->loop, &f->dst_w);
        f->dst_on = false;
    }
}

/* Stops forwarding for good. */
static void stdin_stop(struct ft_stdin_fwd *f)
{
    f->eof = true;
    f->len = f->off = 0;
    stdin_src_watch(f, false);
    stdin_close_dst(f);
}

/* Writes what is buffered; reads again once it is all out. */
static void stdin_push(struct ft_stdin_fwd *f)
{
    while (f->off < f->len) {
        ssize_t n = write(f->dst, f->buf + f->off, f->len - f->off);
        if (n > 0) {
            f->off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            stdin_dst_watch(f, true);
            return;
        }
        stdin_stop(f); /* EPIPE: rank 0 closed its stdin */
        return;
    }
    f->len = f->off = 0;
    stdin_dst_watch(f, false);
    if (f->eof)
        stdin_close_dst(f);
    else
        stdin_src_watch(f, true);
}

static void on_stdin_src(struct ft_loop *loop, struct ft_watch *w,
                         uint32_t ev)
{
    (void)loop;
    (void)ev;
    struct ft_stdin_fwd *f = w->arg;
    /* The terminal stays blocking (its mode is shared with the shell); it
     * is readable, so one read returns at once. */
    ssize_t n = read(STDIN_FILENO, f->buf, sizeof f->buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    stdin_src_watch(f, false);
    if (n <= 0) {
        /* End of input, a hang-up, or EIO: we were put in the background
         * and may not read the terminal.  Rank 0 sees end of file. */
        f->eof = true;
        stdin_close_dst(f);
        return;
    }
    f->len = (size_t)n;
    f->off = 0;
    stdin_push(f);
}

static void on_stdin_dst(struct ft_loop *loop, struct ft_watch *w,
                         uint32_t ev)
{
    (void)loop;
    (void)ev;
    stdin_push(w->arg);
}

/* Rank 0 was just started with rd as its stdin and wr as our end. */
static void stdin_attach(struct ft_stdin_fwd *f, int wr)
{
    stdin_close_dst(f); /* a previous incarnation's */
    f->dst = wr;
    ft_fd_set_nonblock(wr, true);
    if (f->eof) {
        stdin_close_dst(f);
        return;
    }
    if (f->len)
        stdin_push(f);
    else
        stdin_src_watch(f, true);
}

/* Rank 0 has ended: nobody reads what we would forward now. */
static void stdin_detach(struct ft_stdin_fwd *f)
{
    f->len = f->off = 0;
    stdin_src_watch(f, false);
    stdin_close_dst(f);
}

/* ---- output ----------------------------------------------------------- */

static void close_fwd(struct iofwd *f)
{
    if (!f->open)
        return;
    forward_lines(f, true);
    ft_loop_del(f->d->loop, &f->w);
    close(f->w.fd);
    f->w.fd = -1;
    f->open = false;
    maybe_report_exit(f->d, f->index);
}

static void on_output(struct ft_loop *loop, struct ft_watch *w, uint32_t ev)
{
    (void)loop;
    (void)ev;
    struct iofwd *f = w->arg;
    for (int reads = 0; reads < READS_PER_WAKE; reads++) {
        ssize_t n = read(w->fd, f->buf + f->len, LINE_MAX_FWD - f->len);
        if (n > 0) {
            f->len += (size_t)n;
            forward_lines(f, false);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close_fwd(f); /* EOF or error */
        return;
    }
}

/* The local index of world rank 0 whose stdin we feed, or -1. */
static int stdin_rank_index(const struct ft_daemon *d)
{
    if (d->cfg.stdin_mode == FT_STDIN_NULL)
        return -1;
    for (int i = 0; i < d->cfg.nlocal; i++)
        if (d->cfg.ranks[i] == 0)
            return i;
    return -1;
}

int ft_daemon_init(struct ft_daemon *d, struct ft_loop *loop,
                   const struct ft_daemon_cfg *cfg,
                   const struct ft_daemon_events *ev, void *arg)
{
    memset(d, 0, sizeof *d);
    d->cfg = *cfg;
    d->ev = *ev;
    d->arg = arg;
    d->loop = loop;
    int n = cfg->nlocal;
    int rc = ft_nodeseg_create(
        &d->seg, (uint32_t)n, ft_nodeseg_ring_bytes(ft_param(FT_P_SHM_RING)),
        (uint32_t)ft_param(FT_P_SHM_COLL));
    if (rc)
        return rc;
    d->doorbells = calloc((size_t)n, sizeof(int));
    d->lr = calloc((size_t)n, sizeof *d->lr);
    if (!d->doorbells || !d->lr) {
        rc = -ENOMEM;
        goto fail;
    }
    for (int i = 0; i < n; i++)
        d->doorbells[i] = -1;
    for (int i = 0; i < n; i++) {
        d->doorbells[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (d->doorbells[i] < 0) {
            rc = -errno;
            goto fail;
        }
        for (int s = 0; s < 2; s++) {
            d->lr[i].out[s].buf = malloc(LINE_MAX_FWD + 1);
            if (!d->lr[i].out[s].buf) {
                rc = -ENOMEM;
                goto fail;
            }
            d->lr[i].out[s].w.fd = -1;
        }
        d->lr[i].exec_err_fd = -1;
        d->lr[i].reaped = true;
    }
    if (cfg->stdin_mode == FT_STDIN_FORWARD && stdin_rank_index(d) >= 0) {
        d->stdin_fwd = calloc(1, sizeof *d->stdin_fwd);
        if (!d->stdin_fwd) {
            rc = -ENOMEM;
            goto fail;
        }
        d->stdin_fwd->d = d;
        d->stdin_fwd->dst = -1;
    }
    return 0;
fail:
    ft_daemon_fini(d);
    return rc;
}

/* Runs in the child between fork and exec.  The parent is single-threaded,
 * so ordinary library calls are safe here. */
static _Noreturn void child(struct ft_daemon *d, int i, uint32_t epoch,
                            int pout[2], int perr[2], int errpipe,
                            int stdin_rd, pid_t parent)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127); /* the daemon died before we could watch it */

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, sigismember(&d->cfg.child_ignore, s) == 1 ? SIG_IGN
                                                               : SIG_DFL);

    dup2(pout[1], STDOUT_FILENO);
    dup2(perr[1], STDERR_FILENO);
    int rank = d->cfg.ranks[i];
    if (stdin_rd >= 0) {
        dup2(stdin_rd, STDIN_FILENO);
    } else if (!(rank == 0 && d->cfg.stdin_mode == FT_STDIN_INHERIT)) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
    }

    char buf[64];
    ft_fd_set_cloexec(d->seg.fd, false);
    snprintf(buf, sizeof buf, "%d", d->seg.fd);
    setenv("FTMPI_NODESEG_FD", buf, 1);
    size_t cap = (size_t)d->cfg.nlocal * 12 + 1;
    char *bells = malloc(cap), *p = bells;
    for (int k = 0; bells && k < d->cfg.nlocal; k++) {
        ft_fd_set_cloexec(d->doorbells[k], false);
        p += snprintf(p, cap - (size_t)(p - bells), "%s%d", k ? "," : "",
                      d->doorbells[k]);
    }
    if (bells)
        setenv("FTMPI_DOORBELLS", bells, 1);
    setenv("FTMPI_JOBID", d->cfg.jobid, 1);
    setenv("FTMPI_SECRET", d->cfg.secret_hex, 1);
    setenv("FTMPI_HUB", d->cfg.hub_sockname, 1);
    snprintf(buf, sizeof buf, "%d", rank);
    setenv("FTMPI_RANK", buf, 1);
    snprintf(buf, sizeof buf, "%d", d->cfg.world_size);
    setenv("FTMPI_SIZE", buf, 1);
    snprintf(buf, sizeof buf, "%u", epoch);
    setenv("FTMPI_EPOCH", buf, 1);
    snprintf(buf, sizeof buf, "%d", i);
    setenv("FTMPI_LOCAL_RANK", buf, 1);
    snprintf(buf, sizeof buf, "%d", d->cfg.node);
    setenv("FTMPI_NODE", buf, 1);
    /* Common names other MPI libraries export, which scripts rely on. */
    snprintf(buf, sizeof buf, "%d", rank);
    setenv("OMPI_COMM_WORLD_RANK", buf, 1);
    setenv("PMI_RANK", buf, 1);
    snprintf(buf, sizeof buf, "%d", d->cfg.world_size);
    setenv("OMPI_COMM_WORLD_SIZE", buf, 1);
    setenv("PMI_SIZE", buf, 1);
    snprintf(buf, sizeof buf, "%d", i);
    setenv("OMPI_COMM_WORLD_LOCAL_RANK", buf, 1);
    snprintf(buf, sizeof buf, "%d", d->cfg.nlocal);
    setenv("OMPI_COMM_WORLD_LOCAL_SIZE", buf, 1);
    for (char *const *e = d->cfg.extra_env; e && *e; e++)
        putenv(*e);

    execv(d->cfg.program, d->cfg.argv);
    int err = errno;
    ssize_t w = write(errpipe, &err, sizeof err);
    (void)w;
    _exit(127);
}

static int start_fwd(struct ft_daemon *d, int i, int s, int fd)
{
    struct iofwd *f = &d->lr[i].out[s];
    f->d = d;
    f->index = i;
    f->stream = s + 1;
    f->len = 0;
    ft_fd_set_nonblock(fd, true);
    int rc = ft_loop_add(d->loop, &f->w, fd, EPOLLIN, on_output, f);
    if (rc) {
        close(fd);
        return rc;
    }
    f->open = true;
    return 0;
}

int ft_daemon_spawn(struct ft_daemon *d, int i, uint32_t epoch)
{
    int pout[2], perr[2], errp[2];
    if (pipe2(pout, O_CLOEXEC))
        return -errno;
    if (pipe2(perr, O_CLOEXEC)) {
        int e = -errno;
        close(pout[0]);
        close(pout[1]);
        return e;
    }
    if (pipe2(errp, O_CLOEXEC)) {
        int e = -errno;
        close(pout[0]);
        close(pout[1]);
        close(perr[0]);
        close(perr[1]);
        return e;
    }
    int pin[2] = {-1, -1};
    if (d->stdin_fwd && i == stdin_rank_index(d) && pipe2(pin, O_CLOEXEC)) {
        int e = -errno;
        close(pout[0]);
        close(pout[1]);
        close(perr[0]);
        close(perr[1]);
        close(errp[0]);
        close(errp[1]);
        return e;
    }
    struct ft_rank_ctl *ctl = ft_nodeseg_ctl(&d->seg, (uint32_t)i);
    atomic_store(&ctl->sleeping, 0);
    /* A new process has said nothing yet (rebuild mode reuses the slot). */
    atomic_store(&ctl->state.seq, 0);
    ctl->state.blocked = 0;
    ctl->state.what[0] = 0;
    ctl->epoch = epoch;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = -errno;
        close(pout[0]);
        close(pout[1]);
        close(perr[0]);
        close(perr[1]);
        close(errp[0]);
        close(errp[1]);
        if (pin[0] >= 0) {
            close(pin[0]);
            close(pin[1]);
        }
        return e;
    }
    if (pid == 0)
        child(d, i, epoch, pout, perr, errp[1], pin[0], parent);
    /* Also set the group from here: whichever runs first wins the race. */
    setpgid(pid, pid);
    close(pout[1]);
    close(perr[1]);
    close(errp[1]);
    if (pin[0] >= 0) {
        close(pin[0]);
        stdin_attach(d->stdin_fwd, pin[1]);
    }
    struct ft_daemon_rank *r = &d->lr[i];
    r->pid = pid;
    r->epoch = epoch;
    r->reaped = false;
    r->exec_err_fd = errp[0];
    d->running++;
    start_fwd(d, i, 0, pout[0]);
    start_fwd(d, i, 1, perr[0]);
    return 0;
}

static void maybe_report_exit(struct ft_daemon *d, int i)
{
    struct ft_daemon_rank *r = &d->lr[i];
    if (!r->reaped || r->pid == 0 || r->out[0].open || r->out[1].open)
        return;
    int rank = d->cfg.ranks[i];
    if (r->exec_err_fd >= 0) {
        int err = 0;
        if (read(r->exec_err_fd, &err, sizeof err) == (ssize_t)sizeof err &&
            d->ev.exec_failed)
            d->ev.exec_failed(d->arg, rank, err);
        close(r->exec_err_fd);
        r->exec_err_fd = -1;
    }
    r->pid = 0;
    d->ev.exited(d->arg, rank, r->wstatus);
}

void ft_daemon_reap(struct ft_daemon *d)
{
    for (;;) {
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG);
        if (pid <= 0)
            return;
        for (int i = 0; i < d->cfg.nlocal; i++) {
            struct ft_daemon_rank *r = &d->lr[i];
            if (r->pid != pid || r->reaped)
                continue;
            r->reaped = true;
            r->wstatus = st;
            d->running--;
            if (d->stdin_fwd && i == stdin_rank_index(d))
                stdin_detach(d->stdin_fwd);
            /* Whatever the rank started may still hold its pipes: its
             * group goes with it. */
            kill(-pid, SIGKILL);
            maybe_report_exit(d, i);
            break;
        }
    }
}

void ft_daemon_signal(struct ft_daemon *d, int i, int sig)
{
    struct ft_daemon_rank *r = &d->lr[i];
    if (r->pid > 0 && !r->reaped)
        kill(-r->pid, sig);
}

void ft_daemon_signal_all(struct ft_daemon *d, int sig)
{
    for (int i = 0; i < d->cfg.nlocal; i++)
        ft_daemon_signal(d, i, sig);
}

void ft_daemon_notify(struct ft_daemon *d, int i)
{
    atomic_fetch_add(&ft_nodeseg_ctl(&d->seg, (uint32_t)i)->notice_seq, 1);
}

int ft_daemon_busy(const struct ft_daemon *d)
{
    int n = 0;
    for (int i = 0; i < d->cfg.nlocal; i++)
        if (d->lr && d->lr[i].pid != 0)
            n++;
    return n;
}

pid_t ft_daemon_pid(const struct ft_daemon *d, int i)
{
    return d->lr[i].reaped ? 0 : d->lr[i].pid;
}

void ft_daemon_fini(struct ft_daemon *d)
{
    for (int i = 0; d->lr && i < d->cfg.nlocal; i++) {
        for (int s = 0; s < 2; s++) {
            struct iofwd *f = &d->lr[i].out[s];
            if (f->open) {
                ft_loop_del(d->loop, &f->w);
                close(f->w.fd);
            }
            free(f->buf);
        }
        if (d->lr[i].exec_err_fd >= 0)
            close(d->lr[i].exec_err_fd);
    }
    if (d->stdin_fwd) {
        stdin_stop(d->stdin_fwd);
        free(d->stdin_fwd);
    }
    for (int i = 0; d->doorbells && i < d->cfg.nlocal; i++)
        if (d->doorbells[i] >= 0)
            close(d->doorbells[i]);
    free(d->doorbells);
    free(d->lr);
    ft_nodeseg_detach(&d->seg);
    memset(d, 0, sizeof *d);
}
