/* Every call that makes a communicator (or a window) over one that has
 * lost a member returns MPIX_ERR_PROC_FAILED at every survivor, never
 * hangs: not even at a rank whose tree parent is alive but gave up on the
 * dead one itself.  A group of survivors only still makes its
 * communicator, and after a shrink every constructor works. */
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

static int rank, size;

/* Makes a communicator or window of the given kind over c (cart: a 2-D
 * grid made over c before the death, to cut); returns the MPI code and
 * frees what was made. */
static int make(const char *what, MPI_Comm c, MPI_Comm cart)
{
    int n, r, rc;
    MPI_Comm_size(c, &n);
    MPI_Comm_rank(c, &r);
    MPI_Comm out = MPI_COMM_NULL;
    MPI_Win win = MPI_WIN_NULL;
    int dims[1] = {n}, periods[1] = {1}, remain[2] = {1, 0};
    int index[64], edges[128], one = 1;
    int src[1] = {(r + n - 1) % n}, dst[1] = {(r + 1) % n};
    for (int i = 0; i < n; i++) {
        index[i] = 2 * (i + 1);
        edges[2 * i] = (i + 1) % n;
        edges[2 * i + 1] = (i + n - 1) % n;
    }
    if (!strcmp(what, "dup"))
        rc = MPI_Comm_dup(c, &out);
    else if (!strcmp(what, "split"))
        rc = MPI_Comm_split(c, r % 2, r, &out);
    else if (!strcmp(what, "create")) {
        MPI_Group g;
        MPI_Comm_group(c, &g);
        rc = MPI_Comm_create(c, g, &out);
        MPI_Group_free(&g);
    } else if (!strcmp(what, "cart_create"))
        rc = MPI_Cart_create(c, 1, dims, periods, 0, &out);
    else if (!strcmp(what, "cart_sub"))
        rc = MPI_Cart_sub(cart, remain, &out);
    else if (!strcmp(what, "graph_create"))
        rc = MPI_Graph_create(c, n, index, edges, 0, &out);
    else if (!strcmp(what, "dist_graph_create_adjacent"))
        rc = MPI_Dist_graph_create_adjacent(c, 1, src, MPI_UNWEIGHTED, 1, dst,
                                            MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                            &out);
    else if (!strcmp(what, "dist_graph_create"))
        rc = MPI_Dist_graph_create(c, 1, &r, &one, dst, MPI_UNWEIGHTED,
                                   MPI_INFO_NULL, 0, &out);
    else
        rc = MPI_Win_create(index, sizeof index, 1, MPI_INFO_NULL, c, &win);
    if (out != MPI_COMM_NULL)
        MPI_Comm_free(&out);
    if (win != MPI_WIN_NULL)
        MPI_Win_free(&win);
    return rc;
}

static const char *const kinds[] = {
    "dup",          "split",      "create",
    "cart_create",  "cart_sub",   "graph_create",
    "dist_graph_create_adjacent", "dist_graph_create",
    "win_create",
};
#define NKINDS (int)(sizeof kinds / sizeof kinds[0])

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int dims[2] = {0, 0}, periods[2] = {1, 0};
    MPI_Dims_create(size, 2, dims);
    MPI_Comm cart;
    T_OK(MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart));
    MPI_Comm_set_errhandler(cart, MPI_ERRORS_RETURN);

    int victim = size - 1;
    if (rank == victim)
        raise(SIGKILL);
    for (int k = 0; k < NKINDS; k++)
        T_ERRCLASS(make(kinds[k], MPI_COMM_WORLD, cart),
                   MPIX_ERR_PROC_FAILED);

    /* Only the survivors take part: that still works. */
    MPI_Group world, alive;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_excl(world, 1, &victim, &alive);
    MPI_Comm byg;
    T_OK(MPI_Comm_create_group(MPI_COMM_WORLD, alive, 5, &byg));
    int n = 0;
    MPI_Comm_size(byg, &n);
    T_CHECK(n == size - 1, "create_group over the survivors: size %d", n);
    MPI_Comm_free(&byg);
    MPI_Group_free(&alive);
    MPI_Group_free(&world);

    MPI_Comm s, scart;
    T_OK(MPIX_Comm_shrink(MPI_COMM_WORLD, &s));
    MPI_Comm_set_errhandler(s, MPI_ERRORS_RETURN);
    int sd[2] = {size - 1, 1};
    T_OK(MPI_Cart_create(s, 2, sd, periods, 0, &scart));
    for (int k = 0; k < NKINDS; k++)
        T_CHECK(make(kinds[k], s, scart) == MPI_SUCCESS,
                "%s over the shrunk communicator failed", kinds[k]);
    MPI_Comm_free(&scart);
    MPI_Comm_free(&cart);
    return t_finish_on("create_fault", s);
}
