#!/usr/bin/env bash
# The main job: TPC-H Q1 and Q6 on an embedded cluster of 3 Flight workers, with the
# distributed plan and timings, then the same queries on a single node for comparison.
set -euo pipefail
quiver=$1
data=$2
root=$(cd "$(dirname "$0")/.." && pwd)

for q in q1 q6; do
  echo "=== TPC-H ${q^^} — distributed plan (3 embedded workers) ==="
  "$quiver" query --tpch "$data" --workers 3 --format table -c "EXPLAIN $(grep -v '^--' "$root/queries/tpch/$q.sql")"
  echo
  echo "=== TPC-H ${q^^} — result from 3 workers ==="
  "$quiver" query --tpch "$data" --workers 3 --format table -f "$root/queries/tpch/$q.sql"
  echo
  echo "=== TPC-H ${q^^} — same query on a single node ==="
  "$quiver" query --tpch "$data" --workers 0 --format table -f "$root/queries/tpch/$q.sql" >/dev/null
  echo
done
