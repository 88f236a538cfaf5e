#!/bin/bash
# bad_input.sh: every kind of bad input to ftmpirun gives one clear line on
# stderr, nothing on stdout, a non-zero exit status, and starts nothing.
test_name=bad_input
. "$(dirname "$0")/common.sh"
marker=$tmp/started
touch_cmd=$(command -v touch)
printf 'just text\n' >"$tmp/text"
chmod +x "$tmp/text"
printf 'no x bit\n' >"$tmp/noexec"
mkdir "$tmp/dir"
n=0
# check DESCRIPTION CMD...
check() {
  local what=$1
  shift
  n=$((n + 1))
  rm -f "$marker"
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  echo "== $what: exit $rc: $(cat "$tmp/err")"
  [ "$rc" -ne 0 ] || fail "$what: exit status 0"
  [ ! -s "$tmp/out" ] || fail "$what: wrote to stdout: $(cat "$tmp/out")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$what: expected one line on stderr"
  grep -q '^ftmpirun: ' "$tmp/err" || fail "$what: the line does not say ftmpirun"
  [ ! -e "$marker" ] || fail "$what: a rank was started"
}
t=("$touch_cmd" "$marker")
check "unknown option" "$run" --frobnicate -n 2 "${t[@]}"
check "unknown short option" "$run" -q "${t[@]}"
check "-n 0" "$run" -n 0 "${t[@]}"
check "-n not a number" "$run" -n two "${t[@]}"
check "-n negative" "$run" -n -3 "${t[@]}"
check "-n with trailing junk" "$run" -n 2x "${t[@]}"
check "-n too large" "$run" -n 99999999999 "${t[@]}"
check "-np= empty" "$run" -np= "${t[@]}"
check "-n without a value" "$run" -n
check "no program" "$run" -n 2
check "no program after --" "$run" -n 2 --
check "missing program" "$run" -n 2 "$tmp/no-such-program"
check "program not in PATH" "$run" -n 2 no-such-program-ftmpi-test
check "program without x bit" "$run" -n 2 "$tmp/noexec"
check "a directory" "$run" -n 2 "$tmp/dir"
check "text without #!" "$run" -n 2 "$tmp/text"
check "-x without a value" "$run" -n 2 -x
check "-x =value" "$run" -x =v -n 2 "${t[@]}"
check "-x bad name" "$run" -x 9LIVES=1 -n 2 "${t[@]}"
check "-x unset variable" env -u LT_UNSET_VAR "$run" -x LT_UNSET_VAR -n 2 "${t[@]}"
check "--ft bad mode" "$run" --ft sometimes -n 2 "${t[@]}"
check "bad tunable" env FTMPI_EAGER_LIMIT=lots "$run" -n 2 "${t[@]}"
check "tunable below its range" env FTMPI_SHM_RING=16 "$run" -n 2 "${t[@]}"
check "tunable above its range" env FTMPI_DEBUG=9 "$run" -n 2 "${t[@]}"
check "tunable with junk" env FTMPI_SPIN=10k "$run" -n 2 "${t[@]}"
check "bad tunable given with -x" "$run" -x FTMPI_KILL_GRACE_MS=-1 -n 2 "${t[@]}"
# The same program with good input does start: the checks above test
# ftmpirun, not touch.
"$run" -n 2 "${t[@]}" || fail "a good command failed"
[ -e "$marker" ] || fail "a good command started nothing"
echo "$n cases"
pass
