/*
 * errors.c -- error classes, codes and strings, and calling error handlers
 * (MPI chapter 8.3-8.5).
 *
 * An error code is its class, or, for an error found by checking arguments,
 * a code that also carries a message naming the function and the argument:
 *
 *     code = generation << 20 | slot << 12 | class      (slot 1..255)
 *
 * MPI_Error_string turns it into "CLASS: meaning: detail"; MPI_Error_class
 * takes the low 12 bits.  Failures found while communicating (truncation,
 * failed processes, revoked communicators) return the plain class, which
 * programs written for Open MPI compare against directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "core/errhandler.h"
#include "core/win.h"
#include "mpi/api.h"

#pragma weak MPI_Error_string = PMPI_Error_string
#pragma weak MPI_Error_class = PMPI_Error_class
#pragma weak MPI_Add_error_class = PMPI_Add_error_class
#pragma weak MPI_Add_error_code = PMPI_Add_error_code
#pragma weak MPI_Add_error_string = PMPI_Add_error_string
#pragma weak MPI_Comm_create_errhandler = PMPI_Comm_create_errhandler
#pragma weak MPI_Errhandler_create = PMPI_Errhandler_create
#pragma weak MPI_Errhandler_free = PMPI_Errhandler_free
#pragma weak MPI_Comm_call_errhandler = PMPI_Comm_call_errhandler

struct ft_engine *ft_api_eng;
enum ft_api_state ft_api_state;

static const struct {
    const char *name, *text;
} classes[] = {
    [MPI_SUCCESS] = {"MPI_SUCCESS", "no error"},
    [MPI_ERR_BUFFER] = {"MPI_ERR_BUFFER", "invalid buffer pointer"},
    [MPI_ERR_COUNT] = {"MPI_ERR_COUNT", "invalid count argument"},
    [MPI_ERR_TYPE] = {"MPI_ERR_TYPE", "invalid datatype"},
    [MPI_ERR_TAG] = {"MPI_ERR_TAG", "invalid tag"},
    [MPI_ERR_COMM] = {"MPI_ERR_COMM", "invalid communicator"},
    [MPI_ERR_RANK] = {"MPI_ERR_RANK", "invalid rank"},
    [MPI_ERR_REQUEST] = {"MPI_ERR_REQUEST", "invalid request"},
    [MPI_ERR_ROOT] = {"MPI_ERR_ROOT", "invalid root"},
    [MPI_ERR_GROUP] = {"MPI_ERR_GROUP", "invalid group"},
    [MPI_ERR_OP] = {"MPI_ERR_OP", "invalid reduction operation"},
    [MPI_ERR_TOPOLOGY] = {"MPI_ERR_TOPOLOGY", "invalid topology"},
    [MPI_ERR_DIMS] = {"MPI_ERR_DIMS", "invalid dimension argument"},
    [MPI_ERR_ARG] = {"MPI_ERR_ARG", "invalid argument"},
    [MPI_ERR_UNKNOWN] = {"MPI_ERR_UNKNOWN", "unknown error"},
    [MPI_ERR_TRUNCATE] = {"MPI_ERR_TRUNCATE",
                          "message truncated: the receive buffer is too small"},
    [MPI_ERR_OTHER] = {"MPI_ERR_OTHER", "other error"},
    [MPI_ERR_INTERN] = {"MPI_ERR_INTERN", "internal error"},
    [MPI_ERR_IN_STATUS] = {"MPI_ERR_IN_STATUS",
                           "error code is in the status array"},
    [MPI_ERR_PENDING] = {"MPI_ERR_PENDING", "pending request"},
    [MPI_ERR_ACCESS] = {"MPI_ERR_ACCESS", "permission denied"},
    [MPI_ERR_AMODE] = {"MPI_ERR_AMODE", "invalid file access mode"},
    [MPI_ERR_ASSERT] = {"MPI_ERR_ASSERT", "invalid assert argument"},
    [MPI_ERR_BAD_FILE] = {"MPI_ERR_BAD_FILE", "invalid file name"},
    [MPI_ERR_BASE] = {"MPI_ERR_BASE", "invalid base argument"},
    [MPI_ERR_CONVERSION] = {"MPI_ERR_CONVERSION", "data conversion failed"},
    [MPI_ERR_DISP] = {"MPI_ERR_DISP", "invalid displacement"},
    [MPI_ERR_DUP_DATAREP] = {"MPI_ERR_DUP_DATAREP",
                             "data representation already defined"},
    [MPI_ERR_FILE_EXISTS] = {"MPI_ERR_FILE_EXISTS", "file exists"},
    [MPI_ERR_FILE_IN_USE] = {"MPI_ERR_FILE_IN_USE", "file in use"},
    [MPI_ERR_FILE] = {"MPI_ERR_FILE", "invalid file"},
    [MPI_ERR_INFO_KEY] = {"MPI_ERR_INFO_KEY", "invalid info key"},
    [MPI_ERR_INFO_NOKEY] = {"MPI_ERR_INFO_NOKEY", "no such info key"},
    [MPI_ERR_INFO_VALUE] = {"MPI_ERR_INFO_VALUE", "invalid info value"},
    [MPI_ERR_INFO] = {"MPI_ERR_INFO", "invalid info object"},
    [MPI_ERR_IO] = {"MPI_ERR_IO", "input/output error"},
    [MPI_ERR_KEYVAL] = {"MPI_ERR_KEYVAL", "invalid attribute key"},
    [MPI_ERR_LOCKTYPE] = {"MPI_ERR_LOCKTYPE", "invalid lock type"},
    [MPI_ERR_NAME] = {"MPI_ERR_NAME", "service name not found"},
    [MPI_ERR_NO_MEM] = {"MPI_ERR_NO_MEM", "out of memory"},
    [MPI_ERR_NOT_SAME] = {"MPI_ERR_NOT_SAME",
                          "arguments differ between processes"},
    [MPI_ERR_NO_SPACE] = {"MPI_ERR_NO_SPACE", "no space left"},
    [MPI_ERR_NO_SUCH_FILE] = {"MPI_ERR_NO_SUCH_FILE", "no such file"},
    [MPI_ERR_PORT] = {"MPI_ERR_PORT", "invalid port name"},
    [MPI_ERR_QUOTA] = {"MPI_ERR_QUOTA", "quota exceeded"},
    [MPI_ERR_READ_ONLY] = {"MPI_ERR_READ_ONLY", "read-only file"},
    [MPI_ERR_RMA_CONFLICT] = {"MPI_ERR_RMA_CONFLICT",
                              "conflicting accesses to a window"},
    [MPI_ERR_RMA_SYNC] = {"MPI_ERR_RMA_SYNC", "wrong synchronization of RMA"},
    [MPI_ERR_SERVICE] = {"MPI_ERR_SERVICE", "invalid service name"},
    [MPI_ERR_SIZE] = {"MPI_ERR_SIZE", "invalid size"},
    [MPI_ERR_SPAWN] = {"MPI_ERR_SPAWN", "cannot spawn processes"},
    [MPI_ERR_UNSUPPORTED_DATAREP] = {"MPI_ERR_UNSUPPORTED_DATAREP",
                                     "unsupported data representation"},
    [MPI_ERR_UNSUPPORTED_OPERATION] = {"MPI_ERR_UNSUPPORTED_OPERATION",
                                       "unsupported operation"},
    [MPI_ERR_WIN] = {"MPI_ERR_WIN", "invalid window"},
    [MPI_ERR_RMA_RANGE] = {"MPI_ERR_RMA_RANGE", "target memory out of range"},
    [MPI_ERR_RMA_ATTACH] = {"MPI_ERR_RMA_ATTACH", "cannot attach memory"},
    [MPI_ERR_RMA_SHARED] = {"MPI_ERR_RMA_SHARED",
                            "memory cannot be shared"},
    [MPI_ERR_RMA_FLAVOR] = {"MPI_ERR_RMA_FLAVOR", "wrong window flavor"},
    [MPI_T_ERR_INVALID] = {"MPI_T_ERR_INVALID", "invalid tool argument"},
    [MPIX_ERR_PROC_FAILED] = {"MPIX_ERR_PROC_FAILED",
                              "a process in the communicator has failed"},
    [MPIX_ERR_PROC_FAILED_PENDING] = {
        "MPIX_ERR_PROC_FAILED_PENDING",
        "a wildcard receive is pending on an unacknowledged process failure"},
    [MPIX_ERR_REVOKED] = {"MPIX_ERR_REVOKED",
                          "the communicator has been revoked"},
    [MPI_ERR_LASTCODE] = {"MPI_ERR_LASTCODE", "last error code"},
};
#define NCLASSES ((int)(sizeof classes / sizeof classes[0]))

/* Messages carried by detailed codes. */
#define NSLOTS 256
static struct {
    unsigned gen;
    char text[384];
} slots[NSLOTS];
static unsigned next_slot = 1, generation = 1;

