#include "core/datatype.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "core/attr.h"
#include "core/magic.h"

/* ---- the predefined types -------------------------------------------- */

#define ONE_RUN(ctype) {{0, sizeof(ctype), 1, sizeof(ctype)}}
#define PAIR_RUNS(stype, a, b)                                                \
    {{offsetof(stype, a), sizeof(((stype *)0)->a), 1, 0},                    \
     {offsetof(stype, b), sizeof(((stype *)0)->b), 1, 0}}

static size_t zero_start[2];

/* tub: where the data ends (true_ub), before any padding up to ext. */
#define PREDEF_RUNS(cname, runs_init, starts_init, nr, datasize, ext, tub,    \
                    basic_, nb, align_, tname)                                \
    static struct ft_dt_run runs_##cname[] = runs_init;                       \
    static size_t starts_##cname[nr] = starts_init;                           \
    FTMPI_EXPORT struct ft_datatype ftmpi_dt_##cname = {                      \
        .magic = FT_MAGIC_TYPE,                                               \
        .refcount = 1,                                                        \
        .flags = FT_DT_PREDEF | FT_DT_COMMITTED |                             \
                 ((nr == 1 && (datasize) == (ext)) ? FT_DT_CONTIG : 0),       \
        .basic = basic_,                                                      \
        .align = align_,                                                      \
        .size = datasize,                                                     \
        .lb = 0,                                                              \
        .ub = ext,                                                            \
        .true_lb = 0,                                                         \
        .true_ub = tub,                                                       \
        .nbasic = nb,                                                         \
        .runs = runs_##cname,                                                 \
        .nruns = nr,                                                          \
        .run_start = starts_##cname,                                          \
        .combiner = MPI_COMBINER_NAMED,                                       \
        .name = tname,                                                        \
    };

#define ZERO {0}
#define PREDEF(cname, ctype, basic_, tname)                                   \
    PREDEF_RUNS(cname, ONE_RUN(ctype), ZERO, 1, sizeof(ctype), sizeof(ctype), \
                sizeof(ctype), basic_, 1, _Alignof(ctype), tname)
/* A value-index pair: the index's bytes follow the value's in the packed
 * stream; the data ends with the index, the extent with the padding. */
#define PAIR(cname, stype, basic_, tname)                                     \
    PREDEF_RUNS(cname, PAIR_RUNS(stype, v, i),                                \
                {0 COMMA sizeof(((stype *)0)->v)}, 2,                         \
                sizeof(((stype *)0)->v) + sizeof(int), sizeof(stype),         \
                offsetof(stype, i) + sizeof(int), basic_, 2, _Alignof(stype), \
                tname)
#define COMMA ,

struct float_int { float v; int i; };
struct double_int { double v; int i; };
struct long_int { long v; int i; };
struct short_int { short v; int i; };
struct ldouble_int { long double v; int i; };
struct two_int { int v, i; };
struct two_float { float v, i; };
struct two_double { double v, i; };

PREDEF(char, char, FT_B_CHAR, "MPI_CHAR")
PREDEF(signed_char, signed char, FT_B_SCHAR, "MPI_SIGNED_CHAR")
PREDEF(unsigned_char, unsigned char, FT_B_UCHAR, "MPI_UNSIGNED_CHAR")
PREDEF(byte, unsigned char, FT_B_BYTE, "MPI_BYTE")
PREDEF(wchar, wchar_t, FT_B_WCHAR, "MPI_WCHAR")
PREDEF(short, short, FT_B_SHORT, "MPI_SHORT")
PREDEF(unsigned_short, unsigned short, FT_B_USHORT, "MPI_UNSIGNED_SHORT")
PREDEF(int, int, FT_B_INT, "MPI_INT")
PREDEF(unsigned, unsigned, FT_B_UINT, "MPI_UNSIGNED")
PREDEF(long, long, FT_B_LONG, "MPI_LONG")
PREDEF(unsigned_long, unsigned long, FT_B_ULONG, "MPI_UNSIGNED_LONG")
PREDEF(long_long, long long, FT_B_LLONG, "MPI_LONG_LONG")
PREDEF(unsigned_long_long, unsigned long long, FT_B_ULLONG,
       "MPI_UNSIGNED_LONG_LONG")
