/*
 * topo.c -- process topologies (MPI chapter 7, sections 7.1-7.5):
 * Cartesian grids, graphs and distributed graphs.  Argument checks here,
 * the topologies themselves in core/topo.c.  The neighborhood
 * collectives (section 7.6) are with the other collectives, in coll.c.
 *
 * Error classes: MPI_ERR_TOPOLOGY for a communicator without the needed
 * topology (an intercommunicator never has one); MPI_ERR_COMM for a
 * constructor or map called on an intercommunicator; MPI_ERR_DIMS for a
 * bad number of dimensions, dimension, direction or a grid larger than
 * the communicator; MPI_ERR_RANK for a rank or graph node that does not
 * exist; MPI_ERR_ARG for the rest (NULL arrays, negative counts and
 * weights, an output array shorter than the answer, a coordinate outside
 * a non-periodic dimension).
 */
#include <stdio.h>

#include "base/err.h"
#include "core/topo.h"
#include "mpi/api.h"

#pragma weak MPI_Cart_create = PMPI_Cart_create
#pragma weak MPI_Dims_create = PMPI_Dims_create
#pragma weak MPI_Graph_create = PMPI_Graph_create
#pragma weak MPI_Dist_graph_create_adjacent = PMPI_Dist_graph_create_adjacent
#pragma weak MPI_Dist_graph_create = PMPI_Dist_graph_create
#pragma weak MPI_Topo_test = PMPI_Topo_test
#pragma weak MPI_Graphdims_get = PMPI_Graphdims_get
#pragma weak MPI_Graph_get = PMPI_Graph_get
#pragma weak MPI_Cartdim_get = PMPI_Cartdim_get
#pragma weak MPI_Cart_get = PMPI_Cart_get
#pragma weak MPI_Cart_rank = PMPI_Cart_rank
#pragma weak MPI_Cart_coords = PMPI_Cart_coords
#pragma weak MPI_Graph_neighbors_count = PMPI_Graph_neighbors_count
#pragma weak MPI_Graph_neighbors = PMPI_Graph_neighbors
#pragma weak MPI_Dist_graph_neighbors_count = PMPI_Dist_graph_neighbors_count
#pragma weak MPI_Dist_graph_neighbors = PMPI_Dist_graph_neighbors
#pragma weak MPI_Cart_shift = PMPI_Cart_shift
#pragma weak MPI_Cart_sub = PMPI_Cart_sub
#pragma weak MPI_Cart_map = PMPI_Cart_map
#pragma weak MPI_Graph_map = PMPI_Graph_map

/* What MPI_UNWEIGHTED and MPI_WEIGHTS_EMPTY point to; never read. */
FTMPI_EXPORT int ftmpi_unweighted[1], ftmpi_weights_empty[1];

/* ---- argument checks -------------------------------------------------- */

/* comm (named comm_old in the constructors) must be an
 * intracommunicator. */
static int check_intra(MPI_Comm comm, const char *fn, const char *name)
{
    if (!ft_api_comm_ok(comm))
        return ft_api_err(NULL, MPI_ERR_COMM, fn,
                          "invalid communicator (argument %s)", name);
    ft_api_eng->call.comm = comm;
    if (ft_comm_is_inter(comm))
        return ft_api_err(comm, MPI_ERR_COMM, fn,
                          "%s is an intercommunicator; process topologies "
                          "are made over intracommunicators",
                          name);
    return 0;
}

static const char *const kind_name[] = {
    [FT_TOPO_CART] = "a Cartesian",
    [FT_TOPO_GRAPH] = "a graph",
    [FT_TOPO_DIST_GRAPH] = "a distributed graph",
};

