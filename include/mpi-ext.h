/*
 * mpi-ext.h -- ULFM fault-tolerance interface, as in Open MPI 5.
 *
 * Programs written for ULFM test OMPI_HAVE_MPI_EXT_FTMPI or MPIX_ULFM and
 * include <mpi-ext.h>; both work unchanged with ftmpi.
 */
#ifndef FTMPI_MPI_EXT_H
#define FTMPI_MPI_EXT_H

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Feature macros that ULFM programs test for. */
#define MPIX_ULFM 1
#define OMPI_HAVE_MPI_EXT 1
#define OMPI_HAVE_MPI_EXT_FTMPI 1
#define OMPI_HAVE_MPIX_ERR_PROC_FAILED 1
#define MPI_EXT_FTMPI 1

/* Both the MPIX_ name and its PMPIX_ profiling twin. */
#define FTMPIX_DECLARE(ret, name, args)                                       \
    FTMPI_EXPORT ret MPIX_##name args;                                        \
    FTMPI_EXPORT ret PMPIX_##name args;

FTMPIX_DECLARE(int, Comm_revoke, (MPI_Comm comm))
FTMPIX_DECLARE(int, Comm_is_revoked, (MPI_Comm comm, int *flag))
FTMPIX_DECLARE(int, Comm_shrink, (MPI_Comm comm, MPI_Comm *newcomm))
FTMPIX_DECLARE(int, Comm_ishrink, (MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request))
FTMPIX_DECLARE(int, Comm_agree, (MPI_Comm comm, int *flag))
FTMPIX_DECLARE(int, Comm_iagree, (MPI_Comm comm, int *flag, MPI_Request *request))
FTMPIX_DECLARE(int, Comm_failure_ack, (MPI_Comm comm))
FTMPIX_DECLARE(int, Comm_failure_get_acked, (MPI_Comm comm, MPI_Group *failedgrp))
FTMPIX_DECLARE(int, Comm_get_failed, (MPI_Comm comm, MPI_Group *failedgrp))
FTMPIX_DECLARE(int, Comm_ack_failed, (MPI_Comm comm, int num_to_ack, int *num_acked))

/* The names of the ULFM prototypes before MPIX (Open MPI 1.x/2.x ULFM
 * branches), still used by older fault-tolerant programs and tutorials. */
#define OMPI_Comm_revoke MPIX_Comm_revoke
#define OMPI_Comm_is_revoked MPIX_Comm_is_revoked
#define OMPI_Comm_shrink MPIX_Comm_shrink
#define OMPI_Comm_agree MPIX_Comm_agree
#define OMPI_Comm_iagree MPIX_Comm_iagree
#define OMPI_Comm_failure_ack MPIX_Comm_failure_ack
#define OMPI_Comm_failure_get_acked MPIX_Comm_failure_get_acked

#ifdef __cplusplus
}
#endif

#endif /* FTMPI_MPI_EXT_H */
