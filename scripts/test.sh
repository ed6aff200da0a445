#!/usr/bin/env bash
# The project's test command: installs missing Debian packages, builds, runs ctest.
#   scripts/test.sh              # build/ (RelWithDebInfo, warnings as errors), full suite
#   scripts/test.sh --sanitize   # build-asan/ with -fsanitize=address,undefined, full suite
#   scripts/test.sh --thread     # build-tsan/ with -fsanitize=thread, the tests that run threads
# Environment: BUILD_DIR, JOBS, CMAKE_ARGS, CTEST_ARGS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-$(nproc)}
build=${BUILD_DIR:-$root/build}
extra=()
if [[ "${1:-}" == "--sanitize" ]]; then
  build=${BUILD_DIR:-$root/build-asan}
  extra=(-DTRACESAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
elif [[ "${1:-}" == "--thread" ]]; then
  # The SAZ read-ahead and zip writer threads, the output writer thread, the -j pipelines.
  build=${BUILD_DIR:-$root/build-tsan}
  extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS=-fsanitize=thread"
         "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread")
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66}
  CTEST_ARGS=${CTEST_ARGS:--R "ZipOutput|SazReader|SazWriter|SazConvert|OutputFile|Parallel|PerfSanitize|Golden|Hostile"}
elif [[ $# -gt 0 ]]; then
  echo "usage: scripts/test.sh [--sanitize | --thread]" >&2
  exit 2
fi

"$root/scripts/setup-deps.sh"
cmake -S "$root" -B "$build" -DTRACESAN_WERROR=ON "${extra[@]}" ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "$jobs"
cd "$build"
ctest --output-on-failure -j "$jobs" ${CTEST_ARGS:-}
