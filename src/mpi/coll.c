/*
 * coll.c -- collective communication (MPI chapter 5, sections 5.3-5.12,
 * and the neighborhood collectives of section 7.6): argument checks, then
 * one call into the collective layer.  Each blocking function and its
 * non-blocking twin share one implementation; request is NULL for the
 * blocking one.
 */
#include "coll/coll.h"
#include "core/op.h"
#include "core/topo.h"
#include "mpi/api.h"

#pragma weak MPI_Barrier = PMPI_Barrier
#pragma weak MPI_Ibarrier = PMPI_Ibarrier
#pragma weak MPI_Bcast = PMPI_Bcast
#pragma weak MPI_Ibcast = PMPI_Ibcast
#pragma weak MPI_Gather = PMPI_Gather
#pragma weak MPI_Igather = PMPI_Igather
#pragma weak MPI_Gatherv = PMPI_Gatherv
#pragma weak MPI_Igatherv = PMPI_Igatherv
#pragma weak MPI_Scatter = PMPI_Scatter
#pragma weak MPI_Iscatter = PMPI_Iscatter
#pragma weak MPI_Scatterv = PMPI_Scatterv
#pragma weak MPI_Iscatterv = PMPI_Iscatterv
#pragma weak MPI_Allgather = PMPI_Allgather
#pragma weak MPI_Iallgather = PMPI_Iallgather
#pragma weak MPI_Allgatherv = PMPI_Allgatherv
#pragma weak MPI_Iallgatherv = PMPI_Iallgatherv
#pragma weak MPI_Alltoall = PMPI_Alltoall
#pragma weak MPI_Ialltoall = PMPI_Ialltoall
#pragma weak MPI_Alltoallv = PMPI_Alltoallv
#pragma weak MPI_Ialltoallv = PMPI_Ialltoallv
#pragma weak MPI_Alltoallw = PMPI_Alltoallw
#pragma weak MPI_Ialltoallw = PMPI_Ialltoallw
#pragma weak MPI_Reduce = PMPI_Reduce
#pragma weak MPI_Ireduce = PMPI_Ireduce
#pragma weak MPI_Allreduce = PMPI_Allreduce
#pragma weak MPI_Iallreduce = PMPI_Iallreduce
#pragma weak MPI_Reduce_scatter_block = PMPI_Reduce_scatter_block
#pragma weak MPI_Ireduce_scatter_block = PMPI_Ireduce_scatter_block
#pragma weak MPI_Reduce_scatter = PMPI_Reduce_scatter
#pragma weak MPI_Ireduce_scatter = PMPI_Ireduce_scatter
#pragma weak MPI_Scan = PMPI_Scan
#pragma weak MPI_Iscan = PMPI_Iscan
#pragma weak MPI_Exscan = PMPI_Exscan
#pragma weak MPI_Iexscan = PMPI_Iexscan
#pragma weak MPI_Neighbor_allgather = PMPI_Neighbor_allgather
#pragma weak MPI_Ineighbor_allgather = PMPI_Ineighbor_allgather
#pragma weak MPI_Neighbor_allgatherv = PMPI_Neighbor_allgatherv
#pragma weak MPI_Ineighbor_allgatherv = PMPI_Ineighbor_allgatherv
#pragma weak MPI_Neighbor_alltoall = PMPI_Neighbor_alltoall
#pragma weak MPI_Ineighbor_alltoall = PMPI_Ineighbor_alltoall
#pragma weak MPI_Neighbor_alltoallv = PMPI_Neighbor_alltoallv
#pragma weak MPI_Ineighbor_alltoallv = PMPI_Ineighbor_alltoallv
#pragma weak MPI_Neighbor_alltoallw = PMPI_Neighbor_alltoallw
#pragma weak MPI_Ineighbor_alltoallw = PMPI_Ineighbor_alltoallw

/* ---- argument checks -------------------------------------------------- */

static int check_comm(MPI_Comm comm, const char *fn, MPI_Request *req,
                      bool nb, enum ft_coll_kind kind)
{
    if (!ft_api_comm_ok(comm))
        return ft_api_err(NULL, MPI_ERR_COMM, fn,
                          "invalid communicator (argument comm)");
    ft_api_eng->call.comm = comm; /* for supervision reports */
    if (ft_comm_is_inter(comm) && !ft_coll_inter_kind(kind))
        return ft_api_err(comm, MPI_ERR_COMM, fn,
                          kind == FT_COLL_SCAN || kind == FT_COLL_EXSCAN
                              ? "not defined on intercommunicators (argument "
                                "comm)"
                              : "not supported on intercommunicators "
                                "(argument comm)");
    if (nb && !req)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "request is NULL");
    return 0;
}

static int check_type(MPI_Comm comm, const char *fn, MPI_Datatype dt,
                      const char *tname)
{
    if (!ft_api_type_ok(dt))
        return ft_api_err(comm, MPI_ERR_TYPE, fn,
                          "invalid datatype (argument %s)", tname);
    if (!(dt->flags & FT_DT_COMMITTED))
        return ft_api_err(comm, MPI_ERR_TYPE, fn,
                          "%s is not committed (argument %s)",
                          dt->name[0] ? dt->name : "the datatype", tname);
    return 0;
}

/* A (buffer, count, datatype) triple; the names are the arguments'. */
static int check_triple(MPI_Comm comm, const char *fn, const void *buf,
                        int count, MPI_Datatype dt, const char *bname,
                        const char *cname, const char *tname)
{
    if (count < 0)
        return ft_api_err(comm, MPI_ERR_COUNT, fn, "%s=%d is negative",
                          cname, count);
    CHECK(check_type(comm, fn, dt, tname));
    if (!buf && count > 0 && dt->size > 0 && (dt->flags & FT_DT_PREDEF))
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "%s is NULL but %s is %d", bname, cname, count);
    return 0;
}

