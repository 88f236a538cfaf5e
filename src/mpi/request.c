/*
 * request.c -- completing requests: the Wait and Test families, Start,
 * Cancel, Request_free, and generalized requests (MPI 3.7, 12.2).
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "mpi/api.h"

#pragma weak MPI_Wait = PMPI_Wait
#pragma weak MPI_Test = PMPI_Test
#pragma weak MPI_Waitany = PMPI_Waitany
#pragma weak MPI_Testany = PMPI_Testany
#pragma weak MPI_Waitall = PMPI_Waitall
#pragma weak MPI_Testall = PMPI_Testall
#pragma weak MPI_Waitsome = PMPI_Waitsome
#pragma weak MPI_Testsome = PMPI_Testsome
#pragma weak MPI_Request_free = PMPI_Request_free
#pragma weak MPI_Request_get_status = PMPI_Request_get_status
#pragma weak MPI_Cancel = PMPI_Cancel
#pragma weak MPI_Test_cancelled = PMPI_Test_cancelled
#pragma weak MPI_Start = PMPI_Start
#pragma weak MPI_Startall = PMPI_Startall
#pragma weak MPI_Grequest_start = PMPI_Grequest_start
#pragma weak MPI_Grequest_complete = PMPI_Grequest_complete

struct greq {
    MPI_Grequest_query_function *query;
    MPI_Grequest_free_function *free;
    MPI_Grequest_cancel_function *cancel;
    void *extra;
};

/* For supervision: the first request a wait will block on. */
static void record_wait(MPI_Request reqs[], int n)
{
    for (int i = 0; i < n; i++) {
        if (reqs[i] && !(reqs[i]->persistent && !reqs[i]->active) &&
            !reqs[i]->complete) {
            ft_api_eng->call.req = reqs[i];
            return;
        }
    }
}

static bool req_ok(MPI_Request r)
{
    return r && r->magic == FT_MAGIC_REQ;
}

/* A request that is null or an inactive persistent one. */
static bool req_inactive(MPI_Request r)
{
    return !r || (r->persistent && !r->active);
}

static void empty_status(MPI_Status *s)
{
    if (!s)
        return;
    s->MPI_SOURCE = MPI_ANY_SOURCE;
    s->MPI_TAG = MPI_ANY_TAG;
    s->ftmpi_count = 0;
    s->ftmpi_cancelled = 0;
}

static MPI_Comm req_comm(const struct ft_request *r)
{
    return r && r->comm ? r->comm : MPI_COMM_WORLD;
}

/* Does the bookkeeping of a completed request: fills status, frees or
 * deactivates it, and returns its internal result. */
static int finish(MPI_Request *h, MPI_Status *status)
{
    struct ft_request *r = *h;
    int err = r->error;
    if (r->kind == FT_REQ_GREQ) {
        struct greq *g = r->ext;
        MPI_Status tmp;
        MPI_Status *s = status ? status : &tmp;
        empty_status(s);
        int qrc = g->query(g->extra, s);
        int frc = g->free(g->extra);
        free(g);
        r->ext = NULL;
        ft_req_release(&ft_api_eng->reqs, r);
        *h = MPI_REQUEST_NULL;
        return qrc ? qrc : frc; /* already an MPI code */
    }
    struct ft_status st;
    ft_req_status(r, &st);
    if (status) {
        if (r->kind == FT_REQ_RECV) {
            ft_api_status(status, &st);
        } else {
            empty_status(status);
            status->ftmpi_cancelled = st.cancelled;
        }
    }
    if (r->persistent) {
        r->active = false;
    } else {
        ft_req_release(&ft_api_eng->reqs, r);
        *h = MPI_REQUEST_NULL;
    }
    return err;
}

/* The code finish() returned, for the API: internal codes become MPI
 * codes (generalized requests already return MPI codes). */
static int finish_code(MPI_Comm comm, bool greq, int rc, const char *fn,
                       bool raise)
{
    if (greq)
        return rc;
    if (!raise) {
        int cls = ft_api_class(rc);
        return cls;
    }
    return ft_api_ret(comm, rc, fn);
}

/* Finishes the complete request *h and returns its code for the API,
 * raised on the request's communicator.  The communicator is kept alive
 * until then: the request may have held its last reference. */
