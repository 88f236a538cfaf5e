/*
 * group.h -- process groups: ordered sets of procs.
 *
 * A group names each member by a pointer to its struct ft_proc, so two
 * groups share a member exactly when they hold the same pointer.  Procs
 * carry a job-wide world rank, which the set operations use as a dense key.
 *
 * Every function that makes a group returns it with one reference held by
 * the caller; an empty result is the predefined empty group
 * (MPI_GROUP_EMPTY), which ignores retain and release.
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

/* The predefined empty group (MPI_GROUP_EMPTY). */
extern struct ft_group ftmpi_group_empty;

/* A group of n procs (copied), with rank computed for self.  NULL when out
 * of memory.  n == 0 gives a new empty group, not MPI_GROUP_EMPTY. */
struct ft_group *ft_group_new(struct ft_proc *const *procs, int n,
                              const struct ft_proc *self);

void ft_group_retain(struct ft_group *g);
void ft_group_release(struct ft_group *g);

/* Index of p in g, or FT_UNDEFINED.  Linear in the size of g. */
int ft_group_find(const struct ft_group *g, const struct ft_proc *p);

/* Results of ft_group_compare, equal to MPI_IDENT, MPI_SIMILAR and
 * MPI_UNEQUAL. */
enum { FT_GROUP_IDENT = 0, FT_GROUP_SIMILAR = 2, FT_GROUP_UNEQUAL = 3 };

/* Same members in the same order (IDENT), in another order (SIMILAR), or
 * not the same members (UNEQUAL).  Returns -ENOMEM when out of memory. */
int ft_group_compare(const struct ft_group *a, const struct ft_group *b);

/* For each of the n indices of a in ranks (or FT_PROC_NULL, -2, which is
 * passed through), the index of the same proc in b or FT_UNDEFINED.  The
 * indices must be valid (the API checks).  0 or -ENOMEM. */
int ft_group_translate(const struct ft_group *a, int n, const int *ranks,
                       const struct ft_group *b, int *out);

/* The set operations of MPI_Group_union, _intersection and _difference,
 * in the orders the standard gives: union is a, then the members of b not
 * in a (in b's order); intersection is the members of a also in b, and
 * difference the members of a not in b, both in a's order.  0 or -ENOMEM. */
int ft_group_union(const struct ft_group *a, const struct ft_group *b,
                   const struct ft_proc *self, struct ft_group **out);
int ft_group_intersection(const struct ft_group *a, const struct ft_group *b,
                          const struct ft_proc *self, struct ft_group **out);
int ft_group_difference(const struct ft_group *a, const struct ft_group *b,
                        const struct ft_proc *self, struct ft_group **out);

/* The members of g at the n given indices, in that order (MPI_Group_incl),
 * or all members except those (MPI_Group_excl), in g's order.  The indices
 * must be valid and distinct (the API checks).  0 or -ENOMEM. */
int ft_group_incl(const struct ft_group *g, int n, const int *idx,
                  const struct ft_proc *self, struct ft_group **out);
int ft_group_excl(const struct ft_group *g, int n, const int *idx,
                  const struct ft_proc *self, struct ft_group **out);

#endif
