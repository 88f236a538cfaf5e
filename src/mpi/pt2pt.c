/*
 * pt2pt.c -- point-to-point communication (MPI chapter 3), except the
 * completion calls (request.c) and buffered sends (bsend.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "mpi/api.h"

#pragma weak MPI_Send = PMPI_Send
#pragma weak MPI_Ssend = PMPI_Ssend
#pragma weak MPI_Rsend = PMPI_Rsend
#pragma weak MPI_Recv = PMPI_Recv
#pragma weak MPI_Isend = PMPI_Isend
#pragma weak MPI_Issend = PMPI_Issend
#pragma weak MPI_Irsend = PMPI_Irsend
#pragma weak MPI_Irecv = PMPI_Irecv
#pragma weak MPI_Get_count = PMPI_Get_count
#pragma weak MPI_Sendrecv = PMPI_Sendrecv
#pragma weak MPI_Sendrecv_replace = PMPI_Sendrecv_replace
#pragma weak MPI_Probe = PMPI_Probe
#pragma weak MPI_Iprobe = PMPI_Iprobe
#pragma weak MPI_Mprobe = PMPI_Mprobe
#pragma weak MPI_Improbe = PMPI_Improbe
#pragma weak MPI_Mrecv = PMPI_Mrecv
#pragma weak MPI_Imrecv = PMPI_Imrecv
#pragma weak MPI_Send_init = PMPI_Send_init
#pragma weak MPI_Ssend_init = PMPI_Ssend_init
#pragma weak MPI_Rsend_init = PMPI_Rsend_init
#pragma weak MPI_Recv_init = PMPI_Recv_init

/* The handle behind MPI_Message: a message taken by MPI_Mprobe. */
struct ft_message {
    uint32_t magic;
    struct ft_msg msg;
};

FTMPI_EXPORT struct ft_message ftmpi_message_no_proc = {.magic = FT_MAGIC_MSG};

/* Common checks of a send: comm, buffer, dest, tag. */
static int check_send(const char *fn, const void *buf, int count,
                      MPI_Datatype dt, int dest, int tag, MPI_Comm comm)
{
    int rc;
    if ((rc = ft_api_check_buf(comm, fn, buf, count, dt, "buf")) ||
        (rc = ft_api_check_rank(comm, fn, dest, "dest", false)) ||
        (rc = ft_api_check_tag(comm, fn, tag, false)))
        return rc;
    return 0;
}

static int check_recv(const char *fn, const void *buf, int count,
                      MPI_Datatype dt, int source, int tag, MPI_Comm comm)
{
    int rc;
    if ((rc = ft_api_check_buf(comm, fn, buf, count, dt, "buf")) ||
        (rc = ft_api_check_rank(comm, fn, source, "source", true)) ||
        (rc = ft_api_check_tag(comm, fn, tag, true)))
        return rc;
    return 0;
}

static int send(const char *fn, const void *buf, int count, MPI_Datatype dt,
                int dest, int tag, MPI_Comm comm, enum ft_send_mode mode)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = check_send(fn, buf, count, dt, dest, tag, comm);
    if (rc)
        return rc;
    return ft_api_ret(comm,
                      ft_send(comm, 0, buf, (size_t)count, dt, dest, tag, mode),
                      fn);
}

int PMPI_Send(const void *buf, int count, MPI_Datatype datatype, int dest,
              int tag, MPI_Comm comm)
{
    return send("MPI_Send", buf, count, datatype, dest, tag, comm,
                FT_SEND_STD);
}

int PMPI_Ssend(const void *buf, int count, MPI_Datatype datatype, int dest,
               int tag, MPI_Comm comm)
{
    return send("MPI_Ssend", buf, count, datatype, dest, tag, comm,
                FT_SEND_SYNC);
}

int PMPI_Rsend(const void *buf, int count, MPI_Datatype datatype, int dest,
               int tag, MPI_Comm comm)
{
    return send("MPI_Rsend", buf, count, datatype, dest, tag, comm,
                FT_SEND_READY);
}

