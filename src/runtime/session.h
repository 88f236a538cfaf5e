/*
 * session.h -- identity and rendezvous of one job.
 *
 * A job has a random id and a 32-byte secret.  The hub listens on an
 * abstract Unix socket whose name holds the user id, the job id and a random
 * token: there is no file to leak if the launcher is killed, and nothing to
 * collide with when several emulated hosts share one kernel.  Peers must
 * present the secret, and the hub checks their user id (SO_PEERCRED).
 */
#ifndef FT_RUNTIME_SESSION_H
#define FT_RUNTIME_SESSION_H

#include <stdint.h>
#include <sys/types.h>

#define FT_SECRET_BYTES 32

struct ft_session {
    char jobid[17];                           /* 16 hex digits */
    char secret_hex[2 * FT_SECRET_BYTES + 1]; /* as sent in HELLO */
    char sockname[96];                        /* abstract name, no leading NUL */
};

/* Makes a fresh job id, secret and socket name. */
int ft_session_new(struct ft_session *s);

/* Listens on the session's abstract socket; returns a non-blocking,
 * close-on-exec fd or -errno. */
int ft_session_listen(const struct ft_session *s);

/* Connects to the abstract socket sockname; returns a blocking fd. */
int ft_session_connect(const char *sockname);

/* Accepts one connection and checks the peer's uid matches ours; returns a
 * non-blocking fd, -FT_EAGAIN when none is waiting, -FT_EAUTH or -errno. */
int ft_session_accept(int lfd);

#endif
