#include "core/info.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "core/magic.h"

FTMPI_EXPORT struct ft_info ftmpi_info_env = {
    .magic = FT_MAGIC_INFO, .refcount = 1, .predefined = true};

struct ft_info *ft_info_new(void)
{
    struct ft_info *info = calloc(1, sizeof *info);
    if (!info)
        return NULL;
    info->magic = FT_MAGIC_INFO;
    info->refcount = 1;
    return info;
}

int ft_info_set(struct ft_info *info, const char *key, const char *value)
{
    char *v = strdup(value);
    if (!v)
        return -ENOMEM;
    for (int i = 0; i < info->n; i++) {
        if (strcmp(info->keys[i], key) == 0) {
            free(info->values[i]);
            info->values[i] = v;
            return 0;
        }
    }
    if (info->n == info->cap) {
        int cap = info->cap ? 2 * info->cap : 8;
        char **k = realloc(info->keys, (size_t)cap * sizeof *k);
        if (k)
            info->keys = k;
        char **vs = realloc(info->values, (size_t)cap * sizeof *vs);
        if (vs)
            info->values = vs;
        if (!k || !vs) {
            free(v);
            return -ENOMEM;
        }
        info->cap = cap;
    }
    char *k = strdup(key);
    if (!k) {
        free(v);
        return -ENOMEM;
    }
    info->keys[info->n] = k;
    info->values[info->n] = v;
    info->n++;
    return 0;
}

const char *ft_info_get(const struct ft_info *info, const char *key)
{
    for (int i = 0; i < info->n; i++)
        if (strcmp(info->keys[i], key) == 0)
            return info->values[i];
    return NULL;
}

int ft_info_delete(struct ft_info *info, const char *key)
{
    for (int i = 0; i < info->n; i++) {
        if (strcmp(info->keys[i], key) != 0)
            continue;
        free(info->keys[i]);
        free(info->values[i]);
        info->n--;
        memmove(&info->keys[i], &info->keys[i + 1],
                (size_t)(info->n - i) * sizeof *info->keys);
        memmove(&info->values[i], &info->values[i + 1],
                (size_t)(info->n - i) * sizeof *info->values);
        return 0;
    }
    return -ENOENT;
}

int ft_info_merge(struct ft_info *into, const struct ft_info *from)
{
    for (int i = 0; i < from->n; i++) {
        int rc = ft_info_set(into, from->keys[i], from->values[i]);
        if (rc)
            return rc;
    }
    return 0;
}

int ft_info_dup(const struct ft_info *info, struct ft_info **out)
{
    struct ft_info *d = ft_info_new();
    if (!d)
        return -ENOMEM;
    int rc = ft_info_merge(d, info);
    if (rc) {
        ft_info_release(d);
        return rc;
    }
    *out = d;
    return 0;
}

int ft_info_env_init(int argc, char **argv, int size)
{
    struct ft_info *e = &ftmpi_info_env;
    char buf[512];
    int rc = 0;
    if (argc > 0 && argv && argv[0]) {
        rc |= ft_info_set(e, "command", argv[0]);
        size_t off = 0;
        buf[0] = 0;
        for (int i = 1; i < argc && off < sizeof buf - 1; i++)
            off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s",
                                    i > 1 ? " " : "", argv[i]);
        rc |= ft_info_set(e, "argv", buf);
    }
    snprintf(buf, sizeof buf, "%d", size);
    rc |= ft_info_set(e, "maxprocs", buf);
    rc |= ft_info_set(e, "soft", buf);
    if (gethostname(buf, sizeof buf) == 0) {
        buf[sizeof buf - 1] = 0;
        rc |= ft_info_set(e, "host", buf);
    }
    rc |= ft_info_set(e, "arch", "x86_64");
    if (getcwd(buf, sizeof buf))
        rc |= ft_info_set(e, "wdir", buf);
    rc |= ft_info_set(e, "thread_level", "MPI_THREAD_SERIALIZED");
    const char *eh = getenv("FTMPI_INITIAL_ERRHANDLER");
    rc |= ft_info_set(e, "mpi_initial_errhandler",
                      eh ? eh : "mpi_errors_are_fatal");
    return rc ? -ENOMEM : 0;
}

void ft_info_release(struct ft_info *info)
{
    if (!info || info->predefined || --info->refcount > 0)
        return;
    for (int i = 0; i < info->n; i++) {
        free(info->keys[i]);
        free(info->values[i]);
    }
    free(info->keys);
    free(info->values);
    info->magic = 0;
    free(info);
}
