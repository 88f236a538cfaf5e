/* Unit tests of datatypes: every constructor's layout (runs, bounds, true
 * bounds, size, envelope), folding, packing and unpacking from any offset
 * (checked against a reference that walks the envelope byte by byte, on
 * random nested types too), counting basic elements of partial elements,
 * external32, and the attribute module. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mpi.h>

#include "core/attr.h"
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

/* ---- building types ---------------------------------------------------- */

#define T(name) ft_dt_basic_type(FT_B_##name)

static struct ft_datatype *mk(int combiner, int ni, const int *ints, int na,
                              const ptrdiff_t *aints, int nt,
                              struct ft_datatype *const *types)
{
    struct ft_datatype *t = NULL;
    assert_int_equal(ft_dt_create(combiner, ni, ints, na, aints, nt, types,
                                  &t),
                     0);
    return t;
}

static struct ft_datatype *contiguous(int n, struct ft_datatype *old)
{
    return mk(MPI_COMBINER_CONTIGUOUS, 1, &n, 0, NULL, 1, &old);
}

static struct ft_datatype *vec(int count, int bl, int stride,
                               struct ft_datatype *old)
{
    int i[3] = {count, bl, stride};
    return mk(MPI_COMBINER_VECTOR, 3, i, 0, NULL, 1, &old);
}

static struct ft_datatype *hvec(int count, int bl, ptrdiff_t stride,
                                struct ft_datatype *old)
{
    int i[2] = {count, bl};
    return mk(MPI_COMBINER_HVECTOR, 2, i, 1, &stride, 1, &old);
}

static struct ft_datatype *resized(struct ft_datatype *old, ptrdiff_t lb,
                                   ptrdiff_t ext)
{
    ptrdiff_t a[2] = {lb, ext};
    return mk(MPI_COMBINER_RESIZED, 0, NULL, 2, a, 1, &old);
}

static struct ft_datatype *structure(int n, const int *bl, const ptrdiff_t *d,
                                     struct ft_datatype *const *types)
{
    int ints[16];
    ints[0] = n;
    memcpy(ints + 1, bl, (size_t)n * sizeof(int));
    return mk(MPI_COMBINER_STRUCT, n + 1, ints, n, d, n, types);
}

static void check_run(const struct ft_datatype *t, size_t i, ptrdiff_t disp,
                      size_t len, size_t count, ptrdiff_t stride)
{
    assert_true(i < t->nruns);
    assert_int_equal(t->runs[i].disp, disp);
    assert_int_equal(t->runs[i].len, len);
    assert_int_equal(t->runs[i].count, count);
    if (count > 1)
        assert_int_equal(t->runs[i].stride, stride);
}

static void check_bounds(const struct ft_datatype *t, ptrdiff_t lb,
                         ptrdiff_t ub, ptrdiff_t tlb, ptrdiff_t tub)
{
    assert_int_equal(t->lb, lb);
    assert_int_equal(t->ub, ub);
    assert_int_equal(t->true_lb, tlb);
    assert_int_equal(t->true_ub, tub);
}

/* ---- a reference: the typemap, walked from the envelope ---------------- */

/* Byte offsets of the packed stream of one element, and the lengths of its
 * basic elements, in typemap order. */
struct tmap {
    ptrdiff_t *byte;
    size_t nbytes, capb;
    size_t *elem;
    size_t nelems, cape;
};

static void tmap_leaf(struct tmap *m, ptrdiff_t disp, size_t len,
                      size_t nbasic)
{
    if (m->nbytes + len > m->capb) {
        m->capb = 2 * (m->nbytes + len) + 64;
        m->byte = realloc(m->byte, m->capb * sizeof *m->byte);
    }
    for (size_t k = 0; k < len; k++)
        m->byte[m->nbytes++] = disp + (ptrdiff_t)k;
    if (m->nelems + nbasic > m->cape) {
        m->cape = 2 * (m->nelems + nbasic) + 64;
        m->elem = realloc(m->elem, m->cape * sizeof *m->elem);
    }
    for (size_t k = 0; k < nbasic; k++)
        m->elem[m->nelems++] = len / nbasic;
}

static ptrdiff_t ext(const struct ft_datatype *t)
{
    return t->ub - t->lb;
}

