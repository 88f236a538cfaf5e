/*
 * util.h -- small helpers for file descriptors, randomness and strings.
 */
#ifndef FT_BASE_UTIL_H
#define FT_BASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Fills buf with len cryptographically random bytes; 0 or -errno. */
int ft_random_bytes(void *buf, size_t len);

/* Writes 2*len lowercase hex digits and a NUL into out. */
void ft_hex(char *out, const void *buf, size_t len);

int ft_fd_set_nonblock(int fd, bool on);
int ft_fd_set_cloexec(int fd, bool on);

/* Writes all of buf, retrying on EINTR and short writes (blocking fds). */
int ft_write_all(int fd, const void *buf, size_t len);

/* Parses a whole decimal number in [min, max]; 0 or -EINVAL. */
int ft_parse_long(const char *s, long min, long max, long *out);

/* Constant-time comparison of two equal-length secrets. */
bool ft_secret_equal(const void *a, const void *b, size_t len);

/* Name of a signal, e.g. "SIGKILL"; "signal N" if unknown (static buffer). */
const char *ft_signame(int sig);

/* Number of processors this process may run on. */
int ft_ncpus(void);

#endif