/* A root: a rank of comm; on an intercommunicator MPI_ROOT, MPI_PROC_NULL
 * or a rank of the remote group. */
static int check_root(MPI_Comm comm, const char *fn, int root)
{
    if (ft_comm_is_inter(comm)) {
        if (root == MPI_ROOT || root == MPI_PROC_NULL ||
            (root >= 0 && root < comm->npeers))
            return 0;
        return ft_api_err(comm, MPI_ERR_ROOT, fn,
                          "root=%d is not MPI_ROOT, MPI_PROC_NULL or a rank "
                          "of the remote group (size %d)",
                          root, comm->npeers);
    }
    if (root < 0 || root >= comm->size)
        return ft_api_err(comm, MPI_ERR_ROOT, fn,
                          "root=%d is not a rank of the communicator (size "
                          "%d)",
                          root, comm->size);
    return 0;
}

static int check_op(MPI_Comm comm, const char *fn, MPI_Op op,
                    MPI_Datatype dt)
{
    if (!op || op->magic != FT_MAGIC_OP)
        return ft_api_err(comm, MPI_ERR_OP, fn,
                          "invalid operation (argument op)");
    if (!ft_op_valid(op, dt))
        return ft_api_err(comm, MPI_ERR_OP, fn,
                          "%s is not defined for datatype %s (arguments op "
                          "and datatype)",
                          op->name, dt->name[0] ? dt->name : "(derived)");
    return 0;
}

/* sendbuf may be MPI_IN_PLACE only where allowed, recvbuf never. */
static int check_in_place(MPI_Comm comm, const char *fn, const void *sbuf,
                          bool s_ok, const void *rbuf, bool r_ok)
{
    if (sbuf == MPI_IN_PLACE && !s_ok)
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "MPI_IN_PLACE is not allowed here (argument "
                          "sendbuf)");
    if (rbuf == MPI_IN_PLACE && !r_ok)
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "MPI_IN_PLACE is not allowed here (argument "
                          "recvbuf)");
    return 0;
}

/* The same buffer for input and output must be said with MPI_IN_PLACE. */
static int check_alias(MPI_Comm comm, const char *fn, const void *sbuf,
                       const void *rbuf, bool nonempty)
{
    if (nonempty && sbuf && sbuf == rbuf)
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "sendbuf and recvbuf are the same buffer; use "
                          "MPI_IN_PLACE");
    return 0;
}

/* An array of n counts (and displacements, if displs_name). */
static int check_counts(MPI_Comm comm, const char *fn, const int *counts,
                        const char *name, const int *displs,
                        const char *displs_name, int n)
{
    if (!counts)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", name);
    if (displs_name && !displs)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", displs_name);
    for (int i = 0; i < n; i++)
        if (counts[i] < 0)
            return ft_api_err(comm, MPI_ERR_COUNT, fn,
                              "%s[%d]=%d is negative", name, i, counts[i]);
    return 0;
}

static int check_types(MPI_Comm comm, const char *fn,
                       const MPI_Datatype *types, const char *name, int n)
{
    if (!types)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", name);
    for (int i = 0; i < n; i++) {
        if (!ft_api_type_ok(types[i]))
            return ft_api_err(comm, MPI_ERR_TYPE, fn,
                              "%s[%d] is not a valid datatype", name, i);
        if (!(types[i]->flags & FT_DT_COMMITTED))
            return ft_api_err(comm, MPI_ERR_TYPE, fn,
                              "%s[%d] is not committed", name, i);
    }
    return 0;
}

/* Runs a (blocking when request is NULL). */
static int run(MPI_Comm comm, const struct ft_coll_args *a,
               MPI_Request *request, const char *fn)
{
    struct ft_request *r = NULL;
    int rc = ft_coll_run(comm, a, request ? &r : NULL);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    if (request)
        *request = r;
    return MPI_SUCCESS;
}

/* ---- barrier and broadcast -------------------------------------------- */

static int barrier(MPI_Comm comm, MPI_Request *request, const char *fn,
                   bool nb)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb, FT_COLL_BARRIER));
    struct ft_coll_args a = {.kind = FT_COLL_BARRIER};
    return run(comm, &a, request, fn);
}

int PMPI_Barrier(MPI_Comm comm)
{
    return barrier(comm, NULL, "MPI_Barrier", false);
}

int PMPI_Ibarrier(MPI_Comm comm, MPI_Request *request)
{
    return barrier(comm, request, "MPI_Ibarrier", true);
}

static int bcast(void *buf, int count, MPI_Datatype dt, int root,
                 MPI_Comm comm, MPI_Request *request, const char *fn, bool nb)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb, FT_COLL_BCAST));
    CHECK(check_root(comm, fn, root));
    CHECK(check_in_place(comm, fn, buf, false, NULL, true));
    if (root != MPI_PROC_NULL || !ft_comm_is_inter(comm))
        CHECK(check_triple(comm, fn, buf, count, dt, "buffer", "count",
                           "datatype"));
    struct ft_coll_args a = {.kind = FT_COLL_BCAST,
                             .rbuf = buf,
                             .rcount = (size_t)count,
                             .rdt = dt,
                             .root = root};
    return run(comm, &a, request, fn);
}

int PMPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root,
               MPI_Comm comm)
{
    return bcast(buffer, count, datatype, root, comm, NULL, "MPI_Bcast",
                 false);
}

int PMPI_Ibcast(void *buffer, int count, MPI_Datatype datatype, int root,
                MPI_Comm comm, MPI_Request *request)
{
    return bcast(buffer, count, datatype, root, comm, request, "MPI_Ibcast",
                 true);
}

/* ---- gather and scatter ----------------------------------------------- */

