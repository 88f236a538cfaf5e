/* FT-MPI blank mode: after rank 1 dies and MPI_COMM_WORLD is recovered
 * with a hole at rank 1, a periodic ring and distributed graphs made over
 * the blank communicator keep the hole in its place: the hole is no
 * neighbor, so the block from it stays untouched and the others arrive.
 * A grid over fewer ranks, with the hole among them, cannot be made. */
#include <ftmpi.h>
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

#define HOLE 1

static int rank, size;

/* A neighborhood alltoall on a ring whose -1 neighbor is l and +1
 * neighbor r: from l its +1 block, from r its -1 block (a Cartesian ring
 * does that by definition; the graphs below list (l, r) as both sources
 * and destinations, which gives the same). */
static void ring_exchange(MPI_Comm g, int l, int r, int nb)
{
    int out[2] = {rank * 10, rank * 10 + 1}, in[2] = {-1, -1};
    if (nb) {
        MPI_Request q;
        T_OK(MPI_Ineighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, g, &q));
        T_OK(MPI_Wait(&q, MPI_STATUS_IGNORE));
    } else {
        T_OK(MPI_Neighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, g));
    }
    int want0 = l == HOLE ? -1 : l * 10 + 1, want1 = r == HOLE ? -1 : r * 10;
    T_CHECK(in[0] == want0 && in[1] == want1,
            "rank %d got %d %d, expected %d %d", rank, in[0], in[1], want0,
            want1);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == HOLE)
        raise(SIGKILL);
    MPI_Recv(&v, 1, MPI_INT, HOLE, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Comm c;
    T_OK(MPI_Comm_create(MPI_COMM_WORLD, FTMPI_GROUP_LIVING, &c));
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    int l = (rank + size - 1) % size, r = (rank + 1) % size;

    int dims[1] = {size}, periods[1] = {1};
    MPI_Comm cart;
    T_OK(MPI_Cart_create(c, 1, dims, periods, 0, &cart));
    T_CHECK(cart != MPI_COMM_NULL, "no ring over the blank communicator");
    if (cart != MPI_COMM_NULL) {
        int n, src, dst;
        MPI_Comm_size(cart, &n);
        MPI_Cart_shift(cart, 0, 1, &src, &dst);
        T_CHECK(n == size && src == l && dst == r, "ring %d: %d %d", n, src,
                dst);
        ring_exchange(cart, l, r, 0);
        ring_exchange(cart, l, r, 1);
        MPI_Comm_free(&cart);
    }

    /* The same ring as distributed graphs. */
    int in[2] = {l, r}, out[2] = {l, r};
    MPI_Comm g;
    T_OK(MPI_Dist_graph_create_adjacent(c, 2, in, MPI_UNWEIGHTED, 2, out,
                                        MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                        &g));
    ring_exchange(g, l, r, 0);
    MPI_Comm_free(&g);
    /* Each process names its own edges; the hole names none, so a
     * neighbor of the hole has one source only. */
    int src1[1] = {rank}, deg[1] = {2}, dst2[2] = {r, l};
    T_OK(MPI_Dist_graph_create(c, 1, src1, deg, dst2, MPI_UNWEIGHTED,
                               MPI_INFO_NULL, 0, &g));
    int nin, nout, wt;
    T_OK(MPI_Dist_graph_neighbors_count(g, &nin, &nout, &wt));
    T_CHECK(nout == 2 && nin == 2 - (l == HOLE) - (r == HOLE),
            "rank %d: degrees %d %d", rank, nin, nout);
    int sb[2] = {rank, rank}, rb[2] = {-1, -1};
    T_OK(MPI_Neighbor_alltoall(sb, 1, MPI_INT, rb, 1, MPI_INT, g));
    int srcs[2], dsts[2];
    T_OK(MPI_Dist_graph_neighbors(g, 2, srcs, MPI_UNWEIGHTED, 2, dsts,
                                  MPI_UNWEIGHTED));
    for (int i = 0; i < nin; i++)
        T_CHECK(rb[i] == srcs[i], "rank %d: block %d from %d is %d", rank, i,
                srcs[i], rb[i]);
    MPI_Comm_free(&g);

    /* A grid over the first size - 1 ranks would need the hole; the last
     * rank is outside it anyway. */
    if (size > 2) {
        dims[0] = size - 1;
        int rc = MPI_Cart_create(c, 1, dims, periods, 0, &cart);
        if (rank < size - 1) {
            T_ERRCLASS(rc, MPIX_ERR_PROC_FAILED);
        } else {
            T_OK(rc);
            T_CHECK(cart == MPI_COMM_NULL, "rank %d is outside the grid",
                    rank);
        }
    }
    MPI_Comm live;
    T_OK(MPI_Comm_split(c, 0, rank, &live));
    MPI_Comm_free(&c);
    return t_finish_on("neighbor_blank", live);
}