static void ref_walk(const struct ft_datatype *t, ptrdiff_t base,
                     struct tmap *m)
{
    const int *I = t->ints;
    const ptrdiff_t *A = t->aints;
    struct ft_datatype *o = t->ntypes ? t->types[0] : NULL;
    switch (t->combiner) {
    case MPI_COMBINER_NAMED:
        /* Pairs are two runs, one basic element each; MPI_2INT and its
         * kin are one run of two. */
        for (size_t r = 0; r < t->nruns; r++)
            tmap_leaf(m, base + t->runs[r].disp, t->runs[r].len,
                      t->nruns == t->nbasic ? 1 : t->nbasic);
        break;
    case MPI_COMBINER_DUP:
    case MPI_COMBINER_RESIZED:
        ref_walk(o, base, m);
        break;
    case MPI_COMBINER_CONTIGUOUS:
        for (int i = 0; i < I[0]; i++)
            ref_walk(o, base + i * ext(o), m);
        break;
    case MPI_COMBINER_VECTOR:
    case MPI_COMBINER_HVECTOR:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1]; j++)
                ref_walk(o,
                         base + j * ext(o) +
                             i * (t->combiner == MPI_COMBINER_VECTOR
                                      ? I[2] * ext(o)
                                      : A[0]),
                         m);
        break;
    case MPI_COMBINER_INDEXED:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1 + i]; j++)
                ref_walk(o, base + (I[1 + I[0] + i] + j) * ext(o), m);
        break;
    case MPI_COMBINER_HINDEXED:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1 + i]; j++)
                ref_walk(o, base + A[i] + j * ext(o), m);
        break;
    case MPI_COMBINER_INDEXED_BLOCK:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1]; j++)
                ref_walk(o, base + (I[2 + i] + j) * ext(o), m);
        break;
    case MPI_COMBINER_HINDEXED_BLOCK:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1]; j++)
                ref_walk(o, base + A[i] + j * ext(o), m);
        break;
    case MPI_COMBINER_STRUCT:
        for (int i = 0; i < I[0]; i++)
            for (int j = 0; j < I[1 + i]; j++)
                ref_walk(t->types[i], base + A[i] + j * ext(t->types[i]), m);
        break;
    case MPI_COMBINER_SUBARRAY: {
        int nd = I[0], order = I[1 + 3 * nd];
        const int *sz = I + 1, *sub = I + 1 + nd, *st = I + 1 + 2 * nd;
        int idx[8] = {0};
        for (;;) {
            /* Offset of idx in the full array, slowest dimension first. */
            ptrdiff_t off = 0;
            for (int k = 0; k < nd; k++) {
                int d = order == MPI_ORDER_C ? k : nd - 1 - k;
                off = off * sz[d] + st[d] + idx[d];
            }
            ref_walk(o, base + off * ext(o), m);
            int k = 0;
            for (; k < nd; k++) {
                int d = order == MPI_ORDER_C ? nd - 1 - k : k;
                if (++idx[d] < sub[d])
                    break;
                idx[d] = 0;
            }
            if (k == nd)
                break;
        }
        break;
    }
    default:
        fail();
    }
}

/* Checks dt's engine against the reference for count elements: size,
 * true bounds, packing and unpacking from every offset (pieces of several
 * lengths), iovecs, and element counts of every prefix. */
static void check_against_reference(const struct ft_datatype *dt,
                                    size_t count)
{
    struct tmap m = {0};
    for (size_t e = 0; e < count; e++)
        ref_walk(dt, (ptrdiff_t)e * ext(dt), &m);
    struct tmap one = {0};
    ref_walk(dt, 0, &one);
    assert_int_equal(one.nbytes, dt->size);
    assert_int_equal(one.nelems, dt->nbasic);
    if (one.nbytes) {
        ptrdiff_t lo = PTRDIFF_MAX, hi = PTRDIFF_MIN;
        for (size_t k = 0; k < one.nbytes; k++) {
            lo = one.byte[k] < lo ? one.byte[k] : lo;
            hi = one.byte[k] + 1 > hi ? one.byte[k] + 1 : hi;
        }
        assert_int_equal(dt->true_lb, lo);
        assert_int_equal(dt->true_ub, hi);
    }
    size_t total = m.nbytes;
    assert_int_equal(total, count * dt->size);
    ptrdiff_t lo = 0, hi = 1;
    for (size_t k = 0; k < total; k++) {
        lo = m.byte[k] < lo ? m.byte[k] : lo;
        hi = m.byte[k] + 1 > hi ? m.byte[k] + 1 : hi;
    }
    size_t span = (size_t)(hi - lo);
    unsigned char *mem = malloc(span), *back = malloc(span),
                  *expect = malloc(span);
    unsigned char *buf = mem - lo; /* buf + byte is inside mem */
    unsigned char *stream = malloc(total + 1), *out = malloc(total + 1);
    for (size_t k = 0; k < span; k++)
        mem[k] = (unsigned char)(k * 7 + 3);
    for (size_t k = 0; k < total; k++)
        stream[k] = buf[m.byte[k]];
    /* Packing from every offset, with lengths 1, 3, 7, and all the rest. */
    size_t lens[] = {1, 3, 7, total};
    for (size_t off = 0; off <= total; off++)
        for (size_t l = 0; l < 4; l++) {
            size_t want = lens[l] < total - off ? lens[l] : total - off;
            assert_int_equal(ft_dt_pack(dt, buf, count, off, out, lens[l]),
                             want);
            assert_memory_equal(out, stream + off, want);
        }
    /* iovecs in batches of 2 describe the same bytes. */
    for (size_t off = 0; off < total;) {
        struct iovec iov[2];
        size_t bytes, got = 0;
        int n = ft_dt_iov(dt, buf, count, off, total - off, iov, 2, &bytes);
        assert_true(n > 0 && bytes > 0);
        for (int k = 0; k < n; k++) {
            assert_memory_equal(iov[k].iov_base, stream + off + got,
                                iov[k].iov_len);
            got += iov[k].iov_len;
        }
        assert_int_equal(got, bytes);
        off += bytes;
    }
    /* Unpacking a new stream in pieces of 5 (in order: overlapping layouts
     * then end like the reference). */
    for (size_t k = 0; k < total; k++)
        stream[k] = (unsigned char)(k * 13 + 1);
    memcpy(expect, mem, span);
    for (size_t k = 0; k < total; k++)
        expect[m.byte[k] - lo] = stream[k];
    memcpy(back, mem, span);
    unsigned char *bbuf = back - lo;
    for (size_t off = 0; off < total; off += 5)
        ft_dt_unpack(dt, bbuf, count, off, stream + off,
                     total - off < 5 ? total - off : 5);
    assert_memory_equal(back, expect, span);
    /* Basic elements in every prefix. */
    size_t pos = 0, e = 0;
    for (size_t b = 0; b <= total; b++) {
        while (e < m.nelems && pos + m.elem[e] <= b)
            pos += m.elem[e++];
        int64_t want = pos == b ? (int64_t)e : -1;
        assert_int_equal(ft_dt_elements(dt, b), want);
        if (want >= 0)
            assert_int_equal(ft_dt_elements_bytes(dt, (uint64_t)want),
                             pos);
    }
    free(mem);
    free(back);
    free(expect);
    free(stream);
    free(out);
    free(m.byte);
    free(m.elem);
    free(one.byte);
    free(one.elem);
}