static int gather(const void *sbuf, int scount, MPI_Datatype sdt, void *rbuf,
                  const int *rcount, const int *rdispls, MPI_Datatype rdt,
                  int root, MPI_Comm comm, MPI_Request *request,
                  const char *fn, bool nb, bool v)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb,
                     v ? FT_COLL_GATHERV : FT_COLL_GATHER));
    CHECK(check_root(comm, fn, root));
    bool inter = ft_comm_is_inter(comm);
    bool am_root = inter ? root == MPI_ROOT : comm->rank == root;
    bool sends = inter ? root >= 0 : true;
    CHECK(check_in_place(comm, fn, sbuf, am_root && !inter, rbuf, false));
    if (sends && sbuf != MPI_IN_PLACE)
        CHECK(check_triple(comm, fn, sbuf, scount, sdt, "sendbuf",
                           "sendcount", "sendtype"));
    struct ft_coll_args a = {.kind = v ? FT_COLL_GATHERV : FT_COLL_GATHER,
                             .sbuf = sbuf,
                             .scount = scount > 0 ? (size_t)scount : 0,
                             .sdt = sbuf == MPI_IN_PLACE || !sends ? NULL : sdt,
                             .rbuf = rbuf,
                             .rdt = am_root ? rdt : NULL,
                             .root = root};
    if (am_root) {
        if (v) {
            CHECK(check_counts(comm, fn, rcount, "recvcounts", rdispls,
                               "displs", comm->npeers));
            CHECK(check_type(comm, fn, rdt, "recvtype"));
            a.rcounts = rcount;
            a.rdispls = rdispls;
        } else {
            CHECK(check_triple(comm, fn, rbuf, *rcount, rdt, "recvbuf",
                               "recvcount", "recvtype"));
            if (!inter)
                CHECK(check_alias(comm, fn, sbuf, rbuf, *rcount > 0));
            a.rcount = (size_t)*rcount;
        }
    }
    return run(comm, &a, request, fn);
}

int PMPI_Gather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                void *recvbuf, int recvcount, MPI_Datatype recvtype, int root,
                MPI_Comm comm)
{
    return gather(sendbuf, sendcount, sendtype, recvbuf, &recvcount, NULL,
                  recvtype, root, comm, NULL, "MPI_Gather", false, false);
}

int PMPI_Igather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                 void *recvbuf, int recvcount, MPI_Datatype recvtype,
                 int root, MPI_Comm comm, MPI_Request *request)
{
    return gather(sendbuf, sendcount, sendtype, recvbuf, &recvcount, NULL,
                  recvtype, root, comm, request, "MPI_Igather", true, false);
}

int PMPI_Gatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                 void *recvbuf, const int recvcounts[], const int displs[],
                 MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return gather(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                  recvtype, root, comm, NULL, "MPI_Gatherv", false, true);
}

int PMPI_Igatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                  void *recvbuf, const int recvcounts[], const int displs[],
                  MPI_Datatype recvtype, int root, MPI_Comm comm,
                  MPI_Request *request)
{
    return gather(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                  recvtype, root, comm, request, "MPI_Igatherv", true, true);
}

static int scatter(const void *sbuf, const int *scount, const int *sdispls,
                   MPI_Datatype sdt, void *rbuf, int rcount, MPI_Datatype rdt,
                   int root, MPI_Comm comm, MPI_Request *request,
                   const char *fn, bool nb, bool v)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb,
                     v ? FT_COLL_SCATTERV : FT_COLL_SCATTER));
    CHECK(check_root(comm, fn, root));
    bool inter = ft_comm_is_inter(comm);
    bool am_root = inter ? root == MPI_ROOT : comm->rank == root;
    bool recvs = inter ? root >= 0 : true;
    CHECK(check_in_place(comm, fn, sbuf, false, rbuf, am_root && !inter));
    if (recvs && rbuf != MPI_IN_PLACE)
        CHECK(check_triple(comm, fn, rbuf, rcount, rdt, "recvbuf",
                           "recvcount", "recvtype"));
    struct ft_coll_args a = {.kind = v ? FT_COLL_SCATTERV : FT_COLL_SCATTER,
                             .rbuf = rbuf,
                             .rcount = rcount > 0 ? (size_t)rcount : 0,
                             .rdt = rbuf == MPI_IN_PLACE || !recvs ? NULL : rdt,
                             .sbuf = sbuf,
                             .sdt = am_root ? sdt : NULL,
                             .root = root};
    if (am_root) {
        if (v) {
            CHECK(check_counts(comm, fn, scount, "sendcounts", sdispls,
                               "displs", comm->npeers));
            CHECK(check_type(comm, fn, sdt, "sendtype"));
            a.scounts = scount;
            a.sdispls = sdispls;
        } else {
            CHECK(check_triple(comm, fn, sbuf, *scount, sdt, "sendbuf",
                               "sendcount", "sendtype"));
            if (!inter)
                CHECK(check_alias(comm, fn, sbuf, rbuf, *scount > 0));
            a.scount = (size_t)*scount;
        }
    }
    return run(comm, &a, request, fn);
}

int PMPI_Scatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                 void *recvbuf, int recvcount, MPI_Datatype recvtype,
                 int root, MPI_Comm comm)
{
    return scatter(sendbuf, &sendcount, NULL, sendtype, recvbuf, recvcount,
                   recvtype, root, comm, NULL, "MPI_Scatter", false, false);
}

int PMPI_Iscatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                  void *recvbuf, int recvcount, MPI_Datatype recvtype,
                  int root, MPI_Comm comm, MPI_Request *request)
{
    return scatter(sendbuf, &sendcount, NULL, sendtype, recvbuf, recvcount,
                   recvtype, root, comm, request, "MPI_Iscatter", true,
                   false);
}

int PMPI_Scatterv(const void *sendbuf, const int sendcounts[],
                  const int displs[], MPI_Datatype sendtype, void *recvbuf,
                  int recvcount, MPI_Datatype recvtype, int root,
                  MPI_Comm comm)
{
    return scatter(sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                   recvtype, root, comm, NULL, "MPI_Scatterv", false, true);
}

