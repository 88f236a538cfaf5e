/*
 * init.c -- starting and ending MPI, and the rest of MPI chapter 8
 * (environmental management) and chapter 12.4 (threads).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/param.h"
#include "coll/coll.h"
#include "core/info.h"
#include "ft/ft.h"
#include "mpi/api.h"

#pragma weak MPI_Init = PMPI_Init
#pragma weak MPI_Init_thread = PMPI_Init_thread
#pragma weak MPI_Finalize = PMPI_Finalize
#pragma weak MPI_Initialized = PMPI_Initialized
#pragma weak MPI_Finalized = PMPI_Finalized
#pragma weak MPI_Abort = PMPI_Abort
#pragma weak MPI_Query_thread = PMPI_Query_thread
#pragma weak MPI_Is_thread_main = PMPI_Is_thread_main
#pragma weak MPI_Get_version = PMPI_Get_version
#pragma weak MPI_Get_library_version = PMPI_Get_library_version
#pragma weak MPI_Get_processor_name = PMPI_Get_processor_name
#pragma weak MPI_Wtime = PMPI_Wtime
#pragma weak MPI_Wtick = PMPI_Wtick
#pragma weak MPI_Pcontrol = PMPI_Pcontrol
#pragma weak MPI_Alloc_mem = PMPI_Alloc_mem
#pragma weak MPI_Free_mem = PMPI_Free_mem

/* The highest level we can promise truthfully: any thread may call, one at
 * a time.  Nothing in the library depends on which thread calls. */
#define FT_THREAD_LEVEL MPI_THREAD_SERIALIZED

static struct ft_engine engine;
static int thread_level;
static pthread_t main_thread;

static int init(int *argc, char ***argv, int required, int *provided)
{
    static const char fn[] = "MPI_Init";
    if (ft_api_state != FT_API_BEFORE)
        return ft_api_err(NULL, MPI_ERR_OTHER, fn, "%s",
                          ft_api_state == FT_API_READY
                              ? "MPI is already initialized"
                              : "MPI cannot be initialized again after "
                                "MPI_Finalize");
    char why[512];
    if (ft_param_init(why, sizeof why))
        ft_log(FT_LOG_WARN, "%s; using the default", why);
    ft_log_verbosity = (int)ft_param(FT_P_DEBUG);
    int rc = ft_engine_init(&engine, why, sizeof why);
    if (rc) {
        ft_log(FT_LOG_ERROR, "MPI_Init failed: %s", why);
        if (!engine.client.singleton && !engine.client.hub_gone &&
            engine.client.conn.fd >= 0)
            ft_client_abort(&engine.client, 1, why);
        _exit(1);
    }
    char prefix[32];
    snprintf(prefix, sizeof prefix, "rank %d", engine.rank);
    ft_log_set_prefix(prefix);
    ft_api_eng = &engine;
    if ((rc = ft_comm_init_predefined(&engine)) ||
        (rc = ft_coll_init(&engine)) ||
        (rc = ft_info_env_init(argc ? *argc : 0, argv ? *argv : NULL,
                               engine.size))) {
        ft_log(FT_LOG_ERROR, "MPI_Init failed: %s", ft_strerror(rc));
        _exit(1);
    }
    /* Wire-up: every rank publishes its card and waits for the others, so
     * that no message is sent to a rank the run-time does not know yet. */
    char key[32], val[64];
    snprintf(key, sizeof key, "card.%d", engine.rank);
    snprintf(val, sizeof val, "pid=%d node=%d", (int)getpid(),
             engine.self->node);
    /* A replacement (rebuild mode) joins through recovery, not the fence:
     * the others are past MPI_Init. */
    if ((rc = ft_client_kv_put(&engine.client, key, val, strlen(val) + 1)) ||
        (!engine.client.replacement &&
         (rc = ft_client_kv_fence(&engine.client)))) {
        ft_log(FT_LOG_ERROR, "MPI_Init failed: the launcher is gone");
        _exit(1);
    }
    if ((rc = ft_ft_init(&engine))) {
        ft_log(FT_LOG_ERROR, "MPI_Init failed: %s", ft_strerror(rc));
        _exit(1);
    }
    /* MPI-4's initial error handler, from ftmpirun --initial-errhandler. */
    const char *ieh = getenv("FTMPI_INITIAL_ERRHANDLER");
    if (ieh && strcmp(ieh, "mpi_errors_return") == 0) {
        MPI_COMM_WORLD->errh = MPI_ERRORS_RETURN;
        MPI_COMM_SELF->errh = MPI_ERRORS_RETURN;
        ft_client_tolerant(&engine.client);
    }
    thread_level = required < FT_THREAD_LEVEL ? required : FT_THREAD_LEVEL;
    if (thread_level < MPI_THREAD_SINGLE)
        thread_level = MPI_THREAD_SINGLE;
    if (provided)
        *provided = thread_level;
    main_thread = pthread_self();
    ft_api_state = FT_API_READY;
    return MPI_SUCCESS;
}

int PMPI_Init(int *argc, char ***argv)
{
    return init(argc, argv, MPI_THREAD_SINGLE, NULL);
}

