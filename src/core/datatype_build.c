/*
 * datatype_build.c -- the type constructors (MPI 3.1 section 4.1): from a
 * type's envelope to its flattened runs, bounds, size and basic kind.
 *
 * Every constructor places copies of old types at shifts; a "family" is n
 * copies of one type at shift + j * step.  The runs of a family are made
 * by replicating the old runs, and a family of a type that is one block
 * (or one strided run that the step continues) stays one run however
 * large n is.  Bounds follow the standard's markers: a bound that was set
 * explicitly (MPI_LB/MPI_UB, resized, subarray) is "sticky" and, when any
 * copy has one, only sticky bounds count; otherwise the copies' own bounds
 * do.
 *
 * Struct extents are padded to the largest alignment of the basic types
 * in the struct, as a C compiler pads the struct, unless an explicit upper
 * bound was given (the standard's epsilon; MPICH and Open MPI do the same
 * for structs).  The other constructors add no padding: their extent is
 * spanned by the copies' extents, so a contiguous or vector type of a
 * struct has exactly the extent of the C array.
 */
#include "core/datatype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "core/magic.h"

/* ---- runs ------------------------------------------------------------- */

/* A growing list of runs, kept folded as runs are added. */
struct builder {
    struct ft_dt_run *runs;
    size_t n, cap;
    int err; /* first error: -ENOMEM or -EOVERFLOW */
};

static bool reserve(struct builder *b, size_t more)
{
    if (b->err)
        return false;
    if (b->n + more <= b->cap)
        return true;
    if (more > FT_DT_MAX_RUNS || b->n + more > FT_DT_MAX_RUNS) {
        b->err = -ENOMEM;
        return false;
    }
    size_t cap = b->cap ? b->cap : 4;
    while (cap < b->n + more)
        cap *= 2;
    struct ft_dt_run *r = realloc(b->runs, cap * sizeof *r);
    if (!r) {
        b->err = -ENOMEM;
        return false;
    }
    b->runs = r;
    b->cap = cap;
    return true;
}

static void push(struct builder *b, struct ft_dt_run r)
{
    if (reserve(b, 1))
        ft_dt_run_append(b->runs, &b->n, r);
}

/* Appends copies of the runs in[0..nin) at shift + k * step for k <
 * copies.  One block, or one strided run whose sequence the step
 * continues, gives one run. */
static void replicate(struct builder *b, const struct ft_dt_run *in,
                      size_t nin, size_t copies, ptrdiff_t shift,
                      ptrdiff_t step)
{
    if (b->err || copies == 0 || nin == 0)
        return;
    if (nin == 1) {
        struct ft_dt_run r = in[0];
        ptrdiff_t cont, disp, total;
        if (__builtin_add_overflow(r.disp, shift, &disp)) {
            b->err = -EOVERFLOW;
            return;
        }
        if (r.count == 1 || copies == 1) {
            if (copies == 1) {
                r.disp = disp;
                push(b, r);
                return;
            }
            push(b, (struct ft_dt_run){disp, r.len, copies, step});
            return;
        }
        if (!__builtin_mul_overflow((ptrdiff_t)r.count, r.stride, &cont) &&
            cont == step &&
            !__builtin_mul_overflow((ptrdiff_t)r.count, (ptrdiff_t)copies,
                                    &total)) {
            push(b, (struct ft_dt_run){disp, r.len, (size_t)total, r.stride});
            return;
        }
    }
    size_t total;
    if (__builtin_mul_overflow(copies, nin, &total)) {
        b->err = -ENOMEM;
        return;
    }
    /* Folding may shrink the result, but refuse what could not fit. */
    if (total > FT_DT_MAX_RUNS) {
        b->err = -ENOMEM;
        return;
    }
    for (size_t k = 0; k < copies && !b->err; k++) {
        ptrdiff_t off;
        if (__builtin_mul_overflow((ptrdiff_t)k, step, &off) ||
            __builtin_add_overflow(off, shift, &off)) {
            b->err = -EOVERFLOW;
            return;
        }
        for (size_t i = 0; i < nin; i++) {
            struct ft_dt_run r = in[i];
            if (__builtin_add_overflow(r.disp, off, &r.disp)) {
                b->err = -EOVERFLOW;
                return;
            }
            push(b, r);
        }
    }
}

/* ---- bounds, size, kind ----------------------------------------------- */

