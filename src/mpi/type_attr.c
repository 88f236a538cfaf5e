/*
 * type_attr.c -- attributes cached on datatypes (MPI 3.1 section 6.7.4),
 * on the keyval machinery of core/attr.h that communicators share.
 */
#include "core/attr.h"
#include "mpi/api.h"

#pragma weak MPI_Type_create_keyval = PMPI_Type_create_keyval
#pragma weak MPI_Type_free_keyval = PMPI_Type_free_keyval
#pragma weak MPI_Type_set_attr = PMPI_Type_set_attr
#pragma weak MPI_Type_get_attr = PMPI_Type_get_attr
#pragma weak MPI_Type_delete_attr = PMPI_Type_delete_attr

/* The predefined copy function that copies the value itself. */
int MPI_TYPE_DUP_FN(MPI_Datatype oldtype, int type_keyval, void *extra_state,
                    void *attribute_val_in, void *attribute_val_out,
                    int *flag)
{
    (void)oldtype;
    (void)type_keyval;
    (void)extra_state;
    *(void **)attribute_val_out = attribute_val_in;
    *flag = 1;
    return MPI_SUCCESS;
}

#define CHECK_KEYVAL(k, fn)                                                   \
    FT_CHECK_ARG(ft_attr_keyval_valid(FT_ATTR_TYPE, k), NULL, MPI_ERR_KEYVAL, \
                 fn, "type_keyval = %d is not a datatype keyval", k)
/* Getting and deleting also accept a freed keyval that attributes still
 * use, as for communicators. */
#define CHECK_KEYVAL_ALIVE(k, fn)                                             \
    FT_CHECK_ARG(ft_attr_keyval_alive(FT_ATTR_TYPE, k), NULL, MPI_ERR_KEYVAL, \
                 fn, "type_keyval = %d is not a datatype keyval", k)

int PMPI_Type_create_keyval(MPI_Type_copy_attr_function *type_copy_attr_fn,
                            MPI_Type_delete_attr_function *type_delete_attr_fn,
                            int *type_keyval, void *extra_state)
{
    static const char fn[] = "MPI_Type_create_keyval";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(type_keyval, NULL, MPI_ERR_ARG, fn, "type_keyval is NULL");
    struct ft_attr_fns fns = {.kind = FT_ATTR_TYPE};
    fns.copy.type = type_copy_attr_fn;
    fns.del.type = type_delete_attr_fn;
    return ft_api_ret(NULL,
                      ft_attr_keyval_create(&fns, extra_state, type_keyval),
                      fn);
}

int PMPI_Type_free_keyval(int *type_keyval)
{
    static const char fn[] = "MPI_Type_free_keyval";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(type_keyval, NULL, MPI_ERR_ARG, fn, "type_keyval is NULL");
    CHECK_KEYVAL(*type_keyval, fn);
    ft_attr_keyval_free(FT_ATTR_TYPE, *type_keyval);
    *type_keyval = MPI_KEYVAL_INVALID;
    return MPI_SUCCESS;
}

int PMPI_Type_set_attr(MPI_Datatype datatype, int type_keyval,
                       void *attribute_val)
{
    static const char fn[] = "MPI_Type_set_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    CHECK_KEYVAL(type_keyval, fn);
    return ft_api_ret(NULL,
                      ft_attr_set(&datatype->attrs, datatype, FT_ATTR_TYPE,
                                  type_keyval, attribute_val),
                      fn);
}

int PMPI_Type_get_attr(MPI_Datatype datatype, int type_keyval,
                       void *attribute_val, int *flag)
{
    static const char fn[] = "MPI_Type_get_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    CHECK_KEYVAL_ALIVE(type_keyval, fn);
    FT_CHECK_ARG(attribute_val && flag, NULL, MPI_ERR_ARG, fn,
                 "attribute_val or flag is NULL");
    bool found = false;
    void *val = NULL;
    int rc = ft_attr_get(datatype->attrs, FT_ATTR_TYPE, type_keyval, &val,
                         &found);
    if (rc)
        return ft_api_ret(NULL, rc, fn);
    *flag = found;
    if (found)
        *(void **)attribute_val = val;
    return MPI_SUCCESS;
}

int PMPI_Type_delete_attr(MPI_Datatype datatype, int type_keyval)
{
    static const char fn[] = "MPI_Type_delete_attr";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_type_ok(datatype), NULL, MPI_ERR_TYPE, fn,
                 "invalid datatype (argument datatype)");
    CHECK_KEYVAL_ALIVE(type_keyval, fn);
    return ft_api_ret(NULL,
                      ft_attr_delete(&datatype->attrs, datatype, FT_ATTR_TYPE,
                                     type_keyval),
                      fn);
}