/* User-defined classes and codes (MPI_Add_error_*), values 100..4095. */
#define USER_FIRST (MPI_ERR_LASTCODE + 1)
#define USER_LAST 4095
static struct {
    int cls; /* itself for a class */
    char *text;
} user[USER_LAST + 1];
static int last_user = MPI_ERR_LASTCODE;

static bool is_valid_class(int c)
{
    if (c >= 0 && c < NCLASSES && classes[c].name)
        return true;
    return c >= USER_FIRST && c <= last_user && user[c].cls == c;
}

/* The class of any code, or -1 if it is not a code. */
static int code_class(int code)
{
    if (code < 0)
        return -1;
    if (code > USER_LAST)
        return code & 0xfff;
    if (code < NCLASSES)
        return classes[code].name ? code : -1;
    if (code <= last_user)
        return user[code].cls;
    return -1;
}

static const char *class_text(int cls)
{
    if (cls >= 0 && cls < NCLASSES && classes[cls].name)
        return classes[cls].text;
    if (cls >= USER_FIRST && cls <= last_user && user[cls].text)
        return user[cls].text;
    return "user-defined error";
}

static const char *class_name(int cls)
{
    if (cls >= 0 && cls < NCLASSES && classes[cls].name)
        return classes[cls].name;
    return "MPI_ERR_USER";
}