/* What the copies placed so far add up to. */
struct acc {
    size_t size, nbasic;
    int basic; /* -1 while no data was seen */
    unsigned align;
    bool lb_sticky, ub_sticky, have_lb, have_ub;
    ptrdiff_t lb, ub;   /* over all copies that count for the bound */
    ptrdiff_t slb, sub; /* over the copies with a sticky bound */
    int err;
};

static void acc_init(struct acc *a)
{
    memset(a, 0, sizeof *a);
    a->basic = -1;
    a->align = 1;
    a->lb = a->slb = PTRDIFF_MAX;
    a->ub = a->sub = PTRDIFF_MIN;
}

/* The smallest and largest of j * step for j < n (n >= 1), added to *lo
 * and *hi. */
static bool spread(size_t n, ptrdiff_t step, ptrdiff_t *lo, ptrdiff_t *hi)
{
    ptrdiff_t span;
    if (__builtin_mul_overflow((ptrdiff_t)(n - 1), step, &span))
        return false;
    return !__builtin_add_overflow(*lo, span < 0 ? span : 0, lo) &&
           !__builtin_add_overflow(*hi, span > 0 ? span : 0, hi);
}

/* Adds n copies of t whose shifts lie between lo and hi. */
static void acc_add(struct acc *a, const struct ft_datatype *t, size_t n,
                    ptrdiff_t lo, ptrdiff_t hi)
{
    if (n == 0 || a->err)
        return;
    size_t sz, nb;
    if (__builtin_mul_overflow(n, t->size, &sz) ||
        __builtin_add_overflow(a->size, sz, &a->size) ||
        __builtin_mul_overflow(n, t->nbasic, &nb) ||
        __builtin_add_overflow(a->nbasic, nb, &a->nbasic) ||
        a->size > PTRDIFF_MAX) {
        a->err = -EOVERFLOW;
        return;
    }
    if (t->size > 0) {
        if (a->basic == -1)
            a->basic = t->basic;
        else if (a->basic != t->basic)
            a->basic = FT_B_NONE;
        if (t->align > a->align)
            a->align = t->align;
    }
    bool slb = t->flags & FT_DT_STICKY_LB, sub = t->flags & FT_DT_STICKY_UB;
    ptrdiff_t l, u;
    if (__builtin_add_overflow(lo, t->lb, &l) ||
        __builtin_add_overflow(hi, t->ub, &u)) {
        a->err = -EOVERFLOW;
        return;
    }
    /* A marker bounds only its own side: MPI_LB says nothing of the
     * upper bound. */
    if (t->size > 0 || slb) {
        a->have_lb = true;
        a->lb = l < a->lb ? l : a->lb;
        if (slb) {
            a->lb_sticky = true;
            a->slb = l < a->slb ? l : a->slb;
        }
    }
    if (t->size > 0 || sub) {
        a->have_ub = true;
        a->ub = u > a->ub ? u : a->ub;
        if (sub) {
            a->ub_sticky = true;
            a->sub = u > a->sub ? u : a->sub;
        }
    }
}

/* Sets dt's bounds, size and kind from a; pad: round the extent up to the
 * alignment (structs) unless the upper bound is explicit. */
static int acc_apply(struct acc *a, struct ft_datatype *dt, bool pad)
{
    if (a->err)
        return a->err;
    ptrdiff_t lb = a->lb_sticky ? a->slb : a->lb;
    ptrdiff_t ub = a->ub_sticky ? a->sub : a->ub;
    /* Only markers on one side, or nothing at all: the other bound
     * coincides (an empty typemap has lb = ub = 0). */
    if (!a->have_lb && !a->have_ub)
        lb = ub = 0;
    else if (!a->have_lb)
        lb = ub;
    else if (!a->have_ub)
        ub = lb;
    if (pad && !a->ub_sticky && a->align > 1 && ub > lb) {
        ptrdiff_t ext, rem;
        if (__builtin_sub_overflow(ub, lb, &ext))
            return -EOVERFLOW;
        rem = ext % (ptrdiff_t)a->align;
        if (rem && __builtin_add_overflow(ub, (ptrdiff_t)a->align - rem, &ub))
            return -EOVERFLOW;
    }
    ptrdiff_t ext;
    if (__builtin_sub_overflow(ub, lb, &ext))
        return -EOVERFLOW;
    dt->lb = lb;
    dt->ub = ub;
    dt->size = a->size;
    dt->nbasic = a->nbasic;
    dt->basic = (uint16_t)(a->basic < 0 ? FT_B_NONE : a->basic);
    dt->align = (uint16_t)a->align;
    if (a->lb_sticky)
        dt->flags |= FT_DT_STICKY_LB;
    if (a->ub_sticky)
        dt->flags |= FT_DT_STICKY_UB;
    return 0;
}