/* ---- constructors ------------------------------------------------------ */

static void contiguous_is_one_run(void **state)
{
    (void)state;
    struct ft_datatype *t = contiguous(10000000, T(DOUBLE));
    assert_int_equal(t->nruns, 1);
    assert_true(ft_dt_contig(t));
    assert_int_equal(t->size, 80000000);
    check_bounds(t, 0, 80000000, 0, 80000000);
    assert_int_equal(t->basic, FT_B_DOUBLE);
    assert_int_equal(t->nbasic, 10000000);
    assert_int_equal(t->combiner, MPI_COMBINER_CONTIGUOUS);
    assert_int_equal(t->nints, 1);
    assert_int_equal(t->ints[0], 10000000);
    assert_ptr_equal(t->types[0], T(DOUBLE));
    assert_false(t->flags & FT_DT_COMMITTED);
    ft_dt_release(t);
    /* Empty: no runs, no extent. */
    t = contiguous(0, T(INT));
    assert_int_equal(t->nruns, 0);
    assert_int_equal(t->size, 0);
    check_bounds(t, 0, 0, 0, 0);
    ft_dt_release(t);
}

static void vector_of_a_huge_count_is_one_run(void **state)
{
    (void)state;
    struct ft_datatype *t = vec(10000000, 1, 2, T(DOUBLE));
    assert_int_equal(t->nruns, 1);
    check_run(t, 0, 0, 8, 10000000, 16);
    check_bounds(t, 0, 9999999 * 16 + 8, 0, 9999999 * 16 + 8);
    assert_int_equal(t->size, 80000000);
    assert_false(ft_dt_contig(t));
    assert_int_equal(t->combiner, MPI_COMBINER_VECTOR);
    assert_int_equal(t->nints, 3);
    assert_int_equal(t->ints[2], 2);
    /* Packing from the middle finds its place without walking. */
    ft_dt_release(t);
    /* Blocks of 3 ints, 5 apart. */
    t = vec(4, 3, 5, T(INT));
    check_run(t, 0, 0, 12, 4, 20);
    check_bounds(t, 0, 72, 0, 72);
    check_against_reference(t, 3);
    ft_dt_release(t);
    /* A stride equal to the block: one contiguous block. */
    t = vec(4, 3, 3, T(INT));
    assert_true(ft_dt_contig(t));
    check_run(t, 0, 0, 48, 1, 48);
    ft_dt_release(t);
}

static void hvector_with_negative_stride(void **state)
{
    (void)state;
    struct ft_datatype *t = hvec(3, 2, -20, T(INT));
    check_run(t, 0, 0, 8, 3, -20);
    check_bounds(t, -40, 8, -40, 8);
    assert_int_equal(t->naints, 1);
    assert_int_equal(t->aints[0], -20);
    check_against_reference(t, 2);
    ft_dt_release(t);
}

static void indexed_layouts(void **state)
{
    (void)state;
    int ints[] = {3, 2, 1, 3, 0, 4, 5}; /* count, bl[3], disp[3] */
    struct ft_datatype *o = T(INT);
    struct ft_datatype *t = mk(MPI_COMBINER_INDEXED, 7, ints, 0, NULL, 1, &o);
    /* ints 0,1 then 4 then 5,6,7: the last two blocks touch. */
    assert_int_equal(t->nruns, 2);
    check_run(t, 0, 0, 8, 1, 8);
    check_run(t, 1, 16, 16, 1, 16);
    check_bounds(t, 0, 32, 0, 32);
    assert_int_equal(t->size, 24);
    check_against_reference(t, 3);
    ft_dt_release(t);
    /* hindexed, out of address order: typemap order is kept. */
    int hi[] = {2, 1, 2};
    ptrdiff_t hd[] = {40, 0};
    t = mk(MPI_COMBINER_HINDEXED, 3, hi, 2, hd, 1, &o);
    check_run(t, 0, 40, 4, 1, 4);
    check_run(t, 1, 0, 8, 1, 8);
    check_bounds(t, 0, 44, 0, 44);
    check_against_reference(t, 2);
    ft_dt_release(t);
    /* indexed_block, evenly spaced: one strided run. */
    int ib[] = {4, 2, 0, 3, 6, 9};
    t = mk(MPI_COMBINER_INDEXED_BLOCK, 6, ib, 0, NULL, 1, &o);
    assert_int_equal(t->nruns, 1);
    check_run(t, 0, 0, 8, 4, 12);
    check_against_reference(t, 2);
    ft_dt_release(t);
    /* hindexed_block with a zero-length block count. */
    int hb[] = {3, 1};
    ptrdiff_t hbd[] = {8, 0, 24};
    t = mk(MPI_COMBINER_HINDEXED_BLOCK, 2, hb, 3, hbd, 1, &o);
    check_bounds(t, 0, 28, 0, 28);
    assert_int_equal(t->nruns, 2); /* 8 then 0: one run of stride -8 */
    check_run(t, 0, 8, 4, 2, -8);
    check_against_reference(t, 2);
    ft_dt_release(t);
    /* Zero blocklengths leave no trace, not even in the bounds. */
    int z[] = {2, 0, 1, 100, 2};
    t = mk(MPI_COMBINER_INDEXED, 5, z, 0, NULL, 1, &o);
    check_bounds(t, 8, 12, 8, 12);
    ft_dt_release(t);
}

