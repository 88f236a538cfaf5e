/* Unit tests of MPI_Dims_create's arithmetic: balance, order, fixed
 * entries, impossible requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/topo.h"

static void check(int nnodes, int ndims, const int *in, const int *want)
{
    int dims[16];
    memcpy(dims, in, (size_t)ndims * sizeof *dims);
    assert_int_equal(ft_dims_create(nnodes, ndims, dims), 0);
    for (int i = 0; i < ndims; i++)
        if (dims[i] != want[i])
            fail_msg("nnodes %d, dim %d: %d, expected %d", nnodes, i,
                     dims[i], want[i]);
}

static void balanced_and_non_increasing(void **state)
{
    (void)state;
    check(6, 2, (int[]){0, 0}, (int[]){3, 2});
    check(7, 2, (int[]){0, 0}, (int[]){7, 1});
    check(12, 3, (int[]){0, 0, 0}, (int[]){3, 2, 2});
    check(16, 3, (int[]){0, 0, 0}, (int[]){4, 2, 2});
    check(32, 3, (int[]){0, 0, 0}, (int[]){4, 4, 2});
    check(36, 2, (int[]){0, 0}, (int[]){6, 6});
    check(64, 3, (int[]){0, 0, 0}, (int[]){4, 4, 4});
    check(1, 3, (int[]){0, 0, 0}, (int[]){1, 1, 1});
    check(24, 1, (int[]){0}, (int[]){24});
    check(30, 4, (int[]){0, 0, 0, 0}, (int[]){5, 3, 2, 1});
    check(1024, 2, (int[]){0, 0}, (int[]){32, 32});
    check(2 * 3 * 5 * 7 * 11 * 13, 3, (int[]){0, 0, 0},
          (int[]){35, 33, 26});
}

static void fixed_entries_are_kept(void **state)
{
    (void)state;
    check(12, 3, (int[]){0, 3, 0}, (int[]){2, 3, 2});
    check(24, 3, (int[]){2, 0, 0}, (int[]){2, 4, 3});
    check(8, 2, (int[]){2, 4}, (int[]){2, 4});
}

static void impossible(void **state)
{
    (void)state;
    int d[3] = {0, 5, 0};
    assert_int_equal(ft_dims_create(12, 3, d), -EINVAL);
    int e[2] = {3, 5};
    assert_int_equal(ft_dims_create(16, 2, e), -EINVAL);
    int f[2] = {4, 8};
    assert_int_equal(ft_dims_create(16, 2, f), -EINVAL);
    int g[2] = {100000, 0};
    assert_int_equal(ft_dims_create(7, 2, g), -EINVAL);
    assert_int_equal(ft_dims_create(1, 0, NULL), 0);
    assert_int_equal(ft_dims_create(5, 0, NULL), -EINVAL);
}

static void a_large_prime(void **state)
{
    (void)state;
    check(2147483647, 2, (int[]){0, 0}, (int[]){2147483647, 1});
    check(1 << 30, 2, (int[]){0, 0}, (int[]){32768, 32768});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(balanced_and_non_increasing),
        cmocka_unit_test(fixed_entries_are_kept),
        cmocka_unit_test(impossible),
        cmocka_unit_test(a_large_prime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
