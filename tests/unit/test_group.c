/* Unit tests of groups: set operations in the standard's orders,
 * translation, comparison, inclusion and exclusion, empty results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/group.h"
#include "core/match.h"
#include "core/proc.h"

static struct ft_proc procs[10];

/* A group of the procs with the given world ranks; self is procs[0]. */
static struct ft_group *grp(int n, const int *wr)
{
    struct ft_proc *p[10];
    for (int i = 0; i < n; i++)
        p[i] = &procs[wr[i]];
    struct ft_group *g = ft_group_new(p, n, &procs[0]);
    assert_non_null(g);
    return g;
}

static void assert_members(const struct ft_group *g, int n, const int *wr)
{
    assert_int_equal(g->size, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(g->procs[i]->world_rank, wr[i]);
}

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < 10; i++)
        procs[i].world_rank = i;
    return 0;
}

static void set_operations_keep_the_standard_order(void **state)
{
    (void)state;
    struct ft_group *a = grp(4, (int[]){5, 1, 3, 0});
    struct ft_group *b = grp(4, (int[]){2, 3, 7, 5});
    struct ft_group *u, *i, *d;
    assert_int_equal(ft_group_union(a, b, &procs[0], &u), 0);
    assert_members(u, 6, (int[]){5, 1, 3, 0, 2, 7});
    assert_int_equal(u->rank, 3);
    assert_int_equal(ft_group_intersection(a, b, &procs[0], &i), 0);
    assert_members(i, 2, (int[]){5, 3});
    assert_int_equal(i->rank, FT_UNDEFINED);
    assert_int_equal(ft_group_difference(a, b, &procs[0], &d), 0);
    assert_members(d, 2, (int[]){1, 0});
    assert_int_equal(d->rank, 1);
    ft_group_release(u);
    ft_group_release(i);
    ft_group_release(d);
    ft_group_release(a);
    ft_group_release(b);
}

static void empty_results_are_the_empty_group(void **state)
{
    (void)state;
    struct ft_group *a = grp(2, (int[]){1, 2});
    struct ft_group *b = grp(2, (int[]){3, 4});
    struct ft_group *g;
    assert_int_equal(ft_group_intersection(a, b, &procs[0], &g), 0);
    assert_ptr_equal(g, &ftmpi_group_empty);
    assert_int_equal(ft_group_difference(a, a, &procs[0], &g), 0);
    assert_ptr_equal(g, &ftmpi_group_empty);
    assert_int_equal(ft_group_incl(a, 0, NULL, &procs[0], &g), 0);
    assert_ptr_equal(g, &ftmpi_group_empty);
    assert_int_equal(ft_group_excl(a, 2, (int[]){1, 0}, &procs[0], &g), 0);
    assert_ptr_equal(g, &ftmpi_group_empty);
    /* Union with the empty group is a copy. */
    assert_int_equal(ft_group_union(&ftmpi_group_empty, a, &procs[0], &g), 0);
    assert_members(g, 2, (int[]){1, 2});
    ft_group_release(g);
    ft_group_release(&ftmpi_group_empty); /* ignored */
    assert_int_equal(ftmpi_group_empty.magic != 0, 1);
    ft_group_release(a);
    ft_group_release(b);
}

static void translate_passes_proc_null_and_marks_absent(void **state)
{
    (void)state;
    struct ft_group *a = grp(4, (int[]){0, 1, 2, 3});
    struct ft_group *b = grp(3, (int[]){3, 9, 1});
    int out[5];
    assert_int_equal(ft_group_translate(a, 5, (int[]){3, FT_PROC_NULL, 0, 1, 2},
                                        b, out),
                     0);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], FT_PROC_NULL);
    assert_int_equal(out[2], FT_UNDEFINED);
    assert_int_equal(out[3], 2);
    assert_int_equal(out[4], FT_UNDEFINED);
    ft_group_release(a);
    ft_group_release(b);
}

