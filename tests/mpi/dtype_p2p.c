/* Derived datatypes on every transport path: eager (small), single copy
 * (large, contiguous sender), streamed (large, non-contiguous sender, or
 * everything when run with FTMPI_SHM_CMA=0), and to self.  Receive types
 * differ from send types but have the same type signature; partial
 * receives are counted with MPI_Get_elements/MPI_Get_count; types freed
 * while an operation is pending stay alive until it completes. */
#include "t.h"

#define SMALL 40      /* well under the eager limit */
#define LARGE 100000  /* 800 KB of doubles: rendezvous */

static int rank, size;

/* Exchanges with peer (maybe ourselves): sends sbuf/stype, receives into
 * rbuf/rtype, with non-blocking calls so that both directions run at
 * once and sending to self cannot deadlock. */
static void exchange(int peer, const void *sbuf, int scount,
                     MPI_Datatype stype, void *rbuf, int rcount,
                     MPI_Datatype rtype, MPI_Status *st)
{
    MPI_Request q[2];
    T_OK(MPI_Irecv(rbuf, rcount, rtype, peer, 7, MPI_COMM_WORLD, &q[0]));
    T_OK(MPI_Isend(sbuf, scount, stype, peer, 7, MPI_COMM_WORLD, &q[1]));
    MPI_Status sts[2];
    T_OK(MPI_Waitall(2, q, sts));
    if (st)
        *st = sts[0];
}

/* Every other double of the sender arrives packed at the receiver, and a
 * contiguous sender's doubles land every third place at the receiver. */
static void vectors(int peer, int n)
{
    double *a = malloc(2 * (size_t)n * sizeof *a);
    double *b = malloc(3 * (size_t)n * sizeof *b);
    for (int i = 0; i < 2 * n; i++)
        a[i] = i % 2 ? -1.0 : rank * 1e7 + i / 2;
    MPI_Datatype every2, every3;
    T_OK(MPI_Type_vector(n, 1, 2, MPI_DOUBLE, &every2));
    T_OK(MPI_Type_vector(n, 1, 3, MPI_DOUBLE, &every3));
    T_OK(MPI_Type_commit(&every2));
    T_OK(MPI_Type_commit(&every3));
    /* Non-contiguous sender, contiguous receiver. */
    MPI_Status st;
    exchange(peer, a, 1, every2, b, n, MPI_DOUBLE, &st);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += b[i] != peer * 1e7 + i;
    T_CHECK(!bad, "n=%d vector -> contiguous: %d wrong", n, bad);
    int cnt;
    MPI_Get_count(&st, MPI_DOUBLE, &cnt);
    T_CHECK(cnt == n, "count %d, expected %d", cnt, n);
    /* Contiguous sender, non-contiguous receiver. */
    for (int i = 0; i < n; i++)
        a[i] = rank * 1e7 + i;
    for (int i = 0; i < 3 * n; i++)
        b[i] = -2.0;
    exchange(peer, a, n, MPI_DOUBLE, b, 1, every3, &st);
    bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += b[i] != (i % 3 ? -2.0 : peer * 1e7 + i / 3);
    T_CHECK(!bad, "n=%d contiguous -> vector: %d wrong", n, bad);
    MPI_Get_count(&st, every3, &cnt);
    T_CHECK(cnt == 1, "count %d of every3, expected 1", cnt);
    /* Both non-contiguous and different. */
    for (int i = 0; i < 2 * n; i++)
        a[i] = i % 2 ? -1.0 : rank * 1e7 + i / 2;
    exchange(peer, a, 1, every2, b, 1, every3, NULL);
    bad = 0;
    for (int i = 0; i < 3 * n; i++)
        bad += b[i] != (i % 3 ? -2.0 : peer * 1e7 + i / 3);
    T_CHECK(!bad, "n=%d vector -> vector: %d wrong", n, bad);
    MPI_Type_free(&every2);
    MPI_Type_free(&every3);
    T_CHECK(every2 == MPI_DATATYPE_NULL, "freed handle not nulled");
    free(a);
    free(b);
}

/* An array of structs arrives scattered into three separate arrays, through
 * a receive type of absolute addresses (buffer MPI_BOTTOM). */
struct rec {
    int i;
    double d;
    char c[3];
};

