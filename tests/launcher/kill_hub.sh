#!/bin/bash
# kill_hub.sh MODE NP: SIGKILL to ftmpirun itself while NP ranks run
# "lt_end MODE".  The ranks must notice (the parent-death signal, and the
# hub's socket closing) and end on their own: nothing may be left.
test_name="kill_hub_$1"
. "$(dirname "$0")/common.sh"
mode=$1 np=$2
out=$tmp/out err=$tmp/err
"$run" -n "$np" "$LT_BIN/lt_end" "$mode" >"$out" 2>"$err" &
hub=$!
wait_until 30 has_lines '^ready ' "$out" "$np" || {
  cat "$out" "$err"; kill -9 "$hub"; fail "the ranks did not start"; }
ranks=$(children "$hub")
[ "$(echo $ranks | wc -w)" -eq "$np" ] || fail "expected $np ranks, found: $ranks"
kill -9 "$hub"
wait "$hub" 2>/dev/null
cat "$out" "$err"
wait_until 20 none_alive $ranks || fail "ranks still running after ftmpirun was killed: $ranks"
wait_until 10 hub_socket_gone "$out" || fail "the hub's socket is still there"
pass
