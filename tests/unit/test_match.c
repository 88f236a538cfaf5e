/* Unit tests of the matching engine: order, wildcards, cancellation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/match.h"
#include "core/request.h"

static struct ft_request reqs[8];

static struct ft_request *recv(int i, int src, int tag)
{
    memset(&reqs[i], 0, sizeof reqs[i]);
    ft_list_init(&reqs[i].link);
    reqs[i].peer = src;
    reqs[i].tag = tag;
    return &reqs[i];
}

static void posted_order_and_wildcards(void **state)
{
    (void)state;
    struct ft_mq q;
    ft_mq_init(&q);
    ft_mq_post(&q, recv(0, 1, 5));
    ft_mq_post(&q, recv(1, FT_ANY_SOURCE, 5));
    ft_mq_post(&q, recv(2, 2, FT_ANY_TAG));
    ft_mq_post(&q, recv(3, FT_ANY_SOURCE, FT_ANY_TAG));
    /* Only the full wildcard matches (3, 6). */
    assert_ptr_equal(ft_mq_take_posted(&q, 3, 6), &reqs[3]);
    /* A message (2, 5) takes the oldest match: reqs[1], not reqs[2]. */
    assert_ptr_equal(ft_mq_take_posted(&q, 2, 5), &reqs[1]);
    assert_ptr_equal(ft_mq_take_posted(&q, 1, 5), &reqs[0]);
    assert_ptr_equal(ft_mq_take_posted(&q, 2, 9), &reqs[2]);
    assert_null(ft_mq_take_posted(&q, 2, 9));
}

static void unexpected_in_arrival_order(void **state)
{
    (void)state;
    struct ft_mq q;
    ft_mq_init(&q);
    struct ft_unexp u[4];
    int srcs[] = {1, 2, 1, 1}, tags[] = {7, 7, 8, 7};
    for (int i = 0; i < 4; i++) {
        memset(&u[i], 0, sizeof u[i]);
        u[i].src = srcs[i];
        u[i].tag = tags[i];
        ft_mq_add_unexp(&q, &u[i]);
    }
    /* Peeking does not remove. */
    assert_ptr_equal(ft_mq_find_unexp(&q, 1, 7, false), &u[0]);
    assert_ptr_equal(ft_mq_find_unexp(&q, 1, 7, true), &u[0]);
    assert_ptr_equal(ft_mq_find_unexp(&q, 1, 7, true), &u[3]);
    assert_ptr_equal(ft_mq_find_unexp(&q, FT_ANY_SOURCE, 8, true), &u[2]);
    assert_ptr_equal(ft_mq_find_unexp(&q, FT_ANY_SOURCE, FT_ANY_TAG, true),
                     &u[1]);
    assert_null(ft_mq_find_unexp(&q, FT_ANY_SOURCE, FT_ANY_TAG, false));
}

static void remove_posted(void **state)
{
    (void)state;
    struct ft_mq q;
    ft_mq_init(&q);
    ft_mq_post(&q, recv(0, 1, 1));
    ft_mq_post(&q, recv(1, 1, 1));
    assert_true(ft_mq_remove_posted(&q, &reqs[0]));
    assert_false(ft_mq_remove_posted(&q, &reqs[0]));
    assert_ptr_equal(ft_mq_take_posted(&q, 1, 1), &reqs[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(posted_order_and_wildcards),
        cmocka_unit_test(unexpected_in_arrival_order),
        cmocka_unit_test(remove_posted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
