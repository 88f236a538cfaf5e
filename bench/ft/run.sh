#!/bin/sh
# Fault-tolerance benchmarks (ftmpi only: Debian's Open MPI 4.1 and MPICH
# 4.0 have no ULFM to compare with).  Prints medians of several runs.
#   bench/ft/run.sh [build-dir] [runs]
set -e
build=${1:-build}
runs=${2:-15}
run="$build/bin/ftmpirun"
bin="$build/bench"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "failure detection: kill -> MPI_Recv returns MPIX_ERR_PROC_FAILED ($runs runs)"
for i in $(seq "$runs"); do
  "$run" -n 2 --ft ulfm "$bin/ft_detect" 2>/dev/null | awk '/detect_us/ {print $2}'
done | median | sed 's/^/  median us: /'

echo "agree / shrink / revoke on a healthy MPI_COMM_WORLD (median of 200/100/50)"
for np in 2 4 8; do
  "$run" -n $np "$bin/ft_ops" | sed 's/^/  /'
done

echo "rebuild: death -> MPI_COMM_WORLD restored ($runs runs each)"
for np in 2 4 8; do
  for i in $(seq "$runs"); do
    "$run" -n $np --ft rebuild "$bin/ft_rebuild" 2>/dev/null | awk '/rebuild_ms/ {print $4}'
  done | median | sed "s/^/  np $np median ms: /"
done
