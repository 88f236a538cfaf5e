/*
 * ftmpi.h -- ftmpi's own extensions: FT-MPI's recovery interface and
 * run-time queries.  The guide is docs/fault-tolerance.md.
 *
 * FT-MPI recovery (ftmpirun --ft blank|shrink|rebuild):
 *
 *   After a failure, operations involving the dead process return
 *   MPIX_ERR_PROC_FAILED (set MPI_ERRORS_RETURN or a handler of your own).
 *   The survivors then recover with
 *
 *       MPI_Comm_create(MPI_COMM_WORLD, FTMPI_GROUP_LIVING, &newcomm);
 *   or  MPI_Comm_split(MPI_COMM_WORLD, FTMPI_COLOR_NOT_DEAD_YET, key, &newcomm);
 *   or  FTMPI_Comm_recover(MPI_COMM_WORLD, &newcomm);
 *
 *   which is collective over the live members and repairs MPI_COMM_WORLD
 *   itself as the mode says:
 *     shrink   the dead are removed and the ranks renumbered;
 *     blank    the size stays; a dead rank's place is a hole where
 *              operations behave as on MPI_PROC_NULL;
 *     rebuild  the size stays; ftmpirun has started a new process for each
 *              dead rank (same rank number, --max-restarts N times at
 *              most); it starts from main(), MPI_Init tells it it is a
 *              replacement (FTMPI_Is_replacement) and it takes part in the
 *              same recovery call.  Messages from a dead incarnation are
 *              never delivered to its replacement.
 *   newcomm is a fresh communicator over the repaired MPI_COMM_WORLD.
 *   Recovering another communicator gives a communicator of its survivors
 *   (with holes in blank mode); only MPI_COMM_WORLD is rebuilt to full
 *   size.  With MPI_Comm_split the survivors are ordered by key (keys are
 *   ignored in blank and rebuild modes, where places are kept).
 *
 *   The attribute FTMPI_PROC_FAILED on a communicator (also spelled
 *   FT_MPI_PROC_FAILED) is a pointer to an int array: its first element is
 *   the number of failed ranks the process knows of in that communicator,
 *   then their ranks in it.
 */
#ifndef FTMPI_FTMPI_H
#define FTMPI_FTMPI_H

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

extern FTMPI_EXPORT struct ft_group ftmpi_group_living;

/* The live members of a communicator, for MPI_Comm_create. */
#define FTMPI_GROUP_LIVING (&ftmpi_group_living)
#define FT_MPI_LIVING FTMPI_GROUP_LIVING

/* The color that asks MPI_Comm_split to recover a damaged communicator. */
#define FTMPI_COLOR_NOT_DEAD_YET (-32765)
#define FT_MPI_NOT_DEAD_YET FTMPI_COLOR_NOT_DEAD_YET

/* Attribute key: the failed ranks of a communicator (see above). */
#define FTMPI_PROC_FAILED FTMPI_PROC_FAILED_ATTR
#define FT_MPI_PROC_FAILED FTMPI_PROC_FAILED

/* *flag is 1 when this process replaced a failed one (rebuild mode), else
 * 0; *incarnation counts how many times this rank has been started
 * before (0 for the first process). */
FTMPI_EXPORT int FTMPI_Is_replacement(int *flag, int *incarnation);

/* Recovers comm as ftmpirun's --ft mode says (see above). */
FTMPI_EXPORT int FTMPI_Comm_recover(MPI_Comm comm, MPI_Comm *newcomm);

#ifdef __cplusplus
}
#endif

#endif /* FTMPI_FTMPI_H */
