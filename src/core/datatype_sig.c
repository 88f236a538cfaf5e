/*
 * datatype_sig.c -- walking a type's signature: the sequence of basic
 * elements in typemap order, which is the order of the packed stream.
 *
 * The runs say where bytes are, not what they are, so the walks here go
 * down the type's envelope instead: a derived type is a sequence of blocks
 * "n copies of type t" (a vector is count * blocklength copies of its old
 * type, a struct one block per member, ...).  Whole copies are skipped with
 * their size and element count, so counting the elements of a partial
 * element costs the nesting depth times the blocks of one element, and a
 * type made of one basic kind is a single step at any size.
 *
 * External32 (MPI 3.1 section 13.5.2): integers are two's complement and
 * floats IEEE, all big-endian and byte-aligned, with fixed sizes (long
 * and unsigned long take 4 bytes, wchar_t 2, long double 16 as IEEE
 * binary128).  Conversion works on chunks of one basic kind: the native
 * bytes are packed into a small buffer with ft_dt_pack, then converted.
 */
#include "core/datatype.h"

#include <errno.h>
#include <float.h>
#include <string.h>

#include <mpi.h>

/* ---- the blocks of a derived type ------------------------------------- */

/* The members of a predefined pair type (MPI_DOUBLE_INT, MPI_2INT...). */
static bool pair_members(unsigned b, enum ft_basic *v, enum ft_basic *i)
{
    static const unsigned char pairs[FT_B_NTYPES][2] = {
        [FT_B_FLOAT_INT] = {FT_B_FLOAT, FT_B_INT},
        [FT_B_DOUBLE_INT] = {FT_B_DOUBLE, FT_B_INT},
        [FT_B_LONG_INT] = {FT_B_LONG, FT_B_INT},
        [FT_B_SHORT_INT] = {FT_B_SHORT, FT_B_INT},
        [FT_B_LDOUBLE_INT] = {FT_B_LDOUBLE, FT_B_INT},
        [FT_B_2INT] = {FT_B_INT, FT_B_INT},
        [FT_B_2INTEGER] = {FT_B_INTEGER, FT_B_INTEGER},
        [FT_B_2REAL] = {FT_B_REAL, FT_B_REAL},
        [FT_B_2DPREC] = {FT_B_DPREC, FT_B_DPREC},
    };
    if (b >= FT_B_NTYPES || !pairs[b][0])
        return false;
    *v = (enum ft_basic)pairs[b][0];
    *i = (enum ft_basic)pairs[b][1];
    return true;
}

/* How many blocks a derived type's signature has. */
static size_t nblocks(const struct ft_datatype *dt)
{
    switch (dt->combiner) {
    case MPI_COMBINER_NAMED:
        return 0;
    case MPI_COMBINER_INDEXED:
    case MPI_COMBINER_HINDEXED:
    case MPI_COMBINER_STRUCT:
        return (size_t)dt->ints[0];
    default:
        return 1;
    }
}

/* Block i of a derived type: *n copies of the type returned. */
static const struct ft_datatype *block(const struct ft_datatype *dt,
                                       size_t i, uint64_t *n)
{
    const int *I = dt->ints;
    switch (dt->combiner) {
    case MPI_COMBINER_CONTIGUOUS:
        *n = (uint64_t)I[0];
        break;
    case MPI_COMBINER_VECTOR:
    case MPI_COMBINER_HVECTOR:
    case MPI_COMBINER_INDEXED_BLOCK:
    case MPI_COMBINER_HINDEXED_BLOCK:
        *n = (uint64_t)I[0] * (uint64_t)I[1];
        break;
    case MPI_COMBINER_INDEXED:
    case MPI_COMBINER_HINDEXED:
        *n = (uint64_t)I[1 + i];
        break;
    case MPI_COMBINER_STRUCT:
        *n = (uint64_t)I[1 + i];
        return dt->types[i];
    case MPI_COMBINER_SUBARRAY:
        *n = 1;
        for (int d = 0; d < I[0]; d++)
            *n *= (uint64_t)I[1 + I[0] + d];
        break;
    case MPI_COMBINER_DARRAY: /* the owned part: however many copies fit */
        *n = dt->types[0]->size ? dt->size / dt->types[0]->size : 0;
        break;
    default: /* DUP, RESIZED */
        *n = 1;
        break;
    }
    return dt->types[0];
}

/* ---- counting elements ------------------------------------------------ */

/* Takes up to reps copies of dt out of *budget bytes, adding their basic
 * elements to *n.  Returns true when the budget ran out inside a copy
 * (*budget then holds the bytes of a partial basic element, if any). */
