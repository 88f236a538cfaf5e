/*
 * topo_cart -- Cartesian topologies: grids of 1 to 3 dimensions from
 * MPI_Dims_create, periodic, not, and mixed; coordinates and ranks round
 * trip; shifts wrap or fall off the edge; Cart_get, Cart_sub, Cart_map;
 * a duplicate keeps the topology, a split does not; ranks beyond a grid
 * get MPI_COMM_NULL.  Every answer is checked against one computed here.
 */
#include "t.h"

static int rank, size;

/* The rank of coordinates c in a grid (row-major), no wrapping. */
static int rank_of(int nd, const int *dims, const int *c)
{
    int r = 0;
    for (int d = 0; d < nd; d++)
        r = r * dims[d] + c[d];
    return r;
}

static void coords_of(int nd, const int *dims, int r, int *c)
{
    for (int d = nd - 1; d >= 0; d--) {
        c[d] = r % dims[d];
        r /= dims[d];
    }
}

/* The expected shift: the rank disp steps along dir from coordinates c,
 * or MPI_PROC_NULL. */
static int expect_step(int nd, const int *dims, const int *periods,
                       const int *c, int dir, int disp)
{
    int x[8];
    memcpy(x, c, (size_t)nd * sizeof *x);
    x[dir] += disp;
    if (periods[dir])
        x[dir] = ((x[dir] % dims[dir]) + dims[dir]) % dims[dir];
    else if (x[dir] < 0 || x[dir] >= dims[dir])
        return MPI_PROC_NULL;
    return rank_of(nd, dims, x);
}

/* Checks everything a Cartesian communicator answers. */
static void check_cart(MPI_Comm cart, int nd, const int *dims,
                       const int *periods, int myrank)
{
    int st = -1, n = -1, cr = -1, csize = -1;
    T_OK(MPI_Topo_test(cart, &st));
    T_CHECK(st == MPI_CART, "Topo_test %d", st);
    T_OK(MPI_Cartdim_get(cart, &n));
    T_CHECK(n == nd, "Cartdim_get %d, expected %d", n, nd);
    T_OK(MPI_Comm_rank(cart, &cr));
    T_OK(MPI_Comm_size(cart, &csize));
    T_CHECK(cr == myrank, "rank %d in the grid, expected %d", cr, myrank);
    int gsize = 1;
    for (int d = 0; d < nd; d++)
        gsize *= dims[d];
    T_CHECK(csize == gsize, "grid communicator size %d, expected %d", csize,
            gsize);
    int gd[8], gp[8], gc[8], mine[8];
    T_OK(MPI_Cart_get(cart, nd, gd, gp, gc));
    coords_of(nd, dims, cr, mine);
    for (int d = 0; d < nd; d++) {
        T_CHECK(gd[d] == dims[d], "dims[%d]=%d, expected %d", d, gd[d],
                dims[d]);
        T_CHECK(!!gp[d] == !!periods[d], "periods[%d]=%d", d, gp[d]);
        T_CHECK(gc[d] == mine[d], "coords[%d]=%d, expected %d", d, gc[d],
                mine[d]);
    }
    /* Every rank's coordinates and back. */
    for (int r = 0; r < csize; r++) {
        int c[8], want[8], back = -1;
        T_OK(MPI_Cart_coords(cart, r, nd, c));
        coords_of(nd, dims, r, want);
        for (int d = 0; d < nd; d++)
            T_CHECK(c[d] == want[d], "coords of %d [%d]=%d, expected %d", r,
                    d, c[d], want[d]);
        T_OK(MPI_Cart_rank(cart, c, &back));
        T_CHECK(back == r, "Cart_rank(Cart_coords(%d)) = %d", r, back);
        /* Periodic dimensions wrap, both ways. */
        for (int d = 0; d < nd; d++) {
            if (!periods[d])
                continue;
            int w[8];
            memcpy(w, c, sizeof w);
            w[d] = c[d] + 3 * dims[d];
            T_OK(MPI_Cart_rank(cart, w, &back));
            T_CHECK(back == r, "wrapped +: %d, expected %d", back, r);
            w[d] = c[d] - 2 * dims[d];
            T_OK(MPI_Cart_rank(cart, w, &back));
            T_CHECK(back == r, "wrapped -: %d, expected %d", back, r);
        }
    }
    /* Shifts, at the edges and across them. */
    int disps[] = {0, 1, -1, 2, -3, 7};
    for (int d = 0; d < nd; d++) {
        for (size_t k = 0; k < sizeof disps / sizeof *disps; k++) {
            int src = -5, dst = -5;
            T_OK(MPI_Cart_shift(cart, d, disps[k], &src, &dst));
            int es = expect_step(nd, dims, periods, mine, d, -disps[k]);
            int ed = expect_step(nd, dims, periods, mine, d, disps[k]);
            T_CHECK(src == es && dst == ed,
                    "shift dim %d by %d: (%d, %d), expected (%d, %d)", d,
                    disps[k], src, dst, es, ed);
        }
    }
}

/* Cart_sub keeping the dimensions in keep[]: the sub-grid holding this
 * process, with its coordinates along the kept dimensions. */
