/*
 * topo_graph -- graph topologies (MPI_Graph_create): a ring and an
 * irregular graph with self-loops and repeated edges over fewer nodes
 * than processes; the graph comes back whole from Graphdims_get and
 * Graph_get, each node's neighbors from Graph_neighbors(_count);
 * Graph_map, a duplicate keeps the topology, an empty graph gives
 * MPI_COMM_NULL everywhere.
 */
#include "t.h"

static int rank, size;

/* Checks a graph communicator against the description it was made from. */
static void check_graph(MPI_Comm g, int nnodes, const int *index,
                        const int *edges)
{
    int st = -1, nn = -1, ne = -1, gr = -1, gs = -1;
    T_OK(MPI_Topo_test(g, &st));
    T_CHECK(st == MPI_GRAPH, "Topo_test %d", st);
    T_OK(MPI_Comm_rank(g, &gr));
    T_OK(MPI_Comm_size(g, &gs));
    T_CHECK(gr == rank && gs == nnodes, "rank %d of %d, expected %d of %d",
            gr, gs, rank, nnodes);
    int nedges = index[nnodes - 1];
    T_OK(MPI_Graphdims_get(g, &nn, &ne));
    T_CHECK(nn == nnodes && ne == nedges, "Graphdims_get %d %d", nn, ne);
    int gi[64], ge[256];
    T_OK(MPI_Graph_get(g, nnodes, nedges, gi, ge));
    for (int i = 0; i < nnodes; i++)
        T_CHECK(gi[i] == index[i], "index[%d]=%d, expected %d", i, gi[i],
                index[i]);
    for (int j = 0; j < nedges; j++)
        T_CHECK(ge[j] == edges[j], "edges[%d]=%d, expected %d", j, ge[j],
                edges[j]);
    for (int i = 0; i < nnodes; i++) {
        int start = i ? index[i - 1] : 0, n = -1, nb[64];
        T_OK(MPI_Graph_neighbors_count(g, i, &n));
        T_CHECK(n == index[i] - start, "node %d: %d neighbors, expected %d",
                i, n, index[i] - start);
        T_OK(MPI_Graph_neighbors(g, i, n, nb));
        for (int k = 0; k < n && k < 64; k++)
            T_CHECK(nb[k] == edges[start + k],
                    "node %d neighbor %d is %d, expected %d", i, k, nb[k],
                    edges[start + k]);
    }
}

/* Makes the graph, checks it, its duplicate, and Graph_map. */
static void one_graph(int nnodes, const int *index, const int *edges)
{
    MPI_Comm g;
    T_OK(MPI_Graph_create(MPI_COMM_WORLD, nnodes, index, edges, 1, &g));
    int nr = -1;
    T_OK(MPI_Graph_map(MPI_COMM_WORLD, nnodes, index, edges, &nr));
    T_CHECK(nr == (rank < nnodes ? rank : MPI_UNDEFINED), "Graph_map %d",
            nr);
    if (rank >= nnodes) {
        T_CHECK(g == MPI_COMM_NULL, "rank %d is not a node but got a "
                "communicator", rank);
        return;
    }
    T_CHECK(g != MPI_COMM_NULL, "rank %d is a node but got MPI_COMM_NULL",
            rank);
    if (g == MPI_COMM_NULL)
        return;
    check_graph(g, nnodes, index, edges);
    MPI_Comm d;
    T_OK(MPI_Comm_dup(g, &d));
    MPI_Comm_free(&g);
    check_graph(d, nnodes, index, edges);
    MPI_Comm_free(&d);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int index[64], edges[256];

    /* A ring over every process (one and two processes: the same
     * neighbor twice). */
    for (int i = 0; i < size; i++) {
        index[i] = 2 * (i + 1);
        edges[2 * i] = (i + size - 1) % size;
        edges[2 * i + 1] = (i + 1) % size;
    }
    one_graph(size, index, edges);

    /* An irregular graph over all but the last process: node i has
     * i % 4 neighbors (some nodes none), among them itself and repeated
     * ones. */
    int n = size > 1 ? size - 1 : 1, e = 0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < i % 4; k++)
            edges[e++] = k == 1 ? i : (i * 3 + k * k) % n;
        index[i] = e;
    }
    one_graph(n, index, edges);

    /* No node at all. */
    MPI_Comm none;
    T_OK(MPI_Graph_create(MPI_COMM_WORLD, 0, index, edges, 0, &none));
    T_CHECK(none == MPI_COMM_NULL, "an empty graph gave a communicator");
    return t_finish("topo_graph");
}
