#!/bin/bash
# findmpi.sh [PREFIX]: CMake's FindMPI finds ftmpi through its compiler
# wrapper, in PREFIX (default: the build tree), builds a program and runs
# it with the mpiexec it found.
test_name=findmpi
. "$(dirname "$0")/common.sh"
prefix=${1:-$FTMPI_BUILD}
findmpi_project "$prefix" "$tmp/build" || fail "FindMPI with $prefix"
pass
