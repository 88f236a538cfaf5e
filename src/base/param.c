#include "base/param.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ft_param table[FT_P_COUNT] = {
    [FT_P_DEBUG] = {"FTMPI_DEBUG", 1, 0, 3,
                    "diagnostic verbosity: 0 errors, 1 warnings, 2 info, 3 debug"},
    [FT_P_EAGER_LIMIT] = {"FTMPI_EAGER_LIMIT", 8192, 0, 1 << 20,
                          "largest message in bytes sent eagerly; larger ones "
                          "use a rendezvous"},
    [FT_P_SHM_RING] = {"FTMPI_SHM_RING", 65536, 8192, 1 << 24,
                       "bytes in each shared-memory ring from one local rank to "
                       "another (rounded up to a power of two)"},
    [FT_P_SHM_CMA] = {"FTMPI_SHM_CMA", 1, 0, 1,
                      "1: copy large messages in one step with "
                      "process_vm_readv where the kernel allows it"},
    [FT_P_PIPE_CHUNK] = {"FTMPI_PIPE_CHUNK", 16384, 1024, 1 << 22,
                         "bytes per fragment when a large message is copied "
                         "through the rings"},
    [FT_P_SPIN] = {"FTMPI_SPIN", 4000, 0, 100000000,
                   "polls of the network before a waiting rank starts "
                   "yielding the processor"},
    [FT_P_YIELD] = {"FTMPI_YIELD", 2000, 0, 100000000,
                    "processor yields before a waiting rank sleeps"},
    [FT_P_OVERSUB] = {"FTMPI_OVERSUB", -1, -1, 1,
                      "1: assume more ranks than cores (yield at once), 0: "
                      "assume not, -1: detect"},
    [FT_P_BIND] = {"FTMPI_BIND", 1, 0, 1,
                   "1: bind each rank to its equal share of the host's "
                   "processors when they are not oversubscribed, 0: leave "
                   "placement to the kernel"},
    [FT_P_WAKE_MS] = {"FTMPI_WAKE_MS", 1000, 1, 60000,
                      "longest sleep of a waiting rank before it looks again "
                      "on its own"},
    [FT_P_KILL_GRACE_MS] = {"FTMPI_KILL_GRACE_MS", 200, 0, 60000,
                            "milliseconds between SIGTERM and SIGKILL when the "
                            "launcher stops a job"},
    [FT_P_SHM_COLL] = {"FTMPI_SHM_COLL", 131072, 0, 1 << 24,
                       "bytes of each rank's shared-memory box for collectives "
                       "(barrier, broadcast, reductions, allgather, alltoall "
                       "up to that size, in 64 slots); 0 turns them off"},
    [FT_P_COLL_ALG] = {"FTMPI_COLL_ALG", -1, -1, 7,
                       "-1: choose collective algorithms by size; k >= 0: "
                       "use the k-th usable entry of each collective's table "
                       "(for testing)"},
};

static long values[FT_P_COUNT];
static int is_set[FT_P_COUNT];
static int initialized;

int ft_param_init(char *err, size_t errlen)
{
    int rc = 0;
    for (int i = 0; i < FT_P_COUNT; i++) {
        values[i] = table[i].def;
        is_set[i] = 0;
        const char *s = getenv(table[i].name);
        if (!s || !*s)
            continue;
        char *end;
        errno = 0;
        long v = strtol(s, &end, 0);
        if (errno || *end || v < table[i].min || v > table[i].max) {
            if (rc == 0 && err)
                snprintf(err, errlen,
                         "%s=%s is not valid: expected a whole number from "
                         "%ld to %ld",
                         table[i].name, s, table[i].min, table[i].max);
            rc = -EINVAL;
            continue;
        }
        values[i] = v;
        is_set[i] = 1;
    }
    initialized = 1;
    return rc;
}

long ft_param(enum ft_param_id id)
{
    if (!initialized)
        ft_param_init(NULL, 0);
    return values[id];
}

const struct ft_param *ft_param_desc(enum ft_param_id id)
{
    return &table[id];
}

int ft_param_is_set(enum ft_param_id id)
{
    return is_set[id];
}
