/*
 * datatype.c -- derived datatypes (MPI 3.1 chapter 4): constructors,
 * commit and free, the queries, addresses, and MPI_Pack/MPI_Unpack in the
 * native and the "external32" representation.
 *
 * Every constructor checks its arguments, writes them as the envelope
 * MPI_Type_get_contents will return, and hands that to ft_dt_create, which
 * builds the layout.  Datatype errors have no communicator: they go to
 * MPI_COMM_WORLD's error handler (MPI_Pack and MPI_Unpack use their comm).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attr.h"
#include "mpi/api.h"

#pragma weak MPI_Type_contiguous = PMPI_Type_contiguous
#pragma weak MPI_Type_vector = PMPI_Type_vector
#pragma weak MPI_Type_create_hvector = PMPI_Type_create_hvector
#pragma weak MPI_Type_hvector = PMPI_Type_hvector
#pragma weak MPI_Type_indexed = PMPI_Type_indexed
#pragma weak MPI_Type_create_hindexed = PMPI_Type_create_hindexed
#pragma weak MPI_Type_hindexed = PMPI_Type_hindexed
#pragma weak MPI_Type_create_indexed_block = PMPI_Type_create_indexed_block
#pragma weak MPI_Type_create_hindexed_block = PMPI_Type_create_hindexed_block
#pragma weak MPI_Type_create_struct = PMPI_Type_create_struct
#pragma weak MPI_Type_struct = PMPI_Type_struct
#pragma weak MPI_Type_create_subarray = PMPI_Type_create_subarray
#pragma weak MPI_Type_create_darray = PMPI_Type_create_darray
#pragma weak MPI_Type_create_resized = PMPI_Type_create_resized
#pragma weak MPI_Type_dup = PMPI_Type_dup
#pragma weak MPI_Type_commit = PMPI_Type_commit
#pragma weak MPI_Type_free = PMPI_Type_free
#pragma weak MPI_Type_size = PMPI_Type_size
#pragma weak MPI_Type_size_x = PMPI_Type_size_x
#pragma weak MPI_Type_get_extent = PMPI_Type_get_extent
#pragma weak MPI_Type_get_extent_x = PMPI_Type_get_extent_x
#pragma weak MPI_Type_get_true_extent = PMPI_Type_get_true_extent
#pragma weak MPI_Type_get_true_extent_x = PMPI_Type_get_true_extent_x
#pragma weak MPI_Type_extent = PMPI_Type_extent
#pragma weak MPI_Type_lb = PMPI_Type_lb
#pragma weak MPI_Type_ub = PMPI_Type_ub
#pragma weak MPI_Type_get_envelope = PMPI_Type_get_envelope
#pragma weak MPI_Type_get_contents = PMPI_Type_get_contents
#pragma weak MPI_Type_set_name = PMPI_Type_set_name
#pragma weak MPI_Type_get_name = PMPI_Type_get_name
#pragma weak MPI_Type_match_size = PMPI_Type_match_size
#pragma weak MPI_Get_address = PMPI_Get_address
#pragma weak MPI_Address = PMPI_Address
#pragma weak MPI_Aint_add = PMPI_Aint_add
#pragma weak MPI_Aint_diff = PMPI_Aint_diff
#pragma weak MPI_Pack = PMPI_Pack
#pragma weak MPI_Unpack = PMPI_Unpack
#pragma weak MPI_Pack_size = PMPI_Pack_size
#pragma weak MPI_Pack_external = PMPI_Pack_external
#pragma weak MPI_Unpack_external = PMPI_Unpack_external
#pragma weak MPI_Pack_external_size = PMPI_Pack_external_size

#define CHECK_TYPE(t, fn, name)                                               \
    FT_CHECK_ARG(ft_api_type_ok(t), NULL, MPI_ERR_TYPE, fn,                   \
                 "invalid datatype (argument %s)", name)
#define CHECK_COUNT(c, fn, name)                                              \
    FT_CHECK_ARG((c) >= 0, NULL, MPI_ERR_COUNT, fn,                           \
                 "negative %s %d", name, c)
#define CHECK_PTR(p, fn, name)                                                \
    FT_CHECK_ARG(p, NULL, MPI_ERR_ARG, fn, "%s is NULL", name)

/* Builds the type from its envelope and stores it in *newtype. */
static int create(const char *fn, int combiner, int nints, const int *ints,
                  int naints, const MPI_Aint *aints, int ntypes,
                  const MPI_Datatype *types, MPI_Datatype *newtype)
{
    struct ft_datatype *t;
    int rc = ft_dt_create(combiner, nints, ints, naints, aints, ntypes,
                          (struct ft_datatype *const *)types, &t);
    if (rc == -EOVERFLOW)
        return ft_api_err(NULL, MPI_ERR_ARG, fn,
                          "the new type's size or bounds would not fit in an "
                          "MPI_Aint");
    if (rc == -ENOMEM)
        return ft_api_err(NULL, MPI_ERR_NO_MEM, fn,
                          "out of memory, or a layout of more than %zu "
                          "separate runs of bytes",
                          FT_DT_MAX_RUNS);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *newtype = t;
    return MPI_SUCCESS;
}

