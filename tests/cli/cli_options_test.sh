#!/usr/bin/env bash
# The CLI's own checks: --help on every command, names given twice, out-of-range values and a
# port already in use are refused with a message saying so (exit 1), never run half-configured;
# --format json stays valid JSON for NaN and infinities.
set -uo pipefail
quiver=$1
data=${QUIVER_TPCH_DIR:?set QUIVER_TPCH_DIR to the SF0.01 TPC-H data (make test does)}
tmp=$(mktemp -d)
worker_pid=
trap '[ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0

# expect NAME RC PATTERN CMD...: CMD exits with RC and its output matches PATTERN.
expect() {
  local name=$1 want_rc=$2 pattern=$3
  shift 3
  timeout 60 "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qE -- "$pattern" "$tmp/out"; then
    echo "FAIL $name: exit $rc (want $want_rc), output:"
    sed 's/^/  /' "$tmp/out" | head -20
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

expect "query --help" 0 "--target-partitions" "$quiver" query --help
expect "worker --help" 0 "--port P" "$quiver" worker --help
expect "tpchgen --help" 0 "--sf S" "$quiver" tpchgen -h
expect "top-level --help" 0 "commands:" "$quiver" --help
expect "unknown option" 1 "unknown option '--nope'" "$quiver" query --nope 1 -c "select 1"
expect "table twice" 1 "table 't' is given twice" \
  "$quiver" query --workers 0 --table "t=$data/nation" --table "t=$data/region" -c "select 1"
expect "table shadowing --tpch" 1 "table 'nation' is given twice" \
  "$quiver" query --workers 0 --tpch "$data" --table "nation=$data/region" -c "select 1"
expect "workers out of range" 1 "--workers must be in" \
  "$quiver" query --workers 65 -c "select 1"
expect "partitions out of range" 1 "target_partitions must be in" \
  "$quiver" query --workers 0 --target-partitions 0 -c "select 1"
expect "port out of range" 1 "--port must be in" "$quiver" worker --port 70000
expect "memory limit not a size" 1 "--memory-limit: expected a size" \
  "$quiver" query --workers 0 --memory-limit 12parsecs -c "select 1"
expect "memory limit too small" 1 "--memory-limit must be at least 1MB" \
  "$quiver" worker --memory-limit 256
expect "no executor threads" 1 "--threads must be in \\[1, 1024\\]" \
  "$quiver" query --workers 0 --threads 0 -c "select 1"
expect "too many executor threads" 1 "--threads must be in \\[1, 1024\\]" \
  "$quiver" worker --threads 5000
expect "one executor thread answers" 0 "42" \
  "$quiver" query --workers 2 --threads 1 -c "select 42 as answer"
expect "spill dir missing" 1 "--spill-dir /nonexistent/spill is not a directory" \
  "$quiver" query --workers 0 --spill-dir /nonexistent/spill -c "select 1"
expect "memory limit reached names the operator" 1 \
  "memory limit exceeded: HashAggregateExec partition [0-9]+ .*reserved at [0-9]+ groups \(hash aggregation cannot spill: count\(DISTINCT" \
  "$quiver" query --workers 2 --memory-limit 1MB --tpch "$data" \
  -c "select l_comment, count(distinct l_partkey) from lineitem group by l_comment"
# `quiver query ARGS... -c SQL` past a memory limit spills, answers as the unlimited single-node
# run (line order compared only when `ordered` is yes) and leaves nothing in $tmp/spill.
expect_spilled_answer() {
  local name=$1 ordered=$2 sql=$3
  shift 3
  local order=(sort)
  [ "$ordered" = yes ] && order=(cat)
  "$quiver" query --workers 0 --tpch "$data" --format csv -c "$sql" 2>/dev/null |
    grep -v ' rows in ' | "${order[@]}" >"$tmp/unlimited"
  expect "$name spills under a memory limit" 0 "rows in" \
    "$quiver" query "$@" --spill-dir "$tmp/spill" --tpch "$data" --format csv -c "$sql"
  if ! cmp -s <(grep -v ' rows in ' "$tmp/out" | "${order[@]}") "$tmp/unlimited"; then
    echo "FAIL $name under a memory limit: answer differs from the unlimited run"
    failures=$((failures + 1))
  elif [ -n "$(ls -A "$tmp/spill")" ]; then
    echo "FAIL $name under a memory limit: left $(ls "$tmp/spill") in the spill directory"
    failures=$((failures + 1))
  else
    echo "ok   $name under a memory limit answers as without and leaves no spill files"
  fi
}
mkdir -p "$tmp/spill"
expect_spilled_answer sort yes \
  "select l_orderkey, l_linenumber, l_comment from lineitem order by l_comment, l_orderkey" \
  --workers 0 --memory-limit 4MB
# An aggregation's groups spill as sorted runs of partial states.
expect_spilled_answer aggregation no \
  "select l_comment, count(*) as n, sum(l_quantity) as q from lineitem group by l_comment" \
  --workers 2 --memory-limit 1MB

# --format json is valid JSON (strictly: no bare NaN / Infinity) for NaN and infinities.
timeout 60 "$quiver" query --workers 0 --format json \
  -c "select cast('NaN' as double) as a, cast('Infinity' as double) as b,
             -cast('Infinity' as double) as c, 1.5 as d, null as e" >"$tmp/out.json" 2>/dev/null
if python3 -c '
import json, sys
def refuse(name): raise ValueError("bare " + name)
rows = json.load(open(sys.argv[1]), parse_constant=refuse)
assert rows == [{"a": "NaN", "b": "Infinity", "c": "-Infinity", "d": 1.5, "e": None}], rows
' "$tmp/out.json"; then
  echo "ok   json NaN and infinities"
else
  echo "FAIL json NaN and infinities:"; cat "$tmp/out.json"; failures=$((failures + 1))
fi

# A second worker on the first one's port.
"$quiver" worker --port 0 >"$tmp/worker.log" 2>&1 &
worker_pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$tmp/worker.log" | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL: the first worker did not report its port"; cat "$tmp/worker.log"; exit 1
fi
expect "port in use" 1 "127.0.0.1:$port: the port is already in use" \
  "$quiver" worker --port "$port"

# A worker started with --token-file refuses a coordinator without the token.
printf '# cluster token\nt0ken-for-tests\n' >"$tmp/tokens"
printf 'wrong-token\n' >"$tmp/wrong"
"$quiver" worker --port 0 --token-file "$tmp/tokens" >"$tmp/guarded.log" 2>&1 &
guarded_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -oE 'grpc\+tcp://127\.0\.0\.1:[0-9]+' "$tmp/guarded.log" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
expect "no token refused" 1 "requires 'authorization: Bearer" \
  "$quiver" query --worker-urls "$url" --tpch "$data" -c "select l_returnflag, count(*) from lineitem group by l_returnflag"
expect "wrong token refused" 1 "does not accept the call's token" \
  "$quiver" query --worker-urls "$url" --token-file "$tmp/wrong" --tpch "$data" \
  -c "select l_returnflag, count(*) from lineitem group by l_returnflag"
expect "token accepted" 0 "1 external workers" \
  "$quiver" query --worker-urls "$url" --token-file "$tmp/tokens" --tpch "$data" \
  -c "select l_returnflag, count(*) from lineitem group by l_returnflag"
kill "$guarded_pid" 2>/dev/null

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