struct cd { char c; double d; };
struct dc { double d; char c; };
struct ics { int i; char c; short s; };

static void struct_extent_is_padded_like_c(void **state)
{
    (void)state;
    struct ft_datatype *ty[] = {T(CHAR), T(DOUBLE)};
    int bl[] = {1, 1};
    ptrdiff_t d[] = {offsetof(struct cd, c), offsetof(struct cd, d)};
    struct ft_datatype *t = structure(2, bl, d, ty);
    assert_int_equal(ft_dt_extent(t), sizeof(struct cd));
    assert_int_equal(t->size, 9);
    assert_int_equal(t->nruns, 2);
    assert_int_equal(t->basic, FT_B_NONE);
    assert_int_equal(t->nbasic, 2);
    assert_int_equal(t->align, _Alignof(double));
    assert_int_equal(t->true_ub, 16);
    check_against_reference(t, 4);
    ft_dt_release(t);

    struct ft_datatype *ty2[] = {T(DOUBLE), T(CHAR)};
    ptrdiff_t d2[] = {offsetof(struct dc, d), offsetof(struct dc, c)};
    t = structure(2, bl, d2, ty2);
    assert_int_equal(ft_dt_extent(t), sizeof(struct dc));
    check_bounds(t, 0, sizeof(struct dc), 0, 9);
    assert_int_equal(t->nruns, 1); /* double and char touch */
    check_against_reference(t, 3);
    /* An array of them is the C array. */
    struct ft_datatype *a = contiguous(5, t);
    assert_int_equal(ft_dt_extent(a), 5 * sizeof(struct dc));
    check_run(a, 0, 0, 9, 5, sizeof(struct dc));
    ft_dt_release(a);
    ft_dt_release(t);

    struct ft_datatype *ty3[] = {T(INT), T(CHAR), T(SHORT)};
    int bl3[] = {1, 1, 1};
    ptrdiff_t d3[] = {offsetof(struct ics, i), offsetof(struct ics, c),
                      offsetof(struct ics, s)};
    t = structure(3, bl3, d3, ty3);
    assert_int_equal(ft_dt_extent(t), sizeof(struct ics));
    assert_int_equal(t->combiner, MPI_COMBINER_STRUCT);
    assert_int_equal(t->nints, 4);
    assert_int_equal(t->naints, 3);
    assert_int_equal(t->ntypes, 3);
    assert_ptr_equal(t->types[2], T(SHORT));
    check_against_reference(t, 3);
    ft_dt_release(t);
}

static void struct_markers_set_bounds(void **state)
{
    (void)state;
    /* The standard's example: {(lb,-3), (int,0), (ub,6)}, extent 9. */
    struct ft_datatype *ty[] = {T(LB), T(INT), T(UB)};
    int bl[] = {1, 1, 1};
    ptrdiff_t d[] = {-3, 0, 6};
    struct ft_datatype *t = structure(3, bl, d, ty);
    check_bounds(t, -3, 6, 0, 4);
    assert_true(t->flags & FT_DT_STICKY_LB);
    assert_true(t->flags & FT_DT_STICKY_UB);
    assert_int_equal(t->size, 4);
    assert_int_equal(t->nbasic, 1);
    assert_int_equal(t->basic, FT_B_INT);
    /* Two of them: {(lb,-3), (int,0), (int,9), (ub,15)}. */
    struct ft_datatype *c = contiguous(2, t);
    check_bounds(c, -3, 15, 0, 13);
    check_run(c, 0, 0, 4, 2, 9);
    check_against_reference(c, 2);
    /* In a struct, the sticky bounds win over the data's, and no padding
     * is added: {(lb,-3+100), ...}. */
    struct ft_datatype *ty2[] = {T(DOUBLE), t};
    int bl2[] = {1, 1};
    ptrdiff_t d2[] = {0, 100};
    struct ft_datatype *s = structure(2, bl2, d2, ty2);
    check_bounds(s, 97, 106, 0, 104);
    ft_dt_release(s);
    ft_dt_release(c);
    ft_dt_release(t);
    /* Only an upper bound: the lower one is the data's; no padding. */
    struct ft_datatype *ty3[] = {T(DOUBLE), T(CHAR), T(UB)};
    ptrdiff_t d3[] = {0, 8, 12};
    t = structure(3, bl, d3, ty3);
    check_bounds(t, 0, 12, 0, 9);
    ft_dt_release(t);
    /* Nothing but markers. */
    struct ft_datatype *ty4[] = {T(LB), T(UB)};
    ptrdiff_t d4[] = {4, 20};
    t = structure(2, bl, d4, ty4);
    check_bounds(t, 4, 20, 4, 4);
    assert_int_equal(t->size, 0);
    ft_dt_release(t);
}

