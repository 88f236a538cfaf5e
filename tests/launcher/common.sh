# common.sh -- sourced by the launcher tests (bash).
#
# CTest passes: FTMPI_BUILD (the build tree, used as an installed tree),
# FTMPI_SOURCE (the source tree) and LT_BIN (the test programs).  Each test
# sets test_name, checks, and ends with pass or fail, which print the
# verdict line run-test.sh looks for.  Waits poll for a condition with a
# limit scaled by FTMPI_TEST_TIMEOUT_SCALE; nothing depends on timing.
set -u
bin=$FTMPI_BUILD/bin
run=$bin/ftmpirun
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
test_name=${test_name:-$(basename "$0" .sh)}

fail() {
  echo "FAIL $test_name: $*"
  exit 1
}

pass() {
  echo "PASS $test_name"
  exit 0
}

# wait_until SECONDS COMMAND...: runs COMMAND every 10 ms until it
# succeeds; fails after SECONDS (scaled).
wait_until() {
  local tries
  tries=$(awk "BEGIN { print int($1 * 100 * ${FTMPI_TEST_TIMEOUT_SCALE:-1}) }")
  shift
  while ! "$@"; do
    tries=$((tries - 1))
    [ "$tries" -le 0 ] && return 1
    sleep 0.01
  done
}

# alive PID: the process exists and is not a zombie (a zombie has ended;
# where init does not reap, it stays in the table).
alive() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
  [ -n "$state" ] && [ "$state" != Z ]
}

# none_alive PID...: none of them is running any more.
none_alive() {
  local p
  for p in "$@"; do
    alive "$p" && return 1
  done
  return 0
}

# lines_matching REGEX FILE: how many lines of FILE match.
lines_matching() {
  grep -Ec -- "$1" "$2"
}

# has_lines REGEX FILE N: at least N lines of FILE match.
has_lines() {
  [ "$(lines_matching "$1" "$2")" -ge "$3" ]
}

# children PID: the processes PID started, oldest first.
children() {
  pgrep -P "$1" | sort -n
}

# bg_default CMD...: runs CMD in the background with SIGINT and SIGQUIT at
# their default action (a script's background jobs ignore them otherwise,
# and ftmpirun keeps a signal ignored as it found it).
bg_default() {
  if env --default-signal=INT true 2>/dev/null; then
    env --default-signal=INT,QUIT,TERM,HUP "$@" &
  else
    set -m
    "$@" &
    set +m
  fi
}

# one_launcher_line REGEX FILE: ftmpirun printed exactly one line, and it
# matches REGEX.
one_launcher_line() {
  local n
  n=$(lines_matching '^ftmpirun:' "$2")
  [ "$n" -eq 1 ] || fail "ftmpirun printed $n lines, expected one"
  grep -Eq -- "$1" "$2" || fail "ftmpirun's line does not match: $1"
}

# findmpi_project PREFIX BUILDDIR: configures tests/launcher/findmpi with
# CMake's FindMPI pointed at PREFIX's compiler wrapper, builds it, and runs
# its test (the program under the mpiexec FindMPI found).
findmpi_project() {
  PATH="$1/bin:$PATH" cmake -S "$FTMPI_SOURCE/tests/launcher/findmpi" -B "$2" \
    -DMPI_C_COMPILER="$1/bin/ftmpicc" -DMPI_HOME="$1" -DEXPECT_PREFIX="$1" \
    >"$2.log" 2>&1 || { cat "$2.log"; return 1; }
  grep 'MPI' "$2.log"
  cmake --build "$2" >"$2.log" 2>&1 || { cat "$2.log"; return 1; }
  (cd "$2" && ctest --output-on-failure) || return 1
}

# hub_socket_gone FILE: the hub's socket, named in FILE by "hub=NAME"
# (lt_end, lt_hubfuzz), has left the kernel's table.  True when FILE names
# none (the ranks were killed before saying it).
hub_socket_gone() {
  local name
  name=$(sed -n 's/.*hub=\([^ ]*\).*/\1/p' "$1" | head -1)
  [ -z "$name" ] && return 0
  ! grep -q "@$name\$" /proc/net/unix
}
