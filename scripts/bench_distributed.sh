#!/usr/bin/env bash
# TPC-H on a cluster of local worker processes: quiver against datafusion-distributed 4.0.0, the
# same number of workers each. `make bench-distributed`, or:
#   scripts/bench_distributed.sh [SF]          (default 1)
# Makes the data and the bench venv if missing, builds quiver and tpch_bench, builds the
# bench/ddist crate (`cargo build --release`, niced), then for each engine starts WORKERS worker
# processes on free ports, runs its coordinator over them (scripts/bench_cluster.py: timings
# exclude process start-up) and stops them. Prints each table, then the comparison, and writes
# JSON and a PNG chart to bench/results/<timestamp>-distributed/.
# Settings (environment): WORKERS (4), THREADS (2: target_partitions of every node; the tokio
# threads of datafusion-distributed's coordinator and workers), ITERATIONS (3, at least 3),
# QUERIES, QUERIES_DIR, BUILD as for scripts/bench.sh; DDIST_BYTES_PER_PARTITION (unset: the
# library's default of 16 MiB) is datafusion-distributed's file_scan_config_bytes_per_partition,
# which decides how many tasks a scan stage gets: below ~16 MiB per thread of input it plans
# no stage at all and runs on the coordinator (its table's `tasks` column shows 0).
# See docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sf=${1:-1}
workers=${WORKERS:-4}
threads=${THREADS:-2}
iterations=${ITERATIONS:-3}
queries=${QUERIES:-}
queries_dir=$(cd "${QUERIES_DIR:-$root/queries/tpch}" && pwd)
build=$(cd "$root" && realpath -m "${BUILD:-build}")
if [ "$iterations" -lt 3 ]; then
  echo "bench: ITERATIONS must be at least 3 (a median of fewer runs says little)" >&2
  exit 1
fi
if ! command -v cargo >/dev/null; then
  echo "bench: cargo not found; datafusion-distributed's harness (bench/ddist) needs Rust" >&2
  exit 1
fi

data=$(bash "$root/scripts/bench_data.sh" "$sf")
python=$(bash "$root/scripts/bench_venv.sh")
[ -f "$build/build.ninja" ] || make -C "$root" configure BUILD="$build"
nice -n 5 cmake --build "$build" -j2 --target quiver tpch_bench >/dev/null
echo "bench: building bench/ddist (cargo build --release; the first build takes long)" >&2
(cd "$root/bench/ddist" && nice -n 19 cargo build --release --locked -j2 -q)
ddist=$root/bench/ddist/target/release/ddist-bench

out=$root/bench/results/$(date +%Y%m%d-%H%M%S)-distributed
mkdir -p "$out"
only=() only_ddist=()
if [ -n "$queries" ]; then
  only=(--queries "$queries")
  only_ddist=(--only "$queries")
fi
[ -n "${DDIST_BYTES_PER_PARTITION:-}" ] &&
  only_ddist+=(--bytes-per-partition "$DDIST_BYTES_PER_PARTITION")
echo "bench: TPC-H SF$sf, $(nproc) CPUs, $workers workers, threads=$threads," \
  "$iterations timed runs; load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo
"$python" "$root/scripts/bench_cluster.py" --workers "$workers" --name quiver --log-dir "$out" \
  --json "$out/quiver.json" --worker "$build/quiver worker" \
  --run "$build/tpch_bench --tpch $data --queries-dir $queries_dir ${only[*]}
         --iterations $iterations --target-partitions $threads --worker-urls {urls}
         --json $out/quiver.json"
echo
"$python" "$root/scripts/bench_cluster.py" --workers "$workers" --name ddist --log-dir "$out" \
  --json "$out/ddist.json" --worker "$ddist worker --threads $threads" \
  --run "$ddist run --workers {urls} --data $data --queries $queries_dir ${only_ddist[*]}
         --iterations $iterations --threads $threads --json $out/ddist.json"
echo
"$python" "$root/scripts/bench_compare.py" --out "$out" \
  --title "TPC-H SF$sf, $workers workers, threads=$threads" "$out/quiver.json" "$out/ddist.json"
echo
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after"
