/*
 * bsend.c -- buffered sends (MPI 3.6): the message is packed into the
 * buffer the user attached and sent from there; the call returns at once.
 *
 * The attached buffer is managed first-fit; each message takes its packed
 * size plus MPI_BSEND_OVERHEAD.  A piece is given back when its send
 * completes.  Buffer_detach waits for every pending buffered send.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "mpi/api.h"

#pragma weak MPI_Buffer_attach = PMPI_Buffer_attach
#pragma weak MPI_Buffer_detach = PMPI_Buffer_detach
#pragma weak MPI_Bsend = PMPI_Bsend
#pragma weak MPI_Ibsend = PMPI_Ibsend
#pragma weak MPI_Bsend_init = PMPI_Bsend_init

struct piece {
    struct piece *next;
    size_t off, len;
};

static struct {
    char *buf;
    size_t size;
    struct piece *used; /* sorted by offset */
    int pending;
} att;

/* First fit; returns the offset or SIZE_MAX. */
static size_t take(size_t len, struct piece **out)
{
    struct piece *p = malloc(sizeof *p);
    if (!p)
        return SIZE_MAX;
    size_t at = 0;
    struct piece **link = &att.used;
    for (struct piece *u = att.used; u; link = &u->next, u = u->next) {
        if (u->off - at >= len)
            break;
        at = u->off + u->len;
    }
    if (at + len > att.size) {
        free(p);
        return SIZE_MAX;
    }
    p->off = at;
    p->len = len;
    p->next = *link;
    *link = p;
    *out = p;
    return at;
}

static void give_back(struct piece *p)
{
    for (struct piece **link = &att.used; *link; link = &(*link)->next) {
        if (*link == p) {
            *link = p->next;
            free(p);
            att.pending--;
            return;
        }
    }
}

static void on_sent(struct ft_request *r)
{
    give_back(r->hook_arg);
}

/* Packs and starts one buffered send; the internal send request frees
 * itself when done. */
static int bsend(MPI_Comm comm, const void *buf, size_t count,
                 MPI_Datatype dt, int dest, int tag)
{
    if (dest == MPI_PROC_NULL)
        return 0;
    size_t bytes = count * dt->size;
    size_t need = (bytes + MPI_BSEND_OVERHEAD + 15) & ~(size_t)15;
    struct piece *p;
    size_t off = take(need, &p);
    if (off == SIZE_MAX) {
        ft_progress(comm->eng); /* maybe earlier sends are done now */
        off = take(need, &p);
    }
    if (off == SIZE_MAX)
        return -ENOBUFS;
    char *data = att.buf + off;
    ft_dt_pack(dt, buf, count, 0, data, bytes);
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_SEND);
    if (!r) {
        att.pending++;
        give_back(p);
        return -ENOMEM;
    }
    ft_req_init_send(r, comm, 0, data, bytes, ft_dt_basic_type(FT_B_PACKED),
                     dest, tag, FT_SEND_STD);
    r->on_complete = on_sent;
    r->hook_arg = p;
    r->user_freed = true; /* nobody waits for it */
    comm->eng->detached++;
    att.pending++;
    return ft_send_start(comm->eng, r);
}

static int bsend_ret(MPI_Comm comm, int rc, const char *fn, size_t bytes)
{
    if (rc == -ENOBUFS)
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "no room for %zu bytes in the attached buffer "
                          "(%zu bytes attached; each message also needs "
                          "MPI_BSEND_OVERHEAD)",
                          bytes, att.size);
    return ft_api_ret(comm, rc, fn);
}

static int check(const char *fn, const void *buf, int count, MPI_Datatype dt,
                 int dest, int tag, MPI_Comm comm)
{
    int rc;
    if ((rc = ft_api_check_buf(comm, fn, buf, count, dt, "buf")) ||
        (rc = ft_api_check_rank(comm, fn, dest, "dest", false)) ||
        (rc = ft_api_check_tag(comm, fn, tag, false)))
        return rc;
    return 0;
}

int PMPI_Buffer_attach(void *buffer, int size)
{
    static const char fn[] = "MPI_Buffer_attach";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(size >= 0, NULL, MPI_ERR_ARG, fn, "size %d is negative",
                 size);
    FT_CHECK_ARG(buffer || size == 0, NULL, MPI_ERR_BUFFER, fn,
                 "buffer is NULL");
    FT_CHECK_ARG(!att.buf, NULL, MPI_ERR_BUFFER, fn,
                 "a buffer is already attached");
    att.buf = buffer;
    att.size = (size_t)size;
    return MPI_SUCCESS;
}

static bool none_pending(void *arg)
{
    (void)arg;
    return att.pending == 0;
}

int PMPI_Buffer_detach(void *buffer_addr, int *size)
{
    static const char fn[] = "MPI_Buffer_detach";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(buffer_addr && size, NULL, MPI_ERR_ARG, fn,
                 "buffer_addr or size is NULL");
    int rc = ft_progress_wait(ft_api_eng, none_pending, NULL);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *(void **)buffer_addr = att.buf;
    *size = (int)att.size;
    att.buf = NULL;
    att.size = 0;
    return MPI_SUCCESS;
}

int PMPI_Bsend(const void *buf, int count, MPI_Datatype datatype, int dest,
               int tag, MPI_Comm comm)
{
    static const char fn[] = "MPI_Bsend";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    int rc = check(fn, buf, count, datatype, dest, tag, comm);
    if (rc)
        return rc;
    rc = bsend(comm, buf, (size_t)count, datatype, dest, tag);
    return bsend_ret(comm, rc, fn, (size_t)count * datatype->size);
}

int PMPI_Ibsend(const void *buf, int count, MPI_Datatype datatype, int dest,
                int tag, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ibsend";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check(fn, buf, count, datatype, dest, tag, comm);
    if (rc)
        return rc;
    rc = bsend(comm, buf, (size_t)count, datatype, dest, tag);
    if (rc)
        return bsend_ret(comm, rc, fn, (size_t)count * datatype->size);
    /* The data is in the attached buffer: the user's buffer is free. */
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_NULL);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    ft_comm_retain(comm); /* dropped when the request is released */
    r->comm = comm;
    r->complete = 1;
    *request = r;
    return MPI_SUCCESS;
}

int PMPI_Bsend_init(const void *buf, int count, MPI_Datatype datatype,
                    int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Bsend_init";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(request, comm, MPI_ERR_ARG, fn, "request is NULL");
    int rc = check(fn, buf, count, datatype, dest, tag, comm);
    if (rc)
        return rc;
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_SEND);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    ft_req_init_send(r, comm, 0, buf, (size_t)count, datatype, dest, tag,
                     FT_SEND_BUFFERED);
    r->persistent = true;
    r->complete = 1;
    *request = r;
    return MPI_SUCCESS;
}

int ft_api_start_bsend(struct ft_request *r)
{
    int rc = bsend(r->comm, r->buf, r->count, r->dt, r->peer, r->tag);
    if (rc)
        return rc;
    r->complete = 1;
    r->error = 0;
    return 0;
}
