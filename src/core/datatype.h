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
/* The bound was set explicitly (MPI_LB/MPI_UB in a struct, a resized or
 * subarray type, or a type built from one): it overrides the data's
 * extent wherever the type is used, as the standard's lb_marker and
 * ub_marker do. */
#define FT_DT_STICKY_LB 8u
#define FT_DT_STICKY_UB 16u

/* A derived type needing more runs than this is refused (-ENOMEM): each
 * run is 32 bytes, and a layout this irregular is better sent packed. */
#define FT_DT_MAX_RUNS ((size_t)1 << 24)

struct ft_attr_list;

struct ft_datatype {
    uint32_t magic; /* FT_MAGIC_TYPE while valid */
    int refcount;
    uint16_t flags;
    uint16_t basic;         /* enum ft_basic all data is made of, or NONE */
    uint16_t align;         /* largest alignment of the basic types in it */
    size_t size;            /* bytes of data in one element */
    ptrdiff_t lb, ub;       /* extent = ub - lb */
    ptrdiff_t true_lb, true_ub;
    size_t nbasic;          /* basic elements in one element */
    struct ft_dt_run *runs; /* one element's data, in typemap order */
    size_t nruns;
    size_t *run_start;      /* packed offset of each run in an element */
    /* How it was made, for MPI_Type_get_envelope/contents, and for walking
     * the type signature (basic elements in typemap order). */
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

/* Appends run r to the n runs at runs (room for one more is the caller's
 * job), keeping the list folded: empty runs vanish, a run whose blocks
 * touch becomes one block, and a run that continues the arithmetic
 * sequence of blocks of the last one (same block length, same stride, or
 * adjacent single blocks) merges into it.  Typemap order is kept. */
void ft_dt_run_append(struct ft_dt_run *runs, size_t *n, struct ft_dt_run r);

/* Finishes a new type whose runs, lb and ub are set: folds the runs again,
 * and sets run starts, size, true_lb/true_ub (from the data itself) and
 * the CONTIG flag.  Returns 0 or -ENOMEM. */
int ft_dt_finish(struct ft_datatype *dt);

/* Frees a derived type (its refcount reached zero): runs the delete
 * callbacks of attributes still set on it (their results have nowhere to
 * go), releases the types it was made from, frees its memory.  Predefined
 * types are left alone. */
void ft_dt_destroy(struct ft_datatype *dt);

/* ---- constructors (datatype_build.c) ---------------------------------- */

/* Makes a derived type from its envelope: combiner (MPI_COMBINER_*) and
 * the arrays exactly as MPI_Type_get_contents returns them, e.g. for
 * MPI_COMBINER_VECTOR ints = {count, blocklength, stride} and types =
 * {oldtype}.  The API layer has checked the arguments; the core trusts
 * them.  The arrays are copied and the types retained.  The new type has
 * refcount 1, is flattened into runs, has its bounds, size, alignment and
 * basic kind set, and is uncommitted (a DUP inherits the committed state).
 * Attributes are not copied here.  Returns 0, -ENOMEM (also when the
 * layout needs more than FT_DT_MAX_RUNS runs) or -EOVERFLOW (size or
 * bounds do not fit in the address space).  Never blocks. */
int ft_dt_create(int combiner, int nints, const int *ints, int naints,
                 const ptrdiff_t *aints, int ntypes,
                 struct ft_datatype *const *types, struct ft_datatype **out);

/* ---- the type signature (datatype_sig.c) ------------------------------ */

/* Basic elements in the first `bytes` bytes of the packed stream of dt
 * elements (any number of them), or -1 if bytes ends inside a basic
 * element.  MPI_Get_elements.  Cost: the nesting depth times the blocks of
 * one element, never the number of elements. */
int64_t ft_dt_elements(const struct ft_datatype *dt, size_t bytes);

/* Bytes of packed stream that hold the first n basic elements of a stream
 * of dt elements (MPI_Status_set_elements).  0 for a type without data. */
size_t ft_dt_elements_bytes(const struct ft_datatype *dt, uint64_t n);

/* Calls fn(arg, kind, n) for the basic elements of count elements of dt in
 * typemap order, n at a time for runs of the same kind (pairs such as
 * MPI_DOUBLE_INT appear as their two members).  Stops at and returns the
 * first non-zero result of fn. */
int ft_dt_signature(const struct ft_datatype *dt, size_t count,
                    int (*fn)(void *arg, enum ft_basic kind, size_t n),
                    void *arg);

/* Size in bytes of one element of dt in the "external32" representation
 * (MPI 3.1 section 13.5.2): big-endian, fixed sizes (long is 4 bytes,
 * long double 16).  Sets *size and returns 0, or -EOVERFLOW. */
int ft_dt_ext32_size(const struct ft_datatype *dt, size_t *size);

/* Converts count elements of dt at buf into external32 at out (which has
 * room for count * ft_dt_ext32_size bytes).  Returns 0, -ERANGE when a
 * value does not fit its external32 size (a long beyond 32 bits, a wide
 * character beyond 16; out is then partly written), or -ENOTSUP (see
 * below). */
int ft_dt_pack_ext32(const struct ft_datatype *dt, const void *buf,
                     size_t count, void *out);

/* The reverse: reads count elements of external32 data at in into their
 * places at buf.  Returns 0, -ERANGE (a value that does not fit the
 * native type, possible only where a native type is smaller than its
 * external32 size), or -ENOTSUP (a long double format other than x87
 * extended or binary128). */
int ft_dt_unpack_ext32(const struct ft_datatype *dt, void *buf, size_t count,
                       const void *in);

/* Bytes one basic element takes in external32 (0 for markers). */
size_t ft_basic_ext32_size(enum ft_basic b);

#endif
