/*
 * ulfm.c -- the ULFM fault-tolerance interface of Open MPI 5
 * (<mpi-ext.h>): revoke, shrink, agree, failure acknowledgement.
 */
#include <stdlib.h>

#include "base/err.h"
#include "ft/ft.h"
#include "mpi/api.h"

#pragma weak MPIX_Comm_revoke = PMPIX_Comm_revoke
#pragma weak MPIX_Comm_is_revoked = PMPIX_Comm_is_revoked
#pragma weak MPIX_Comm_shrink = PMPIX_Comm_shrink
#pragma weak MPIX_Comm_ishrink = PMPIX_Comm_ishrink
#pragma weak MPIX_Comm_agree = PMPIX_Comm_agree
#pragma weak MPIX_Comm_iagree = PMPIX_Comm_iagree
#pragma weak MPIX_Comm_failure_ack = PMPIX_Comm_failure_ack
#pragma weak MPIX_Comm_failure_get_acked = PMPIX_Comm_failure_get_acked
#pragma weak MPIX_Comm_get_failed = PMPIX_Comm_get_failed
#pragma weak MPIX_Comm_ack_failed = PMPIX_Comm_ack_failed

int PMPIX_Comm_revoke(MPI_Comm comm)
{
    static const char fn[] = "MPIX_Comm_revoke";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    return ft_api_ret(comm, ft_ft_revoke(comm), fn);
}

int PMPIX_Comm_is_revoked(MPI_Comm comm, int *flag)
{
    static const char fn[] = "MPIX_Comm_is_revoked";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(flag, comm, MPI_ERR_ARG, fn, "flag is NULL");
    ft_progress(comm->eng); /* a revocation may be waiting to be read */
    *flag = comm->revoked && comm->revoke_err == -FT_EREVOKED;
    return MPI_SUCCESS;
}

int PMPIX_Comm_ishrink(MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request)
{
    static const char fn[] = "MPIX_Comm_ishrink";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm && request, comm, MPI_ERR_ARG, fn,
                 "newcomm or request is NULL");
    struct ft_request *r;
    int rc = ft_ft_ishrink(comm, newcomm, &r);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *request = r;
    return MPI_SUCCESS;
}

int PMPIX_Comm_shrink(MPI_Comm comm, MPI_Comm *newcomm)
{
    static const char fn[] = "MPIX_Comm_shrink";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    struct ft_request *r;
    struct ft_comm *nc;
    int rc = ft_ft_ishrink(comm, &nc, &r);
    if (rc == 0)
        rc = ft_req_wait_release(comm->eng, r);
    if (rc == 0)
        *newcomm = nc;
    return ft_api_ret(comm, rc, fn);
}

int PMPIX_Comm_iagree(MPI_Comm comm, int *flag, MPI_Request *request)
{
    static const char fn[] = "MPIX_Comm_iagree";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(flag && request, comm, MPI_ERR_ARG, fn,
                 "flag or request is NULL");
    struct ft_request *r;
    int rc = ft_ft_iagree(comm, flag, &r);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *request = r;
    return MPI_SUCCESS;
}

int PMPIX_Comm_agree(MPI_Comm comm, int *flag)
{
    static const char fn[] = "MPIX_Comm_agree";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(flag, comm, MPI_ERR_ARG, fn, "flag is NULL");
    struct ft_request *r;
    int rc = ft_ft_iagree(comm, flag, &r);
    if (rc == 0)
        rc = ft_req_wait_release(comm->eng, r);
    return ft_api_ret(comm, rc, fn);
}

int PMPIX_Comm_failure_ack(MPI_Comm comm)
{
    static const char fn[] = "MPIX_Comm_failure_ack";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    ft_progress(comm->eng); /* learn of what has happened so far */
    ft_ft_ack(comm, -1);
    return MPI_SUCCESS;
}

int PMPIX_Comm_ack_failed(MPI_Comm comm, int num_to_ack, int *num_acked)
{
    static const char fn[] = "MPIX_Comm_ack_failed";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(num_acked, comm, MPI_ERR_ARG, fn, "num_acked is NULL");
    FT_CHECK_ARG(num_to_ack >= 0, comm, MPI_ERR_ARG, fn,
                 "num_to_ack=%d is negative", num_to_ack);
    ft_progress(comm->eng);
    *num_acked = ft_ft_ack(comm, num_to_ack);
    return MPI_SUCCESS;
}

/* The group of comm's first n failed members (all when n < 0). */
static int failed_group(const char *fn, MPI_Comm comm, int n,
                        MPI_Group *group)
{
    int total = comm->nfailed;
    struct ft_proc **procs = malloc((size_t)(total + 1) * sizeof *procs);
    FT_CHECK_ARG(procs, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    total = ft_ft_failed(comm, procs, total);
    if (n < 0 || n > total)
        n = total;
    if (n == 0) {
        free(procs);
        *group = MPI_GROUP_EMPTY;
        return MPI_SUCCESS;
    }
    struct ft_group *g = ft_group_new(procs, n, comm->eng->self);
    free(procs);
    FT_CHECK_ARG(g, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    *group = g;
    return MPI_SUCCESS;
}

int PMPIX_Comm_failure_get_acked(MPI_Comm comm, MPI_Group *failedgrp)
{
    static const char fn[] = "MPIX_Comm_failure_get_acked";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(failedgrp, comm, MPI_ERR_ARG, fn, "failedgrp is NULL");
    return failed_group(fn, comm, comm->nacked, failedgrp);
}

int PMPIX_Comm_get_failed(MPI_Comm comm, MPI_Group *failedgrp)
{
    static const char fn[] = "MPIX_Comm_get_failed";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(failedgrp, comm, MPI_ERR_ARG, fn, "failedgrp is NULL");
    ft_progress(comm->eng);
    return failed_group(fn, comm, -1, failedgrp);
}
