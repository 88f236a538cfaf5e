/* Unit tests of the attribute module for communicator keyvals: callbacks
 * get the object and value, a freed keyval lives on for the attributes
 * that use it (readable and deletable, not settable), kinds stay apart,
 * deletion goes last-set-first.  (test_datatype covers datatype keyvals.)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/attr.h"

/* What the callbacks saw, one entry per call: "c<value>" or "d<value>". */
static char events[128];
static void *last_obj;
static int fail_delete_value = -1;

static void note(char what, MPI_Comm obj, void *v)
{
    size_t n = strlen(events);
    snprintf(events + n, sizeof events - n, "%c%ld", what, (long)(intptr_t)v);
    last_obj = obj;
}

static int copy_plus(MPI_Comm c, int k, void *extra, void *in, void *out,
                     int *flag)
{
    (void)k;
    note('c', c, in);
    *(void **)out = (void *)((intptr_t)in + (intptr_t)extra);
    *flag = 1;
    return MPI_SUCCESS;
}

static int del(MPI_Comm c, int k, void *v, void *extra)
{
    (void)k;
    (void)extra;
    note('d', c, v);
    return (intptr_t)v == fail_delete_value ? MPI_ERR_OTHER : MPI_SUCCESS;
}

static int reset(void **state)
{
    (void)state;
    events[0] = 0;
    fail_delete_value = -1;
    return 0;
}

#define V(x) ((void *)(intptr_t)(x))
#define OBJ(x) ((void *)(intptr_t)(x))

static int comm_keyval(intptr_t extra)
{
    struct ft_attr_fns fns = {.kind = FT_ATTR_COMM};
    fns.copy.comm = copy_plus;
    fns.del.comm = del;
    int k;
    assert_int_equal(ft_attr_keyval_create(&fns, V(extra), &k), 0);
    return k;
}

static void callbacks_get_object_and_value(void **state)
{
    (void)state;
    int k = comm_keyval(100);
    struct ft_attr_list *l = NULL, *l2 = NULL;
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, k, V(5)), 0);
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, k, V(6)), 0);
    assert_string_equal(events, "d5");
    assert_ptr_equal(last_obj, OBJ(1));
    assert_int_equal(ft_attr_copy_all(l, OBJ(1), FT_ATTR_COMM, &l2, OBJ(2)),
                     0);
    assert_string_equal(events, "d5c6");
    assert_ptr_equal(last_obj, OBJ(1)); /* the copy sees the old object */
    void *v;
    bool found;
    assert_int_equal(ft_attr_get(l2, FT_ATTR_COMM, k, &v, &found), 0);
    assert_true(found);
    assert_ptr_equal(v, V(106));
    assert_int_equal(ft_attr_delete_all(&l2, OBJ(2), FT_ATTR_COMM), 0);
    assert_ptr_equal(last_obj, OBJ(2));
    assert_int_equal(ft_attr_delete(&l, OBJ(1), FT_ATTR_COMM, k), 0);
    assert_string_equal(events, "d5c6d106d6");
    ft_attr_list_free(&l);
    ft_attr_list_free(&l2);
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_COMM, k), 0);
}

static void freed_keyval_lives_for_its_attributes(void **state)
{
    (void)state;
    int k = comm_keyval(0);
    struct ft_attr_list *l = NULL;
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, k, V(7)), 0);
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_COMM, k), 0);
    /* The user's handle is gone: no second free, no new values... */
    assert_false(ft_attr_keyval_valid(FT_ATTR_COMM, k));
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_COMM, k), -EINVAL);
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, k, V(8)), -EINVAL);
    /* ...but the attribute can still be read and deleted by number. */
    assert_true(ft_attr_keyval_alive(FT_ATTR_COMM, k));
    void *v;
    bool found;
    assert_int_equal(ft_attr_get(l, FT_ATTR_COMM, k, &v, &found), 0);
    assert_true(found);
    assert_ptr_equal(v, V(7));
    /* A failing delete keeps the attribute, and so the keyval. */
    fail_delete_value = 7;
    assert_int_equal(ft_attr_delete(&l, OBJ(1), FT_ATTR_COMM, k),
                     MPI_ERR_OTHER);
    assert_true(ft_attr_keyval_alive(FT_ATTR_COMM, k));
    fail_delete_value = -1;
    assert_int_equal(ft_attr_delete(&l, OBJ(1), FT_ATTR_COMM, k), 0);
    /* The last use is gone: so is the keyval. */
    assert_false(ft_attr_keyval_alive(FT_ATTR_COMM, k));
    assert_int_equal(ft_attr_get(l, FT_ATTR_COMM, k, &v, &found), -EINVAL);
    ft_attr_list_free(&l);
}

static void kinds_and_predefined_numbers(void **state)
{
    (void)state;
    int k = comm_keyval(0);
    assert_true(k > FTMPI_KEYVAL_BUILTIN_LAST);
    assert_true(ft_attr_keyval_alive(FT_ATTR_COMM, k));
    assert_false(ft_attr_keyval_alive(FT_ATTR_TYPE, k));
    struct ft_attr_list *l = NULL;
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_TYPE, k, V(1)), -EINVAL);
    for (int i = MPI_KEYVAL_INVALID; i <= FTMPI_KEYVAL_BUILTIN_LAST; i++)
        assert_false(ft_attr_keyval_alive(FT_ATTR_COMM, i));
    assert_int_equal(ft_attr_keyval_free(FT_ATTR_COMM, k), 0);
}

static void delete_all_last_set_first(void **state)
{
    (void)state;
    int a = comm_keyval(0), b = comm_keyval(0), c = comm_keyval(0);
    struct ft_attr_list *l = NULL;
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, a, V(1)), 0);
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, b, V(2)), 0);
    assert_int_equal(ft_attr_set(&l, OBJ(1), FT_ATTR_COMM, c, V(3)), 0);
    fail_delete_value = 2;
    assert_int_equal(ft_attr_delete_all(&l, OBJ(1), FT_ATTR_COMM),
                     MPI_ERR_OTHER);
    fail_delete_value = -1;
    assert_int_equal(ft_attr_delete_all(&l, OBJ(1), FT_ATTR_COMM), 0);
    assert_string_equal(events, "d3d2d2d1");
    ft_attr_list_free(&l);
    ft_attr_keyval_free(FT_ATTR_COMM, a);
    ft_attr_keyval_free(FT_ATTR_COMM, b);
    ft_attr_keyval_free(FT_ATTR_COMM, c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(callbacks_get_object_and_value, reset),
        cmocka_unit_test_setup(freed_keyval_lives_for_its_attributes, reset),
        cmocka_unit_test_setup(kinds_and_predefined_numbers, reset),
        cmocka_unit_test_setup(delete_all_last_set_first, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