static ptrdiff_t extent_of(const struct ft_datatype *t)
{
    return t->ub - t->lb;
}

/* ---- the constructors ------------------------------------------------- */

/* n copies of old at shift + j * extent(old), as one family. */
static void family(struct builder *b, struct acc *a,
                   const struct ft_datatype *old, size_t n, ptrdiff_t shift)
{
    if (n == 0)
        return;
    ptrdiff_t ext = extent_of(old), lo = shift, hi = shift;
    if (!spread(n, ext, &lo, &hi)) {
        a->err = -EOVERFLOW;
        return;
    }
    replicate(b, old->runs, old->nruns, n, shift, ext);
    acc_add(a, old, n, lo, hi);
}

/* count blocks of blocklen copies of old, block i at i * stride. */
static void vector(struct builder *b, struct acc *a,
                   const struct ft_datatype *old, size_t count,
                   size_t blocklen, ptrdiff_t stride)
{
    if (count == 0 || blocklen == 0)
        return;
    struct builder inner = {0};
    ptrdiff_t ext = extent_of(old), lo = 0, hi = 0;
    replicate(&inner, old->runs, old->nruns, blocklen, 0, ext);
    if (inner.err)
        b->err = inner.err;
    else
        replicate(b, inner.runs, inner.n, count, 0, stride);
    free(inner.runs);
    if (!spread(blocklen, ext, &lo, &hi) || !spread(count, stride, &lo, &hi)) {
        a->err = -EOVERFLOW;
        return;
    }
    size_t n;
    if (__builtin_mul_overflow(count, blocklen, &n)) {
        a->err = -EOVERFLOW;
        return;
    }
    acc_add(a, old, n, lo, hi);
}

/* A subarray: the selected part of an ndims array of old, laid out as the
 * nested vectors it is, with the whole array's extent. */
static void subarray(struct builder *b, struct acc *a,
                     const struct ft_datatype *old, int ndims,
                     const int *sizes, const int *subsizes, const int *starts,
                     int order)
{
    struct builder cur = {0}, next = {0};
    ptrdiff_t stride = extent_of(old), offset = 0, lo = 0, hi = 0;
    size_t n = 1;
    replicate(&cur, old->runs, old->nruns, 1, 0, 0);
    for (int k = 0; k < ndims && !cur.err; k++) {
        /* The fastest dimension first. */
        int d = order == MPI_ORDER_C ? ndims - 1 - k : k;
        ptrdiff_t o;
        if (__builtin_mul_overflow((ptrdiff_t)starts[d], stride, &o) ||
            __builtin_add_overflow(offset, o, &offset) ||
            !spread((size_t)subsizes[d], stride, &lo, &hi) ||
            __builtin_mul_overflow(n, (size_t)subsizes[d], &n)) {
            cur.err = -EOVERFLOW;
            break;
        }
        next.n = 0;
        replicate(&next, cur.runs, cur.n, (size_t)subsizes[d], 0, stride);
        struct builder t = cur;
        cur = next;
        next = t;
        if (__builtin_mul_overflow(stride, (ptrdiff_t)sizes[d], &stride))
            cur.err = -EOVERFLOW;
    }
    if (cur.err)
        b->err = cur.err;
    else
        replicate(b, cur.runs, cur.n, 1, offset, 0);
    free(cur.runs);
    free(next.runs);
    /* Size and kind from the copies; the bounds are the whole array's:
     * [0, product of sizes * extent), explicitly. */
    acc_add(a, old, n, offset + lo, offset + hi);
    if (a->err)
        return;
    a->have_lb = a->have_ub = a->lb_sticky = a->ub_sticky = true;
    a->slb = 0;
    a->sub = stride;
}

/* The part of a distributed array (MPI_Type_create_darray) that one
 * process of a process grid owns: in every dimension a union of blocks of
 * indices, block or cyclic(b) or the whole dimension, and the type is
 * their product, in the array's storage order, with the whole array's
 * extent.  I is the envelope: size, rank, ndims, gsizes, distribs, dargs,
 * psizes, order (checked by the API layer). */