int PMPI_Iscatterv(const void *sendbuf, const int sendcounts[],
                   const int displs[], MPI_Datatype sendtype, void *recvbuf,
                   int recvcount, MPI_Datatype recvtype, int root,
                   MPI_Comm comm, MPI_Request *request)
{
    return scatter(sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                   recvtype, root, comm, request, "MPI_Iscatterv", true,
                   true);
}

/* ---- allgather -------------------------------------------------------- */

static int allgather(const void *sbuf, int scount, MPI_Datatype sdt,
                     void *rbuf, const int *rcount, const int *rdispls,
                     MPI_Datatype rdt, MPI_Comm comm, MPI_Request *request,
                     const char *fn, bool nb, bool v)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb,
                     v ? FT_COLL_ALLGATHERV : FT_COLL_ALLGATHER));
    CHECK(check_in_place(comm, fn, sbuf, !ft_comm_is_inter(comm), rbuf,
                         false));
    if (sbuf != MPI_IN_PLACE)
        CHECK(check_triple(comm, fn, sbuf, scount, sdt, "sendbuf",
                           "sendcount", "sendtype"));
    struct ft_coll_args a = {
        .kind = v ? FT_COLL_ALLGATHERV : FT_COLL_ALLGATHER,
        .sbuf = sbuf,
        .scount = scount > 0 ? (size_t)scount : 0,
        .sdt = sbuf == MPI_IN_PLACE ? NULL : sdt,
        .rbuf = rbuf,
        .rdt = rdt};
    if (v) {
        CHECK(check_counts(comm, fn, rcount, "recvcounts", rdispls, "displs",
                           comm->npeers));
        CHECK(check_type(comm, fn, rdt, "recvtype"));
        a.rcounts = rcount;
        a.rdispls = rdispls;
    } else {
        CHECK(check_triple(comm, fn, rbuf, *rcount, rdt, "recvbuf",
                           "recvcount", "recvtype"));
        CHECK(check_alias(comm, fn, sbuf, rbuf, *rcount > 0));
        a.rcount = (size_t)*rcount;
    }
    return run(comm, &a, request, fn);
}

int PMPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                   void *recvbuf, int recvcount, MPI_Datatype recvtype,
                   MPI_Comm comm)
{
    return allgather(sendbuf, sendcount, sendtype, recvbuf, &recvcount, NULL,
                     recvtype, comm, NULL, "MPI_Allgather", false, false);
}

int PMPI_Iallgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                    void *recvbuf, int recvcount, MPI_Datatype recvtype,
                    MPI_Comm comm, MPI_Request *request)
{
    return allgather(sendbuf, sendcount, sendtype, recvbuf, &recvcount, NULL,
                     recvtype, comm, request, "MPI_Iallgather", true, false);
}

int PMPI_Allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                    void *recvbuf, const int recvcounts[], const int displs[],
                    MPI_Datatype recvtype, MPI_Comm comm)
{
    return allgather(sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                     displs, recvtype, comm, NULL, "MPI_Allgatherv", false,
                     true);
}

int PMPI_Iallgatherv(const void *sendbuf, int sendcount,
                     MPI_Datatype sendtype, void *recvbuf,
                     const int recvcounts[], const int displs[],
                     MPI_Datatype recvtype, MPI_Comm comm,
                     MPI_Request *request)
{
    return allgather(sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                     displs, recvtype, comm, request, "MPI_Iallgatherv", true,
                     true);
}

/* ---- alltoall --------------------------------------------------------- */

static int alltoall(const void *sbuf, int scount, MPI_Datatype sdt,
                    void *rbuf, int rcount, MPI_Datatype rdt, MPI_Comm comm,
                    MPI_Request *request, const char *fn, bool nb)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb, FT_COLL_ALLTOALL));
    CHECK(check_in_place(comm, fn, sbuf, !ft_comm_is_inter(comm), rbuf,
                         false));
    if (sbuf != MPI_IN_PLACE)
        CHECK(check_triple(comm, fn, sbuf, scount, sdt, "sendbuf",
                           "sendcount", "sendtype"));
    CHECK(check_triple(comm, fn, rbuf, rcount, rdt, "recvbuf", "recvcount",
                       "recvtype"));
    CHECK(check_alias(comm, fn, sbuf, rbuf, rcount > 0));
    struct ft_coll_args a = {.kind = FT_COLL_ALLTOALL,
                             .sbuf = sbuf,
                             .scount = scount > 0 ? (size_t)scount : 0,
                             .sdt = sbuf == MPI_IN_PLACE ? NULL : sdt,
                             .rbuf = rbuf,
                             .rcount = (size_t)rcount,
                             .rdt = rdt};
    return run(comm, &a, request, fn);
}

int PMPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                  void *recvbuf, int recvcount, MPI_Datatype recvtype,
                  MPI_Comm comm)
{
    return alltoall(sendbuf, sendcount, sendtype, recvbuf, recvcount,
                    recvtype, comm, NULL, "MPI_Alltoall", false);
}

int PMPI_Ialltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                   void *recvbuf, int recvcount, MPI_Datatype recvtype,
                   MPI_Comm comm, MPI_Request *request)
{
    return alltoall(sendbuf, sendcount, sendtype, recvbuf, recvcount,
                    recvtype, comm, request, "MPI_Ialltoall", true);
}