static void structs(int peer, int n)
{
    struct rec *s = malloc((size_t)n * sizeof *s);
    int *ri = malloc((size_t)n * sizeof *ri);
    double *rd = malloc((size_t)n * sizeof *rd);
    char *rc = malloc(3 * (size_t)n);
    for (int k = 0; k < n; k++) {
        s[k].i = rank * 100000 + k;
        s[k].d = k + 0.25;
        for (int j = 0; j < 3; j++)
            s[k].c[j] = (char)('a' + (k + j + rank) % 26);
    }
    MPI_Datatype stype, rtype;
    int bl[3] = {1, 1, 3};
    MPI_Aint d[3] = {offsetof(struct rec, i), offsetof(struct rec, d),
                     offsetof(struct rec, c)};
    MPI_Datatype ty[3] = {MPI_INT, MPI_DOUBLE, MPI_CHAR};
    T_OK(MPI_Type_create_struct(3, bl, d, ty, &stype));
    T_OK(MPI_Type_commit(&stype));
    MPI_Aint lb, ext;
    MPI_Type_get_extent(stype, &lb, &ext);
    T_CHECK(lb == 0 && ext == sizeof(struct rec), "struct extent %ld",
            (long)ext);
    /* The receive side: for each record, an int, a double and 3 chars at
     * their absolute addresses. */
    int *rbl = malloc(3 * (size_t)n * sizeof *rbl);
    MPI_Aint *rd_ = malloc(3 * (size_t)n * sizeof *rd_);
    MPI_Datatype *rty = malloc(3 * (size_t)n * sizeof *rty);
    for (int k = 0; k < n; k++) {
        rbl[3 * k] = 1;
        MPI_Get_address(&ri[k], &rd_[3 * k]);
        rty[3 * k] = MPI_INT;
        rbl[3 * k + 1] = 1;
        MPI_Get_address(&rd[k], &rd_[3 * k + 1]);
        rty[3 * k + 1] = MPI_DOUBLE;
        rbl[3 * k + 2] = 3;
        MPI_Get_address(&rc[3 * k], &rd_[3 * k + 2]);
        rty[3 * k + 2] = MPI_CHAR;
    }
    T_OK(MPI_Type_create_struct(3 * n, rbl, rd_, rty, &rtype));
    T_OK(MPI_Type_commit(&rtype));
    MPI_Status st;
    exchange(peer, s, n, stype, MPI_BOTTOM, 1, rtype, &st);
    int bad = 0;
    for (int k = 0; k < n; k++) {
        bad += ri[k] != peer * 100000 + k;
        bad += rd[k] != k + 0.25;
        for (int j = 0; j < 3; j++)
            bad += rc[3 * k + j] != (char)('a' + (k + j + peer) % 26);
    }
    T_CHECK(!bad, "n=%d struct -> scattered arrays: %d wrong", n, bad);
    int cnt;
    MPI_Get_elements(&st, rtype, &cnt);
    T_CHECK(cnt == 5 * n, "elements %d, expected %d", cnt, 5 * n);
    MPI_Get_elements(&st, stype, &cnt);
    T_CHECK(cnt == 5 * n, "elements of stype %d, expected %d", cnt, 5 * n);
    MPI_Type_free(&stype);
    MPI_Type_free(&rtype);
    free(rbl);
    free(rd_);
    free(rty);
    free(s);
    free(ri);
    free(rd);
    free(rc);
}

/* A C-order block of a 2D array arrives in a Fortran-order block of an
 * array of another shape: the k-th int of the stream lands at the k-th
 * place of the receiver's block in Fortran order. */
static void subarrays(int peer, int rows, int cols)
{
    int S[2] = {rows + 7, cols + 5}, sub[2] = {rows, cols}, st0[2] = {3, 2};
    int R[2] = {cols + 2, rows + 4}, rsub[2] = {cols, rows},
        rst[2] = {1, 4};
    int *a = malloc((size_t)S[0] * S[1] * sizeof *a);
    int *b = malloc((size_t)R[0] * R[1] * sizeof *b);
    for (int i = 0; i < S[0] * S[1]; i++)
        a[i] = rank * 1000000 + i;
    for (int i = 0; i < R[0] * R[1]; i++)
        b[i] = -1;
    MPI_Datatype stype, rtype;
    T_OK(MPI_Type_create_subarray(2, S, sub, st0, MPI_ORDER_C, MPI_INT,
                                  &stype));
    T_OK(MPI_Type_create_subarray(2, R, rsub, rst, MPI_ORDER_FORTRAN,
                                  MPI_INT, &rtype));
    T_OK(MPI_Type_commit(&stype));
    T_OK(MPI_Type_commit(&rtype));
    exchange(peer, a, 1, stype, b, 1, rtype, NULL);
    int bad = 0, k = 0;
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++, k++) {
            int want = peer * 1000000 + (st0[0] + i) * S[1] + st0[1] + j;
            /* k-th place in Fortran order of the receiver's block:
             * dimension 0 fastest. */
            int x = k % rsub[0], y = k / rsub[0];
            int got = b[(rst[0] + x) + (rst[1] + y) * R[0]];
            bad += got != want;
        }
    }
    int untouched = 0;
    for (int i = 0; i < R[0] * R[1]; i++)
        untouched += b[i] == -1;
    T_CHECK(!bad, "%dx%d subarray: %d wrong", rows, cols, bad);
    T_CHECK(untouched == R[0] * R[1] - rows * cols,
            "%d places outside the block were written",
            R[0] * R[1] - rows * cols - untouched);
    MPI_Type_free(&stype);
    MPI_Type_free(&rtype);
    free(a);
    free(b);
}

