#include "runtime/hub_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"

#define TICK_MS 100

struct seen {
    bool blocked;
    uint32_t wait_id;
    uint64_t sent, received;
};

struct hub_watch {
    struct hub *h;
    struct ft_loop *loop;
    struct hub_watch_ops ops;
    struct hub_watch_cfg cfg;
    struct ft_timer tick, timeout;
    struct seen *last;
    uint64_t quiet_since; /* ns; 0 while something moves */
    bool done;
};

static void say(struct hub_watch *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(struct hub_watch *w, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    w->ops.line(w->h, line);
}

static double secs(uint64_t ns)
{
    return (double)ns / 1e9;
}

/* The state of a running rank, read consistently. */
static bool read_state(struct hub_watch *w, int r, struct ft_rank_state *out)
{
    const struct ft_rank_state *st = w->ops.state(w->h, r);
    return st && ft_rank_state_read(st, out);
}

/* One line per rank saying where it is. */
static void describe_ranks(struct hub_watch *w)
{
    uint64_t now = ft_now_ns();
    int np = w->ops.np(w->h);
    for (int r = 0; r < np; r++) {
        struct ft_rank_state s;
        switch (w->ops.status(w->h, r)) {
        case HUB_RANK_STARTING:
            say(w, "  rank %d has not reached MPI_Init", r);
            continue;
        case HUB_RANK_FINALIZED:
            say(w, "  rank %d has finished (MPI_Finalize)", r);
            continue;
        case HUB_RANK_GONE:
            say(w, "  rank %d has failed (ended before MPI_Finalize)", r);
            continue;
        case HUB_RANK_RUNNING:
            break;
        }
        if (read_state(w, r, &s) && s.blocked)
            say(w, "  rank %d waits in %s for %.1f s", r, s.what,
                secs(now - s.since_ns));
        else
            say(w, "  rank %d is computing (not waiting in an MPI call)", r);
    }
}

/* Follows "waits for" edges of the blocked ranks and prints a cycle. */
static void describe_cycle(struct hub_watch *w)
{
    int np = w->ops.np(w->h);
    int *next = malloc((size_t)np * sizeof *next);
    int *mark = calloc((size_t)np, sizeof *mark);
    if (!next || !mark)
        goto out;
    for (int r = 0; r < np; r++) {
        struct ft_rank_state s;
        next[r] = -1;
        if (w->ops.status(w->h, r) == HUB_RANK_RUNNING && read_state(w, r, &s) &&
            s.blocked && s.peer >= 0 && s.peer < np)
            next[r] = s.peer;
    }
    for (int start = 0; start < np; start++) {
        /* Walk from start; stamp visited nodes with start+1. */
        int r = start;
        while (r >= 0 && !mark[r]) {
            mark[r] = start + 1;
            r = next[r];
        }
        if (r < 0 || mark[r] != start + 1)
            continue;
        char buf[512];
        size_t off = (size_t)snprintf(buf, sizeof buf, "  cycle: %d", r);
        for (int k = next[r]; off < sizeof buf; k = next[k]) {
            off += (size_t)snprintf(buf + off, sizeof buf - off, " -> %d", k);
            if (k == r)
                break;
        }
        say(w, "%s", buf);
        goto out;
    }
    say(w, "  no cycle of point-to-point waits: the ranks wait for each "
           "other through collectives or wildcard receives");
out:
    free(next);
    free(mark);
}

/* Prints every running rank's stack, with gdb. */
static void backtraces(struct hub_watch *w)
{
    int np = w->ops.np(w->h);
    for (int r = 0; r < np; r++) {
        pid_t pid = w->ops.pid(w->h, r);
        if (pid <= 0)
            continue;
        int p[2];
        if (pipe(p))
            return;
        char spid[16];
        snprintf(spid, sizeof spid, "%d", (int)pid);
        pid_t g = fork();
        if (g == 0) {
            dup2(p[1], 1);
            dup2(p[1], 2);
            close(p[0]);
            close(p[1]);
            int null = open("/dev/null", O_RDONLY);
            if (null >= 0)
                dup2(null, 0);
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            execlp("gdb", "gdb", "-q", "-nx", "-batch", "-p", spid, "-ex",
                   "thread apply all bt", (char *)NULL);
            printf("cannot run gdb: %s (install gdb for stack traces)\n",
                   strerror(errno));
            _exit(127);
        }
        close(p[1]);
        if (g < 0) {
            close(p[0]);
            return;
        }
        say(w, "stack of rank %d (pid %d):", r, (int)pid);
        FILE *f = fdopen(p[0], "r");
        char line[400];
        while (f && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            /* The frames only: gdb's chatter about attaching is noise. */
            if (line[0] == '#' || strncmp(line, "Thread", 6) == 0 ||
                strncmp(line, "cannot", 6) == 0)
                say(w, "  [%d] %s", r, line);
        }
        if (f)
            fclose(f);
        else
            close(p[0]);
        int st;
        while (waitpid(g, &st, 0) < 0 && errno == EINTR)
            ;
    }
}

void hub_watch_report(struct hub_watch *w, const char *why)
{
    say(w, "%s", why);
    describe_ranks(w);
}

static void end_job(struct hub_watch *w, int code)
{
    w->done = true;
    ft_timer_stop(&w->tick);
    ft_timer_stop(&w->timeout);
    if (w->cfg.backtrace)
        backtraces(w);
    w->ops.stop(w->h, code);
}

static void on_timeout(struct ft_loop *loop, struct ft_timer *t)
{
    (void)loop;
    struct hub_watch *w = t->arg;
    char why[128];
    snprintf(why, sizeof why,
             "the job ran longer than --timeout %g s; stopping it. Where the "
             "ranks were:",
             w->cfg.timeout_s);
    hub_watch_report(w, why);
    end_job(w, FT_EXIT_TIMEOUT);
}

/* One look at every rank: is everybody still waiting, as before? */
static void on_tick(struct ft_loop *loop, struct ft_timer *t)
{
    struct hub_watch *w = t->arg;
    int np = w->ops.np(w->h);
    bool all_waiting = true, changed = false;
    int running = 0;
    uint64_t sent = 0, received = 0, oldest = UINT64_MAX;
    for (int r = 0; r < np; r++) {
        enum hub_rank_status status = w->ops.status(w->h, r);
        struct ft_rank_state s;
        if (status == HUB_RANK_GONE || status == HUB_RANK_FINALIZED) {
            /* What a finished rank sent or received still counts: its
             * messages may be the ones the others have received. */
            if (read_state(w, r, &s)) {
                sent += s.sent;
                received += s.received;
            }
            continue;
        }
        if (status == HUB_RANK_STARTING || !read_state(w, r, &s)) {
            all_waiting = false;
            continue;
        }
        running++;
        struct seen *l = &w->last[r];
        if (!s.blocked)
            all_waiting = false;
        if (s.blocked != l->blocked || s.wait_id != l->wait_id ||
            s.sent != l->sent || s.received != l->received)
            changed = true;
        *l = (struct seen){s.blocked, s.wait_id, s.sent, s.received};
        sent += s.sent;
        received += s.received;
        if (s.blocked && s.since_ns < oldest)
            oldest = s.since_ns;
    }
    uint64_t now = ft_now_ns();
    /* Packets still on their way wake someone up: not stuck yet. */
    if (!all_waiting || running == 0 || changed || sent != received)
        w->quiet_since = 0;
    else if (!w->quiet_since)
        w->quiet_since = now;
    if (w->quiet_since &&
        secs(now - w->quiet_since) >= w->cfg.deadlock_after_s) {
        char why[160];
        snprintf(why, sizeof why,
                 "deadlock: every rank has been waiting for %.1f s and no "
                 "message is on its way:",
                 secs(now - (oldest < now ? oldest : now)));
        hub_watch_report(w, why);
        describe_cycle(w);
        end_job(w, FT_EXIT_DEADLOCK);
        return;
    }
    ft_timer_start(loop, &w->tick, TICK_MS, on_tick, w);
}

struct hub_watch *hub_watch_new(struct hub *h, struct ft_loop *loop,
                                const struct hub_watch_ops *ops,
                                const struct hub_watch_cfg *cfg)
{
    struct hub_watch *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->h = h;
    w->loop = loop;
    w->ops = *ops;
    w->cfg = *cfg;
    w->last = calloc((size_t)ops->np(h), sizeof *w->last);
    if (!w->last) {
        free(w);
        return NULL;
    }
    if (cfg->deadlock)
        ft_timer_start(loop, &w->tick, TICK_MS, on_tick, w);
    if (cfg->timeout_s > 0)
        ft_timer_start(loop, &w->timeout, (uint64_t)(cfg->timeout_s * 1000),
                       on_timeout, w);
    return w;
}

void hub_watch_stop(struct hub_watch *w)
{
    if (!w)
        return;
    w->done = true;
    ft_timer_stop(&w->tick);
    ft_timer_stop(&w->timeout);
}

void hub_watch_free(struct hub_watch *w)
{
    if (!w)
        return;
    ft_timer_stop(&w->tick);
    ft_timer_stop(&w->timeout);
    free(w->last);
    free(w);
}