/* Alltoallv (types NULL: one type each side) and alltoallw. */
static int alltoallvw(const void *sbuf, const int *scounts,
                      const int *sdispls, MPI_Datatype sdt,
                      const MPI_Datatype *sdts, void *rbuf,
                      const int *rcounts, const int *rdispls,
                      MPI_Datatype rdt, const MPI_Datatype *rdts,
                      MPI_Comm comm, MPI_Request *request, const char *fn,
                      bool nb, bool w)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb,
                     w ? FT_COLL_ALLTOALLW : FT_COLL_ALLTOALLV));
    CHECK(check_in_place(comm, fn, sbuf, !ft_comm_is_inter(comm), rbuf,
                         false));
    int n = comm->npeers;
    if (sbuf != MPI_IN_PLACE) {
        CHECK(check_counts(comm, fn, scounts, "sendcounts", sdispls,
                           "sdispls", n));
        if (w)
            CHECK(check_types(comm, fn, sdts, "sendtypes", n));
        else
            CHECK(check_type(comm, fn, sdt, "sendtype"));
    }
    CHECK(check_counts(comm, fn, rcounts, "recvcounts", rdispls, "rdispls",
                       n));
    if (w)
        CHECK(check_types(comm, fn, rdts, "recvtypes", n));
    else
        CHECK(check_type(comm, fn, rdt, "recvtype"));
    bool in_place = sbuf == MPI_IN_PLACE;
    struct ft_coll_args a = {.kind = w ? FT_COLL_ALLTOALLW : FT_COLL_ALLTOALLV,
                             .sbuf = sbuf,
                             .scounts = in_place ? NULL : scounts,
                             .sdispls = in_place ? NULL : sdispls,
                             .sdt = w || in_place ? NULL : sdt,
                             .sdts = w && !in_place ? sdts : NULL,
                             .rbuf = rbuf,
                             .rcounts = rcounts,
                             .rdispls = rdispls,
                             .rdt = w ? NULL : rdt,
                             .rdts = w ? rdts : NULL};
    return run(comm, &a, request, fn);
}

int PMPI_Alltoallv(const void *sendbuf, const int sendcounts[],
                   const int sdispls[], MPI_Datatype sendtype, void *recvbuf,
                   const int recvcounts[], const int rdispls[],
                   MPI_Datatype recvtype, MPI_Comm comm)
{
    return alltoallvw(sendbuf, sendcounts, sdispls, sendtype, NULL, recvbuf,
                      recvcounts, rdispls, recvtype, NULL, comm, NULL,
                      "MPI_Alltoallv", false, false);
}

int PMPI_Ialltoallv(const void *sendbuf, const int sendcounts[],
                    const int sdispls[], MPI_Datatype sendtype,
                    void *recvbuf, const int recvcounts[],
                    const int rdispls[], MPI_Datatype recvtype,
                    MPI_Comm comm, MPI_Request *request)
{
    return alltoallvw(sendbuf, sendcounts, sdispls, sendtype, NULL, recvbuf,
                      recvcounts, rdispls, recvtype, NULL, comm, request,
                      "MPI_Ialltoallv", true, false);
}

int PMPI_Alltoallw(const void *sendbuf, const int sendcounts[],
                   const int sdispls[], const MPI_Datatype sendtypes[],
                   void *recvbuf, const int recvcounts[], const int rdispls[],
                   const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return alltoallvw(sendbuf, sendcounts, sdispls, NULL, sendtypes, recvbuf,
                      recvcounts, rdispls, NULL, recvtypes, comm, NULL,
                      "MPI_Alltoallw", false, true);
}

int PMPI_Ialltoallw(const void *sendbuf, const int sendcounts[],
                    const int sdispls[], const MPI_Datatype sendtypes[],
                    void *recvbuf, const int recvcounts[],
                    const int rdispls[], const MPI_Datatype recvtypes[],
                    MPI_Comm comm, MPI_Request *request)
{
    return alltoallvw(sendbuf, sendcounts, sdispls, NULL, sendtypes, recvbuf,
                      recvcounts, rdispls, NULL, recvtypes, comm, request,
                      "MPI_Ialltoallw", true, true);
}

/* ---- reductions ------------------------------------------------------- */

/* Reduce (root >= 0), allreduce, scan and exscan. */
static int reduce(enum ft_coll_kind kind, const void *sbuf, void *rbuf,
                  int count, MPI_Datatype dt, MPI_Op op, int root,
                  MPI_Comm comm, MPI_Request *request, const char *fn,
                  bool nb)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb, kind));
    bool inter = ft_comm_is_inter(comm);
    bool significant = true; /* recvbuf matters here */
    bool sends = true;       /* sendbuf matters here */
    if (kind == FT_COLL_REDUCE) {
        CHECK(check_root(comm, fn, root));
        significant = inter ? root == MPI_ROOT : comm->rank == root;
        sends = inter ? root >= 0 : true;
    }
    CHECK(check_in_place(comm, fn, sbuf, significant && !inter, rbuf,
                         false));
    if (sends)
        CHECK(check_triple(comm, fn, sbuf == MPI_IN_PLACE ? rbuf : sbuf,
                           count, dt,
                           sbuf == MPI_IN_PLACE ? "recvbuf" : "sendbuf",
                           "count", "datatype"));
    if (significant)
        CHECK(check_triple(comm, fn, rbuf, count, dt, "recvbuf", "count",
                           "datatype"));
    if (sends || significant)
        CHECK(check_op(comm, fn, op, dt));
    if (significant && !inter)
        CHECK(check_alias(comm, fn, sbuf, rbuf, count > 0));
    struct ft_coll_args a = {.kind = kind,
                             .sbuf = sbuf,
                             .rbuf = rbuf,
                             .rcount = (size_t)count,
                             .rdt = dt,
                             .op = op,
                             .root = root};
    return run(comm, &a, request, fn);
}

int PMPI_Reduce(const void *sendbuf, void *recvbuf, int count,
                MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm)
{
    return reduce(FT_COLL_REDUCE, sendbuf, recvbuf, count, datatype, op, root,
                  comm, NULL, "MPI_Reduce", false);
}

int PMPI_Ireduce(const void *sendbuf, void *recvbuf, int count,
                 MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm,
                 MPI_Request *request)
{
    return reduce(FT_COLL_REDUCE, sendbuf, recvbuf, count, datatype, op, root,
                  comm, request, "MPI_Ireduce", true);
}

