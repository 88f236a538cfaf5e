#!/bin/sh
# Runs the benchmarks with ftmpi, Open MPI and MPICH side by side and prints
# every figure and the ratios.
#
#   bench/run.sh [build-dir]
#
# Environment:
#   NPS="2 4 8"   rank counts (on this machine's cores: 4 and 8 oversubscribe)
#   REPS=5        launches per figure; the median is printed (each launch
#                 itself reports the median of 7 timed repetitions)
#   BENCHES="..." coll_lat arguments (default: its standard set)
#
# Needs the Debian packages openmpi-bin libopenmpi-dev mpich libmpich-dev
# (scripts/install-deps.sh bench); an implementation that is missing is
# skipped.  Latencies are in microseconds (lower is better), bandwidth in
# MB/s (higher is better); "goal" says whether ftmpi is at least as good as
# the better of the other two.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
nps=${NPS:-"2 4 8"}
reps=${REPS:-5}
benches=${BENCHES:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Keep Open MPI on shared memory (no network probing on a single host).
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1

impls=
build_impl() { # name compiler
  command -v "$2" >/dev/null 2>&1 || { echo "($1: $2 not found, skipped)"; return; }
  for b in coll_lat p2p rma; do
    "$2" -O2 -w -o "$work/$b.$1" "$here/$b.c" "-I$here" || return
  done
  impls="$impls $1"
}
build_impl ftmpi "$build/bin/ftmpicc"
build_impl ompi mpicc.openmpi
build_impl mpich mpicc.mpich

launch() { # impl np prog args...
  impl=$1 np=$2
  shift 2
  case $impl in
  ftmpi) timeout 600 "$build/bin/ftmpirun" -n "$np" "$@" ;;
  ompi) timeout 600 mpirun.openmpi --oversubscribe -n "$np" "$@" ;;
  mpich) timeout 600 mpirun.mpich -n "$np" "$@" ;;
  esac
}

echo "bench/run.sh: $(nproc) cores, ranks: $nps, $reps launches per figure"
for np in $nps; do
  for r in $(seq "$reps"); do
    for impl in $impls; do
      # shellcheck disable=SC2086
      launch "$impl" "$np" "$work/coll_lat.$impl" $benches 2>/dev/null |
        sed "s/^/$impl /" >>"$work/out"
      if [ "$np" = 2 ]; then
        launch "$impl" 2 "$work/p2p.$impl" 2>/dev/null |
          sed "s/^/$impl /" >>"$work/out"
        launch "$impl" 2 "$work/rma.$impl" 2>/dev/null |
          sed "s/^/$impl /" >>"$work/out"
      fi
    done
  done
done

# impl name bytes np value  ->  one row per (np, name, bytes)
awk -v impls="$impls" '
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
    }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
NF == 5 {
  key = $4 " " $2 " " $3
  if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
  v[key, $1] = v[key, $1] " " $5
}
END {
  ni = split(impls, im, " ")
  printf "%-3s %-10s %8s", "np", "benchmark", "bytes"
  for (i = 1; i <= ni; i++) printf " %10s", im[i]
  for (i = 2; i <= ni; i++) printf " %10s", "ftmpi/" im[i]
  printf "  goal\n"
  for (k = 1; k <= nk; k++) {
    split(order[k], f, " ")
    higher = f[2] == "bandwidth" || f[2] ~ /_bw/
    printf "%-3s %-10s %8s", f[1], f[2], f[3]
    best = ""
    for (i = 1; i <= ni; i++) {
      m[i] = (order[k], im[i]) in v ? median(v[order[k], im[i]]) : ""
      printf " %10s", m[i] == "" ? "-" : sprintf("%.3f", m[i])
      if (i > 1 && m[i] != "" && (best == "" || (higher ? (m[i] + 0 > best + 0) : (m[i] + 0 < best + 0))))
        best = m[i]
    }
    for (i = 2; i <= ni; i++) {
      ratio = "-"
      if (m[1] != "" && m[i] != "" && (m[i] + 0) > 0)
        ratio = sprintf("%.2f", m[1] / m[i])
      printf " %10s", ratio
    }
    goal = "-"
    if (m[1] != "" && best != "")
      goal = (higher ? (m[1] + 0 >= best + 0) : (m[1] + 0 <= best + 0)) ? "ok" : "MISS"
    printf "  %s\n", goal
  }
  print "latencies in microseconds (ratios below 1: ftmpi faster); bandwidth in MB/s (ratios above 1: ftmpi faster)"
}' "$work/out"
