#!/bin/bash
# install.sh: install into a prefix, move the tree elsewhere, and use it
# from there: compile with mpicc/ftmpicc, run with mpirun/mpiexec/ftmpirun,
# build with pkg-config, find it with CMake's FindMPI.
test_name=install
. "$(dirname "$0")/common.sh"
cmake --install "$FTMPI_BUILD" --prefix "$tmp/first" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "install failed"; }
for f in bin/ftmpicc bin/ftmpirun bin/ftmpi-info bin/ftmpid bin/mpicc bin/mpiexec \
         bin/mpirun include/mpi.h include/mpi-ext.h include/ftmpi.h \
         lib/libftmpi.so lib/libmpi.so lib/pkgconfig/ftmpi.pc; do
  [ -e "$tmp/first/$f" ] || fail "$f was not installed"
done
for f in ftmpicc ftmpirun ftmpi-info ftmpid mpicc mpiexec mpirun; do
  [ -x "$tmp/first/bin/$f" ] || fail "bin/$f is not executable"
done
# Nothing installed may point back into the build tree.
grep -rlI "$FTMPI_BUILD" "$tmp/first" && fail "the installed tree refers to the build tree"
mv "$tmp/first" "$tmp/moved"
p=$tmp/moved
src=$FTMPI_SOURCE/examples/ring.c

# uses_moved PROGRAM: the program loads libftmpi from the moved tree.
uses_moved() {
  local lib
  lib=$(ldd "$1" | awk '/libftmpi/ { print $3 }')
  [ -n "$lib" ] && [ "$(readlink -f "$lib")" = "$(readlink -f "$p/lib/libftmpi.so")" ]
}
"$p/bin/mpicc" -O2 "$src" -o "$tmp/ring" || fail "mpicc in the moved tree"
uses_moved "$tmp/ring" || fail "the program does not use the moved library"
for launcher in ftmpirun mpirun mpiexec; do
  "$p/bin/$launcher" -n 3 "$tmp/ring" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "$launcher"; }
done
cat "$tmp/out"

export PKG_CONFIG_PATH=$p/lib/pkgconfig
[ "$(pkg-config --modversion ftmpi)" = "$("$p/bin/ftmpi-info" | sed -n '1s/^ftmpi \([^ ]*\) .*/\1/p')" ] ||
  fail "pkg-config's version differs from ftmpi-info's"
cc $(pkg-config --cflags ftmpi) "$src" -o "$tmp/ring2" $(pkg-config --libs ftmpi) || fail "building with pkg-config"
uses_moved "$tmp/ring2" || fail "pkg-config's program does not use the moved library"
"$p/bin/mpiexec" -n 2 "$tmp/ring2" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "the pkg-config build"; }
pkg-config --cflags mpi | grep -q -- "-I$p/" || fail "pkg-config mpi"

"$p/bin/ftmpi-info" | grep -qx "Prefix: $(cd "$p" && pwd -P)" || fail "ftmpi-info in the moved tree"
"$p/bin/ftmpid" 2>/dev/null && fail "ftmpid ran without a hub"
findmpi_project "$p" "$tmp/findmpi" || fail "FindMPI with the moved tree"
pass