static void darray(struct builder *b, struct acc *a,
                   const struct ft_datatype *old, const int *I)
{
    int rank = I[1], nd = I[2];
    const int *gs = I + 3, *dist = gs + nd, *darg = dist + nd,
              *ps = darg + nd;
    int order = ps[nd];
    struct builder cur = {0}, next = {0};
    ptrdiff_t stride = extent_of(old), lo = 0, hi = 0;
    size_t n = 1;
    replicate(&cur, old->runs, old->nruns, 1, 0, 0);
    for (int k = 0; k < nd && !cur.err; k++) {
        int d = order == MPI_ORDER_C ? nd - 1 - k : k;
        /* Our coordinate in the grid, which is always row-major. */
        int coord = rank;
        for (int e = nd - 1; e > d; e--)
            coord /= ps[e];
        coord %= ps[d];
        /* The blocks: [start, start + bs) every step, from first. */
        long long bs, first, step;
        if (dist[d] == MPI_DISTRIBUTE_NONE) {
            bs = gs[d];
            first = 0;
            step = gs[d];
        } else if (dist[d] == MPI_DISTRIBUTE_BLOCK) {
            bs = darg[d] == MPI_DISTRIBUTE_DFLT_DARG
                     ? ((long long)gs[d] + ps[d] - 1) / ps[d]
                     : darg[d];
            first = coord * bs;
            step = (long long)gs[d]; /* one block only */
        } else {
            bs = darg[d] == MPI_DISTRIBUTE_DFLT_DARG ? 1 : darg[d];
            first = coord * bs;
            step = bs * ps[d];
        }
        size_t cnt = 0;
        long long last = -1;
        int err = 0;
        next.n = 0;
        for (long long st = first; st < gs[d] && !err; st += step) {
            long long len = gs[d] - st < bs ? gs[d] - st : bs;
            ptrdiff_t shift;
            if (__builtin_mul_overflow((ptrdiff_t)st, stride, &shift)) {
                err = -EOVERFLOW;
                break;
            }
            replicate(&next, cur.runs, cur.n, (size_t)len, shift, stride);
            cnt += (size_t)len;
            last = st + len - 1;
            if (dist[d] == MPI_DISTRIBUTE_BLOCK)
                break;
        }
        ptrdiff_t l, h;
        if (cnt == 0)
            n = 0;
        else if (__builtin_mul_overflow((ptrdiff_t)first, stride, &l) ||
                 __builtin_mul_overflow((ptrdiff_t)last, stride, &h) ||
                 __builtin_add_overflow(lo, l, &lo) ||
                 __builtin_add_overflow(hi, h, &hi) ||
                 __builtin_mul_overflow(n, cnt, &n))
            err = -EOVERFLOW;
        struct builder t = cur;
        cur = next;
        next = t;
        if (err)
            cur.err = err;
        if (__builtin_mul_overflow(stride, (ptrdiff_t)gs[d], &stride))
            cur.err = -EOVERFLOW;
    }
    if (cur.err)
        b->err = cur.err;
    else if (n > 0)
        replicate(b, cur.runs, cur.n, 1, 0, 0);
    free(cur.runs);
    free(next.runs);
    acc_add(a, old, n, lo, hi);
    if (a->err)
        return;
    a->have_lb = a->have_ub = a->lb_sticky = a->ub_sticky = true;
    a->slb = 0;
    a->sub = stride;
}

/* count * extent(old) (displacements given in elements), or an error. */
static ptrdiff_t times_extent(struct acc *a, int count,
                              const struct ft_datatype *old)
{
    ptrdiff_t r;
    if (__builtin_mul_overflow((ptrdiff_t)count, extent_of(old), &r)) {
        a->err = -EOVERFLOW;
        return 0;
    }
    return r;
}

