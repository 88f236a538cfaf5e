/*
 * topo_errors -- bad arguments to the topology functions and the
 * neighborhood collectives give the right error class with a message that
 * names the argument, and leave the communicators usable:
 *   MPI_ERR_TOPOLOGY  a communicator without the topology the call needs
 *                     (an intercommunicator has none)
 *   MPI_ERR_COMM      no communicator, or an intercommunicator given to a
 *                     constructor or a map
 *   MPI_ERR_DIMS      ndims, dims, direction, a grid larger than comm
 *   MPI_ERR_RANK      a rank or graph node that does not exist
 *   MPI_ERR_ARG       NULL arrays, negative counts and weights, output
 *                     arrays too short, coordinates off a non-periodic
 *                     grid, mixed weighted and unweighted
 *   MPI_ERR_COUNT, _TYPE, _BUFFER, _INFO  as in the other collectives.
 */
#include "t.h"

static int rank, size;

/* An error of class cls whose text names word. */
#define T_ERR(call, cls, word)                                                \
    do {                                                                      \
        int rc_ = (call);                                                     \
        T_ERRCLASS(rc_, cls);                                                 \
        t_expect_text(rc_, word);                                               \
    } while (0)

/* The ten neighborhood collectives on c must all fail with cls. */
static void all_neighbor(MPI_Comm c, int cls, const char *word)
{
    int a[64], b[64], cnt[64], dsp[64];
    MPI_Aint adsp[64];
    MPI_Datatype ty[64];
    for (int i = 0; i < 64; i++) {
        a[i] = b[i] = 0;
        cnt[i] = 1;
        dsp[i] = i;
        adsp[i] = i * (MPI_Aint)sizeof(int);
        ty[i] = MPI_INT;
    }
    MPI_Request q;
    T_ERR(MPI_Neighbor_allgather(a, 1, MPI_INT, b, 1, MPI_INT, c), cls, word);
    T_ERR(MPI_Ineighbor_allgather(a, 1, MPI_INT, b, 1, MPI_INT, c, &q), cls,
          word);
    T_ERR(MPI_Neighbor_allgatherv(a, 1, MPI_INT, b, cnt, dsp, MPI_INT, c),
          cls, word);
    T_ERR(MPI_Ineighbor_allgatherv(a, 1, MPI_INT, b, cnt, dsp, MPI_INT, c,
                                   &q),
          cls, word);
    T_ERR(MPI_Neighbor_alltoall(a, 1, MPI_INT, b, 1, MPI_INT, c), cls, word);
    T_ERR(MPI_Ineighbor_alltoall(a, 1, MPI_INT, b, 1, MPI_INT, c, &q), cls,
          word);
    T_ERR(MPI_Neighbor_alltoallv(a, cnt, dsp, MPI_INT, b, cnt, dsp, MPI_INT,
                                 c),
          cls, word);
    T_ERR(MPI_Ineighbor_alltoallv(a, cnt, dsp, MPI_INT, b, cnt, dsp, MPI_INT,
                                  c, &q),
          cls, word);
    T_ERR(MPI_Neighbor_alltoallw(a, cnt, adsp, ty, b, cnt, adsp, ty, c), cls,
          word);
    T_ERR(MPI_Ineighbor_alltoallw(a, cnt, adsp, ty, b, cnt, adsp, ty, c, &q),
          cls, word);
}

/* Every query of a topology other than comm's, and the ones comm cannot
 * answer at all. */