static int finish_raise(MPI_Request *h, MPI_Status *status, const char *fn)
{
    if ((*h)->kind == FT_REQ_RMA) {
        /* One-sided: the window's error handler, even if the window was
         * freed meanwhile (the request kept it alive until now). */
        struct ft_win *w = ft_win_of_req(*h);
        ft_win_retain(w);
        int rc = finish(h, status);
        rc = ft_api_win_ret(w, rc, fn);
        ft_win_release(w);
        return rc;
    }
    MPI_Comm comm = req_comm(*h);
    bool greq = (*h)->kind == FT_REQ_GREQ;
    ft_comm_retain(comm);
    int rc = finish(h, status);
    rc = finish_code(comm, greq, rc, fn, true);
    ft_comm_release(comm);
    return rc;
}

static int check_reqs(const char *fn, int count, MPI_Request reqs[])
{
    FT_CHECK_ARG(count >= 0, NULL, MPI_ERR_COUNT, fn,
                 "negative count %d (argument count)", count);
    FT_CHECK_ARG(count == 0 || reqs, NULL, MPI_ERR_ARG, fn,
                 "array_of_requests is NULL");
    for (int i = 0; i < count; i++)
        FT_CHECK_ARG(!reqs[i] || req_ok(reqs[i]), NULL, MPI_ERR_REQUEST, fn,
                     "array_of_requests[%d] is not a valid request", i);
    return 0;
}

int PMPI_Wait(MPI_Request *request, MPI_Status *status)
{
    static const char fn[] = "MPI_Wait";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(request, NULL, MPI_ERR_ARG, fn, "request is NULL");
    FT_CHECK_ARG(!*request || req_ok(*request), NULL, MPI_ERR_REQUEST, fn,
                 "invalid request (argument request)");
    if (req_inactive(*request)) {
        empty_status(status);
        return MPI_SUCCESS;
    }
    struct ft_request *r = *request;
    ft_api_eng->call.req = r;
    int rc = ft_req_wait(ft_api_eng, r);
    if (rc) /* interrupted: the request stays valid (ULFM) */
        return ft_api_ret(req_comm(r), rc, fn);
    return finish_raise(request, status, fn);
}

int PMPI_Test(MPI_Request *request, int *flag, MPI_Status *status)
{
    static const char fn[] = "MPI_Test";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(request && flag, NULL, MPI_ERR_ARG, fn,
                 "request or flag is NULL");
    FT_CHECK_ARG(!*request || req_ok(*request), NULL, MPI_ERR_REQUEST, fn,
                 "invalid request (argument request)");
    if (req_inactive(*request)) {
        *flag = 1;
        empty_status(status);
        return MPI_SUCCESS;
    }
    struct ft_request *r = *request;
    if (!r->complete)
        ft_progress(ft_api_eng);
    if (!r->complete) {
        int irc = ft_req_interrupted(r);
        /* Interrupted: reported as done with an error, the request
         * stays valid for another try after MPIX_Comm_failure_ack. */
        *flag = irc != 0;
        return irc ? ft_api_ret(req_comm(r), irc, fn) : MPI_SUCCESS;
    }
    *flag = 1;
    return finish_raise(request, status, fn);
}

struct array_arg {
    int count;
    MPI_Request *reqs;
    bool all;
};

/* all: every active request complete; otherwise: at least one. */
static bool array_ready(void *a)
{
    struct array_arg *x = a;
    int active = 0, done = 0;
    for (int i = 0; i < x->count; i++) {
        if (req_inactive(x->reqs[i]))
            continue;
        active++;
        if (x->reqs[i]->complete || ft_req_interrupted(x->reqs[i])) {
            done++;
            if (!x->all)
                return true;
        }
    }
    return x->all ? done == active : active == 0;
}

