/* MPI_Type_create_darray: for many grids and distributions, each process's
 * part, packed out of an array holding its own indices, must be exactly
 * the elements that process owns by the standard's rule, in increasing
 * address order, with the whole array's extent; all parts together cover
 * the array once.  Then a real exchange: every rank sends its part, rank
 * 0 receives each part straight into the global array with that rank's
 * darray type.  Bad arguments get MPI_ERR_ARG / MPI_ERR_RANK. */
#include "t.h"

#define MAXD 3
#define MAXN 4096

/* The owner coordinate of index i in one dimension, by the standard's
 * definition (written independently of the library's construction). */
static int owner(int i, int gs, int dist, int darg, int ps)
{
    if (dist == MPI_DISTRIBUTE_NONE)
        return 0;
    if (dist == MPI_DISTRIBUTE_BLOCK) {
        int bs = darg == MPI_DISTRIBUTE_DFLT_DARG ? (gs + ps - 1) / ps : darg;
        return i / bs;
    }
    int bs = darg == MPI_DISTRIBUTE_DFLT_DARG ? 1 : darg;
    return (i / bs) % ps;
}

struct cfg {
    int nd, gs[MAXD], dist[MAXD], darg[MAXD], ps[MAXD];
};

static const struct cfg cfgs[] = {
    {1, {10}, {MPI_DISTRIBUTE_BLOCK}, {MPI_DISTRIBUTE_DFLT_DARG}, {3}},
    {1, {10}, {MPI_DISTRIBUTE_BLOCK}, {5}, {3}}, /* the last owns nothing */
    {1, {17}, {MPI_DISTRIBUTE_CYCLIC}, {MPI_DISTRIBUTE_DFLT_DARG}, {4}},
    {1, {17}, {MPI_DISTRIBUTE_CYCLIC}, {3}, {2}},
    {1, {7}, {MPI_DISTRIBUTE_NONE}, {0}, {1}},
    {2,
     {6, 9},
     {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC},
     {MPI_DISTRIBUTE_DFLT_DARG, 2},
     {2, 3}},
    {2,
     {5, 8},
     {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_NONE},
     {1, MPI_DISTRIBUTE_DFLT_DARG},
     {4, 1}},
    {3,
     {4, 5, 6},
     {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_BLOCK},
     {MPI_DISTRIBUTE_DFLT_DARG, 2, 3},
     {2, 2, 2}},
};

/* Linear address (in elements) of the multi-index x in the given order. */
static int address(const struct cfg *c, const int *x, int order)
{
    int a = 0;
    if (order == MPI_ORDER_C)
        for (int d = 0; d < c->nd; d++)
            a = a * c->gs[d] + x[d];
    else
        for (int d = c->nd - 1; d >= 0; d--)
            a = a * c->gs[d] + x[d];
    return a;
}

