/*
 * errhandler.h -- error handler objects.  What they do when called is the
 * API layer's business (src/mpi/errors.c); the core only stores them.
 */
#ifndef FT_CORE_ERRHANDLER_H
#define FT_CORE_ERRHANDLER_H

#include <stdbool.h>

enum ft_eh_kind {
    FT_EH_FATAL,  /* MPI_ERRORS_ARE_FATAL: abort the job */
    FT_EH_ABORT,  /* MPI_ERRORS_ABORT: abort the job */
    FT_EH_RETURN, /* MPI_ERRORS_RETURN: return the code */
    FT_EH_USER,   /* a user function */
};

enum ft_eh_obj { FT_EH_COMM, FT_EH_WIN, FT_EH_FILE };

struct ft_errhandler {
    unsigned magic; /* FT_MAGIC_ERRH while valid */
    int refcount;
    bool predefined;
    enum ft_eh_kind kind;
    enum ft_eh_obj obj;
    void (*fn)(void *handle, int *code, ...); /* FT_EH_USER */
};

static inline void ft_errhandler_retain(struct ft_errhandler *e)
{
    if (e && !e->predefined)
        e->refcount++;
}

/* A user error handler for objects of kind obj calling fn, with one
 * reference; NULL when out of memory. */
struct ft_errhandler *ft_errhandler_new(enum ft_eh_obj obj,
                                        void (*fn)(void *handle, int *code,
                                                   ...));

/* Drops a reference; the last one frees a user handler.  Predefined
 * handlers and NULL are ignored. */
void ft_errhandler_release(struct ft_errhandler *e);

#endif
