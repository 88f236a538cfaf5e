/*
 * err.h -- internal error codes.
 *
 * Internal functions return int: 0 is success, a negative value is an error.
 * Negative errno values (-ENOMEM, -EINVAL, ...) are used as they are; the
 * codes below name the outcomes errno has no word for.  Only src/mpi/ turns
 * them into MPI error classes.
 */
#ifndef FT_BASE_ERR_H
#define FT_BASE_ERR_H

#include <errno.h>

enum {
    FT_ERR_BASE = 10000,
    FT_EAGAIN,        /* no room or nothing yet: try again later */
    FT_EPROCFAILED,   /* a peer process involved has failed */
    FT_EPENDING,      /* ANY_SOURCE receive stalled by an unacknowledged failure */
    FT_EREVOKED,      /* the communicator was revoked */
    FT_ETRUNCATE,     /* a message was longer than the receive buffer */
    FT_EPROTO,        /* a malformed or unexpected protocol message */
    FT_EAUTH,         /* a peer did not present the job's secret */
    FT_ECLOSED,       /* the other end closed the connection */
    FT_EHUBGONE,      /* the launcher is gone; the job is over */
    FT_ECANCELLED,    /* the operation was cancelled */
    FT_EABORTED,      /* the job is being aborted */
    FT_EWINRANGE,     /* a one-sided access outside the target's window */
    FT_ERR_LAST
};

/* Returns a short constant sentence for an internal error code (negative)
 * or an errno value (negative), e.g. "a peer process has failed". */
const char *ft_strerror(int err);

/* Returns the symbolic name of a code, e.g. "FT_EPROCFAILED" or "ENOMEM". */
const char *ft_errname(int err);

#endif
