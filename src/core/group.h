/*
 * group.h -- process groups: ordered sets of procs.
 */
#ifndef FT_CORE_GROUP_H
#define FT_CORE_GROUP_H

#include <stdbool.h>

struct ft_proc;

struct ft_group {
    unsigned magic; /* FT_MAGIC_GROUP while valid */
    int refcount;
    bool predefined;        /* MPI_GROUP_EMPTY: never freed */
    int size;
    int rank;               /* this process's index, or -32766 (undefined) */
    struct ft_proc **procs; /* size entries */
};

#define FT_UNDEFINED (-32766)

/* A group of n procs (copied), with rank computed for self.  NULL when out
 * of memory. */
struct ft_group *ft_group_new(struct ft_proc *const *procs, int n,
                              const struct ft_proc *self);

void ft_group_retain(struct ft_group *g);
void ft_group_release(struct ft_group *g);

/* Index of p in g, or FT_UNDEFINED. */
int ft_group_find(const struct ft_group *g, const struct ft_proc *p);

#endif
