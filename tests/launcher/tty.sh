#!/bin/bash
# tty.sh: ftmpirun on a terminal (made with script(1)).  Rank 0 reads the
# terminal through ftmpirun (it has a process group of its own, and would be
# stopped by SIGTTIN if it read the terminal directly), sees end of file at
# ^D, and Ctrl-C ends the job: exit status 130, one line.
test_name=tty
. "$(dirname "$0")/common.sh"
command -v script >/dev/null || fail "script(1) is missing (Debian package bsdutils)"
# Input typed on the terminal, then ^D.
printf 'first line\nsecond line\n\004' |
  script -qec "'$run' -n 2 '$LT_BIN/lt_io' stdin '$tmp/copy'" /dev/null >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ "$rc" -eq 0 ] || fail "reading the terminal: exit status $rc"
printf 'first line\nsecond line\n' | cmp - "$tmp/copy" || fail "rank 0 read something else"
grep -q '^PASS lt_io' "$tmp/out" || fail "no verdict from lt_io"

# Ctrl-C on the terminal: the line discipline sends SIGINT to the
# foreground process group, which holds ftmpirun but not the ranks.
{
  wait_until 30 has_lines '^ready ' "$tmp/out2" 2
  printf '\003'
  # Keep the terminal open until the job has ended.
  wait_until 30 grep -q 'stopping the job' "$tmp/out2"
  sleep 0.2
} | script -qec "'$run' -n 2 '$LT_BIN/lt_end' compute" /dev/null >"$tmp/out2" 2>&1
rc=${PIPESTATUS[1]}
# The terminal echoes ^C in front of the next line, and ends lines in \r\n.
sed -i 's/\^C//g; s/\r$//' "$tmp/out2"
cat "$tmp/out2"
[ "$rc" -eq 130 ] || fail "Ctrl-C: exit status $rc, expected 130"
one_launcher_line '^ftmpirun: error: received SIGINT; stopping the job' "$tmp/out2"
pass
