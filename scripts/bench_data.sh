#!/usr/bin/env bash
# Makes TPC-H data for the benchmarks if missing and prints its directory: scripts/bench_data.sh SF
# The Makefile's demo recipe: 4 files per table, 2 MB row groups, with .venv's tpchgen-cli.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sf=${1:?usage: scripts/bench_data.sh SF}
venv=${VENV:-$root/.venv}
data=$root/data/tpch-sf$sf
if [ ! -f "$data/.done" ]; then
  if [ ! -x "$venv/bin/tpchgen-cli" ]; then
    echo "bench: no tpchgen-cli in $venv (run make setup, or set VENV)" >&2
    exit 1
  fi
  echo "bench: generating TPC-H SF$sf into $data" >&2
  rm -rf "$data" && mkdir -p "$data"
  "$venv/bin/tpchgen-cli" parquet -s "$sf" --parts 4 --row-group-bytes 2MB -o "$data" >/dev/null
  touch "$data/.done"
fi
echo "$data"
