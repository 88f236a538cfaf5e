/*
 * topo_dist_graph -- distributed graph topologies: a ring and an
 * irregular graph, made with MPI_Dist_graph_create_adjacent and with
 * MPI_Dist_graph_create (where every edge is named by a process that is
 * neither of its ends, when there are three or more), weighted and
 * unweighted.  Degrees, the weighted flag, neighbors and weights are
 * checked against the graph computed here; a duplicate keeps the
 * topology, and a distributed graph made from a Cartesian communicator
 * replaces its topology.
 */
#include "t.h"

static int rank, size;

/* The irregular graph: an edge s -> d exists when this holds (self-loops
 * included); its weight is w(s, d). */
static int has_edge(int s, int d)
{
    return (s * 7 + d * 3 + s * d) % 5 < 2;
}

static int w(int s, int d)
{
    return 1000 * s + d;
}

struct edge {
    int peer, weight;
};

static int by_peer(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;
    if (x->peer != y->peer)
        return x->peer - y->peer;
    return x->weight - y->weight;
}

/* Compares n (peer, weight) pairs as multisets (the order of
 * MPI_Dist_graph_create's neighbors is not defined). */
static void same_set(const char *what, struct edge *got, struct edge *want,
                     int n, int weighted)
{
    if (!weighted)
        for (int i = 0; i < n; i++)
            got[i].weight = want[i].weight = 0;
    qsort(got, (size_t)n, sizeof *got, by_peer);
    qsort(want, (size_t)n, sizeof *want, by_peer);
    for (int i = 0; i < n; i++)
        T_CHECK(got[i].peer == want[i].peer &&
                    got[i].weight == want[i].weight,
                "%s %d: (%d, %d), expected (%d, %d)", what, i, got[i].peer,
                got[i].weight, want[i].peer, want[i].weight);
}

/* Checks comm's distributed graph: this process's sources and
 * destinations (with weights) as given; in order when ordered. */
static void check_dist(MPI_Comm g, int nin, const int *in, const int *inw,
                       int nout, const int *out, const int *outw,
                       int weighted, int ordered)
{
    int st = -1, gi = -1, go = -1, gw = -1;
    T_OK(MPI_Topo_test(g, &st));
    T_CHECK(st == MPI_DIST_GRAPH, "Topo_test %d", st);
    T_OK(MPI_Dist_graph_neighbors_count(g, &gi, &go, &gw));
    T_CHECK(gi == nin && go == nout && !!gw == !!weighted,
            "neighbors_count (%d, %d, %d), expected (%d, %d, %d)", gi, go,
            gw, nin, nout, weighted);
    if (gi != nin || go != nout)
        return;
    int src[256], srcw[256], dst[256], dstw[256];
    for (int i = 0; i < 256; i++)
        srcw[i] = dstw[i] = -7;
    T_OK(MPI_Dist_graph_neighbors(g, nin, src, srcw, nout, dst, dstw));
    if (!weighted)
        for (int i = 0; i < nin + nout && i < 256; i++)
            T_CHECK((i < nin ? srcw[i] : dstw[i - nin]) == -7,
                    "weights written for an unweighted graph");
    if (ordered) {
        for (int i = 0; i < nin; i++)
            T_CHECK(src[i] == in[i] && (!weighted || srcw[i] == inw[i]),
                    "source %d: (%d, %d), expected (%d, %d)", i, src[i],
                    srcw[i], in[i], weighted ? inw[i] : 0);
        for (int i = 0; i < nout; i++)
            T_CHECK(dst[i] == out[i] && (!weighted || dstw[i] == outw[i]),
                    "destination %d: (%d, %d), expected (%d, %d)", i,
                    dst[i], dstw[i], out[i], weighted ? outw[i] : 0);
    } else {
        struct edge a[256], b[256];
        for (int i = 0; i < nin; i++) {
            a[i] = (struct edge){src[i], srcw[i]};
            b[i] = (struct edge){in[i], weighted ? inw[i] : 0};
        }
        same_set("source", a, b, nin, weighted);
        for (int i = 0; i < nout; i++) {
            a[i] = (struct edge){dst[i], dstw[i]};
            b[i] = (struct edge){out[i], weighted ? outw[i] : 0};
        }
        same_set("destination", a, b, nout, weighted);
    }
    /* MPI_UNWEIGHTED is accepted where weights would go. */
    T_OK(MPI_Dist_graph_neighbors(g, nin, src, MPI_UNWEIGHTED, nout, dst,
                                  MPI_UNWEIGHTED));
}

