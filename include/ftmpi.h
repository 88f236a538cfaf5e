/*
 * ftmpi.h -- ftmpi's own extensions: FT-MPI recovery spellings and
 * run-time queries.  See docs/fault-tolerance.md.
 */
#ifndef FTMPI_FTMPI_H
#define FTMPI_FTMPI_H

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns 1 when this process replaced a failed one (rebuild mode), else 0;
 * *incarnation counts how many times this rank has been started (0 first). */
FTMPI_EXPORT int FTMPI_Is_replacement(int *flag, int *incarnation);

#ifdef __cplusplus
}
#endif

#endif /* FTMPI_FTMPI_H */
