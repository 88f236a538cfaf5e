#!/bin/bash
# kill_random.sh NP: kill -9 one rank of "lt_end ring" from outside at a
# random moment (during start-up or while the ranks exchange messages).
# The job must end with status 137 and one line naming a rank killed by
# SIGKILL (the victim, when we could tell which rank it was), and nothing
# may be left.  FTMPI_TEST_SEED reproduces a run.
test_name=kill_random
. "$(dirname "$0")/common.sh"
np=$1
seed=${FTMPI_TEST_SEED:-$(( $(date +%s%N) % 1000000007 ))}
echo "seed $seed (FTMPI_TEST_SEED=$seed reproduces this run)"
RANDOM=$seed
# Half the runs aim at start-up (the first 20 ms), half at any time.
if [ $((RANDOM % 2)) -eq 0 ]; then delay_ms=$((RANDOM % 20)); else delay_ms=$((RANDOM % 400)); fi
pick=$RANDOM
out=$tmp/out err=$tmp/err
"$run" -n "$np" "$LT_BIN/lt_end" ring >"$out" 2>"$err" &
hub=$!
sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
# Every rank is forked before any can end, but maybe not yet all of them.
has_np_children() { [ "$(children "$hub" | wc -l)" -ge "$np" ]; }
wait_until 30 has_np_children || { kill -9 "$hub"; fail "ranks did not start"; }
ranks=($(children "$hub"))
victim=${ranks[$((pick % ${#ranks[@]}))]}
vrank=$(tr '\0' '\n' <"/proc/$victim/environ" 2>/dev/null | sed -n 's/^FTMPI_RANK=//p')
kill -9 "$victim"
echo "killed pid $victim (rank ${vrank:-not known yet}) after ${delay_ms} ms"
wait "$hub"
rc=$?
cat "$out" "$err"
[ "$rc" -eq 137 ] || fail "exit status $rc, expected 137"
one_launcher_line "^ftmpirun: error: rank ${vrank:-[0-9]+} was killed by SIGKILL before MPI_(Init|Finalize); stopping the job\$" "$err"
none_alive "${ranks[@]}" || fail "a rank outlived ftmpirun"
wait_until 10 hub_socket_gone "$out" || fail "the hub's socket is still there"
pass
