#!/usr/bin/env bash
# The main job: TPC-H on an embedded cluster of 3 Flight workers. Q1 (aggregation) and Q5 (a

# queries on the workers and on a single node, with each answer checked against DuckDB's
# (committed for SF0.1? no: the demo data is SF0.1, so the check is workers == single node).
set -euo pipefail
quiver=$1
data=$2
root=$(cd "$(dirname "$0")/.." && pwd)

# Small data: spread every scan over all the workers, so the demo shows real stages.
spread="SET distributed.bytes_per_task = 1048576;"

for q in q1 q5; do
  echo "=== TPC-H ${q^^} — distributed plan (3 embedded workers) ==="
  "$quiver" query --tpch "$data" --workers 3 --format table \
    -c "$spread EXPLAIN $(grep -v '^--' "$root/queries/tpch/$q.sql")"
  echo
  echo "=== TPC-H ${q^^} — result from 3 workers ==="
  "$quiver" query --tpch "$data" --workers 3 --format table \
    -c "$spread $(cat "$root/queries/tpch/$q.sql")"
  echo
done

echo "=== All 22 TPC-H queries: 3 workers against a single node ==="
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for i in $(seq 1 22); do
  q=q$i
  "$quiver" query --tpch "$data" --workers 3 --format csv \
    -c "$spread $(cat "$root/queries/tpch/$q.sql")" > "$tmp/$q.dist" 2> "$tmp/$q.dist.err"
  "$quiver" query --tpch "$data" --workers 0 --format csv \
    -f "$root/queries/tpch/$q.sql" > "$tmp/$q.single" 2> "$tmp/$q.single.err"
  if "$root/.venv/bin/python" "$root/tests/cli/compare_csv.py" "$tmp/$q.single" "$tmp/$q.dist" \
      > /dev/null 2>&1; then
    verdict=same
  else
    verdict=DIFFERENT
    failed=1
  fi
  printf '%-4s workers: %-32s single node: %-32s %s\n' "$q" "$(tail -1 "$tmp/$q.dist.err")" \
    "$(tail -1 "$tmp/$q.single.err")" "$verdict"
done
exit $failed