static int build(struct ft_datatype *dt)
{
    struct builder b = {0};
    struct acc a;
    acc_init(&a);
    const int *I = dt->ints;
    const ptrdiff_t *A = dt->aints;
    struct ft_datatype *old = dt->types[0];
    bool pad = false;
    switch (dt->combiner) {
    case MPI_COMBINER_DUP:
        replicate(&b, old->runs, old->nruns, 1, 0, 0);
        dt->lb = old->lb;
        dt->ub = old->ub;
        dt->size = old->size;
        dt->nbasic = old->nbasic;
        dt->basic = old->basic;
        dt->align = old->align;
        dt->flags |= old->flags & (FT_DT_STICKY_LB | FT_DT_STICKY_UB |
                                   FT_DT_COMMITTED);
        goto runs_done;
    case MPI_COMBINER_CONTIGUOUS:
        family(&b, &a, old, (size_t)I[0], 0);
        break;
    case MPI_COMBINER_VECTOR:
        vector(&b, &a, old, (size_t)I[0], (size_t)I[1],
               times_extent(&a, I[2], old));
        break;
    case MPI_COMBINER_HVECTOR:
        vector(&b, &a, old, (size_t)I[0], (size_t)I[1], A[0]);
        break;
    case MPI_COMBINER_INDEXED:
        for (int i = 0; i < I[0] && !b.err && !a.err; i++)
            family(&b, &a, old, (size_t)I[1 + i],
                   times_extent(&a, I[1 + I[0] + i], old));
        break;
    case MPI_COMBINER_HINDEXED:
        for (int i = 0; i < I[0] && !b.err && !a.err; i++)
            family(&b, &a, old, (size_t)I[1 + i], A[i]);
        break;
    case MPI_COMBINER_INDEXED_BLOCK:
        for (int i = 0; i < I[0] && !b.err && !a.err; i++)
            family(&b, &a, old, (size_t)I[1],
                   times_extent(&a, I[2 + i], old));
        break;
    case MPI_COMBINER_HINDEXED_BLOCK:
        for (int i = 0; i < I[0] && !b.err && !a.err; i++)
            family(&b, &a, old, (size_t)I[1], A[i]);
        break;
    case MPI_COMBINER_STRUCT:
        for (int i = 0; i < I[0] && !b.err && !a.err; i++)
            family(&b, &a, dt->types[i], (size_t)I[1 + i], A[i]);
        pad = true;
        break;
    case MPI_COMBINER_SUBARRAY:
        subarray(&b, &a, old, I[0], I + 1, I + 1 + I[0], I + 1 + 2 * I[0],
                 I[1 + 3 * I[0]]);
        break;
    case MPI_COMBINER_DARRAY:
        darray(&b, &a, old, I);
        break;
    case MPI_COMBINER_RESIZED:
        family(&b, &a, old, 1, 0);
        a.have_lb = a.have_ub = a.lb_sticky = a.ub_sticky = true;
        a.slb = A[0];
        if (__builtin_add_overflow(A[0], A[1], &a.sub))
            a.err = -EOVERFLOW;
        break;
    default:
        return -EINVAL;
    }
    if (b.err || a.err) {
        free(b.runs);
        return b.err ? b.err : a.err;
    }
    int rc = acc_apply(&a, dt, pad);
    if (rc) {
        free(b.runs);
        return rc;
    }
runs_done:
    if (b.err) {
        free(b.runs);
        return b.err;
    }
    dt->runs = b.runs;
    dt->nruns = b.n;
    return ft_dt_finish(dt);
}

int ft_dt_create(int combiner, int nints, const int *ints, int naints,
                 const ptrdiff_t *aints, int ntypes,
                 struct ft_datatype *const *types, struct ft_datatype **out)
{
    struct ft_datatype *dt = calloc(1, sizeof *dt);
    if (!dt)
        return -ENOMEM;
    dt->refcount = 1;
    dt->combiner = combiner;
    dt->ints = malloc((size_t)(nints ? nints : 1) * sizeof *dt->ints);
    dt->aints = malloc((size_t)(naints ? naints : 1) * sizeof *dt->aints);
    dt->types = calloc((size_t)(ntypes ? ntypes : 1), sizeof *dt->types);
    if (!dt->ints || !dt->aints || !dt->types) {
        ft_dt_destroy(dt);
        return -ENOMEM;
    }
    if (nints)
        memcpy(dt->ints, ints, (size_t)nints * sizeof *ints);
    if (naints)
        memcpy(dt->aints, aints, (size_t)naints * sizeof *aints);
    dt->nints = nints;
    dt->naints = naints;
    for (int i = 0; i < ntypes; i++) {
        dt->types[i] = types[i];
        ft_dt_retain(types[i]);
    }
    dt->ntypes = ntypes;
    int rc = build(dt);
    if (rc) {
        ft_dt_destroy(dt);
        return rc;
    }
    dt->magic = FT_MAGIC_TYPE;
    *out = dt;
    return 0;
}