int PMPI_Allreduce(const void *sendbuf, void *recvbuf, int count,
                   MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return reduce(FT_COLL_ALLREDUCE, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, NULL, "MPI_Allreduce", false);
}

int PMPI_Iallreduce(const void *sendbuf, void *recvbuf, int count,
                    MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                    MPI_Request *request)
{
    return reduce(FT_COLL_ALLREDUCE, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, request, "MPI_Iallreduce", true);
}

int PMPI_Scan(const void *sendbuf, void *recvbuf, int count,
              MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return reduce(FT_COLL_SCAN, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, NULL, "MPI_Scan", false);
}

int PMPI_Iscan(const void *sendbuf, void *recvbuf, int count,
               MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
               MPI_Request *request)
{
    return reduce(FT_COLL_SCAN, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, request, "MPI_Iscan", true);
}

int PMPI_Exscan(const void *sendbuf, void *recvbuf, int count,
                MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return reduce(FT_COLL_EXSCAN, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, NULL, "MPI_Exscan", false);
}

int PMPI_Iexscan(const void *sendbuf, void *recvbuf, int count,
                 MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                 MPI_Request *request)
{
    return reduce(FT_COLL_EXSCAN, sendbuf, recvbuf, count, datatype, op, 0,
                  comm, request, "MPI_Iexscan", true);
}

/* Reduce_scatter (counts) and reduce_scatter_block (counts NULL). */
static int reduce_scatter(const void *sbuf, void *rbuf, const int *counts,
                          int block, MPI_Datatype dt, MPI_Op op,
                          MPI_Comm comm, MPI_Request *request, const char *fn,
                          bool nb)
{
    FT_CHECK_READY(fn);
    CHECK(check_comm(comm, fn, request, nb,
                     counts ? FT_COLL_REDUCE_SCATTER
                            : FT_COLL_REDUCE_SCATTER_BLOCK));
    CHECK(check_in_place(comm, fn, sbuf, !ft_comm_is_inter(comm), rbuf,
                         false));
    int n = comm->size;
    long total = 0;
    int mine;
    if (counts) {
        CHECK(check_counts(comm, fn, counts, "recvcounts", NULL, NULL, n));
        for (int i = 0; i < n; i++)
            total += counts[i];
        mine = counts[comm->rank];
    } else {
        if (block < 0)
            return ft_api_err(comm, MPI_ERR_COUNT, fn,
                              "recvcount=%d is negative", block);
        total = (long)block * n;
        mine = block;
    }
    if (total > 0x7fffffffL)
        return ft_api_err(comm, MPI_ERR_COUNT, fn,
                          "the counts add up to %ld elements, more than an "
                          "int can count",
                          total);
    CHECK(check_triple(comm, fn, sbuf == MPI_IN_PLACE ? rbuf : sbuf,
                       (int)total, dt,
                       sbuf == MPI_IN_PLACE ? "recvbuf" : "sendbuf",
                       counts ? "recvcounts" : "recvcount", "datatype"));
    CHECK(check_triple(comm, fn, rbuf, mine, dt, "recvbuf",
                       counts ? "recvcounts" : "recvcount", "datatype"));
    CHECK(check_op(comm, fn, op, dt));
    if (!ft_comm_is_inter(comm))
        CHECK(check_alias(comm, fn, sbuf, rbuf, total > 0));
    struct ft_coll_args a = {
        .kind = counts ? FT_COLL_REDUCE_SCATTER : FT_COLL_REDUCE_SCATTER_BLOCK,
        .sbuf = sbuf,
        .rbuf = rbuf,
        .rcount = counts ? 0 : (size_t)block,
        .rcounts = counts,
        .rdt = dt,
        .op = op};
    return run(comm, &a, request, fn);
}

int PMPI_Reduce_scatter_block(const void *sendbuf, void *recvbuf,
                              int recvcount, MPI_Datatype datatype, MPI_Op op,
                              MPI_Comm comm)
{
    return reduce_scatter(sendbuf, recvbuf, NULL, recvcount, datatype, op,
                          comm, NULL, "MPI_Reduce_scatter_block", false);
}

int PMPI_Ireduce_scatter_block(const void *sendbuf, void *recvbuf,
                               int recvcount, MPI_Datatype datatype,
                               MPI_Op op, MPI_Comm comm,
                               MPI_Request *request)
{
    return reduce_scatter(sendbuf, recvbuf, NULL, recvcount, datatype, op,
                          comm, request, "MPI_Ireduce_scatter_block", true);
}

int PMPI_Reduce_scatter(const void *sendbuf, void *recvbuf,
                        const int recvcounts[], MPI_Datatype datatype,
                        MPI_Op op, MPI_Comm comm)
{
    return reduce_scatter(sendbuf, recvbuf, recvcounts, 0, datatype, op, comm,
                          NULL, "MPI_Reduce_scatter", false);
}

int PMPI_Ireduce_scatter(const void *sendbuf, void *recvbuf,
                         const int recvcounts[], MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return reduce_scatter(sendbuf, recvbuf, recvcounts, 0, datatype, op, comm,
                          request, "MPI_Ireduce_scatter", true);
}

/* ---- neighborhood collectives (chapter 7.6) --------------------------- */

/* comm must carry a process topology; its neighbors go into a. */
static int check_topo_comm(MPI_Comm comm, const char *fn,
                           MPI_Request *req, bool nb, struct ft_coll_args *a)
{
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_API_ANY_TOPO, &t));
    if (nb && !req)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "request is NULL");
    a->nin = t->nin;
    a->in = t->in;
    a->nout = t->nout;
    a->out = t->out;
    a->pair_swap = t->kind == FT_TOPO_CART;
    return 0;
}