static void subarray_c_and_fortran(void **state)
{
    (void)state;
    struct ft_datatype *o = T(INT);
    /* ints: ndims, sizes, subsizes, starts, order */
    int c[] = {3, 4, 5, 6, 2, 3, 4, 1, 1, 2, MPI_ORDER_C};
    struct ft_datatype *t = mk(MPI_COMBINER_SUBARRAY, 11, c, 0, NULL, 1, &o);
    check_bounds(t, 0, 4 * 5 * 6 * 4, (1 * 30 + 1 * 6 + 2) * 4,
                 (2 * 30 + 3 * 6 + 6) * 4);
    assert_int_equal(t->size, 2 * 3 * 4 * 4);
    assert_int_equal(t->nruns, 2); /* one strided run per plane */
    check_run(t, 0, (30 + 6 + 2) * 4, 16, 3, 24);
    check_against_reference(t, 2);
    ft_dt_release(t);
    int f[] = {3, 4, 5, 6, 2, 3, 4, 1, 1, 2, MPI_ORDER_FORTRAN};
    t = mk(MPI_COMBINER_SUBARRAY, 11, f, 0, NULL, 1, &o);
    check_bounds(t, 0, 480, (2 * 20 + 1 * 4 + 1) * 4,
                 (5 * 20 + 3 * 4 + 3) * 4);
    check_against_reference(t, 2);
    ft_dt_release(t);
    /* The whole array is contiguous. */
    int w[] = {2, 3, 4, 3, 4, 0, 0, MPI_ORDER_C};
    t = mk(MPI_COMBINER_SUBARRAY, 8, w, 0, NULL, 1, &o);
    assert_true(ft_dt_contig(t));
    ft_dt_release(t);
}

static void resized_and_dup(void **state)
{
    (void)state;
    struct ft_datatype *r = resized(T(INT), 0, 12);
    check_bounds(r, 0, 12, 0, 4);
    assert_false(ft_dt_contig(r));
    assert_int_equal(r->naints, 2);
    struct ft_datatype *c = contiguous(3, r);
    check_run(c, 0, 0, 4, 3, 12);
    check_bounds(c, 0, 36, 0, 28);
    check_against_reference(c, 2);
    /* Resized keeps its bounds in a struct: no padding, no data bounds. */
    struct ft_datatype *ty[] = {r, T(CHAR)};
    int bl[] = {1, 1};
    ptrdiff_t d[] = {0, 40};
    struct ft_datatype *s = structure(2, bl, d, ty);
    check_bounds(s, 0, 12, 0, 41);
    ft_dt_release(s);
    ft_dt_release(c);
    /* A negative lower bound. */
    struct ft_datatype *n = resized(T(DOUBLE), -8, 24);
    check_bounds(n, -8, 16, 0, 8);
    check_against_reference(n, 3);
    ft_dt_release(n);
    /* Dup: same layout, committed state inherited. */
    r->flags |= FT_DT_COMMITTED;
    struct ft_datatype *u = mk(MPI_COMBINER_DUP, 0, NULL, 0, NULL, 1, &r);
    check_bounds(u, 0, 12, 0, 4);
    assert_true(u->flags & FT_DT_COMMITTED);
    assert_true(u->flags & FT_DT_STICKY_UB);
    assert_int_equal(u->combiner, MPI_COMBINER_DUP);
    assert_int_equal(u->refcount, 1);
    assert_int_equal(r->refcount, 2); /* u holds r */
    ft_dt_release(r);                 /* the user frees r: u keeps it */
    check_against_reference(u, 2);
    ft_dt_release(u);
}

static void nested_vector_of_struct_of_vector(void **state)
{
    (void)state;
    struct ft_datatype *inner = vec(3, 1, 2, T(SHORT)); /* shorts 0,2,4 */
    struct ft_datatype *ty[] = {T(DOUBLE), inner, T(CHAR)};
    int bl[] = {1, 2, 3};
    ptrdiff_t d[] = {0, 8, 40};
    struct ft_datatype *s = structure(3, bl, d, ty);
    assert_int_equal(ft_dt_extent(s), 48); /* 43 rounded to 8 */
    struct ft_datatype *v = vec(3, 2, 3, s);
    assert_int_equal(v->size, 3 * 2 * s->size);
    check_against_reference(v, 2);
    struct ft_datatype *h = hvec(2, 1, -1000, v);
    check_against_reference(h, 2);
    ft_dt_release(h);
    ft_dt_release(v);
    ft_dt_release(s);
    ft_dt_release(inner);
}

