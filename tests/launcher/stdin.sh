#!/bin/bash
# stdin.sh: ftmpirun's stdin goes to rank 0, whole and in order, from a
# file and from a pipe; every other rank reads an empty stdin.
test_name=stdin
. "$(dirname "$0")/common.sh"
head -c 3000000 /dev/urandom >"$tmp/in"
"$run" -n 3 "$LT_BIN/lt_io" stdin "$tmp/copy1" <"$tmp/in" || fail "from a file: failed"
cmp "$tmp/in" "$tmp/copy1" || fail "from a file: rank 0 read something else"
cat "$tmp/in" | "$run" -n 3 "$LT_BIN/lt_io" stdin "$tmp/copy2" || fail "from a pipe: failed"
cmp "$tmp/in" "$tmp/copy2" || fail "from a pipe: rank 0 read something else"
"$run" -n 2 "$LT_BIN/lt_io" stdin "$tmp/copy3" </dev/null || fail "from /dev/null: failed"
[ ! -s "$tmp/copy3" ] || fail "from /dev/null: rank 0 read something"
pass
