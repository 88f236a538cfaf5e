#!/bin/sh
# The headline demo: build the examples and run them under ftmpirun.
set -e
build=${1:-build}
bin="$build/bin"
echo "== ftmpirun -n 4 hello"
"$bin/ftmpirun" -n 4 "$build/examples/hello"
echo
echo "== ftmpirun -n 4 ring"
"$bin/ftmpirun" -n 4 "$build/examples/ring"
echo
echo "== ftmpirun -n 2 pingpong"
"$bin/ftmpirun" -n 2 "$build/examples/pingpong"
