/*
 * comm.c -- communicators (MPI chapter 6.4) and their error handlers
 * (chapter 8.3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/errhandler.h"
#include "mpi/api.h"

#pragma weak MPI_Comm_size = PMPI_Comm_size
#pragma weak MPI_Comm_rank = PMPI_Comm_rank
#pragma weak MPI_Comm_dup = PMPI_Comm_dup
#pragma weak MPI_Comm_split = PMPI_Comm_split
#pragma weak MPI_Comm_split_type = PMPI_Comm_split_type
#pragma weak MPI_Comm_free = PMPI_Comm_free
#pragma weak MPI_Comm_set_name = PMPI_Comm_set_name
#pragma weak MPI_Comm_get_name = PMPI_Comm_get_name
#pragma weak MPI_Comm_set_errhandler = PMPI_Comm_set_errhandler
#pragma weak MPI_Comm_get_errhandler = PMPI_Comm_get_errhandler
#pragma weak MPI_Errhandler_set = PMPI_Errhandler_set
#pragma weak MPI_Errhandler_get = PMPI_Errhandler_get

int PMPI_Comm_size(MPI_Comm comm, int *size)
{
    static const char fn[] = "MPI_Comm_size";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(size, comm, MPI_ERR_ARG, fn, "size is NULL");
    *size = comm->size;
    return MPI_SUCCESS;
}

int PMPI_Comm_rank(MPI_Comm comm, int *rank)
{
    static const char fn[] = "MPI_Comm_rank";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(rank, comm, MPI_ERR_ARG, fn, "rank is NULL");
    *rank = comm->rank;
    return MPI_SUCCESS;
}

int PMPI_Comm_dup(MPI_Comm comm, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_dup";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    struct ft_comm *c;
    int rc = ft_comm_dup(comm, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    FT_CHECK_ARG(color >= 0 || color == MPI_UNDEFINED, comm, MPI_ERR_ARG, fn,
                 "color=%d is negative and not MPI_UNDEFINED", color);
    struct ft_comm *c;
    int rc = ft_comm_split(comm, color, key, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_split_type(MPI_Comm comm, int split_type, int key,
                         MPI_Info info, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split_type";
    (void)info;
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    FT_CHECK_ARG(split_type == MPI_COMM_TYPE_SHARED ||
                     split_type == MPI_UNDEFINED,
                 comm, MPI_ERR_ARG, fn,
                 "split_type=%d: use MPI_COMM_TYPE_SHARED or MPI_UNDEFINED",
                 split_type);
    int color = split_type == MPI_UNDEFINED ? MPI_UNDEFINED
                                            : comm->eng->self->node;
    struct ft_comm *c;
    int rc = ft_comm_split(comm, color, key, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_free(MPI_Comm *comm)
{
    static const char fn[] = "MPI_Comm_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(comm, NULL, MPI_ERR_ARG, fn, "comm is NULL");
    FT_CHECK_COMM(*comm, fn);
    FT_CHECK_ARG(!(*comm)->predefined, *comm, MPI_ERR_COMM, fn,
                 "%s cannot be freed", (*comm)->name);
    ft_comm_release(*comm);
    *comm = MPI_COMM_NULL;
    return MPI_SUCCESS;
}

int PMPI_Comm_set_name(MPI_Comm comm, const char *comm_name)
{
    static const char fn[] = "MPI_Comm_set_name";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(comm_name, comm, MPI_ERR_ARG, fn, "comm_name is NULL");
    snprintf(comm->name, sizeof comm->name, "%s", comm_name);
    return MPI_SUCCESS;
}

int PMPI_Comm_get_name(MPI_Comm comm, char *comm_name, int *resultlen)
{
    static const char fn[] = "MPI_Comm_get_name";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(comm_name && resultlen, comm, MPI_ERR_ARG, fn,
                 "comm_name or resultlen is NULL");
    strcpy(comm_name, comm->name);
    *resultlen = (int)strlen(comm_name);
    return MPI_SUCCESS;
}

static bool errh_ok(MPI_Errhandler e)
{
    return e && e->magic == FT_MAGIC_ERRH;
}

int PMPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_Comm_set_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(errh_ok(errhandler) && errhandler->obj == FT_EH_COMM, comm,
                 MPI_ERR_ARG, fn,
                 "invalid communicator error handler (argument errhandler)");
    ft_errhandler_retain(errhandler);
    ft_errhandler_release(comm->errh);
    comm->errh = errhandler;
    /* A program that handles errors itself is one that survives failures:
     * the launcher must not end the job when a rank dies. */
    if (errhandler->kind != FT_EH_FATAL && errhandler->kind != FT_EH_ABORT)
        ft_client_tolerant(&comm->eng->client);
    return MPI_SUCCESS;
}

int PMPI_Errhandler_set(MPI_Comm comm, MPI_Errhandler errhandler)
{
    return PMPI_Comm_set_errhandler(comm, errhandler);
}

int PMPI_Comm_get_errhandler(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Comm_get_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(errhandler, comm, MPI_ERR_ARG, fn, "errhandler is NULL");
    ft_errhandler_retain(comm->errh);
    *errhandler = comm->errh;
    return MPI_SUCCESS;
}

int PMPI_Errhandler_get(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    return PMPI_Comm_get_errhandler(comm, errhandler);
}