static void check_cfg(int ci, const struct cfg *c, int order)
{
    int total = 1, np = 1;
    for (int d = 0; d < c->nd; d++) {
        total *= c->gs[d];
        np *= c->ps[d];
    }
    static int global[MAXN], packed[MAXN], seen[MAXN];
    for (int i = 0; i < total; i++) {
        global[i] = i;
        seen[i] = 0;
    }
    for (int r = 0; r < np; r++) {
        MPI_Datatype t;
        T_OK(MPI_Type_create_darray(np, r, c->nd, c->gs, c->dist, c->darg,
                                    c->ps, order, MPI_INT, &t));
        T_OK(MPI_Type_commit(&t));
        MPI_Aint lb, ext;
        MPI_Type_get_extent(t, &lb, &ext);
        T_CHECK(lb == 0 && ext == (MPI_Aint)(total * sizeof(int)),
                "cfg %d rank %d: lb %ld extent %ld", ci, r, (long)lb,
                (long)ext);
        int size;
        MPI_Type_size(t, &size);
        int pos = 0;
        T_OK(MPI_Pack(global, 1, t, packed, (int)sizeof packed, &pos,
                      MPI_COMM_SELF));
        T_CHECK(pos == size, "cfg %d rank %d: packed %d of %d", ci, r, pos,
                size);
        int n = size / (int)sizeof(int);
        /* Our grid coordinates, row-major. */
        int coord[MAXD], rr = r;
        for (int d = c->nd - 1; d >= 0; d--) {
            coord[d] = rr % c->ps[d];
            rr /= c->ps[d];
        }
        /* Expected: every index we own, in increasing address order. */
        int want = 0;
        for (int a = 0; a < total; a++) {
            int x[MAXD], rest = a;
            if (order == MPI_ORDER_C)
                for (int d = c->nd - 1; d >= 0; d--) {
                    x[d] = rest % c->gs[d];
                    rest /= c->gs[d];
                }
            else
                for (int d = 0; d < c->nd; d++) {
                    x[d] = rest % c->gs[d];
                    rest /= c->gs[d];
                }
            int mine = 1;
            for (int d = 0; d < c->nd; d++)
                mine &= owner(x[d], c->gs[d], c->dist[d], c->darg[d],
                              c->ps[d]) == coord[d];
            if (!mine)
                continue;
            T_CHECK(want < n && packed[want] == address(c, x, order),
                    "cfg %d order %d rank %d: element %d is %d, expected %d",
                    ci, order, r, want, want < n ? packed[want] : -1, a);
            want++;
        }
        T_CHECK(want == n, "cfg %d rank %d: %d elements, expected %d", ci, r,
                n, want);
        for (int i = 0; i < n; i++)
            seen[packed[i]]++;
        int ni, na, nt, comb;
        MPI_Type_get_envelope(t, &ni, &na, &nt, &comb);
        T_CHECK(comb == MPI_COMBINER_DARRAY && ni == 4 * c->nd + 4 &&
                    na == 0 && nt == 1,
                "cfg %d envelope %d %d %d %d", ci, comb, ni, na, nt);
        MPI_Type_free(&t);
    }
    for (int i = 0; i < total; i++)
        T_CHECK(seen[i] == 1, "cfg %d: element %d covered %d times", ci, i,
                seen[i]);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        check_cfg((int)i, &cfgs[i], MPI_ORDER_C);
        check_cfg((int)i, &cfgs[i], MPI_ORDER_FORTRAN);
    }

    /* A 2-D block-cyclic array over the job's processes: each rank sends
     * its part (values made from global indices), rank 0 receives each
     * part with that rank's type into the global array. */
    int dims[2] = {0, 0};
    MPI_Dims_create(size, 2, dims);
    int gs[2] = {7 * dims[0] + 1, 5 * dims[1] + 2};
    int dist[2] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_BLOCK};
    int darg[2] = {2, MPI_DISTRIBUTE_DFLT_DARG};
    int total = gs[0] * gs[1];
    double *full = malloc((size_t)total * sizeof *full);
    for (int i = 0; i < total; i++)
        full[i] = 1000.0 + i;
    MPI_Datatype mine;
    T_OK(MPI_Type_create_darray(size, rank, 2, gs, dist, darg, dims,
                                MPI_ORDER_C, MPI_DOUBLE, &mine));
    T_OK(MPI_Type_commit(&mine));
    int bytes;
    MPI_Type_size(mine, &bytes);
    double *part = malloc((size_t)bytes + 8);
    int pos = 0;
    MPI_Pack(full, 1, mine, part, bytes + 8, &pos, MPI_COMM_SELF);
    MPI_Request req;
    T_OK(MPI_Isend(part, bytes / 8, MPI_DOUBLE, 0, 3, MPI_COMM_WORLD, &req));
    if (rank == 0) {
        for (int i = 0; i < total; i++)
            full[i] = -1;
        for (int r = 0; r < size; r++) {
            MPI_Datatype t;
            T_OK(MPI_Type_create_darray(size, r, 2, gs, dist, darg, dims,
                                        MPI_ORDER_C, MPI_DOUBLE, &t));
            T_OK(MPI_Type_commit(&t));
            T_OK(MPI_Recv(full, 1, t, r, 3, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            MPI_Type_free(&t);
        }
        for (int i = 0; i < total; i++)
            T_CHECK(full[i] == 1000.0 + i, "gathered element %d = %g", i,
                    full[i]);
    }
    T_OK(MPI_Wait(&req, MPI_STATUS_IGNORE));
    MPI_Type_free(&mine);
    free(part);
    free(full);

    /* Bad arguments. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype t;
    int g1[1] = {10}, blk[1] = {MPI_DISTRIBUTE_BLOCK},
        cyc[1] = {MPI_DISTRIBUTE_CYCLIC}, none[1] = {MPI_DISTRIBUTE_NONE},
        dflt[1] = {MPI_DISTRIBUTE_DFLT_DARG}, two[1] = {2}, p3[1] = {3},
        zero[1] = {0}, bad[1] = {7};
    T_ERRCLASS(MPI_Type_create_darray(3, 3, 1, g1, blk, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_RANK);
    T_ERRCLASS(MPI_Type_create_darray(0, 0, 1, g1, blk, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_darray(4, 0, 1, g1, blk, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG); /* grid of 3 for size 4 */
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, blk, two, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG); /* 3 blocks of 2 < 10 */
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, cyc, zero, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, none, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, bad, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, blk, dflt, p3, 99,
                                      MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 1, g1, blk, dflt, p3,
                                      MPI_ORDER_C, MPI_DATATYPE_NULL, &t),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_create_darray(3, 0, 0, g1, blk, dflt, p3,
                                      MPI_ORDER_C, MPI_INT, &t),
               MPI_ERR_ARG);
    return t_finish("dtype_darray");
}