int PMPI_Waitany(int count, MPI_Request reqs[], int *index,
                 MPI_Status *status)
{
    static const char fn[] = "MPI_Waitany";
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, count, reqs);
    if (rc)
        return rc;
    FT_CHECK_ARG(index, NULL, MPI_ERR_ARG, fn, "index is NULL");
    struct array_arg a = {count, reqs, false};
    record_wait(a.reqs, a.count);
    rc = ft_progress_wait(ft_api_eng, array_ready, &a);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    for (int i = 0; i < count; i++) {
        if (req_inactive(reqs[i]))
            continue;
        if (!reqs[i]->complete) {
            int irc = ft_req_interrupted(reqs[i]);
            if (!irc)
                continue;
            *index = i;
            return ft_api_ret(req_comm(reqs[i]), irc, fn);
        }
        *index = i;
        return finish_raise(&reqs[i], status, fn);
    }
    *index = MPI_UNDEFINED;
    empty_status(status);
    return MPI_SUCCESS;
}

int PMPI_Testany(int count, MPI_Request reqs[], int *index, int *flag,
                 MPI_Status *status)
{
    static const char fn[] = "MPI_Testany";
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, count, reqs);
    if (rc)
        return rc;
    FT_CHECK_ARG(index && flag, NULL, MPI_ERR_ARG, fn,
                 "index or flag is NULL");
    struct array_arg a = {count, reqs, false};
    if (!array_ready(&a))
        ft_progress(ft_api_eng);
    int active = 0;
    for (int i = 0; i < count; i++) {
        if (req_inactive(reqs[i]))
            continue;
        active++;
        if (!reqs[i]->complete)
            continue;
        *index = i;
        *flag = 1;
        return finish_raise(&reqs[i], status, fn);
    }
    *index = MPI_UNDEFINED;
    *flag = active == 0;
    if (active == 0)
        empty_status(status);
    return MPI_SUCCESS;
}

/* Finishes every complete request of the array; fills statuses and
 * reports errors the MPI_ERR_IN_STATUS way. */
static int finish_all(const char *fn, int count, MPI_Request reqs[],
                      MPI_Status statuses[], int *outcount, int indices[])
{
    int nerr = 0, n = 0;
    MPI_Comm errcomm = NULL;
    struct ft_win *errwin = NULL; /* or the first error is a window's */
    int first_err = MPI_SUCCESS;
    for (int i = 0; i < count; i++) {
        MPI_Status *s = statuses ? &statuses[indices ? n : i] : NULL;
        if (req_inactive(reqs[i])) {
            if (!indices)
                empty_status(s);
            continue;
        }
        if (!reqs[i]->complete) {
            int irc = ft_req_interrupted(reqs[i]);
            if (irc) {
                /* Stays valid: reported, not completed (ULFM). */
                if (s)
                    s->MPI_ERROR = ft_api_class(irc);
                if (nerr++ == 0) {
                    errcomm = req_comm(reqs[i]);
                    ft_comm_retain(errcomm); /* released below */
                    first_err = ft_api_class(irc);
                }
                if (indices)
                    indices[n++] = i;
            } else if (!indices && s) {
                s->MPI_ERROR = MPI_ERR_PENDING;
            }
            continue;
        }
        MPI_Comm comm = req_comm(reqs[i]);
        bool greq = reqs[i]->kind == FT_REQ_GREQ;
        struct ft_win *win = ft_win_of_req(reqs[i]);
        ft_comm_retain(comm); /* the request may hold its last reference */
        if (win)
            ft_win_retain(win);
        int rc = finish(&reqs[i], s);
        int code = finish_code(comm, greq, rc, fn, false);
        if (s)
            s->MPI_ERROR = code;
        if (code != MPI_SUCCESS && nerr++ == 0) {
            errcomm = comm; /* released below */
            errwin = win;
            first_err = code;
        } else {
            ft_comm_release(comm);
            if (win)
                ft_win_release(win);
        }
        if (indices)
            indices[n] = i;
        n++;
    }
    if (outcount)
        *outcount = n;
    if (nerr == 0)
        return MPI_SUCCESS;
    int rc;
    if (errwin) {
        if (!statuses)
            rc = ft_api_win_raise(errwin, first_err);
        else
            rc = ft_api_win_err(errwin, MPI_ERR_IN_STATUS, fn,
                                "%d request(s) completed with an error; see "
                                "the MPI_ERROR field of the statuses",
                                nerr);
        ft_win_release(errwin);
    } else if (!statuses) { /* nowhere to put details: the first error */
        rc = ft_api_raise(errcomm, first_err);
    } else {
        rc = ft_api_err(errcomm, MPI_ERR_IN_STATUS, fn,
                        "%d request(s) completed with an error; see the "
                        "MPI_ERROR field of the statuses",
                        nerr);
    }
    ft_comm_release(errcomm);
    return rc;
}

