/*
 * info.h -- MPI_Info objects: key/value string pairs in the order the keys
 * were first set.
 *
 * The core keeps the strings; limits on their lengths (MPI_MAX_INFO_KEY,
 * MPI_MAX_INFO_VAL) are checked by the API layer.
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

/* A new empty info with one reference, or NULL when out of memory. */
struct ft_info *ft_info_new(void);

/* Sets key to value (both copied), replacing an old value in place.
 * 0 or -ENOMEM. */
int ft_info_set(struct ft_info *info, const char *key, const char *value);

/* The value of key, or NULL.  The string belongs to info. */
const char *ft_info_get(const struct ft_info *info, const char *key);

/* Removes key; the keys after it move up one place.  0 or -ENOENT. */
int ft_info_delete(struct ft_info *info, const char *key);

/* A new info with the same pairs in the same order (never predefined).
 * 0 or -ENOMEM. */
int ft_info_dup(const struct ft_info *info, struct ft_info **out);

/* Sets every pair of from in into (MPI_Comm_set_info merges hints).
 * 0 or -ENOMEM (some pairs may then be set). */
int ft_info_merge(struct ft_info *into, const struct ft_info *from);

/* Fills MPI_INFO_ENV at MPI_Init: command, argv, maxprocs, host... */
int ft_info_env_init(int argc, char **argv, int size);

/* Drops a reference; the last one frees the info.  Ignores NULL and
 * MPI_INFO_ENV. */
void ft_info_release(struct ft_info *info);

#endif
