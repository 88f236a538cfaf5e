#!/bin/bash
# tools.sh: the compiler wrapper's queries (MPICH's -show, -compile-info,
# -link-info; Open MPI's -showme:*), compiling with it, and ftmpid's
# refusal to run without a hub.
test_name=tools
. "$(dirname "$0")/common.sh"
cc=$bin/ftmpicc
prefix=$(cd "$FTMPI_BUILD" && pwd -P)
inc="-I$prefix/include"
link="-L$prefix/lib -Wl,-rpath,$prefix/lib -lftmpi"
under=$("$cc" -showme:command)
[ -n "$under" ] || fail "-showme:command is empty"
expect() { # expect WHAT GOT WANT
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
  echo "ok: $1: $2"
}
expect "-show" "$("$cc" -show)" "$under $inc $link"
expect "-show with files" "$("$cc" -show -O2 'a b.c' -o prog)" "$under $inc -O2 a b.c -o prog $link"
expect "-show later" "$("$cc" -O2 x.c -show)" "$under $inc -O2 x.c $link"
expect "-show -c" "$("$cc" -show -c x.c)" "$under $inc -c x.c"
expect "-showme" "$("$cc" -showme x.c)" "$under $inc x.c $link"
expect "-showme:compile" "$("$cc" -showme:compile)" "$inc"
expect "-showme:link" "$("$cc" -showme:link)" "$link"
expect "-showme:incdirs" "$("$cc" -showme:incdirs)" "$prefix/include"
expect "-showme:libdirs" "$("$cc" -showme:libdirs)" "$prefix/lib"
expect "-compile-info" "$("$cc" -compile-info)" "$under $inc"
expect "-compile_info" "$("$cc" -compile_info)" "$under $inc"
expect "-link-info" "$("$cc" -link-info)" "$under $inc $link"
expect "-link_info" "$("$cc" -link_info)" "$under $inc $link"
expect "mpicc -show" "$("$bin/mpicc" -show)" "$under $inc $link"
expect "MPICH_CC" "$(MPICH_CC=clang-nonexistent "$cc" -show)" "clang-nonexistent $inc $link"
expect "FTMPICC first" "$(FTMPICC='gcc -m64' MPICH_CC=x "$cc" -showme:command)" "gcc -m64"
"$cc" -showme:compile extra 2>"$tmp/e" && fail "-showme:compile with more arguments was accepted"
"$cc" 2>"$tmp/e" && fail "no arguments was accepted"
[ "$(wc -l <"$tmp/e")" -eq 1 ] || fail "no arguments: expected one line"
"$cc" --version | head -1 | grep -q '^ftmpicc (ftmpi) ' || fail "--version"

# Compile and link, in one step and in two, in a directory with a space.
d="$tmp/with space"
mkdir "$d"
cp "$FTMPI_SOURCE/examples/hello.c" "$d/"
"$cc" -O2 "$d/hello.c" -o "$d/hello1" || fail "compile and link"
"$cc" -c "$d/hello.c" -o "$d/hello.o" || fail "compile only"
"$cc" "$d/hello.o" -o "$d/hello2" || fail "link only"
for p in hello1 hello2; do
  "$run" -n 2 "$d/$p" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "$p failed"; }
  [ "$(grep -c . "$tmp/out")" -ge 2 ] || fail "$p printed nothing"
done
"$d/hello1" >"$tmp/out" 2>&1 || fail "hello as a singleton failed"
# pkg-config works from the build tree too.
PKG_CONFIG_PATH=$FTMPI_BUILD/lib/pkgconfig pkg-config --cflags ftmpi | grep -q -- "-I$FTMPI_BUILD/" ||
  fail "pkg-config in the build tree"

# ftmpid: usage and version; without a hub, one line and a non-zero exit.
"$bin/ftmpid" --version | grep -q '^ftmpid (ftmpi) ' || fail "ftmpid --version"
"$bin/ftmpid" --help | grep -q '^usage: ftmpid' || fail "ftmpid --help"
for args in "" "--hub" "--hub nowhere" "--bogus"; do
  "$bin/ftmpid" $args >"$tmp/o" 2>"$tmp/e"
  rc=$?
  echo "ftmpid $args: exit $rc: $(cat "$tmp/e")"
  [ "$rc" -ne 0 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && [ ! -s "$tmp/o" ] ||
    fail "ftmpid $args: expected one line and a non-zero exit"
done
# A well-formed hub address: refused honestly, not faked.
"$bin/ftmpid" --hub 127.0.0.1:9 >"$tmp/o" 2>"$tmp/e" && fail "ftmpid pretended to serve a hub"
grep -q 'not built yet' "$tmp/e" || fail "ftmpid does not say the uplink is missing"
pass
