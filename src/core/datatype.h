/*
 * datatype.h -- datatypes: layout of typed data in memory, and the engine
 * that packs it into a byte stream and unpacks it back.
 *
 * One element of a datatype is described by its runs: "count blocks of len
 * bytes, the first at disp, each stride bytes after the previous", in
 * typemap order.  Constructors flatten nested types into runs and merge
 * neighbours, so a vector of doubles is one run however long it is and a
 * contiguous type is one block.  Element i of a buffer starts at
 * buf + i * extent.  Packing can start at any byte of the stream, which is
 * what pipelined and fragmented transfers need: the start is found by binary
 * search over the runs, never by walking from the beginning.
 */
#ifndef FT_CORE_DATATYPE_H
#define FT_CORE_DATATYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* The predefined element types, for reductions and MPI_Get_elements. */
enum ft_basic {
    FT_B_NONE = 0, /* a mix of types */
    FT_B_CHAR, FT_B_SCHAR, FT_B_UCHAR, FT_B_BYTE, FT_B_WCHAR,
    FT_B_SHORT, FT_B_USHORT, FT_B_INT, FT_B_UINT, FT_B_LONG, FT_B_ULONG,
    FT_B_LLONG, FT_B_ULLONG, FT_B_FLOAT, FT_B_DOUBLE, FT_B_LDOUBLE,
    FT_B_BOOL, FT_B_INT8, FT_B_INT16, FT_B_INT32, FT_B_INT64, FT_B_UINT8,
    FT_B_UINT16, FT_B_UINT32, FT_B_UINT64, FT_B_AINT, FT_B_OFFSET,
    FT_B_COUNT, FT_B_CFLOAT, FT_B_CDOUBLE, FT_B_CLDOUBLE, FT_B_PACKED,
    /* value-index pairs, for MAXLOC and MINLOC */
    FT_B_FLOAT_INT, FT_B_DOUBLE_INT, FT_B_LONG_INT, FT_B_2INT,
    FT_B_SHORT_INT, FT_B_LDOUBLE_INT,
    /* Fortran types as C sees them */
    FT_B_INTEGER, FT_B_REAL, FT_B_DPREC, FT_B_COMPLEX, FT_B_DCOMPLEX,
    FT_B_LOGICAL, FT_B_CHARACTER, FT_B_2INTEGER, FT_B_2REAL, FT_B_2DPREC,
    FT_B_LB, FT_B_UB, /* markers, no data */
    FT_B_NTYPES
};

struct ft_dt_run {
    ptrdiff_t disp;   /* byte offset of the first block from the element */
    size_t len;       /* bytes in each block */
    size_t count;     /* number of blocks */
    ptrdiff_t stride; /* bytes from one block to the next */
};

#define FT_DT_PREDEF 1u    /* predefined: never freed */
#define FT_DT_COMMITTED 2u
#define FT_DT_CONTIG 4u    /* count elements are one block at buf+true_lb */

struct ft_attr_list;

struct ft_datatype {
    uint32_t magic; /* FT_MAGIC_TYPE while valid */
    int refcount;
    uint16_t flags;
    uint16_t basic;         /* enum ft_basic all data is made of, or NONE */
    size_t size;            /* bytes of data in one element */
    ptrdiff_t lb, ub;       /* extent = ub - lb */
    ptrdiff_t true_lb, true_ub;
    size_t nbasic;          /* basic elements in one element */
    struct ft_dt_run *runs; /* one element's data, in typemap order */
    size_t nruns;
    size_t *run_start;      /* packed offset of each run in an element */
    /* How it was made, for MPI_Type_get_envelope/contents. */
    int combiner;
    int nints, naints, ntypes;
    int *ints;
    ptrdiff_t *aints;
    struct ft_datatype **types;
    struct ft_attr_list *attrs;
    char name[128];
};

static inline size_t ft_dt_extent(const struct ft_datatype *dt)
{
    return (size_t)(dt->ub - dt->lb);
}

static inline bool ft_dt_contig(const struct ft_datatype *dt)
{
    return dt->flags & FT_DT_CONTIG;
}

/* The predefined type for a basic kind (NULL for FT_B_NONE). */
struct ft_datatype *ft_dt_basic_type(enum ft_basic b);

/* Size in bytes of one basic element (0 for NONE and markers). */
size_t ft_basic_size(enum ft_basic b);

/* Copies bytes [off, off+len) of the packed stream of count elements at
 * buf into out.  Returns the bytes copied (less than len only at the end of
 * the stream). */
size_t ft_dt_pack(const struct ft_datatype *dt, const void *buf, size_t count,
                  size_t off, void *out, size_t len);

/* Copies len bytes of packed stream, which start at stream offset off,
 * from in into their places in the count elements at buf.  Returns the
 * bytes used. */
size_t ft_dt_unpack(const struct ft_datatype *dt, void *buf, size_t count,
                    size_t off, const void *in, size_t len);

/* Describes bytes [off, off+maxbytes) of the stream as memory ranges for
 * readv-style copies.  Fills at most maxiov entries; returns how many and
 * sets *bytes to the stream bytes they cover. */
int ft_dt_iov(const struct ft_datatype *dt, const void *buf, size_t count,
              size_t off, size_t maxbytes, struct iovec *iov, int maxiov,
              size_t *bytes);

/* Reference counting: derived types live while a pending operation or a
 * derived type uses them.  Predefined types ignore both calls. */
void ft_dt_retain(struct ft_datatype *dt);
void ft_dt_release(struct ft_datatype *dt);

/* Finishes a new type: sets flags, run starts.  Returns 0 or -ENOMEM. */
int ft_dt_finish(struct ft_datatype *dt);

/* Frees a derived type's memory (refcount reached zero). */
void ft_dt_destroy(struct ft_datatype *dt);

#endif