static void wrong_kind(MPI_Comm c, int has_cart, int has_graph,
                       int has_dist)
{
    int x[8], y[8], z[8], n, m, k;
    MPI_Comm nc;
    if (!has_cart) {
        int coords[1] = {0};
        T_ERR(MPI_Cart_coords(c, 0, 1, x), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Cart_rank(c, coords, &n), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Cart_get(c, 1, x, y, z), MPI_ERR_TOPOLOGY, "Cartesian");
        T_ERR(MPI_Cartdim_get(c, &n), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Cart_shift(c, 0, 1, &n, &m), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Cart_sub(c, x, &nc), MPI_ERR_TOPOLOGY, "comm");
    }
    if (!has_graph) {
        T_ERR(MPI_Graphdims_get(c, &n, &m), MPI_ERR_TOPOLOGY, "graph");
        T_ERR(MPI_Graph_get(c, 8, 8, x, y), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Graph_neighbors_count(c, 0, &n), MPI_ERR_TOPOLOGY, "comm");
        T_ERR(MPI_Graph_neighbors(c, 0, 8, x), MPI_ERR_TOPOLOGY, "comm");
    }
    if (!has_dist) {
        T_ERR(MPI_Dist_graph_neighbors_count(c, &n, &m, &k),
              MPI_ERR_TOPOLOGY, "distributed graph");
        T_ERR(MPI_Dist_graph_neighbors(c, 8, x, MPI_UNWEIGHTED, 8, y,
                                       MPI_UNWEIGHTED),
              MPI_ERR_TOPOLOGY, "comm");
    }
}

