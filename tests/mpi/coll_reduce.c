/*
 * coll_reduce -- reductions against answers computed locally: every
 * predefined operation on every type it allows (allreduce, reduce,
 * reduce_scatter_block, scan), a non-commutative user operation in every
 * reduction (rank order), MPI_IN_PLACE, every root, sizes from 0 to a few
 * hundred KiB, value-index pairs (non-contiguous in memory), and
 * MPI_Reduce_local.
 */
#include <complex.h>
#include <stdint.h>

#include "t.h"

static int rank, size;

/* ---- every predefined operation on every allowed type ------------------ */

enum fam { F_INT, F_UINT, F_FLOAT, F_COMPLEX, F_BOOL, F_BYTE };

struct tdesc {
    const char *name;
    MPI_Datatype dt;
    size_t sz;
    enum fam fam;
    int logical; /* logical operations allowed */
};

static void put(const struct tdesc *t, void *buf, int i, long long v)
{
    char *p = (char *)buf + (size_t)i * t->sz;
    if (t->fam == F_FLOAT) {
        if (t->sz == sizeof(float))
            *(float *)p = (float)v;
        else if (t->sz == sizeof(double))
            *(double *)p = (double)v;
        else
            *(long double *)p = (long double)v;
    } else if (t->fam == F_COMPLEX) {
        if (t->sz == sizeof(float _Complex))
            *(float _Complex *)p = (float)v;
        else if (t->sz == sizeof(double _Complex))
            *(double _Complex *)p = (double)v;
        else
            *(long double _Complex *)p = (long double)v;
    } else if (t->fam == F_BOOL && t->sz == 1) {
        *(_Bool *)p = v != 0;
    } else {
        memcpy(p, &v, t->sz); /* little-endian: the low bytes */
    }
}

static long long get(const struct tdesc *t, const void *buf, int i)
{
    const char *p = (const char *)buf + (size_t)i * t->sz;
    if (t->fam == F_FLOAT) {
        if (t->sz == sizeof(float))
            return (long long)*(const float *)p;
        if (t->sz == sizeof(double))
            return (long long)*(const double *)p;
        return (long long)*(const long double *)p;
    }
    if (t->fam == F_COMPLEX) {
        if (t->sz == sizeof(float _Complex))
            return cimagf(*(const float _Complex *)p) != 0
                       ? -999999
                       : (long long)crealf(*(const float _Complex *)p);
        if (t->sz == sizeof(double _Complex))
            return cimag(*(const double _Complex *)p) != 0
                       ? -999999
                       : (long long)creal(*(const double _Complex *)p);
        return (long long)creall(*(const long double _Complex *)p);
    }
    if (t->fam == F_BOOL && t->sz == 1)
        return *(const _Bool *)p;
    long long v = 0;
    memcpy(&v, p, t->sz);
    if (t->fam == F_INT && t->sz < 8 && (v >> (t->sz * 8 - 1)) & 1)
        v -= 1ll << (t->sz * 8); /* sign-extend */
    return v;
}

/* Small values whose reductions over up to 8 ranks fit any type. */
static long long val(MPI_Op op, int r, int i)
{
    if (op == MPI_PROD)
        return (r + i) % 4 == 0 ? 2 : 1;
    if (op == MPI_BAND || op == MPI_BOR || op == MPI_BXOR)
        return ((r + i) * 37) & 0x7f;
    if (op == MPI_LAND || op == MPI_LOR || op == MPI_LXOR)
        return (r * 3 + i) % 4 != 0;
    return (r * 5 + i * 3) % 11;
}

static long long combine(MPI_Op op, long long a, long long b)
{
    if (op == MPI_SUM)
        return a + b;
    if (op == MPI_PROD)
        return a * b;
    if (op == MPI_MAX)
        return a > b ? a : b;
    if (op == MPI_MIN)
        return a < b ? a : b;
    if (op == MPI_BAND)
        return a & b;
    if (op == MPI_BOR)
        return a | b;
    if (op == MPI_BXOR)
        return a ^ b;
    if (op == MPI_LAND)
        return a && b;
    if (op == MPI_LOR)
        return a || b;
    return !a != !b; /* LXOR */
}