static bool count_prefix(const struct ft_datatype *dt, uint64_t reps,
                         size_t *budget, uint64_t *n)
{
    if (dt->size == 0 || reps == 0)
        return false;
    uint64_t whole = *budget / dt->size;
    if (whole >= reps) {
        *n += reps * dt->nbasic;
        *budget -= reps * dt->size;
        return false;
    }
    *n += whole * dt->nbasic;
    *budget -= whole * dt->size;
    if (*budget == 0)
        return true;
    enum ft_basic v, i;
    if (dt->combiner == MPI_COMBINER_NAMED) {
        size_t vs;
        if (pair_members(dt->basic, &v, &i) &&
            *budget >= (vs = ft_basic_size(v))) {
            *n += 1;
            *budget -= vs;
        }
        return true;
    }
    size_t nb = nblocks(dt);
    for (size_t k = 0; k < nb; k++) {
        uint64_t cnt;
        const struct ft_datatype *t = block(dt, k, &cnt);
        if (count_prefix(t, cnt, budget, n))
            return true;
    }
    return true;
}

int64_t ft_dt_elements(const struct ft_datatype *dt, size_t bytes)
{
    if (dt->size == 0)
        return 0;
    size_t budget = bytes;
    uint64_t n = 0;
    count_prefix(dt, UINT64_MAX, &budget, &n);
    return budget ? -1 : (int64_t)n;
}

static void add_sat(size_t *x, uint64_t y)
{
    if (__builtin_add_overflow(*x, y, x))
        *x = SIZE_MAX;
}

/* Takes up to reps copies of dt out of *k basic elements, adding their
 * bytes to *bytes; true when k ran out inside a copy. */
static bool bytes_prefix(const struct ft_datatype *dt, uint64_t reps,
                         uint64_t *k, size_t *bytes)
{
    if (dt->nbasic == 0 || reps == 0)
        return false;
    uint64_t whole = *k / dt->nbasic, b;
    if (whole >= reps) {
        *k -= reps * dt->nbasic;
        if (__builtin_mul_overflow(reps, (uint64_t)dt->size, &b))
            b = UINT64_MAX;
        add_sat(bytes, b);
        return false;
    }
    *k -= whole * dt->nbasic;
    if (__builtin_mul_overflow(whole, (uint64_t)dt->size, &b))
        b = UINT64_MAX;
    add_sat(bytes, b);
    if (*k == 0)
        return true;
    enum ft_basic v, i;
    if (dt->combiner == MPI_COMBINER_NAMED) {
        if (pair_members(dt->basic, &v, &i))
            add_sat(bytes, ft_basic_size(v)); /* k was 1 of the 2 */
        *k = 0;
        return true;
    }
    size_t nb = nblocks(dt);
    for (size_t j = 0; j < nb; j++) {
        uint64_t cnt;
        const struct ft_datatype *t = block(dt, j, &cnt);
        if (bytes_prefix(t, cnt, k, bytes))
            return true;
    }
    return true;
}

size_t ft_dt_elements_bytes(const struct ft_datatype *dt, uint64_t n)
{
    size_t bytes = 0;
    bytes_prefix(dt, UINT64_MAX, &n, &bytes);
    return bytes;
}

/* ---- walking the signature -------------------------------------------- */

typedef int sig_fn(void *arg, enum ft_basic kind, size_t n);

static int walk(const struct ft_datatype *dt, uint64_t reps, sig_fn *fn,
                void *arg)
{
    if (reps == 0 || dt->nbasic == 0)
        return 0;
    enum ft_basic v = FT_B_NONE, i = FT_B_NONE;
    bool pair = pair_members(dt->basic, &v, &i);
    if (dt->basic != FT_B_NONE && !pair)
        return fn(arg, (enum ft_basic)dt->basic, reps * dt->nbasic);
    int rc = 0;
    if (dt->combiner == MPI_COMBINER_NAMED) {
        if (v == i)
            return fn(arg, v, 2 * reps);
        for (uint64_t r = 0; r < reps && !rc; r++)
            if (!(rc = fn(arg, v, 1)))
                rc = fn(arg, i, 1);
        return rc;
    }
    size_t nb = nblocks(dt);
    for (uint64_t r = 0; r < reps; r++) {
        for (size_t k = 0; k < nb; k++) {
            uint64_t cnt;
            const struct ft_datatype *t = block(dt, k, &cnt);
            if ((rc = walk(t, cnt, fn, arg)))
                return rc;
        }
    }
    return 0;
}

int ft_dt_signature(const struct ft_datatype *dt, size_t count,
                    int (*fn)(void *arg, enum ft_basic kind, size_t n),
                    void *arg)
{
    return walk(dt, count, fn, arg);
}

