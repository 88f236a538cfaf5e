/* Unit tests of info objects: order of keys, replacement, deletion,
 * duplication and merging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/info.h"
#include "core/magic.h"

static void set_get_replace_delete(void **state)
{
    (void)state;
    struct ft_info *i = ft_info_new();
    assert_non_null(i);
    assert_int_equal(i->magic, FT_MAGIC_INFO);
    assert_int_equal(ft_info_set(i, "a", "1"), 0);
    assert_int_equal(ft_info_set(i, "b", "2"), 0);
    assert_int_equal(ft_info_set(i, "c", "3"), 0);
    assert_int_equal(ft_info_set(i, "a", "one"), 0); /* keeps its place */
    assert_int_equal(i->n, 3);
    assert_string_equal(i->keys[0], "a");
    assert_string_equal(ft_info_get(i, "a"), "one");
    assert_null(ft_info_get(i, "zz"));
    assert_int_equal(ft_info_delete(i, "b"), 0);
    assert_int_equal(ft_info_delete(i, "b"), -ENOENT);
    assert_int_equal(i->n, 2);
    assert_string_equal(i->keys[1], "c");
    assert_string_equal(i->values[1], "3");
    ft_info_release(i);
}

static void dup_and_merge(void **state)
{
    (void)state;
    struct ft_info *i = ft_info_new(), *d, *m = ft_info_new();
    for (int k = 0; k < 20; k++) { /* past the first growth */
        char key[8], val[8];
        snprintf(key, sizeof key, "k%d", k);
        snprintf(val, sizeof val, "v%d", k);
        assert_int_equal(ft_info_set(i, key, val), 0);
    }
    assert_int_equal(ft_info_dup(i, &d), 0);
    assert_int_equal(d->n, 20);
    assert_string_equal(d->keys[19], "k19");
    assert_false(d->predefined);
    assert_int_equal(ft_info_set(m, "k3", "old"), 0);
    assert_int_equal(ft_info_set(m, "mine", "x"), 0);
    assert_int_equal(ft_info_merge(m, d), 0);
    assert_int_equal(m->n, 21);
    assert_string_equal(ft_info_get(m, "k3"), "v3");
    assert_string_equal(ft_info_get(m, "mine"), "x");
    ft_info_release(i);
    ft_info_release(d);
    ft_info_release(m);
    ft_info_release(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_get_replace_delete),
        cmocka_unit_test(dup_and_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
