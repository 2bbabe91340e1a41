#!/usr/bin/env bash
# Makes the benchmark venv on demand and prints its python: scripts/bench_venv.sh
# It is apart from the project's .venv (which make test uses and quiver builds against), so the
# peer engines' packages never change what the tests see. Idempotent: reinstalls only when
# scripts/bench_requirements.txt changed. BENCH_VENV overrides the location.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${BENCH_VENV:-$root/.cache/bench-venv}
reqs=$root/scripts/bench_requirements.txt
stamp=$venv/.bench-requirements
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$reqs" "$stamp"; then
  echo "bench: installing $(grep -v '^#' "$reqs" | tr '\n' ' ')into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$reqs" >&2
  cp "$reqs" "$stamp"
fi
echo "$venv/bin/python"
