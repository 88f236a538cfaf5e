#include "core/group.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "core/magic.h"
#include "core/match.h"
#include "core/proc.h"

FTMPI_EXPORT struct ft_group ftmpi_group_empty = {
    .magic = FT_MAGIC_GROUP, .refcount = 1, .predefined = true, .size = 0, .rank = FT_UNDEFINED};

struct ft_group *ft_group_new(struct ft_proc *const *procs, int n,
                              const struct ft_proc *self)
{
    struct ft_group *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->procs = malloc((n ? (size_t)n : 1) * sizeof *g->procs);
    if (!g->procs) {
        free(g);
        return NULL;
    }
    if (n)
        memcpy(g->procs, procs, (size_t)n * sizeof *procs);
    g->size = n;
    g->refcount = 1;
    g->magic = FT_MAGIC_GROUP;
    g->rank = ft_group_find(g, self);
    return g;
}

void ft_group_retain(struct ft_group *g)
{
    if (!g->predefined)
        g->refcount++;
}

void ft_group_release(struct ft_group *g)
{
    if (g->predefined || --g->refcount > 0)
        return;
    g->magic = 0;
    free(g->procs);
    free(g);
}

int ft_group_find(const struct ft_group *g, const struct ft_proc *p)
{
    for (int i = 0; i < g->size; i++)
        if (g->procs[i] == p)
            return i;
    return FT_UNDEFINED;
}

/* A map from world rank to index in g (-1 for non-members), long enough
 * for every world rank of g and of other (which may be NULL).  Lookups of
 * procs of other groups must check *len.  The hole that stands for a
 * failed rank in FT-MPI blank mode (world rank -1) is in no map: it is
 * nobody, and never the same member as anything.  Caller frees; NULL when
 * out of memory. */
static int *index_of(const struct ft_group *g, const struct ft_group *other,
                     int *len)
{
    int n = 0;
    for (int i = 0; i < g->size; i++)
        if (g->procs[i]->world_rank >= n)
            n = g->procs[i]->world_rank + 1;
    for (int i = 0; other && i < other->size; i++)
        if (other->procs[i]->world_rank >= n)
            n = other->procs[i]->world_rank + 1;
    int *map = malloc((n ? (size_t)n : 1) * sizeof *map);
    if (!map)
        return NULL;
    memset(map, 0xff, (size_t)n * sizeof *map);
    for (int i = 0; i < g->size; i++)
        if (g->procs[i]->world_rank >= 0)
            map[g->procs[i]->world_rank] = i;
    *len = n;
    return map;
}

static int lookup(const int *map, int len, const struct ft_proc *p)
{
    return p->world_rank >= 0 && p->world_rank < len ? map[p->world_rank]
                                                      : -1;
}

/* Wraps n procs as a group: MPI_GROUP_EMPTY when there are none. */
static int make(struct ft_proc *const *procs, int n,
                const struct ft_proc *self, struct ft_group **out)
{
    if (n == 0) {
        *out = &ftmpi_group_empty;
        return 0;
    }
    *out = ft_group_new(procs, n, self);
    return *out ? 0 : -ENOMEM;
}

int ft_group_compare(const struct ft_group *a, const struct ft_group *b)
{
    if (a->size != b->size)
        return FT_GROUP_UNEQUAL;
    bool same_order = true;
    for (int i = 0; i < a->size && same_order; i++)
        same_order = a->procs[i] == b->procs[i];
    if (same_order)
        return FT_GROUP_IDENT;
    int len;
    int *map = index_of(a, b, &len);
    if (!map)
        return -ENOMEM;
    int r = FT_GROUP_SIMILAR;
    /* Same size and every member of b in a: the same set (members of a
     * group are distinct). */
    for (int i = 0; i < b->size; i++)
        if (lookup(map, len, b->procs[i]) < 0)
            r = FT_GROUP_UNEQUAL;
    free(map);
    return r;
}

int ft_group_translate(const struct ft_group *a, int n, const int *ranks,
                       const struct ft_group *b, int *out)
{
    int len;
    int *map = index_of(b, a, &len);
    if (!map)
        return -ENOMEM;
    for (int i = 0; i < n; i++) {
        if (ranks[i] == FT_PROC_NULL) {
            out[i] = FT_PROC_NULL;
            continue;
        }
        int j = lookup(map, len, a->procs[ranks[i]]);
        out[i] = j < 0 ? FT_UNDEFINED : j;
    }
    free(map);
    return 0;
}

/* The members of a that are (keep_common) or are not in b, in a's order,
 * appended to procs at *n. */
static int filter(const struct ft_group *a, const struct ft_group *b,
                  bool keep_common, struct ft_proc **procs, int *n)
{
    int len;
    int *map = index_of(b, a, &len);
    if (!map)
        return -ENOMEM;
    for (int i = 0; i < a->size; i++)
        if ((lookup(map, len, a->procs[i]) >= 0) == keep_common)
            procs[(*n)++] = a->procs[i];
    free(map);
    return 0;
}

static int setop(const struct ft_group *a, const struct ft_group *b,
                 const struct ft_proc *self, int op, struct ft_group **out)
{
    size_t cap = (size_t)a->size + (size_t)b->size;
    struct ft_proc **procs = malloc((cap ? cap : 1) * sizeof *procs);
    if (!procs)
        return -ENOMEM;
    int n = 0, rc;
    switch (op) {
    case 'u':
        if (a->size) /* the empty group has no procs array */
            memcpy(procs, a->procs, (size_t)a->size * sizeof *procs);
        n = a->size;
        rc = filter(b, a, false, procs, &n);
        break;
    case 'i':
        rc = filter(a, b, true, procs, &n);
        break;
    default:
        rc = filter(a, b, false, procs, &n);
        break;
    }
    if (rc == 0)
        rc = make(procs, n, self, out);
    free(procs);
    return rc;
}

int ft_group_union(const struct ft_group *a, const struct ft_group *b,
                   const struct ft_proc *self, struct ft_group **out)
{
    return setop(a, b, self, 'u', out);
}

int ft_group_intersection(const struct ft_group *a, const struct ft_group *b,
                          const struct ft_proc *self, struct ft_group **out)
{
    return setop(a, b, self, 'i', out);
}

int ft_group_difference(const struct ft_group *a, const struct ft_group *b,
                        const struct ft_proc *self, struct ft_group **out)
{
    return setop(a, b, self, 'd', out);
}

int ft_group_incl(const struct ft_group *g, int n, const int *idx,
                  const struct ft_proc *self, struct ft_group **out)
{
    struct ft_proc **procs = malloc((n ? (size_t)n : 1) * sizeof *procs);
    if (!procs)
        return -ENOMEM;
    for (int i = 0; i < n; i++)
        procs[i] = g->procs[idx[i]];
    int rc = make(procs, n, self, out);
    free(procs);
    return rc;
}

int ft_group_excl(const struct ft_group *g, int n, const int *idx,
                  const struct ft_proc *self, struct ft_group **out)
{
    size_t sz = g->size ? (size_t)g->size : 1;
    bool *drop = calloc(sz, sizeof *drop);
    struct ft_proc **procs = malloc(sz * sizeof *procs);
    int rc = -ENOMEM;
    if (drop && procs) {
        for (int i = 0; i < n; i++)
            drop[idx[i]] = true;
        int k = 0;
        for (int i = 0; i < g->size; i++)
            if (!drop[i])
                procs[k++] = g->procs[i];
        rc = make(procs, k, self, out);
    }
    free(drop);
    free(procs);
    return rc;
}