PREDEF(float, float, FT_B_FLOAT, "MPI_FLOAT")
PREDEF(double, double, FT_B_DOUBLE, "MPI_DOUBLE")
PREDEF(long_double, long double, FT_B_LDOUBLE, "MPI_LONG_DOUBLE")
PREDEF(c_bool, _Bool, FT_B_BOOL, "MPI_C_BOOL")
PREDEF(int8_t, int8_t, FT_B_INT8, "MPI_INT8_T")
PREDEF(int16_t, int16_t, FT_B_INT16, "MPI_INT16_T")
PREDEF(int32_t, int32_t, FT_B_INT32, "MPI_INT32_T")
PREDEF(int64_t, int64_t, FT_B_INT64, "MPI_INT64_T")
PREDEF(uint8_t, uint8_t, FT_B_UINT8, "MPI_UINT8_T")
PREDEF(uint16_t, uint16_t, FT_B_UINT16, "MPI_UINT16_T")
PREDEF(uint32_t, uint32_t, FT_B_UINT32, "MPI_UINT32_T")
PREDEF(uint64_t, uint64_t, FT_B_UINT64, "MPI_UINT64_T")
PREDEF(aint, MPI_Aint, FT_B_AINT, "MPI_AINT")
PREDEF(offset, MPI_Offset, FT_B_OFFSET, "MPI_OFFSET")
PREDEF(count, MPI_Count, FT_B_COUNT, "MPI_COUNT")
PREDEF(c_float_complex, float _Complex, FT_B_CFLOAT, "MPI_C_FLOAT_COMPLEX")
PREDEF(c_double_complex, double _Complex, FT_B_CDOUBLE,
       "MPI_C_DOUBLE_COMPLEX")
PREDEF(c_long_double_complex, long double _Complex, FT_B_CLDOUBLE,
       "MPI_C_LONG_DOUBLE_COMPLEX")
PREDEF(packed, unsigned char, FT_B_PACKED, "MPI_PACKED")
PAIR(float_int, struct float_int, FT_B_FLOAT_INT, "MPI_FLOAT_INT")
PAIR(double_int, struct double_int, FT_B_DOUBLE_INT, "MPI_DOUBLE_INT")
PAIR(long_int, struct long_int, FT_B_LONG_INT, "MPI_LONG_INT")
PAIR(short_int, struct short_int, FT_B_SHORT_INT, "MPI_SHORT_INT")
PAIR(long_double_int, struct ldouble_int, FT_B_LDOUBLE_INT, "MPI_LONG_DOUBLE_INT")
/* Two of a kind: one run, two basic elements. */
#define TWO(cname, stype, basic_, tname)                                      \
    PREDEF_RUNS(cname, ONE_RUN(stype), ZERO, 1, sizeof(stype), sizeof(stype), \
                sizeof(stype), basic_, 2, _Alignof(stype), tname)
TWO(2int, struct two_int, FT_B_2INT, "MPI_2INT")
PREDEF(integer, int, FT_B_INTEGER, "MPI_INTEGER")
PREDEF(real, float, FT_B_REAL, "MPI_REAL")
PREDEF(double_precision, double, FT_B_DPREC, "MPI_DOUBLE_PRECISION")
PREDEF(complex, float _Complex, FT_B_COMPLEX, "MPI_COMPLEX")
PREDEF(double_complex, double _Complex, FT_B_DCOMPLEX, "MPI_DOUBLE_COMPLEX")
PREDEF(logical, int, FT_B_LOGICAL, "MPI_LOGICAL")
PREDEF(character, char, FT_B_CHARACTER, "MPI_CHARACTER")
TWO(2integer, struct two_int, FT_B_2INTEGER, "MPI_2INTEGER")
TWO(2real, struct two_float, FT_B_2REAL, "MPI_2REAL")
TWO(2double_precision, struct two_double, FT_B_2DPREC,
    "MPI_2DOUBLE_PRECISION")

/* The deprecated bound markers: no data, no extent, and a bound that
 * overrides the data's in any type built with them. */
