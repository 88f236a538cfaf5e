/*
 * param.h -- the tunables, declared once in one table.
 *
 * Every tunable has a name, a default, bounds and a sentence saying what it
 * means.  Its value comes from the environment variable of the same name
 * (FTMPI_EAGER_LIMIT=4096 ...).  ftmpi-info prints the table; ftmpirun
 * rejects bad values before starting anything.
 */
#ifndef FT_BASE_PARAM_H
#define FT_BASE_PARAM_H

#include <stddef.h>

enum ft_param_id {
    FT_P_DEBUG,
    FT_P_EAGER_LIMIT,
    FT_P_SHM_RING,
    FT_P_SHM_CMA,
    FT_P_PIPE_CHUNK,
    FT_P_SPIN,
    FT_P_YIELD,
    FT_P_OVERSUB,
    FT_P_BIND,
    FT_P_WAKE_MS,
    FT_P_KILL_GRACE_MS,
    FT_P_SHM_COLL,
    FT_P_COLL_ALG,
    FT_P_COUNT
};

struct ft_param {
    const char *name;    /* environment variable, e.g. "FTMPI_EAGER_LIMIT" */
    long def, min, max;  /* default and inclusive bounds */
    const char *meaning; /* one sentence for ftmpi-info */
};

/* Reads every tunable from the environment.  Returns 0, or -EINVAL with a
 * one-line explanation in err when a variable is not a number in range (the
 * default is used for it). */
int ft_param_init(char *err, size_t errlen);

/* The value of a tunable; ft_param_init must have run (defaults otherwise). */
long ft_param(enum ft_param_id id);

/* The table, for listing. */
const struct ft_param *ft_param_desc(enum ft_param_id id);

/* Whether the value came from the environment rather than the default. */
int ft_param_is_set(enum ft_param_id id);

#endif