static void cart_errors(MPI_Comm w)
{
    int dims[3] = {size, 1, 1}, periods[3] = {0, 0, 0}, bad[3];
    MPI_Comm c;
    T_ERR(MPI_Cart_create(MPI_COMM_NULL, 1, dims, periods, 0, &c),
          MPI_ERR_COMM, "comm_old");
    T_ERR(MPI_Cart_create(w, -1, dims, periods, 0, &c), MPI_ERR_DIMS,
          "ndims");
    T_ERR(MPI_Cart_create(w, 1, NULL, periods, 0, &c), MPI_ERR_ARG, "dims");
    T_ERR(MPI_Cart_create(w, 1, dims, NULL, 0, &c), MPI_ERR_ARG, "periods");
    bad[0] = 0;
    T_ERR(MPI_Cart_create(w, 1, bad, periods, 0, &c), MPI_ERR_DIMS,
          "dims[0]");
    bad[0] = size;
    bad[1] = -2;
    T_ERR(MPI_Cart_create(w, 2, bad, periods, 0, &c), MPI_ERR_DIMS,
          "dims[1]");
    bad[0] = size + 1;
    T_ERR(MPI_Cart_create(w, 1, bad, periods, 0, &c), MPI_ERR_DIMS, "dims");
    bad[0] = 65536;
    bad[1] = 65536;
    bad[2] = 65536; /* overflows an int */
    T_ERR(MPI_Cart_create(w, 3, bad, periods, 0, &c), MPI_ERR_DIMS, "dims");
    T_ERR(MPI_Cart_create(w, 1, dims, periods, 0, NULL), MPI_ERR_ARG,
          "comm_cart");
    int nr;
    T_ERR(MPI_Cart_map(w, -1, dims, periods, &nr), MPI_ERR_DIMS, "ndims");
    T_ERR(MPI_Cart_map(w, 1, bad, periods, &nr), MPI_ERR_DIMS, "dims");
    T_ERR(MPI_Cart_map(w, 1, dims, periods, NULL), MPI_ERR_ARG, "newrank");

    /* A line of every process, not periodic. */
    T_OK(MPI_Cart_create(w, 1, dims, periods, 0, &c));
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    wrong_kind(c, 1, 0, 0);
    int co[3], n, m;
    T_ERR(MPI_Cart_coords(c, -1, 1, co), MPI_ERR_RANK, "rank");
    T_ERR(MPI_Cart_coords(c, size, 1, co), MPI_ERR_RANK, "rank");
    T_ERR(MPI_Cart_coords(c, 0, 0, co), MPI_ERR_ARG, "maxdims");
    T_ERR(MPI_Cart_coords(c, 0, -1, co), MPI_ERR_ARG, "maxdims");
    T_ERR(MPI_Cart_coords(c, 0, 1, NULL), MPI_ERR_ARG, "coords");
    co[0] = size;
    T_ERR(MPI_Cart_rank(c, co, &n), MPI_ERR_ARG, "coords[0]");
    co[0] = -1;
    T_ERR(MPI_Cart_rank(c, co, &n), MPI_ERR_ARG, "coords[0]");
    co[0] = 0;
    T_ERR(MPI_Cart_rank(c, co, NULL), MPI_ERR_ARG, "rank");
    T_ERR(MPI_Cart_rank(c, NULL, &n), MPI_ERR_ARG, "coords");
    T_ERR(MPI_Cart_shift(c, 1, 1, &n, &m), MPI_ERR_DIMS, "direction");
    T_ERR(MPI_Cart_shift(c, -1, 1, &n, &m), MPI_ERR_DIMS, "direction");
    T_ERR(MPI_Cart_shift(c, 0, 1, NULL, &m), MPI_ERR_ARG, "rank_source");
    T_ERR(MPI_Cart_shift(c, 0, 1, &n, NULL), MPI_ERR_ARG, "rank_dest");
    int d[1], p[1];
    T_ERR(MPI_Cart_get(c, 0, d, p, co), MPI_ERR_ARG, "maxdims");
    T_ERR(MPI_Cart_get(c, 1, NULL, p, co), MPI_ERR_ARG, "dims");
    T_ERR(MPI_Cart_get(c, 1, d, NULL, co), MPI_ERR_ARG, "periods");
    T_ERR(MPI_Cartdim_get(c, NULL), MPI_ERR_ARG, "ndims");
    MPI_Comm s;
    T_ERR(MPI_Cart_sub(c, NULL, &s), MPI_ERR_ARG, "remain_dims");
    T_ERR(MPI_Cart_sub(c, p, NULL), MPI_ERR_ARG, "newcomm");

    /* Neighborhood collectives: bad buffers, counts, types. */
    int a[8] = {0}, b[8] = {0}, cnt[2] = {1, 1}, dsp[2] = {0, 1};
    MPI_Aint adsp[2] = {0, sizeof(int)};
    MPI_Datatype ty[2] = {MPI_INT, MPI_INT}, loose;
    MPI_Type_contiguous(2, MPI_INT, &loose); /* never committed */
    MPI_Request q;
    T_ERR(MPI_Neighbor_allgather(a, -1, MPI_INT, b, 1, MPI_INT, c),
          MPI_ERR_COUNT, "sendcount");
    T_ERR(MPI_Neighbor_allgather(a, 1, MPI_INT, b, 1, MPI_DATATYPE_NULL, c),
          MPI_ERR_TYPE, "recvtype");
    T_ERR(MPI_Neighbor_allgather(MPI_IN_PLACE, 1, MPI_INT, b, 1, MPI_INT, c),
          MPI_ERR_BUFFER, "sendbuf");
    T_ERR(MPI_Ineighbor_allgather(a, 1, MPI_INT, b, 1, MPI_INT, c, NULL),
          MPI_ERR_ARG, "request");
    T_ERR(MPI_Neighbor_allgatherv(a, 1, MPI_INT, b, NULL, dsp, MPI_INT, c),
          MPI_ERR_ARG, "recvcounts");
    T_ERR(MPI_Neighbor_allgatherv(a, 1, MPI_INT, b, cnt, NULL, MPI_INT, c),
          MPI_ERR_ARG, "displs");
    T_ERR(MPI_Neighbor_allgatherv(a, 1, MPI_INT, MPI_IN_PLACE, cnt, dsp,
                                  MPI_INT, c),
          MPI_ERR_BUFFER, "recvbuf");
    T_ERR(MPI_Neighbor_alltoall(a, 1, loose, b, 1, MPI_INT, c), MPI_ERR_TYPE,
          "sendtype");
    T_ERR(MPI_Neighbor_alltoall(a, 1, MPI_INT, b, -3, MPI_INT, c),
          MPI_ERR_COUNT, "recvcount");
    /* A grid always has two blocks per dimension (MPI_PROC_NULL ones
     * included): a NULL buffer for them is wrong. */
    T_ERR(MPI_Neighbor_alltoall(NULL, 1, MPI_INT, b, 1, MPI_INT, c),
          MPI_ERR_BUFFER, "sendbuf");
    T_ERR(MPI_Ineighbor_alltoall(a, 1, MPI_INT, MPI_IN_PLACE, 1, MPI_INT, c,
                                 &q),
          MPI_ERR_BUFFER, "recvbuf");
    int ncnt[2] = {1, -1};
    T_ERR(MPI_Neighbor_alltoallv(a, ncnt, dsp, MPI_INT, b, cnt, dsp, MPI_INT,
                                 c),
          MPI_ERR_COUNT, "sendcounts[1]");
    T_ERR(MPI_Neighbor_alltoallv(a, cnt, NULL, MPI_INT, b, cnt, dsp, MPI_INT,
                                 c),
          MPI_ERR_ARG, "sdispls");
    T_ERR(MPI_Neighbor_alltoallv(a, cnt, dsp, MPI_INT, b, cnt, dsp,
                                 MPI_DATATYPE_NULL, c),
          MPI_ERR_TYPE, "recvtype");
    MPI_Datatype bty[2] = {MPI_INT, loose};
    T_ERR(MPI_Neighbor_alltoallw(a, cnt, adsp, bty, b, cnt, adsp, ty, c),
          MPI_ERR_TYPE, "sendtypes[1]");
    T_ERR(MPI_Ineighbor_alltoallw(a, cnt, adsp, ty, b, cnt, adsp, NULL, c,
                                  &q),
          MPI_ERR_ARG, "recvtypes");
    T_ERR(MPI_Neighbor_alltoallw(a, cnt, adsp, ty, b, NULL, adsp, ty, c),
          MPI_ERR_ARG, "recvcounts");
    T_ERR(MPI_Neighbor_alltoallw(a, cnt, adsp, ty, b, cnt, NULL, ty, c),
          MPI_ERR_ARG, "rdispls");
    MPI_Type_free(&loose);

    /* After all that, the line works. */
    int out[2] = {rank * 10, rank * 10 + 1}, in[2] = {-1, -1};
    T_OK(MPI_Neighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, c));
    T_CHECK(in[0] == (rank > 0 ? (rank - 1) * 10 + 1 : -1) &&
                in[1] == (rank < size - 1 ? (rank + 1) * 10 : -1),
            "line exchange after errors: %d %d", in[0], in[1]);
    MPI_Comm_free(&c);
}