static void pairs_and_mixed_elements(void **state)
{
    (void)state;
    struct ft_datatype *di = T(DOUBLE_INT);
    assert_int_equal(ft_dt_elements(di, 8), 1);
    assert_int_equal(ft_dt_elements(di, 12), 2);
    assert_int_equal(ft_dt_elements(di, 10), -1);
    assert_int_equal(ft_dt_elements(di, 24), 4);
    assert_int_equal(ft_dt_elements_bytes(di, 3), 20);
    check_against_reference(di, 3);
    check_against_reference(T(2INT), 3);
    check_against_reference(T(SHORT_INT), 2);
    struct ft_datatype *ty[] = {T(INT), T(DOUBLE), T(2INT)};
    int bl[] = {2, 1, 1};
    ptrdiff_t d[] = {0, 8, 16};
    struct ft_datatype *s = structure(3, bl, d, ty);
    assert_int_equal(s->nbasic, 5);
    assert_int_equal(ft_dt_elements(s, 4), 1);
    assert_int_equal(ft_dt_elements(s, 16), 3);
    assert_int_equal(ft_dt_elements(s, 20), 4);
    assert_int_equal(ft_dt_elements(s, 24 + 4), 6);
    assert_int_equal(ft_dt_elements(s, 24 + 6), -1);
    check_against_reference(s, 3);
    ft_dt_release(s);
}

/* ---- random nested types against the reference ------------------------- */

static unsigned rnd_state;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

static struct ft_datatype *random_type(int depth)
{
    static const enum ft_basic leaves[] = {FT_B_INT, FT_B_DOUBLE, FT_B_CHAR,
                                           FT_B_SHORT, FT_B_DOUBLE_INT};
    if (depth == 0 || rnd(4) == 0) {
        struct ft_datatype *b = T(INT);
        b = ft_dt_basic_type(leaves[rnd(5)]);
        return b;
    }
    struct ft_datatype *o = random_type(depth - 1), *t = NULL;
    int n = 1 + (int)rnd(3);
    switch (rnd(10)) {
    case 0:
        t = contiguous(n, o);
        break;
    case 1:
        t = vec(n, (int)rnd(3), (int)rnd(9) - 3, o);
        break;
    case 2:
        t = hvec(n, 1 + (int)rnd(2), (ptrdiff_t)rnd(60) - 20, o);
        break;
    case 3: {
        int ints[7] = {n};
        for (int i = 0; i < n; i++) {
            ints[1 + i] = (int)rnd(3);
            ints[1 + n + i] = (int)rnd(10) - 3;
        }
        t = mk(MPI_COMBINER_INDEXED, 1 + 2 * n, ints, 0, NULL, 1, &o);
        break;
    }
    case 4: {
        int ints[4] = {n};
        ptrdiff_t d[3];
        for (int i = 0; i < n; i++) {
            ints[1 + i] = (int)rnd(3);
            d[i] = (ptrdiff_t)rnd(80) - 16;
        }
        t = mk(MPI_COMBINER_HINDEXED, 1 + n, ints, n, d, 1, &o);
        break;
    }
    case 5: {
        int ints[5] = {n, 1 + (int)rnd(2)};
        for (int i = 0; i < n; i++)
            ints[2 + i] = (int)rnd(12);
        t = mk(MPI_COMBINER_INDEXED_BLOCK, 2 + n, ints, 0, NULL, 1, &o);
        break;
    }
    case 6: {
        struct ft_datatype *ty[3] = {o, random_type(depth - 1),
                                     random_type(depth - 1)};
        int bl[3];
        ptrdiff_t d[3];
        for (int i = 0; i < n; i++) {
            bl[i] = (int)rnd(3);
            d[i] = (ptrdiff_t)rnd(64) - 8;
        }
        t = structure(n, bl, d, ty);
        for (int i = 1; i < 3; i++)
            ft_dt_release(ty[i]);
        break;
    }
    case 7:
        t = resized(o, (ptrdiff_t)rnd(16) - 8, 1 + (ptrdiff_t)rnd(40));
        break;
    case 8: {
        int nd = 1 + (int)rnd(3), ints[11];
        ints[0] = nd;
        for (int k = 0; k < nd; k++) {
            int sz = 1 + (int)rnd(4), sub = 1 + (int)rnd((unsigned)sz);
            ints[1 + k] = sz;
            ints[1 + nd + k] = sub;
            ints[1 + 2 * nd + k] = (int)rnd((unsigned)(sz - sub + 1));
        }
        ints[1 + 3 * nd] = rnd(2) ? MPI_ORDER_C : MPI_ORDER_FORTRAN;
        t = mk(MPI_COMBINER_SUBARRAY, 2 + 3 * nd, ints, 0, NULL, 1, &o);
        break;
    }
    default:
        t = mk(MPI_COMBINER_DUP, 0, NULL, 0, NULL, 1, &o);
        break;
    }
    ft_dt_release(o);
    return t;
}

static void random_nested_types(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 400; seed++) {
        rnd_state = seed;
        struct ft_datatype *t = random_type(3);
        check_against_reference(t, 1 + rnd(3));
        ft_dt_release(t);
    }
}

/* ---- external32 -------------------------------------------------------- */

