/* Unit tests of reduction operations: which (operation, type) pairs
 * exist, the kernels on packed data (pairs without padding, wrapping
 * integers), MPI_REPLACE and MPI_NO_OP, and user functions on contiguous
 * and non-contiguous datatypes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <complex.h>
#include <limits.h>

#include <cmocka.h>

#include "core/datatype.h"
#include "core/op.h"

static struct ft_datatype *T(enum ft_basic b)
{
    return ft_dt_basic_type(b);
}

/* count blocks of one int, stride ints apart (hand-built). */
static struct ft_datatype *vector(size_t count, size_t stride)
{
    struct ft_datatype *t = calloc(1, sizeof *t);
    t->refcount = 1;
    t->runs = malloc(sizeof *t->runs);
    t->runs[0] = (struct ft_dt_run){0, sizeof(int), count,
                                    (ptrdiff_t)(stride * sizeof(int))};
    t->nruns = 1;
    t->lb = t->true_lb = 0;
    t->ub = t->true_ub = (ptrdiff_t)(((count - 1) * stride + 1) * sizeof(int));
    t->basic = FT_B_INT;
    t->nbasic = count;
    assert_int_equal(ft_dt_finish(t), 0);
    return t;
}

static void valid_pairs(void **state)
{
    (void)state;
    assert_true(ft_op_valid(MPI_SUM, T(FT_B_INT)));
    assert_true(ft_op_valid(MPI_PROD, T(FT_B_CDOUBLE)));
    assert_true(ft_op_valid(MPI_BAND, T(FT_B_BYTE)));
    assert_true(ft_op_valid(MPI_LXOR, T(FT_B_BOOL)));
    assert_true(ft_op_valid(MPI_LAND, T(FT_B_LOGICAL)));
    assert_true(ft_op_valid(MPI_MAX, T(FT_B_AINT)));
    assert_true(ft_op_valid(MPI_MAXLOC, T(FT_B_DOUBLE_INT)));
    assert_true(ft_op_valid(MPI_MINLOC, T(FT_B_2REAL)));
    /* MPI_CHAR reduces as a C integer, as in Open MPI and MPICH. */
    assert_true(ft_op_valid(MPI_SUM, T(FT_B_CHAR)));
    assert_false(ft_op_valid(MPI_SUM, T(FT_B_BYTE)));
    assert_false(ft_op_valid(MPI_SUM, T(FT_B_WCHAR)));
    assert_false(ft_op_valid(MPI_SUM, T(FT_B_BOOL)));
    assert_false(ft_op_valid(MPI_BAND, T(FT_B_FLOAT)));
    assert_false(ft_op_valid(MPI_LAND, T(FT_B_DOUBLE)));
    assert_false(ft_op_valid(MPI_LAND, T(FT_B_BYTE)));
    assert_false(ft_op_valid(MPI_LXOR, T(FT_B_INTEGER)));
    assert_false(ft_op_valid(MPI_LOR, T(FT_B_COUNT)));
    assert_false(ft_op_valid(MPI_MAX, T(FT_B_CFLOAT)));
    assert_false(ft_op_valid(MPI_MAXLOC, T(FT_B_INT)));
    assert_false(ft_op_valid(MPI_MIN, T(FT_B_2INT)));
    assert_false(ft_op_valid(MPI_SUM, T(FT_B_PACKED)));
    assert_true(ft_op_valid(MPI_REPLACE, T(FT_B_CHAR)));
    assert_true(ft_op_valid(MPI_NO_OP, T(FT_B_DOUBLE_INT)));
    struct ft_datatype *v = vector(3, 2);
    assert_true(ft_op_valid(MPI_SUM, v));
    assert_false(ft_op_valid(MPI_MAXLOC, v));
    ft_dt_destroy(v);
}

static void kernels(void **state)
{
    (void)state;
    int a[3] = {1, INT_MAX, -5}, b[3] = {10, 1, 7};
    assert_int_equal(ft_op_apply(MPI_SUM, T(FT_B_INT), a, b, 3), 0);
    assert_int_equal(b[0], 11);
    assert_int_equal(b[1], INT_MIN); /* wraps, no undefined behaviour */
    assert_int_equal(b[2], 2);
    double x[2] = {1.5, -2}, y[2] = {4, 3};
    ft_op_apply(MPI_PROD, T(FT_B_DOUBLE), x, y, 2);
    assert_true(y[0] == 6 && y[1] == -6);
    unsigned char u[2] = {200, 3}, v[2] = {100, 9};
    ft_op_apply(MPI_MAX, T(FT_B_UCHAR), u, v, 2);
    assert_true(v[0] == 200 && v[1] == 9);
    uint64_t p = 0xf0f0, q = 0xff00;
    ft_op_apply(MPI_BXOR, T(FT_B_UINT64), &p, &q, 1);
    assert_true(q == 0x0ff0);
    _Bool l[2] = {1, 1}, m[2] = {0, 1};
    ft_op_apply(MPI_LXOR, T(FT_B_BOOL), l, m, 2);
    assert_true(m[0] == 1 && m[1] == 0);
    double _Complex c = 1 + 2 * _Complex_I, d = 3 - 1 * _Complex_I;
    ft_op_apply(MPI_PROD, T(FT_B_CDOUBLE), &c, &d, 1);
    assert_true(d == (1 + 2 * _Complex_I) * (3 - 1 * _Complex_I));
}

