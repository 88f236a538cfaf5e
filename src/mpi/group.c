/*
 * group.c -- process groups (MPI chapter 6.3) and the groups of
 * communicators.
 *
 * Errors about groups are raised on MPI_COMM_WORLD's error handler: a
 * group belongs to no communicator.
 */
#include <stdlib.h>
#include <string.h>

#include "mpi/api.h"

#pragma weak MPI_Group_size = PMPI_Group_size
#pragma weak MPI_Group_rank = PMPI_Group_rank
#pragma weak MPI_Group_translate_ranks = PMPI_Group_translate_ranks
#pragma weak MPI_Group_compare = PMPI_Group_compare
#pragma weak MPI_Group_union = PMPI_Group_union
#pragma weak MPI_Group_intersection = PMPI_Group_intersection
#pragma weak MPI_Group_difference = PMPI_Group_difference
#pragma weak MPI_Group_incl = PMPI_Group_incl
#pragma weak MPI_Group_excl = PMPI_Group_excl
#pragma weak MPI_Group_range_incl = PMPI_Group_range_incl
#pragma weak MPI_Group_range_excl = PMPI_Group_range_excl
#pragma weak MPI_Group_free = PMPI_Group_free
#pragma weak MPI_Comm_group = PMPI_Comm_group
#pragma weak MPI_Comm_remote_group = PMPI_Comm_remote_group

#define CHECK_GROUP(g, name, fn)                                              \
    FT_CHECK_ARG(ft_api_group_ok(g), NULL, MPI_ERR_GROUP, fn,                 \
                 "invalid group (argument %s)", name)

int PMPI_Group_size(MPI_Group group, int *size)
{
    static const char fn[] = "MPI_Group_size";
    FT_CHECK_READY(fn);
    CHECK_GROUP(group, "group", fn);
    FT_CHECK_ARG(size, NULL, MPI_ERR_ARG, fn, "size is NULL");
    *size = group->size;
    return MPI_SUCCESS;
}

int PMPI_Group_rank(MPI_Group group, int *rank)
{
    static const char fn[] = "MPI_Group_rank";
    FT_CHECK_READY(fn);
    CHECK_GROUP(group, "group", fn);
    FT_CHECK_ARG(rank, NULL, MPI_ERR_ARG, fn, "rank is NULL");
    *rank = group->rank; /* FT_UNDEFINED is MPI_UNDEFINED */
    return MPI_SUCCESS;
}

int PMPI_Group_translate_ranks(MPI_Group group1, int n, const int ranks1[],
                               MPI_Group group2, int ranks2[])
{
    static const char fn[] = "MPI_Group_translate_ranks";
    FT_CHECK_READY(fn);
    CHECK_GROUP(group1, "group1", fn);
    CHECK_GROUP(group2, "group2", fn);
    FT_CHECK_ARG(n >= 0, NULL, MPI_ERR_ARG, fn, "n=%d is negative", n);
    FT_CHECK_ARG(n == 0 || (ranks1 && ranks2), NULL, MPI_ERR_ARG, fn,
                 "ranks1 or ranks2 is NULL");
    for (int i = 0; i < n; i++)
        FT_CHECK_ARG(ranks1[i] == MPI_PROC_NULL ||
                         (ranks1[i] >= 0 && ranks1[i] < group1->size),
                     NULL, MPI_ERR_RANK, fn,
                     "ranks1[%d]=%d is not a rank of group1 (size %d)", i,
                     ranks1[i], group1->size);
    return ft_api_ret(NULL, ft_group_translate(group1, n, ranks1, group2,
                                               ranks2),
                      fn);
}

int PMPI_Group_compare(MPI_Group group1, MPI_Group group2, int *result)
{
    static const char fn[] = "MPI_Group_compare";
    FT_CHECK_READY(fn);
    CHECK_GROUP(group1, "group1", fn);
    CHECK_GROUP(group2, "group2", fn);
    FT_CHECK_ARG(result, NULL, MPI_ERR_ARG, fn, "result is NULL");
    int r = ft_group_compare(group1, group2);
    if (r < 0)
        return ft_api_ret(NULL, r, fn);
    *result = r;
    return MPI_SUCCESS;
}