static const struct tdesc types[] = {
    {"MPI_SIGNED_CHAR", MPI_SIGNED_CHAR, 1, F_INT, 1},
    {"MPI_UNSIGNED_CHAR", MPI_UNSIGNED_CHAR, 1, F_UINT, 1},
    {"MPI_SHORT", MPI_SHORT, sizeof(short), F_INT, 1},
    {"MPI_UNSIGNED_SHORT", MPI_UNSIGNED_SHORT, sizeof(short), F_UINT, 1},
    {"MPI_INT", MPI_INT, sizeof(int), F_INT, 1},
    {"MPI_UNSIGNED", MPI_UNSIGNED, sizeof(int), F_UINT, 1},
    {"MPI_LONG", MPI_LONG, sizeof(long), F_INT, 1},
    {"MPI_UNSIGNED_LONG", MPI_UNSIGNED_LONG, sizeof(long), F_UINT, 1},
    {"MPI_LONG_LONG", MPI_LONG_LONG, 8, F_INT, 1},
    {"MPI_UNSIGNED_LONG_LONG", MPI_UNSIGNED_LONG_LONG, 8, F_UINT, 1},
    {"MPI_INT8_T", MPI_INT8_T, 1, F_INT, 1},
    {"MPI_INT16_T", MPI_INT16_T, 2, F_INT, 1},
    {"MPI_INT32_T", MPI_INT32_T, 4, F_INT, 1},
    {"MPI_INT64_T", MPI_INT64_T, 8, F_INT, 1},
    {"MPI_UINT8_T", MPI_UINT8_T, 1, F_UINT, 1},
    {"MPI_UINT16_T", MPI_UINT16_T, 2, F_UINT, 1},
    {"MPI_UINT32_T", MPI_UINT32_T, 4, F_UINT, 1},
    {"MPI_UINT64_T", MPI_UINT64_T, 8, F_UINT, 1},
    {"MPI_INTEGER", MPI_INTEGER, sizeof(int), F_INT, 0},
    {"MPI_AINT", MPI_AINT, sizeof(MPI_Aint), F_INT, 0},
    {"MPI_OFFSET", MPI_OFFSET, sizeof(MPI_Offset), F_INT, 0},
    {"MPI_COUNT", MPI_COUNT, sizeof(MPI_Count), F_INT, 0},
    {"MPI_FLOAT", MPI_FLOAT, sizeof(float), F_FLOAT, 0},
    {"MPI_DOUBLE", MPI_DOUBLE, sizeof(double), F_FLOAT, 0},
    {"MPI_LONG_DOUBLE", MPI_LONG_DOUBLE, sizeof(long double), F_FLOAT, 0},
    {"MPI_REAL", MPI_REAL, sizeof(float), F_FLOAT, 0},
    {"MPI_DOUBLE_PRECISION", MPI_DOUBLE_PRECISION, sizeof(double), F_FLOAT,
     0},
    {"MPI_C_FLOAT_COMPLEX", MPI_C_FLOAT_COMPLEX, sizeof(float _Complex),
     F_COMPLEX, 0},
    {"MPI_C_DOUBLE_COMPLEX", MPI_C_DOUBLE_COMPLEX, sizeof(double _Complex),
     F_COMPLEX, 0},
    {"MPI_C_LONG_DOUBLE_COMPLEX", MPI_C_LONG_DOUBLE_COMPLEX,
     sizeof(long double _Complex), F_COMPLEX, 0},
    {"MPI_COMPLEX", MPI_COMPLEX, sizeof(float _Complex), F_COMPLEX, 0},
    {"MPI_DOUBLE_COMPLEX", MPI_DOUBLE_COMPLEX, sizeof(double _Complex),
     F_COMPLEX, 0},
    {"MPI_C_BOOL", MPI_C_BOOL, 1, F_BOOL, 1},
    {"MPI_LOGICAL", MPI_LOGICAL, sizeof(int), F_BOOL, 1},
    {"MPI_BYTE", MPI_BYTE, 1, F_BYTE, 0},
};

static const struct {
    const char *name;
    MPI_Op op;
} ops[] = {
    {"MPI_SUM", MPI_SUM},   {"MPI_PROD", MPI_PROD}, {"MPI_MAX", MPI_MAX},
    {"MPI_MIN", MPI_MIN},   {"MPI_BAND", MPI_BAND}, {"MPI_BOR", MPI_BOR},
    {"MPI_BXOR", MPI_BXOR}, {"MPI_LAND", MPI_LAND}, {"MPI_LOR", MPI_LOR},
    {"MPI_LXOR", MPI_LXOR},
};