static void external32_byte_order(void **state)
{
    (void)state;
    unsigned char out[64];
    int i = 0x01020304;
    assert_int_equal(ft_dt_pack_ext32(T(INT), &i, 1, out), 0);
    assert_memory_equal(out, "\x01\x02\x03\x04", 4);
    double d = 1.0;
    assert_int_equal(ft_dt_pack_ext32(T(DOUBLE), &d, 1, out), 0);
    assert_memory_equal(out, "\x3f\xf0\0\0\0\0\0\0", 8);
    long l = -2;
    size_t sz;
    assert_int_equal(ft_dt_ext32_size(T(LONG), &sz), 0);
    assert_int_equal(sz, 4);
    assert_int_equal(ft_dt_pack_ext32(T(LONG), &l, 1, out), 0);
    assert_memory_equal(out, "\xff\xff\xff\xfe", 4);
    long back = 0;
    assert_int_equal(ft_dt_unpack_ext32(T(LONG), &back, 1, out), 0);
    assert_int_equal(back, -2);
    if (sizeof(long) > 4) {
        long big = 1L << 40;
        assert_int_equal(ft_dt_pack_ext32(T(LONG), &big, 1, out), -ERANGE);
    }
    long double ld = 1.0L, ld2 = 0;
    assert_int_equal(ft_dt_pack_ext32(T(LDOUBLE), &ld, 1, out), 0);
    assert_memory_equal(out, "\x3f\xff\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    ld = -3.75L;
    assert_int_equal(ft_dt_pack_ext32(T(LDOUBLE), &ld, 1, out), 0);
    assert_int_equal(ft_dt_unpack_ext32(T(LDOUBLE), &ld2, 1, out), 0);
    assert_true(ld2 == -3.75L);
    _Bool bo = 1;
    assert_int_equal(ft_dt_pack_ext32(T(BOOL), &bo, 1, out), 0);
    assert_int_equal(out[0], 1);
    out[0] = 7;
    bo = 0;
    assert_int_equal(ft_dt_unpack_ext32(T(BOOL), &bo, 1, out), 0);
    assert_true(bo);
    double _Complex z = 1.0 + 2.0 * __extension__ 1.0i, z2 = 0;
    assert_int_equal(ft_dt_pack_ext32(T(CDOUBLE), &z, 1, out), 0);
    assert_memory_equal(out, "\x3f\xf0\0\0\0\0\0\0\x40\0\0\0\0\0\0\0", 16);
    assert_int_equal(ft_dt_unpack_ext32(T(CDOUBLE), &z2, 1, out), 0);
    assert_true(z2 == z);
}

static void external32_derived_round_trip(void **state)
{
    (void)state;
    /* struct { short s; long l; double d; } x 3, every other element. */
    struct sld { short s; long l; double d; } in[6], outv[6];
    struct ft_datatype *ty[] = {T(SHORT), T(LONG), T(DOUBLE)};
    int bl[] = {1, 1, 1};
    ptrdiff_t d[] = {offsetof(struct sld, s), offsetof(struct sld, l),
                     offsetof(struct sld, d)};
    struct ft_datatype *s = structure(3, bl, d, ty);
    struct ft_datatype *v = vec(3, 1, 2, s);
    size_t sz;
    assert_int_equal(ft_dt_ext32_size(v, &sz), 0);
    assert_int_equal(sz, 3 * (2 + 4 + 8));
    for (int k = 0; k < 6; k++)
        in[k] = (struct sld){(short)(k - 3), -1000L * k, k * 0.5};
    unsigned char buf[64];
    assert_int_equal(ft_dt_pack_ext32(v, in, 1, buf), 0);
    /* Element 1 of the vector is in[2]: short -1, long -2000, 1.0. */
    assert_memory_equal(buf + 14, "\xff\xff\xff\xff\xf8\x30\x3f\xf0", 8);
    memset(outv, 0, sizeof outv);
    assert_int_equal(ft_dt_unpack_ext32(v, outv, 1, buf), 0);
    for (int k = 0; k < 6; k += 2) {
        assert_int_equal(outv[k].s, in[k].s);
        assert_int_equal(outv[k].l, in[k].l);
        assert_true(outv[k].d == in[k].d);
    }
    assert_int_equal(outv[1].l, 0);
    ft_dt_release(v);
    ft_dt_release(s);
    /* Pairs: MPI_SHORT_INT is 2 + 4 bytes. */
    assert_int_equal(ft_dt_ext32_size(T(SHORT_INT), &sz), 0);
    assert_int_equal(sz, 6);
}

/* ---- attributes -------------------------------------------------------- */

static int deletes, copies, fail_delete;
static char trace[64];

static int del_fn(MPI_Datatype t, int k, void *val, void *extra)
{
    (void)t;
    (void)k;
    (void)extra;
    deletes++;
    size_t n = strlen(trace);
    trace[n] = (char)(intptr_t)val;
    trace[n + 1] = 0;
    return fail_delete ? MPI_ERR_OTHER : MPI_SUCCESS;
}

static int copy_fn(MPI_Datatype t, int k, void *extra, void *in, void *out,
                   int *flag)
{
    (void)t;
    (void)k;
    copies++;
    if (extra == (void *)1)
        return MPI_ERR_ARG; /* a failing copy */
    *(void **)out = in;
    *flag = 1;
    return MPI_SUCCESS;
}

static void attributes(void **state)
{
    (void)state;
    struct ft_attr_fns fns = {.kind = FT_ATTR_TYPE};
    fns.copy.type = copy_fn;
    fns.del.type = del_fn;
    int k1, k2;
    assert_int_equal(ft_attr_keyval_create(&fns, NULL, &k1), 0);
    assert_int_equal(ft_attr_keyval_create(&fns, NULL, &k2), 0);
    assert_true(k1 > FTMPI_KEYVAL_BUILTIN_LAST && k2 != k1);
    assert_true(ft_attr_keyval_valid(FT_ATTR_TYPE, k1));
    assert_false(ft_attr_keyval_valid(FT_ATTR_COMM, k1));
    struct ft_attr_list *l = NULL;
    int obj;
    void *v;
    bool found;
    assert_int_equal(ft_attr_get(l, FT_ATTR_TYPE, k1, &v, &found), 0);
    assert_false(found);
    assert_int_equal(ft_attr_set(&l, &obj, FT_ATTR_TYPE, k1, (void *)'a'), 0);
    assert_int_equal(ft_attr_set(&l, &obj, FT_ATTR_TYPE, k2, (void *)'b'), 0);
    /* Setting again deletes the old value first. */
    trace[0] = 0;
    assert_int_equal(ft_attr_set(&l, &obj, FT_ATTR_TYPE, k1, (void *)'c'), 0);
    assert_string_equal(trace, "a");
    assert_int_equal(ft_attr_get(l, FT_ATTR_TYPE, k1, &v, &found), 0);
    assert_true(found && v == (void *)'c');
    /* A failing delete keeps the attribute. */
    fail_delete = 1;
    assert_int_equal(ft_attr_delete(&l, &obj, FT_ATTR_TYPE, k2),
                     MPI_ERR_OTHER);
    assert_int_equal(ft_attr_get(l, FT_ATTR_TYPE, k2, &v, &found), 0);
    assert_true(found);
    fail_delete = 0;
    /* Copy, then free the keyval: the copies keep it alive. */
    struct ft_attr_list *l2 = NULL;
    copies = 0;
    assert_int_equal(ft_attr_copy_all(l, &obj, FT_ATTR_TYPE, &l2, &obj), 0);
    assert_int_equal(copies, 2);
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_TYPE, k1), 0);
    assert_false(ft_attr_keyval_valid(FT_ATTR_TYPE, k1));
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_TYPE, k1), -EINVAL);
    /* Deleting all: last set first. */
    trace[0] = 0;
    assert_int_equal(ft_attr_delete_all(&l, &obj, FT_ATTR_TYPE), 0);
    assert_string_equal(trace, "bc");
    trace[0] = 0;
    assert_int_equal(ft_attr_delete_all(&l2, &obj, FT_ATTR_TYPE), 0);
    assert_string_equal(trace, "bc");
    ft_attr_list_free(&l);
    ft_attr_list_free(&l2);
    /* A failing copy undoes the copies made before it. */
    int k3;
    assert_int_equal(ft_attr_keyval_create(&fns, (void *)1, &k3), 0);
    assert_int_equal(ft_attr_set(&l, &obj, FT_ATTR_TYPE, k2, (void *)'x'), 0);
    assert_int_equal(ft_attr_set(&l, &obj, FT_ATTR_TYPE, k3, (void *)'y'), 0);
    trace[0] = 0;
    assert_int_equal(ft_attr_copy_all(l, &obj, FT_ATTR_TYPE, &l2, &obj),
                     MPI_ERR_ARG);
    assert_null(l2);
    assert_string_equal(trace, "x"); /* the copy of k2, deleted again */
    ft_attr_list_free(&l);
    ft_attr_keyval_free(FT_ATTR_TYPE, k2);
    ft_attr_keyval_free(FT_ATTR_TYPE, k3);
    /* Freed ids are reused. */
    int k4;
    assert_int_equal(ft_attr_keyval_create(&fns, NULL, &k4), 0);
    assert_true(k4 == k1 || k4 == k2 || k4 == k3);
    ft_attr_keyval_free(FT_ATTR_TYPE, k4);
}