FTMPI_EXPORT struct ft_datatype ftmpi_dt_lb = {
    .magic = FT_MAGIC_TYPE, .refcount = 1,
    .flags = FT_DT_PREDEF | FT_DT_COMMITTED | FT_DT_CONTIG | FT_DT_STICKY_LB,
    .basic = FT_B_LB, .align = 1, .run_start = zero_start,
    .combiner = MPI_COMBINER_NAMED, .name = "MPI_LB"};
FTMPI_EXPORT struct ft_datatype ftmpi_dt_ub = {
    .magic = FT_MAGIC_TYPE, .refcount = 1,
    .flags = FT_DT_PREDEF | FT_DT_COMMITTED | FT_DT_CONTIG | FT_DT_STICKY_UB,
    .basic = FT_B_UB, .align = 1, .run_start = zero_start,
    .combiner = MPI_COMBINER_NAMED, .name = "MPI_UB"};

static struct ft_datatype *const basic_types[FT_B_NTYPES] = {
    [FT_B_CHAR] = &ftmpi_dt_char,
    [FT_B_SCHAR] = &ftmpi_dt_signed_char,
    [FT_B_UCHAR] = &ftmpi_dt_unsigned_char,
    [FT_B_BYTE] = &ftmpi_dt_byte,
    [FT_B_WCHAR] = &ftmpi_dt_wchar,
    [FT_B_SHORT] = &ftmpi_dt_short,
    [FT_B_USHORT] = &ftmpi_dt_unsigned_short,
    [FT_B_INT] = &ftmpi_dt_int,
    [FT_B_UINT] = &ftmpi_dt_unsigned,
    [FT_B_LONG] = &ftmpi_dt_long,
    [FT_B_ULONG] = &ftmpi_dt_unsigned_long,
    [FT_B_LLONG] = &ftmpi_dt_long_long,
    [FT_B_ULLONG] = &ftmpi_dt_unsigned_long_long,
    [FT_B_FLOAT] = &ftmpi_dt_float,
    [FT_B_DOUBLE] = &ftmpi_dt_double,
    [FT_B_LDOUBLE] = &ftmpi_dt_long_double,
    [FT_B_BOOL] = &ftmpi_dt_c_bool,
    [FT_B_INT8] = &ftmpi_dt_int8_t,
    [FT_B_INT16] = &ftmpi_dt_int16_t,
    [FT_B_INT32] = &ftmpi_dt_int32_t,
    [FT_B_INT64] = &ftmpi_dt_int64_t,
    [FT_B_UINT8] = &ftmpi_dt_uint8_t,
    [FT_B_UINT16] = &ftmpi_dt_uint16_t,
    [FT_B_UINT32] = &ftmpi_dt_uint32_t,
    [FT_B_UINT64] = &ftmpi_dt_uint64_t,
    [FT_B_AINT] = &ftmpi_dt_aint,
    [FT_B_OFFSET] = &ftmpi_dt_offset,
    [FT_B_COUNT] = &ftmpi_dt_count,
    [FT_B_CFLOAT] = &ftmpi_dt_c_float_complex,
    [FT_B_CDOUBLE] = &ftmpi_dt_c_double_complex,
    [FT_B_CLDOUBLE] = &ftmpi_dt_c_long_double_complex,
    [FT_B_PACKED] = &ftmpi_dt_packed,
    [FT_B_FLOAT_INT] = &ftmpi_dt_float_int,
    [FT_B_DOUBLE_INT] = &ftmpi_dt_double_int,
    [FT_B_LONG_INT] = &ftmpi_dt_long_int,
    [FT_B_2INT] = &ftmpi_dt_2int,
    [FT_B_SHORT_INT] = &ftmpi_dt_short_int,
    [FT_B_LDOUBLE_INT] = &ftmpi_dt_long_double_int,
    [FT_B_INTEGER] = &ftmpi_dt_integer,
    [FT_B_REAL] = &ftmpi_dt_real,
    [FT_B_DPREC] = &ftmpi_dt_double_precision,
    [FT_B_COMPLEX] = &ftmpi_dt_complex,
    [FT_B_DCOMPLEX] = &ftmpi_dt_double_complex,
    [FT_B_LOGICAL] = &ftmpi_dt_logical,
    [FT_B_CHARACTER] = &ftmpi_dt_character,
    [FT_B_2INTEGER] = &ftmpi_dt_2integer,
    [FT_B_2REAL] = &ftmpi_dt_2real,
    [FT_B_2DPREC] = &ftmpi_dt_2double_precision,
    [FT_B_LB] = &ftmpi_dt_lb,
    [FT_B_UB] = &ftmpi_dt_ub,
};

