/*
 * topo.h -- process topologies (MPI chapter 7): Cartesian grids, graphs
 * and distributed graphs hung off a communicator, and the arithmetic of
 * MPI_Dims_create.
 *
 * A communicator has at most one topology (comm->topo), owned by it: it
 * is freed with the communicator and copied by ft_comm_dup (MPI_Comm_dup
 * and MPI_Comm_idup keep the topology; split and create make plain
 * communicators).  Every kind also records this process's neighbors in
 * the order the neighborhood collectives use, so the collective layer
 * needs nothing else from it.
 *
 * Reordering is never done: a process keeps its rank of the old
 * communicator in the new one (the standard allows this for any value of
 * reorder).
 */
#ifndef FT_CORE_TOPO_H
#define FT_CORE_TOPO_H

#include <stdbool.h>

struct ft_comm;

enum ft_topo_kind { FT_TOPO_CART, FT_TOPO_GRAPH, FT_TOPO_DIST_GRAPH };

struct ft_topo {
    enum ft_topo_kind kind;
    /* Cartesian: the grid, row-major (the last dimension varies fastest),
     * and this process's coordinates.  ndims may be 0 (one process). */
    int ndims;
    int *dims, *periods, *coords;
    /* Graph: the whole graph as MPI_Graph_create was given it; the
     * neighbors of node i are edges[index[i-1] .. index[i]) (from 0 for
     * node 0). */
    int nnodes, nedges;
    int *index, *edges;
    /* Distributed graph: whether it was made with weights, and the
     * weights of the edges in in[] and out[] (NULL when unweighted). */
    bool weighted;
    int *inw, *outw;
    /* Every kind: the processes this one receives from (nin, in) and
     * sends to (nout, out) in a neighborhood collective, in the order of
     * the buffer blocks; MPI_PROC_NULL (-2) where a Cartesian edge leaves
     * a non-periodic grid.  Cartesian: 2 * ndims each, for every
     * dimension the neighbor at -1 then at +1.  Graph: the node's
     * neighbors, both ways.  Distributed graph: sources and
     * destinations. */
    int nin, nout;
    int *in, *out;
};

/* Fills the zero entries of dims (ndims entries, none negative) so that
 * the product of all entries is nnodes (>= 1), with the filled entries as
 * close to each other as possible (smallest difference between the
 * largest and the smallest, then the smallest largest) and in
 * non-increasing order.  Non-zero entries are kept.  Returns 0, or
 * -EINVAL when no filling exists (nnodes is not a multiple of the product
 * of the fixed entries, or there is no zero entry and the product is not
 * nnodes).  Pure arithmetic: no allocation beyond a small table. */
int ft_dims_create(int nnodes, int ndims, int *dims);

/* ---- making topology communicators ------------------------------------
 * Each is collective over the intracommunicator comm (the API layer has
 * checked every argument), blocks, and returns a new communicator with
 * one reference, or *out == NULL at processes outside the topology. */

/* MPI_Cart_create: a grid of dims[0] x ... x dims[ndims-1] processes
 * (the product at most comm's size) over the first ranks of comm;
 * periods[d] != 0 makes dimension d wrap around. */
int ft_topo_cart_create(struct ft_comm *comm, int ndims, const int *dims,
                        const int *periods, struct ft_comm **out);

/* MPI_Cart_sub: comm (Cartesian) cut into the sub-grids that keep the
 * dimensions d with remain[d] != 0; every process gets the one holding
 * it.  With no dimension kept, a zero-dimensional grid of one process. */
int ft_topo_cart_sub(struct ft_comm *comm, const int *remain,
                     struct ft_comm **out);

/* MPI_Graph_create: nnodes nodes (at most comm's size) over the first
 * ranks of comm, with the neighbors of node i in edges as index says
 * (see struct ft_topo); copied. */
int ft_topo_graph_create(struct ft_comm *comm, int nnodes, const int *index,
                         const int *edges, struct ft_comm **out);

/* MPI_Dist_graph_create_adjacent: this process's sources and
 * destinations as given (weights NULL when unweighted); copied.  Every
 * process of comm is in the new communicator. */
int ft_topo_dist_graph_adjacent(struct ft_comm *comm, int indegree,
                                const int *sources, const int *sweights,
                                int outdegree, const int *dests,
                                const int *dweights, bool weighted,
                                struct ft_comm **out);

/* MPI_Dist_graph_create: this process names n sources; source i has
 * degrees[i] edges, to the next degrees[i] entries of dests (with the
 * same entries of weights, NULL when unweighted).  The edges are routed
 * to their endpoints by an alltoall of counts and an alltoallv of the
 * edges over comm's collective context; a process's sources and
 * destinations come out in the order of the ranks that named them, then
 * in the order they were named. */
int ft_topo_dist_graph_create(struct ft_comm *comm, int n,
                              const int *sources, const int *degrees,
                              const int *dests, const int *weights,
                              bool weighted, struct ft_comm **out);

/* ---- queries (local, never block) ------------------------------------ */

/* The product of dims[0..ndims) (1 when ndims is 0), or -1 when it
 * exceeds limit. */
long ft_topo_grid_size(int ndims, const int *dims, long limit);

/* MPI_Cart_rank: the rank at coords, wrapped into the grid along
 * periodic dimensions.  -EINVAL when a coordinate of a non-periodic
 * dimension is outside the grid (*bad_dim says which). */
int ft_topo_cart_rank(const struct ft_topo *t, const int *coords, int *rank,
                      int *bad_dim);

/* MPI_Cart_coords: the coordinates of rank (0 .. grid size - 1). */
void ft_topo_cart_coords(const struct ft_topo *t, int rank, int *coords);

/* MPI_Cart_shift: the ranks disp steps back (*src) and forward (*dst)
 * from this process along dimension dir; MPI_PROC_NULL (-2) off the edge
 * of a non-periodic dimension. */
void ft_topo_cart_shift(const struct ft_topo *t, int dir, int disp,
                        int *src, int *dst);

/* The neighbors of node `node` of a graph topology: their count and a
 * pointer into t->edges. */
int ft_topo_graph_neighbors(const struct ft_topo *t, int node,
                            const int **list);

/* ---- life ------------------------------------------------------------ */

/* A deep copy of t into *out.  0 or -ENOMEM. */
int ft_topo_dup(const struct ft_topo *t, struct ft_topo **out);

/* Frees t (NULL is ignored). */
void ft_topo_free(struct ft_topo *t);

#endif