/* MPI_DOUBLE_INT packed is 12 bytes: value then index, no padding. */
static void pack_di(char *buf, int k, double v, int i)
{
    memcpy(buf + k * 12, &v, 8);
    memcpy(buf + k * 12 + 8, &i, 4);
}

static void maxloc_packed(void **state)
{
    (void)state;
    char in[36], io[36];
    pack_di(in, 0, 5, 3);
    pack_di(io, 0, 2, 1); /* in wins */
    pack_di(in, 1, 4, 7);
    pack_di(io, 1, 4, 2); /* tie: lower index */
    pack_di(in, 2, 1, 0);
    pack_di(io, 2, 9, 9); /* io stays */
    assert_int_equal(T(FT_B_DOUBLE_INT)->size, 12);
    ft_op_apply(MPI_MAXLOC, T(FT_B_DOUBLE_INT), in, io, 3);
    double v;
    int i;
    memcpy(&v, io, 8), memcpy(&i, io + 8, 4);
    assert_true(v == 5 && i == 3);
    memcpy(&v, io + 12, 8), memcpy(&i, io + 20, 4);
    assert_true(v == 4 && i == 2);
    memcpy(&v, io + 24, 8), memcpy(&i, io + 32, 4);
    assert_true(v == 9 && i == 9);
    int two[4] = {3, 8, 3, 1}, other[4] = {3, 2, 1, 0};
    ft_op_apply(MPI_MINLOC, T(FT_B_2INT), two, other, 2);
    assert_true(other[0] == 3 && other[1] == 2); /* tie: lower index */
    assert_true(other[2] == 1 && other[3] == 0);
}

static void replace_no_op(void **state)
{
    (void)state;
    char a[3] = {1, 2, 3}, b[3] = {7, 8, 9};
    assert_false(((struct ft_op *)MPI_REPLACE)->commute);
    ft_op_apply(MPI_NO_OP, T(FT_B_CHAR), a, b, 3);
    assert_true(b[0] == 7 && b[2] == 9);
    ft_op_apply(MPI_REPLACE, T(FT_B_CHAR), a, b, 3);
    assert_true(b[0] == 1 && b[2] == 3);
}

static int calls, seen_len, seen_gap;

/* Adds, and checks it sees the datatype's layout (gaps hold -1). */
static void user_sum(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    calls++;
    seen_len = *len;
    int *x = in, *y = inout;
    struct ft_datatype *t = *dt;
    size_t per = (size_t)(t->ub - t->lb) / sizeof(int); /* ints per elem */
    for (int e = 0; e < *len; e++) {
        for (size_t k = 0; k < t->nbasic; k++) {
            size_t idx = e * per + k * 2;
            y[idx] += x[idx];
        }
    }
    seen_gap = per > 1 ? 1 : 0;
}

static void user_ops(void **state)
{
    (void)state;
    struct ft_op *op = ft_op_new(user_sum, true);
    assert_non_null(op);
    assert_int_equal(op->refcount, 1);
    ft_op_retain(op);
    ft_op_release(op);
    /* Non-contiguous: 2 elements of (int, gap, int), packed 4 ints. */
    struct ft_datatype *v = vector(2, 2);
    int in[4] = {1, 2, 3, 4}, io[4] = {10, 20, 30, 40};
    calls = 0;
    assert_int_equal(ft_op_apply(op, v, in, io, 2), 0);
    assert_int_equal(calls, 1);
    assert_int_equal(seen_len, 2);
    assert_true(io[0] == 11 && io[1] == 22 && io[2] == 33 && io[3] == 44);
    /* The predefined SUM on the same type works on the packed ints. */
    ft_op_apply(MPI_SUM, v, in, io, 2);
    assert_true(io[0] == 12 && io[3] == 48);
    ft_dt_destroy(v);
    ft_op_release(op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_pairs),   cmocka_unit_test(kernels),
        cmocka_unit_test(maxloc_packed), cmocka_unit_test(replace_no_op),
        cmocka_unit_test(user_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
