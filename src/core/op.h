/*
 * op.h -- reduction operations: the predefined ones (MPI_SUM ... MPI_NO_OP)
 * and those made by MPI_Op_create.
 *
 * Reductions work on packed data: the byte stream ft_dt_pack makes of
 * count elements of a datatype.  For a contiguous datatype that is the
 * user's memory itself; for any other it is a copy.  A predefined operation
 * sees the stream as a run of basic elements (all of one type: dt->basic)
 * and applies a kernel to it; value-index pairs are packed without padding
 * (MPI_DOUBLE_INT is 12 bytes).  A user function is called with the
 * element layout it expects, and with the user's datatype.
 *
 * Combining order: inout[i] = in[i] op inout[i], where in holds the
 * contribution of the lower ranks, as for MPI_User_function.
 */
#ifndef FT_CORE_OP_H
#define FT_CORE_OP_H

#include <stdbool.h>
#include <stddef.h>

#include <mpi.h>

struct ft_datatype;

enum ft_op_kind {
    FT_OP_MAX, FT_OP_MIN, FT_OP_SUM, FT_OP_PROD, FT_OP_LAND, FT_OP_BAND,
    FT_OP_LOR, FT_OP_BOR, FT_OP_LXOR, FT_OP_BXOR, FT_OP_MAXLOC,
    FT_OP_MINLOC, FT_OP_REPLACE, FT_OP_NO_OP,
    FT_OP_USER,
    FT_OP_NKINDS
};

struct ft_op {
    unsigned magic;      /* FT_MAGIC_OP while valid */
    int refcount;        /* the user's handle plus pending collectives */
    bool predefined;
    bool commute;
    enum ft_op_kind kind;
    MPI_User_function *fn; /* FT_OP_USER */
    const char *name;
};

/* Makes a user operation (MPI_Op_create).  NULL when out of memory. */
struct ft_op *ft_op_new(MPI_User_function *fn, bool commute);

/* Reference counting: an operation lives while its handle or a pending
 * collective uses it.  Predefined operations ignore both calls. */
void ft_op_retain(struct ft_op *op);
void ft_op_release(struct ft_op *op);

/* Whether op may reduce data of type dt (user operations: always).  A
 * predefined operation needs a datatype made of one basic type that the
 * standard allows for it; MPI_REPLACE and MPI_NO_OP take any datatype. */
bool ft_op_valid(const struct ft_op *op, const struct ft_datatype *dt);

/* inout = in op inout over count elements of dt, both packed.  The buffers
 * may not overlap.  Returns 0 or -ENOMEM (a user function on a
 * non-contiguous datatype needs scratch memory).  Never blocks. */
int ft_op_apply(const struct ft_op *op, struct ft_datatype *dt,
                const void *in, void *inout, size_t count);

#endif