static void graph_errors(MPI_Comm w)
{
    int index[8], edges[8];
    MPI_Comm g;
    for (int i = 0; i < size && i < 8; i++) {
        index[i] = i + 1;
        edges[i] = (i + 1) % size;
    }
    int n = size < 8 ? size : 8;
    T_ERR(MPI_Graph_create(w, -1, index, edges, 0, &g), MPI_ERR_ARG,
          "nnodes");
    T_ERR(MPI_Graph_create(w, size + 1, index, edges, 0, &g), MPI_ERR_ARG,
          "nnodes");
    T_ERR(MPI_Graph_create(w, n, NULL, edges, 0, &g), MPI_ERR_ARG, "index");
    T_ERR(MPI_Graph_create(w, n, index, NULL, 0, &g), MPI_ERR_ARG, "edges");
    T_ERR(MPI_Graph_create(w, n, index, edges, 0, NULL), MPI_ERR_ARG,
          "comm_graph");
    int bi[2] = {-1, 0};
    T_ERR(MPI_Graph_create(w, 1, bi, edges, 0, &g), MPI_ERR_ARG, "index[0]");
    if (size > 1) {
        int di[2] = {2, 1}, de[2] = {0, 1};
        T_ERR(MPI_Graph_create(w, 2, di, de, 0, &g), MPI_ERR_ARG,
              "index[1]");
    }
    int one[1] = {1}, ie[1] = {1};
    T_ERR(MPI_Graph_create(w, 1, one, ie, 0, &g), MPI_ERR_RANK, "edges[0]");
    int nr;
    T_ERR(MPI_Graph_map(w, -1, index, edges, &nr), MPI_ERR_ARG, "nnodes");
    T_ERR(MPI_Graph_map(w, 1, one, ie, &nr), MPI_ERR_RANK, "edges[0]");
    T_ERR(MPI_Graph_map(w, n, index, edges, NULL), MPI_ERR_ARG, "newrank");

    T_OK(MPI_Graph_create(w, n, index, edges, 0, &g));
    if (g == MPI_COMM_NULL)
        return;
    MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
    wrong_kind(g, 0, 1, 0);
    int x[8], y[8], k;
    T_ERR(MPI_Graph_neighbors_count(g, -1, &k), MPI_ERR_RANK, "rank");
    T_ERR(MPI_Graph_neighbors_count(g, n, &k), MPI_ERR_RANK, "rank");
    T_ERR(MPI_Graph_neighbors_count(g, 0, NULL), MPI_ERR_ARG, "nneighbors");
    T_ERR(MPI_Graph_neighbors(g, n, 8, x), MPI_ERR_RANK, "rank");
    T_ERR(MPI_Graph_neighbors(g, 0, 0, x), MPI_ERR_ARG, "maxneighbors");
    T_ERR(MPI_Graph_neighbors(g, 0, 8, NULL), MPI_ERR_ARG, "neighbors");
    T_ERR(MPI_Graph_get(g, n - 1, 8, x, y), MPI_ERR_ARG, "maxindex");
    T_ERR(MPI_Graph_get(g, 8, n - 1, x, y), MPI_ERR_ARG, "maxedges");
    T_ERR(MPI_Graph_get(g, 8, 8, x, NULL), MPI_ERR_ARG, "edges");
    T_ERR(MPI_Graphdims_get(g, NULL, &k), MPI_ERR_ARG, "nnodes");
    T_ERR(MPI_Graphdims_get(g, &k, NULL), MPI_ERR_ARG, "nedges");
    MPI_Comm_free(&g);
}

