#!/usr/bin/env bash
# TPC-H on one node: quiver (tpch_bench) against DataFusion and DuckDB on the same Parquet files,
# each engine in its own process. `make bench`, or:
#   scripts/bench.sh [SF]          (default 1)
# Makes the data and the bench venv if missing, builds tpch_bench, runs the three engines
# (a warm-up, then ITERATIONS timed runs of each query), prints each engine's table and then the
# comparison, and writes every figure (JSON) and a chart (PNG) to bench/results/<timestamp>/.
# Settings (environment): THREADS (2: quiver target_partitions = DataFusion target_partitions =
# DuckDB threads), ITERATIONS (3, at least 3), QUERIES (comma list; default every q<N>.sql of
# QUERIES_DIR), QUERIES_DIR (queries/tpch), BUILD (build), MEMORY_LIMIT (e.g. 256MB: quiver's
# --memory-limit; the peers run unlimited). See docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sf=${1:-1}
threads=${THREADS:-2}
iterations=${ITERATIONS:-3}
queries=${QUERIES:-}
queries_dir=$(cd "${QUERIES_DIR:-$root/queries/tpch}" && pwd)
build=$(cd "$root" && realpath -m "${BUILD:-build}")
if [ "$iterations" -lt 3 ]; then
  echo "bench: ITERATIONS must be at least 3 (a median of fewer runs says little)" >&2
  exit 1
fi

data=$(bash "$root/scripts/bench_data.sh" "$sf")
python=$(bash "$root/scripts/bench_venv.sh")
[ -f "$build/build.ninja" ] || make -C "$root" configure BUILD="$build"
nice -n 5 cmake --build "$build" -j2 --target tpch_bench >/dev/null

out=$root/bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
only=()
[ -n "$queries" ] && only=(--queries "$queries")
limit=()
[ -n "${MEMORY_LIMIT:-}" ] && limit=(--memory-limit "$MEMORY_LIMIT")
echo "bench: TPC-H SF$sf, $(nproc) CPUs, threads=$threads, $iterations timed runs;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo
"$build/tpch_bench" --tpch "$data" --queries-dir "$queries_dir" "${only[@]}" \
  --iterations "$iterations" --target-partitions "$threads" ${limit[@]+"${limit[@]}"} \
  --json "$out/quiver.json"
echo
"$python" "$root/scripts/bench_datafusion.py" --data "$data" --queries-dir "$queries_dir" \
  "${only[@]}" --iterations "$iterations" --threads "$threads" --json "$out/datafusion.json"
echo
"$python" "$root/scripts/bench_duckdb.py" --data "$data" --queries-dir "$queries_dir" \
  "${only[@]}" --iterations "$iterations" --threads "$threads" --json "$out/duckdb.json"
echo
"$python" "$root/scripts/bench_compare.py" --out "$out" \
  --title "TPC-H SF$sf, single node, threads=$threads" \
  "$out/quiver.json" "$out/datafusion.json" "$out/duckdb.json"
echo
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after"
