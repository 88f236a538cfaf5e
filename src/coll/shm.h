/*
 * shm.h -- publications in shared memory, the base of the shared-memory
 * collectives among ranks of one host.
 *
 * Every local rank owns one area of the host segment (nodeseg.h): a
 * header and a box of data.  Only its owner writes it; the others only
 * read it, so no lock is ever shared and a dead rank holds nothing anyone
 * needs.  A rank *publishes* by writing its box and then, in its header,
 * the collective the data is for (a tag: context id and sequence number),
 * the set of local ranks that are to read it, and a publication number
 * that only grows.  A reader that is done with a publication writes its
 * number into its own header (its acknowledgement); a rank publishes again
 * only once every reader of its previous publication has acknowledged it
 * or died.  The header is written like a seqlock (odd number while it
 * changes), so a reader never takes half of one publication and half of
 * another.
 *
 * Waiting uses the progress engine's spin, yield and sleep; a rank that
 * publishes or acknowledges rings the doorbell of a rank that sleeps.  A
 * wait for a publication also ends when a member of the communicator
 * fails or the communicator is revoked.  A reader that gives up (error)
 * remembers what it still owes and acknowledges it later from the
 * progress engine, so the writer is never stuck on it.
 */
#ifndef FT_COLL_SHM_H
#define FT_COLL_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct coll_eng;
struct coll_shm;
struct ft_comm;

/* Attaches to this rank's host segment; sets ce->shm, or leaves it NULL
 * when there are no collective areas (singleton, a rank alone on its host,
 * FTMPI_SHM_COLL=0).  Returns 0 or -ENOMEM. */
int ft_coll_shm_init(struct coll_eng *ce);
void ft_coll_shm_fini(struct coll_eng *ce);

/* Bytes a rank can publish at once. */
size_t ft_shm_box_bytes(const struct coll_shm *cs);

/* This rank's host-local index. */
int ft_shm_me(const struct coll_shm *cs);

/* Starts a publication: waits (blocking) until the previous one has been
 * read by all its live readers, then returns this rank's box to fill. */
void *ft_shm_begin(struct coll_shm *cs);

/* Publishes len bytes of the box for tag to the local ranks in readers
 * (a bit set of host-local indices).  Never blocks. */
void ft_shm_commit(struct coll_shm *cs, uint64_t tag, uint64_t readers,
                   size_t len);

/* Waits (blocking) until every local rank in want has published tag for
 * us; nums[w] gets each one's publication number.  Returns 0, or
 * -FT_EPROCFAILED / -FT_EREVOKED when comm loses a member or is revoked
 * (what was not read is then acknowledged later, on its own). */
int ft_shm_collect(struct coll_shm *cs, struct ft_comm *comm, uint64_t tag,
                   uint64_t want, uint64_t *nums);

/* The box of local rank w (valid while its publication is unacknowledged
 * by us). */
const void *ft_shm_box(const struct coll_shm *cs, int w);

/* The length of local rank w's publication (valid like its box). */
size_t ft_shm_len(const struct coll_shm *cs, int w);

/* Acknowledges the publications of the ranks in set (numbers in nums). */
void ft_shm_release(struct coll_shm *cs, uint64_t set, const uint64_t *nums);

/* Progress hook part: acknowledges publications given up earlier.
 * Returns the work done. */
int ft_coll_shm_progress(struct coll_eng *ce);

#endif
