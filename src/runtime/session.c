#include "runtime/session.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/err.h"
#include "base/util.h"

int ft_session_new(struct ft_session *s)
{
    uint8_t id[8], secret[FT_SECRET_BYTES], token[8];
    int rc;
    if ((rc = ft_random_bytes(id, sizeof id)) ||
        (rc = ft_random_bytes(secret, sizeof secret)) ||
        (rc = ft_random_bytes(token, sizeof token)))
        return rc;
    ft_hex(s->jobid, id, sizeof id);
    ft_hex(s->secret_hex, secret, sizeof secret);
    char tok[17];
    ft_hex(tok, token, sizeof token);
    snprintf(s->sockname, sizeof s->sockname, "ftmpi-%u-%s-%s",
             (unsigned)getuid(), s->jobid, tok);
    return 0;
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (n > sizeof a->sun_path - 2)
        n = sizeof a->sun_path - 2;
    memcpy(a->sun_path + 1, name, n); /* sun_path[0] = 0: abstract */
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

int ft_session_listen(const struct ft_session *s)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, s->sockname);
    if (bind(fd, (struct sockaddr *)&a, len) || listen(fd, 1024)) {
        int e = -errno;
        close(fd);
        return e;
    }
    return fd;
}

int ft_session_connect(const char *sockname)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, sockname);
    while (connect(fd, (struct sockaddr *)&a, len)) {
        if (errno == EINTR)
            continue;
        int e = -errno;
        close(fd);
        return e;
    }
    return fd;
}

int ft_session_accept(int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? -FT_EAGAIN : -errno;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ||
        cred.uid != getuid()) {
        close(fd);
        return -FT_EAUTH;
    }
    return fd;
}