int PMPI_Waitall(int count, MPI_Request reqs[], MPI_Status statuses[])
{
    static const char fn[] = "MPI_Waitall";
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, count, reqs);
    if (rc)
        return rc;
    struct array_arg a = {count, reqs, true};
    record_wait(a.reqs, a.count);
    rc = ft_progress_wait(ft_api_eng, array_ready, &a);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    return finish_all(fn, count, reqs, statuses, NULL, NULL);
}

int PMPI_Testall(int count, MPI_Request reqs[], int *flag,
                 MPI_Status statuses[])
{
    static const char fn[] = "MPI_Testall";
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, count, reqs);
    if (rc)
        return rc;
    FT_CHECK_ARG(flag, NULL, MPI_ERR_ARG, fn, "flag is NULL");
    struct array_arg a = {count, reqs, true};
    if (!array_ready(&a))
        ft_progress(ft_api_eng);
    if (!array_ready(&a)) {
        *flag = 0;
        return MPI_SUCCESS;
    }
    *flag = 1;
    return finish_all(fn, count, reqs, statuses, NULL, NULL);
}

static int some(const char *fn, int incount, MPI_Request reqs[],
                int *outcount, int indices[], MPI_Status statuses[],
                bool block)
{
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, incount, reqs);
    if (rc)
        return rc;
    FT_CHECK_ARG(outcount && (incount == 0 || indices), NULL, MPI_ERR_ARG,
                 fn, "outcount or array_of_indices is NULL");
    struct array_arg a = {incount, reqs, false};
    if (block) {
        record_wait(a.reqs, a.count);
    rc = ft_progress_wait(ft_api_eng, array_ready, &a);
        if (rc)
            return ft_api_ret(NULL, rc, fn);
    } else if (!array_ready(&a)) {
        ft_progress(ft_api_eng);
    }
    int active = 0;
    for (int i = 0; i < incount; i++)
        active += !req_inactive(reqs[i]);
    if (active == 0) {
        *outcount = MPI_UNDEFINED;
        return MPI_SUCCESS;
    }
    return finish_all(fn, incount, reqs, statuses, outcount, indices);
}

int PMPI_Waitsome(int incount, MPI_Request reqs[], int *outcount,
                  int indices[], MPI_Status statuses[])
{
    return some("MPI_Waitsome", incount, reqs, outcount, indices, statuses,
                true);
}

int PMPI_Testsome(int incount, MPI_Request reqs[], int *outcount,
                  int indices[], MPI_Status statuses[])
{
    return some("MPI_Testsome", incount, reqs, outcount, indices, statuses,
                false);
}

int PMPI_Request_free(MPI_Request *request)
{
    static const char fn[] = "MPI_Request_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(request && req_ok(*request), NULL, MPI_ERR_REQUEST, fn,
                 "invalid request (argument request)");
    struct ft_request *r = *request;
    *request = MPI_REQUEST_NULL;
    if (r->kind == FT_REQ_GREQ && r->complete) {
        struct greq *g = r->ext;
        g->free(g->extra);
        free(g);
        ft_req_release(&ft_api_eng->reqs, r);
        return MPI_SUCCESS;
    }
    if (r->complete || req_inactive(r)) {
        ft_req_release(&ft_api_eng->reqs, r);
        return MPI_SUCCESS;
    }
    r->persistent = false;
    r->user_freed = true; /* released when it completes */
    ft_api_eng->detached++;
    return MPI_SUCCESS;
}

int PMPI_Request_get_status(MPI_Request request, int *flag,
                            MPI_Status *status)
{
    static const char fn[] = "MPI_Request_get_status";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(flag, NULL, MPI_ERR_ARG, fn, "flag is NULL");
    FT_CHECK_ARG(!request || req_ok(request), NULL, MPI_ERR_REQUEST, fn,
                 "invalid request (argument request)");
    if (req_inactive(request)) {
        *flag = 1;
        empty_status(status);
        return MPI_SUCCESS;
    }
    if (!request->complete)
        ft_progress(ft_api_eng);
    *flag = request->complete;
    if (!*flag)
        return MPI_SUCCESS;
    if (request->kind == FT_REQ_GREQ) {
        struct greq *g = request->ext;
        MPI_Status tmp;
        return g->query(g->extra, status ? status : &tmp);
    }
    struct ft_status st;
    ft_req_status(request, &st);
    if (status) {
        if (request->kind == FT_REQ_RECV)
            ft_api_status(status, &st);
        else
            empty_status(status);
    }
    if (request->kind == FT_REQ_RMA)
        return ft_api_win_ret(ft_win_of_req(request), request->error, fn);
    return ft_api_ret(req_comm(request), request->error, fn);
}

