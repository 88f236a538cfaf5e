/*
 * neighbor_coll -- every neighborhood collective, blocking and not, on
 * Cartesian grids (periodic dimensions of size 1 and 2, where one process
 * is both neighbors of a dimension; non-periodic edges, where a neighbor
 * is MPI_PROC_NULL), graphs (a ring; symmetric with self-loops and
 * repeated edges) and distributed graphs (directed with repeated edges,
 * from both constructors; one without any edge).  Every block received is
 * checked against the sender's block that the standard says lands there:
 *   Cartesian: block i of the receiver holds block i^1 of its neighbor
 *              in[i] (what the -1 neighbor sent in its +1 direction);
 *   graphs:    the k-th block from a process holds the block of the k-th
 *              edge of that process toward the receiver;
 * and a block from MPI_PROC_NULL, like the gaps between blocks, is left
 * untouched.  One case uses derived datatypes on both sides.
 */
#include "t.h"

#define MAXN 64 /* neighbors per process */
#define C 3     /* elements per block (allgather, alltoall) */
#define UNTOUCHED (-1)

static int rank, size;

enum kind { CART, GRAPH, DIST };

struct nbh {
    int nin, nout;
    int in[MAXN], out[MAXN];
};

/* The neighborhoods of every process of the communicator under test. */
static struct nbh all[64];
static struct nbh *me;
static enum kind kind;
static const char *label;

static int val(int r, int j, int e)
{
    return r * 10000 + j * 100 + e;
}

/* Elements in block j of process r (the v and w forms). */
static int vcount(int r, int j)
{
    return 1 + (r + j) % 3;
}

/* This process's neighbors as the topology functions report them, then
 * everybody's. */
static void learn(MPI_Comm c)
{
    struct nbh m = {0};
    if (kind == CART) {
        int nd;
        MPI_Cartdim_get(c, &nd);
        m.nin = m.nout = 2 * nd;
        for (int d = 0; d < nd; d++) {
            T_OK(MPI_Cart_shift(c, d, 1, &m.in[2 * d], &m.in[2 * d + 1]));
            m.out[2 * d] = m.in[2 * d];
            m.out[2 * d + 1] = m.in[2 * d + 1];
        }
    } else if (kind == GRAPH) {
        T_OK(MPI_Graph_neighbors_count(c, rank, &m.nin));
        T_OK(MPI_Graph_neighbors(c, rank, MAXN, m.in));
        m.nout = m.nin;
        memcpy(m.out, m.in, sizeof m.in);
    } else {
        int wt;
        T_OK(MPI_Dist_graph_neighbors_count(c, &m.nin, &m.nout, &wt));
        T_OK(MPI_Dist_graph_neighbors(c, MAXN, m.in, MPI_UNWEIGHTED, MAXN,
                                      m.out, MPI_UNWEIGHTED));
    }
    T_OK(MPI_Allgather(&m, sizeof m, MPI_BYTE, all, sizeof m, MPI_BYTE, c));
    me = &all[rank];
}

/* Which block of its sender lands in this process's receive block i. */
static int sender_block(int i)
{
    int src = me->in[i];
    if (kind == CART)
        return i ^ 1;
    int k = 0;
    for (int x = 0; x < i; x++)
        k += me->in[x] == src;
    for (int j = 0; j < all[src].nout; j++)
        if (all[src].out[j] == rank && k-- == 0)
            return j;
    T_CHECK(0, "%s: no edge from %d matches receive block %d", label, src,
            i);
    return 0;
}

static void check_block(const char *op, const int *got, int i, int n,
                        int src, int j)
{
    for (int e = 0; e < n; e++) {
        int want = src == MPI_PROC_NULL ? UNTOUCHED : val(src, j, e);
        T_CHECK(got[e] == want, "%s %s: block %d [%d] = %d, expected %d",
                label, op, i, e, got[e], want);
    }
}

static void fill(int *p, int n, int v)
{
    for (int i = 0; i < n; i++)
        p[i] = v;
}

/* Waits for (nb) or just checks the return of a call. */
static void done(int rc, MPI_Request *req, int nb)
{
    T_OK(rc);
    if (nb && rc == MPI_SUCCESS)
        T_OK(MPI_Wait(req, MPI_STATUS_IGNORE));
}

