/*
 * op.c -- the predefined reduction operations, their kernels, and user
 * operations.
 *
 * The kernels are generated per (operation, basic type) from one line of
 * arithmetic each; the table of kernels is also the table of which pairs
 * the standard allows (MPI 3.1 section 5.9.2): an empty slot is a
 * disallowed pair and gives MPI_ERR_OP.
 */
#include "core/op.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/datatype.h"
#include "core/magic.h"

typedef void (*kern_fn)(const void *in, void *inout, size_t n);

/* ---- the kernels ------------------------------------------------------ */

/* inout[i] = f(a = in[i], b = inout[i]) */
#define K(name, T, expr)                                                      \
    static void name(const void *in_, void *io_, size_t n)                   \
    {                                                                         \
        const T *in = in_;                                                    \
        T *io = io_;                                                          \
        for (size_t i = 0; i < n; i++) {                                      \
            T a = in[i], b = io[i];                                           \
            io[i] = (T)(expr);                                                \
        }                                                                     \
    }

/* Integer sums and products wrap, as the hardware does, instead of being
 * undefined behaviour on signed overflow. */
#define KU(name, T, U, op)                                                    \
    static void name(const void *in_, void *io_, size_t n)                   \
    {                                                                         \
        const T *in = in_;                                                    \
        T *io = io_;                                                          \
        for (size_t i = 0; i < n; i++)                                        \
            io[i] = (T)((U)in[i] op(U) io[i]);                                \
    }

#define MAXE (a > b ? a : b)
#define MINE (a < b ? a : b)

