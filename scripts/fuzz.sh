#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan, runs each for a while and
# prints a summary. Exits 1 if any target crashed, leaked, timed out or tripped a sanitizer.
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh 10 gzip body    # 10 s each, only these targets
# Environment: BUILD_DIR (default build-fuzz), CXX_FUZZ (default clang++), JOBS (default 2).
# Seeds come from tests/fuzz/corpus/<target>/; new inputs go to $BUILD_DIR/corpus/<target>/ and
# crashing inputs to $BUILD_DIR/artifacts/, so the source tree is never modified.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
seconds=${1:-60}
shift || true
jobs=${JOBS:-2}

if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "fuzz.sh: seconds must be a number, got '$seconds'" >&2
  exit 2
fi

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRACESAN_FUZZ=ON -DTRACESAN_SANITIZE=ON -DTRACESAN_BUILD_TESTS=OFF -DTRACESAN_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target fuzzers

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(grep -v '^$' "$build/tests/fuzz/targets.txt")
fi

mkdir -p "$build/artifacts" "$build/logs"
failed=0
summary=()
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/fuzz_$target"
  if [[ ! -x $binary ]]; then
    echo "fuzz.sh: no fuzz target '$target'" >&2
    exit 2
  fi
  work="$build/corpus/$target"
  seeds="$root/tests/fuzz/corpus/$target"
  mkdir -p "$work"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$build/artifacts/$target-")
  dict="$root/tests/fuzz/$target.dict"
  [[ -f $dict ]] && args+=(-dict="$dict")
  corpora=("$work")
  [[ -d $seeds ]] && corpora+=("$seeds")
  log="$build/logs/$target.log"
  echo "== $target ($seconds s)" >&2
  status=ok
  if ! "$binary" "${args[@]}" "${corpora[@]}" >"$log" 2>&1; then
    status=FAILED
    failed=1
    grep -E "ERROR: |SUMMARY: |fuzz check failed|runtime error" "$log" | head -5 >&2 || true
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
  corpus=$(find "$work" -type f | wc -l)
  summary+=("$(printf '%-14s %-7s runs=%-10s cov=%-6s corpus=%s  log=%s' "$target" "$status" "$runs" "$cov" "$corpus" "$log")")
done

echo
echo "fuzz summary ($seconds s per target):"
printf '  %s\n' "${summary[@]}"
if [[ $failed -ne 0 ]]; then
  echo "crashing inputs: $build/artifacts/" >&2
  exit 1
fi
