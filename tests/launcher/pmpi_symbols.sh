#!/bin/bash
# pmpi_symbols.sh: every MPI_ (and MPIX_) function the library exports is a
# weak alias of a PMPI_ function, so a profiling tool can define the MPI_
# name and call the PMPI_ one.  Predefined callbacks (MPI_COMM_DUP_FN...,
# all capitals) are values handed to MPI, not functions a tool profiles.
test_name=pmpi_symbols
. "$(dirname "$0")/common.sh"
nm -D --defined-only "$FTMPI_BUILD/lib/libftmpi.so" | awk '{ print $2, $3 }' >"$tmp/syms"
n=0
while read -r type name; do
  case "$name" in
    *[a-z]*) ;;
    *) continue ;;
  esac
  case "$name" in
    MPI_*|MPIX_*) ;;
    *) continue ;;
  esac
  n=$((n + 1))
  [ "$type" = W ] || fail "$name is not weak (type $type)"
  grep -q "^T P$name\$" "$tmp/syms" || fail "P$name is missing"
done <"$tmp/syms"
[ "$n" -gt 50 ] || fail "only $n MPI functions found"
echo "$n functions, each with its PMPI_ twin"
pass
