#!/bin/bash
# kill_random.sh bag|solver NP: kill -9 one rank from outside at a random
# moment of a fault-tolerant example, and check the survivors' answer:
#   bag     examples/ft_bag under --ft ulfm; a random worker dies
#   solver  examples/ft_solver under --ft rebuild; any rank dies and is
#           replaced
# FTMPI_TEST_SEED reproduces a run.
test_name=kill_random_$1
. "$FTMPI_SOURCE/tests/launcher/common.sh"
what=$1 np=$2
seed=${FTMPI_TEST_SEED:-$(( $(date +%s%N) % 1000000007 ))}
echo "seed $seed (FTMPI_TEST_SEED=$seed reproduces this run)"
RANDOM=$seed
delay_ms=$((RANDOM % 300))
pick=$RANDOM
ex=$FTMPI_BUILD/examples
if [ "$what" = bag ]; then
  FT_BAG_TASKS=800 FT_BAG_DELAY_US=2000 \
    "$run" -n "$np" --ft ulfm "$ex/ft_bag" >"$tmp/out" 2>"$tmp/err" &
  want='^ft_bag: 800 tasks done by [0-9]+ surviving of '"$np"' ranks: all correct$'
else
  FT_SOLVER_ITERS=400 FT_SOLVER_DELAY_US=1500 FT_SOLVER_DIR=$tmp \
    "$run" -n "$np" --ft rebuild "$ex/ft_solver" >"$tmp/out" 2>"$tmp/err" &
  want='^ft_solver: '"$np"' ranks, 400 iterations, [0-9]+ recover(y|ies), .*: correct$'
fi
hub=$!
has_np_children() { [ "$(children "$hub" | wc -l)" -ge "$np" ]; }
wait_until 30 has_np_children || { kill -9 "$hub"; fail "ranks did not start"; }
sleep "$(awk "BEGIN { print $delay_ms / 1000 }")"
ranks=($(children "$hub"))
if [ "$what" = bag ]; then
  # Any rank but the manager (rank 0).
  cands=()
  for p in "${ranks[@]}"; do
    r=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^FTMPI_RANK=//p')
    [ -n "$r" ] && [ "$r" != 0 ] && cands+=("$p")
  done
else
  cands=("${ranks[@]}")
fi
if [ ${#cands[@]} -gt 0 ]; then
  victim=${cands[$((pick % ${#cands[@]}))]}
  vrank=$(tr '\0' '\n' <"/proc/$victim/environ" 2>/dev/null | sed -n 's/^FTMPI_RANK=//p')
  kill -9 "$victim" 2>/dev/null
  echo "killed rank ${vrank:-?} (pid $victim) after ${delay_ms} ms"
fi
wait "$hub"
rc=$?
cat "$tmp/out" "$tmp/err"
[ "$rc" -eq 0 ] || fail "exit status $rc, expected 0"
grep -Eq "$want" "$tmp/out" || fail "no correct answer from the survivors"
none_alive "${ranks[@]}" || fail "a rank outlived ftmpirun"
pass
