#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ft_log_verbosity = FT_LOG_WARN;
static char prefix[64] = "ftmpi";

void ft_log_set_prefix(const char *p)
{
    snprintf(prefix, sizeof prefix, "%s", p);
}

void ft_vlog(enum ft_log_level level, const char *fmt, va_list ap)
{
    static const char *const tags[] = {"error: ", "warning: ", "", "debug: "};
    char line[2048];
    int n = snprintf(line, sizeof line, "%s: %s", prefix, tags[level]);
    if (n < 0)
        return;
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    if (m < 0)
        return;
    size_t len = (size_t)n + (size_t)m;
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    /* One write per line: lines from many processes never interleave. */
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void ft_log(enum ft_log_level level, const char *fmt, ...)
{
    if ((int)level > ft_log_verbosity && level != FT_LOG_ERROR)
        return;
    va_list ap;
    va_start(ap, fmt);
    ft_vlog(level, fmt, ap);
    va_end(ap);
}

void ft_panic_at(const char *file, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ft_log(FT_LOG_ERROR, "internal error at %s:%d: %s", file, line, msg);
    abort();
}