int ft_api_topo(MPI_Comm comm, const char *fn, int kind,
                const struct ft_topo **t)
{
    if (!ft_api_comm_ok(comm))
        return ft_api_err(NULL, MPI_ERR_COMM, fn,
                          "invalid communicator (argument comm)");
    ft_api_eng->call.comm = comm;
    bool any = kind == FT_API_ANY_TOPO;
    if (ft_comm_is_inter(comm))
        return ft_api_err(comm, MPI_ERR_TOPOLOGY, fn,
                          "comm is an intercommunicator, which has no "
                          "topology%s%s%s (argument comm)",
                          any ? "" : ", so not ", any ? "" : kind_name[kind],
                          any ? "" : " one");
    if (!comm->topo)
        return ft_api_err(comm, MPI_ERR_TOPOLOGY, fn,
                          "comm has no process topology%s%s%s (argument "
                          "comm)",
                          any ? "" : ", not ", any ? "" : kind_name[kind],
                          any ? "" : " one");
    if (!any && comm->topo->kind != (enum ft_topo_kind)kind)
        return ft_api_err(comm, MPI_ERR_TOPOLOGY, fn,
                          "comm has %s topology, not %s one (argument comm)",
                          kind_name[comm->topo->kind], kind_name[kind]);
    *t = comm->topo;
    return 0;
}

/* A grid description: ndims dimensions of dims[i] processes (at most
 * comm's size in all), and periods when it is needed. */
static int check_grid(MPI_Comm comm, const char *fn, int ndims,
                      const int *dims, const int *periods, bool need_periods)
{
    if (ndims < 0)
        return ft_api_err(comm, MPI_ERR_DIMS, fn, "ndims=%d is negative",
                          ndims);
    if (ndims > 0 && !dims)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "dims is NULL");
    if (ndims > 0 && need_periods && !periods)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "periods is NULL");
    for (int d = 0; d < ndims; d++)
        if (dims[d] <= 0)
            return ft_api_err(comm, MPI_ERR_DIMS, fn,
                              "dims[%d]=%d is not positive", d, dims[d]);
    if (ft_topo_grid_size(ndims, dims, comm->size) < 0)
        return ft_api_err(comm, MPI_ERR_DIMS, fn,
                          "the grid (argument dims) has more processes "
                          "than the %d of comm",
                          comm->size);
    return 0;
}

/* A graph description for MPI_Graph_create and MPI_Graph_map. */
static int check_graph(MPI_Comm comm, const char *fn, int nnodes,
                       const int *index, const int *edges)
{
    if (nnodes < 0)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "nnodes=%d is negative",
                          nnodes);
    if (nnodes > comm->size)
        return ft_api_err(comm, MPI_ERR_ARG, fn,
                          "nnodes=%d is more than the %d processes of comm",
                          nnodes, comm->size);
    if (nnodes > 0 && !index)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "index is NULL");
    for (int i = 0; i < nnodes; i++)
        if (index[i] < (i ? index[i - 1] : 0))
            return ft_api_err(comm, MPI_ERR_ARG, fn,
                              "index[%d]=%d is %s", i, index[i],
                              i ? "less than the entry before it"
                                : "negative");
    int nedges = nnodes > 0 ? index[nnodes - 1] : 0;
    if (nedges > 0 && !edges)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "edges is NULL");
    for (int j = 0; j < nedges; j++)
        if (edges[j] < 0 || edges[j] >= nnodes)
            return ft_api_err(comm, MPI_ERR_RANK, fn,
                              "edges[%d]=%d is not a node (0..%d)", j,
                              edges[j], nnodes - 1);
    return 0;
}

/* n ranks of comm in ranks[] (named name). */
static int check_ranks(MPI_Comm comm, const char *fn, const int *ranks,
                       int n, const char *name)
{
    if (n > 0 && !ranks)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", name);
    for (int i = 0; i < n; i++)
        if (ranks[i] < 0 || ranks[i] >= comm->size)
            return ft_api_err(comm, MPI_ERR_RANK, fn,
                              "%s[%d]=%d is not a rank of comm (size %d)",
                              name, i, ranks[i], comm->size);
    return 0;
}