/* What the standard allows (MPI 3.1, 5.9.2). */
static int allowed(const struct tdesc *t, MPI_Op op)
{
    int arith = op == MPI_SUM || op == MPI_PROD || op == MPI_MAX ||
                op == MPI_MIN;
    int bits = op == MPI_BAND || op == MPI_BOR || op == MPI_BXOR;
    int logic = op == MPI_LAND || op == MPI_LOR || op == MPI_LXOR;
    switch (t->fam) {
    case F_INT:
    case F_UINT:
        return arith || bits || (logic && t->logical);
    case F_FLOAT:
        return arith;
    case F_COMPLEX:
        return op == MPI_SUM || op == MPI_PROD;
    case F_BOOL:
        return logic;
    case F_BYTE:
        return bits;
    }
    return 0;
}

static void test_op_type(const struct tdesc *t, MPI_Op op, const char *oname)
{
    enum { N = 5 };
    char in[N * 32], out[N * 32], exp[N * 32];
    for (int i = 0; i < N; i++)
        put(t, in, i, val(op, rank, i));
    int rc = MPI_Allreduce(in, out, N, t->dt, op, MPI_COMM_WORLD);
    if (!allowed(t, op)) {
        int cls = -1;
        MPI_Error_class(rc, &cls);
        T_CHECK(cls == MPI_ERR_OP, "%s on %s: class %d, expected MPI_ERR_OP",
                oname, t->name, cls);
        return;
    }
    T_CHECK(rc == MPI_SUCCESS, "%s on %s failed", oname, t->name);
    for (int i = 0; i < N; i++) {
        long long e = val(op, 0, i);
        for (int r = 1; r < size; r++)
            e = combine(op, e, val(op, r, i));
        put(t, exp, i, e);
        T_CHECK(get(t, out, i) == get(t, exp, i),
                "allreduce %s on %s [%d]: got %lld expected %lld", oname,
                t->name, i, get(t, out, i), get(t, exp, i));
    }
    /* Reduce to the last rank, in place there. */
    int root = size - 1;
    if (rank == root) {
        memcpy(out, in, sizeof in);
        T_OK(MPI_Reduce(MPI_IN_PLACE, out, N, t->dt, op, root,
                        MPI_COMM_WORLD));
        for (int i = 0; i < N; i++)
            T_CHECK(get(t, out, i) == get(t, exp, i),
                    "reduce %s on %s [%d]", oname, t->name, i);
    } else {
        T_OK(MPI_Reduce(in, NULL, N, t->dt, op, root, MPI_COMM_WORLD));
    }
    /* Scan: the prefix up to our rank. */
    T_OK(MPI_Scan(in, out, N, t->dt, op, MPI_COMM_WORLD));
    for (int i = 0; i < N; i++) {
        long long e = val(op, 0, i);
        for (int r = 1; r <= rank; r++)
            e = combine(op, e, val(op, r, i));
        put(t, exp, i, e);
        T_CHECK(get(t, out, i) == get(t, exp, i), "scan %s on %s [%d]",
                oname, t->name, i);
    }
}

/* MAXLOC and MINLOC on the pair types, with ties (lowest index wins). */
#define PAIR_TEST(T, V, I, MPIT)                                              \
    do {                                                                      \
        T in[3], out[3];                                                      \
        for (int i = 0; i < 3; i++) {                                         \
            in[i].v = (V)((rank + i) % 3);                                    \
            in[i].i = (I)(rank * 10 + i);                                     \
        }                                                                     \
        for (int m = 0; m < 2; m++) {                                         \
            MPI_Op op = m ? MPI_MINLOC : MPI_MAXLOC;                          \
            T_OK(MPI_Allreduce(in, out, 3, MPIT, op, MPI_COMM_WORLD));        \
            for (int i = 0; i < 3; i++) {                                     \
                int best = -1;                                                \
                long bv = 0;                                                  \
                for (int r = 0; r < size; r++) {                              \
                    long v = (r + i) % 3;                                     \
                    if (best < 0 || (m ? v < bv : v > bv)) {                  \
                        best = r;                                             \
                        bv = v;                                               \
                    }                                                         \
                }                                                             \
                T_CHECK(out[i].v == (V)bv && out[i].i == (I)(best * 10 + i),  \
                        "%s on %s [%d]: got (%g, %g) expected (%ld, %d)",     \
                        m ? "MINLOC" : "MAXLOC", #MPIT, i,                    \
                        (double)out[i].v, (double)out[i].i, bv,               \
                        best * 10 + i);                                       \
            }                                                                 \
        }                                                                     \
    } while (0)