/* ---- external32 ------------------------------------------------------- */

enum conv {
    X_NONE,    /* a marker: no data */
    X_COPY,    /* bytes as they are */
    X_BOOL,    /* 0 or 1, one byte */
    X_SINT,    /* two's complement, sign-extended or range-checked */
    X_UINT,
    X_FLOAT,   /* IEEE binary32/binary64: byte order only */
    X_LDOUBLE, /* long double <-> IEEE binary128 */
    X_CFLOAT,  /* a pair of X_FLOAT */
    X_CLDOUBLE /* a pair of X_LDOUBLE */
};

static const struct {
    unsigned char conv, size;
} ext32[FT_B_NTYPES] = {
    [FT_B_CHAR] = {X_COPY, 1},      [FT_B_SCHAR] = {X_COPY, 1},
    [FT_B_UCHAR] = {X_COPY, 1},     [FT_B_BYTE] = {X_COPY, 1},
    [FT_B_WCHAR] = {X_UINT, 2},     [FT_B_SHORT] = {X_SINT, 2},
    [FT_B_USHORT] = {X_UINT, 2},    [FT_B_INT] = {X_SINT, 4},
    [FT_B_UINT] = {X_UINT, 4},      [FT_B_LONG] = {X_SINT, 4},
    [FT_B_ULONG] = {X_UINT, 4},     [FT_B_LLONG] = {X_SINT, 8},
    [FT_B_ULLONG] = {X_UINT, 8},    [FT_B_FLOAT] = {X_FLOAT, 4},
    [FT_B_DOUBLE] = {X_FLOAT, 8},   [FT_B_LDOUBLE] = {X_LDOUBLE, 16},
    [FT_B_BOOL] = {X_BOOL, 1},      [FT_B_INT8] = {X_SINT, 1},
    [FT_B_INT16] = {X_SINT, 2},     [FT_B_INT32] = {X_SINT, 4},
    [FT_B_INT64] = {X_SINT, 8},     [FT_B_UINT8] = {X_UINT, 1},
    [FT_B_UINT16] = {X_UINT, 2},    [FT_B_UINT32] = {X_UINT, 4},
    [FT_B_UINT64] = {X_UINT, 8},    [FT_B_AINT] = {X_SINT, 8},
    [FT_B_OFFSET] = {X_SINT, 8},    [FT_B_COUNT] = {X_SINT, 8},
    [FT_B_CFLOAT] = {X_CFLOAT, 8},  [FT_B_CDOUBLE] = {X_CFLOAT, 16},
    [FT_B_CLDOUBLE] = {X_CLDOUBLE, 32},
    [FT_B_PACKED] = {X_COPY, 1},    [FT_B_INTEGER] = {X_SINT, 4},
    [FT_B_REAL] = {X_FLOAT, 4},     [FT_B_DPREC] = {X_FLOAT, 8},
    [FT_B_COMPLEX] = {X_CFLOAT, 8}, [FT_B_DCOMPLEX] = {X_CFLOAT, 16},
    [FT_B_LOGICAL] = {X_SINT, 4},   [FT_B_CHARACTER] = {X_COPY, 1},
};

size_t ft_basic_ext32_size(enum ft_basic b)
{
    enum ft_basic v, i;
    if (pair_members(b, &v, &i))
        return (size_t)ext32[v].size + ext32[i].size;
    return b < FT_B_NTYPES ? ext32[b].size : 0;
}

static int ext_size(const struct ft_datatype *dt, uint64_t *out)
{
    enum ft_basic v = FT_B_NONE, i = FT_B_NONE;
    bool pair = pair_members(dt->basic, &v, &i);
    if (dt->combiner == MPI_COMBINER_NAMED) {
        *out = ft_basic_ext32_size((enum ft_basic)dt->basic);
        return 0;
    }
    if (dt->nbasic == 0) {
        *out = 0;
        return 0;
    }
    if (dt->basic != FT_B_NONE && !pair) {
        if (__builtin_mul_overflow((uint64_t)dt->nbasic,
                                   (uint64_t)ext32[dt->basic].size, out))
            return -EOVERFLOW;
        return 0;
    }
    uint64_t total = 0;
    size_t nb = nblocks(dt);
    for (size_t k = 0; k < nb; k++) {
        uint64_t cnt, sz;
        const struct ft_datatype *t = block(dt, k, &cnt);
        int rc = ext_size(t, &sz);
        if (rc)
            return rc;
        if (__builtin_mul_overflow(cnt, sz, &sz) ||
            __builtin_add_overflow(total, sz, &total))
            return -EOVERFLOW;
    }
    *out = total;
    return 0;
}