/* The weights of n edges: MPI_UNWEIGHTED, MPI_WEIGHTS_EMPTY (no edge),
 * or n non-negative integers. */
static int check_weights(MPI_Comm comm, const char *fn, const int *w, int n,
                         const char *name)
{
    if (w == MPI_UNWEIGHTED)
        return 0;
    if (w == MPI_WEIGHTS_EMPTY) {
        if (n > 0)
            return ft_api_err(comm, MPI_ERR_ARG, fn,
                              "%s is MPI_WEIGHTS_EMPTY but there are %d "
                              "edges",
                              name, n);
        return 0;
    }
    if (n > 0 && !w)
        return ft_api_err(comm, MPI_ERR_ARG, fn,
                          "%s is NULL (MPI_UNWEIGHTED says there are no "
                          "weights)",
                          name);
    for (int i = 0; i < n; i++)
        if (w[i] < 0)
            return ft_api_err(comm, MPI_ERR_ARG, fn, "%s[%d]=%d is negative",
                              name, i, w[i]);
    return 0;
}

static int check_info(MPI_Comm comm, const char *fn, MPI_Info info)
{
    if (info != MPI_INFO_NULL && !ft_api_info_ok(info))
        return ft_api_err(comm, MPI_ERR_INFO, fn,
                          "invalid info object (argument info)");
    return 0;
}

/* An output array of max entries (named name) that must hold need. */
static int check_room(MPI_Comm comm, const char *fn, int max, int need,
                      const void *arr, const char *maxname,
                      const char *name)
{
    if (max < 0)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s=%d is negative",
                          maxname, max);
    if (max < need)
        return ft_api_err(comm, MPI_ERR_ARG, fn,
                          "%s=%d is less than the %d entries of the answer",
                          maxname, max, need);
    if (need > 0 && !arr)
        return ft_api_err(comm, MPI_ERR_ARG, fn, "%s is NULL", name);
    return 0;
}

/* A new communicator from the core, or MPI_COMM_NULL. */
static int give(MPI_Comm comm, int rc, struct ft_comm *c, MPI_Comm *out,
                const char *fn)
{
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *out = c ? c : MPI_COMM_NULL;
    return MPI_SUCCESS;
}

/* ---- Cartesian -------------------------------------------------------- */

int PMPI_Cart_create(MPI_Comm comm_old, int ndims, const int dims[],
                     const int periods[], int reorder, MPI_Comm *comm_cart)
{
    static const char fn[] = "MPI_Cart_create";
    FT_CHECK_READY(fn);
    CHECK(check_intra(comm_old, fn, "comm_old"));
    CHECK(check_grid(comm_old, fn, ndims, dims, periods, true));
    FT_CHECK_ARG(comm_cart, comm_old, MPI_ERR_ARG, fn, "comm_cart is NULL");
    (void)reorder; /* ranks are never reordered */
    struct ft_comm *c = NULL;
    int rc = ft_topo_cart_create(comm_old, ndims, dims, periods, &c);
    return give(comm_old, rc, c, comm_cart, fn);
}

int PMPI_Dims_create(int nnodes, int ndims, int dims[])
{
    static const char fn[] = "MPI_Dims_create";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(nnodes > 0, NULL, MPI_ERR_ARG, fn,
                 "nnodes=%d is not positive", nnodes);
    FT_CHECK_ARG(ndims >= 0, NULL, MPI_ERR_DIMS, fn,
                 "ndims=%d is negative", ndims);
    FT_CHECK_ARG(ndims == 0 || dims, NULL, MPI_ERR_ARG, fn, "dims is NULL");
    for (int i = 0; i < ndims; i++)
        FT_CHECK_ARG(dims[i] >= 0, NULL, MPI_ERR_DIMS, fn,
                     "dims[%d]=%d is negative", i, dims[i]);
    int rc = ft_dims_create(nnodes, ndims, dims);
    FT_CHECK_ARG(rc != -EINVAL, NULL, MPI_ERR_DIMS, fn,
                 "nnodes=%d cannot be the product of dims with the non-zero "
                 "entries given",
                 nnodes);
    return ft_api_ret(NULL, rc, fn);
}