/* Checks blocklengths: none negative; the array is there if count > 0. */
static int check_blocklens(const char *fn, int count, const int *bl)
{
    if (count > 0 && !bl)
        return ft_api_err(NULL, MPI_ERR_ARG, fn,
                          "array_of_blocklengths is NULL");
    for (int i = 0; i < count; i++)
        if (bl[i] < 0)
            return ft_api_err(NULL, MPI_ERR_ARG, fn,
                              "array_of_blocklengths[%d] = %d is negative", i,
                              bl[i]);
    return 0;
}

static int *alloc_ints(size_t n)
{
    return n > INT_MAX ? NULL : malloc(n * sizeof(int));
}

/* The envelope's ints array: count, then the arrays a and b (each count
 * long; b may be NULL).  NULL when out of memory or too long for an int
 * count, which the caller reports. */
static int *envelope_ints(int count, const int *a, const int *b, int *nints)
{
    size_t n = 1 + (size_t)count * (b ? 2 : 1);
    int *ints = alloc_ints(n);
    if (!ints)
        return NULL;
    ints[0] = count;
    if (count)
        memcpy(ints + 1, a, (size_t)count * sizeof(int));
    if (b && count)
        memcpy(ints + 1 + count, b, (size_t)count * sizeof(int));
    *nints = (int)n;
    return ints;
}

/* ---- constructors ----------------------------------------------------- */

int PMPI_Type_contiguous(int count, MPI_Datatype oldtype,
                         MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_contiguous";
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    return create(fn, MPI_COMBINER_CONTIGUOUS, 1, &count, 0, NULL, 1,
                  &oldtype, newtype);
}

int PMPI_Type_vector(int count, int blocklength, int stride,
                     MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_vector";
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    FT_CHECK_ARG(blocklength >= 0, NULL, MPI_ERR_ARG, fn,
                 "negative blocklength %d", blocklength);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    int ints[3] = {count, blocklength, stride};
    return create(fn, MPI_COMBINER_VECTOR, 3, ints, 0, NULL, 1, &oldtype,
                  newtype);
}

static int hvector(const char *fn, int count, int blocklength,
                   MPI_Aint stride, MPI_Datatype oldtype,
                   MPI_Datatype *newtype)
{
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    FT_CHECK_ARG(blocklength >= 0, NULL, MPI_ERR_ARG, fn,
                 "negative blocklength %d", blocklength);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    int ints[2] = {count, blocklength};
    return create(fn, MPI_COMBINER_HVECTOR, 2, ints, 1, &stride, 1, &oldtype,
                  newtype);
}

int PMPI_Type_create_hvector(int count, int blocklength, MPI_Aint stride,
                             MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return hvector("MPI_Type_create_hvector", count, blocklength, stride,
                   oldtype, newtype);
}

int PMPI_Type_hvector(int count, int blocklength, MPI_Aint stride,
                      MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return hvector("MPI_Type_hvector", count, blocklength, stride, oldtype,
                   newtype);
}

int PMPI_Type_indexed(int count, const int array_of_blocklengths[],
                      const int array_of_displacements[],
                      MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_indexed";
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    int rc = check_blocklens(fn, count, array_of_blocklengths);
    if (rc)
        return rc;
    FT_CHECK_ARG(count == 0 || array_of_displacements, NULL, MPI_ERR_ARG, fn,
                 "array_of_displacements is NULL");
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    int nints;
    int *ints = envelope_ints(count, array_of_blocklengths,
                              array_of_displacements, &nints);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory (or count too large)");
    rc = create(fn, MPI_COMBINER_INDEXED, nints, ints, 0, NULL, 1, &oldtype,
                newtype);
    free(ints);
    return rc;
}

static int hindexed(const char *fn, int count, const int *blocklens,
                    const MPI_Aint *disps, MPI_Datatype oldtype,
                    MPI_Datatype *newtype)
{
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    int rc = check_blocklens(fn, count, blocklens);
    if (rc)
        return rc;
    FT_CHECK_ARG(count == 0 || disps, NULL, MPI_ERR_ARG, fn,
                 "array_of_displacements is NULL");
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    int nints;
    int *ints = envelope_ints(count, blocklens, NULL, &nints);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    rc = create(fn, MPI_COMBINER_HINDEXED, nints, ints, count, disps, 1,
                &oldtype, newtype);
    free(ints);
    return rc;
}

int PMPI_Type_create_hindexed(int count, const int array_of_blocklengths[],
                              const MPI_Aint array_of_displacements[],
                              MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return hindexed("MPI_Type_create_hindexed", count, array_of_blocklengths,
                    array_of_displacements, oldtype, newtype);
}

int PMPI_Type_hindexed(int count, int array_of_blocklengths[],
                       MPI_Aint array_of_displacements[],
                       MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return hindexed("MPI_Type_hindexed", count, array_of_blocklengths,
                    array_of_displacements, oldtype, newtype);
}

