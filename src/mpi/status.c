/*
 * status.c -- reading and setting what a status says (MPI 3.2.5, 4.1.11,
 * 12.3).  A status holds the number of bytes received; counts in elements
 * are derived from it by walking the datatype's signature.
 */
#include "mpi/api.h"

#pragma weak MPI_Get_elements = PMPI_Get_elements
#pragma weak MPI_Get_elements_x = PMPI_Get_elements_x
#pragma weak MPI_Status_set_elements = PMPI_Status_set_elements
#pragma weak MPI_Status_set_elements_x = PMPI_Status_set_elements_x
#pragma weak MPI_Status_set_cancelled = PMPI_Status_set_cancelled

int PMPI_Get_elements_x(const MPI_Status *status, MPI_Datatype datatype,
                        MPI_Count *count)
{
    static const char fn[] = "MPI_Get_elements";
    FT_CHECK_ARG(status && count, NULL, MPI_ERR_ARG, fn,
                 "status or count is NULL");
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    /* A partial last element counts the basic elements that arrived
     * whole, whatever their kinds; ending inside one is undefined. */
    int64_t n = ft_dt_elements(datatype, status->ftmpi_count);
    *count = n < 0 ? MPI_UNDEFINED : (MPI_Count)n;
    return MPI_SUCCESS;
}

int PMPI_Get_elements(const MPI_Status *status, MPI_Datatype datatype,
                      int *count)
{
    MPI_Count c;
    int rc = PMPI_Get_elements_x(status, datatype, &c);
    if (rc == MPI_SUCCESS)
        *count = c > 0x7fffffff ? MPI_UNDEFINED : (int)c;
    return rc;
}

int PMPI_Status_set_elements_x(MPI_Status *status, MPI_Datatype datatype,
                               MPI_Count count)
{
    static const char fn[] = "MPI_Status_set_elements";
    FT_CHECK_ARG(status, NULL, MPI_ERR_ARG, fn, "status is NULL");
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    FT_CHECK_ARG(count >= 0, NULL, MPI_ERR_COUNT, fn, "negative count %lld",
                 (long long)count);
    /* The bytes that hold count basic elements of a stream of datatype,
     * so that MPI_Get_elements gives count back. */
    status->ftmpi_count = ft_dt_elements_bytes(datatype, (uint64_t)count);
    return MPI_SUCCESS;
}

int PMPI_Status_set_elements(MPI_Status *status, MPI_Datatype datatype,
                             int count)
{
    return PMPI_Status_set_elements_x(status, datatype, count);
}

int PMPI_Status_set_cancelled(MPI_Status *status, int flag)
{
    if (!status)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Status_set_cancelled",
                          "status is NULL");
    status->ftmpi_cancelled = flag != 0;
    return MPI_SUCCESS;
}
