/*
 * info.h -- MPI_Info objects: ordered key/value string pairs.
 */
#ifndef FT_CORE_INFO_H
#define FT_CORE_INFO_H

#include <stdbool.h>

struct ft_info {
    unsigned magic; /* FT_MAGIC_INFO while valid */
    int refcount;
    bool predefined; /* MPI_INFO_ENV */
    int n, cap;
    char **keys, **values;
};

/* Sets key to value (both copied), replacing an old value.  0 or -ENOMEM. */
int ft_info_set(struct ft_info *info, const char *key, const char *value);

/* The value of key, or NULL. */
const char *ft_info_get(const struct ft_info *info, const char *key);

/* Fills MPI_INFO_ENV at MPI_Init: command, argv, maxprocs, host... */
int ft_info_env_init(int argc, char **argv, int size);

void ft_info_release(struct ft_info *info);

#endif
