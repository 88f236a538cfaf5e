/*
 * op.c -- reduction operations (MPI 5.9.5-5.9.7): Op_create, Op_free,
 * Op_commutative and Reduce_local.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/op.h"
#include "mpi/api.h"

#pragma weak MPI_Op_create = PMPI_Op_create
#pragma weak MPI_Op_free = PMPI_Op_free
#pragma weak MPI_Op_commutative = PMPI_Op_commutative
#pragma weak MPI_Reduce_local = PMPI_Reduce_local

static bool op_ok(MPI_Op op)
{
    return op && op->magic == FT_MAGIC_OP;
}

int PMPI_Op_create(MPI_User_function *user_fn, int commute, MPI_Op *op)
{
    static const char fn[] = "MPI_Op_create";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(user_fn, NULL, MPI_ERR_ARG, fn, "user_fn is NULL");
    FT_CHECK_ARG(op, NULL, MPI_ERR_ARG, fn, "op is NULL");
    struct ft_op *o = ft_op_new(user_fn, commute != 0);
    FT_CHECK_ARG(o, NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    *op = o;
    return MPI_SUCCESS;
}

int PMPI_Op_free(MPI_Op *op)
{
    static const char fn[] = "MPI_Op_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(op, NULL, MPI_ERR_ARG, fn, "op is NULL");
    FT_CHECK_ARG(op_ok(*op), NULL, MPI_ERR_OP, fn,
                 "invalid operation (argument op)");
    FT_CHECK_ARG(!(*op)->predefined, NULL, MPI_ERR_OP, fn,
                 "%s is predefined and cannot be freed", (*op)->name);
    /* A pending non-blocking collective keeps its own reference. */
    ft_op_release(*op);
    *op = MPI_OP_NULL;
    return MPI_SUCCESS;
}

int PMPI_Op_commutative(MPI_Op op, int *commute)
{
    static const char fn[] = "MPI_Op_commutative";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(op_ok(op), NULL, MPI_ERR_OP, fn,
                 "invalid operation (argument op)");
    FT_CHECK_ARG(commute, NULL, MPI_ERR_ARG, fn, "commute is NULL");
    *commute = op->commute;
    return MPI_SUCCESS;
}

int PMPI_Reduce_local(const void *inbuf, void *inoutbuf, int count,
                      MPI_Datatype datatype, MPI_Op op)
{
    static const char fn[] = "MPI_Reduce_local";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(count >= 0, NULL, MPI_ERR_COUNT, fn,
                 "count=%d is negative", count);
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    FT_CHECK_ARG(datatype->flags & FT_DT_COMMITTED, NULL, MPI_ERR_TYPE, fn,
                 "the datatype is not committed (argument datatype)");
    FT_CHECK_ARG(op_ok(op), NULL, MPI_ERR_OP, fn,
                 "invalid operation (argument op)");
    FT_CHECK_ARG(ft_op_valid(op, datatype), NULL, MPI_ERR_OP, fn,
                 "%s is not defined for datatype %s (arguments op and "
                 "datatype)",
                 op->name, datatype->name[0] ? datatype->name : "(derived)");
    FT_CHECK_ARG(inbuf != MPI_IN_PLACE && inoutbuf != MPI_IN_PLACE, NULL,
                 MPI_ERR_BUFFER, fn,
                 "MPI_IN_PLACE is not allowed (argument inbuf or inoutbuf)");
    size_t bytes = (size_t)count * datatype->size;
    FT_CHECK_ARG(bytes == 0 || (inbuf && inoutbuf) ||
                     !(datatype->flags & FT_DT_PREDEF),
                 NULL, MPI_ERR_BUFFER, fn, "inbuf or inoutbuf is NULL");
    if (bytes == 0)
        return MPI_SUCCESS;
    int rc;
    if (ft_dt_contig(datatype)) {
        rc = ft_op_apply(op, datatype, (const char *)inbuf + datatype->true_lb,
                         (char *)inoutbuf + datatype->true_lb, (size_t)count);
    } else {
        /* Reductions work on packed data. */
        char *a = malloc(bytes), *b = malloc(bytes);
        rc = a && b ? 0 : -ENOMEM;
        if (rc == 0) {
            ft_dt_pack(datatype, inbuf, (size_t)count, 0, a, bytes);
            ft_dt_pack(datatype, inoutbuf, (size_t)count, 0, b, bytes);
            rc = ft_op_apply(op, datatype, a, b, (size_t)count);
            if (rc == 0)
                ft_dt_unpack(datatype, inoutbuf, (size_t)count, 0, b, bytes);
        }
        free(a);
        free(b);
    }
    return ft_api_ret(NULL, rc, fn);
}