struct ft_datatype *ft_dt_basic_type(enum ft_basic b)
{
    return (b > FT_B_NONE && b < FT_B_NTYPES) ? basic_types[b] : NULL;
}

size_t ft_basic_size(enum ft_basic b)
{
    struct ft_datatype *t = ft_dt_basic_type(b);
    return t ? t->size : 0;
}

/* ---- the engine ------------------------------------------------------- */

/* Index of the run holding packed byte eoff of an element. */
static size_t find_run(const struct ft_datatype *dt, size_t eoff)
{
    size_t lo = 0, hi = dt->nruns;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (dt->run_start[mid] <= eoff)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The cursor over blocks of a stream; shared by pack, unpack and iov. */
struct cursor {
    const struct ft_datatype *dt;
    char *base;
    size_t elem, r, blk, boff;
};

static void cursor_seek(struct cursor *c, const struct ft_datatype *dt,
                        char *base, size_t off)
{
    c->dt = dt;
    c->base = base;
    c->elem = off / dt->size;
    size_t eoff = off % dt->size;
    c->r = find_run(dt, eoff);
    size_t roff = eoff - dt->run_start[c->r];
    c->blk = roff / dt->runs[c->r].len;
    c->boff = roff % dt->runs[c->r].len;
}

/* buf + off as integers: buf may be MPI_BOTTOM (NULL) with absolute
 * displacements, where pointer arithmetic would be undefined. */
static char *at(const void *buf, ptrdiff_t off)
{
    return (char *)((uintptr_t)buf + (uintptr_t)off);
}

/* Address and length of the rest of the current block. */
static char *cursor_block(const struct cursor *c, size_t *avail)
{
    const struct ft_dt_run *run = &c->dt->runs[c->r];
    *avail = run->len - c->boff;
    return at(c->base, (ptrdiff_t)c->elem * (c->dt->ub - c->dt->lb) +
                           run->disp + (ptrdiff_t)c->blk * run->stride +
                           (ptrdiff_t)c->boff);
}

static void cursor_advance(struct cursor *c, size_t n)
{
    const struct ft_dt_run *run = &c->dt->runs[c->r];
    c->boff += n;
    if (c->boff < run->len)
        return;
    c->boff = 0;
    if (++c->blk < run->count)
        return;
    c->blk = 0;
    if (++c->r < c->dt->nruns)
        return;
    c->r = 0;
    c->elem++;
}

static size_t clamp(const struct ft_datatype *dt, size_t count, size_t off,
                    size_t len)
{
    size_t total = count * dt->size;
    if (off >= total)
        return 0;
    return len < total - off ? len : total - off;
}

/* Moves the cursor past nb whole blocks (it is at the start of one). */
static void cursor_skip(struct cursor *c, size_t nb)
{
    c->blk += nb;
    if (c->blk < c->dt->runs[c->r].count)
        return;
    c->blk = 0;
    if (++c->r < c->dt->nruns)
        return;
    c->r = 0;
    c->elem++;
}

/* nb blocks of len bytes, stride apart from p, to or from the stream at s.
 * Small blocks (a vector of doubles) get copies of a constant size, which
 * the compiler turns into plain moves. */
#define STRIDED(L)                                                            \
    for (size_t k = 0; k < nb; k++, s += (L), p += stride) {                  \
        if (to_stream)                                                        \
            memcpy(s, p, (L));                                                \
        else                                                                  \
            memcpy(p, s, (L));                                                \
    }

static void strided(char *s, char *p, size_t len, size_t nb, ptrdiff_t stride,
                    bool to_stream)
{
    switch (len) {
    case 4: STRIDED(4) break;
    case 8: STRIDED(8) break;
    case 16: STRIDED(16) break;
    default: STRIDED(len) break;
    }
}
#undef STRIDED

/* Copies len bytes of the stream from offset off between stream and the
 * elements at buf (to_stream: pack).  len is already clamped. */
static void transfer(const struct ft_datatype *dt, const void *buf,
                     size_t off, char *stream, size_t len, bool to_stream)
{
    if (ft_dt_contig(dt)) {
        char *p = at(buf, dt->true_lb + (ptrdiff_t)off);
        if (to_stream)
            memcpy(stream, p, len);
        else
            memcpy(p, stream, len);
        return;
    }
    struct cursor c;
    cursor_seek(&c, dt, (char *)buf, off);
    size_t done = 0;
    while (done < len) {
        const struct ft_dt_run *run = &dt->runs[c.r];
        size_t avail;
        char *p = cursor_block(&c, &avail);
        size_t left = len - done;
        if (c.boff == 0 && run->count - c.blk > 1 && left >= 2 * run->len) {
            /* Whole blocks of this run in one tight loop. */
            size_t nb = run->count - c.blk, fit = left / run->len;
            nb = nb < fit ? nb : fit;
            strided(stream + done, p, run->len, nb, run->stride, to_stream);
            done += nb * run->len;
            cursor_skip(&c, nb);
            continue;
        }
        size_t n = avail < left ? avail : left;
        if (to_stream)
            memcpy(stream + done, p, n);
        else
            memcpy(p, stream + done, n);
        done += n;
        cursor_advance(&c, n);
    }
}

size_t ft_dt_pack(const struct ft_datatype *dt, const void *buf, size_t count,
                  size_t off, void *out, size_t len)
{
    len = clamp(dt, count, off, len);
    if (len)
        transfer(dt, buf, off, out, len, true);
    return len;
}

size_t ft_dt_unpack(const struct ft_datatype *dt, void *buf, size_t count,
                    size_t off, const void *in, size_t len)
{
    len = clamp(dt, count, off, len);
    if (len)
        transfer(dt, buf, off, (char *)in, len, false);
    return len;
}

int ft_dt_iov(const struct ft_datatype *dt, const void *buf, size_t count,
              size_t off, size_t maxbytes, struct iovec *iov, int maxiov,
              size_t *bytes)
{
    size_t len = clamp(dt, count, off, maxbytes);
    *bytes = 0;
    if (!len || maxiov <= 0)
        return 0;
    if (ft_dt_contig(dt)) {
        iov[0].iov_base = at(buf, dt->true_lb + (ptrdiff_t)off);
        iov[0].iov_len = len;
        *bytes = len;
        return 1;
    }
    struct cursor c;
    cursor_seek(&c, dt, (char *)buf, off);
    int n = 0;
    size_t done = 0;
    while (done < len && n < maxiov) {
        size_t avail;
        char *p = cursor_block(&c, &avail);
        size_t k = avail < len - done ? avail : len - done;
        if (n > 0 && (char *)iov[n - 1].iov_base + iov[n - 1].iov_len == p) {
            iov[n - 1].iov_len += k; /* adjacent blocks merge */
        } else {
            iov[n].iov_base = p;
            iov[n].iov_len = k;
            n++;
        }
        done += k;
        cursor_advance(&c, k);
    }
    *bytes = done;
    return n;
}

/* ---- lifetime --------------------------------------------------------- */

void ft_dt_retain(struct ft_datatype *dt)
{
    if (!(dt->flags & FT_DT_PREDEF))
        dt->refcount++;
}

void ft_dt_release(struct ft_datatype *dt)
{
    if (dt->flags & FT_DT_PREDEF)
        return;
    if (--dt->refcount == 0)
        ft_dt_destroy(dt);
}

/* A run in its canonical form: touching blocks are one block, and a
 * single block's stride is its length. */
static void normalize(struct ft_dt_run *r)
{
    if (r->count > 1 && r->stride == (ptrdiff_t)r->len) {
        r->len *= r->count;
        r->count = 1;
    }
    if (r->count == 1)
        r->stride = (ptrdiff_t)r->len;
}

/* Merges b into a when b's blocks continue a's; says whether it did. */
static bool merge(struct ft_dt_run *a, const struct ft_dt_run *b)
{
    if (a->count == 1 && b->count == 1 &&
        a->disp + (ptrdiff_t)a->len == b->disp) {
        a->len += b->len;
        a->stride = (ptrdiff_t)a->len;
        return true;
    }
    if (a->len != b->len)
        return false;
    ptrdiff_t s = a->count > 1   ? a->stride
                  : b->count > 1 ? b->stride
                                 : b->disp - a->disp;
    if (b->count > 1 && b->stride != s)
        return false;
    ptrdiff_t span, next;
    if (__builtin_mul_overflow((ptrdiff_t)a->count, s, &span) ||
        __builtin_add_overflow(a->disp, span, &next) || next != b->disp)
        return false;
    a->count += b->count;
    a->stride = s;
    normalize(a);
    return true;
}

void ft_dt_run_append(struct ft_dt_run *runs, size_t *n, struct ft_dt_run r)
{
    if (r.len == 0 || r.count == 0)
        return;
    normalize(&r);
    if (*n > 0 && merge(&runs[*n - 1], &r))
        ; /* folded into the last run */
    else
        runs[(*n)++] = r;
    /* A grown run may now continue the one before it. */
    while (*n >= 2 && merge(&runs[*n - 2], &runs[*n - 1]))
        (*n)--;
}

int ft_dt_finish(struct ft_datatype *dt)
{
    size_t w = 0;
    for (size_t i = 0; i < dt->nruns; i++)
        ft_dt_run_append(dt->runs, &w, dt->runs[i]); /* w <= i: in place */
    if (w < dt->nruns / 2) {
        struct ft_dt_run *shrunk =
            realloc(dt->runs, (w ? w : 1) * sizeof *shrunk);
        if (shrunk)
            dt->runs = shrunk;
    }
    dt->nruns = w;
    free(dt->run_start);
    dt->run_start = malloc((w ? w : 1) * sizeof(size_t));
    if (!dt->run_start)
        return -ENOMEM;
    size_t pos = 0;
    ptrdiff_t lo = PTRDIFF_MAX, hi = PTRDIFF_MIN;
    for (size_t i = 0; i < w; i++) {
        const struct ft_dt_run *r = &dt->runs[i];
        dt->run_start[i] = pos;
        pos += r->len * r->count;
        /* The first and the last block bound the run, whatever the sign
         * of the stride. */
        ptrdiff_t span = (ptrdiff_t)(r->count - 1) * r->stride;
        ptrdiff_t a = r->disp + (span < 0 ? span : 0);
        ptrdiff_t b = r->disp + (span > 0 ? span : 0) + (ptrdiff_t)r->len;
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
    }
    dt->size = pos;
    if (w == 0)
        lo = hi = dt->lb;
    dt->true_lb = lo;
    dt->true_ub = hi;
    dt->flags &= (uint16_t)~FT_DT_CONTIG;
    if (w == 0 || (w == 1 && dt->runs[0].count == 1 &&
                   dt->ub - dt->lb == (ptrdiff_t)dt->size))
        dt->flags |= FT_DT_CONTIG;
    return 0;
}

void ft_dt_destroy(struct ft_datatype *dt)
{
    if (dt->flags & FT_DT_PREDEF)
        return;
    /* Last chance for the attributes' delete callbacks, with the handle
     * still valid; a failure here has no caller to report to. */
    if (dt->attrs)
        (void)ft_attr_delete_all(&dt->attrs, dt, FT_ATTR_TYPE);
    ft_attr_list_free(&dt->attrs);
    for (int i = 0; i < dt->ntypes; i++)
        if (dt->types[i])
            ft_dt_release(dt->types[i]);
    dt->magic = 0;
    free(dt->runs);
    free(dt->run_start);
    free(dt->ints);
    free(dt->aints);
    free(dt->types);
    free(dt);
}