static void test_pairs(void)
{
    typedef struct { float v; int i; } float_int;
    typedef struct { double v; int i; } double_int;
    typedef struct { long v; int i; } long_int;
    typedef struct { int v; int i; } two_int;
    typedef struct { short v; int i; } short_int;
    typedef struct { long double v; int i; } ldouble_int;
    typedef struct { float v; float i; } two_real;
    typedef struct { double v; double i; } two_double;
    PAIR_TEST(float_int, float, int, MPI_FLOAT_INT);
    PAIR_TEST(double_int, double, int, MPI_DOUBLE_INT);
    PAIR_TEST(long_int, long, int, MPI_LONG_INT);
    PAIR_TEST(two_int, int, int, MPI_2INT);
    PAIR_TEST(short_int, short, int, MPI_SHORT_INT);
    PAIR_TEST(ldouble_int, long double, int, MPI_LONG_DOUBLE_INT);
    PAIR_TEST(two_real, float, float, MPI_2REAL);
    PAIR_TEST(two_double, double, double, MPI_2DOUBLE_PRECISION);
    PAIR_TEST(two_int, int, int, MPI_2INTEGER);
}

/* ---- a non-commutative operation --------------------------------------- */

/* Affine maps x -> a*x + b (mod P) as MPI_2INT; combining composes them,
 * lower rank first: associative, not commutative. */
#define P 1000003
typedef struct {
    int a, b;
} affine;

static affine compose(affine lo, affine hi)
{
    affine r = {(int)((long long)hi.a * lo.a % P),
                (int)(((long long)hi.a * lo.b + hi.b) % P)};
    return r;
}

static void affine_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    affine *x = in, *y = inout;
    for (int i = 0; i < *len; i++)
        y[i] = compose(x[i], y[i]);
}

static affine aval(int r, int i)
{
    affine v = {(r * 7 + i * 3) % 1000 + 2, (r * 13 + i) % 1000};
    return v;
}

static affine afold(int lo, int hi, int i) /* ranks [lo, hi] */
{
    affine acc = aval(lo, i);
    for (int r = lo + 1; r <= hi; r++)
        acc = compose(acc, aval(r, i));
    return acc;
}

static int aeq(affine x, affine y)
{
    return x.a == y.a && x.b == y.b;
}