/* Partial receives: fewer elements than the receive type describes. */
static void partial(int peer, int n)
{
    /* S = {int, double}; P = two S.  The sender sends 2n+1 S. */
    struct { int i; double d; } *s = malloc((2 * (size_t)n + 2) * 16),
                                 *r = malloc((2 * (size_t)n + 2) * 16);
    for (int k = 0; k < 2 * n + 1; k++) {
        s[k].i = k;
        s[k].d = -k;
    }
    MPI_Datatype S, P, IDI;
    int bl[3] = {1, 1, 1};
    MPI_Aint d[3] = {0, 8, 16};
    MPI_Datatype ty[3] = {MPI_INT, MPI_DOUBLE, MPI_INT};
    T_OK(MPI_Type_create_struct(2, bl, d, ty, &S));
    T_OK(MPI_Type_contiguous(2, S, &P));
    T_OK(MPI_Type_create_struct(3, bl, d, ty, &IDI));
    T_OK(MPI_Type_commit(&S));
    T_OK(MPI_Type_commit(&P));
    T_OK(MPI_Type_commit(&IDI));
    MPI_Status st;
    exchange(peer, s, 2 * n + 1, S, r, n + 1, P, &st);
    int c;
    MPI_Get_count(&st, P, &c);
    T_CHECK(c == MPI_UNDEFINED, "count of P %d, expected MPI_UNDEFINED", c);
    MPI_Get_count(&st, S, &c);
    T_CHECK(c == 2 * n + 1, "count of S %d, expected %d", c, 2 * n + 1);
    MPI_Get_elements(&st, P, &c);
    T_CHECK(c == 4 * n + 2, "elements of P %d, expected %d", c, 4 * n + 2);
    MPI_Count cx;
    MPI_Get_elements_x(&st, P, &cx);
    T_CHECK(cx == 4 * n + 2, "elements_x of P %lld", (long long)cx);
    int bad = 0;
    for (int k = 0; k < 2 * n + 1; k++)
        bad += r[k].i != k || r[k].d != -k;
    T_CHECK(!bad, "partial receive: %d wrong", bad);
    /* {int, double, int} received as S: one and a half S. */
    exchange(peer, s, 1, IDI, r, 2, S, &st);
    MPI_Get_elements(&st, S, &c);
    T_CHECK(c == 3, "elements %d, expected 3", c);
    MPI_Get_count(&st, S, &c);
    T_CHECK(c == MPI_UNDEFINED, "count %d, expected MPI_UNDEFINED", c);
    /* MPI_Status_set_elements makes a status that reads back. */
    MPI_Status fake;
    T_OK(MPI_Status_set_elements(&fake, P, 5));
    MPI_Get_elements(&fake, P, &c);
    T_CHECK(c == 5, "set_elements 5 read back as %d", c);
    MPI_Get_count(&fake, S, &c);
    T_CHECK(c == MPI_UNDEFINED, "2.5 S counted as %d", c);
    MPI_Type_free(&S);
    MPI_Type_free(&P);
    MPI_Type_free(&IDI);
    free(s);
    free(r);
}

/* A type freed right after the operations that use it were started. */
static void freed_while_pending(int peer, int n)
{
    double *a = malloc(2 * (size_t)n * sizeof *a);
    double *b = malloc(2 * (size_t)n * sizeof *b);
    for (int i = 0; i < 2 * n; i++) {
        a[i] = rank + i * 0.5;
        b[i] = -1;
    }
    MPI_Datatype v, w;
    T_OK(MPI_Type_vector(n, 1, 2, MPI_DOUBLE, &v));
    T_OK(MPI_Type_commit(&v));
    T_OK(MPI_Type_dup(v, &w));
    MPI_Request q[2];
    T_OK(MPI_Irecv(b, 1, w, peer, 9, MPI_COMM_WORLD, &q[0]));
    T_OK(MPI_Type_free(&w));
    T_OK(MPI_Isend(a, 1, v, peer, 9, MPI_COMM_WORLD, &q[1]));
    T_OK(MPI_Type_free(&v));
    /* Garbage in the heap where the types were, if they were freed. */
    void *junk = malloc(4096);
    memset(junk, 0xa5, 4096);
    T_OK(MPI_Waitall(2, q, MPI_STATUSES_IGNORE));
    free(junk);
    int bad = 0;
    for (int i = 0; i < 2 * n; i++)
        bad += b[i] != (i % 2 ? -1 : peer + i * 0.5);
    T_CHECK(!bad, "n=%d type freed while pending: %d wrong", n, bad);
    free(a);
    free(b);
}

static void all(int peer)
{
    vectors(peer, SMALL);
    vectors(peer, LARGE);
    structs(peer, 10);
    structs(peer, 20000);
    subarrays(peer, 4, 5);
    subarrays(peer, 300, 200);
    partial(peer, 3);
    partial(peer, 50000);
    freed_while_pending(peer, SMALL);
    freed_while_pending(peer, LARGE);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    all(rank); /* to self */
    int peer = rank ^ 1;
    if (peer < size)
        all(peer);
    return t_finish("dtype_p2p");
}
