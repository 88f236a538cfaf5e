#include "core/group.h"

#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "core/magic.h"

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