int PMPI_Recv(void *buf, int count, MPI_Datatype datatype, int source, int tag,
              MPI_Comm comm, MPI_Status *status)
{
    static const char fn[] = "MPI_Recv";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = check_recv(fn, buf, count, datatype, source, tag, comm);
    if (rc)
        return rc;
    struct ft_status st;
    rc = ft_recv(comm, 0, buf, (size_t)count, datatype, source, tag, &st);
    if (rc == 0 || rc == -FT_ETRUNCATE)
        ft_api_status(status, &st);
    return ft_api_ret(comm, rc, fn);
}

static int isend(const char *fn, const void *buf, int count, MPI_Datatype dt,
                 int dest, int tag, MPI_Comm comm, enum ft_send_mode mode,
                 MPI_Request *request)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_send(fn, buf, count, dt, dest, tag, comm);
    if (rc)
        return rc;
    struct ft_request *r;
    rc = ft_isend(comm, 0, buf, (size_t)count, dt, dest, tag, mode, &r);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *request = r;
    return MPI_SUCCESS;
}

int PMPI_Isend(const void *buf, int count, MPI_Datatype datatype, int dest,
               int tag, MPI_Comm comm, MPI_Request *request)
{
    return isend("MPI_Isend", buf, count, datatype, dest, tag, comm,
                 FT_SEND_STD, request);
}

int PMPI_Issend(const void *buf, int count, MPI_Datatype datatype, int dest,
                int tag, MPI_Comm comm, MPI_Request *request)
{
    return isend("MPI_Issend", buf, count, datatype, dest, tag, comm,
                 FT_SEND_SYNC, request);
}

int PMPI_Irsend(const void *buf, int count, MPI_Datatype datatype, int dest,
                int tag, MPI_Comm comm, MPI_Request *request)
{
    return isend("MPI_Irsend", buf, count, datatype, dest, tag, comm,
                 FT_SEND_READY, request);
}

int PMPI_Irecv(void *buf, int count, MPI_Datatype datatype, int source,
               int tag, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Irecv";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_recv(fn, buf, count, datatype, source, tag, comm);
    if (rc)
        return rc;
    struct ft_request *r;
    rc = ft_irecv(comm, 0, buf, (size_t)count, datatype, source, tag, &r);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *request = r;
    return MPI_SUCCESS;
}

int PMPI_Get_count(const MPI_Status *status, MPI_Datatype datatype,
                   int *count)
{
    static const char fn[] = "MPI_Get_count";
    FT_CHECK_ARG(status && count, NULL, MPI_ERR_ARG, fn,
                 "status or count is NULL");
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    size_t size = datatype->size;
    if (size == 0)
        *count = status->ftmpi_count == 0 ? 0 : MPI_UNDEFINED;
    else if (status->ftmpi_count % size)
        *count = MPI_UNDEFINED;
    else
        *count = (int)(status->ftmpi_count / size);
    return MPI_SUCCESS;
}

int PMPI_Sendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                  int dest, int sendtag, void *recvbuf, int recvcount,
                  MPI_Datatype recvtype, int source, int recvtag,
                  MPI_Comm comm, MPI_Status *status)
{
    static const char fn[] = "MPI_Sendrecv";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = check_send(fn, sendbuf, sendcount, sendtype, dest, sendtag, comm);
    if (rc || (rc = check_recv(fn, recvbuf, recvcount, recvtype, source,
                               recvtag, comm)))
        return rc;
    struct ft_request *rr;
    rc = ft_irecv(comm, 0, recvbuf, (size_t)recvcount, recvtype, source,
                  recvtag, &rr);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    int src = ft_send(comm, 0, sendbuf, (size_t)sendcount, sendtype, dest,
                      sendtag, FT_SEND_STD);
    int wrc = ft_progress_wait_req(comm->eng, rr);
    struct ft_status st;
    ft_req_status(rr, &st);
    rc = wrc ? wrc : (src ? src : rr->error);
    if (!wrc && (rr->error == 0 || rr->error == -FT_ETRUNCATE))
        ft_api_status(status, &st);
    if (wrc)
        ft_cancel_recv(comm->eng, rr);
    ft_req_release(&comm->eng->reqs, rr);
    return ft_api_ret(comm, rc, fn);
}

