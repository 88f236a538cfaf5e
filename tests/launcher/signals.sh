#!/bin/bash
# signals.sh SIG MODE NP: SIG sent to ftmpirun while NP ranks run
# "lt_end MODE" (compute, compute-noterm, recv) ends the job cleanly: exit
# status 128+SIG, one line from ftmpirun, every rank gone.
test_name="signal_$1_$2"
. "$(dirname "$0")/common.sh"
sig=$1 mode=$2 np=$3
out=$tmp/out err=$tmp/err
bg_default "$run" -n "$np" "$LT_BIN/lt_end" "$mode" >"$out" 2>"$err"
hub=$!
wait_until 30 has_lines '^ready ' "$out" "$np" || {
  cat "$out" "$err"; kill -9 "$hub"; fail "the ranks did not start"; }
ranks=$(children "$hub")
kill -s "$sig" "$hub"
wait "$hub"
rc=$?
cat "$out" "$err"
signum=$(kill -l "$sig")
[ "$rc" -eq $((128 + signum)) ] || fail "exit status $rc, expected $((128 + signum))"
one_launcher_line "^ftmpirun: error: received SIG$sig; stopping the job\$" "$err"
# ftmpirun returns only after it has reaped every rank; check anyway.
none_alive $ranks || fail "a rank outlived ftmpirun"
wait_until 10 hub_socket_gone "$out" || fail "the hub's socket is still there"
pass