static void allgathers(MPI_Comm c, int nb)
{
    int sbuf[C], rbuf[MAXN * (C + 1)], cnt[MAXN], dsp[MAXN];
    MPI_Request req;
    for (int e = 0; e < C; e++)
        sbuf[e] = val(rank, 0, e);
    fill(rbuf, MAXN * (C + 1), UNTOUCHED);
    done(nb ? MPI_Ineighbor_allgather(sbuf, C, MPI_INT, rbuf, C, MPI_INT, c,
                                      &req)
            : MPI_Neighbor_allgather(sbuf, C, MPI_INT, rbuf, C, MPI_INT, c),
         &req, nb);
    for (int i = 0; i < me->nin; i++)
        check_block("allgather", rbuf + i * C, i, C, me->in[i], 0);

    /* v: blocks in reverse order with a gap after each. */
    for (int i = 0; i < me->nin; i++) {
        cnt[i] = C;
        dsp[i] = (me->nin - 1 - i) * (C + 1);
    }
    fill(rbuf, MAXN * (C + 1), UNTOUCHED);
    done(nb ? MPI_Ineighbor_allgatherv(sbuf, C, MPI_INT, rbuf, cnt, dsp,
                                       MPI_INT, c, &req)
            : MPI_Neighbor_allgatherv(sbuf, C, MPI_INT, rbuf, cnt, dsp,
                                      MPI_INT, c),
         &req, nb);
    for (int i = 0; i < me->nin; i++) {
        check_block("allgatherv", rbuf + dsp[i], i, C, me->in[i], 0);
        T_CHECK(rbuf[dsp[i] + C] == UNTOUCHED, "%s allgatherv: gap written",
                label);
    }
}

static void alltoalls(MPI_Comm c, int nb)
{
    int sbuf[MAXN * C], rbuf[MAXN * C];
    MPI_Request req;
    for (int j = 0; j < me->nout; j++)
        for (int e = 0; e < C; e++)
            sbuf[j * C + e] = val(rank, j, e);
    fill(rbuf, MAXN * C, UNTOUCHED);
    done(nb ? MPI_Ineighbor_alltoall(sbuf, C, MPI_INT, rbuf, C, MPI_INT, c,
                                     &req)
            : MPI_Neighbor_alltoall(sbuf, C, MPI_INT, rbuf, C, MPI_INT, c),
         &req, nb);
    for (int i = 0; i < me->nin; i++)
        check_block("alltoall", rbuf + i * C, i, C, me->in[i],
                    me->in[i] == MPI_PROC_NULL ? 0 : sender_block(i));
}

/* Alltoallv with blocks of different sizes, stored back to front with
 * gaps; alltoallw the same in bytes. */
static void alltoallvw(MPI_Comm c, int nb)
{
    int sbuf[MAXN * 4], rbuf[MAXN * 5], sc[MAXN], sd[MAXN], rc[MAXN],
        rd[MAXN], src_j[MAXN];
    MPI_Aint sdb[MAXN], rdb[MAXN];
    MPI_Datatype st[MAXN], rt[MAXN];
    MPI_Request req;
    fill(sbuf, MAXN * 4, -5);
    for (int j = 0; j < me->nout; j++) {
        sc[j] = vcount(rank, j);
        sd[j] = (me->nout - 1 - j) * 4;
        sdb[j] = (MPI_Aint)sd[j] * (MPI_Aint)sizeof(int);
        st[j] = MPI_INT;
        for (int e = 0; e < sc[j]; e++)
            sbuf[sd[j] + e] = val(rank, j, e);
    }
    for (int i = 0; i < me->nin; i++) {
        int src = me->in[i];
        src_j[i] = src == MPI_PROC_NULL ? 0 : sender_block(i);
        rc[i] = src == MPI_PROC_NULL ? 2 : vcount(src, src_j[i]);
        rd[i] = (me->nin - 1 - i) * 5;
        rdb[i] = (MPI_Aint)rd[i] * (MPI_Aint)sizeof(int);
        rt[i] = MPI_INT;
    }
    for (int w = 0; w < 2; w++) {
        const char *op = w ? "alltoallw" : "alltoallv";
        fill(rbuf, MAXN * 5, UNTOUCHED);
        int rcode;
        if (w)
            rcode = nb ? MPI_Ineighbor_alltoallw(sbuf, sc, sdb, st, rbuf, rc,
                                                 rdb, rt, c, &req)
                       : MPI_Neighbor_alltoallw(sbuf, sc, sdb, st, rbuf, rc,
                                                rdb, rt, c);
        else
            rcode = nb ? MPI_Ineighbor_alltoallv(sbuf, sc, sd, MPI_INT, rbuf,
                                                 rc, rd, MPI_INT, c, &req)
                       : MPI_Neighbor_alltoallv(sbuf, sc, sd, MPI_INT, rbuf,
                                                rc, rd, MPI_INT, c);
        done(rcode, &req, nb);
        for (int i = 0; i < me->nin; i++) {
            check_block(op, rbuf + rd[i], i, rc[i], me->in[i], src_j[i]);
            for (int e = rc[i]; e < 5; e++)
                T_CHECK(rbuf[rd[i] + e] == UNTOUCHED, "%s %s: gap written",
                        label, op);
        }
    }
}