int ft_dt_ext32_size(const struct ft_datatype *dt, size_t *size)
{
    uint64_t s;
    int rc = ext_size(dt, &s);
    if (rc == 0 && s > SIZE_MAX)
        rc = -EOVERFLOW;
    if (rc == 0)
        *size = (size_t)s;
    return rc;
}

/* Big-endian stores and loads of n <= 8 bytes. */
static void put_be(unsigned char *p, uint64_t v, size_t n)
{
    for (size_t k = n; k-- > 0; v >>= 8)
        p[k] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *p, size_t n)
{
    uint64_t v = 0;
    for (size_t k = 0; k < n; k++)
        v = v << 8 | p[k];
    return v;
}

/* Native integers of 1, 2, 4 or 8 bytes. */
static uint64_t load_u(const unsigned char *p, size_t n)
{
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t d;
    switch (n) {
    case 1: memcpy(&a, p, 1); return a;
    case 2: memcpy(&b, p, 2); return b;
    case 4: memcpy(&c, p, 4); return c;
    default: memcpy(&d, p, 8); return d;
    }
}

static int64_t load_s(const unsigned char *p, size_t n)
{
    int8_t a;
    int16_t b;
    int32_t c;
    int64_t d;
    switch (n) {
    case 1: memcpy(&a, p, 1); return a;
    case 2: memcpy(&b, p, 2); return b;
    case 4: memcpy(&c, p, 4); return c;
    default: memcpy(&d, p, 8); return d;
    }
}

