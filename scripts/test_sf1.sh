#!/usr/bin/env bash
# make test-sf1 (not part of make test: ~400 MB of data, minutes of work): the 22 TPC-H queries at
# SF1 on one node (--workers 0) and on an embedded cluster (--workers $WORKERS, default 4), each
# result compared with the DuckDB answer in tests/expected/tpch-sf1 by tests/cli/compare_csv.py.
# Prints PASS/FAIL per query and mode and a total; exits 1 on any FAIL.
#
# Environment: BUILD (build directory, default build), JOBS (build jobs, default 2), WORKERS,
# QUERIES (default "1 2 ... 22"), TIMEOUT (seconds per query run, default 900), MEMORY_LIMIT
# (e.g. 256MB: passed as --memory-limit, the process's limit shared with its embedded workers).
# Each line ends with the run's peak RSS when /usr/bin/time is there.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
jobs=${JOBS:-2}
workers=${WORKERS:-4}
queries=${QUERIES:-$(seq 1 22)}
timeout_s=${TIMEOUT:-900}
limit_args=()
[ -n "${MEMORY_LIMIT:-}" ] && limit_args=(--memory-limit "$MEMORY_LIMIT")
measure=()
[ -x /usr/bin/time ] && measure=(/usr/bin/time -f %M -o)
python=$root/.venv/bin/python
[ -x "$python" ] || python=python3

# Data: generated once (scripts/bench_data.sh prints its directory).
data=$(bash "$root/scripts/bench_data.sh" 1) || exit 1

# The quiver binary only.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja >/dev/null || exit 1
fi
cmake --build "$build" -j "$jobs" --target quiver_bin >/dev/null || {
  echo "test-sf1: building quiver failed" >&2
  exit 1
}
quiver=$build/quiver

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for q in $queries; do
  expected=$root/tests/expected/tpch-sf1/q$q.csv
  for mode in 0 "$workers"; do
    label=$(printf 'q%-2s workers=%s' "$q" "$mode")
    out=$tmp/q$q.w$mode.csv
    err=$tmp/q$q.w$mode.err
    rss=$tmp/q$q.w$mode.rss
    start=$EPOCHREALTIME
    timeout "$timeout_s" ${measure[@]+"${measure[@]}" "$rss"} "$quiver" query --tpch "$data" \
      -f "$root/queries/tpch/q$q.sql" --workers "$mode" --format csv \
      ${limit_args[@]+"${limit_args[@]}"} >"$out" 2>"$err"
    rc=$?
    secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    peak=""
    [ -s "$rss" ] && peak="  peak $(( $(tail -n 1 "$rss") / 1024 )) MB"
    if [ $rc -ne 0 ]; then
      why="exit $rc$([ $rc -eq 124 ] && echo " (timeout ${timeout_s}s)"): $(head -c 300 "$err")"
    elif [ ! -f "$expected" ]; then
      why="no expected answer $expected"
    elif ! why=$("$python" "$root/tests/cli/compare_csv.py" "$expected" "$out" 2>&1); then
      why=$(echo "$why" | head -n 6)
    else
      why=""
    fi
    if [ -z "$why" ]; then
      echo "PASS $label  ${secs}s$peak"
      pass=$((pass + 1))
    else
      echo "FAIL $label  ${secs}s$peak  $why"
      fail=$((fail + 1))
    fi
  done
done
echo "test-sf1: $pass passed, $fail failed of $((pass + fail)) (SF1, workers 0 and $workers${MEMORY_LIMIT:+, --memory-limit $MEMORY_LIMIT})"
[ $fail -eq 0 ]
