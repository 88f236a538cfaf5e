#!/bin/sh
# Bad supervision options: one line, exit status 2, nothing started.
ftmpirun=$1
fail() { echo "FAIL: $*"; exit 1; }
check() {
  out=$("$ftmpirun" "$@" /bin/true 2>&1); rc=$?
  [ $rc -eq 2 ] || fail "ftmpirun $*: exit $rc, expected 2"
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "ftmpirun $*: more than one line: $out"
}
check --timeout 0
check --timeout abc
check --deadlock-after -1
check --deadlock-detect=maybe
out=$("$ftmpirun" --report-hang 1 2>&1); rc=$?
[ $rc -eq 2 ] || fail "--report-hang 1: exit $rc"
echo "PASS bad_options"
