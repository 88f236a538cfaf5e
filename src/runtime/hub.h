/*
 * hub.h -- the job's hub: one per job, run by ftmpirun.
 *
 * The hub holds the job's truth: the rank table, the key-value exchange the
 * ranks wire up with, the ordered list of failures, and the exit status.  On
 * the launch host it also plays the host daemon (daemon.h).  It returns only
 * when every process it started is gone.
 */
#ifndef FT_RUNTIME_HUB_H
#define FT_RUNTIME_HUB_H

#include <stdbool.h>
#include <stddef.h>

enum ft_ft_mode {
    FT_MODE_ABORT,   /* any failure ends the job (default) */
    FT_MODE_ULFM,    /* failures are reported; the program recovers (ULFM) */
    FT_MODE_BLANK,   /* FT-MPI: recovered communicators keep holes */
    FT_MODE_SHRINK,  /* FT-MPI: recovered communicators are compacted */
    FT_MODE_REBUILD, /* FT-MPI: failed ranks are respawned */
};

struct ft_hub_cfg {
    int np;
    const char *program;   /* resolved path */
    char **argv;           /* the program's argv, argv[0] as given */
    char **extra_env;      /* NAME=value for every rank (-x) */
    bool tag_output;       /* prefix output lines with "[rank] " */
    enum ft_ft_mode ft_mode;
    bool tolerant;         /* failures do not end the job from the start */
    bool exit_on_failure;  /* a tolerated failure still fails the exit status */
    int max_restarts;      /* rebuild mode: respawns allowed per rank */
    double timeout_s;      /* stop the job after this long (0: never) */
    bool deadlock_detect;  /* on by default */
    double deadlock_after_s; /* quiet period before a deadlock verdict */
    bool backtrace;        /* gdb stacks of every rank on timeout/deadlock */
};

/* Runs the job to its end and returns the launcher's exit status.  Errors
 * are reported on stderr with one line. */
int ft_hub_run(const struct ft_hub_cfg *cfg);

/* Finds prog the way execvp would: a name with a slash is taken as it is,
 * others are looked up in PATH; the file must be executable and start like
 * a binary or a #! script.  Returns a malloc'd path, or NULL with a
 * one-line reason in why. */
char *ft_resolve_program(const char *prog, char *why, size_t whylen);

#endif