static void dist_errors(MPI_Comm w)
{
    int src[2] = {rank, (rank + 1) % size}, wt[2] = {1, 2};
    int nwt[2] = {1, -2}, bad[2] = {0, size};
    MPI_Comm g;
    MPI_Info info = (MPI_Info)(void *)bad; /* not an info object */
    T_ERR(MPI_Dist_graph_create_adjacent(w, -1, src, MPI_UNWEIGHTED, 0, src,
                                         MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                         &g),
          MPI_ERR_ARG, "indegree");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 0, src, MPI_UNWEIGHTED, -1, src,
                                         MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                         &g),
          MPI_ERR_ARG, "outdegree");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, NULL, MPI_UNWEIGHTED, 0, src,
                                         MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                         &g),
          MPI_ERR_ARG, "sources");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, bad, MPI_UNWEIGHTED, 0, src,
                                         MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                         &g),
          MPI_ERR_RANK, "sources[1]");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 0, src, MPI_UNWEIGHTED, 2, bad,
                                         MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                         &g),
          MPI_ERR_RANK, "destinations[1]");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, NULL, 2, src, wt,
                                         MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "sourceweights");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, nwt, 2, src, wt,
                                         MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "sourceweights[1]");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, MPI_WEIGHTS_EMPTY, 2, src,
                                         wt, MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "MPI_WEIGHTS_EMPTY");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, MPI_UNWEIGHTED, 2, src,
                                         wt, MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "MPI_UNWEIGHTED");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, wt, 2, src, wt, info, 0,
                                         &g),
          MPI_ERR_INFO, "info");
    T_ERR(MPI_Dist_graph_create_adjacent(w, 2, src, wt, 2, src, wt,
                                         MPI_INFO_NULL, 0, NULL),
          MPI_ERR_ARG, "comm_dist_graph");

    int deg[1] = {2}, ndeg[1] = {-1};
    T_ERR(MPI_Dist_graph_create(w, -1, src, deg, src, MPI_UNWEIGHTED,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "n=");
    T_ERR(MPI_Dist_graph_create(w, 1, bad + 1, deg, src, MPI_UNWEIGHTED,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_RANK, "sources[0]");
    T_ERR(MPI_Dist_graph_create(w, 1, src, NULL, src, MPI_UNWEIGHTED,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "degrees");
    T_ERR(MPI_Dist_graph_create(w, 1, src, ndeg, src, MPI_UNWEIGHTED,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "degrees[0]");
    T_ERR(MPI_Dist_graph_create(w, 1, src, deg, bad, MPI_UNWEIGHTED,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_RANK, "destinations[1]");
    T_ERR(MPI_Dist_graph_create(w, 1, src, deg, src, nwt, MPI_INFO_NULL, 0,
                                &g),
          MPI_ERR_ARG, "weights[1]");
    T_ERR(MPI_Dist_graph_create(w, 1, src, deg, src, MPI_WEIGHTS_EMPTY,
                                MPI_INFO_NULL, 0, &g),
          MPI_ERR_ARG, "weights");
    T_ERR(MPI_Dist_graph_create(w, 1, src, deg, src, wt, info, 0, &g),
          MPI_ERR_INFO, "info");

    T_OK(MPI_Dist_graph_create_adjacent(w, 2, src, wt, 2, src, wt,
                                        MPI_INFO_NULL, 0, &g));
    MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
    wrong_kind(g, 0, 0, 1);
    int a, b, c, x[2], y[2];
    T_ERR(MPI_Dist_graph_neighbors_count(g, NULL, &b, &c), MPI_ERR_ARG,
          "indegree");
    T_ERR(MPI_Dist_graph_neighbors_count(g, &a, NULL, &c), MPI_ERR_ARG,
          "outdegree");
    T_ERR(MPI_Dist_graph_neighbors_count(g, &a, &b, NULL), MPI_ERR_ARG,
          "weighted");
    T_ERR(MPI_Dist_graph_neighbors(g, 1, x, MPI_UNWEIGHTED, 2, y,
                                   MPI_UNWEIGHTED),
          MPI_ERR_ARG, "maxindegree");
    T_ERR(MPI_Dist_graph_neighbors(g, 2, x, MPI_UNWEIGHTED, -1, y,
                                   MPI_UNWEIGHTED),
          MPI_ERR_ARG, "maxoutdegree");
    T_ERR(MPI_Dist_graph_neighbors(g, 2, NULL, MPI_UNWEIGHTED, 2, y,
                                   MPI_UNWEIGHTED),
          MPI_ERR_ARG, "sources");
    MPI_Comm_free(&g);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm w = MPI_COMM_WORLD;
    MPI_Comm_set_errhandler(w, MPI_ERRORS_RETURN);

    /* Plain communicators have no topology. */
    int st;
    T_ERR(MPI_Topo_test(MPI_COMM_NULL, &st), MPI_ERR_COMM, "comm");
    T_ERR(MPI_Topo_test(w, NULL), MPI_ERR_ARG, "status");
    wrong_kind(w, 0, 0, 0);
    all_neighbor(w, MPI_ERR_TOPOLOGY, "no process topology");
    all_neighbor(MPI_COMM_NULL, MPI_ERR_COMM, "comm");

    cart_errors(w);
    graph_errors(w);
    dist_errors(w);

    /* An intercommunicator: no topology, and none can be made over it. */
    if (size > 1) {
        MPI_Comm half, inter;
        MPI_Comm_split(w, rank % 2, rank, &half);
        MPI_Intercomm_create(half, 0, w, rank % 2 ? 0 : 1, 7, &inter);
        MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);
        T_OK(MPI_Topo_test(inter, &st));
        T_CHECK(st == MPI_UNDEFINED, "intercommunicator topology %d", st);
        wrong_kind(inter, 0, 0, 0);
        all_neighbor(inter, MPI_ERR_TOPOLOGY, "intercommunicator");
        int dims[1] = {1}, periods[1] = {0}, nr, index[1] = {0};
        MPI_Comm c;
        T_ERR(MPI_Cart_create(inter, 1, dims, periods, 0, &c), MPI_ERR_COMM,
              "intercommunicator");
        T_ERR(MPI_Cart_map(inter, 1, dims, periods, &nr), MPI_ERR_COMM,
              "intercommunicator");
        T_ERR(MPI_Graph_create(inter, 1, index, NULL, 0, &c), MPI_ERR_COMM,
              "intercommunicator");
        T_ERR(MPI_Graph_map(inter, 1, index, NULL, &nr), MPI_ERR_COMM,
              "intercommunicator");
        T_ERR(MPI_Dist_graph_create_adjacent(inter, 0, NULL, MPI_UNWEIGHTED,
                                             0, NULL, MPI_UNWEIGHTED,
                                             MPI_INFO_NULL, 0, &c),
              MPI_ERR_COMM, "intercommunicator");
        T_ERR(MPI_Dist_graph_create(inter, 0, NULL, NULL, NULL,
                                    MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &c),
              MPI_ERR_COMM, "intercommunicator");
        MPI_Comm_free(&inter);
        MPI_Comm_free(&half);
    }
    return t_finish("topo_errors");
}