int PMPI_Type_create_indexed_block(int count, int blocklength,
                                   const int array_of_displacements[],
                                   MPI_Datatype oldtype,
                                   MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_indexed_block";
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    FT_CHECK_ARG(count <= INT_MAX - 2, NULL, MPI_ERR_COUNT, fn,
                 "count %d is too large", count);
    FT_CHECK_ARG(blocklength >= 0, NULL, MPI_ERR_ARG, fn,
                 "negative blocklength %d", blocklength);
    FT_CHECK_ARG(count == 0 || array_of_displacements, NULL, MPI_ERR_ARG, fn,
                 "array_of_displacements is NULL");
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    /* ints = {count, blocklength, displacements...} */
    int *ints = alloc_ints((size_t)count + 2);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    ints[0] = count;
    ints[1] = blocklength;
    for (int i = 0; i < count; i++)
        ints[2 + i] = array_of_displacements[i];
    int rc = create(fn, MPI_COMBINER_INDEXED_BLOCK, count + 2, ints, 0, NULL,
                    1, &oldtype, newtype);
    free(ints);
    return rc;
}

int PMPI_Type_create_hindexed_block(int count, int blocklength,
                                    const MPI_Aint array_of_displacements[],
                                    MPI_Datatype oldtype,
                                    MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_hindexed_block";
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    FT_CHECK_ARG(blocklength >= 0, NULL, MPI_ERR_ARG, fn,
                 "negative blocklength %d", blocklength);
    FT_CHECK_ARG(count == 0 || array_of_displacements, NULL, MPI_ERR_ARG, fn,
                 "array_of_displacements is NULL");
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    int ints[2] = {count, blocklength};
    return create(fn, MPI_COMBINER_HINDEXED_BLOCK, 2, ints, count,
                  array_of_displacements, 1, &oldtype, newtype);
}

static int create_struct(const char *fn, int count, const int *blocklens,
                         const MPI_Aint *disps, const MPI_Datatype *types,
                         MPI_Datatype *newtype)
{
    FT_CHECK_READY(fn);
    CHECK_COUNT(count, fn, "count");
    int rc = check_blocklens(fn, count, blocklens);
    if (rc)
        return rc;
    FT_CHECK_ARG(count == 0 || disps, NULL, MPI_ERR_ARG, fn,
                 "array_of_displacements is NULL");
    FT_CHECK_ARG(count == 0 || types, NULL, MPI_ERR_ARG, fn,
                 "array_of_types is NULL");
    for (int i = 0; i < count; i++)
        FT_CHECK_ARG(ft_api_type_ok(types[i]), NULL, MPI_ERR_TYPE, fn,
                     "invalid datatype (argument array_of_types[%d])", i);
    CHECK_PTR(newtype, fn, "newtype");
    int nints;
    int *ints = envelope_ints(count, blocklens, NULL, &nints);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    rc = create(fn, MPI_COMBINER_STRUCT, nints, ints, count, disps, count,
                types, newtype);
    free(ints);
    return rc;
}

int PMPI_Type_create_struct(int count, const int array_of_blocklengths[],
                            const MPI_Aint array_of_displacements[],
                            const MPI_Datatype array_of_types[],
                            MPI_Datatype *newtype)
{
    return create_struct("MPI_Type_create_struct", count,
                         array_of_blocklengths, array_of_displacements,
                         array_of_types, newtype);
}

int PMPI_Type_struct(int count, int array_of_blocklengths[],
                     MPI_Aint array_of_displacements[],
                     MPI_Datatype array_of_types[], MPI_Datatype *newtype)
{
    return create_struct("MPI_Type_struct", count, array_of_blocklengths,
                         array_of_displacements, array_of_types, newtype);
}

int PMPI_Type_create_subarray(int ndims, const int array_of_sizes[],
                              const int array_of_subsizes[],
                              const int array_of_starts[], int order,
                              MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_subarray";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ndims > 0 && ndims <= (INT_MAX - 2) / 3, NULL, MPI_ERR_ARG,
                 fn, "ndims = %d: must be positive", ndims);
    FT_CHECK_ARG(array_of_sizes && array_of_subsizes && array_of_starts, NULL,
                 MPI_ERR_ARG, fn,
                 "array_of_sizes, array_of_subsizes or array_of_starts is "
                 "NULL");
    for (int d = 0; d < ndims; d++) {
        int sz = array_of_sizes[d], sub = array_of_subsizes[d],
            st = array_of_starts[d];
        FT_CHECK_ARG(sz > 0, NULL, MPI_ERR_ARG, fn,
                     "array_of_sizes[%d] = %d: must be positive", d, sz);
        FT_CHECK_ARG(sub > 0 && sub <= sz, NULL, MPI_ERR_ARG, fn,
                     "array_of_subsizes[%d] = %d: must be in 1..%d", d, sub,
                     sz);
        FT_CHECK_ARG(st >= 0 && st <= sz - sub, NULL, MPI_ERR_ARG, fn,
                     "array_of_starts[%d] = %d: must be in 0..%d", d, st,
                     sz - sub);
    }
    FT_CHECK_ARG(order == MPI_ORDER_C || order == MPI_ORDER_FORTRAN, NULL,
                 MPI_ERR_ARG, fn,
                 "order = %d: use MPI_ORDER_C or MPI_ORDER_FORTRAN", order);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    /* ints = {ndims, sizes..., subsizes..., starts..., order} */
    int nints = 3 * ndims + 2;
    int *ints = alloc_ints((size_t)nints);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    ints[0] = ndims;
    for (int d = 0; d < ndims; d++) {
        ints[1 + d] = array_of_sizes[d];
        ints[1 + ndims + d] = array_of_subsizes[d];
        ints[1 + 2 * ndims + d] = array_of_starts[d];
    }
    ints[1 + 3 * ndims] = order;
    int rc = create(fn, MPI_COMBINER_SUBARRAY, nints, ints, 0, NULL, 1,
                    &oldtype, newtype);
    free(ints);
    return rc;
}