/* MPI_IN_PLACE has no meaning in a neighborhood collective. */
static int check_nbuf(MPI_Comm comm, const char *fn, const void *buf,
                      const char *name)
{
    if (buf == MPI_IN_PLACE)
        return ft_api_err(comm, MPI_ERR_BUFFER, fn,
                          "MPI_IN_PLACE is not allowed in neighborhood "
                          "collectives (argument %s)",
                          name);
    return 0;
}

/* A (buffer, count, datatype) triple used for n neighbors: the buffer
 * matters only when there is one. */
static int check_ntriple(MPI_Comm comm, const char *fn, const void *buf,
                         int count, MPI_Datatype dt, int n,
                         const char *bname, const char *cname,
                         const char *tname)
{
    CHECK(check_nbuf(comm, fn, buf, bname));
    /* Without neighbors the buffer is never touched: any pointer will
     * do, NULL included. */
    static const char none;
    return check_triple(comm, fn, n > 0 ? buf : &none, count, dt, bname,
                        cname, tname);
}

/* Per-neighbor arrays of n entries: counts, displacements (either int
 * or MPI_Aint), and types when types_name is given. */
static int check_narrays(MPI_Comm comm, const char *fn, int n,
                         const int *counts, const char *cname,
                         const void *displs, const char *dname,
                         const MPI_Datatype *types, const char *types_name)
{
    if (n == 0)
        return 0;
    if (!displs)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", dname);
    CHECK(check_counts(comm, fn, counts, cname, NULL, NULL, n));
    if (types_name)
        CHECK(check_types(comm, fn, types, types_name, n));
    return 0;
}

/* Neighbor_allgather (rcounts NULL) and neighbor_allgatherv. */
static int neighbor_allgather(const void *sbuf, int scount,
                              MPI_Datatype sdt, void *rbuf, int rcount,
                              const int *rcounts, const int *displs,
                              MPI_Datatype rdt, MPI_Comm comm,
                              MPI_Request *request, const char *fn, bool nb,
                              bool v)
{
    FT_CHECK_READY(fn);
    struct ft_coll_args a = {
        .kind = v ? FT_COLL_NEIGHBOR_ALLGATHERV : FT_COLL_NEIGHBOR_ALLGATHER};
    CHECK(check_topo_comm(comm, fn, request, nb, &a));
    CHECK(check_ntriple(comm, fn, sbuf, scount, sdt, a.nout, "sendbuf",
                        "sendcount", "sendtype"));
    if (v) {
        CHECK(check_nbuf(comm, fn, rbuf, "recvbuf"));
        CHECK(check_narrays(comm, fn, a.nin, rcounts, "recvcounts", displs,
                            "displs", NULL, NULL));
        CHECK(check_type(comm, fn, rdt, "recvtype"));
    } else {
        CHECK(check_ntriple(comm, fn, rbuf, rcount, rdt, a.nin, "recvbuf",
                            "recvcount", "recvtype"));
    }
    a.sbuf = sbuf;
    a.scount = (size_t)scount;
    a.sdt = sdt;
    a.rbuf = rbuf;
    a.rcount = v ? 0 : (size_t)rcount;
    a.rcounts = v ? rcounts : NULL;
    a.rdispls = v ? displs : NULL;
    a.rdt = rdt;
    return run(comm, &a, request, fn);
}

int PMPI_Neighbor_allgather(const void *sendbuf, int sendcount,
                            MPI_Datatype sendtype, void *recvbuf,
                            int recvcount, MPI_Datatype recvtype,
                            MPI_Comm comm)
{
    return neighbor_allgather(sendbuf, sendcount, sendtype, recvbuf,
                              recvcount, NULL, NULL, recvtype, comm, NULL,
                              "MPI_Neighbor_allgather", false, false);
}

int PMPI_Ineighbor_allgather(const void *sendbuf, int sendcount,
                             MPI_Datatype sendtype, void *recvbuf,
                             int recvcount, MPI_Datatype recvtype,
                             MPI_Comm comm, MPI_Request *request)
{
    return neighbor_allgather(sendbuf, sendcount, sendtype, recvbuf,
                              recvcount, NULL, NULL, recvtype, comm, request,
                              "MPI_Ineighbor_allgather", true, false);
}

int PMPI_Neighbor_allgatherv(const void *sendbuf, int sendcount,
                             MPI_Datatype sendtype, void *recvbuf,
                             const int recvcounts[], const int displs[],
                             MPI_Datatype recvtype, MPI_Comm comm)
{
    return neighbor_allgather(sendbuf, sendcount, sendtype, recvbuf, 0,
                              recvcounts, displs, recvtype, comm, NULL,
                              "MPI_Neighbor_allgatherv", false, true);
}

int PMPI_Ineighbor_allgatherv(const void *sendbuf, int sendcount,
                              MPI_Datatype sendtype, void *recvbuf,
                              const int recvcounts[], const int displs[],
                              MPI_Datatype recvtype, MPI_Comm comm,
                              MPI_Request *request)
{
    return neighbor_allgather(sendbuf, sendcount, sendtype, recvbuf, 0,
                              recvcounts, displs, recvtype, comm, request,
                              "MPI_Ineighbor_allgatherv", true, true);
}

static int neighbor_alltoall(const void *sbuf, int scount, MPI_Datatype sdt,
                             void *rbuf, int rcount, MPI_Datatype rdt,
                             MPI_Comm comm, MPI_Request *request,
                             const char *fn, bool nb)
{
    FT_CHECK_READY(fn);
    struct ft_coll_args a = {.kind = FT_COLL_NEIGHBOR_ALLTOALL};
    CHECK(check_topo_comm(comm, fn, request, nb, &a));
    CHECK(check_ntriple(comm, fn, sbuf, scount, sdt, a.nout, "sendbuf",
                        "sendcount", "sendtype"));
    CHECK(check_ntriple(comm, fn, rbuf, rcount, rdt, a.nin, "recvbuf",
                        "recvcount", "recvtype"));
    a.sbuf = sbuf;
    a.scount = (size_t)scount;
    a.sdt = sdt;
    a.rbuf = rbuf;
    a.rcount = (size_t)rcount;
    a.rdt = rdt;
    return run(comm, &a, request, fn);
}

