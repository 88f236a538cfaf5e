/*
 * ftmpirun -- launch an MPI job (also installed as mpirun and mpiexec).
 *
 * Parses the command line, checks everything it can before starting
 * anything (options, the program, the tunables in the environment), then
 * hands the job to the hub.  Bad input: one line on stderr, exit status 2,
 * nothing started.
 */
#include <fcntl.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "base/log.h"
#include "base/param.h"
#include "base/util.h"
#include "runtime/hub.h"

#define EXIT_USAGE 2

static const char usage[] =
    "usage: ftmpirun [options] program [args...]\n"
    "  -n, -np N             start N ranks (default 1)\n"
    "  -x NAME[=VALUE]       set NAME for every rank (VALUE taken from here "
    "if omitted)\n"
    "  --tag-output          prefix every output line with [rank]\n"
    "  --ft MODE             failure handling: abort (default), ulfm, blank,\n"
    "                        shrink, rebuild (also --with-ft ulfm|mpi|no)\n"
    "  --initial-errhandler H  the ranks' initial error handler:\n"
    "                        mpi_errors_are_fatal (default), mpi_errors_return\n"
    "  --exit-on-any-failure a failure the job survived still makes the exit\n"
    "                        status non-zero\n"
    "  --max-restarts N      rebuild mode: restarts allowed per rank (default 3)\n"
    "  --timeout S           stop the job after S seconds, saying where each\n"
    "                        rank was (exit status 124)\n"
    "  --deadlock-detect=on|off  report and stop a deadlocked job (default on;\n"
    "                        exit status 125)\n"
    "  --deadlock-after S    how long every rank must wait before that (3)\n"
    "  --backtrace           on timeout or deadlock, print every rank's stack\n"
    "                        (needs gdb)\n"
    "  --report-hang [PID]   ask a running ftmpirun (yours if only one) to print\n"
    "                        where its ranks are; the same as kill -USR1 PID\n"
    "  --bind-to share|none  share (default): each rank is bound to its equal\n"
    "                        share of the host's processors unless there are\n"
    "                        more ranks than processors (core: the same);\n"
    "                        none: the kernel places ranks\n"
    "  --version             print the version and exit\n"
    "  -h, --help            print this help and exit\n"
    "Rank 0 reads ftmpirun's stdin; the others read /dev/null.  Every rank\n"
    "gets ftmpirun's environment.  Tunables are FTMPI_* variables (see\n"
    "ftmpi-info).\n"
    "Exit status: 0 when every rank exited 0 after MPI_Finalize (or, for\n"
    "programs without MPI, exited 0); the code given to MPI_Abort; a rank's\n"
    "own status, or 128+N if signal N killed it; 128+N if ftmpirun got\n"
    "signal N (SIGINT, SIGTERM, SIGHUP, SIGQUIT); 2 for bad usage.\n";

static _Noreturn void bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "ftmpirun: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see ftmpirun --help)\n");
    exit(EXIT_USAGE);
}

static int parse_ft_mode(const char *s, enum ft_ft_mode *mode)
{
    static const struct {
        const char *name;
        enum ft_ft_mode mode;
    } names[] = {
        {"abort", FT_MODE_ABORT},   {"no", FT_MODE_ABORT},
        {"ulfm", FT_MODE_ULFM},     {"mpi", FT_MODE_ULFM},
        {"blank", FT_MODE_BLANK},   {"shrink", FT_MODE_SHRINK},
        {"rebuild", FT_MODE_REBUILD},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *mode = names[i].mode;
            return 0;
        }
    }
    return -1;
}

/* True when argv[*i] is option name, given as "name value" or
 * "name=value"; *val is set to the value (consuming the next argument in the
 * first form). */
static bool opt_with_value(int argc, char **argv, int *i, const char *name,
                           const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0 || (a[n] != 0 && a[n] != '='))
        return false;
    if (a[n] == '=') {
        *val = a + n + 1;
        return true;
    }
    if (*i + 1 >= argc)
        bad("option %s needs a value", name);
    *val = argv[++*i];
    return true;
}

/* True when name[0..len) can name an environment variable. */
static bool valid_env_name(const char *name, size_t len)
{
    if (len == 0 || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* Opens /dev/null on any of descriptors 0, 1 and 2 that is closed, so that
 * no socket or pipe of ours can land there and be taken for the ranks'
 * output. */
static void ensure_std_fds(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) >= 0)
            continue;
        int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (n >= 0 && n != fd) {
            dup2(n, fd);
            close(n);
        }
    }
}

