/*
 * lt_hubfuzz -- sends the hub what it must refuse, then checks the job
 * still works.
 *
 * Run by ftmpirun.  Rank 0 connects to the hub's abstract socket (its name
 * is in FTMPI_HUB) again and again, each time sending something malformed
 * or unauthenticated, and checks that the hub closes that connection.  A
 * connection that says nothing stays open until the end.  Then every rank
 * exchanges messages and the test ends normally: the hub dropped only the
 * bad connections.  Prints "hub=NAME" so that the caller can check the
 * socket is gone after the job.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/proto.h"
#include "runtime/wire.h"
#include "t.h"

static const char *hub;

static int connect_hub(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t n = strlen(hub);
    memcpy(a.sun_path + 1, hub, n); /* abstract: sun_path[0] is 0 */
    if (fd < 0 ||
        connect(fd, (struct sockaddr *)&a,
                (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n))) {
        t_fail(__FILE__, __LINE__, "cannot connect to the hub: %s",
               strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* A little encoder, independent of the library's. */
struct msg {
    uint8_t b[512];
    size_t n;
};

static void put32(struct msg *m, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        m->b[m->n++] = (uint8_t)(v >> (8 * i));
}

static void put16(struct msg *m, uint16_t v)
{
    m->b[m->n++] = (uint8_t)v;
    m->b[m->n++] = (uint8_t)(v >> 8);
}

static void put_str(struct msg *m, const char *s)
{
    put32(m, (uint32_t)strlen(s));
    memcpy(m->b + m->n, s, strlen(s));
    m->n += strlen(s);
}

/* Starts a message; end() fills in the body length. */
static void begin(struct msg *m, uint16_t version, uint16_t type)
{
    m->n = 0;
    put32(m, FT_WIRE_MAGIC);
    put16(m, version);
    put16(m, type);
    put32(m, 0);
}

static void end(struct msg *m)
{
    uint32_t len = (uint32_t)(m->n - FT_WIRE_HDR);
    for (int i = 0; i < 4; i++)
        m->b[8 + i] = (uint8_t)(len >> (8 * i));
}

static void hello(struct msg *m, const char *secret, uint32_t rank)
{
    begin(m, FT_WIRE_VERSION, FT_MSG_HELLO);
    put_str(m, secret);
    put32(m, rank);
    put32(m, 0);
    put32(m, (uint32_t)getpid());
    end(m);
}

/* Waits for the hub to close fd; true if it did. */
static bool closed_by_hub(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (;;) {
        if (poll(&p, 1, 20000) <= 0)
            return false;
        char c[256];
        ssize_t n = read(fd, c, sizeof c);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return true;
        if (n < 0)
            return false;
        /* An answer (WELCOME) means the hub accepted it. */
        return false;
    }
}

static void expect_drop(const char *what, const void *data, size_t len)
{
    int fd = connect_hub();
    if (fd < 0)
        return;
    if (write(fd, data, len) != (ssize_t)len && errno != EPIPE &&
        errno != ECONNRESET)
        t_fail(__FILE__, __LINE__, "%s: write: %s", what, strerror(errno));
    T_CHECK(closed_by_hub(fd), "the hub kept a connection that sent %s", what);
    close(fd);
}

static void expect_drop_msg(const char *what, const struct msg *m)
{
    expect_drop(what, m->b, m->n);
}

/* Another user may not even connect (SO_PEERCRED); needs root. */
static void other_user(const char *secret)
{
    if (getuid() != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534))
            _exit(3);
        int fd = connect_hub();
        if (fd < 0)
            _exit(4);
        struct msg m;
        hello(&m, secret, 0);
        ssize_t w = write(fd, m.b, m.n);
        (void)w;
        _exit(closed_by_hub(fd) ? 0 : 1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
            "a connection of another user was not dropped (status %d)", st);
}

static void fuzz(void)
{
    const char *secret = getenv("FTMPI_SECRET");
    T_CHECK(hub && secret, "FTMPI_HUB or FTMPI_SECRET is not set");
    if (!hub || !secret)
        return;
    printf("hub=%s\n", hub);
    fflush(stdout);
    struct msg m;

    /* Stays open, silent, to the end: must not hold up anything. */
    int idle = connect_hub();

    expect_drop("garbage", "GET / HTTP/1.0\r\n\r\n", 18);
    static const uint8_t zeros[64];
    expect_drop("zeros", zeros, sizeof zeros);

    begin(&m, FT_WIRE_VERSION + 1, FT_MSG_HELLO);
    put_str(&m, secret);
    end(&m);
    expect_drop_msg("a wrong protocol version", &m);

    begin(&m, FT_WIRE_VERSION, FT_MSG_HELLO);
    m.n = 8;
    put32(&m, FT_WIRE_MAX_BODY + 1);
    expect_drop_msg("a body longer than the limit", &m);

    char wrong[2 * 64 + 1];
    snprintf(wrong, sizeof wrong, "%s", secret);
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    hello(&m, wrong, 1);
    expect_drop_msg("a wrong secret", &m);

    hello(&m, "short", 1);
    expect_drop_msg("a secret of the wrong length", &m);

    hello(&m, secret, 0);
    expect_drop_msg("a HELLO for a rank already connected", &m);

    hello(&m, secret, 1000000);
    expect_drop_msg("a HELLO for a rank out of range", &m);

    begin(&m, FT_WIRE_VERSION, FT_MSG_HELLO);
    put_str(&m, secret);
    end(&m);
    expect_drop_msg("a truncated HELLO", &m);

    begin(&m, FT_WIRE_VERSION, FT_MSG_HELLO);
    put32(&m, 100000); /* a string longer than the body */
    end(&m);
    expect_drop_msg("a string length past the body", &m);

    begin(&m, FT_WIRE_VERSION, FT_MSG_KV_PUT);
    put_str(&m, "card.0");
    put_str(&m, "forged");
    end(&m);
    expect_drop_msg("a message before HELLO", &m);

    begin(&m, FT_WIRE_VERSION, FT_MSG_ABORT);
    put32(&m, 9);
    put_str(&m, "forged abort");
    end(&m);
    expect_drop_msg("an MPI_Abort before HELLO", &m);

    /* Half a header, then gone: nothing to answer. */
    int fd = connect_hub();
    if (fd >= 0) {
        ssize_t w = write(fd, "FTMP", 4);
        (void)w;
        close(fd);
    }

    other_user(secret);
    if (idle >= 0)
        close(idle);
}

int main(int argc, char **argv)
{
    /* The hub may close a connection before we are done writing to it. */
    signal(SIGPIPE, SIG_IGN);
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    hub = getenv("FTMPI_HUB");
    if (rank == 0)
        fuzz();
    /* The job still works: a ring of messages. */
    int token = rank == 0 ? 1 : 0;
    if (size > 1) {
        if (rank == 0) {
            MPI_Send(&token, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
            MPI_Recv(&token, 1, MPI_INT, size - 1, 5, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            T_CHECK(token == size, "token %d, expected %d", token, size);
        } else {
            MPI_Recv(&token, 1, MPI_INT, rank - 1, 5, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            token++;
            MPI_Send(&token, 1, MPI_INT, (rank + 1) % size, 5, MPI_COMM_WORLD);
        }
    }
    return t_finish("lt_hubfuzz");
}
