/* Unit tests of the datatype engine: packing from any offset, unpacking,
 * iovecs, and the folding of runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/datatype.h"

/* A vector: count blocks of blen ints, stride ints apart (hand-built). */
static struct ft_datatype *vector(size_t count, size_t blen, size_t stride)
{
    struct ft_datatype *t = calloc(1, sizeof *t);
    t->refcount = 1;
    t->runs = malloc(sizeof *t->runs);
    t->runs[0] = (struct ft_dt_run){0, blen * sizeof(int), count,
                                    (ptrdiff_t)(stride * sizeof(int))};
    t->nruns = 1;
    t->lb = t->true_lb = 0;
    t->ub = t->true_ub =
        (ptrdiff_t)(((count - 1) * stride + blen) * sizeof(int));
    t->basic = FT_B_INT;
    assert_int_equal(ft_dt_finish(t), 0);
    return t;
}

static void predefined_are_contiguous(void **state)
{
    (void)state;
    struct ft_datatype *i = ft_dt_basic_type(FT_B_INT);
    assert_true(ft_dt_contig(i));
    assert_int_equal(i->size, sizeof(int));
    struct ft_datatype *di = ft_dt_basic_type(FT_B_DOUBLE_INT);
    assert_false(ft_dt_contig(di)); /* padding after the int */
    assert_int_equal(di->size, sizeof(double) + sizeof(int));
}

static void pack_from_every_offset(void **state)
{
    (void)state;
    struct ft_datatype *v = vector(5, 2, 3); /* ints 0,1, 3,4, 6,7, ... */
    assert_false(ft_dt_contig(v));
    int src[3 * 15], expect[3 * 10];
    for (int i = 0; i < 45; i++)
        src[i] = i;
    /* Three elements, each extent 14 ints... */
    size_t ext = ft_dt_extent(v) / sizeof(int);
    int n = 0;
    for (int e = 0; e < 3; e++)
        for (int b = 0; b < 5; b++)
            for (int k = 0; k < 2; k++)
                expect[n++] = (int)(e * ext) + b * 3 + k;
    size_t total = 3 * v->size;
    assert_int_equal(total, sizeof expect);
    /* Every start and every length gives the same bytes. */
    for (size_t off = 0; off < total; off += 4) {
        for (size_t len = 1; off + len <= total; len += 5) {
            char out[sizeof expect];
            assert_int_equal(ft_dt_pack(v, src, 3, off, out, len), len);
            assert_memory_equal(out, (char *)expect + off, len);
        }
    }
    /* Unpack in odd pieces puts everything back. */
    int dst[45];
    memset(dst, -1, sizeof dst);
    for (size_t off = 0; off < total; off += 7)
        ft_dt_unpack(v, dst, 3, off, (char *)expect + off,
                     total - off < 7 ? total - off : 7);
    for (int i = 0; i < n; i++)
        assert_int_equal(dst[expect[i]], expect[i]);
    assert_int_equal(dst[2], -1); /* gaps untouched */
    ft_dt_destroy(v);
}

static void iov_merges_adjacent(void **state)
{
    (void)state;
    struct ft_datatype *v = vector(4, 1, 2);
    int buf[16];
    struct iovec iov[8];
    size_t bytes;
    /* Blocks at ints 0,2,4,6 and 7,9,11,13: 6 and 7 touch and merge. */
    int n = ft_dt_iov(v, buf, 2, 0, 1000, iov, 8, &bytes);
    assert_int_equal(n, 7);
    assert_int_equal(bytes, 8 * sizeof(int));
    assert_ptr_equal(iov[1].iov_base, &buf[2]);
    /* Fewer iovecs than blocks: stops early and says how far it got. */
    n = ft_dt_iov(v, buf, 2, 0, 1000, iov, 3, &bytes);
    assert_int_equal(n, 3);
    assert_int_equal(bytes, 3 * sizeof(int));
    ft_dt_destroy(v);
}

static void folding_makes_contiguous(void **state)
{
    (void)state;
    /* A "vector" whose stride equals its block length is one block. */
    struct ft_datatype *v = vector(6, 2, 2);
    assert_true(ft_dt_contig(v));
    assert_int_equal(v->nruns, 1);
    ft_dt_destroy(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(predefined_are_contiguous),
        cmocka_unit_test(pack_from_every_offset),
        cmocka_unit_test(iov_merges_adjacent),
        cmocka_unit_test(folding_makes_contiguous),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