/* Parses a positive number of seconds ("2", "0.5"). */
static int parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v != v || v > 1e9)
        return -1;
    *out = v;
    return 0;
}

/* Whether pid is an ftmpirun of ours (other than this one). */
static bool is_launcher(pid_t pid)
{
    char path[64], name[64] = "";
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool ok = fgets(name, sizeof name, f) != NULL;
    fclose(f);
    name[strcspn(name, "\n")] = 0;
    return ok && pid != getpid() &&
           (strcmp(name, "ftmpirun") == 0 || strcmp(name, "mpirun") == 0 ||
            strcmp(name, "mpiexec") == 0);
}

/* ftmpirun --report-hang [PID]: SIGUSR1 to a running launcher. */
static int report_hang(const char *arg)
{
    pid_t pid = 0;
    if (arg) {
        long v;
        if (ft_parse_long(arg, 1, 1 << 30, &v) || !is_launcher((pid_t)v)) {
            fprintf(stderr, "ftmpirun: --report-hang: %s is not a running "
                            "ftmpirun of yours\n", arg);
            return EXIT_USAGE;
        }
        pid = (pid_t)v;
    } else {
        DIR *d = opendir("/proc");
        struct dirent *e;
        int found = 0;
        while (d && (e = readdir(d))) {
            long v;
            if (ft_parse_long(e->d_name, 1, 1 << 30, &v) ||
                !is_launcher((pid_t)v))
                continue;
            char path[64];
            struct stat st;
            snprintf(path, sizeof path, "/proc/%ld", v);
            if (stat(path, &st) || st.st_uid != getuid())
                continue;
            pid = (pid_t)v;
            found++;
        }
        if (d)
            closedir(d);
        if (found != 1) {
            fprintf(stderr, "ftmpirun: --report-hang: %s; give the PID of "
                            "the ftmpirun to ask\n",
                    found ? "several ftmpirun are running" :
                            "no ftmpirun of yours is running");
            return EXIT_USAGE;
        }
    }
    if (kill(pid, SIGUSR1)) {
        fprintf(stderr, "ftmpirun: --report-hang: cannot signal %d: %s\n",
                (int)pid, strerror(errno));
        return 1;
    }
    printf("ftmpirun: asked ftmpirun %d where its ranks are; it prints that "
           "on its standard error\n", (int)pid);
    return 0;
}

