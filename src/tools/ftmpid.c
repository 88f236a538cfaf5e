/*
 * ftmpid -- the host daemon of a multi-host job.
 *
 * ftmpirun is meant to start one ftmpid on every host but its own (over
 * ssh, Slurm or a launch template), telling it where the hub listens; the
 * daemon would connect back over TCP, present the job's secret, and then
 * start, watch and stop the ranks of its host with the same code the hub
 * uses for the launch host (runtime/daemon.h).
 *
 * That TCP uplink is not built yet, so this program only checks its
 * arguments and says so: it never pretends to run ranks.  Bad input: one
 * line on stderr, exit status 2.  A well-formed request: one line saying
 * multi-host jobs are not supported yet, exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "base/util.h"

#define EXIT_USAGE 2

static const char usage[] =
    "usage: ftmpid --hub HOST:PORT [--node N]\n"
    "The host daemon of ftmpi.  ftmpirun starts it on the other hosts of a\n"
    "multi-host job; it is not started by hand.\n"
    "  --hub HOST:PORT   where the job's hub listens (required)\n"
    "  --node N          this host's index in the job\n"
    "  --version         print the version and exit\n"
    "  -h, --help        print this help and exit\n"
    "The job's secret comes in the environment (FTMPI_SECRET), never on\n"
    "the command line.\n"
    "Not built yet: the TCP uplink to the hub, so multi-host jobs cannot\n"
    "run; single-host jobs need no daemon (ftmpirun plays its part).\n";

static _Noreturn void bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "ftmpid: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see ftmpid --help)\n");
    exit(EXIT_USAGE);
}

/* Checks "HOST:PORT" (HOST may be a bracketed IPv6 address). */
static int check_hub(const char *s)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return -1;
    if (s[0] == '[' && colon[-1] != ']')
        return -1;
    long port;
    return ft_parse_long(colon + 1, 1, 65535, &port);
}

int main(int argc, char **argv)
{
    const char *hub = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("ftmpid (ftmpi) %s\n", FTMPI_VERSION_STRING);
            return 0;
        }
        if (strcmp(a, "--hub") == 0 || strcmp(a, "--node") == 0) {
            if (i + 1 >= argc)
                bad("option %s needs a value", a);
            const char *v = argv[++i];
            long node;
            if (a[2] == 'h') {
                if (check_hub(v))
                    bad("--hub needs HOST:PORT, not '%s'", v);
                hub = v;
            } else if (ft_parse_long(v, 0, 1 << 24, &node)) {
                bad("--node needs a host index, not '%s'", v);
            }
            continue;
        }
        bad("unknown option '%s'", a);
    }
    if (!hub)
        bad("no hub to connect to: ftmpid is started by ftmpirun with "
            "--hub HOST:PORT%s",
            "");
    fprintf(stderr,
            "ftmpid: cannot serve the hub at %s: the daemon's TCP "
            "uplink is not built yet, so jobs run on one host only\n",
            hub);
    return 1;
}
