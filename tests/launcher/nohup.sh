#!/bin/bash
# nohup.sh: a signal ignored when ftmpirun starts (SIGHUP under nohup)
# stays ignored, by ftmpirun and by the ranks: the job survives it.
test_name=nohup
. "$(dirname "$0")/common.sh"
out=$tmp/out
env --ignore-signal=HUP LT_EXPECT_HUP_IGNORED=1 \
  "$run" -n 2 "$LT_BIN/lt_end" wait-file "$tmp/go" >"$out" 2>&1 &
hub=$!
wait_until 30 has_lines '^ready ' "$out" 2 || { cat "$out"; kill -9 "$hub"; fail "the ranks did not start"; }
kill -HUP "$hub"
for p in $(children "$hub"); do kill -HUP "$p"; done
touch "$tmp/go"
wait "$hub"
rc=$?
cat "$out"
[ "$rc" -eq 0 ] || fail "exit status $rc"
grep -q '^PASS lt_end' "$out" || fail "no verdict"
pass
