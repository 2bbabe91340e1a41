#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of tests/fuzz/ with clang (AddressSanitizer +
# UndefinedBehaviorSanitizer + libFuzzer; Debian's clang-14, installed if missing) in
# build-fuzz/, then fuzzes each for FUZZ_SECONDS (default 60) from its committed seeds and
# prints executions per target. New inputs go to build-fuzz/corpus/<target> (merge the useful
# ones into tests/fuzz/corpus/<target> by hand); a crash leaves its input in
# build-fuzz/artifacts/<target>/ and fails the run. `make test` replays the committed corpus with
# the regular build (fuzz.replay.* tests).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${JOBS:-2}
targets=${FUZZ_TARGETS:-sql_fuzzer plan_fuzzer file_scan_fuzzer}
if ! command -v clang++-14 >/dev/null; then
  apt-get install -y -q clang-14 >/dev/null || { echo "fuzz: cannot install clang-14" >&2; exit 1; }
fi
[ -x "$root/.venv/bin/python" ] || make -C "$root" setup >/dev/null || exit 1
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -g"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DQUIVER_FUZZ=ON \
  -DQUIVER_BUILD_TESTS=OFF -DQUIVER_BUILD_EXAMPLES=OFF "-DCMAKE_CXX_FLAGS=$flags" \
  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null || exit 1
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $targets || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$root/scripts/sanitizers/ubsan.supp}
# The system allocator, so ASan sees Arrow's buffers too (see scripts/sanitize.sh).
export ARROW_DEFAULT_MEMORY_POOL=system
seeds() {
  case $1 in
    sql_fuzzer) echo "$root/tests/fuzz/corpus/sql $root/tests/sql $root/queries/tpch" ;;
    plan_fuzzer) echo "$root/tests/fuzz/corpus/plan" ;;
    file_scan_fuzzer) echo "$root/tests/fuzz/corpus/file_scan $root/tests/data/sql" ;;
  esac
}
failed=0
summary=()
for t in $targets; do
  corpus=$build/corpus/$t
  artifacts=$build/artifacts/$t/
  # Crash inputs of an earlier run are kept aside, so they do not fail this one.
  if [ -n "$(ls -A "$artifacts" 2>/dev/null)" ]; then
    mkdir -p "$build/artifacts-earlier/$t"
    mv "$artifacts"* "$build/artifacts-earlier/$t/"
    echo "fuzz: moved earlier crash inputs of $t to $build/artifacts-earlier/$t/"
  fi
  mkdir -p "$corpus" "$artifacts"
  log=$build/$t.log
  echo "== $t: ${seconds}s"
  # shellcheck disable=SC2046
  "$build/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" $(seeds "$t") >"$log" 2>&1
  rc=$?
  execs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$")
  cov=$(grep -oE "cov: [0-9]+" "$log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  summary+=("$t: ${execs:-?} executions, ${cov:-cov ?}, corpus $(find "$corpus" -type f | wc -l) files, $crashes crash inputs (rc $rc)")
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    grep -E "ERROR:|runtime error:|SUMMARY:|Test unit written" "$log" | head -5
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