int PMPI_Sendrecv_replace(void *buf, int count, MPI_Datatype datatype,
                          int dest, int sendtag, int source, int recvtag,
                          MPI_Comm comm, MPI_Status *status)
{
    static const char fn[] = "MPI_Sendrecv_replace";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = check_send(fn, buf, count, datatype, dest, sendtag, comm);
    if (rc || (rc = check_recv(fn, buf, count, datatype, source, recvtag,
                               comm)))
        return rc;
    /* Send a packed copy, receive into the buffer. */
    size_t bytes = (size_t)count * datatype->size;
    void *tmp = malloc(bytes ? bytes : 1);
    FT_CHECK_ARG(tmp, comm, MPI_ERR_NO_MEM, fn, "cannot allocate %zu bytes",
                 bytes);
    ft_dt_pack(datatype, buf, (size_t)count, 0, tmp, bytes);
    struct ft_request *sr;
    rc = ft_isend(comm, 0, tmp, bytes, ft_dt_basic_type(FT_B_BYTE), dest,
                  sendtag, FT_SEND_STD, &sr);
    if (rc) {
        free(tmp);
        return ft_api_ret(comm, rc, fn);
    }
    struct ft_status st;
    int rrc = ft_recv(comm, 0, buf, (size_t)count, datatype, source, recvtag,
                      &st);
    int wrc = ft_progress_wait_req(comm->eng, sr);
    rc = wrc ? wrc : (sr->error ? sr->error : rrc);
    if (rrc == 0 || rrc == -FT_ETRUNCATE)
        ft_api_status(status, &st);
    ft_req_release(&comm->eng->reqs, sr);
    free(tmp);
    return ft_api_ret(comm, rc, fn);
}

/* ---- probes ------------------------------------------------------------ */

static int probe(const char *fn, int source, int tag, MPI_Comm comm,
                 bool block, int *flag, MPI_Message *message,
                 MPI_Status *status)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc;
    if ((rc = ft_api_check_rank(comm, fn, source, "source", true)) ||
        (rc = ft_api_check_tag(comm, fn, tag, true)))
        return rc;
    FT_CHECK_ARG(block || flag, comm, MPI_ERR_ARG, fn, "flag is NULL");
    struct ft_status st;
    struct ft_msg msg;
    bool got = false;
    rc = block ? ft_probe_wait(comm, 0, source, tag) : 0;
    if (rc == 0)
        rc = message ? ft_improbe(comm, 0, source, tag, &got, &msg, &st)
                     : ft_iprobe(comm, 0, source, tag, &got, &st);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    if (flag)
        *flag = got;
    if (!got)
        return MPI_SUCCESS;
    ft_api_status(status, &st);
    if (message) {
        if (source == MPI_PROC_NULL) {
            *message = MPI_MESSAGE_NO_PROC;
        } else {
            struct ft_message *m = malloc(sizeof *m);
            FT_CHECK_ARG(m, comm, MPI_ERR_NO_MEM, fn, "out of memory");
            m->magic = FT_MAGIC_MSG;
            m->msg = msg;
            *message = m;
        }
    }
    return MPI_SUCCESS;
}

int PMPI_Iprobe(int source, int tag, MPI_Comm comm, int *flag,
                MPI_Status *status)
{
    return probe("MPI_Iprobe", source, tag, comm, false, flag, NULL, status);
}

int PMPI_Probe(int source, int tag, MPI_Comm comm, MPI_Status *status)
{
    return probe("MPI_Probe", source, tag, comm, true, NULL, NULL, status);
}

int PMPI_Improbe(int source, int tag, MPI_Comm comm, int *flag,
                 MPI_Message *message, MPI_Status *status)
{
    static const char fn[] = "MPI_Improbe";
    if (!message)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "message is NULL");
    return probe(fn, source, tag, comm, false, flag, message, status);
}

int PMPI_Mprobe(int source, int tag, MPI_Comm comm, MPI_Message *message,
                MPI_Status *status)
{
    static const char fn[] = "MPI_Mprobe";
    if (!message)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "message is NULL");
    return probe(fn, source, tag, comm, true, NULL, message, status);
}