static void store_u(unsigned char *p, uint64_t v, size_t n)
{
    uint8_t a = (uint8_t)v;
    uint16_t b = (uint16_t)v;
    uint32_t c = (uint32_t)v;
    switch (n) {
    case 1: memcpy(p, &a, 1); break;
    case 2: memcpy(p, &b, 2); break;
    case 4: memcpy(p, &c, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

/* Whether v fits in n bytes, signed or not. */
static bool fits_s(int64_t v, size_t n)
{
    if (n >= 8)
        return true;
    int64_t lim = (int64_t)1 << (8 * n - 1);
    return v >= -lim && v < lim;
}

static bool fits_u(uint64_t v, size_t n)
{
    return n >= 8 || v < (uint64_t)1 << (8 * n);
}

/* Copies n bytes reversing their order on a little-endian host. */
static void copy_be(unsigned char *dst, const unsigned char *src, size_t n)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (size_t k = 0; k < n; k++)
        dst[k] = src[n - 1 - k];
#else
    memcpy(dst, src, n);
#endif
}

/* long double <-> binary128, big-endian, 16 bytes. */
static int ldouble_out(const unsigned char *src, unsigned char *dst)
{
#if LDBL_MANT_DIG == 64 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* x87 extended: 64-bit mantissa with an explicit integer bit, then
     * sign and a 15-bit exponent with binary128's bias.  The 63 fraction
     * bits become the top of binary128's 112. */
    uint64_t m;
    uint16_t se;
    memcpy(&m, src, 8);
    memcpy(&se, src + 8, 2);
    uint64_t frac = m & 0x7fffffffffffffffull;
    uint64_t hi = (uint64_t)se << 48 | frac >> 15;
    uint64_t lo = frac << 49;
    put_be(dst, hi, 8);
    put_be(dst + 8, lo, 8);
    return 0;
#elif LDBL_MANT_DIG == 113
    copy_be(dst, src, 16);
    return 0;
#else
    (void)src;
    (void)dst;
    return -ENOTSUP;
#endif
}

static int ldouble_in(const unsigned char *src, unsigned char *dst)
{
#if LDBL_MANT_DIG == 64 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t hi = get_be(src, 8), lo = get_be(src + 8, 8);
    uint16_t se = (uint16_t)(hi >> 48);
    /* The fraction's low 49 bits do not fit x87's mantissa: truncated. */
    uint64_t frac = (hi & 0xffffffffffffull) << 15 | lo >> 49;
    uint64_t m = frac | ((se & 0x7fff) ? 1ull << 63 : 0);
    memset(dst, 0, sizeof(long double));
    memcpy(dst, &m, 8);
    memcpy(dst + 8, &se, 2);
    return 0;
#elif LDBL_MANT_DIG == 113
    copy_be(dst, src, 16);
    return 0;
#else
    (void)src;
    (void)dst;
    return -ENOTSUP;
#endif
}

/* One basic element of kind b: native at src to external32 at dst. */
static int to_ext(enum ft_basic b, const unsigned char *src,
                  unsigned char *dst)
{
    size_t ns = ft_basic_size(b), es = ext32[b].size;
    int rc;
    switch (ext32[b].conv) {
    case X_COPY:
        memcpy(dst, src, es);
        return 0;
    case X_BOOL:
        *dst = load_u(src, ns) != 0;
        return 0;
    case X_SINT: {
        int64_t v = load_s(src, ns);
        if (!fits_s(v, es))
            return -ERANGE;
        put_be(dst, (uint64_t)v, es);
        return 0;
    }
    case X_UINT: {
        uint64_t v = load_u(src, ns);
        if (!fits_u(v, es))
            return -ERANGE;
        put_be(dst, v, es);
        return 0;
    }
    case X_FLOAT:
        copy_be(dst, src, es);
        return 0;
    case X_LDOUBLE:
        return ldouble_out(src, dst);
    case X_CFLOAT:
        copy_be(dst, src, es / 2);
        copy_be(dst + es / 2, src + ns / 2, es / 2);
        return 0;
    case X_CLDOUBLE:
        if ((rc = ldouble_out(src, dst)))
            return rc;
        return ldouble_out(src + ns / 2, dst + 16);
    }
    return 0;
}

/* One basic element of kind b: external32 at src to native at dst. */
static int from_ext(enum ft_basic b, const unsigned char *src,
                    unsigned char *dst)
{
    size_t ns = ft_basic_size(b), es = ext32[b].size;
    int rc;
    switch (ext32[b].conv) {
    case X_COPY:
        memcpy(dst, src, es);
        return 0;
    case X_BOOL:
        store_u(dst, *src != 0, ns);
        return 0;
    case X_SINT: {
        uint64_t u = get_be(src, es);
        int64_t v = es < 8 && (u >> (8 * es - 1)) & 1
                        ? (int64_t)(u | ~(uint64_t)0 << (8 * es))
                        : (int64_t)u;
        if (!fits_s(v, ns))
            return -ERANGE;
        store_u(dst, (uint64_t)v, ns);
        return 0;
    }
    case X_UINT: {
        uint64_t v = get_be(src, es);
        if (!fits_u(v, ns))
            return -ERANGE;
        store_u(dst, v, ns);
        return 0;
    }
    case X_FLOAT:
        copy_be(dst, src, es);
        return 0;
    case X_LDOUBLE:
        return ldouble_in(src, dst);
    case X_CFLOAT:
        copy_be(dst, src, es / 2);
        copy_be(dst + ns / 2, src + es / 2, es / 2);
        return 0;
    case X_CLDOUBLE:
        if ((rc = ldouble_in(src, dst)))
            return rc;
        return ldouble_in(src + 16, dst + ns / 2);
    }
    return 0;
}

/* The state of a conversion: where it is in the native packed stream and
 * in the external32 buffer. */
struct xconv {
    const struct ft_datatype *dt;
    unsigned char *buf;
    size_t count;
    size_t noff;
    unsigned char *ext;
    bool out;
};

static int xchunk(void *arg, enum ft_basic b, size_t n)
{
    struct xconv *x = arg;
    size_t ns = ft_basic_size(b), es = ext32[b].size;
    if (ext32[b].conv == X_NONE || ns == 0)
        return 0;
    unsigned char tmp[2048];
    size_t per = sizeof tmp / ns;
    while (n > 0) {
        size_t k = n < per ? n : per;
        int rc = 0;
        if (x->out) {
            ft_dt_pack(x->dt, x->buf, x->count, x->noff, tmp, k * ns);
            for (size_t j = 0; j < k && !rc; j++)
                rc = to_ext(b, tmp + j * ns, x->ext + j * es);
        } else {
            for (size_t j = 0; j < k && !rc; j++)
                rc = from_ext(b, x->ext + j * es, tmp + j * ns);
            if (rc == 0)
                ft_dt_unpack(x->dt, x->buf, x->count, x->noff, tmp, k * ns);
        }
        if (rc)
            return rc;
        x->noff += k * ns;
        x->ext += k * es;
        n -= k;
    }
    return 0;
}

int ft_dt_pack_ext32(const struct ft_datatype *dt, const void *buf,
                     size_t count, void *out)
{
    struct xconv x = {dt, (unsigned char *)buf, count, 0, out, true};
    return walk(dt, count, xchunk, &x);
}

int ft_dt_unpack_ext32(const struct ft_datatype *dt, void *buf, size_t count,
                       const void *in)
{
    struct xconv x = {dt, buf, count, 0, (unsigned char *)in, false};
    return walk(dt, count, xchunk, &x);
}
