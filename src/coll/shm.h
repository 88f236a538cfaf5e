/*
 * shm.h -- publications in shared memory, the base of the shared-memory
 * collectives among ranks of one host.
 *
 * Every local rank owns one area of the host segment (nodeseg.h): a ring
 * of slots, each a header and a share of the rank's box of data.  Only its
 * owner writes it; the others only read it, so no lock is ever shared and
 * a dead rank holds nothing anyone needs.  A rank *publishes* by writing
 * data into the next slot(s) and then, in the slot's header, the
 * collective the data is for (a tag: context id and sequence number), the
 * set of local ranks that are to read it, its length and a publication
 * number that only grows.  A reader that is done with a publication writes
 * its number into its own area (its acknowledgement, one word per writer
 * and slot).  A writer reuses a slot only once every reader of what the
 * slot held has acknowledged it or died.  With 64 slots a root can run
 * ahead of slow readers, and collectives where everyone reads everyone
 * (barrier, allreduce) never wait for acknowledgements at all.  Headers
 * are written like a seqlock (odd number while they change), so a reader
 * never takes half of one publication and half of another.
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

/* Where a publication was found. */
struct ft_shm_got {
    uint64_t num;
    uint32_t len;
    uint16_t slot;
};

/* Attaches to this rank's host segment; sets ce->shm, or leaves it NULL
 * when there are no collective areas (singleton, a rank alone on its host,
 * FTMPI_SHM_COLL=0).  Returns 0 or -ENOMEM. */
int ft_coll_shm_init(struct coll_eng *ce);
void ft_coll_shm_fini(struct coll_eng *ce);

/* The most a rank can publish at once. */
size_t ft_shm_box_bytes(const struct coll_shm *cs);

/* This rank's host-local index. */
int ft_shm_me(const struct coll_shm *cs);

/* Starts a publication of len bytes (at most ft_shm_box_bytes): waits
 * (blocking) until the slots it needs have been read by all their live
 * readers, then returns where to write the data. */
void *ft_shm_begin(struct coll_shm *cs, size_t len);

/* Publishes the len bytes written since ft_shm_begin for tag to the local
 * ranks in readers (a bit set of host-local indices).  If self is not
 * NULL it says where the publication is, for reading it back with
 * ft_shm_data.  Never blocks. */
void ft_shm_commit(struct coll_shm *cs, uint64_t tag, uint64_t readers,
                   size_t len, struct ft_shm_got *self);

/* Waits (blocking) until every local rank in want has published tag for
 * us; got[w] says where.  Returns 0, or -FT_EPROCFAILED / -FT_EREVOKED
 * when comm loses a member or is revoked (what was not read is then
 * acknowledged later, on its own). */
int ft_shm_collect(struct coll_shm *cs, struct ft_comm *comm, uint64_t tag,
                   uint64_t want, struct ft_shm_got *got);

/* The data of a publication found by ft_shm_collect (valid until we
 * acknowledge it). */
const void *ft_shm_data(const struct coll_shm *cs, int w,
                        const struct ft_shm_got *got);

/* Acknowledges the publications of the ranks in set. */
void ft_shm_release(struct coll_shm *cs, uint64_t set,
                    const struct ft_shm_got *got);

/* Progress hook part: acknowledges publications given up earlier.
 * Returns the work done. */
int ft_coll_shm_progress(struct coll_eng *ce);

#endif