/* Types hold the types they were made of; attributes' delete callbacks
 * run when the last reference goes. */
static void lifetime(void **state)
{
    (void)state;
    struct ft_datatype *v = vec(2, 1, 2, T(INT));
    struct ft_datatype *c = contiguous(2, v);
    assert_int_equal(v->refcount, 2);
    ft_dt_release(v); /* the user's handle */
    assert_int_equal(v->refcount, 1);
    assert_int_equal(v->magic, 0x65707974u);
    struct ft_attr_fns fns = {.kind = FT_ATTR_TYPE};
    fns.del.type = del_fn;
    int k;
    assert_int_equal(ft_attr_keyval_create(&fns, NULL, &k), 0);
    assert_int_equal(ft_attr_set(&c->attrs, c, FT_ATTR_TYPE, k, (void *)'z'),
                     0);
    trace[0] = 0;
    ft_dt_release(c); /* frees c, then v */
    assert_string_equal(trace, "z");
    ft_attr_keyval_free(FT_ATTR_TYPE, k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(predefined_are_contiguous),
        cmocka_unit_test(pack_from_every_offset),
        cmocka_unit_test(iov_merges_adjacent),
        cmocka_unit_test(folding_makes_contiguous),
        cmocka_unit_test(contiguous_is_one_run),
        cmocka_unit_test(vector_of_a_huge_count_is_one_run),
        cmocka_unit_test(hvector_with_negative_stride),
        cmocka_unit_test(indexed_layouts),
        cmocka_unit_test(struct_extent_is_padded_like_c),
        cmocka_unit_test(struct_markers_set_bounds),
        cmocka_unit_test(subarray_c_and_fortran),
        cmocka_unit_test(resized_and_dup),
        cmocka_unit_test(nested_vector_of_struct_of_vector),
        cmocka_unit_test(pairs_and_mixed_elements),
        cmocka_unit_test(random_nested_types),
        cmocka_unit_test(external32_byte_order),
        cmocka_unit_test(external32_derived_round_trip),
        cmocka_unit_test(attributes),
        cmocka_unit_test(lifetime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
