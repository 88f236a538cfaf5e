/*
 * lt_io -- an MPI program for the launcher's input, output and environment.
 *
 *   lt_io hello                 each rank prints "hello from R" on stdout
 *                               and "note from R" on stderr
 *   lt_io lines N MAXLEN SEED   each rank writes N lines of random length
 *                               (up to MAXLEN) alternately to stdout and
 *                               stderr, in random pieces with write(2), the
 *                               last one without a newline (lt_linecheck
 *                               checks them; no verdict line)
 *   lt_io stdin FILE            rank 0 copies its stdin to FILE; the
 *                               others check theirs is empty
 *   lt_io env NAME=VALUE...     every rank checks its environment
 *   lt_io size N                checks MPI_COMM_WORLD has N ranks
 *
 * The other modes end with the verdict line of t.h.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"

static int rank, size;

/* xorshift: the same sequence for the same seed. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            exit(3);
        p += w;
        n -= (size_t)w;
    }
}

/* A line is "L <rank> <seq> <len> <payload>" where payload is len letters
 * that depend on rank and seq; lt_linecheck recomputes them. */
static void lines(int n, int maxlen, uint64_t seed)
{
    uint64_t s = seed * 1000003u + (uint64_t)rank * 7919u + 1;
    char *buf = malloc((size_t)maxlen + 64);
    for (int i = 0; i < n; i++) {
        size_t len = (size_t)(rnd(&s) % (uint64_t)maxlen) + 1;
        int h = snprintf(buf, 64, "L %d %d %zu ", rank, i, len);
        for (size_t k = 0; k < len; k++)
            buf[h + (int)k] = (char)('a' + (rank * 7 + i * 3 + (int)k) % 26);
        size_t total = (size_t)h + len;
        bool last = i == n - 1;
        if (!last)
            buf[total++] = '\n';
        int fd = i % 2 ? STDERR_FILENO : STDOUT_FILENO;
        /* Pieces of random size: the pipe sees partial lines. */
        size_t off = 0;
        while (off < total) {
            size_t piece = (size_t)(rnd(&s) % 4096) + 1;
            if (piece > total - off)
                piece = total - off;
            write_all(fd, buf + off, piece);
            off += piece;
        }
    }
    free(buf);
}

static void copy_stdin(const char *path)
{
    if (rank != 0) {
        char c;
        T_CHECK(read(STDIN_FILENO, &c, 1) == 0, "rank %d: stdin is not empty",
                rank);
        return;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    T_CHECK(fd >= 0, "cannot create %s", path);
    char buf[65536];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
        write_all(fd, buf, (size_t)n);
    T_CHECK(n == 0, "reading stdin failed");
    close(fd);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *mode = argc > 1 ? argv[1] : "hello";

    if (strcmp(mode, "hello") == 0) {
        printf("hello from %d\n", rank);
        fflush(stdout);
        fprintf(stderr, "note from %d\n", rank);
    } else if (strcmp(mode, "lines") == 0 && argc == 5) {
        /* No verdict: lt_linecheck judges the output. */
        lines(atoi(argv[2]), atoi(argv[3]), strtoull(argv[4], NULL, 10));
        MPI_Finalize();
        return 0;
    } else if (strcmp(mode, "stdin") == 0 && argc == 3) {
        copy_stdin(argv[2]);
    } else if (strcmp(mode, "env") == 0) {
        for (int i = 2; i < argc; i++) {
            const char *eq = strchr(argv[i], '=');
            if (!eq)
                continue;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(eq - argv[i]), argv[i]);
            const char *v = getenv(name);
            T_CHECK(v && strcmp(v, eq + 1) == 0,
                    "rank %d: %s is '%s', expected '%s'", rank, name,
                    v ? v : "(unset)", eq + 1);
        }
    } else if (strcmp(mode, "size") == 0 && argc == 3) {
        T_CHECK(size == atoi(argv[2]), "size is %d, expected %s", size,
                argv[2]);
        T_CHECK(rank >= 0 && rank < size, "rank %d", rank);
    } else {
        fprintf(stderr, "lt_io: bad arguments\n");
        return 2;
    }
    return t_finish("lt_io");
}
