/* Unit tests of the wire codec: round trips, and every way a malformed
 * message must be refused without reading past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "runtime/wire.h"

static void round_trip(void **state)
{
    (void)state;
    struct ft_wbuf b;
    ft_wbuf_init(&b);
    ft_wire_begin(&b, 42);
    ft_wire_u8(&b, 7);
    ft_wire_u32(&b, 0xdeadbeef);
    ft_wire_i32(&b, -5);
    ft_wire_u64(&b, 0x0123456789abcdefull);
    ft_wire_str(&b, "hello");
    ft_wire_bytes(&b, "\0\1\2", 3);
    assert_int_equal(ft_wire_end(&b), 0);

    struct ft_wmsg m;
    assert_int_equal(ft_wire_parse(b.data, b.len, &m), 1);
    assert_int_equal(m.type, 42);
    struct ft_wreader r;
    ft_wreader_init(&r, &m);
    assert_int_equal(ft_wire_get_u8(&r), 7);
    assert_int_equal(ft_wire_get_u32(&r), 0xdeadbeef);
    assert_int_equal(ft_wire_get_i32(&r), -5);
    assert_true(ft_wire_get_u64(&r) == 0x0123456789abcdefull);
    char s[16];
    ft_wire_get_str(&r, s, sizeof s);
    assert_string_equal(s, "hello");
    uint32_t n;
    const uint8_t *p = ft_wire_get_bytes(&r, &n);
    assert_int_equal(n, 3);
    assert_int_equal(p[2], 2);
    assert_true(ft_wreader_done(&r));
    ft_wbuf_free(&b);
}

static void partial_and_bad_headers(void **state)
{
    (void)state;
    struct ft_wbuf b;
    ft_wbuf_init(&b);
    ft_wire_begin(&b, 1);
    ft_wire_u32(&b, 1);
    ft_wire_end(&b);
    struct ft_wmsg m;
    for (size_t i = 0; i < b.len; i++)
        assert_int_equal(ft_wire_parse(b.data, i, &m), 0);
    /* An empty connection buffer may not even be allocated. */
    assert_int_equal(ft_wire_parse(NULL, 0, &m), 0);
    /* Bad magic, bad version, absurd length. */
    uint8_t bad[16];
    memcpy(bad, b.data, b.len);
    bad[0] ^= 1;
    assert_int_equal(ft_wire_parse(bad, b.len, &m), -FT_EPROTO);
    assert_int_equal(ft_wire_parse(bad, 1, &m), -FT_EPROTO);
    memcpy(bad, b.data, b.len);
    bad[4] = 99;
    assert_int_equal(ft_wire_parse(bad, b.len, &m), -FT_EPROTO);
    memcpy(bad, b.data, b.len);
    bad[11] = 0x7f;
    assert_int_equal(ft_wire_parse(bad, b.len, &m), -FT_EPROTO);
    ft_wbuf_free(&b);
}

static void short_fields_poison_reader(void **state)
{
    (void)state;
    /* A string whose length runs past the end of the body. */
    uint8_t body[] = {200, 0, 0, 0, 'a', 'b'};
    struct ft_wmsg m = {.type = 1, .len = sizeof body, .body = body};
    struct ft_wreader r;
    ft_wreader_init(&r, &m);
    char s[8];
    ft_wire_get_str(&r, s, sizeof s);
    assert_true(r.bad);
    assert_int_equal(ft_wire_get_u32(&r), 0);
    assert_false(ft_wreader_done(&r));

    /* A string longer than the caller's buffer. */
    uint8_t body2[] = {4, 0, 0, 0, 'a', 'b', 'c', 'd'};
    m.body = body2;
    m.len = sizeof body2;
    ft_wreader_init(&r, &m);
    char tiny[4];
    ft_wire_get_str(&r, tiny, sizeof tiny);
    assert_true(r.bad);

    /* A string with a NUL inside. */
    uint8_t body3[] = {2, 0, 0, 0, 'a', 0};
    m.body = body3;
    m.len = sizeof body3;
    ft_wreader_init(&r, &m);
    ft_wire_get_str(&r, s, sizeof s);
    assert_true(r.bad);

    /* Trailing bytes are not "done". */
    uint8_t body4[] = {1, 0, 0, 0, 9};
    m.body = body4;
    m.len = sizeof body4;
    ft_wreader_init(&r, &m);
    assert_int_equal(ft_wire_get_u32(&r), 1);
    assert_false(ft_wreader_done(&r));
}

static void many_messages_in_one_buffer(void **state)
{
    (void)state;
    struct ft_wbuf b;
    ft_wbuf_init(&b);
    for (uint32_t i = 0; i < 1000; i++) {
        ft_wire_begin(&b, (uint16_t)(i % 7));
        ft_wire_u32(&b, i);
        assert_int_equal(ft_wire_end(&b), 0);
    }
    size_t off = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        struct ft_wmsg m;
        assert_int_equal(ft_wire_parse(b.data + off, b.len - off, &m), 1);
        struct ft_wreader r;
        ft_wreader_init(&r, &m);
        assert_int_equal(ft_wire_get_u32(&r), i);
        assert_true(ft_wreader_done(&r));
        off += FT_WIRE_HDR + m.len;
    }
    assert_int_equal(off, b.len);
    ft_wbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(partial_and_bad_headers),
        cmocka_unit_test(short_fields_poison_reader),
        cmocka_unit_test(many_messages_in_one_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