static void test_noncommutative(int count)
{
    MPI_Op op;
    T_OK(MPI_Op_create(affine_fn, 0, &op));
    int commute = 1;
    T_OK(MPI_Op_commutative(op, &commute));
    T_CHECK(!commute, "MPI_Op_commutative says commutative");
    size_t bytes = (size_t)(count ? count : 1) * size * sizeof(affine);
    affine *in = malloc(bytes), *out = malloc(bytes);
    for (int i = 0; i < count * size; i++)
        in[i] = aval(rank, i);

    T_OK(MPI_Allreduce(in, out, count, MPI_2INT, op, MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(aeq(out[i], afold(0, size - 1, i)),
                "non-commutative allreduce, count %d, [%d]", count, i);
    /* In place. */
    memcpy(out, in, (size_t)count * sizeof(affine));
    T_OK(MPI_Allreduce(MPI_IN_PLACE, out, count, MPI_2INT, op,
                       MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(aeq(out[i], afold(0, size - 1, i)),
                "non-commutative in-place allreduce [%d]", i);
    for (int root = 0; root < size; root += size > 2 ? size - 2 : 1) {
        memset(out, 0, bytes);
        T_OK(MPI_Reduce(in, out, count, MPI_2INT, op, root,
                        MPI_COMM_WORLD));
        if (rank == root)
            for (int i = 0; i < count; i++)
                T_CHECK(aeq(out[i], afold(0, size - 1, i)),
                        "non-commutative reduce root %d [%d]", root, i);
    }
    T_OK(MPI_Scan(in, out, count, MPI_2INT, op, MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(aeq(out[i], afold(0, rank, i)), "non-commutative scan [%d]",
                i);
    memcpy(out, in, (size_t)count * sizeof(affine));
    T_OK(MPI_Exscan(MPI_IN_PLACE, out, count, MPI_2INT, op,
                    MPI_COMM_WORLD));
    if (rank > 0)
        for (int i = 0; i < count; i++)
            T_CHECK(aeq(out[i], afold(0, rank - 1, i)),
                    "non-commutative exscan [%d]", i);
    T_OK(MPI_Reduce_scatter_block(in, out, count, MPI_2INT, op,
                                  MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(aeq(out[i], afold(0, size - 1, rank * count + i)),
                "non-commutative reduce_scatter_block [%d]", i);
    /* Uneven blocks: rank r gets r % 3 * count / 2 elements. */
    int *cnts = malloc((size_t)size * sizeof *cnts), off = 0;
    for (int r = 0; r < size; r++) {
        cnts[r] = r % 3 * count / 2;
        if (r < rank)
            off += cnts[r];
    }
    T_OK(MPI_Reduce_scatter(in, out, cnts, MPI_2INT, op, MPI_COMM_WORLD));
    for (int i = 0; i < cnts[rank]; i++)
        T_CHECK(aeq(out[i], afold(0, size - 1, off + i)),
                "non-commutative reduce_scatter [%d]", i);
    free(cnts);
    free(in);
    free(out);
    T_OK(MPI_Op_free(&op));
    T_CHECK(op == MPI_OP_NULL, "MPI_Op_free did not reset the handle");
}

/* ---- sums of all sizes, every root, in place ------------------------------ */

static int ival(int r, int i)
{
    return (r * 37 + i * 11) % 97 - 40;
}

static long long isum(int i)
{
    long long s = 0;
    for (int r = 0; r < size; r++)
        s += ival(r, i);
    return s;
}

static void test_sizes(int count)
{
    size_t bytes = (size_t)(count ? count : 1) * size * sizeof(double);
    int *in = malloc(bytes), *out = malloc(bytes);
    double *din = malloc(bytes), *dout = malloc(bytes);
    for (int i = 0; i < count * size; i++) {
        in[i] = ival(rank, i);
        din[i] = ival(rank, i);
    }
    T_OK(MPI_Allreduce(in, out, count, MPI_INT, MPI_SUM, MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(out[i] == isum(i), "allreduce count %d [%d]: %d vs %lld",
                count, i, out[i], isum(i));
    memcpy(dout, din, (size_t)count * sizeof(double));
    T_OK(MPI_Allreduce(MPI_IN_PLACE, dout, count, MPI_DOUBLE, MPI_SUM,
                       MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(dout[i] == (double)isum(i), "in-place allreduce count %d [%d]",
                count, i);
    T_OK(MPI_Allreduce(din, dout, count, MPI_DOUBLE, MPI_MAX,
                       MPI_COMM_WORLD));
    for (int i = 0; i < count; i++) {
        int m = ival(0, i);
        for (int r = 1; r < size; r++)
            m = ival(r, i) > m ? ival(r, i) : m;
        T_CHECK(dout[i] == m, "allreduce MAX count %d [%d]", count, i);
    }
    for (int root = 0; root < size; root++) {
        memset(out, 0x55, (size_t)count * sizeof(int));
        if (rank == root && root % 2) {
            memcpy(out, in, (size_t)count * sizeof(int));
            T_OK(MPI_Reduce(MPI_IN_PLACE, out, count, MPI_INT, MPI_SUM, root,
                            MPI_COMM_WORLD));
        } else {
            T_OK(MPI_Reduce(in, out, count, MPI_INT, MPI_SUM, root,
                            MPI_COMM_WORLD));
        }
        if (rank == root)
            for (int i = 0; i < count; i++)
                T_CHECK(out[i] == isum(i), "reduce root %d count %d [%d]",
                        root, count, i);
        if (size > 4 && root == 1)
            root = size - 3; /* a few roots are enough on many ranks */
    }
    T_OK(MPI_Scan(in, out, count, MPI_INT, MPI_SUM, MPI_COMM_WORLD));
    for (int i = 0; i < count; i++) {
        long long s = 0;
        for (int r = 0; r <= rank; r++)
            s += ival(r, i);
        T_CHECK(out[i] == s, "scan count %d [%d]", count, i);
    }
    memset(out, 0x55, (size_t)count * sizeof(int));
    T_OK(MPI_Exscan(in, out, count, MPI_INT, MPI_SUM, MPI_COMM_WORLD));
    for (int i = 0; rank > 0 && i < count; i++) {
        long long s = 0;
        for (int r = 0; r < rank; r++)
            s += ival(r, i);
        T_CHECK(out[i] == s, "exscan count %d [%d]", count, i);
    }
    /* Reduce_scatter_block over size blocks of count; then in place. */
    T_OK(MPI_Reduce_scatter_block(in, out, count, MPI_INT, MPI_SUM,
                                  MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(out[i] == isum(rank * count + i),
                "reduce_scatter_block count %d [%d]", count, i);
    memcpy(out, in, (size_t)count * size * sizeof(int));
    T_OK(MPI_Reduce_scatter_block(MPI_IN_PLACE, out, count, MPI_INT, MPI_SUM,
                                  MPI_COMM_WORLD));
    for (int i = 0; i < count; i++)
        T_CHECK(out[i] == isum(rank * count + i),
                "in-place reduce_scatter_block count %d [%d]", count, i);
    int *cnts = malloc((size_t)size * sizeof *cnts), off = 0;
    for (int r = 0; r < size; r++) {
        cnts[r] = (r + 1) % 3 * count / 2;
        if (r < rank)
            off += cnts[r];
    }
    T_OK(MPI_Reduce_scatter(in, out, cnts, MPI_INT, MPI_SUM,
                            MPI_COMM_WORLD));
    for (int i = 0; i < cnts[rank]; i++)
        T_CHECK(out[i] == isum(off + i), "reduce_scatter count %d [%d]",
                count, i);
    /* Bcast from every root. */
    for (int root = 0; root < size; root++) {
        for (int i = 0; i < count; i++)
            out[i] = rank == root ? ival(root, i) : -1;
        T_OK(MPI_Bcast(out, count, MPI_INT, root, MPI_COMM_WORLD));
        for (int i = 0; i < count; i++)
            T_CHECK(out[i] == ival(root, i), "bcast root %d count %d [%d]",
                    root, count, i);
        if (size > 4 && root == 1)
            root = size - 3;
    }
    free(cnts);
    free(in);
    free(out);
    free(din);
    free(dout);
}

/* Value-index pairs are not contiguous (padding): the packed path. */
static void test_padded(int count)
{
    typedef struct {
        double v;
        int i;
    } di;
    di *in = calloc((size_t)count + 1, sizeof *in);
    di *out = calloc((size_t)count + 1, sizeof *out);
    for (int k = 0; k < count; k++) {
        in[k].v = (rank * 3 + k) % 7;
        in[k].i = rank;
    }
    T_OK(MPI_Allreduce(in, out, count, MPI_DOUBLE_INT, MPI_MAXLOC,
                       MPI_COMM_WORLD));
    for (int k = 0; k < count; k++) {
        int best = 0;
        for (int r = 1; r < size; r++)
            if ((r * 3 + k) % 7 > (best * 3 + k) % 7)
                best = r;
        T_CHECK(out[k].v == (best * 3 + k) % 7 && out[k].i == best,
                "MAXLOC count %d [%d]", count, k);
    }
    for (int root = 0; root < size; root += 2) {
        for (int k = 0; k < count; k++) {
            out[k].v = rank == root ? k * 0.5 : -1;
            out[k].i = rank == root ? k : -1;
        }
        T_OK(MPI_Bcast(out, count, MPI_DOUBLE_INT, root, MPI_COMM_WORLD));
        for (int k = 0; k < count; k++)
            T_CHECK(out[k].v == k * 0.5 && out[k].i == k,
                    "bcast of pairs count %d [%d]", count, k);
    }
    free(in);
    free(out);
}

static void test_reduce_local(void)
{
    int a[4] = {1, 2, 3, 4}, b[4] = {10, 20, 30, 40};
    T_OK(MPI_Reduce_local(a, b, 4, MPI_INT, MPI_SUM));
    T_CHECK(b[0] == 11 && b[3] == 44, "Reduce_local SUM");
    T_ERRCLASS(MPI_Reduce_local(a, b, 4, MPI_INT, MPI_MAXLOC), MPI_ERR_OP);
    affine x[1] = {{2, 3}}, y[1] = {{5, 7}};
    MPI_Op op;
    T_OK(MPI_Op_create(affine_fn, 0, &op));
    T_OK(MPI_Reduce_local(x, y, 1, MPI_2INT, op));
    T_CHECK(aeq(y[0], compose(x[0], (affine){5, 7})), "Reduce_local user");
    T_OK(MPI_Op_free(&op));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
        for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
            test_op_type(&types[t], ops[o].op, ops[o].name);
    test_pairs();
    test_reduce_local();
    static const int counts[] = {0, 1, 3, 17, 1000, 20000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        test_sizes(counts[c]);
        test_noncommutative(counts[c] / 4);
        test_padded(counts[c] / 8);
    }
    return t_finish("coll_reduce");
}
