/*
 * t.h -- helpers for MPI test programs.
 *
 * A test checks with T_CHECK and ends with t_finish("name"), which gathers
 * the error counts at rank 0 (with point-to-point only, so it works before
 * collectives do) and prints one verdict line: "PASS name" or
 * "FAIL name: N errors".  The exit status is 0 only on PASS.
 */
#ifndef FTMPI_TEST_T_H
#define FTMPI_TEST_T_H

#include <mpi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_errors;

static inline void t_fail(const char *file, int line, const char *fmt, ...)
{
    int rank = -1, init = 0;
    MPI_Initialized(&init);
    if (init)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "rank %d: %s:%d: check failed: %s\n", rank, file, line,
            msg);
    t_errors++;
}

#define T_CHECK(cond, ...)                                                    \
    do {                                                                      \
        if (!(cond))                                                          \
            t_fail(__FILE__, __LINE__, __VA_ARGS__);                          \
    } while (0)

/* Checks an MPI call returned MPI_SUCCESS. */
#define T_OK(call)                                                            \
    do {                                                                      \
        int t_rc_ = (call);                                                   \
        if (t_rc_ != MPI_SUCCESS) {                                           \
            char t_s_[MPI_MAX_ERROR_STRING];                                  \
            int t_n_;                                                         \
            MPI_Error_string(t_rc_, t_s_, &t_n_);                             \
            t_fail(__FILE__, __LINE__, "%s returned %s", #call, t_s_);        \
        }                                                                     \
    } while (0)

/* Checks an MPI call failed with error class cls. */
#define T_ERRCLASS(call, cls)                                                 \
    do {                                                                      \
        int t_rc_ = (call), t_c_ = -1;                                        \
        MPI_Error_class(t_rc_, &t_c_);                                        \
        if (t_c_ != (cls))                                                    \
            t_fail(__FILE__, __LINE__, "%s: error class %d, expected %s",     \
                   #call, t_c_, #cls);                                        \
    } while (0)

/* Checks that the error string of code rc names word (the function and
 * the bad argument are in every message). */
static inline void t_expect_text(int rc, const char *word)
{
    char s[MPI_MAX_ERROR_STRING];
    int n;
    MPI_Error_string(rc, s, &n);
    T_CHECK(strstr(s, word) != NULL, "error string '%s' lacks '%s'", s,
            word);
}

/* A barrier by point-to-point messages on comm (gather to rank 0, then
 * release), for tests that must order phases without relying on
 * collectives. */
static inline void t_barrier(MPI_Comm comm)
{
    int r, n, tok = 0;
    MPI_Comm_rank(comm, &r);
    MPI_Comm_size(comm, &n);
    if (r == 0) {
        for (int i = 1; i < n; i++)
            MPI_Recv(&tok, 1, MPI_INT, i, 999998, comm, MPI_STATUS_IGNORE);
        for (int i = 1; i < n; i++)
            MPI_Send(&tok, 1, MPI_INT, i, 999997, comm);
    } else {
        MPI_Send(&tok, 1, MPI_INT, 0, 999998, comm);
        MPI_Recv(&tok, 1, MPI_INT, 0, 999997, comm, MPI_STATUS_IGNORE);
    }
}

/* Gathers error counts on comm and prints the verdict at its rank 0. */
static inline int t_finish_comm(const char *name, MPI_Comm comm)
{
    int rank, size, total = t_errors;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    if (rank == 0) {
        for (int i = 1; i < size; i++) {
            int e = 0;
            MPI_Recv(&e, 1, MPI_INT, i, 999999, comm, MPI_STATUS_IGNORE);
            total += e;
        }
        if (total)
            printf("FAIL %s: %d errors\n", name, total);
        else
            printf("PASS %s\n", name);
        fflush(stdout);
    } else {
        MPI_Send(&t_errors, 1, MPI_INT, 0, 999999, comm);
    }
    return total;
}

/* Ends a test whose verdict is gathered on comm (survivors of a failure);
 * the other ranks just finalize. */
static inline int t_finish_on(const char *name, MPI_Comm comm)
{
    int total = 0;
    if (comm != MPI_COMM_NULL)
        total = t_finish_comm(name, comm);
    MPI_Finalize();
    return total || t_errors ? 1 : 0;
}

static inline int t_finish(const char *name)
{
    /* A private communicator: the test's own wildcard receives can never
     * take the verdict's messages. */
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    int total = t_finish_comm(name, c);
    MPI_Comm_free(&c);
    MPI_Finalize();
    return total || t_errors ? 1 : 0;
}

#endif