int PMPI_Type_create_darray(int size, int rank, int ndims,
                            const int array_of_gsizes[],
                            const int array_of_distribs[],
                            const int array_of_dargs[],
                            const int array_of_psizes[], int order,
                            MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_darray";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(size > 0, NULL, MPI_ERR_ARG, fn,
                 "size = %d: must be positive", size);
    FT_CHECK_ARG(rank >= 0 && rank < size, NULL, MPI_ERR_RANK, fn,
                 "rank = %d: must be in 0..%d", rank, size - 1);
    FT_CHECK_ARG(ndims > 0 && ndims <= (INT_MAX - 4) / 4, NULL, MPI_ERR_ARG,
                 fn, "ndims = %d: must be positive", ndims);
    FT_CHECK_ARG(array_of_gsizes && array_of_distribs && array_of_dargs &&
                     array_of_psizes,
                 NULL, MPI_ERR_ARG, fn,
                 "array_of_gsizes, array_of_distribs, array_of_dargs or "
                 "array_of_psizes is NULL");
    long long grid = 1;
    for (int d = 0; d < ndims; d++) {
        int gs = array_of_gsizes[d], dist = array_of_distribs[d],
            darg = array_of_dargs[d], ps = array_of_psizes[d];
        FT_CHECK_ARG(gs > 0, NULL, MPI_ERR_ARG, fn,
                     "array_of_gsizes[%d] = %d: must be positive", d, gs);
        FT_CHECK_ARG(ps > 0, NULL, MPI_ERR_ARG, fn,
                     "array_of_psizes[%d] = %d: must be positive", d, ps);
        FT_CHECK_ARG(dist == MPI_DISTRIBUTE_BLOCK ||
                         dist == MPI_DISTRIBUTE_CYCLIC ||
                         dist == MPI_DISTRIBUTE_NONE,
                     NULL, MPI_ERR_ARG, fn,
                     "array_of_distribs[%d] = %d: use MPI_DISTRIBUTE_BLOCK, "
                     "_CYCLIC or _NONE", d, dist);
        FT_CHECK_ARG(dist != MPI_DISTRIBUTE_NONE || ps == 1, NULL,
                     MPI_ERR_ARG, fn,
                     "array_of_psizes[%d] = %d: a dimension that is not "
                     "distributed needs 1 process", d, ps);
        FT_CHECK_ARG(dist == MPI_DISTRIBUTE_NONE ||
                         darg == MPI_DISTRIBUTE_DFLT_DARG || darg > 0,
                     NULL, MPI_ERR_ARG, fn,
                     "array_of_dargs[%d] = %d: must be positive or "
                     "MPI_DISTRIBUTE_DFLT_DARG", d, darg);
        FT_CHECK_ARG(dist != MPI_DISTRIBUTE_BLOCK ||
                         darg == MPI_DISTRIBUTE_DFLT_DARG ||
                         (long long)darg * ps >= gs,
                     NULL, MPI_ERR_ARG, fn,
                     "array_of_dargs[%d] = %d: %d blocks of it do not cover "
                     "the %d elements of the dimension", d, darg, ps, gs);
        grid *= ps;
        FT_CHECK_ARG(grid <= size, NULL, MPI_ERR_ARG, fn,
                     "the process grid (array_of_psizes) has more than size "
                     "= %d processes", size);
    }
    FT_CHECK_ARG(grid == size, NULL, MPI_ERR_ARG, fn,
                 "the process grid (array_of_psizes) has %lld processes, "
                 "size is %d", grid, size);
    FT_CHECK_ARG(order == MPI_ORDER_C || order == MPI_ORDER_FORTRAN, NULL,
                 MPI_ERR_ARG, fn,
                 "order = %d: use MPI_ORDER_C or MPI_ORDER_FORTRAN", order);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    /* ints = {size, rank, ndims, gsizes..., distribs..., dargs...,
     * psizes..., order} */
    int nints = 4 * ndims + 4;
    int *ints = alloc_ints((size_t)nints);
    FT_CHECK_ARG(ints, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    ints[0] = size;
    ints[1] = rank;
    ints[2] = ndims;
    for (int d = 0; d < ndims; d++) {
        ints[3 + d] = array_of_gsizes[d];
        ints[3 + ndims + d] = array_of_distribs[d];
        ints[3 + 2 * ndims + d] = array_of_dargs[d];
        ints[3 + 3 * ndims + d] = array_of_psizes[d];
    }
    ints[3 + 4 * ndims] = order;
    int rc = create(fn, MPI_COMBINER_DARRAY, nints, ints, 0, NULL, 1,
                    &oldtype, newtype);
    free(ints);
    return rc;
}

