/*
 * log.h -- diagnostics.
 *
 * ft_log writes one line to stderr, prefixed with the program's role
 * ("ftmpirun", "rank 3"), in a single write so lines never interleave.
 * ft_panic is for broken invariants only: it prints and aborts the process.
 */
#ifndef FT_BASE_LOG_H
#define FT_BASE_LOG_H

#include <stdarg.h>

enum ft_log_level { FT_LOG_ERROR, FT_LOG_WARN, FT_LOG_INFO, FT_LOG_DEBUG };

/* Sets the prefix printed before every line (copied). */
void ft_log_set_prefix(const char *prefix);

/* Current verbosity, from the FTMPI_DEBUG tunable (0 = warnings only). */
extern int ft_log_verbosity;

void ft_log(enum ft_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ft_vlog(enum ft_log_level level, const char *fmt, va_list ap);

_Noreturn void ft_panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define ft_panic(...) ft_panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define ft_debug(...)                                                         \
    do {                                                                      \
        if (ft_log_verbosity >= FT_LOG_DEBUG)                                 \
            ft_log(FT_LOG_DEBUG, __VA_ARGS__);                                \
    } while (0)
#define FT_ASSERT(cond)                                                       \
    do {                                                                      \
        if (__builtin_expect(!(cond), 0))                                     \
            ft_panic("assertion failed: %s", #cond);                          \
    } while (0)

#endif