/* Derived datatypes: allgatherv into a vector type (every other int),
 * and alltoallw sending that vector and receiving it as the vector or as
 * plain ints, alternating between neighbors. */
static void derived(MPI_Comm c, int nb)
{
    MPI_Datatype every2;
    MPI_Type_vector(C, 1, 2, MPI_INT, &every2);
    MPI_Type_commit(&every2);
    int sbuf[MAXN * 2 * C], rbuf[MAXN * 2 * C];
    MPI_Request req;
    for (int e = 0; e < C; e++)
        sbuf[e] = val(rank, 0, e);
    fill(rbuf, MAXN * 2 * C, UNTOUCHED);
    /* One vector per neighbor, one extent (2C - 1 ints) apart. */
    int cnt[MAXN], dsp[MAXN];
    for (int i = 0; i < me->nin; i++) {
        cnt[i] = 1;
        dsp[i] = i;
    }
    done(nb ? MPI_Ineighbor_allgatherv(sbuf, C, MPI_INT, rbuf, cnt, dsp,
                                       every2, c, &req)
            : MPI_Neighbor_allgatherv(sbuf, C, MPI_INT, rbuf, cnt, dsp,
                                      every2, c),
         &req, nb);
    for (int i = 0; i < me->nin; i++) {
        int *b = rbuf + i * (2 * C - 1);
        for (int e = 0; e < C; e++) {
            int want = me->in[i] == MPI_PROC_NULL ? UNTOUCHED
                                                  : val(me->in[i], 0, e);
            T_CHECK(b[2 * e] == want,
                    "%s derived allgatherv: block %d [%d] = %d, expected %d",
                    label, i, e, b[2 * e], want);
        }
    }

    int sc[MAXN], rc[MAXN];
    MPI_Aint sd[MAXN], rd[MAXN];
    MPI_Datatype st[MAXN], rt[MAXN];
    for (int j = 0; j < me->nout; j++) {
        int *b = sbuf + j * 2 * C;
        for (int e = 0; e < C; e++) {
            b[2 * e] = val(rank, j, e);
            b[2 * e + 1] = -9;
        }
        sc[j] = 1;
        sd[j] = (MPI_Aint)(j * 2 * C) * (MPI_Aint)sizeof(int);
        st[j] = every2;
    }
    for (int i = 0; i < me->nin; i++) {
        rc[i] = i % 2 ? C : 1;
        rt[i] = i % 2 ? MPI_INT : every2;
        rd[i] = (MPI_Aint)(i * 2 * C) * (MPI_Aint)sizeof(int);
    }
    fill(rbuf, MAXN * 2 * C, UNTOUCHED);
    done(nb ? MPI_Ineighbor_alltoallw(sbuf, sc, sd, st, rbuf, rc, rd, rt, c,
                                      &req)
            : MPI_Neighbor_alltoallw(sbuf, sc, sd, st, rbuf, rc, rd, rt, c),
         &req, nb);
    for (int i = 0; i < me->nin; i++) {
        int *b = rbuf + i * 2 * C, stride = i % 2 ? 1 : 2;
        int j = me->in[i] == MPI_PROC_NULL ? 0 : sender_block(i);
        for (int e = 0; e < C; e++) {
            int want = me->in[i] == MPI_PROC_NULL ? UNTOUCHED
                                                  : val(me->in[i], j, e);
            T_CHECK(b[stride * e] == want,
                    "%s derived alltoallw: block %d [%d] = %d, expected %d",
                    label, i, e, b[stride * e], want);
        }
        if (stride == 2)
            T_CHECK(b[1] == UNTOUCHED, "%s derived alltoallw: hole written",
                    label);
    }
    MPI_Type_free(&every2);
}