int PMPI_Type_create_resized(MPI_Datatype oldtype, MPI_Aint lb,
                             MPI_Aint extent, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_resized";
    FT_CHECK_READY(fn);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    MPI_Aint aints[2] = {lb, extent};
    return create(fn, MPI_COMBINER_RESIZED, 0, NULL, 2, aints, 1, &oldtype,
                  newtype);
}

int PMPI_Type_dup(MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_dup";
    FT_CHECK_READY(fn);
    CHECK_TYPE(oldtype, fn, "oldtype");
    CHECK_PTR(newtype, fn, "newtype");
    MPI_Datatype t;
    int rc = create(fn, MPI_COMBINER_DUP, 0, NULL, 0, NULL, 1, &oldtype, &t);
    if (rc)
        return rc;
    rc = ft_attr_copy_all(oldtype->attrs, oldtype, FT_ATTR_TYPE, &t->attrs,
                          t);
    if (rc) {
        ft_dt_release(t);
        return ft_api_ret(NULL, rc, fn);
    }
    *newtype = t;
    return MPI_SUCCESS;
}

/* ---- commit and free -------------------------------------------------- */

int PMPI_Type_commit(MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_commit";
    FT_CHECK_READY(fn);
    CHECK_PTR(datatype, fn, "datatype");
    CHECK_TYPE(*datatype, fn, "datatype");
    (*datatype)->flags |= FT_DT_COMMITTED;
    return MPI_SUCCESS;
}

int PMPI_Type_free(MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_free";
    FT_CHECK_READY(fn);
    CHECK_PTR(datatype, fn, "datatype");
    MPI_Datatype t = *datatype;
    CHECK_TYPE(t, fn, "datatype");
    FT_CHECK_ARG(!(t->flags & FT_DT_PREDEF), NULL, MPI_ERR_TYPE, fn,
                 "%s is predefined and cannot be freed", t->name);
    /* The last reference: delete the attributes now, so a delete callback
     * that fails can stop the free.  Otherwise a pending operation or a
     * type built from it still uses it, and they go when it does. */
    if (t->refcount == 1 && t->attrs) {
        int rc = ft_attr_delete_all(&t->attrs, t, FT_ATTR_TYPE);
        if (rc)
            return ft_api_ret(NULL, rc, fn);
    }
    ft_dt_release(t);
    *datatype = MPI_DATATYPE_NULL;
    return MPI_SUCCESS;
}

/* ---- queries ---------------------------------------------------------- */

int PMPI_Type_size_x(MPI_Datatype datatype, MPI_Count *size)
{
    static const char fn[] = "MPI_Type_size_x";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(size, fn, "size");
    *size = (MPI_Count)datatype->size;
    return MPI_SUCCESS;
}

int PMPI_Type_size(MPI_Datatype datatype, int *size)
{
    static const char fn[] = "MPI_Type_size";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(size, fn, "size");
    *size = datatype->size > INT_MAX ? MPI_UNDEFINED : (int)datatype->size;
    return MPI_SUCCESS;
}

int PMPI_Type_get_extent(MPI_Datatype datatype, MPI_Aint *lb,
                         MPI_Aint *extent)
{
    static const char fn[] = "MPI_Type_get_extent";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(lb && extent, NULL, MPI_ERR_ARG, fn, "lb or extent is NULL");
    *lb = datatype->lb;
    *extent = datatype->ub - datatype->lb;
    return MPI_SUCCESS;
}

int PMPI_Type_get_extent_x(MPI_Datatype datatype, MPI_Count *lb,
                           MPI_Count *extent)
{
    static const char fn[] = "MPI_Type_get_extent_x";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(lb && extent, NULL, MPI_ERR_ARG, fn, "lb or extent is NULL");
    *lb = datatype->lb;
    *extent = datatype->ub - datatype->lb;
    return MPI_SUCCESS;
}

int PMPI_Type_get_true_extent(MPI_Datatype datatype, MPI_Aint *true_lb,
                              MPI_Aint *true_extent)
{
    static const char fn[] = "MPI_Type_get_true_extent";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(true_lb && true_extent, NULL, MPI_ERR_ARG, fn,
                 "true_lb or true_extent is NULL");
    *true_lb = datatype->true_lb;
    *true_extent = datatype->true_ub - datatype->true_lb;
    return MPI_SUCCESS;
}

int PMPI_Type_get_true_extent_x(MPI_Datatype datatype, MPI_Count *true_lb,
                                MPI_Count *true_extent)
{
    static const char fn[] = "MPI_Type_get_true_extent_x";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(true_lb && true_extent, NULL, MPI_ERR_ARG, fn,
                 "true_lb or true_extent is NULL");
    *true_lb = datatype->true_lb;
    *true_extent = datatype->true_ub - datatype->true_lb;
    return MPI_SUCCESS;
}

int PMPI_Type_extent(MPI_Datatype datatype, MPI_Aint *extent)
{
    static const char fn[] = "MPI_Type_extent";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(extent, fn, "extent");
    *extent = datatype->ub - datatype->lb;
    return MPI_SUCCESS;
}

