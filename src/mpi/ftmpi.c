/*
 * ftmpi.c -- ftmpi's own extensions (include/ftmpi.h): FT-MPI recovery.
 */
#include <ftmpi.h>

#include "ft/ft.h"
#include "mpi/api.h"

FTMPI_EXPORT struct ft_group ftmpi_group_living = {
    .magic = FT_MAGIC_GROUP, .refcount = 1, .predefined = true,
    .rank = FT_UNDEFINED};

int FTMPI_Is_replacement(int *flag, int *incarnation)
{
    static const char fn[] = "FTMPI_Is_replacement";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(flag, NULL, MPI_ERR_ARG, fn, "flag is NULL");
    *flag = ft_api_eng->client.replacement;
    if (incarnation)
        *incarnation = (int)ft_api_eng->client.epoch;
    return MPI_SUCCESS;
}

int ft_api_recover(MPI_Comm comm, bool by_key, int key, MPI_Comm *newcomm,
                   const char *fn)
{
    FT_CHECK_ARG(!ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "recovering an intercommunicator is not supported");
    struct ft_request *r;
    struct ft_comm *nc;
    int rc = ft_ft_irecover(comm, &nc, &r);
    if (rc == 0)
        rc = ft_req_wait_release(comm->eng, r);
    /* MPI_Comm_split(..., FTMPI_COLOR_NOT_DEAD_YET, key): the survivors
     * ordered by key, where places are not kept (shrink mode). */
    if (rc == 0 && by_key && ft_ft_mode(comm->eng) == FT_RECOVER_SHRINK) {
        struct ft_comm *sorted;
        rc = ft_comm_split(nc, 0, key, &sorted);
        ft_comm_release(nc);
        nc = sorted;
    }
    if (rc == 0)
        *newcomm = nc;
    return ft_api_ret(comm, rc, fn);
}

int FTMPI_Comm_recover(MPI_Comm comm, MPI_Comm *newcomm)
{
    static const char fn[] = "FTMPI_Comm_recover";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    return ft_api_recover(comm, false, 0, newcomm, fn);
}