/* Two non-blocking neighborhood collectives in flight at once, completed
 * in the opposite order. */
static void overlapped(MPI_Comm c)
{
    int s1[MAXN * C], r1[MAXN * C], s2[C], r2[MAXN * C];
    MPI_Request req[2];
    for (int j = 0; j < me->nout; j++)
        for (int e = 0; e < C; e++)
            s1[j * C + e] = val(rank, j, e);
    for (int e = 0; e < C; e++)
        s2[e] = val(rank, 0, e);
    fill(r1, MAXN * C, UNTOUCHED);
    fill(r2, MAXN * C, UNTOUCHED);
    T_OK(MPI_Ineighbor_alltoall(s1, C, MPI_INT, r1, C, MPI_INT, c, &req[0]));
    T_OK(MPI_Ineighbor_allgather(s2, C, MPI_INT, r2, C, MPI_INT, c,
                                 &req[1]));
    T_OK(MPI_Wait(&req[1], MPI_STATUS_IGNORE));
    T_OK(MPI_Wait(&req[0], MPI_STATUS_IGNORE));
    for (int i = 0; i < me->nin; i++) {
        int j = me->in[i] == MPI_PROC_NULL ? 0 : sender_block(i);
        check_block("overlapped alltoall", r1 + i * C, i, C, me->in[i], j);
        check_block("overlapped allgather", r2 + i * C, i, C, me->in[i], 0);
    }
}

/* Blocks far above the eager limit (rendezvous), where a process that is
 * a neighbor twice must still have its messages matched in order. */
static void large(MPI_Comm c)
{
    enum { B = 40000 };
    int *sbuf = malloc((size_t)me->nout * B * sizeof *sbuf);
    int *rbuf = malloc((size_t)me->nin * B * sizeof *rbuf);
    for (int j = 0; j < me->nout; j++)
        for (int e = 0; e < B; e++)
            sbuf[(size_t)j * B + e] = val(rank, j, e % 100);
    fill(rbuf, me->nin * B, UNTOUCHED);
    MPI_Request req;
    T_OK(MPI_Ineighbor_alltoall(sbuf, B, MPI_INT, rbuf, B, MPI_INT, c, &req));
    T_OK(MPI_Wait(&req, MPI_STATUS_IGNORE));
    for (int i = 0; i < me->nin; i++) {
        int src = me->in[i], j = src == MPI_PROC_NULL ? 0 : sender_block(i);
        int bad = 0;
        for (int e = 0; e < B && !bad; e++) {
            int want = src == MPI_PROC_NULL ? UNTOUCHED : val(src, j, e % 100);
            bad = rbuf[(size_t)i * B + e] != want;
        }
        T_CHECK(!bad, "%s large alltoall: block %d is wrong", label, i);
    }
    free(sbuf);
    free(rbuf);
}

/* Runs everything on c (freed here), a topology of kind k. */
static void run_all(MPI_Comm c, enum kind k, const char *name)
{
    kind = k;
    label = name;
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    learn(c);
    T_CHECK(me->nin <= MAXN && me->nout <= MAXN, "%s: too many neighbors",
            name);
    for (int nb = 0; nb < 2; nb++) {
        allgathers(c, nb);
        alltoalls(c, nb);
        alltoallvw(c, nb);
        derived(c, nb);
    }
    overlapped(c);
    large(c);
    /* A duplicate runs them the same way. */
    MPI_Comm d;
    T_OK(MPI_Comm_dup(c, &d));
    alltoalls(d, 0);
    alltoallvw(d, 1);
    MPI_Comm_free(&d);
    MPI_Comm_free(&c);
}