static int make_code(int cls, const char *text)
{
    unsigned slot = next_slot;
    next_slot = next_slot % (NSLOTS - 1) + 1;
    if (slot == 1)
        generation = (generation + 1) & 0x7ff;
    slots[slot].gen = generation;
    snprintf(slots[slot].text, sizeof slots[slot].text, "%s", text);
    return (int)(generation << 20 | slot << 12 | (unsigned)cls);
}

/* The string for any code; buf must hold MPI_MAX_ERROR_STRING. */
static void code_string(int code, char *buf)
{
    int cls = code_class(code);
    if (cls < 0) {
        snprintf(buf, MPI_MAX_ERROR_STRING, "unknown error code %d", code);
        return;
    }
    if (code <= USER_LAST) {
        if (code >= USER_FIRST && user[code].text)
            snprintf(buf, MPI_MAX_ERROR_STRING, "%s", user[code].text);
        else
            snprintf(buf, MPI_MAX_ERROR_STRING, "%s: %s", class_name(cls),
                     class_text(cls));
        return;
    }
    unsigned slot = ((unsigned)code >> 12) & 0xff;
    unsigned gen = (unsigned)code >> 20;
    if (slot && slots[slot].gen == gen)
        snprintf(buf, MPI_MAX_ERROR_STRING, "%s: %s: %s", class_name(cls),
                 class_text(cls), slots[slot].text);
    else
        snprintf(buf, MPI_MAX_ERROR_STRING, "%s: %s", class_name(cls),
                 class_text(cls));
}