static void check_sub(MPI_Comm cart, int nd, const int *dims,
                      const int *periods, const int *keep)
{
    MPI_Comm sub;
    T_OK(MPI_Cart_sub(cart, keep, &sub));
    T_CHECK(sub != MPI_COMM_NULL, "Cart_sub gave MPI_COMM_NULL");
    if (sub == MPI_COMM_NULL)
        return;
    int cr, mine[8], sd[8], sp[8], sn = 0;
    MPI_Comm_rank(cart, &cr);
    coords_of(nd, dims, cr, mine);
    int sc[8];
    for (int d = 0; d < nd; d++) {
        if (keep[d]) {
            sd[sn] = dims[d];
            sp[sn] = periods[d];
            sc[sn++] = mine[d];
        }
    }
    check_cart(sub, sn, sd, sp, rank_of(sn, sd, sc));
    /* Members of one sub-grid agree on the other coordinates: a gather of
     * world ranks along the sub-grid shows the right processes. */
    int ssize;
    MPI_Comm_size(sub, &ssize);
    int *all = malloc((size_t)ssize * sizeof *all);
    T_OK(MPI_Allgather(&cr, 1, MPI_INT, all, 1, MPI_INT, sub));
    for (int r = 0; r < ssize; r++) {
        int c[8], x[8], k = 0;
        coords_of(sn, sd, r, c);
        for (int d = 0; d < nd; d++)
            x[d] = keep[d] ? c[k++] : mine[d];
        T_CHECK(all[r] == rank_of(nd, dims, x),
                "sub-grid member %d is grid rank %d, expected %d", r,
                all[r], rank_of(nd, dims, x));
    }
    free(all);
    MPI_Comm_free(&sub);
}

static void one_grid(int nd, const int *periods)
{
    int dims[8] = {0};
    T_OK(MPI_Dims_create(size, nd, dims));
    MPI_Comm cart;
    T_OK(MPI_Cart_create(MPI_COMM_WORLD, nd, dims, periods, 1, &cart));
    T_CHECK(cart != MPI_COMM_NULL, "no grid communicator");
    if (cart == MPI_COMM_NULL)
        return;
    check_cart(cart, nd, dims, periods, rank);

    /* Every subset of the dimensions, none and all included. */
    for (int mask = 0; mask < (1 << nd); mask++) {
        int keep[8];
        for (int d = 0; d < nd; d++)
            keep[d] = (mask >> d) & 1;
        check_sub(cart, nd, dims, periods, keep);
    }

    /* A duplicate keeps the topology, blocking or not... */
    MPI_Comm dup, idup, split;
    T_OK(MPI_Comm_dup(cart, &dup));
    check_cart(dup, nd, dims, periods, rank);
    MPI_Request req;
    T_OK(MPI_Comm_idup(cart, &idup, &req));
    T_OK(MPI_Wait(&req, MPI_STATUS_IGNORE));
    check_cart(idup, nd, dims, periods, rank);
    /* ...and survives the original being freed. */
    MPI_Comm_free(&cart);
    check_cart(dup, nd, dims, periods, rank);
    /* A split is a plain communicator. */
    int st = -1;
    T_OK(MPI_Comm_split(dup, 0, rank, &split));
    T_OK(MPI_Topo_test(split, &st));
    T_CHECK(st == MPI_UNDEFINED, "a split has topology %d", st);
    MPI_Comm_free(&split);
    MPI_Comm_free(&idup);
    MPI_Comm_free(&dup);

    /* Cart_map places this process where Cart_create would. */
    int nr = -1;
    T_OK(MPI_Cart_map(MPI_COMM_WORLD, nd, dims, periods, &nr));
    T_CHECK(nr == rank, "Cart_map %d, expected %d", nr, rank);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    static const int pats[][3] = {{0, 0, 0}, {1, 1, 1}, {1, 0, 1},
                                  {0, 1, 0}};
    for (int nd = 1; nd <= 3; nd++)
        for (size_t p = 0; p < sizeof pats / sizeof *pats; p++)
            one_grid(nd, pats[p]);

    /* Plain communicators have no topology. */
    int st = -1;
    T_OK(MPI_Topo_test(MPI_COMM_WORLD, &st));
    T_CHECK(st == MPI_UNDEFINED, "WORLD has topology %d", st);

    /* A grid smaller than the communicator: the last ranks are left out. */
    if (size > 1) {
        int dims[2] = {size - 1, 1}, periods[2] = {1, 0};
        MPI_Comm cart;
        T_OK(MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart));
        if (rank == size - 1) {
            T_CHECK(cart == MPI_COMM_NULL, "rank %d is beyond the grid",
                    rank);
        } else {
            T_CHECK(cart != MPI_COMM_NULL, "rank %d has no grid", rank);
            if (cart != MPI_COMM_NULL) {
                check_cart(cart, 2, dims, periods, rank);
                MPI_Comm_free(&cart);
            }
        }
        int nr = -1;
        T_OK(MPI_Cart_map(MPI_COMM_WORLD, 2, dims, periods, &nr));
        T_CHECK(nr == (rank < size - 1 ? rank : MPI_UNDEFINED),
                "Cart_map beyond the grid: %d", nr);
    }
    /* A zero-dimensional grid: one process. */
    MPI_Comm zero;
    T_OK(MPI_Cart_create(MPI_COMM_WORLD, 0, NULL, NULL, 0, &zero));
    if (rank == 0) {
        T_CHECK(zero != MPI_COMM_NULL, "no zero-dimensional grid");
        if (zero != MPI_COMM_NULL) {
            check_cart(zero, 0, NULL, NULL, 0);
            MPI_Comm_free(&zero);
        }
    } else {
        T_CHECK(zero == MPI_COMM_NULL, "rank %d in a 1-process grid", rank);
    }
    return t_finish("topo_cart");
}
