#!/usr/bin/env bash
# `quiver query --workers 3` must print exactly what `--workers 0` prints, and both must match
# the DuckDB-made answers in tests/expected (numbers within 1e-9 relative).
set -euo pipefail
quiver=$1
query=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${QUIVER_TPCH_DIR:?set QUIVER_TPCH_DIR to the SF0.01 TPC-H data (make test does)}
expected="$root/tests/expected/tpch-sf0.01/$query.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$quiver" query --tpch "$data" --workers 3 -f "$root/queries/tpch/$query.sql" --format csv \
  >"$tmp/distributed.csv" 2>"$tmp/distributed.err" || { cat "$tmp/distributed.err"; exit 1; }
"$quiver" query --tpch "$data" --workers 0 -f "$root/queries/tpch/$query.sql" --format csv \
  >"$tmp/single.csv" 2>"$tmp/single.err" || { cat "$tmp/single.err"; exit 1; }
cat "$tmp/distributed.err"
if ! diff -u "$tmp/single.csv" "$tmp/distributed.csv"; then
  echo "FAIL: --workers 3 output differs from --workers 0"
  exit 1
fi
python3 "$root/tests/cli/compare_csv.py" "$expected" "$tmp/single.csv"