int PMPI_Cartdim_get(MPI_Comm comm, int *ndims)
{
    static const char fn[] = "MPI_Cartdim_get";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    FT_CHECK_ARG(ndims, comm, MPI_ERR_ARG, fn, "ndims is NULL");
    *ndims = t->ndims;
    return MPI_SUCCESS;
}

int PMPI_Cart_get(MPI_Comm comm, int maxdims, int dims[], int periods[],
                  int coords[])
{
    static const char fn[] = "MPI_Cart_get";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    CHECK(check_room(comm, fn, maxdims, t->ndims, dims, "maxdims", "dims"));
    FT_CHECK_ARG(t->ndims == 0 || periods, comm, MPI_ERR_ARG, fn,
                 "periods is NULL");
    FT_CHECK_ARG(t->ndims == 0 || coords, comm, MPI_ERR_ARG, fn,
                 "coords is NULL");
    for (int d = 0; d < t->ndims; d++) {
        dims[d] = t->dims[d];
        periods[d] = t->periods[d];
        coords[d] = t->coords[d];
    }
    return MPI_SUCCESS;
}

int PMPI_Cart_rank(MPI_Comm comm, const int coords[], int *rank)
{
    static const char fn[] = "MPI_Cart_rank";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    FT_CHECK_ARG(t->ndims == 0 || coords, comm, MPI_ERR_ARG, fn,
                 "coords is NULL");
    FT_CHECK_ARG(rank, comm, MPI_ERR_ARG, fn, "rank is NULL");
    int d = 0;
    FT_CHECK_ARG(ft_topo_cart_rank(t, coords, rank, &d) == 0, comm,
                 MPI_ERR_ARG, fn,
                 "coords[%d]=%d is outside the non-periodic dimension %d "
                 "(0..%d)",
                 d, coords[d], d, t->dims[d] - 1);
    return MPI_SUCCESS;
}

int PMPI_Cart_coords(MPI_Comm comm, int rank, int maxdims, int coords[])
{
    static const char fn[] = "MPI_Cart_coords";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    FT_CHECK_ARG(rank >= 0 && rank < comm->size, comm, MPI_ERR_RANK, fn,
                 "rank=%d is not a rank of comm (size %d)", rank,
                 comm->size);
    CHECK(check_room(comm, fn, maxdims, t->ndims, coords, "maxdims",
                     "coords"));
    ft_topo_cart_coords(t, rank, coords);
    return MPI_SUCCESS;
}

int PMPI_Cart_shift(MPI_Comm comm, int direction, int disp, int *rank_source,
                    int *rank_dest)
{
    static const char fn[] = "MPI_Cart_shift";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    FT_CHECK_ARG(direction >= 0 && direction < t->ndims, comm, MPI_ERR_DIMS,
                 fn, "direction=%d is not a dimension of comm (0..%d)",
                 direction, t->ndims - 1);
    FT_CHECK_ARG(rank_source && rank_dest, comm, MPI_ERR_ARG, fn,
                 "%s is NULL", rank_source ? "rank_dest" : "rank_source");
    ft_topo_cart_shift(t, direction, disp, rank_source, rank_dest);
    return MPI_SUCCESS;
}

int PMPI_Cart_sub(MPI_Comm comm, const int remain_dims[], MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Cart_sub";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_CART, &t));
    FT_CHECK_ARG(t->ndims == 0 || remain_dims, comm, MPI_ERR_ARG, fn,
                 "remain_dims is NULL");
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    struct ft_comm *c = NULL;
    int rc = ft_topo_cart_sub(comm, remain_dims, &c);
    return give(comm, rc, c, newcomm, fn);
}