int PMPI_Init_thread(int *argc, char ***argv, int required, int *provided)
{
    if (required < MPI_THREAD_SINGLE || required > MPI_THREAD_MULTIPLE)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Init_thread",
                          "required=%d is not a thread level", required);
    return init(argc, argv, required, provided);
}

static bool nothing_detached(void *arg)
{
    return ((struct ft_engine *)arg)->detached == 0;
}

int PMPI_Finalize(void)
{
    static const char fn[] = "MPI_Finalize";
    FT_CHECK_READY(fn);
    /* First, as if MPI_COMM_SELF were freed: its attributes' delete
     * callbacks run, the last set first, while MPI still works (libraries
     * hook their cleanup there). */
    int code = ft_api_ret(MPI_COMM_SELF,
                          ft_api_comm_delete_attrs(MPI_COMM_SELF), fn);
    /* Sends the program freed (MPI_Request_free, buffered sends) must reach
     * their receivers before this process may leave; a failed peer ends
     * them with an error, so this cannot hang on a dead process. */
    ft_progress_wait(&engine, nothing_detached, &engine);
    ft_client_finalize(&engine.client);
    ft_api_state = FT_API_AFTER;
    ft_ft_fini(&engine);
    ft_coll_fini(&engine);
    ft_engine_fini(&engine);
    ft_api_eng = NULL;
    return code;
}

int PMPI_Initialized(int *flag)
{
    if (!flag)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Initialized", "flag is NULL");
    *flag = ft_api_state != FT_API_BEFORE;
    return MPI_SUCCESS;
}

int PMPI_Finalized(int *flag)
{
    if (!flag)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Finalized", "flag is NULL");
    *flag = ft_api_state == FT_API_AFTER;
    return MPI_SUCCESS;
}

int PMPI_Abort(MPI_Comm comm, int errorcode)
{
    (void)comm; /* the whole job ends, whichever communicator */
    int rank = ft_api_eng ? ft_api_eng->rank : 0;
    char msg[64];
    snprintf(msg, sizeof msg, "rank %d called MPI_Abort", rank);
    int code = errorcode & 0xff ? errorcode & 0xff : (errorcode ? 1 : 0);
    if (ft_api_eng && !ft_api_eng->client.singleton)
        ft_client_abort(&ft_api_eng->client, errorcode, "");
    else
        ft_log(FT_LOG_ERROR, "MPI_Abort called with code %d", errorcode);
    fflush(stdout);
    fflush(stderr);
    _exit(code);
}

int PMPI_Query_thread(int *provided)
{
    static const char fn[] = "MPI_Query_thread";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(provided, NULL, MPI_ERR_ARG, fn, "provided is NULL");
    *provided = thread_level;
    return MPI_SUCCESS;
}

int PMPI_Is_thread_main(int *flag)
{
    static const char fn[] = "MPI_Is_thread_main";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(flag, NULL, MPI_ERR_ARG, fn, "flag is NULL");
    *flag = pthread_equal(main_thread, pthread_self());
    return MPI_SUCCESS;
}

int PMPI_Get_version(int *version, int *subversion)
{
    if (!version || !subversion)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Get_version",
                          "version or subversion is NULL");
    *version = MPI_VERSION;
    *subversion = MPI_SUBVERSION;
    return MPI_SUCCESS;
}

int PMPI_Get_library_version(char *version, int *resultlen)
{
    if (!version || !resultlen)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Get_library_version",
                          "version or resultlen is NULL");
    int n = snprintf(version, MPI_MAX_LIBRARY_VERSION_STRING,
                     "ftmpi %s (fault-tolerant MPI; ULFM and FT-MPI recovery)",
                     FTMPI_VERSION_STRING);
    *resultlen = n;
    return MPI_SUCCESS;
}

int PMPI_Get_processor_name(char *name, int *resultlen)
{
    static const char fn[] = "MPI_Get_processor_name";
    FT_CHECK_ARG(name && resultlen, NULL, MPI_ERR_ARG, fn,
                 "name or resultlen is NULL");
    if (gethostname(name, MPI_MAX_PROCESSOR_NAME))
        strcpy(name, "localhost");
    name[MPI_MAX_PROCESSOR_NAME - 1] = 0;
    *resultlen = (int)strlen(name);
    return MPI_SUCCESS;
}

double PMPI_Wtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double PMPI_Wtick(void)
{
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int PMPI_Pcontrol(const int level, ...)
{
    (void)level;
    return MPI_SUCCESS;
}

int PMPI_Alloc_mem(MPI_Aint size, MPI_Info info, void *baseptr)
{
    static const char fn[] = "MPI_Alloc_mem";
    (void)info;
    FT_CHECK_ARG(size >= 0, NULL, MPI_ERR_SIZE, fn, "size %ld is negative",
                 (long)size);
    FT_CHECK_ARG(baseptr, NULL, MPI_ERR_ARG, fn, "baseptr is NULL");
    void *p = NULL;
    if (posix_memalign(&p, 64, size ? (size_t)size : 1))
        return ft_api_err(NULL, MPI_ERR_NO_MEM, fn,
                          "cannot allocate %ld bytes", (long)size);
    *(void **)baseptr = p;
    return MPI_SUCCESS;
}

int PMPI_Free_mem(void *base)
{
    free(base);
    return MPI_SUCCESS;
}