int ft_api_class(int rc)
{
    switch (rc) {
    case 0:
        return MPI_SUCCESS;
    case -FT_EPROCFAILED:
        return MPIX_ERR_PROC_FAILED;
    case -FT_EPENDING:
        return MPIX_ERR_PROC_FAILED_PENDING;
    case -FT_EREVOKED:
        return MPIX_ERR_REVOKED;
    case -FT_ETRUNCATE:
        return MPI_ERR_TRUNCATE;
    case -ENOMEM:
        return MPI_ERR_NO_MEM;
    case -FT_EWINRANGE:
        return MPI_ERR_RMA_RANGE;
    case -EINVAL:
        return MPI_ERR_ARG;
    case -FT_EAGAIN:
    case -FT_EPROTO:
    case -FT_EHUBGONE:
    default:
        return MPI_ERR_OTHER;
    }
}

/* what names the object whose handler is fatal ("a communicator"...). */
static _Noreturn void fatal(const char *what, int code, const char *how)
{
    char s[MPI_MAX_ERROR_STRING];
    code_string(code, s);
    int rank = ft_api_eng ? ft_api_eng->rank : 0;
    ft_log(FT_LOG_ERROR, "rank %d: %s", rank, s);
    ft_log(FT_LOG_ERROR, "rank %d: the error handler of %s is %s: aborting "
           "the job", rank, what, how);
    int cls = code_class(code);
    int exitcode = cls > 0 && cls < 256 ? cls : 1;
    if (ft_api_eng && !ft_api_eng->client.singleton)
        ft_client_abort(&ft_api_eng->client, exitcode, s);
    _exit(exitcode);
}

/* Calls error handler eh for code; handle points at the object's handle
 * (what a user's function receives), what names the object.  Returns the
 * code. */
static int raise_eh(struct ft_errhandler *eh, void *handle, const char *what,
                    int code)
{
    switch (eh->kind) {
    case FT_EH_RETURN:
        return code;
    case FT_EH_USER: {
        int c = code;
        eh->fn(handle, &c);
        return code;
    }
    case FT_EH_ABORT:
        fatal(what, code, "MPI_ERRORS_ABORT");
    case FT_EH_FATAL:
    default:
        fatal(what, code, "MPI_ERRORS_ARE_FATAL");
    }
}

/* Calls comm's error handler for code; returns the code. */
static int raise_on(MPI_Comm comm, int code)
{
    struct ft_errhandler *eh;
    if (ft_api_comm_ok(comm))
        eh = comm->errh;
    else if (ft_api_state == FT_API_READY)
        eh = MPI_COMM_WORLD->errh;
    else
        eh = &ftmpi_errors_are_fatal; /* the initial error handler */
    if (!ft_api_comm_ok(comm) && ft_api_state == FT_API_READY)
        comm = MPI_COMM_WORLD;
    MPI_Comm h = comm;
    const char *what = ft_api_comm_ok(comm) && comm->name[0]
                           ? comm->name
                           : "a communicator";
    return raise_eh(eh, &h, what, code);
}

/* Calls w's error handler for code.  w may have been freed by the user
 * already: its struct lives while the caller holds a reference. */
static int raise_on_win(struct ft_win *w, int code)
{
    if (!w || !w->errh)
        return raise_on(NULL, code);
    MPI_Win h = w;
    return raise_eh(w->errh, &h, w->name[0] ? w->name : "a window", code);
}