int PMPI_Cart_map(MPI_Comm comm, int ndims, const int dims[],
                  const int periods[], int *newrank)
{
    static const char fn[] = "MPI_Cart_map";
    FT_CHECK_READY(fn);
    CHECK(check_intra(comm, fn, "comm"));
    /* periods do not change where a process goes: NULL is let through. */
    CHECK(check_grid(comm, fn, ndims, dims, periods, false));
    FT_CHECK_ARG(newrank, comm, MPI_ERR_ARG, fn, "newrank is NULL");
    long n = ft_topo_grid_size(ndims, dims, comm->size);
    *newrank = comm->rank < n ? comm->rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}

/* ---- graphs ----------------------------------------------------------- */

int PMPI_Graph_create(MPI_Comm comm_old, int nnodes, const int index[],
                      const int edges[], int reorder, MPI_Comm *comm_graph)
{
    static const char fn[] = "MPI_Graph_create";
    FT_CHECK_READY(fn);
    CHECK(check_intra(comm_old, fn, "comm_old"));
    CHECK(check_graph(comm_old, fn, nnodes, index, edges));
    FT_CHECK_ARG(comm_graph, comm_old, MPI_ERR_ARG, fn,
                 "comm_graph is NULL");
    (void)reorder;
    struct ft_comm *c = NULL;
    int rc = ft_topo_graph_create(comm_old, nnodes, index, edges, &c);
    return give(comm_old, rc, c, comm_graph, fn);
}

int PMPI_Graphdims_get(MPI_Comm comm, int *nnodes, int *nedges)
{
    static const char fn[] = "MPI_Graphdims_get";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_GRAPH, &t));
    FT_CHECK_ARG(nnodes && nedges, comm, MPI_ERR_ARG, fn, "%s is NULL",
                 nnodes ? "nedges" : "nnodes");
    *nnodes = t->nnodes;
    *nedges = t->nedges;
    return MPI_SUCCESS;
}

int PMPI_Graph_get(MPI_Comm comm, int maxindex, int maxedges, int index[],
                   int edges[])
{
    static const char fn[] = "MPI_Graph_get";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_GRAPH, &t));
    CHECK(check_room(comm, fn, maxindex, t->nnodes, index, "maxindex",
                     "index"));
    CHECK(check_room(comm, fn, maxedges, t->nedges, edges, "maxedges",
                     "edges"));
    for (int i = 0; i < t->nnodes; i++)
        index[i] = t->index[i];
    for (int j = 0; j < t->nedges; j++)
        edges[j] = t->edges[j];
    return MPI_SUCCESS;
}

int PMPI_Graph_neighbors_count(MPI_Comm comm, int rank, int *nneighbors)
{
    static const char fn[] = "MPI_Graph_neighbors_count";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_GRAPH, &t));
    FT_CHECK_ARG(rank >= 0 && rank < t->nnodes, comm, MPI_ERR_RANK, fn,
                 "rank=%d is not a node of the graph (0..%d)", rank,
                 t->nnodes - 1);
    FT_CHECK_ARG(nneighbors, comm, MPI_ERR_ARG, fn, "nneighbors is NULL");
    const int *list;
    *nneighbors = ft_topo_graph_neighbors(t, rank, &list);
    return MPI_SUCCESS;
}

int PMPI_Graph_neighbors(MPI_Comm comm, int rank, int maxneighbors,
                         int neighbors[])
{
    static const char fn[] = "MPI_Graph_neighbors";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_GRAPH, &t));
    FT_CHECK_ARG(rank >= 0 && rank < t->nnodes, comm, MPI_ERR_RANK, fn,
                 "rank=%d is not a node of the graph (0..%d)", rank,
                 t->nnodes - 1);
    const int *list;
    int n = ft_topo_graph_neighbors(t, rank, &list);
    CHECK(check_room(comm, fn, maxneighbors, n, neighbors, "maxneighbors",
                     "neighbors"));
    for (int i = 0; i < n; i++)
        neighbors[i] = list[i];
    return MPI_SUCCESS;
}