static int imrecv(const char *fn, void *buf, int count, MPI_Datatype dt,
                  MPI_Message *message, struct ft_request **out)
{
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(message && *message && (*message)->magic == FT_MAGIC_MSG,
                 NULL, MPI_ERR_REQUEST, fn,
                 "invalid message (argument message)");
    struct ft_message *m = *message;
    struct ft_msg none = {.comm = MPI_COMM_SELF};
    struct ft_msg *msg = m == MPI_MESSAGE_NO_PROC ? &none : &m->msg;
    MPI_Comm comm = msg->comm;
    int rc = ft_api_check_buf(comm, fn, buf, count, dt, "buf");
    if (rc)
        return rc;
    struct ft_request *r = ft_req_alloc(&ft_api_eng->reqs, FT_REQ_RECV);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    ft_imrecv(ft_api_eng, msg, buf, (size_t)count, dt, r);
    if (m != MPI_MESSAGE_NO_PROC) {
        m->magic = 0;
        free(m);
    }
    *message = MPI_MESSAGE_NULL;
    *out = r;
    return MPI_SUCCESS;
}

int PMPI_Imrecv(void *buf, int count, MPI_Datatype datatype,
                MPI_Message *message, MPI_Request *request)
{
    static const char fn[] = "MPI_Imrecv";
    FT_CHECK_ARG(request, NULL, MPI_ERR_ARG, fn, "request is NULL");
    struct ft_request *r;
    int rc = imrecv(fn, buf, count, datatype, message, &r);
    if (rc == MPI_SUCCESS)
        *request = r;
    return rc;
}

int PMPI_Mrecv(void *buf, int count, MPI_Datatype datatype,
               MPI_Message *message, MPI_Status *status)
{
    static const char fn[] = "MPI_Mrecv";
    struct ft_request *r;
    int rc = imrecv(fn, buf, count, datatype, message, &r);
    if (rc)
        return rc;
    MPI_Comm comm = r->comm;
    rc = ft_progress_wait_req(ft_api_eng, r);
    struct ft_status st;
    ft_req_status(r, &st);
    if (!rc)
        rc = r->error;
    if (rc == 0 || rc == -FT_ETRUNCATE)
        ft_api_status(status, &st);
    rc = ft_api_ret(comm, rc, fn); /* before the request drops comm */
    ft_req_release(&ft_api_eng->reqs, r);
    return rc;
}

/* ---- persistent requests ---------------------------------------------- */

static int send_init(const char *fn, const void *buf, int count,
                     MPI_Datatype dt, int dest, int tag, MPI_Comm comm,
                     enum ft_send_mode mode, MPI_Request *request)
{
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_send(fn, buf, count, dt, dest, tag, comm);
    if (rc)
        return rc;
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_SEND);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    ft_req_init_send(r, comm, 0, buf, (size_t)count, dt, dest, tag, mode);
    r->persistent = true;
    r->complete = 1; /* inactive: Wait returns at once */
    *request = r;
    return MPI_SUCCESS;
}

int PMPI_Send_init(const void *buf, int count, MPI_Datatype datatype,
                   int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return send_init("MPI_Send_init", buf, count, datatype, dest, tag, comm,
                     FT_SEND_STD, request);
}

int PMPI_Ssend_init(const void *buf, int count, MPI_Datatype datatype,
                    int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return send_init("MPI_Ssend_init", buf, count, datatype, dest, tag, comm,
                     FT_SEND_SYNC, request);
}

int PMPI_Rsend_init(const void *buf, int count, MPI_Datatype datatype,
                    int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return send_init("MPI_Rsend_init", buf, count, datatype, dest, tag, comm,
                     FT_SEND_READY, request);
}

int PMPI_Recv_init(void *buf, int count, MPI_Datatype datatype, int source,
                   int tag, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Recv_init";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check_recv(fn, buf, count, datatype, source, tag, comm);
    if (rc)
        return rc;
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_RECV);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    ft_req_init_recv(r, comm, 0, buf, (size_t)count, datatype, source, tag);
    r->persistent = true;
    r->complete = 1;
    *request = r;
    return MPI_SUCCESS;
}