int ft_api_err(MPI_Comm comm, int cls, const char *fn, const char *fmt, ...)
{
    char detail[320], text[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    snprintf(text, sizeof text, "%s: %s", fn, detail);
    return raise_on(comm, make_code(cls, text));
}

/* The MPI code for an internal result rc (not 0) of fn. */
static int ret_code(int rc, const char *fn)
{
    if (rc > 0) /* an MPI code from a user callback: passed on as it is */
        return rc;
    int cls = ft_api_class(rc);
    if (cls == MPIX_ERR_PROC_FAILED || cls == MPIX_ERR_PROC_FAILED_PENDING ||
        cls == MPIX_ERR_REVOKED || cls == MPI_ERR_TRUNCATE)
        return cls;
    char text[384];
    snprintf(text, sizeof text, "%s: %s", fn, ft_strerror(rc));
    return make_code(cls, text);
}

int ft_api_ret(MPI_Comm comm, int rc, const char *fn)
{
    if (rc == 0)
        return MPI_SUCCESS;
    return raise_on(comm, ret_code(rc, fn));
}

int ft_api_win_err(struct ft_win *win, int cls, const char *fn,
                   const char *fmt, ...)
{
    char detail[320], text[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    snprintf(text, sizeof text, "%s: %s", fn, detail);
    return raise_on_win(win, make_code(cls, text));
}

int ft_api_win_ret(struct ft_win *win, int rc, const char *fn)
{
    if (rc == 0)
        return MPI_SUCCESS;
    return raise_on_win(win, ret_code(rc, fn));
}

int ft_api_win_raise(struct ft_win *win, int code)
{
    return code == MPI_SUCCESS ? code : raise_on_win(win, code);
}

int ft_api_raise(MPI_Comm comm, int code)
{
    return code == MPI_SUCCESS ? code : raise_on(comm, code);
}

int ft_api_not_ready(const char *fn)
{
    return ft_api_err(NULL, MPI_ERR_OTHER, fn, "%s",
                      ft_api_state == FT_API_BEFORE
                          ? "called before MPI_Init"
                          : "called after MPI_Finalize");
}

bool ft_api_errors_return(MPI_Comm comm)
{
    return ft_api_comm_ok(comm) && comm->errh->kind != FT_EH_FATAL &&
           comm->errh->kind != FT_EH_ABORT;
}

int ft_api_check_buf(MPI_Comm comm, const char *fn, const void *buf,
                     int count, MPI_Datatype dt, const char *bufname)
{
    if (count < 0)
        return ft_api_err(comm, MPI_ERR_COUNT, fn,
                          "negative count %d (argument count)", count);
    if (!ft_api_type_ok(dt))
        return ft_api_err(comm, MPI_ERR_TYPE, fn,
                          "invalid datatype (argument datatype)");
    if (!(dt->flags & FT_DT_COMMITTED))
        return ft_api_err(comm, MPI_ERR_TYPE, fn,
                          "datatype %s is not committed", dt->name[0] ? dt->name
                                                                      : "");
    if (!buf && count > 0 && dt->size > 0 && (dt->flags & FT_DT_PREDEF))
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "%s is NULL but count is %d", bufname, count);
    return 0;
}

int ft_api_check_rank(MPI_Comm comm, const char *fn, int rank,
                      const char *argname, bool any_ok)
{
    if (ft_api_eng) { /* for supervision: whom a blocked call waits for */
        ft_api_eng->call.peer_arg = argname;
        ft_api_eng->call.peer = rank;
    }
    if (rank == MPI_PROC_NULL || (any_ok && rank == MPI_ANY_SOURCE))
        return 0;
    if (rank < 0 || rank >= comm->npeers)
        return ft_api_err(comm, MPI_ERR_RANK, fn,
                          "%s=%d is not a rank of the communicator (size %d)",
                          argname, rank, comm->npeers);
    return 0;
}

int ft_api_check_tag(MPI_Comm comm, const char *fn, int tag, bool any_ok)
{
    if (ft_api_eng)
        ft_api_eng->call.tag = tag;
    if (tag == MPI_ANY_TAG && any_ok)
        return 0;
    if (tag < 0)
        return ft_api_err(comm, MPI_ERR_TAG, fn,
                          "tag=%d is negative (tags go from 0 to MPI_TAG_UB)",
                          tag);
    return 0;
}

/* ---- the functions of chapter 8.4-8.5 --------------------------------- */

int PMPI_Error_string(int errorcode, char *string, int *resultlen)
{
    if (!string || !resultlen)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Error_string",
                          "string or resultlen is NULL");
    if (code_class(errorcode) < 0)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Error_string",
                          "%d is not an error code (argument errorcode)",
                          errorcode);
    code_string(errorcode, string);
    *resultlen = (int)strlen(string);
    return MPI_SUCCESS;
}

int PMPI_Error_class(int errorcode, int *errorclass)
{
    int cls = code_class(errorcode);
    if (cls < 0 || !errorclass)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Error_class",
                          "%d is not an error code (argument errorcode)",
                          errorcode);
    *errorclass = cls;
    return MPI_SUCCESS;
}