int PMPI_Cancel(MPI_Request *request)
{
    static const char fn[] = "MPI_Cancel";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(request && req_ok(*request), NULL, MPI_ERR_REQUEST, fn,
                 "invalid request (argument request)");
    struct ft_request *r = *request;
    if (r->kind == FT_REQ_RECV) {
        ft_cancel_recv(ft_api_eng, r);
    } else if (r->kind == FT_REQ_GREQ && !r->complete) {
        struct greq *g = r->ext;
        return g->cancel(g->extra, 0);
    }
    /* Sends cannot be taken back once on their way; MPI allows that, and
     * MPI_Test_cancelled says so. */
    return MPI_SUCCESS;
}

int PMPI_Test_cancelled(const MPI_Status *status, int *flag)
{
    if (!status || !flag)
        return ft_api_err(NULL, MPI_ERR_ARG, "MPI_Test_cancelled",
                          "status or flag is NULL");
    *flag = status->ftmpi_cancelled;
    return MPI_SUCCESS;
}

static int start(const char *fn, MPI_Request r)
{
    FT_CHECK_ARG(req_ok(r) && r->persistent, NULL, MPI_ERR_REQUEST, fn,
                 "not a persistent request");
    FT_CHECK_ARG(!r->active, req_comm(r), MPI_ERR_REQUEST, fn,
                 "the request is already active");
    r->active = true;
    int rc;
    if (r->kind == FT_REQ_RECV)
        rc = ft_recv_start(ft_api_eng, r);
    else if (r->mode == FT_SEND_BUFFERED)
        rc = ft_api_start_bsend(r);
    else
        rc = ft_send_start(ft_api_eng, r);
    if (rc) {
        r->active = false;
        return ft_api_ret(req_comm(r), rc, fn);
    }
    return MPI_SUCCESS;
}

int PMPI_Start(MPI_Request *request)
{
    static const char fn[] = "MPI_Start";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(request, NULL, MPI_ERR_ARG, fn, "request is NULL");
    return start(fn, *request);
}

int PMPI_Startall(int count, MPI_Request reqs[])
{
    static const char fn[] = "MPI_Startall";
    FT_CHECK_READY(fn);
    int rc = check_reqs(fn, count, reqs);
    if (rc)
        return rc;
    for (int i = 0; i < count; i++)
        if ((rc = start(fn, reqs[i])))
            return rc;
    return MPI_SUCCESS;
}

int PMPI_Grequest_start(MPI_Grequest_query_function *query_fn,
                        MPI_Grequest_free_function *free_fn,
                        MPI_Grequest_cancel_function *cancel_fn,
                        void *extra_state, MPI_Request *request)
{
    static const char fn[] = "MPI_Grequest_start";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(query_fn && free_fn && cancel_fn && request, NULL,
                 MPI_ERR_ARG, fn, "a function or request is NULL");
    struct ft_request *r = ft_req_alloc(&ft_api_eng->reqs, FT_REQ_GREQ);
    struct greq *g = malloc(sizeof *g);
    if (!r || !g) {
        free(g);
        if (r)
            ft_req_release(&ft_api_eng->reqs, r);
        return ft_api_err(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    *g = (struct greq){query_fn, free_fn, cancel_fn, extra_state};
    r->ext = g;
    *request = r;
    return MPI_SUCCESS;
}

int PMPI_Grequest_complete(MPI_Request request)
{
    static const char fn[] = "MPI_Grequest_complete";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(req_ok(request) && request->kind == FT_REQ_GREQ, NULL,
                 MPI_ERR_REQUEST, fn, "not a generalized request");
    ft_req_complete(ft_api_eng, request, 0);
    return MPI_SUCCESS;
}
