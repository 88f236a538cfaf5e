/*
 * daemon.h -- the host daemon's work: start, watch and stop the ranks of
 * one host.
 *
 * The hub runs this module in-process for the launch host; ftmpid runs it
 * for other hosts.  It creates the host's shared segment and doorbells,
 * forks each rank into its own process group (so a kill reaches whatever the
 * rank started), forwards stdout and stderr a whole line at a time, and
 * reports exits.  Ranks die with their daemon (PR_SET_PDEATHSIG).
 */
#ifndef FT_RUNTIME_DAEMON_H
#define FT_RUNTIME_DAEMON_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/loop.h"
#include "runtime/nodeseg.h"

struct ft_daemon;

/* What the daemon tells its owner; all run from the owner's loop. */
struct ft_daemon_events {
    /* One line of output of a rank, newline included (a final partial line
     * gets one added).  stream is 1 (stdout) or 2 (stderr). */
    void (*output)(void *arg, int rank, int stream, const char *line,
                   size_t len);
    /* A rank's process ended; wstatus as from waitpid.  Called only after
     * its output has been fully forwarded. */
    void (*exited)(void *arg, int rank, int wstatus);
    /* exec of a rank failed with errno err (reported before exited). */
    void (*exec_failed)(void *arg, int rank, int err);
};

/* Where the stdin of world rank 0 comes from (other ranks read /dev/null). */
enum ft_stdin_mode {
    FT_STDIN_NULL,    /* /dev/null */
    FT_STDIN_INHERIT, /* the daemon's own stdin, shared as it is (a pipe or
                         a file: reading it cannot stop the rank) */
    FT_STDIN_FORWARD, /* a pipe the daemon feeds from its stdin: for a
                         terminal, which a rank in its own process group
                         may not read (it would be stopped by SIGTTIN) */
};

struct ft_daemon_cfg {
    const char *program;      /* resolved path of the executable */
    char *const *argv;        /* argv[0] as the user gave it */
    char *const *extra_env;   /* "NAME=value" strings set for every rank */
    int nlocal;               /* ranks on this host */
    const int *ranks;         /* their world ranks, in local order */
    int world_size;
    int node;                 /* index of this host */
    const char *jobid, *secret_hex, *hub_sockname;
    enum ft_stdin_mode stdin_mode; /* for world rank 0, if local */
    /* Signals the ranks start with ignored (those ignored when the
     * launcher started, e.g. SIGHUP under nohup); every other signal starts
     * with its default action and unblocked. */
    sigset_t child_ignore;
};

struct ft_daemon_rank;
struct ft_stdin_fwd;

struct ft_daemon {
    struct ft_daemon_cfg cfg;
    struct ft_daemon_events ev;
    void *arg;
    struct ft_loop *loop;
    struct ft_nodeseg seg;
    int *doorbells;               /* one eventfd per local rank */
    struct ft_daemon_rank *lr;    /* nlocal entries */
    struct ft_stdin_fwd *stdin_fwd; /* FT_STDIN_FORWARD only */
    int running;                  /* processes not yet reaped */
};

/* Prepares the segment and doorbells; starts nothing.  Returns 0 or -errno;
 * on error nothing is left allocated. */
int ft_daemon_init(struct ft_daemon *d, struct ft_loop *loop,
                   const struct ft_daemon_cfg *cfg,
                   const struct ft_daemon_events *ev, void *arg);

/* Forks local rank i with incarnation epoch.  Returns 0 or -errno. */
int ft_daemon_spawn(struct ft_daemon *d, int i, uint32_t epoch);

/* Reaps every child that has ended (call on SIGCHLD). */
void ft_daemon_reap(struct ft_daemon *d);

/* Sends sig to the process group of every live local rank. */
void ft_daemon_signal_all(struct ft_daemon *d, int sig);

/* Sends sig to the process group of local rank i, if it is alive. */
void ft_daemon_signal(struct ft_daemon *d, int i, int sig);

/* Tells local rank i a control message awaits it (no system call). */
void ft_daemon_notify(struct ft_daemon *d, int i);

/* Number of local processes not yet reaped, or whose output is still
 * being forwarded. */
int ft_daemon_busy(const struct ft_daemon *d);

/* pid of local rank i, or 0. */
pid_t ft_daemon_pid(const struct ft_daemon *d, int i);

/* Frees everything; processes must be gone. */
void ft_daemon_fini(struct ft_daemon *d);

#endif
