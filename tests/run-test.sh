#!/bin/sh
# Runs one test command and judges it.
#
#   run-test.sh [options] -- command args...
#     --timeout S       hard limit in seconds (scaled by FTMPI_TEST_TIMEOUT_SCALE)
#     --exit N          expected exit status (default 0); "nonzero" for any but 0
#     --expect REGEX    output (stdout+stderr) must match (grep -E), repeatable
#     --reject REGEX    output must not match, repeatable
#     --count REGEX N   exactly N lines of output match REGEX, repeatable
#                       (e.g. --count '^ftmpirun:' 1: one line from the
#                       launcher)
#     --verdict         output must contain a line starting with "PASS"
#                       (the default when no --expect or --count is given)
#
# Every process the command starts carries FTMPI_TEST_MARK=<unique> in its
# environment; any such process still alive afterwards is an orphan, which
# fails the test (and is killed).
#
# Prints the output and one line saying why it failed, if it did.
set -u
timeout=60
want_exit=0
expects=
rejects=
counts=
verdict=
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout=$2; shift 2 ;;
    --exit) want_exit=$2; shift 2 ;;
    --expect) expects="$expects
$2"; shift 2 ;;
    --reject) rejects="$rejects
$2"; shift 2 ;;
    --count) counts="$counts
$3 $2"; shift 3 ;;
    --verdict) verdict=yes; shift ;;
    --) shift; break ;;
    *) echo "run-test.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -z "$expects" ] && [ -z "$counts" ] && verdict=yes
scale=${FTMPI_TEST_TIMEOUT_SCALE:-1}
limit=$(awk "BEGIN { print int($timeout * $scale + 0.5) }")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
mark="$$.$(date +%s%N)"
start=$(date +%s)
env FTMPI_TEST_MARK="$mark" timeout -k 5 "$limit" "$@" >"$out" 2>&1
rc=$?
cat "$out"
fail() {
  echo "TEST FAILED: $*"
  exit 1
}
# 124 is also what ftmpirun --timeout exits with: only a run that lasted
# the whole limit is our own timeout.
[ $rc -eq 124 ] && [ $(( $(date +%s) - start )) -ge "$limit" ] &&
  fail "timed out after ${limit}s"
if [ "$want_exit" = nonzero ]; then
  [ $rc -ne 0 ] || fail "exit status 0, expected non-zero"
else
  [ $rc -eq "$want_exit" ] || fail "exit status $rc, expected $want_exit"
fi
if [ -n "$verdict" ]; then
  grep -q '^PASS' "$out" || fail "no PASS line in the output"
  grep -q '^FAIL' "$out" && fail "a FAIL line in the output"
fi
printf '%s\n' "$expects" | while IFS= read -r re; do
  [ -z "$re" ] && continue
  grep -Eq -- "$re" "$out" || { echo "TEST FAILED: output does not match: $re"; exit 1; }
done || exit 1
printf '%s\n' "$counts" | while read -r want re; do
  [ -z "$want" ] && continue
  got=$(grep -Ec -- "$re" "$out")
  [ "$got" -eq "$want" ] || { echo "TEST FAILED: $got lines match $re, expected $want"; exit 1; }
done || exit 1
printf '%s\n' "$rejects" | while IFS= read -r re; do
  [ -z "$re" ] && continue
  grep -Eq -- "$re" "$out" && { echo "TEST FAILED: output matches: $re"; exit 1; }
  true
done || exit 1
# Nothing may outlive the job: no rank, no daemon.
orphans() {
  for e in /proc/[0-9]*/environ; do
    { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "FTMPI_TEST_MARK=$mark" &&
      basename "$(dirname "$e")"
  done
}
left=$(orphans)
if [ -n "$left" ]; then
  sleep 0.2 # a process may be on its way out
  left=$(orphans)
fi
if [ -n "$left" ]; then
  desc=$(ps -o pid=,args= -p "$(echo $left | tr ' ' ,)")
  kill -9 $left 2>/dev/null
  fail "processes left behind: $desc"
fi
ls /dev/shm 2>/dev/null | grep -q ftmpi && fail "shared-memory files left in /dev/shm"
exit 0