static void cart(int nd, const int *dims, const int *periods,
                 const char *name)
{
    MPI_Comm c;
    T_OK(MPI_Cart_create(MPI_COMM_WORLD, nd, dims, periods, 0, &c));
    if (c != MPI_COMM_NULL)
        run_all(c, CART, name);
}

/* Symmetric multiplicities for the graph: m(a, b) edges between a and b,
 * m(a, a) self-loops. */
static int gmult(int a, int b)
{
    return a == b ? a % 2 : (a + b) % 3;
}

/* Directed multiplicities for the distributed graphs. */
static int dmult(int s, int d)
{
    return (s * 7 + d * 3 + s * d) % 5 < 2 ? 1 + (s + d) % 2 : 0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    int one[1] = {size}, per[1] = {1}, nper[1] = {0};
    cart(1, one, per, "ring");
    cart(1, one, nper, "line");
    int d2[2] = {0, 0}, p2[2] = {1, 0};
    MPI_Dims_create(size, 2, d2);
    cart(2, d2, p2, "2-D cylinder");
    int d3[3] = {1, size, 1}, p3[3] = {1, 1, 0};
    cart(3, d3, p3, "3-D with dimensions of size 1");
    if (size % 2 == 0) {
        int dt[2] = {2, size / 2}, pt[2] = {1, 1};
        cart(2, dt, pt, "torus with a dimension of size 2");
    }
    if (size > 2) {
        int dg[1] = {size - 1};
        cart(1, dg, per, "ring beyond which one process stays");
    }

    /* Graphs. */
    int index[64], edges[4096], e = 0;
    for (int i = 0; i < size; i++) {
        edges[e++] = (i + size - 1) % size;
        edges[e++] = (i + 1) % size;
        index[i] = e;
    }
    MPI_Comm g;
    T_OK(MPI_Graph_create(MPI_COMM_WORLD, size, index, edges, 0, &g));
    run_all(g, GRAPH, "graph ring");
    e = 0;
    for (int a = 0; a < size; a++) {
        for (int b = 0; b < size; b++)
            for (int k = 0; k < gmult(a, b) && e < 4096; k++)
                edges[e++] = b;
        index[a] = e;
    }
    T_OK(MPI_Graph_create(MPI_COMM_WORLD, size, index, edges, 0, &g));
    run_all(g, GRAPH, "graph with self-loops and repeated edges");

    /* Distributed graphs. */
    int in[MAXN], out[MAXN], nin = 0, nout = 0;
    for (int s = 0; s < size; s++)
        for (int k = 0; k < dmult(s, rank) && nin < MAXN; k++)
            in[nin++] = s;
    for (int d = 0; d < size; d++)
        for (int k = 0; k < dmult(rank, d) && nout < MAXN; k++)
            out[nout++] = d;
    T_OK(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, nin, in,
                                        MPI_UNWEIGHTED, nout, out,
                                        MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                        &g));
    run_all(g, DIST, "adjacent distributed graph");
    /* The same edges named by other processes: edges of source s by
     * process (s + 1) % size. */
    int srcs[1], deg[1], dsts[MAXN], n = 0;
    int s = (rank + size - 1) % size;
    deg[0] = 0;
    for (int d = 0; d < size; d++)
        for (int k = 0; k < dmult(s, d) && deg[0] < MAXN; k++)
            dsts[deg[0]++] = d;
    srcs[0] = s;
    n = 1;
    T_OK(MPI_Dist_graph_create(MPI_COMM_WORLD, n, srcs, deg, dsts,
                               MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g));
    run_all(g, DIST, "distributed graph");
    /* No edge at all: nothing moves, NULL buffers are fine. */
    T_OK(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 0, NULL,
                                        MPI_UNWEIGHTED, 0, NULL,
                                        MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                        &g));
    MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
    T_OK(MPI_Neighbor_alltoall(NULL, 1, MPI_INT, NULL, 1, MPI_INT, g));
    MPI_Request req;
    T_OK(MPI_Ineighbor_allgather(NULL, 1, MPI_INT, NULL, 1, MPI_INT, g,
                                 &req));
    T_OK(MPI_Wait(&req, MPI_STATUS_IGNORE));
    T_OK(MPI_Neighbor_alltoallw(NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, g));
    MPI_Comm_free(&g);
    return t_finish("neighbor_coll");
}
