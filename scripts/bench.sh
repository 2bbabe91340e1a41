#!/usr/bin/env bash
# TPC-H benchmark, quiver against DuckDB on the same Parquet files in the same run:
#   scripts/bench.sh [SF]          (default SF 0.1)
# Makes the data if missing, builds tpch_bench, runs it and scripts/bench_duckdb.py, then prints
# both tables and a comparison with ratios quiver/duckdb. See docs/benchmarks.md.
# Settings (environment): QUERIES (q1,q6), ITERATIONS (5), WORKERS (quiver configurations,
# 0,3), THREADS (quiver target_partitions = DuckDB threads, 4), BUILD (build), VENV (.venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sf=${1:-0.1}
queries=${QUERIES:-q1,q6}
iterations=${ITERATIONS:-5}
workers=${WORKERS:-0,3}
threads=${THREADS:-4}
build=${BUILD:-$root/build}
venv=${VENV:-$root/.venv}
data=$root/data/tpch-sf$sf

if [ ! -x "$venv/bin/python" ]; then
  echo "bench: no venv at $venv (run make setup, or set VENV)" >&2
  exit 1
fi

# Same recipe as the Makefile's demo data: 4 files per table, 2 MB row groups.
if [ ! -f "$data/.done" ]; then
  echo "bench: generating TPC-H SF$sf into $data"
  rm -rf "$data" && mkdir -p "$data"
  "$venv/bin/tpchgen-cli" parquet -s "$sf" --parts 4 --row-group-bytes 2MB -o "$data" >/dev/null
  touch "$data/.done"
fi

if [ ! -f "$build/build.ninja" ]; then
  make -C "$root" configure BUILD="$build"
fi
cmake --build "$build" --target tpch_bench >/dev/null

out=$build/bench
mkdir -p "$out"
echo "bench: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo
"$build/tpch_bench" --tpch "$data" --queries-dir "$root/queries/tpch" --queries "$queries" \
  --iterations "$iterations" --workers "$workers" --target-partitions "$threads" \
  --json "$out/quiver.json"
echo
"$venv/bin/python" "$root/scripts/bench_duckdb.py" "$data" "$queries" "$iterations" \
  --threads "$threads" --queries-dir "$root/queries/tpch" --json "$out/duckdb.json"
echo
"$venv/bin/python" "$root/scripts/bench_compare.py" "$out/quiver.json" "$out/duckdb.json"
echo
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after; figures in $out/*.json"
