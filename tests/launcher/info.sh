#!/bin/bash
# info.sh: ftmpi-info lists the version, the transports, and every tunable
# of src/base/param.c with its value and meaning; it says which values come
# from the environment and rejects bad ones and bad arguments.
test_name=info
. "$(dirname "$0")/common.sh"
info=$bin/ftmpi-info
"$info" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "ftmpi-info failed"; }
cat "$tmp/out"
grep -Eq '^ftmpi [0-9]+\.[0-9]+\.[0-9]+ \(MPI [0-9]\.[0-9]\)$' "$tmp/out" || fail "no version line"
grep -qx "Prefix: $(cd "$FTMPI_BUILD" && pwd -P)" "$tmp/out" || fail "no Prefix line naming the tree"
grep -Eq '^  self ' "$tmp/out" || fail "transport self not listed"
grep -Eq '^  shm ' "$tmp/out" || fail "transport shm not listed"
names=$(grep -o '"FTMPI_[A-Z0-9_]*"' "$FTMPI_SOURCE/src/base/param.c" | tr -d '"')
[ -n "$names" ] || fail "no tunables found in param.c"
for name in $names; do
  # NAME=value, then its meaning with the default and range.
  grep -A1 -E "^  $name=-?[0-9]+\$" "$tmp/out" | grep -Eq '\(default -?[0-9]+, from -?[0-9]+ to -?[0-9]+\)$' ||
    fail "$name is not listed with a value and a meaning"
done
FTMPI_EAGER_LIMIT=4096 "$info" | grep -qx '  FTMPI_EAGER_LIMIT=4096 (set)' || fail "a value set in the environment is not shown"
FTMPI_EAGER_LIMIT=huge "$info" >"$tmp/o" 2>"$tmp/e" && fail "a bad value was accepted"
[ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -q '^ftmpi-info: FTMPI_EAGER_LIMIT=huge is not valid' "$tmp/e" ||
  fail "a bad value: expected one line naming it, got: $(cat "$tmp/e")"
"$info" --bogus >"$tmp/o" 2>"$tmp/e"
[ $? -eq 2 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] || fail "an unknown argument is not refused with one line"
"$info" --help | grep -q '^usage: ftmpi-info' || fail "no help"
pass
