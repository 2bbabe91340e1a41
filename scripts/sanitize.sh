#!/usr/bin/env bash
# Builds the test suite under a sanitizer and runs it:
#   scripts/sanitize.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer, every test binary,
#                              the integration tests and the CLI on 3 in-process workers
#   scripts/sanitize.sh tsan   ThreadSanitizer, the threaded layers (physical, distributed,
#                              worker) and the integration tests
# Build dir: build-<mode> (BUILD=... to override); JOBS (default 2); QUIVER_TPCH_DIR (default
# data/tpch-sf0.01, made by `make data/tpch-sf0.01/.done`). Suppressions in scripts/sanitizers/
# cover third-party (uninstrumented Arrow/gRPC) frames only. Exits non-zero on any test failure
# or sanitizer report.
set -uo pipefail
mode=${1:-asan}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-$mode}
jobs=${JOBS:-2}
data=${QUIVER_TPCH_DIR:-$root/data/tpch-sf0.01}
supp=$root/scripts/sanitizers

case $mode in
  asan)
    flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
    link="-fsanitize=address,undefined"
    layers=(common functions physical datasource proto distributed logical optimizer sql execution
            worker cli)
    ;;
  tsan)
    flags="-fsanitize=thread"
    link="-fsanitize=thread"
    layers=(physical distributed worker)
    ;;
  *)
    echo "usage: $0 [asan|tsan]" >&2
    exit 2
    ;;
esac

# A layer has a test binary when it has *_test.cc files (CMakeLists.txt globs them the same way).
tests=()
for l in "${layers[@]}"; do
  if compgen -G "$root/src/quiver/$l/*_test.cc" >/dev/null ||
     compgen -G "$root/src/quiver/$l/*/*_test.cc" >/dev/null; then
    tests+=("$l")
  fi
done

configure=(-S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQUIVER_BUILD_EXAMPLES=OFF
           "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$link")
if [[ -n ${QUIVER_PYARROW_DIR:-} ]]; then
  configure+=("-DQUIVER_PYARROW_DIR=$QUIVER_PYARROW_DIR")
fi
cmake "${configure[@]}" >/dev/null || exit 1

targets=()
for t in "${tests[@]}"; do targets+=("quiver_${t}_tests"); done
targets+=(quiver_integration_tests)
[[ $mode == asan ]] && targets+=(quiver_bin)
cmake --build "$build" -j "$jobs" --target "${targets[@]}" || exit 1

# Leaks at exit inside uninstrumented libraries (gRPC, protobuf, Arrow's globals) are theirs.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_init_order=1:detect_stack_use_after_return=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:suppressions=$supp/ubsan.supp}
export TSAN_OPTIONS=${TSAN_OPTIONS:-second_deadlock_stack=1:suppressions=$supp/tsan.supp:history_size=4}
export QUIVER_TPCH_DIR=$data
# Arrow's default pool (jemalloc/mimalloc inside the uninstrumented libarrow) hides allocations
# from the sanitizers: ASan cannot see use-after-free of Arrow buffers, and TSan reports memory
# recycled across threads as races. The system allocator is intercepted by both.
export ARROW_DEFAULT_MEMORY_POOL=${ARROW_DEFAULT_MEMORY_POOL:-system}

logs=$build/sanitize-logs
mkdir -p "$logs"
failed=()
run() {
  local name=$1
  shift
  echo "== $name"
  "$@" >"$logs/$name.log" 2>&1
  local rc=$?
  grep -E "^\[  (PASSED|FAILED)  \]|tests? ran" "$logs/$name.log" | tail -3
  if ((rc != 0)) || grep -qE "runtime error:|ERROR: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer" "$logs/$name.log"; then
    echo "   FAILED (exit $rc), see $logs/$name.log"
    failed+=("$name")
  fi
}

for t in "${tests[@]}"; do
  run "quiver_${t}_tests" "$build/quiver_${t}_tests"
done
run quiver_integration_tests "$build/quiver_integration_tests"
if [[ $mode == asan ]]; then
  for q in q1 q6; do
    run "cli_$q" "$build/quiver" query --tpch "$data" --workers 3 -f "$root/queries/tpch/$q.sql"
  done
fi

if ((${#failed[@]})); then
  echo "$mode: FAILED: ${failed[*]}"
  exit 1
fi
echo "$mode: all clean"
