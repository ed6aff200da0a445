#!/usr/bin/env bash
# The project's test command: installs missing Debian packages, builds, runs ctest.
#   scripts/test.sh                 # build/ (RelWithDebInfo, warnings as errors)
#   BUILD_DIR=build-asan CMAKE_ARGS=-DTRACESAN_SANITIZE=ON scripts/test.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/scripts/setup-deps.sh"
cmake -S "$root" -B "$build" -DTRACESAN_WERROR=ON ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "$jobs"
cd "$build"
ctest --output-on-failure -j "$jobs" ${CTEST_ARGS:-}