int main(int argc, char **argv)
{
    ensure_std_fds();
    ft_log_set_prefix("ftmpirun");
    struct ft_hub_cfg cfg = {.np = 1, .ft_mode = FT_MODE_ABORT,
                             .max_restarts = 3, .deadlock_detect = true,
                             .deadlock_after_s = 3};
    /* NAME=value strings for the ranks; owned[] marks the ones we
     * allocated. */
    char **env = calloc((size_t)argc + 4, sizeof(char *));
    bool *owned = calloc((size_t)argc + 4, sizeof(bool));
    int nenv = 0;
    if (!env || !owned)
        return 1;

    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        const char *v;
        if (opt_with_value(argc, argv, &i, "-n", &v) ||
            opt_with_value(argc, argv, &i, "-np", &v) ||
            opt_with_value(argc, argv, &i, "--np", &v) ||
            opt_with_value(argc, argv, &i, "-c", &v)) {
            long n;
            if (ft_parse_long(v, 1, 1 << 20, &n))
                bad("-n needs a whole number of ranks of at least 1, not "
                    "'%s'", v);
            cfg.np = (int)n;
        } else if (strcmp(a, "-x") == 0) {
            if (i + 1 >= argc)
                bad("option %s needs a value", a);
            v = argv[++i];
            const char *eq = strchr(v, '=');
            if (!valid_env_name(v, eq ? (size_t)(eq - v) : strlen(v)))
                bad("-x needs NAME or NAME=VALUE with a variable name, not "
                    "'%s'", v);
            if (eq) {
                env[nenv++] = (char *)v;
                /* Ours too: the tunables among them are checked below
                 * like the rest of the environment. */
                char *name = strndup(v, (size_t)(eq - v));
                if (!name || setenv(name, eq + 1, 1))
                    return 1;
                free(name);
            } else {
                const char *val = getenv(v);
                if (!val)
                    bad("-x %s: no such variable in this environment", v);
                char *kv;
                if (asprintf(&kv, "%s=%s", v, val) < 0)
                    return 1;
                owned[nenv] = true;
                env[nenv++] = kv;
            }
        } else if (strcmp(a, "--tag-output") == 0) {
            cfg.tag_output = true;
        } else if (opt_with_value(argc, argv, &i, "--ft", &v) ||
                   opt_with_value(argc, argv, &i, "--with-ft", &v)) {
            if (parse_ft_mode(v, &cfg.ft_mode))
                bad("unknown failure mode '%s': use abort, ulfm, blank, "
                    "shrink or rebuild", v);
        } else if (opt_with_value(argc, argv, &i, "--initial-errhandler", &v)) {
            if (strcmp(v, "mpi_errors_return") == 0)
                cfg.tolerant = true;
            else if (strcmp(v, "mpi_errors_are_fatal") != 0 &&
                     strcmp(v, "mpi_errors_abort") != 0)
                bad("unknown error handler '%s': use mpi_errors_are_fatal, "
                    "mpi_errors_abort or mpi_errors_return", v);
            char *kv;
            if (asprintf(&kv, "FTMPI_INITIAL_ERRHANDLER=%s", v) < 0)
                return 1;
            owned[nenv] = true;
            env[nenv++] = kv;
        } else if (opt_with_value(argc, argv, &i, "--max-restarts", &v)) {
            long n;
            if (ft_parse_long(v, 0, 1000000, &n))
                bad("--max-restarts needs a whole number, not '%s'", v);
            cfg.max_restarts = (int)n;
        } else if (opt_with_value(argc, argv, &i, "--timeout", &v)) {
            if (parse_seconds(v, &cfg.timeout_s) || cfg.timeout_s <= 0)
                bad("--timeout needs a number of seconds above 0, not '%s'",
                    v);
        } else if (opt_with_value(argc, argv, &i, "--deadlock-after", &v)) {
            if (parse_seconds(v, &cfg.deadlock_after_s) ||
                cfg.deadlock_after_s <= 0)
                bad("--deadlock-after needs a number of seconds above 0, not "
                    "'%s'", v);
        } else if (strcmp(a, "--deadlock-detect") == 0 ||
                   strcmp(a, "--deadlock-detect=on") == 0) {
            cfg.deadlock_detect = true;
        } else if (strcmp(a, "--deadlock-detect=off") == 0) {
            cfg.deadlock_detect = false;
        } else if (strncmp(a, "--deadlock-detect=", 18) == 0) {
            bad("--deadlock-detect takes on or off, not '%s'", a + 18);
        } else if (strcmp(a, "--backtrace") == 0) {
            cfg.backtrace = true;
        } else if (strcmp(a, "--report-hang") == 0) {
            const char *pid = i + 1 < argc && argv[i + 1][0] != '-'
                                  ? argv[++i]
                                  : NULL;
            return report_hang(pid);
        } else if (strcmp(a, "--exit-on-any-failure") == 0) {
            cfg.exit_on_failure = true;
        } else if (opt_with_value(argc, argv, &i, "--bind-to", &v)) {
            bool none = strcmp(v, "none") == 0;
            if (!none && strcmp(v, "share") && strcmp(v, "core"))
                bad("--bind-to takes share, core or none, not '%s'", v);
            env[nenv++] = (char *)(none ? "FTMPI_BIND=0" : "FTMPI_BIND=1");
        } else if (strcmp(a, "--oversubscribe") == 0) {
            /* Always allowed; accepted for Open MPI users. */
        } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("ftmpirun (ftmpi) %s\n", FTMPI_VERSION_STRING);
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            bad("unknown option '%s'", a);
        }
    }
    if (i >= argc)
        bad("no program to run%s", "");

    char err[512];
    if (ft_param_init(err, sizeof err)) {
        fprintf(stderr, "ftmpirun: %s\n", err);
        return EXIT_USAGE;
    }
    ft_log_verbosity = (int)ft_param(FT_P_DEBUG);
    char *path = ft_resolve_program(argv[i], err, sizeof err);
    if (!path) {
        fprintf(stderr, "ftmpirun: %s\n", err);
        return EXIT_USAGE;
    }
    static const char *const mode_names[] = {"abort", "ulfm", "blank",
                                              "shrink", "rebuild"};
    char *modekv;
    if (asprintf(&modekv, "FTMPI_FT_MODE=%s", mode_names[cfg.ft_mode]) < 0)
        return 1;
    owned[nenv] = true;
    env[nenv++] = modekv;
    cfg.program = path;
    cfg.argv = argv + i;
    cfg.extra_env = env;
    int status = ft_hub_run(&cfg);
    free(path);
    for (int k = 0; k < nenv; k++)
        if (owned[k])
            free(env[k]);
    free(env);
    free(owned);
    return status;
}
