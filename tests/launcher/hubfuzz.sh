#!/bin/bash
# hubfuzz.sh NP: malformed and unauthenticated connections to the hub are
# dropped one by one while the job goes on and ends normally; afterwards
# the hub's socket is gone.
test_name=hubfuzz
. "$(dirname "$0")/common.sh"
"$run" -n "$1" "$LT_BIN/lt_hubfuzz" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ "$rc" -eq 0 ] || fail "exit status $rc"
grep -q '^PASS lt_hubfuzz' "$tmp/out" || fail "no verdict"
name=$(sed -n 's/^hub=//p' "$tmp/out")
[ -n "$name" ] || fail "the hub's name was not printed"
# Each refusal is reported, as a warning.
n=$(lines_matching '^ftmpirun: warning: dropping a connection' "$tmp/out")
[ "$n" -ge 10 ] || fail "only $n connections reported as dropped"
hub_socket_gone "$tmp/out" || fail "the hub's socket @$name is still there"
pass