/* C integers: every arithmetic, logical and bitwise operation. */
#define DEF_CINT(tag, T, U)                                                   \
    K(max_##tag, T, MAXE)                                                     \
    K(min_##tag, T, MINE)                                                     \
    KU(sum_##tag, T, U, +)                                                    \
    KU(prod_##tag, T, U, *)                                                   \
    K(land_##tag, T, a && b)                                                  \
    K(lor_##tag, T, a || b)                                                   \
    K(lxor_##tag, T, !a != !b)                                                \
    K(band_##tag, T, a & b)                                                   \
    K(bor_##tag, T, a | b)                                                    \
    K(bxor_##tag, T, a ^ b)

/* Fortran INTEGER and the multi-language types: no logical operations. */
#define DEF_FINT(tag, T, U)                                                   \
    K(max_##tag, T, MAXE)                                                     \
    K(min_##tag, T, MINE)                                                     \
    KU(sum_##tag, T, U, +)                                                    \
    KU(prod_##tag, T, U, *)                                                   \
    K(band_##tag, T, a & b)                                                   \
    K(bor_##tag, T, a | b)                                                    \
    K(bxor_##tag, T, a ^ b)

#define DEF_FLOAT(tag, T)                                                     \
    K(max_##tag, T, MAXE)                                                     \
    K(min_##tag, T, MINE)                                                     \
    K(sum_##tag, T, a + b)                                                    \
    K(prod_##tag, T, a * b)

#define DEF_COMPLEX(tag, T)                                                   \
    K(sum_##tag, T, a + b)                                                    \
    K(prod_##tag, T, a * b)

#define DEF_LOGICAL(tag, T)                                                   \
    K(land_##tag, T, a && b)                                                  \
    K(lor_##tag, T, a || b)                                                   \
    K(lxor_##tag, T, !a != !b)

/* Value-index pairs, packed: the index follows the value's bytes. */
#define DEF_PAIR(tag, V, I)                                                   \
    static void maxloc_##tag(const void *in_, void *io_, size_t n)           \
    {                                                                         \
        const char *in = in_;                                                 \
        char *io = io_;                                                       \
        for (size_t k = 0; k < n; k++) {                                      \
            V a, b;                                                           \
            I ia, ib;                                                         \
            memcpy(&a, in, sizeof a);                                         \
            memcpy(&b, io, sizeof b);                                         \
            memcpy(&ia, in + sizeof(V), sizeof ia);                           \
            memcpy(&ib, io + sizeof(V), sizeof ib);                           \
            if (a > b || (a == b && ia < ib))                                 \
                memcpy(io, in, sizeof(V) + sizeof(I));                        \
            in += sizeof(V) + sizeof(I);                                      \
            io += sizeof(V) + sizeof(I);                                      \
        }                                                                     \
    }                                                                         \
    static void minloc_##tag(const void *in_, void *io_, size_t n)           \
    {                                                                         \
        const char *in = in_;                                                 \
        char *io = io_;                                                       \
        for (size_t k = 0; k < n; k++) {                                      \
            V a, b;                                                           \
            I ia, ib;                                                         \
            memcpy(&a, in, sizeof a);                                         \
            memcpy(&b, io, sizeof b);                                         \
            memcpy(&ia, in + sizeof(V), sizeof ia);                           \
            memcpy(&ib, io + sizeof(V), sizeof ib);                           \
            if (a < b || (a == b && ia < ib))                                 \
                memcpy(io, in, sizeof(V) + sizeof(I));                        \
            in += sizeof(V) + sizeof(I);                                      \
            io += sizeof(V) + sizeof(I);                                      \
        }                                                                     \
    }

DEF_CINT(char, char, unsigned char)
DEF_CINT(schar, signed char, unsigned char)
DEF_CINT(uchar, unsigned char, unsigned char)
DEF_CINT(short, short, unsigned short)
DEF_CINT(ushort, unsigned short, unsigned short)
DEF_CINT(int, int, unsigned)
DEF_CINT(uint, unsigned, unsigned)
DEF_CINT(long, long, unsigned long)
DEF_CINT(ulong, unsigned long, unsigned long)
DEF_CINT(llong, long long, unsigned long long)
DEF_CINT(ullong, unsigned long long, unsigned long long)
DEF_CINT(i8, int8_t, uint8_t)
DEF_CINT(i16, int16_t, uint16_t)
DEF_CINT(i32, int32_t, uint32_t)
DEF_CINT(i64, int64_t, uint64_t)
DEF_CINT(u8, uint8_t, uint8_t)
DEF_CINT(u16, uint16_t, uint16_t)
DEF_CINT(u32, uint32_t, uint32_t)
DEF_CINT(u64, uint64_t, uint64_t)
DEF_FINT(aint, MPI_Aint, size_t)
DEF_FINT(offset, MPI_Offset, unsigned long long)
DEF_FINT(count, MPI_Count, unsigned long long)
DEF_FLOAT(float, float)
DEF_FLOAT(double, double)
DEF_FLOAT(ldouble, long double)
DEF_COMPLEX(cfloat, float _Complex)
DEF_COMPLEX(cdouble, double _Complex)
DEF_COMPLEX(cldouble, long double _Complex)
DEF_LOGICAL(bool, _Bool)
DEF_PAIR(float_int, float, int)
DEF_PAIR(double_int, double, int)
DEF_PAIR(long_int, long, int)
DEF_PAIR(2int, int, int)
DEF_PAIR(short_int, short, int)
DEF_PAIR(ldouble_int, long double, int)
DEF_PAIR(2real, float, float)
DEF_PAIR(2dprec, double, double)

/* ---- which pairs exist ------------------------------------------------ */

/* C integers take every operation but the pair ones; Fortran INTEGER and
 * the multi-language types (MPI_AINT, MPI_OFFSET, MPI_COUNT) take all but
 * the logical ones. */
#define ROW_ARITH(B, tag)                                                     \
    [FT_OP_MAX][B] = max_##tag, [FT_OP_MIN][B] = min_##tag,                   \
    [FT_OP_SUM][B] = sum_##tag, [FT_OP_PROD][B] = prod_##tag
#define ROW_BITS(B, tag)                                                      \
    [FT_OP_BAND][B] = band_##tag, [FT_OP_BOR][B] = bor_##tag,                 \
    [FT_OP_BXOR][B] = bxor_##tag
#define ROW_LOGIC(B, tag)                                                     \
    [FT_OP_LAND][B] = land_##tag, [FT_OP_LOR][B] = lor_##tag,                 \
    [FT_OP_LXOR][B] = lxor_##tag
#define ROW_CINT(B, tag) ROW_ARITH(B, tag), ROW_BITS(B, tag), ROW_LOGIC(B, tag)
#define ROW_FINT(B, tag) ROW_ARITH(B, tag), ROW_BITS(B, tag)
#define ROW_FLOAT(B, tag) ROW_ARITH(B, tag)
#define ROW_COMPLEX(B, tag)                                                   \
    [FT_OP_SUM][B] = sum_##tag, [FT_OP_PROD][B] = prod_##tag
#define ROW_PAIR(B, tag)                                                      \
    [FT_OP_MAXLOC][B] = maxloc_##tag, [FT_OP_MINLOC][B] = minloc_##tag

static const kern_fn kernels[FT_OP_NKINDS][FT_B_NTYPES] = {
    /* MPI_CHAR is text to the standard, but Open MPI and MPICH reduce it
     * as a C integer and programs rely on it (the OSU benchmarks' default
     * type), so it is one here too. */
    ROW_CINT(FT_B_CHAR, char),
    ROW_CINT(FT_B_SCHAR, schar),
    ROW_CINT(FT_B_UCHAR, uchar),
    ROW_CINT(FT_B_SHORT, short),
    ROW_CINT(FT_B_USHORT, ushort),
    ROW_CINT(FT_B_INT, int),
    ROW_CINT(FT_B_UINT, uint),
    ROW_CINT(FT_B_LONG, long),
    ROW_CINT(FT_B_ULONG, ulong),
    ROW_CINT(FT_B_LLONG, llong),
    ROW_CINT(FT_B_ULLONG, ullong),
    ROW_CINT(FT_B_INT8, i8),
    ROW_CINT(FT_B_INT16, i16),
    ROW_CINT(FT_B_INT32, i32),
    ROW_CINT(FT_B_INT64, i64),
    ROW_CINT(FT_B_UINT8, u8),
    ROW_CINT(FT_B_UINT16, u16),
    ROW_CINT(FT_B_UINT32, u32),
    ROW_CINT(FT_B_UINT64, u64),
    ROW_FINT(FT_B_INTEGER, int),
    ROW_FINT(FT_B_AINT, aint),
    ROW_FINT(FT_B_OFFSET, offset),
    ROW_FINT(FT_B_COUNT, count),
    ROW_FLOAT(FT_B_FLOAT, float),
    ROW_FLOAT(FT_B_DOUBLE, double),
    ROW_FLOAT(FT_B_LDOUBLE, ldouble),
    ROW_FLOAT(FT_B_REAL, float),
    ROW_FLOAT(FT_B_DPREC, double),
    ROW_COMPLEX(FT_B_CFLOAT, cfloat),
    ROW_COMPLEX(FT_B_CDOUBLE, cdouble),
    ROW_COMPLEX(FT_B_CLDOUBLE, cldouble),
    ROW_COMPLEX(FT_B_COMPLEX, cfloat),
    ROW_COMPLEX(FT_B_DCOMPLEX, cdouble),
    ROW_LOGIC(FT_B_BOOL, bool),
    ROW_LOGIC(FT_B_LOGICAL, int),
    ROW_BITS(FT_B_BYTE, u8),
    ROW_PAIR(FT_B_FLOAT_INT, float_int),
    ROW_PAIR(FT_B_DOUBLE_INT, double_int),
    ROW_PAIR(FT_B_LONG_INT, long_int),
    ROW_PAIR(FT_B_2INT, 2int),
    ROW_PAIR(FT_B_SHORT_INT, short_int),
    ROW_PAIR(FT_B_LDOUBLE_INT, ldouble_int),
    ROW_PAIR(FT_B_2INTEGER, 2int),
    ROW_PAIR(FT_B_2REAL, 2real),
    ROW_PAIR(FT_B_2DPREC, 2dprec),
};

/* ---- the predefined objects ------------------------------------------- */

#define PREDEF_OP(cname, kind_, commute_, tname)                              \
    FTMPI_EXPORT struct ft_op ftmpi_op_##cname = {                            \
        .magic = FT_MAGIC_OP,                                                 \
        .refcount = 1,                                                        \
        .predefined = true,                                                   \
        .commute = commute_,                                                  \
        .kind = kind_,                                                        \
        .name = tname,                                                        \
    };

PREDEF_OP(max, FT_OP_MAX, true, "MPI_MAX")
PREDEF_OP(min, FT_OP_MIN, true, "MPI_MIN")
PREDEF_OP(sum, FT_OP_SUM, true, "MPI_SUM")
PREDEF_OP(prod, FT_OP_PROD, true, "MPI_PROD")
PREDEF_OP(land, FT_OP_LAND, true, "MPI_LAND")
PREDEF_OP(band, FT_OP_BAND, true, "MPI_BAND")
PREDEF_OP(lor, FT_OP_LOR, true, "MPI_LOR")
PREDEF_OP(bor, FT_OP_BOR, true, "MPI_BOR")
PREDEF_OP(lxor, FT_OP_LXOR, true, "MPI_LXOR")
PREDEF_OP(bxor, FT_OP_BXOR, true, "MPI_BXOR")
PREDEF_OP(maxloc, FT_OP_MAXLOC, true, "MPI_MAXLOC")
PREDEF_OP(minloc, FT_OP_MINLOC, true, "MPI_MINLOC")
/* a op b = a for REPLACE (the lower rank's value wins, as the origin
 * replaces the target in an accumulate) and b for NO_OP: neither is
 * commutative. */
PREDEF_OP(replace, FT_OP_REPLACE, false, "MPI_REPLACE")
PREDEF_OP(no_op, FT_OP_NO_OP, false, "MPI_NO_OP")

struct ft_op *ft_op_new(MPI_User_function *fn, bool commute)
{
    struct ft_op *op = calloc(1, sizeof *op);
    if (!op)
        return NULL;
    op->magic = FT_MAGIC_OP;
    op->refcount = 1;
    op->commute = commute;
    op->kind = FT_OP_USER;
    op->fn = fn;
    op->name = "user operation";
    return op;
}

void ft_op_retain(struct ft_op *op)
{
    if (!op->predefined)
        op->refcount++;
}

void ft_op_release(struct ft_op *op)
{
    if (op->predefined || --op->refcount > 0)
        return;
    op->magic = 0;
    free(op);
}

bool ft_op_valid(const struct ft_op *op, const struct ft_datatype *dt)
{
    if (op->kind == FT_OP_USER || op->kind == FT_OP_REPLACE ||
        op->kind == FT_OP_NO_OP)
        return true;
    if (dt->size == 0)
        return true; /* nothing to combine: any type will do */
    return dt->basic > FT_B_NONE && dt->basic < FT_B_NTYPES &&
           kernels[op->kind][dt->basic] != NULL;
}

/* A user function over count elements laid out as dt expects. */
static void call_user(const struct ft_op *op, struct ft_datatype *dt,
                      const char *in, char *inout, size_t count)
{
    MPI_Datatype d = dt;
    size_t ext = ft_dt_extent(dt);
    while (count > 0) {
        int n = count > INT_MAX ? INT_MAX : (int)count;
        op->fn((void *)in, inout, &n, &d);
        in += (size_t)n * ext;
        inout += (size_t)n * ext;
        count -= (size_t)n;
    }
}

int ft_op_apply(const struct ft_op *op, struct ft_datatype *dt,
                const void *in, void *inout, size_t count)
{
    size_t bytes = count * dt->size;
    if (bytes == 0)
        return 0;
    switch (op->kind) {
    case FT_OP_NO_OP:
        return 0;
    case FT_OP_REPLACE:
        memcpy(inout, in, bytes);
        return 0;
    case FT_OP_USER:
        break;
    default: {
        kern_fn k = kernels[op->kind][dt->basic];
        k(in, inout, bytes / ft_basic_size(dt->basic));
        return 0;
    }
    }
    if (ft_dt_contig(dt)) {
        /* The packed stream is the data itself; the function expects a
         * pointer to where the elements begin. */
        call_user(op, dt, (const char *)in - dt->true_lb,
                  (char *)inout - dt->true_lb, count);
        return 0;
    }
    /* Lay both operands out as dt says, call, and pack the result. */
    size_t ext = ft_dt_extent(dt);
    size_t span = (count - 1) * ext + (size_t)(dt->true_ub - dt->true_lb);
    char *a = malloc(span ? span : 1), *b = malloc(span ? span : 1);
    if (!a || !b) {
        free(a);
        free(b);
        return -ENOMEM;
    }
    char *ta = a - dt->true_lb, *tb = b - dt->true_lb;
    ft_dt_unpack(dt, ta, count, 0, in, bytes);
    ft_dt_unpack(dt, tb, count, 0, inout, bytes);
    call_user(op, dt, ta, tb, count);
    ft_dt_pack(dt, tb, count, 0, inout, bytes);
    free(a);
    free(b);
    return 0;
}
