#!/bin/bash
# lines.sh NP [--tag-output]: NP ranks write long lines quickly, in random
# pieces, to stdout and stderr, the last one without a newline.  Every line
# must arrive whole, once, never mixed with another (lt_linecheck).
test_name="lines${2:-}"
. "$(dirname "$0")/common.sh"
np=$1
tag=${2:-}
nlines=400
seed=${FTMPI_TEST_SEED:-$(( $(date +%s) % 100000 ))}
echo "seed $seed (FTMPI_TEST_SEED=$seed reproduces this run)"
"$run" -n "$np" $tag "$LT_BIN/lt_io" lines "$nlines" 20000 "$seed" \
  >"$tmp/out" 2>"$tmp/err" || { head -c 2000 "$tmp/err"; fail "the job failed"; }
mode=
[ -n "$tag" ] && mode=tagged
"$LT_BIN/lt_linecheck" "$tmp/out" "$np" "$nlines" 0 $mode || fail "stdout"
"$LT_BIN/lt_linecheck" "$tmp/err" "$np" "$nlines" 1 $mode || fail "stderr"
pass