static void compare(void **state)
{
    (void)state;
    struct ft_group *a = grp(3, (int[]){0, 1, 2});
    struct ft_group *a2 = grp(3, (int[]){0, 1, 2});
    struct ft_group *s = grp(3, (int[]){2, 0, 1});
    struct ft_group *u = grp(3, (int[]){2, 0, 4});
    struct ft_group *shorter = grp(2, (int[]){0, 1});
    assert_int_equal(ft_group_compare(a, a2), FT_GROUP_IDENT);
    assert_int_equal(ft_group_compare(a, s), FT_GROUP_SIMILAR);
    assert_int_equal(ft_group_compare(a, u), FT_GROUP_UNEQUAL);
    assert_int_equal(ft_group_compare(a, shorter), FT_GROUP_UNEQUAL);
    assert_int_equal(ft_group_compare(&ftmpi_group_empty, &ftmpi_group_empty),
                     FT_GROUP_IDENT);
    ft_group_release(a);
    ft_group_release(a2);
    ft_group_release(s);
    ft_group_release(u);
    ft_group_release(shorter);
}

static void incl_orders_excl_keeps_order(void **state)
{
    (void)state;
    struct ft_group *a = grp(6, (int[]){9, 8, 7, 6, 5, 0});
    struct ft_group *g;
    assert_int_equal(ft_group_incl(a, 3, (int[]){5, 0, 2}, &procs[0], &g), 0);
    assert_members(g, 3, (int[]){0, 9, 7});
    assert_int_equal(g->rank, 0);
    ft_group_release(g);
    assert_int_equal(ft_group_excl(a, 3, (int[]){4, 0, 2}, &procs[0], &g), 0);
    assert_members(g, 3, (int[]){8, 6, 0});
    assert_int_equal(g->rank, 2);
    ft_group_release(g);
    ft_group_release(a);
}

/* FT-MPI blank mode puts a hole (world rank -1) where a failed rank was:
 * it is no member of anything, and nothing breaks on it. */
static void holes_are_nobody(void **state)
{
    (void)state;
    struct ft_proc hole = {.world_rank = -1, .hole = true};
    struct ft_proc *p[3] = {&procs[1], &hole, &procs[2]};
    struct ft_group *a = ft_group_new(p, 3, &procs[0]);
    struct ft_group *b = grp(2, (int[]){2, 1});
    assert_non_null(a);
    int out[3];
    assert_int_equal(ft_group_translate(a, 3, (int[]){0, 1, 2}, b, out), 0);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], FT_UNDEFINED);
    assert_int_equal(out[2], 0);
    assert_int_equal(ft_group_compare(a, a), FT_GROUP_IDENT);
    struct ft_group *g;
    assert_int_equal(ft_group_intersection(a, b, &procs[0], &g), 0);
    assert_members(g, 2, (int[]){1, 2});
    ft_group_release(g);
    assert_int_equal(ft_group_difference(a, b, &procs[0], &g), 0);
    assert_int_equal(g->size, 1);
    assert_ptr_equal(g->procs[0], &hole);
    ft_group_release(g);
    assert_int_equal(ft_group_union(b, a, &procs[0], &g), 0);
    assert_int_equal(g->size, 3);
    ft_group_release(g);
    ft_group_release(a);
    ft_group_release(b);
}

static void refcounts(void **state)
{
    (void)state;
    struct ft_group *a = grp(1, (int[]){0});
    ft_group_retain(a);
    ft_group_release(a);
    assert_int_equal(a->refcount, 1);
    ft_group_release(a); /* freed: ASan would catch a double free */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_operations_keep_the_standard_order),
        cmocka_unit_test(empty_results_are_the_empty_group),
        cmocka_unit_test(translate_passes_proc_null_and_marks_absent),
        cmocka_unit_test(compare),
        cmocka_unit_test(incl_orders_excl_keeps_order),
        cmocka_unit_test(holes_are_nobody),
        cmocka_unit_test(refcounts),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