static void ring(void)
{
    int l = (rank + size - 1) % size, r = (rank + 1) % size;
    int in[2] = {l, r}, out[2] = {r, l};
    int inw[2] = {w(l, rank), w(r, rank)}, outw[2] = {w(rank, r),
                                                      w(rank, l)};
    for (int weighted = 0; weighted < 2; weighted++) {
        MPI_Comm g, d;
        T_OK(MPI_Dist_graph_create_adjacent(
            MPI_COMM_WORLD, 2, in, weighted ? inw : MPI_UNWEIGHTED, 2, out,
            weighted ? outw : MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g));
        check_dist(g, 2, in, inw, 2, out, outw, weighted, 1);
        T_OK(MPI_Comm_dup(g, &d));
        MPI_Comm_free(&g);
        check_dist(d, 2, in, inw, 2, out, outw, weighted, 1);
        MPI_Comm_free(&d);

        /* The same ring from MPI_Dist_graph_create: each process names
         * the edges of the next one. */
        int s = (rank + 1) % size, sl = (s + size - 1) % size,
            sr = (s + 1) % size;
        int srcs[1] = {s}, deg[1] = {2}, dsts[2] = {sr, sl};
        int ws[2] = {w(s, sr), w(s, sl)};
        T_OK(MPI_Dist_graph_create(MPI_COMM_WORLD, 1, srcs, deg, dsts,
                                   weighted ? ws : MPI_UNWEIGHTED,
                                   MPI_INFO_NULL, 1, &g));
        check_dist(g, 2, in, inw, 2, out, outw, weighted, 0);
        MPI_Comm_free(&g);
    }
}

static void irregular(void)
{
    int in[64], inw[64], out[64], outw[64], nin = 0, nout = 0;
    for (int s = 0; s < size; s++)
        if (has_edge(s, rank)) {
            in[nin] = s;
            inw[nin++] = w(s, rank);
        }
    for (int d = 0; d < size; d++)
        if (has_edge(rank, d)) {
            out[nout] = d;
            outw[nout++] = w(rank, d);
        }
    for (int weighted = 0; weighted < 2; weighted++) {
        /* Adjacent: every process gives its own edges (MPI_WEIGHTS_EMPTY
         * where it has none). */
        MPI_Comm g;
        const int *sw = !weighted ? MPI_UNWEIGHTED
                        : nin     ? inw
                                  : MPI_WEIGHTS_EMPTY;
        const int *dw = !weighted ? MPI_UNWEIGHTED
                        : nout    ? outw
                                  : MPI_WEIGHTS_EMPTY;
        T_OK(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, nin, in, sw,
                                            nout, out, dw, MPI_INFO_NULL, 0,
                                            &g));
        check_dist(g, nin, in, inw, nout, out, outw, weighted, 1);
        MPI_Comm_free(&g);

        /* General: edge s -> d is named by process (s + d + 1) % size,
         * one source at a time, so with three or more processes an edge
         * is often named by neither of its ends. */
        int srcs[64], deg[64], dsts[4096], ws[4096], n = 0, e = 0;
        for (int s = 0; s < size; s++) {
            int k = 0;
            for (int d = 0; d < size; d++) {
                if (has_edge(s, d) && (s + d + 1) % size == rank) {
                    dsts[e] = d;
                    ws[e++] = w(s, d);
                    k++;
                }
            }
            if (k) {
                srcs[n] = s;
                deg[n++] = k;
            }
        }
        T_OK(MPI_Dist_graph_create(
            MPI_COMM_WORLD, n, srcs, deg, dsts,
            !weighted ? MPI_UNWEIGHTED : e ? ws : MPI_WEIGHTS_EMPTY,
            MPI_INFO_NULL, 0, &g));
        check_dist(g, nin, in, inw, nout, out, outw, weighted, 0);
        MPI_Comm_free(&g);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    ring();
    irregular();

    /* A graph with no edge at all. */
    MPI_Comm g;
    T_OK(MPI_Dist_graph_create(MPI_COMM_WORLD, 0, NULL, NULL, NULL,
                               MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g));
    check_dist(g, 0, NULL, NULL, 0, NULL, NULL, 0, 1);
    MPI_Comm_free(&g);

    /* From a Cartesian communicator: the new one is a distributed graph
     * only; the grid is left as it was. */
    int dims[1] = {size}, periods[1] = {1};
    MPI_Comm cart;
    T_OK(MPI_Cart_create(MPI_COMM_WORLD, 1, dims, periods, 0, &cart));
    int me[1] = {rank};
    T_OK(MPI_Dist_graph_create_adjacent(cart, 1, me, MPI_UNWEIGHTED, 1, me,
                                        MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                        &g));
    check_dist(g, 1, me, NULL, 1, me, NULL, 0, 1);
    int st = -1, nd = -1;
    T_OK(MPI_Topo_test(cart, &st));
    T_OK(MPI_Cartdim_get(cart, &nd));
    T_CHECK(st == MPI_CART && nd == 1, "the grid changed: %d, %d", st, nd);
    MPI_Comm_free(&g);
    MPI_Comm_free(&cart);
    return t_finish("topo_dist_graph");
}
