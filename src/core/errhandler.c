#include "core/errhandler.h"

#include <stdlib.h>

#include <mpi.h>

#include "core/magic.h"

#define PREDEF_EH(name, k)                                                    \
    FTMPI_EXPORT struct ft_errhandler name = {                                \
        .magic = FT_MAGIC_ERRH, .refcount = 1, .predefined = true,            \
        .kind = k, .obj = FT_EH_COMM};

PREDEF_EH(ftmpi_errors_are_fatal, FT_EH_FATAL)
PREDEF_EH(ftmpi_errors_return, FT_EH_RETURN)
PREDEF_EH(ftmpi_errors_abort, FT_EH_ABORT)

struct ft_errhandler *ft_errhandler_new(enum ft_eh_obj obj,
                                        void (*fn)(void *handle, int *code,
                                                   ...))
{
    struct ft_errhandler *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->magic = FT_MAGIC_ERRH;
    e->refcount = 1;
    e->kind = FT_EH_USER;
    e->obj = obj;
    e->fn = fn;
    return e;
}

void ft_errhandler_release(struct ft_errhandler *e)
{
    if (!e || e->predefined || --e->refcount > 0)
        return;
    e->magic = 0;
    free(e);
}