int PMPI_Type_lb(MPI_Datatype datatype, MPI_Aint *displacement)
{
    static const char fn[] = "MPI_Type_lb";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(displacement, fn, "displacement");
    *displacement = datatype->lb;
    return MPI_SUCCESS;
}

int PMPI_Type_ub(MPI_Datatype datatype, MPI_Aint *displacement)
{
    static const char fn[] = "MPI_Type_ub";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(displacement, fn, "displacement");
    *displacement = datatype->ub;
    return MPI_SUCCESS;
}

int PMPI_Type_get_envelope(MPI_Datatype datatype, int *num_integers,
                           int *num_addresses, int *num_datatypes,
                           int *combiner)
{
    static const char fn[] = "MPI_Type_get_envelope";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(num_integers && num_addresses && num_datatypes && combiner,
                 NULL, MPI_ERR_ARG, fn,
                 "num_integers, num_addresses, num_datatypes or combiner is "
                 "NULL");
    *num_integers = datatype->nints;
    *num_addresses = datatype->naints;
    *num_datatypes = datatype->ntypes;
    *combiner = datatype->combiner;
    return MPI_SUCCESS;
}

int PMPI_Type_get_contents(MPI_Datatype datatype, int max_integers,
                           int max_addresses, int max_datatypes,
                           int array_of_integers[],
                           MPI_Aint array_of_addresses[],
                           MPI_Datatype array_of_datatypes[])
{
    static const char fn[] = "MPI_Type_get_contents";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    MPI_Datatype t = datatype;
    FT_CHECK_ARG(t->combiner != MPI_COMBINER_NAMED, NULL, MPI_ERR_ARG, fn,
                 "%s is a named predefined type: it has no contents",
                 t->name);
    FT_CHECK_ARG(max_integers >= t->nints && max_addresses >= t->naints &&
                     max_datatypes >= t->ntypes,
                 NULL, MPI_ERR_ARG, fn,
                 "arrays too small: the type has %d integers, %d addresses "
                 "and %d datatypes (see MPI_Type_get_envelope)",
                 t->nints, t->naints, t->ntypes);
    FT_CHECK_ARG((t->nints == 0 || array_of_integers) &&
                     (t->naints == 0 || array_of_addresses) &&
                     (t->ntypes == 0 || array_of_datatypes),
                 NULL, MPI_ERR_ARG, fn, "an output array is NULL");
    if (t->nints)
        memcpy(array_of_integers, t->ints, (size_t)t->nints * sizeof(int));
    if (t->naints)
        memcpy(array_of_addresses, t->aints,
               (size_t)t->naints * sizeof(MPI_Aint));
    /* Derived types come back as new handles the caller frees. */
    for (int i = 0; i < t->ntypes; i++) {
        ft_dt_retain(t->types[i]);
        array_of_datatypes[i] = t->types[i];
    }
    return MPI_SUCCESS;
}

int PMPI_Type_set_name(MPI_Datatype datatype, const char *type_name)
{
    static const char fn[] = "MPI_Type_set_name";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(type_name, fn, "type_name");
    snprintf(datatype->name, sizeof datatype->name, "%s", type_name);
    return MPI_SUCCESS;
}

int PMPI_Type_get_name(MPI_Datatype datatype, char *type_name, int *resultlen)
{
    static const char fn[] = "MPI_Type_get_name";
    FT_CHECK_READY(fn);
    CHECK_TYPE(datatype, fn, "datatype");
    FT_CHECK_ARG(type_name && resultlen, NULL, MPI_ERR_ARG, fn,
                 "type_name or resultlen is NULL");
    strcpy(type_name, datatype->name);
    *resultlen = (int)strlen(type_name);
    return MPI_SUCCESS;
}

int PMPI_Type_match_size(int typeclass, int size, MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_match_size";
    /* The first type of the class with that size wins: the Fortran names
     * first (the function exists for Fortran's KIND types), then C's. */
    static const enum ft_basic integers[] = {
        FT_B_INTEGER, FT_B_INT8, FT_B_INT16, FT_B_INT32, FT_B_INT64};
    static const enum ft_basic reals[] = {FT_B_REAL, FT_B_DPREC, FT_B_FLOAT,
                                          FT_B_DOUBLE, FT_B_LDOUBLE};
    static const enum ft_basic complexes[] = {
        FT_B_COMPLEX, FT_B_DCOMPLEX, FT_B_CFLOAT, FT_B_CDOUBLE,
        FT_B_CLDOUBLE};
    FT_CHECK_READY(fn);
    CHECK_PTR(datatype, fn, "datatype");
    const enum ft_basic *list;
    size_t n;
    switch (typeclass) {
    case MPI_TYPECLASS_INTEGER:
        list = integers;
        n = sizeof integers / sizeof integers[0];
        break;
    case MPI_TYPECLASS_REAL:
        list = reals;
        n = sizeof reals / sizeof reals[0];
        break;
    case MPI_TYPECLASS_COMPLEX:
        list = complexes;
        n = sizeof complexes / sizeof complexes[0];
        break;
    default:
        return ft_api_err(NULL, MPI_ERR_ARG, fn,
                          "typeclass = %d: use MPI_TYPECLASS_INTEGER, _REAL "
                          "or _COMPLEX",
                          typeclass);
    }
    for (size_t i = 0; i < n; i++) {
        if (size > 0 && ft_basic_size(list[i]) == (size_t)size) {
            *datatype = ft_dt_basic_type(list[i]);
            return MPI_SUCCESS;
        }
    }
    return ft_api_err(NULL, MPI_ERR_ARG, fn,
                      "no predefined type of this class has size %d", size);
}

