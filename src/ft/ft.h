/*
 * ft.h -- fault tolerance: what each communicator knows of failures
 * (acknowledgement), revocation, agreement and shrinking (ULFM).
 *
 * Failures reach a process from the hub (numbered, in the same order
 * everywhere) or from its own transports; ft_engine_proc_failed counts them
 * on every communicator the dead process belonged to.  Revocation and
 * agreement go through the hub (runtime/hub_ft.h): it is the one process
 * whose loss ends the job anyway, so a decision it takes is final and the
 * same for everybody.
 */
#ifndef FT_FT_FT_H
#define FT_FT_FT_H

#include <stdint.h>

struct ft_comm;
struct ft_engine;
struct ft_proc;
struct ft_request;

/* How FT-MPI recovery rebuilds a communicator (ftmpirun --ft MODE). */
enum ft_recovery {
    FT_RECOVER_SHRINK,  /* survivors, renumbered (also for ulfm/abort) */
    FT_RECOVER_BLANK,   /* same size, failed ranks become holes */
    FT_RECOVER_REBUILD, /* same size, failed ranks respawned */
};

enum ft_recovery ft_ft_mode(const struct ft_engine *eng);

/* Connects this layer to the engine and the run-time client. */
int ft_ft_init(struct ft_engine *eng);
void ft_ft_fini(struct ft_engine *eng);

/* Fills out (room for max) with comm's failed members in the order this
 * process learned of them; returns how many there are. */
int ft_ft_failed(const struct ft_comm *comm, struct ft_proc **out, int max);

/* Acknowledges the first num failures of comm (all known ones if num < 0);
 * returns how many are acknowledged now. */
int ft_ft_ack(struct ft_comm *comm, int num);

/* Revokes comm here, fails what is pending on it, and has the hub tell
 * every other process. */
int ft_ft_revoke(struct ft_comm *comm);

/* Starts an agreement on *flag (bitwise AND over live members); the
 * request completes with 0 or -FT_EPROCFAILED (uniform everywhere) and
 * *flag holds the result.  flag must stay valid until then. */
int ft_ft_iagree(struct ft_comm *comm, int *flag, struct ft_request **out);

/* Starts a shrink: *newcomm gets a communicator of the members that were
 * alive at the agreement, the same at every one of them. */
int ft_ft_ishrink(struct ft_comm *comm, struct ft_comm **newcomm,
                  struct ft_request **out);

/* Starts an FT-MPI recovery of comm (MPI_Comm_create with
 * FTMPI_GROUP_LIVING): collective over the live members of comm -- and, for
 * MPI_COMM_WORLD in rebuild mode, the replacements, which call it right
 * after MPI_Init.  *newcomm is built as the mode says; MPI_COMM_WORLD
 * itself is repaired the same way. */
int ft_ft_irecover(struct ft_comm *comm, struct ft_comm **newcomm,
                   struct ft_request **out);

#endif