int PMPI_Add_error_class(int *errorclass)
{
    static const char fn[] = "MPI_Add_error_class";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(errorclass, NULL, MPI_ERR_ARG, fn, "errorclass is NULL");
    FT_CHECK_ARG(last_user < USER_LAST, NULL, MPI_ERR_OTHER, fn,
                 "no more error classes can be added");
    int c = ++last_user;
    user[c].cls = c;
    *errorclass = c;
    return MPI_SUCCESS;
}

int PMPI_Add_error_code(int errorclass, int *errorcode)
{
    static const char fn[] = "MPI_Add_error_code";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(errorcode, NULL, MPI_ERR_ARG, fn, "errorcode is NULL");
    FT_CHECK_ARG(is_valid_class(errorclass), NULL, MPI_ERR_ARG, fn,
                 "%d is not an error class (argument errorclass)", errorclass);
    FT_CHECK_ARG(last_user < USER_LAST, NULL, MPI_ERR_OTHER, fn,
                 "no more error codes can be added");
    int c = ++last_user;
    user[c].cls = errorclass;
    *errorcode = c;
    return MPI_SUCCESS;
}

int PMPI_Add_error_string(int errorcode, const char *string)
{
    static const char fn[] = "MPI_Add_error_string";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(string, NULL, MPI_ERR_ARG, fn, "string is NULL");
    FT_CHECK_ARG(errorcode >= USER_FIRST && errorcode <= last_user, NULL,
                 MPI_ERR_ARG, fn,
                 "%d is not a user-defined error code or class", errorcode);
    FT_CHECK_ARG(strlen(string) < MPI_MAX_ERROR_STRING, NULL, MPI_ERR_ARG, fn,
                 "string is longer than MPI_MAX_ERROR_STRING");
    char *s = strdup(string);
    FT_CHECK_ARG(s, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    free(user[errorcode].text);
    user[errorcode].text = s;
    return MPI_SUCCESS;
}

/* ---- error handler objects (chapter 8.3) ------------------------------- */

static int create_errhandler(const char *fn,
                             MPI_Comm_errhandler_function *function,
                             MPI_Errhandler *errhandler)
{
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(function, NULL, MPI_ERR_ARG, fn, "the function is NULL");
    FT_CHECK_ARG(errhandler, NULL, MPI_ERR_ARG, fn, "errhandler is NULL");
    /* The handler is called with an MPI_Comm *, stored as a void *. */
    struct ft_errhandler *e = ft_errhandler_new(
        FT_EH_COMM, (void (*)(void *, int *, ...))function);
    FT_CHECK_ARG(e, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    *errhandler = e;
    return MPI_SUCCESS;
}

int PMPI_Comm_create_errhandler(MPI_Comm_errhandler_function *function,
                                MPI_Errhandler *errhandler)
{
    return create_errhandler("MPI_Comm_create_errhandler", function,
                             errhandler);
}

int PMPI_Errhandler_create(MPI_Comm_errhandler_function *function,
                           MPI_Errhandler *errhandler)
{
    return create_errhandler("MPI_Errhandler_create", function, errhandler);
}

int PMPI_Errhandler_free(MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Errhandler_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(errhandler, NULL, MPI_ERR_ARG, fn, "errhandler is NULL");
    FT_CHECK_ARG(ft_api_errh_ok(*errhandler), NULL, MPI_ERR_ARG, fn,
                 "invalid error handler (argument errhandler)");
    /* A predefined handler is only forgotten by this handle; a user one
     * lives on while a communicator uses it. */
    ft_errhandler_release(*errhandler);
    *errhandler = MPI_ERRHANDLER_NULL;
    return MPI_SUCCESS;
}

int PMPI_Comm_call_errhandler(MPI_Comm comm, int errorcode)
{
    static const char fn[] = "MPI_Comm_call_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    /* MPI_ERRORS_ARE_FATAL ends the job here; every handler that returns
     * makes this call a success. */
    raise_on(comm, errorcode);
    return MPI_SUCCESS;
}

int ft_api_last_used_code(void)
{
    return last_user;
}