/* ---- addresses -------------------------------------------------------- */

int PMPI_Get_address(const void *location, MPI_Aint *address)
{
    static const char fn[] = "MPI_Get_address";
    FT_CHECK_READY(fn);
    CHECK_PTR(address, fn, "address");
    *address = (MPI_Aint)(uintptr_t)location;
    return MPI_SUCCESS;
}

int PMPI_Address(void *location, MPI_Aint *address)
{
    static const char fn[] = "MPI_Address";
    FT_CHECK_READY(fn);
    CHECK_PTR(address, fn, "address");
    *address = (MPI_Aint)(uintptr_t)location;
    return MPI_SUCCESS;
}

/* Address arithmetic wraps like the machine's: no error is possible. */
MPI_Aint PMPI_Aint_add(MPI_Aint base, MPI_Aint disp)
{
    return (MPI_Aint)((uintptr_t)base + (uintptr_t)disp);
}

MPI_Aint PMPI_Aint_diff(MPI_Aint addr1, MPI_Aint addr2)
{
    return (MPI_Aint)((uintptr_t)addr1 - (uintptr_t)addr2);
}

/* ---- packing ---------------------------------------------------------- */

int PMPI_Pack_size(int incount, MPI_Datatype datatype, MPI_Comm comm,
                   int *size)
{
    static const char fn[] = "MPI_Pack_size";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(incount >= 0, comm, MPI_ERR_COUNT, fn,
                 "negative incount %d", incount);
    FT_CHECK_ARG(ft_api_type_ok(datatype), comm, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    FT_CHECK_ARG(size, comm, MPI_ERR_ARG, fn, "size is NULL");
    size_t bytes = 0;
    FT_CHECK_ARG(!__builtin_mul_overflow((size_t)incount, datatype->size,
                                         &bytes) &&
                     bytes <= INT_MAX,
                 comm, MPI_ERR_COUNT, fn,
                 "%d elements of %zu bytes do not fit in an int", incount,
                 datatype->size);
    *size = (int)bytes;
    return MPI_SUCCESS;
}

int PMPI_Pack(const void *inbuf, int incount, MPI_Datatype datatype,
              void *outbuf, int outsize, int *position, MPI_Comm comm)
{
    static const char fn[] = "MPI_Pack";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = ft_api_check_buf(comm, fn, inbuf, incount, datatype, "inbuf");
    if (rc)
        return rc;
    FT_CHECK_ARG(position, comm, MPI_ERR_ARG, fn, "position is NULL");
    FT_CHECK_ARG(outsize >= 0, comm, MPI_ERR_ARG, fn, "negative outsize %d",
                 outsize);
    FT_CHECK_ARG(*position >= 0 && *position <= outsize, comm, MPI_ERR_ARG,
                 fn, "*position = %d is outside the buffer of %d bytes",
                 *position, outsize);
    size_t bytes = (size_t)incount * datatype->size;
    FT_CHECK_ARG(bytes <= (size_t)(outsize - *position), comm,
                 MPI_ERR_TRUNCATE, fn,
                 "%zu bytes to pack, %d left in outbuf", bytes,
                 outsize - *position);
    FT_CHECK_ARG(outbuf || bytes == 0, comm, MPI_ERR_BUFFER, fn,
                 "outbuf is NULL");
    ft_dt_pack(datatype, inbuf, (size_t)incount, 0,
               (char *)outbuf + *position, bytes);
    *position += (int)bytes;
    return MPI_SUCCESS;
}

int PMPI_Unpack(const void *inbuf, int insize, int *position, void *outbuf,
                int outcount, MPI_Datatype datatype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Unpack";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = ft_api_check_buf(comm, fn, outbuf, outcount, datatype, "outbuf");
    if (rc)
        return rc;
    FT_CHECK_ARG(position, comm, MPI_ERR_ARG, fn, "position is NULL");
    FT_CHECK_ARG(insize >= 0, comm, MPI_ERR_ARG, fn, "negative insize %d",
                 insize);
    FT_CHECK_ARG(*position >= 0 && *position <= insize, comm, MPI_ERR_ARG,
                 fn, "*position = %d is outside the buffer of %d bytes",
                 *position, insize);
    size_t bytes = (size_t)outcount * datatype->size;
    FT_CHECK_ARG(bytes <= (size_t)(insize - *position), comm,
                 MPI_ERR_TRUNCATE, fn,
                 "%zu bytes to unpack, %d left in inbuf", bytes,
                 insize - *position);
    FT_CHECK_ARG(inbuf || bytes == 0, comm, MPI_ERR_BUFFER, fn,
                 "inbuf is NULL");
    ft_dt_unpack(datatype, outbuf, (size_t)outcount, 0,
                 (const char *)inbuf + *position, bytes);
    *position += (int)bytes;
    return MPI_SUCCESS;
}

static bool is_external32(const char *datarep)
{
    return datarep && strcmp(datarep, "external32") == 0;
}

/* The external32 size of count elements of dt, or an error raised. */
static int ext_bytes(const char *fn, MPI_Datatype dt, int count,
                     size_t *bytes)
{
    size_t one;
    if (ft_dt_ext32_size(dt, &one) ||
        __builtin_mul_overflow(one, (size_t)count, bytes) ||
        *bytes > PTRDIFF_MAX)
        return ft_api_err(NULL, MPI_ERR_ARG, fn,
                          "%d elements would not fit in an MPI_Aint", count);
    return 0;
}

/* Raises a conversion failure. */
static int ext_error(const char *fn, int rc)
{
    if (rc == -ERANGE)
        return ft_api_err(NULL, MPI_ERR_CONVERSION, fn,
                          "a value does not fit its size in external32 (or "
                          "natively)");
    if (rc == -ENOTSUP)
        return ft_api_err(NULL, MPI_ERR_CONVERSION, fn,
                          "this machine's long double has no external32 "
                          "conversion");
    return ft_api_ret(NULL, rc, fn);
}

int PMPI_Pack_external_size(const char datarep[], int incount,
                            MPI_Datatype datatype, MPI_Aint *size)
{
    static const char fn[] = "MPI_Pack_external_size";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(is_external32(datarep), NULL, MPI_ERR_ARG, fn,
                 "datarep must be \"external32\"");
    CHECK_COUNT(incount, fn, "incount");
    CHECK_TYPE(datatype, fn, "datatype");
    CHECK_PTR(size, fn, "size");
    size_t bytes = 0;
    int rc = ext_bytes(fn, datatype, incount, &bytes);
    if (rc)
        return rc;
    *size = (MPI_Aint)bytes;
    return MPI_SUCCESS;
}

int PMPI_Pack_external(const char datarep[], const void *inbuf, int incount,
                       MPI_Datatype datatype, void *outbuf, MPI_Aint outsize,
                       MPI_Aint *position)
{
    static const char fn[] = "MPI_Pack_external";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(is_external32(datarep), NULL, MPI_ERR_ARG, fn,
                 "datarep must be \"external32\"");
    int rc = ft_api_check_buf(NULL, fn, inbuf, incount, datatype, "inbuf");
    if (rc)
        return rc;
    CHECK_PTR(position, fn, "position");
    FT_CHECK_ARG(outsize >= 0 && *position >= 0 && *position <= outsize, NULL,
                 MPI_ERR_ARG, fn,
                 "*position = %td is outside the buffer of %td bytes",
                 *position, outsize);
    size_t bytes = 0;
    if ((rc = ext_bytes(fn, datatype, incount, &bytes)))
        return rc;
    FT_CHECK_ARG(bytes <= (size_t)(outsize - *position), NULL,
                 MPI_ERR_TRUNCATE, fn, "%zu bytes to pack, %td left in outbuf",
                 bytes, outsize - *position);
    FT_CHECK_ARG(outbuf || bytes == 0, NULL, MPI_ERR_BUFFER, fn,
                 "outbuf is NULL");
    rc = ft_dt_pack_ext32(datatype, inbuf, (size_t)incount,
                          (char *)outbuf + *position);
    if (rc)
        return ext_error(fn, rc);
    *position += (MPI_Aint)bytes;
    return MPI_SUCCESS;
}

int PMPI_Unpack_external(const char datarep[], const void *inbuf,
                         MPI_Aint insize, MPI_Aint *position, void *outbuf,
                         int outcount, MPI_Datatype datatype)
{
    static const char fn[] = "MPI_Unpack_external";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(is_external32(datarep), NULL, MPI_ERR_ARG, fn,
                 "datarep must be \"external32\"");
    int rc = ft_api_check_buf(NULL, fn, outbuf, outcount, datatype, "outbuf");
    if (rc)
        return rc;
    CHECK_PTR(position, fn, "position");
    FT_CHECK_ARG(insize >= 0 && *position >= 0 && *position <= insize, NULL,
                 MPI_ERR_ARG, fn,
                 "*position = %td is outside the buffer of %td bytes",
                 *position, insize);
    size_t bytes = 0;
    if ((rc = ext_bytes(fn, datatype, outcount, &bytes)))
        return rc;
    FT_CHECK_ARG(bytes <= (size_t)(insize - *position), NULL,
                 MPI_ERR_TRUNCATE, fn,
                 "%zu bytes to unpack, %td left in inbuf", bytes,
                 insize - *position);
    FT_CHECK_ARG(inbuf || bytes == 0, NULL, MPI_ERR_BUFFER, fn,
                 "inbuf is NULL");
    rc = ft_dt_unpack_ext32(datatype, outbuf, (size_t)outcount,
                            (const char *)inbuf + *position);
    if (rc)
        return ext_error(fn, rc);
    *position += (MPI_Aint)bytes;
    return MPI_SUCCESS;
}
