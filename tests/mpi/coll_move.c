/*
 * coll_move -- the collectives that move data without combining it,
 * against answers computed locally: barrier, gather(v), scatter(v),
 * allgather(v), alltoall(v, w); every root (or a few), sizes from 0 to a
 * few hundred KiB, MPI_IN_PLACE, uneven counts with gaps, different send
 * and receive datatypes, padded pair types, and vector types when the
 * library has MPI_Type_vector.
 */
#include "t.h"

/* Derived datatypes are used when the library provides them. */
#pragma weak MPI_Type_vector
#pragma weak MPI_Type_commit
#pragma weak MPI_Type_free

static int rank, size;

static int val(int r, int i)
{
    return r * 100003 + i * 7 + 1;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

static void fill(int *b, int n, int v)
{
    for (int i = 0; i < n; i++)
        b[i] = v;
}

static void test_gather_scatter(int count)
{
    int n = size;
    int *sb = xmalloc((size_t)count * n * sizeof(int));
    int *rb = xmalloc((size_t)count * n * sizeof(int));
    for (int root = 0; root < n; root += (n > 3 ? n - 1 : 1)) {
        for (int i = 0; i < count; i++)
            sb[i] = val(rank, i);
        fill(rb, count * n, -1);
        T_OK(MPI_Gather(sb, count, MPI_INT, rb, count, MPI_INT, root,
                        MPI_COMM_WORLD));
        if (rank == root)
            for (int r = 0; r < n; r++)
                for (int i = 0; i < count; i++)
                    T_CHECK(rb[r * count + i] == val(r, i),
                            "gather root %d count %d from %d [%d]", root,
                            count, r, i);
        /* In place at the root. */
        if (rank == root) {
            fill(rb, count * n, -1);
            for (int i = 0; i < count; i++)
                rb[root * count + i] = val(root, i);
            T_OK(MPI_Gather(MPI_IN_PLACE, count, MPI_INT, rb, count, MPI_INT,
                            root, MPI_COMM_WORLD));
            for (int r = 0; r < n; r++)
                for (int i = 0; i < count; i++)
                    T_CHECK(rb[r * count + i] == val(r, i),
                            "in-place gather count %d from %d [%d]", count, r,
                            i);
        } else {
            T_OK(MPI_Gather(sb, count, MPI_INT, NULL, 0, MPI_DATATYPE_NULL,
                            root, MPI_COMM_WORLD));
        }
        /* Scatter back what was gathered. */
        if (rank == root)
            for (int r = 0; r < n; r++)
                for (int i = 0; i < count; i++)
                    sb[r * count + i] = val(r + 7, i);
        fill(rb, count, -1);
        T_OK(MPI_Scatter(sb, count, MPI_INT, rb, count, MPI_INT, root,
                         MPI_COMM_WORLD));
        for (int i = 0; i < count; i++)
            T_CHECK(rb[i] == val(rank + 7, i), "scatter root %d count %d [%d]",
                    root, count, i);
        if (rank == root) {
            T_OK(MPI_Scatter(sb, count, MPI_INT, MPI_IN_PLACE, count, MPI_INT,
                             root, MPI_COMM_WORLD));
            for (int i = 0; i < count; i++)
                T_CHECK(sb[root * count + i] == val(root + 7, i),
                        "in-place scatter changed the root's block");
        } else {
            fill(rb, count, -1);
            T_OK(MPI_Scatter(NULL, 0, MPI_DATATYPE_NULL, rb, count, MPI_INT,
                             root, MPI_COMM_WORLD));
            for (int i = 0; i < count; i++)
                T_CHECK(rb[i] == val(rank + 7, i),
                        "scatter (in place at root) count %d [%d]", count, i);
        }
    }
    free(sb);
    free(rb);
}

/* Uneven blocks with a gap of one element between them. */
static void layout(int count, int *cnts, int *displs, int *total)
{
    int off = 0;
    for (int r = 0; r < size; r++) {
        cnts[r] = (r % 3) * count / 2 + (r == 1);
        displs[r] = off + 1;
        off += cnts[r] + 1;
    }
    *total = off + 1;
}

static void test_v(int count)
{
    int n = size, total;
    int *cnts = xmalloc((size_t)n * sizeof(int));
    int *displs = xmalloc((size_t)n * sizeof(int));
    layout(count, cnts, displs, &total);
    int *sb = xmalloc((size_t)(total + count) * sizeof(int));
    int *rb = xmalloc((size_t)(total + count) * sizeof(int));
    int root = n / 2;
    for (int i = 0; i < cnts[rank]; i++)
        sb[i] = val(rank, i);
    fill(rb, total, -1);
    T_OK(MPI_Gatherv(sb, cnts[rank], MPI_INT, rb, cnts, displs, MPI_INT, root,
                     MPI_COMM_WORLD));
    if (rank == root) {
        for (int r = 0; r < n; r++)
            for (int i = 0; i < cnts[r]; i++)
                T_CHECK(rb[displs[r] + i] == val(r, i),
                        "gatherv count %d from %d [%d]", count, r, i);
        T_CHECK(rb[0] == -1, "gatherv wrote into a gap");
    }
    /* Allgatherv, then in place. */
    fill(rb, total, -1);
    T_OK(MPI_Allgatherv(sb, cnts[rank], MPI_INT, rb, cnts, displs, MPI_INT,
                        MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < cnts[r]; i++)
            T_CHECK(rb[displs[r] + i] == val(r, i),
                    "allgatherv count %d from %d [%d]", count, r, i);
    T_CHECK(rb[0] == -1 && rb[total - 1] == -1, "allgatherv wrote into a gap");
    fill(rb, total, -1);
    for (int i = 0; i < cnts[rank]; i++)
        rb[displs[rank] + i] = val(rank, i);
    T_OK(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rb, cnts, displs,
                        MPI_INT, MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < cnts[r]; i++)
            T_CHECK(rb[displs[r] + i] == val(r, i),
                    "in-place allgatherv count %d from %d [%d]", count, r, i);
    /* Scatterv from the root's layout. */
    if (rank == root)
        for (int r = 0; r < n; r++)
            for (int i = 0; i < cnts[r]; i++)
                sb[displs[r] + i] = val(r + 3, i);
    fill(rb, cnts[rank] + 1, -1);
    T_OK(MPI_Scatterv(sb, cnts, displs, MPI_INT, rb, cnts[rank], MPI_INT,
                      root, MPI_COMM_WORLD));
    for (int i = 0; i < cnts[rank]; i++)
        T_CHECK(rb[i] == val(rank + 3, i), "scatterv count %d [%d]", count,
                i);
    T_CHECK(rb[cnts[rank]] == -1, "scatterv wrote past the block");
    free(sb);
    free(rb);
    free(cnts);
    free(displs);
}

static void test_allgather(int count)
{
    int n = size;
    int *sb = xmalloc((size_t)count * sizeof(int));
    int *rb = xmalloc((size_t)count * n * sizeof(int));
    for (int i = 0; i < count; i++)
        sb[i] = val(rank, i);
    fill(rb, count * n, -1);
    T_OK(MPI_Allgather(sb, count, MPI_INT, rb, count, MPI_INT,
                       MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, i),
                    "allgather count %d from %d [%d]", count, r, i);
    fill(rb, count * n, -1);
    for (int i = 0; i < count; i++)
        rb[rank * count + i] = val(rank, i);
    T_OK(MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rb, count, MPI_INT,
                       MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, i),
                    "in-place allgather count %d from %d [%d]", count, r, i);
    /* Send bytes, receive ints: only the type signatures must match. */
    fill(rb, count * n, -1);
    T_OK(MPI_Allgather(sb, count * (int)sizeof(int), MPI_BYTE, rb, count,
                       MPI_INT, MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r, i),
                    "allgather bytes->ints count %d", count);
    free(sb);
    free(rb);
}

static void test_alltoall(int count)
{
    int n = size;
    int *sb = xmalloc((size_t)count * n * sizeof(int));
    int *rb = xmalloc((size_t)count * n * sizeof(int));
    for (int d = 0; d < n; d++)
        for (int i = 0; i < count; i++)
            sb[d * count + i] = val(rank * n + d, i);
    fill(rb, count * n, -1);
    T_OK(MPI_Alltoall(sb, count, MPI_INT, rb, count, MPI_INT,
                      MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r * n + rank, i),
                    "alltoall count %d from %d [%d]", count, r, i);
    memcpy(rb, sb, (size_t)count * n * sizeof(int));
    T_OK(MPI_Alltoall(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rb, count, MPI_INT,
                      MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i] == val(r * n + rank, i),
                    "in-place alltoall count %d from %d [%d]", count, r, i);
    free(sb);
    free(rb);
}

/* Alltoallv with uneven counts, and alltoallw with a type per peer. */
static void test_alltoallvw(int count)
{
    int n = size;
    int *sc = xmalloc((size_t)n * sizeof(int)), *sd = xmalloc((size_t)n * sizeof(int));
    int *rc = xmalloc((size_t)n * sizeof(int)), *rd = xmalloc((size_t)n * sizeof(int));
    int so = 0, ro = 0;
    for (int p = 0; p < n; p++) {
        sc[p] = (rank + p) % 3 * count / 2; /* to p */
        rc[p] = (p + rank) % 3 * count / 2; /* from p */
        sd[p] = so;
        rd[p] = ro + 2;
        so += sc[p];
        ro += rc[p] + 2;
    }
    int *sb = xmalloc((size_t)(so + 1) * sizeof(int));
    int *rb = xmalloc((size_t)(ro + 3) * sizeof(int));
    for (int p = 0; p < n; p++)
        for (int i = 0; i < sc[p]; i++)
            sb[sd[p] + i] = val(rank * n + p, i);
    fill(rb, ro + 3, -1);
    T_OK(MPI_Alltoallv(sb, sc, sd, MPI_INT, rb, rc, rd, MPI_INT,
                       MPI_COMM_WORLD));
    for (int p = 0; p < n; p++)
        for (int i = 0; i < rc[p]; i++)
            T_CHECK(rb[rd[p] + i] == val(p * n + rank, i),
                    "alltoallv count %d from %d [%d]", count, p, i);
    T_CHECK(rb[0] == -1, "alltoallv wrote into a gap");
    /* In place: the receive layout is also the send layout. */
    fill(rb, ro + 3, -1);
    for (int p = 0; p < n; p++)
        for (int i = 0; i < rc[p]; i++)
            rb[rd[p] + i] = val(rank * n + p, i);
    T_OK(MPI_Alltoallv(MPI_IN_PLACE, NULL, NULL, MPI_DATATYPE_NULL, rb, rc,
                       rd, MPI_INT, MPI_COMM_WORLD));
    for (int p = 0; p < n; p++)
        for (int i = 0; i < rc[p]; i++)
            T_CHECK(rb[rd[p] + i] == val(p * n + rank, i),
                    "in-place alltoallv count %d from %d [%d]", count, p, i);

    /* Alltoallw: to an even peer ints, to an odd one shorts, sent as ints
     * converted; byte displacements. */
    MPI_Datatype *st = xmalloc((size_t)n * sizeof *st);
    MPI_Datatype *rt = xmalloc((size_t)n * sizeof *rt);
    int *sdb = xmalloc((size_t)n * sizeof(int)), *rdb = xmalloc((size_t)n * sizeof(int));
    short *ssb = xmalloc((size_t)(so + 1) * sizeof(int));
    short *srb = xmalloc((size_t)(ro + 3) * sizeof(int));
    for (int p = 0; p < n; p++) {
        st[p] = p % 2 ? MPI_SHORT : MPI_INT;
        rt[p] = rank % 2 ? MPI_SHORT : MPI_INT;
        /* Room for ints everywhere; shorts use the start of theirs. */
        sdb[p] = (int)(sd[p] * sizeof(int));
        rdb[p] = (int)(rd[p] * sizeof(int));
    }
    void *wsb = ssb, *wrb = srb;
    for (int p = 0; p < n; p++)
        for (int i = 0; i < sc[p]; i++) {
            int v = val(rank * n + p, i) % 30000;
            if (p % 2)
                ((short *)wsb)[sdb[p] / (int)sizeof(short) + i] = (short)v;
            else
                ((int *)wsb)[sdb[p] / (int)sizeof(int) + i] = v;
        }
    memset(wrb, 0xff, (size_t)(ro + 3) * sizeof(int));
    T_OK(MPI_Alltoallw(wsb, sc, sdb, st, wrb, rc, rdb, rt, MPI_COMM_WORLD));
    for (int p = 0; p < n; p++)
        for (int i = 0; i < rc[p]; i++) {
            int v = val(p * n + rank, i) % 30000;
            int got = rank % 2
                          ? ((short *)wrb)[rdb[p] / (int)sizeof(short) + i]
                          : ((int *)wrb)[rdb[p] / (int)sizeof(int) + i];
            T_CHECK(got == v, "alltoallw count %d from %d [%d]: %d vs %d",
                    count, p, i, got, v);
        }
    free(st);
    free(rt);
    free(sdb);
    free(rdb);
    free(ssb);
    free(srb);
    free(sb);
    free(rb);
    free(sc);
    free(sd);
    free(rc);
    free(rd);
}

/* Padded pairs on the receive side (the packed path), ints on the send
 * side of the same signature would not match: pairs on both sides. */
static void test_pairs(int count)
{
    typedef struct {
        double v;
        int i;
    } di;
    int n = size;
    di *sb = xmalloc((size_t)count * n * sizeof(di));
    di *rb = xmalloc((size_t)count * n * sizeof(di));
    for (int d = 0; d < n; d++)
        for (int i = 0; i < count; i++) {
            sb[d * count + i].v = val(rank, d);
            sb[d * count + i].i = i;
        }
    T_OK(MPI_Alltoall(sb, count, MPI_DOUBLE_INT, rb, count, MPI_DOUBLE_INT,
                      MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i].v == val(r, rank) &&
                        rb[r * count + i].i == i,
                    "alltoall of pairs count %d", count);
    T_OK(MPI_Allgather(sb, count, MPI_DOUBLE_INT, rb, count, MPI_DOUBLE_INT,
                       MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < count; i++)
            T_CHECK(rb[r * count + i].v == val(r, 0) &&
                        rb[r * count + i].i == i,
                    "allgather of pairs count %d", count);
    T_OK(MPI_Gather(sb, count, MPI_DOUBLE_INT, rb, count, MPI_DOUBLE_INT,
                    n - 1, MPI_COMM_WORLD));
    if (rank == n - 1)
        for (int r = 0; r < n; r++)
            for (int i = 0; i < count; i++)
                T_CHECK(rb[r * count + i].v == val(r, 0),
                        "gather of pairs count %d", count);
    free(sb);
    free(rb);
}

/* A vector of ints (every other one) against plain ints. */
static void test_vector(int count)
{
    if (!MPI_Type_vector || !MPI_Type_commit || !MPI_Type_free)
        return;
    MPI_Datatype vec;
    T_OK(MPI_Type_vector(count > 0 ? count : 1, 1, 2, MPI_INT, &vec));
    T_OK(MPI_Type_commit(&vec));
    int n = size, k = count > 0 ? count : 1;
    int *sb = xmalloc((size_t)2 * k * n * sizeof(int));
    int *rb = xmalloc((size_t)2 * k * n * sizeof(int));
    for (int i = 0; i < 2 * k * n; i++)
        sb[i] = i % 2 ? -7 : val(rank, i / 2);
    fill(rb, k * n, -1);
    /* One vector from each rank, received as k ints. */
    T_OK(MPI_Allgather(sb, 1, vec, rb, k, MPI_INT, MPI_COMM_WORLD));
    for (int r = 0; r < n; r++)
        for (int i = 0; i < k; i++)
            T_CHECK(rb[r * k + i] == val(r, i), "allgather of vectors");
    /* Bcast of a vector: the gaps stay untouched. */
    for (int i = 0; i < 2 * k; i++)
        rb[i] = rank == 0 ? (i % 2 ? -7 : val(0, i / 2)) : -1;
    T_OK(MPI_Bcast(rb, 1, vec, 0, MPI_COMM_WORLD));
    for (int i = 0; i < 2 * k - 1; i++)
        T_CHECK(rb[i] == (i % 2 ? (rank ? -1 : -7) : val(0, i / 2)),
                "bcast of a vector [%d]", i);
    /* Reduce over vectors. */
    T_OK(MPI_Allreduce(sb, rb, 1, vec, MPI_SUM, MPI_COMM_WORLD));
    for (int i = 0; i < k; i++) {
        long long s = 0;
        for (int r = 0; r < n; r++)
            s += val(r, i);
        T_CHECK(rb[2 * i] == (int)s, "allreduce of a vector [%d]", i);
    }
    T_OK(MPI_Type_free(&vec));
    free(sb);
    free(rb);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    T_OK(MPI_Barrier(MPI_COMM_WORLD));
    static const int counts[] = {0, 1, 5, 100, 3000, 40000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        int k = counts[c];
        T_OK(MPI_Barrier(MPI_COMM_WORLD));
        test_gather_scatter(k);
        test_v(k);
        test_allgather(k);
        test_alltoall(k / size);
        test_alltoallvw(k / size);
        test_pairs(k / 16);
        test_vector(k / 8);
    }
    return t_finish("coll_move");
}
