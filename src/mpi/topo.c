/*
 * topo.c -- process topologies (MPI chapter 7): the helpers that need no
 * topology communicator yet.
 */
#include "base/err.h"
#include "core/topo.h"
#include "mpi/api.h"

#pragma weak MPI_Topo_test = PMPI_Topo_test
#pragma weak MPI_Dims_create = PMPI_Dims_create

int PMPI_Topo_test(MPI_Comm comm, int *status)
{
    static const char fn[] = "MPI_Topo_test";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(status, comm, MPI_ERR_ARG, fn, "status is NULL");
    *status = MPI_UNDEFINED; /* no communicator has a topology yet */
    return MPI_SUCCESS;
}

int PMPI_Dims_create(int nnodes, int ndims, int dims[])
{
    static const char fn[] = "MPI_Dims_create";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(nnodes > 0, NULL, MPI_ERR_ARG, fn,
                 "nnodes=%d is not positive", nnodes);
    FT_CHECK_ARG(ndims >= 0, NULL, MPI_ERR_DIMS, fn,
                 "ndims=%d is negative", ndims);
    FT_CHECK_ARG(ndims == 0 || dims, NULL, MPI_ERR_ARG, fn, "dims is NULL");
    for (int i = 0; i < ndims; i++)
        FT_CHECK_ARG(dims[i] >= 0, NULL, MPI_ERR_DIMS, fn,
                     "dims[%d]=%d is negative", i, dims[i]);
    int rc = ft_dims_create(nnodes, ndims, dims);
    FT_CHECK_ARG(rc != -EINVAL, NULL, MPI_ERR_DIMS, fn,
                 "nnodes=%d cannot be the product of dims with the non-zero "
                 "entries given",
                 nnodes);
    return ft_api_ret(NULL, rc, fn);
}