typedef int (*setop_fn)(const struct ft_group *, const struct ft_group *,
                        const struct ft_proc *, struct ft_group **);

static int setop(const char *fn, setop_fn op, MPI_Group group1,
                 MPI_Group group2, MPI_Group *newgroup)
{
    FT_CHECK_READY(fn);
    CHECK_GROUP(group1, "group1", fn);
    CHECK_GROUP(group2, "group2", fn);
    FT_CHECK_ARG(newgroup, NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    struct ft_group *g;
    int rc = op(group1, group2, ft_api_eng->self, &g);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *newgroup = g;
    return MPI_SUCCESS;
}

int PMPI_Group_union(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return setop("MPI_Group_union", ft_group_union, group1, group2, newgroup);
}

int PMPI_Group_intersection(MPI_Group group1, MPI_Group group2,
                            MPI_Group *newgroup)
{
    return setop("MPI_Group_intersection", ft_group_intersection, group1,
                 group2, newgroup);
}

int PMPI_Group_difference(MPI_Group group1, MPI_Group group2,
                          MPI_Group *newgroup)
{
    return setop("MPI_Group_difference", ft_group_difference, group1, group2,
                 newgroup);
}

/* Checks the rank list of MPI_Group_incl/excl: n valid ranks of group, no
 * rank twice. */
static int check_list(const char *fn, MPI_Group group, int n,
                      const int ranks[], MPI_Group *newgroup)
{
    CHECK_GROUP(group, "group", fn);
    FT_CHECK_ARG(newgroup, NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    FT_CHECK_ARG(n >= 0 && n <= group->size, NULL, MPI_ERR_ARG, fn,
                 "n=%d is not between 0 and the group size %d", n,
                 group->size);
    FT_CHECK_ARG(n == 0 || ranks, NULL, MPI_ERR_ARG, fn, "ranks is NULL");
    char *seen = calloc((size_t)group->size + 1, 1);
    FT_CHECK_ARG(seen, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int r = ranks[i];
        if (r < 0 || r >= group->size)
            rc = ft_api_err(NULL, MPI_ERR_RANK, fn,
                            "ranks[%d]=%d is not a rank of group (size %d)",
                            i, r, group->size);
        else if (seen[r]++)
            rc = ft_api_err(NULL, MPI_ERR_RANK, fn,
                            "rank %d appears twice in ranks (ranks[%d])", r,
                            i);
    }
    free(seen);
    return rc;
}

int PMPI_Group_incl(MPI_Group group, int n, const int ranks[],
                    MPI_Group *newgroup)
{
    static const char fn[] = "MPI_Group_incl";
    FT_CHECK_READY(fn);
    int rc = check_list(fn, group, n, ranks, newgroup);
    if (rc)
        return rc;
    struct ft_group *g;
    rc = ft_group_incl(group, n, ranks, ft_api_eng->self, &g);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *newgroup = g;
    return MPI_SUCCESS;
}

int PMPI_Group_excl(MPI_Group group, int n, const int ranks[],
                    MPI_Group *newgroup)
{
    static const char fn[] = "MPI_Group_excl";
    FT_CHECK_READY(fn);
    int rc = check_list(fn, group, n, ranks, newgroup);
    if (rc)
        return rc;
    struct ft_group *g;
    rc = ft_group_excl(group, n, ranks, ft_api_eng->self, &g);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *newgroup = g;
    return MPI_SUCCESS;
}

/* Expands n (first, last, stride) triplets into the ranks they name, in
 * order, into idx (room for group->size entries: more would repeat a
 * rank).  Every triplet must have a non-zero stride that leads from first
 * towards last, first and last must be ranks of group, and no rank may be
 * named twice.  Returns 0 and the count in *count, or the raised code. */
static int expand_ranges(const char *fn, MPI_Group group, int n,
                         int ranges[][3], int *idx, int *count)
{
    int size = group->size, k = 0;
    char *seen = calloc((size_t)size + 1, 1);
    FT_CHECK_ARG(seen, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int first = ranges[i][0], last = ranges[i][1], stride = ranges[i][2];
        if (stride == 0) {
            rc = ft_api_err(NULL, MPI_ERR_ARG, fn,
                            "ranges[%d] has stride 0", i);
        } else if (first < 0 || first >= size || last < 0 || last >= size) {
            rc = ft_api_err(NULL, MPI_ERR_RANK, fn,
                            "ranges[%d]=(%d, %d, %d): first and last must be "
                            "ranks of group (size %d)",
                            i, first, last, stride, size);
        } else if ((stride > 0 && first > last) ||
                   (stride < 0 && first < last)) {
            rc = ft_api_err(NULL, MPI_ERR_ARG, fn,
                            "ranges[%d]=(%d, %d, %d): the stride leads away "
                            "from last",
                            i, first, last, stride);
        }
        /* Walk in long arithmetic: first + stride may overflow an int. */
        for (long r = first; rc == 0 && (stride > 0 ? r <= last : r >= last);
             r += stride) {
            if (seen[r]++)
                rc = ft_api_err(NULL, MPI_ERR_RANK, fn,
                                "rank %ld is named twice (again in "
                                "ranges[%d])",
                                r, i);
            else
                idx[k++] = (int)r;
        }
    }
    free(seen);
    *count = k;
    return rc;
}

static int range(const char *fn, MPI_Group group, int n, int ranges[][3],
                 MPI_Group *newgroup, bool incl)
{
    FT_CHECK_READY(fn);
    CHECK_GROUP(group, "group", fn);
    FT_CHECK_ARG(newgroup, NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    FT_CHECK_ARG(n >= 0, NULL, MPI_ERR_ARG, fn, "n=%d is negative", n);
    FT_CHECK_ARG(n == 0 || ranges, NULL, MPI_ERR_ARG, fn, "ranges is NULL");
    int *idx = malloc(((size_t)group->size + 1) * sizeof *idx);
    FT_CHECK_ARG(idx, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    int k = 0, rc = expand_ranges(fn, group, n, ranges, idx, &k);
    struct ft_group *g = NULL;
    if (rc == 0) {
        rc = incl ? ft_group_incl(group, k, idx, ft_api_eng->self, &g)
                  : ft_group_excl(group, k, idx, ft_api_eng->self, &g);
        rc = ft_api_ret(NULL, rc, fn);
    }
    free(idx);
    if (rc == 0)
        *newgroup = g;
    return rc;
}

int PMPI_Group_range_incl(MPI_Group group, int n, int ranges[][3],
                          MPI_Group *newgroup)
{
    return range("MPI_Group_range_incl", group, n, ranges, newgroup, true);
}

int PMPI_Group_range_excl(MPI_Group group, int n, int ranges[][3],
                          MPI_Group *newgroup)
{
    return range("MPI_Group_range_excl", group, n, ranges, newgroup, false);
}

int PMPI_Group_free(MPI_Group *group)
{
    static const char fn[] = "MPI_Group_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(group, NULL, MPI_ERR_ARG, fn, "group is NULL");
    CHECK_GROUP(*group, "group", fn);
    /* MPI_GROUP_EMPTY comes back from group operations like any group, so
     * freeing it is allowed (as in MPICH and Open MPI): only the handle
     * changes. */
    ft_group_release(*group);
    *group = MPI_GROUP_NULL;
    return MPI_SUCCESS;
}

int PMPI_Comm_group(MPI_Comm comm, MPI_Group *group)
{
    static const char fn[] = "MPI_Comm_group";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(group, comm, MPI_ERR_ARG, fn, "group is NULL");
    ft_group_retain(comm->group);
    *group = comm->group;
    return MPI_SUCCESS;
}

int PMPI_Comm_remote_group(MPI_Comm comm, MPI_Group *group)
{
    static const char fn[] = "MPI_Comm_remote_group";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "comm is not an intercommunicator");
    FT_CHECK_ARG(group, comm, MPI_ERR_ARG, fn, "group is NULL");
    ft_group_retain(comm->rgroup);
    *group = comm->rgroup;
    return MPI_SUCCESS;
}
