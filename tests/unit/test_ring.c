/* Unit tests of the shared-memory rings: two "ranks" in one process share
 * a real host segment; packets must arrive whole, in order, across
 * wrap-arounds, and a full ring must say "try again" and wake its sender. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/err.h"
#include "core/proc.h"
#include "runtime/client.h"
#include "runtime/nodeseg.h"
#include "transport/transport.h"

extern const struct ft_tp_ops ft_tp_shm_ops;

struct side {
    struct ft_client client;
    struct ft_tp *tp;
    struct ft_proc peer; /* the other side, as this side sees it */
    size_t got, bytes;
    uint32_t next; /* sequence number expected next */
};

static struct ft_nodeseg seg;
static int bells[2];
static struct side a, b;

static void deliver(void *arg, struct ft_proc *from, const void *data,
                    size_t len)
{
    (void)from;
    struct side *s = arg;
    uint32_t seq;
    assert_true(len >= sizeof seq);
    memcpy(&seq, data, sizeof seq);
    assert_int_equal(seq, s->next);
    /* The payload is the sequence number's low byte repeated. */
    for (size_t i = sizeof seq; i < len; i++)
        assert_int_equal(((const uint8_t *)data)[i], (uint8_t)seq);
    s->next++;
    s->got++;
    s->bytes += len;
}

static void open_side(struct side *s, int me)
{
    memset(s, 0, sizeof *s);
    s->client.rank = me;
    s->client.size = 2;
    s->client.local_rank = me;
    s->client.local_size = 2;
    s->client.seg = seg;
    s->client.doorbells = bells;
    assert_int_equal(ft_tp_shm_ops.open(&s->client, &s->tp), 0);
    s->tp->ops = &ft_tp_shm_ops;
    s->tp->deliver = deliver;
    s->tp->arg = s;
    s->peer.world_rank = 1 - me;
    s->peer.local = 1 - me;
    assert_true(ft_tp_shm_ops.reaches(s->tp, &s->peer));
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(ft_nodeseg_create(&seg, 2, 16384, 0), 0);
    for (int i = 0; i < 2; i++)
        bells[i] = eventfd(0, EFD_NONBLOCK);
    open_side(&a, 0);
    open_side(&b, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    a.tp->ops->close(a.tp);
    b.tp->ops->close(b.tp);
    close(bells[0]);
    close(bells[1]);
    ft_nodeseg_detach(&seg);
    return 0;
}

static int send_one(uint32_t seq, size_t len)
{
    void *p;
    int rc = a.tp->ops->reserve(a.tp, &a.peer, len, &p);
    if (rc)
        return rc;
    memcpy(p, &seq, sizeof seq);
    memset((char *)p + sizeof seq, (uint8_t)seq, len - sizeof seq);
    a.tp->ops->commit(a.tp, &a.peer, p, len);
    return 0;
}

static void in_order_across_wraps(void **state)
{
    (void)state;
    uint32_t seq = 0;
    /* Odd sizes so frames land everywhere, including the ring's end. */
    for (int round = 0; round < 2000; round++) {
        size_t len = 4 + (size_t)(round * 37) % 3000;
        while (send_one(seq, len) == -FT_EAGAIN)
            b.tp->ops->poll(b.tp);
        seq++;
    }
    while (b.next < seq)
        b.tp->ops->poll(b.tp);
    assert_int_equal(b.got, seq);
}

static void full_ring_says_again_and_wakes_sender(void **state)
{
    (void)state;
    uint32_t seq = b.next;
    int sent = 0;
    while (send_one(seq, 1000) == 0) {
        seq++;
        sent++;
    }
    assert_true(sent > 0 && sent < 20); /* 16 KiB ring, 1 KiB frames */
    assert_int_equal(send_one(seq, 1000), -FT_EAGAIN);
    /* The sender sleeps; the receiver drains and must ring its bell. */
    assert_int_equal(a.tp->ops->arm(a.tp), 0);
    b.tp->ops->poll(b.tp);
    uint64_t v = 0;
    assert_int_equal(read(bells[0], &v, sizeof v), (ssize_t)sizeof v);
    assert_true(v >= 1);
    a.tp->ops->disarm(a.tp);
    assert_int_equal(send_one(seq, 1000), 0);
    b.tp->ops->poll(b.tp);
}

static void sleeping_receiver_is_woken(void **state)
{
    (void)state;
    uint64_t v;
    while (read(bells[1], &v, sizeof v) > 0)
        ;
    assert_int_equal(b.tp->ops->arm(b.tp), 0); /* nothing waiting */
    assert_int_equal(send_one(b.next, 16), 0);
    assert_int_equal(read(bells[1], &v, sizeof v), (ssize_t)sizeof v);
    b.tp->ops->disarm(b.tp);
    /* Armed with a packet already there: arm says "don't sleep". */
    assert_int_equal(send_one(b.next + 1, 16), 0);
    assert_int_equal(b.tp->ops->arm(b.tp), 1);
    b.tp->ops->disarm(b.tp);
    b.tp->ops->poll(b.tp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order_across_wraps),
        cmocka_unit_test(full_ring_says_again_and_wakes_sender),
        cmocka_unit_test(sleeping_receiver_is_woken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