int PMPI_Graph_map(MPI_Comm comm, int nnodes, const int index[],
                   const int edges[], int *newrank)
{
    static const char fn[] = "MPI_Graph_map";
    FT_CHECK_READY(fn);
    CHECK(check_intra(comm, fn, "comm"));
    CHECK(check_graph(comm, fn, nnodes, index, edges));
    FT_CHECK_ARG(newrank, comm, MPI_ERR_ARG, fn, "newrank is NULL");
    *newrank = comm->rank < nnodes ? comm->rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}

/* ---- distributed graphs ----------------------------------------------- */

int PMPI_Dist_graph_create_adjacent(MPI_Comm comm_old, int indegree,
                                    const int sources[],
                                    const int sourceweights[], int outdegree,
                                    const int destinations[],
                                    const int destweights[], MPI_Info info,
                                    int reorder, MPI_Comm *comm_dist_graph)
{
    static const char fn[] = "MPI_Dist_graph_create_adjacent";
    FT_CHECK_READY(fn);
    MPI_Comm c0 = comm_old;
    CHECK(check_intra(c0, fn, "comm_old"));
    FT_CHECK_ARG(indegree >= 0, c0, MPI_ERR_ARG, fn,
                 "indegree=%d is negative", indegree);
    FT_CHECK_ARG(outdegree >= 0, c0, MPI_ERR_ARG, fn,
                 "outdegree=%d is negative", outdegree);
    CHECK(check_ranks(c0, fn, sources, indegree, "sources"));
    CHECK(check_ranks(c0, fn, destinations, outdegree, "destinations"));
    CHECK(check_weights(c0, fn, sourceweights, indegree, "sourceweights"));
    CHECK(check_weights(c0, fn, destweights, outdegree, "destweights"));
    /* Weighted or not is said for both sides: a side with edges cannot
     * carry weights when the other says MPI_UNWEIGHTED. */
    bool sw = sourceweights != MPI_UNWEIGHTED;
    bool dw = destweights != MPI_UNWEIGHTED;
    FT_CHECK_ARG(sw == dw || (sw ? indegree : outdegree) == 0, c0,
                 MPI_ERR_ARG, fn,
                 "%s is MPI_UNWEIGHTED but %s has weights",
                 sw ? "destweights" : "sourceweights",
                 sw ? "sourceweights" : "destweights");
    CHECK(check_info(c0, fn, info));
    FT_CHECK_ARG(comm_dist_graph, c0, MPI_ERR_ARG, fn,
                 "comm_dist_graph is NULL");
    (void)reorder;
    bool weighted = sw && dw;
    struct ft_comm *c = NULL;
    int rc = ft_topo_dist_graph_adjacent(
        c0, indegree, sources, weighted ? sourceweights : NULL, outdegree,
        destinations, weighted ? destweights : NULL, weighted, &c);
    return give(c0, rc, c, comm_dist_graph, fn);
}

