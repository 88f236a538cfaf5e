/*
 * info.c -- the info object (MPI chapter 9).
 *
 * Keys are 1 to MPI_MAX_INFO_KEY characters, values 1 to MPI_MAX_INFO_VAL
 * (MPI_ERR_INFO_KEY, MPI_ERR_INFO_VALUE otherwise, as in MPICH and Open
 * MPI).  MPI_INFO_ENV can be read and duplicated; it cannot be changed or
 * freed (MPI_ERR_INFO).  Errors are raised on MPI_COMM_WORLD's handler.
 */
#include <string.h>

#include "base/err.h"
#include "mpi/api.h"

#pragma weak MPI_Info_create = PMPI_Info_create
#pragma weak MPI_Info_set = PMPI_Info_set
#pragma weak MPI_Info_delete = PMPI_Info_delete
#pragma weak MPI_Info_get = PMPI_Info_get
#pragma weak MPI_Info_get_valuelen = PMPI_Info_get_valuelen
#pragma weak MPI_Info_get_nkeys = PMPI_Info_get_nkeys
#pragma weak MPI_Info_get_nthkey = PMPI_Info_get_nthkey
#pragma weak MPI_Info_dup = PMPI_Info_dup
#pragma weak MPI_Info_free = PMPI_Info_free

#define CHECK_INFO(info, fn)                                                  \
    FT_CHECK_ARG(ft_api_info_ok(info), NULL, MPI_ERR_INFO, fn,                \
                 "invalid info object (argument info)")

#define CHECK_WRITABLE(info, fn)                                              \
    FT_CHECK_ARG(info != MPI_INFO_ENV, NULL, MPI_ERR_INFO, fn,                \
                 "MPI_INFO_ENV cannot be changed")

static int check_key(const char *fn, const char *key)
{
    FT_CHECK_ARG(key, NULL, MPI_ERR_INFO_KEY, fn, "key is NULL");
    size_t n = strlen(key);
    FT_CHECK_ARG(n > 0, NULL, MPI_ERR_INFO_KEY, fn, "key is empty");
    FT_CHECK_ARG(n <= MPI_MAX_INFO_KEY, NULL, MPI_ERR_INFO_KEY, fn,
                 "key is %zu characters long (MPI_MAX_INFO_KEY is %d)", n,
                 MPI_MAX_INFO_KEY);
    return 0;
}

int PMPI_Info_create(MPI_Info *info)
{
    static const char fn[] = "MPI_Info_create";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(info, NULL, MPI_ERR_ARG, fn, "info is NULL");
    struct ft_info *i = ft_info_new();
    FT_CHECK_ARG(i, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    *info = i;
    return MPI_SUCCESS;
}

int PMPI_Info_set(MPI_Info info, const char *key, const char *value)
{
    static const char fn[] = "MPI_Info_set";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    CHECK_WRITABLE(info, fn);
    int rc = check_key(fn, key);
    if (rc)
        return rc;
    FT_CHECK_ARG(value, NULL, MPI_ERR_INFO_VALUE, fn, "value is NULL");
    size_t n = strlen(value);
    FT_CHECK_ARG(n > 0, NULL, MPI_ERR_INFO_VALUE, fn, "value is empty");
    FT_CHECK_ARG(n <= MPI_MAX_INFO_VAL, NULL, MPI_ERR_INFO_VALUE, fn,
                 "value is %zu characters long (MPI_MAX_INFO_VAL is %d)", n,
                 MPI_MAX_INFO_VAL);
    return ft_api_ret(NULL, ft_info_set(info, key, value), fn);
}

int PMPI_Info_delete(MPI_Info info, const char *key)
{
    static const char fn[] = "MPI_Info_delete";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    CHECK_WRITABLE(info, fn);
    int rc = check_key(fn, key);
    if (rc)
        return rc;
    FT_CHECK_ARG(ft_info_delete(info, key) == 0, NULL, MPI_ERR_INFO_NOKEY, fn,
                 "key '%s' is not in info", key);
    return MPI_SUCCESS;
}

int PMPI_Info_get(MPI_Info info, const char *key, int valuelen, char *value,
                  int *flag)
{
    static const char fn[] = "MPI_Info_get";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    int rc = check_key(fn, key);
    if (rc)
        return rc;
    FT_CHECK_ARG(valuelen >= 0, NULL, MPI_ERR_ARG, fn,
                 "valuelen=%d is negative", valuelen);
    FT_CHECK_ARG(value && flag, NULL, MPI_ERR_ARG, fn,
                 "value or flag is NULL");
    const char *v = ft_info_get(info, key);
    *flag = v != NULL;
    if (v) {
        /* At most valuelen characters, then the terminator: the buffer
         * holds valuelen + 1. */
        size_t n = strlen(v);
        if (n > (size_t)valuelen)
            n = (size_t)valuelen;
        memcpy(value, v, n);
        value[n] = 0;
    }
    return MPI_SUCCESS;
}

int PMPI_Info_get_valuelen(MPI_Info info, const char *key, int *valuelen,
                           int *flag)
{
    static const char fn[] = "MPI_Info_get_valuelen";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    int rc = check_key(fn, key);
    if (rc)
        return rc;
    FT_CHECK_ARG(valuelen && flag, NULL, MPI_ERR_ARG, fn,
                 "valuelen or flag is NULL");
    const char *v = ft_info_get(info, key);
    *flag = v != NULL;
    if (v)
        *valuelen = (int)strlen(v);
    return MPI_SUCCESS;
}

int PMPI_Info_get_nkeys(MPI_Info info, int *nkeys)
{
    static const char fn[] = "MPI_Info_get_nkeys";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    FT_CHECK_ARG(nkeys, NULL, MPI_ERR_ARG, fn, "nkeys is NULL");
    *nkeys = info->n;
    return MPI_SUCCESS;
}

int PMPI_Info_get_nthkey(MPI_Info info, int n, char *key)
{
    static const char fn[] = "MPI_Info_get_nthkey";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    FT_CHECK_ARG(n >= 0 && n < info->n, NULL, MPI_ERR_ARG, fn,
                 "n=%d is not between 0 and nkeys-1 (nkeys is %d)", n,
                 info->n);
    FT_CHECK_ARG(key, NULL, MPI_ERR_ARG, fn, "key is NULL");
    strcpy(key, info->keys[n]); /* at most MPI_MAX_INFO_KEY + 1 bytes */
    return MPI_SUCCESS;
}

int PMPI_Info_dup(MPI_Info info, MPI_Info *newinfo)
{
    static const char fn[] = "MPI_Info_dup";
    FT_CHECK_READY(fn);
    CHECK_INFO(info, fn);
    FT_CHECK_ARG(newinfo, NULL, MPI_ERR_ARG, fn, "newinfo is NULL");
    struct ft_info *d;
    int rc = ft_info_dup(info, &d);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *newinfo = d;
    return MPI_SUCCESS;
}

int PMPI_Info_free(MPI_Info *info)
{
    static const char fn[] = "MPI_Info_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(info, NULL, MPI_ERR_ARG, fn, "info is NULL");
    CHECK_INFO(*info, fn);
    FT_CHECK_ARG(*info != MPI_INFO_ENV, NULL, MPI_ERR_INFO, fn,
                 "MPI_INFO_ENV cannot be freed");
    ft_info_release(*info);
    *info = MPI_INFO_NULL;
    return MPI_SUCCESS;
}