int PMPI_Neighbor_alltoall(const void *sendbuf, int sendcount,
                           MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype,
                           MPI_Comm comm)
{
    return neighbor_alltoall(sendbuf, sendcount, sendtype, recvbuf,
                             recvcount, recvtype, comm, NULL,
                             "MPI_Neighbor_alltoall", false);
}

int PMPI_Ineighbor_alltoall(const void *sendbuf, int sendcount,
                            MPI_Datatype sendtype, void *recvbuf,
                            int recvcount, MPI_Datatype recvtype,
                            MPI_Comm comm, MPI_Request *request)
{
    return neighbor_alltoall(sendbuf, sendcount, sendtype, recvbuf,
                             recvcount, recvtype, comm, request,
                             "MPI_Ineighbor_alltoall", true);
}

/* Neighbor_alltoallv (int displacements in elements, one type each side)
 * and neighbor_alltoallw (MPI_Aint displacements in bytes, a type per
 * neighbor). */
static int neighbor_alltoallvw(const void *sbuf, const int *scounts,
                               const int *sdispls, const MPI_Aint *sbdispls,
                               MPI_Datatype sdt, const MPI_Datatype *sdts,
                               void *rbuf, const int *rcounts,
                               const int *rdispls, const MPI_Aint *rbdispls,
                               MPI_Datatype rdt, const MPI_Datatype *rdts,
                               MPI_Comm comm, MPI_Request *request,
                               const char *fn, bool nb, bool w)
{
    FT_CHECK_READY(fn);
    struct ft_coll_args a = {.kind = w ? FT_COLL_NEIGHBOR_ALLTOALLW
                                       : FT_COLL_NEIGHBOR_ALLTOALLV};
    CHECK(check_topo_comm(comm, fn, request, nb, &a));
    CHECK(check_nbuf(comm, fn, sbuf, "sendbuf"));
    CHECK(check_nbuf(comm, fn, rbuf, "recvbuf"));
    CHECK(check_narrays(comm, fn, a.nout, scounts, "sendcounts",
                        w ? (const void *)sbdispls : (const void *)sdispls,
                        "sdispls", sdts, w ? "sendtypes" : NULL));
    if (!w)
        CHECK(check_type(comm, fn, sdt, "sendtype"));
    CHECK(check_narrays(comm, fn, a.nin, rcounts, "recvcounts",
                        w ? (const void *)rbdispls : (const void *)rdispls,
                        "rdispls", rdts, w ? "recvtypes" : NULL));
    if (!w)
        CHECK(check_type(comm, fn, rdt, "recvtype"));
    a.sbuf = sbuf;
    a.scounts = scounts;
    a.sdispls = sdispls;
    a.sbdispls = sbdispls;
    a.sdt = w ? NULL : sdt;
    a.sdts = w ? sdts : NULL;
    a.rbuf = rbuf;
    a.rcounts = rcounts;
    a.rdispls = rdispls;
    a.rbdispls = rbdispls;
    a.rdt = w ? NULL : rdt;
    a.rdts = w ? rdts : NULL;
    return run(comm, &a, request, fn);
}

int PMPI_Neighbor_alltoallv(const void *sendbuf, const int sendcounts[],
                            const int sdispls[], MPI_Datatype sendtype,
                            void *recvbuf, const int recvcounts[],
                            const int rdispls[], MPI_Datatype recvtype,
                            MPI_Comm comm)
{
    return neighbor_alltoallvw(sendbuf, sendcounts, sdispls, NULL, sendtype,
                               NULL, recvbuf, recvcounts, rdispls, NULL,
                               recvtype, NULL, comm, NULL,
                               "MPI_Neighbor_alltoallv", false, false);
}

int PMPI_Ineighbor_alltoallv(const void *sendbuf, const int sendcounts[],
                             const int sdispls[], MPI_Datatype sendtype,
                             void *recvbuf, const int recvcounts[],
                             const int rdispls[], MPI_Datatype recvtype,
                             MPI_Comm comm, MPI_Request *request)
{
    return neighbor_alltoallvw(sendbuf, sendcounts, sdispls, NULL, sendtype,
                               NULL, recvbuf, recvcounts, rdispls, NULL,
                               recvtype, NULL, comm, request,
                               "MPI_Ineighbor_alltoallv", true, false);
}

int PMPI_Neighbor_alltoallw(const void *sendbuf, const int sendcounts[],
                            const MPI_Aint sdispls[],
                            const MPI_Datatype sendtypes[], void *recvbuf,
                            const int recvcounts[], const MPI_Aint rdispls[],
                            const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return neighbor_alltoallvw(sendbuf, sendcounts, NULL, sdispls, NULL,
                               sendtypes, recvbuf, recvcounts, NULL, rdispls,
                               NULL, recvtypes, comm, NULL,
                               "MPI_Neighbor_alltoallw", false, true);
}

int PMPI_Ineighbor_alltoallw(const void *sendbuf, const int sendcounts[],
                             const MPI_Aint sdispls[],
                             const MPI_Datatype sendtypes[], void *recvbuf,
                             const int recvcounts[],
                             const MPI_Aint rdispls[],
                             const MPI_Datatype recvtypes[], MPI_Comm comm,
                             MPI_Request *request)
{
    return neighbor_alltoallvw(sendbuf, sendcounts, NULL, sdispls, NULL,
                               sendtypes, recvbuf, recvcounts, NULL, rdispls,
                               NULL, recvtypes, comm, request,
                               "MPI_Ineighbor_alltoallw", true, true);
}