int PMPI_Dist_graph_create(MPI_Comm comm_old, int n, const int sources[],
                           const int degrees[], const int destinations[],
                           const int weights[], MPI_Info info, int reorder,
                           MPI_Comm *comm_dist_graph)
{
    static const char fn[] = "MPI_Dist_graph_create";
    FT_CHECK_READY(fn);
    MPI_Comm c0 = comm_old;
    CHECK(check_intra(c0, fn, "comm_old"));
    FT_CHECK_ARG(n >= 0, c0, MPI_ERR_ARG, fn, "n=%d is negative", n);
    CHECK(check_ranks(c0, fn, sources, n, "sources"));
    FT_CHECK_ARG(n == 0 || degrees, c0, MPI_ERR_ARG, fn, "degrees is NULL");
    long nedges = 0;
    for (int i = 0; i < n; i++) {
        FT_CHECK_ARG(degrees[i] >= 0, c0, MPI_ERR_ARG, fn,
                     "degrees[%d]=%d is negative", i, degrees[i]);
        nedges += degrees[i];
        /* Each edge travels as a few ints to each end. */
        FT_CHECK_ARG(nedges <= 0x7fffffff / 8, c0, MPI_ERR_ARG, fn,
                     "degrees add up to more edges than ftmpi can route");
    }
    CHECK(check_ranks(c0, fn, destinations, (int)nedges, "destinations"));
    CHECK(check_weights(c0, fn, weights, (int)nedges, "weights"));
    CHECK(check_info(c0, fn, info));
    FT_CHECK_ARG(comm_dist_graph, c0, MPI_ERR_ARG, fn,
                 "comm_dist_graph is NULL");
    (void)reorder;
    bool weighted = weights != MPI_UNWEIGHTED;
    struct ft_comm *c = NULL;
    int rc = ft_topo_dist_graph_create(
        c0, n, sources, degrees, destinations,
        weighted && nedges > 0 ? weights : NULL, weighted, &c);
    return give(c0, rc, c, comm_dist_graph, fn);
}

int PMPI_Dist_graph_neighbors_count(MPI_Comm comm, int *indegree,
                                    int *outdegree, int *weighted)
{
    static const char fn[] = "MPI_Dist_graph_neighbors_count";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_DIST_GRAPH, &t));
    FT_CHECK_ARG(indegree, comm, MPI_ERR_ARG, fn, "indegree is NULL");
    FT_CHECK_ARG(outdegree, comm, MPI_ERR_ARG, fn, "outdegree is NULL");
    FT_CHECK_ARG(weighted, comm, MPI_ERR_ARG, fn, "weighted is NULL");
    *indegree = t->nin;
    *outdegree = t->nout;
    *weighted = t->weighted;
    return MPI_SUCCESS;
}

/* Whether the user gave room for weights. */
static bool wants(const int *w)
{
    return w && w != MPI_UNWEIGHTED && w != MPI_WEIGHTS_EMPTY;
}

int PMPI_Dist_graph_neighbors(MPI_Comm comm, int maxindegree, int sources[],
                              int sourceweights[], int maxoutdegree,
                              int destinations[], int destweights[])
{
    static const char fn[] = "MPI_Dist_graph_neighbors";
    FT_CHECK_READY(fn);
    const struct ft_topo *t;
    CHECK(ft_api_topo(comm, fn, FT_TOPO_DIST_GRAPH, &t));
    CHECK(check_room(comm, fn, maxindegree, t->nin, sources, "maxindegree",
                     "sources"));
    CHECK(check_room(comm, fn, maxoutdegree, t->nout, destinations,
                     "maxoutdegree", "destinations"));
    for (int i = 0; i < t->nin; i++)
        sources[i] = t->in[i];
    for (int i = 0; i < t->nout; i++)
        destinations[i] = t->out[i];
    /* Weights only where the graph has them and the caller asks. */
    if (t->weighted && wants(sourceweights))
        for (int i = 0; i < t->nin; i++)
            sourceweights[i] = t->inw[i];
    if (t->weighted && wants(destweights))
        for (int i = 0; i < t->nout; i++)
            destweights[i] = t->outw[i];
    return MPI_SUCCESS;
}

/* ---- any topology ----------------------------------------------------- */

int PMPI_Topo_test(MPI_Comm comm, int *status)
{
    static const char fn[] = "MPI_Topo_test";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(status, comm, MPI_ERR_ARG, fn, "status is NULL");
    static const int cls[] = {
        [FT_TOPO_CART] = MPI_CART,
        [FT_TOPO_GRAPH] = MPI_GRAPH,
        [FT_TOPO_DIST_GRAPH] = MPI_DIST_GRAPH,
    };
    *status = comm->topo ? cls[comm->topo->kind] : MPI_UNDEFINED;
    return MPI_SUCCESS;
}
