#!/usr/bin/env bash
# Regenerates the golden outputs of sanitize-trace: samples/expected/<name>.sanitized.har for every
# samples/har/<name>.har, with the fixed key the golden tests use. Review the diff before committing:
#   scripts/update-golden.sh && git diff --stat samples/expected && git diff samples/expected
#   BUILD_DIR=build-asan scripts/update-golden.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
key=$(tr -d '\n' < "$root/tests/golden/golden.key")

cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target sanitize-trace >/dev/null
tool="$build/tools/sanitize-trace"
mkdir -p "$root/samples/expected"
for input in "$root"/samples/har/*.har; do
  name=$(basename "$input" .har)
  "$tool" "$input" -o "$root/samples/expected/$name.sanitized.har" --key "$key" -q
  echo "updated samples/expected/$name.sanitized.har"
done
grep -v '^#' "$root/tests/golden/variants.txt" | while IFS='|' read -r name variant flags; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086 # flags are a word list on purpose
  "$tool" "$root/samples/har/$name.har" -o "$root/samples/expected/$name.$variant.sanitized.har" --key "$key" -q $flags
  echo "updated samples/expected/$name.$variant.sanitized.har"
done
mkdir -p "$root/samples/expected/netlog"
for input in "$root"/samples/netlog/*.json; do
  name=$(basename "$input" .json)
  [ "$name" != secrets ] || continue
  "$tool" "$input" -o "$root/samples/expected/netlog/$name.sanitized.json" --key "$key" -q
  echo "updated samples/expected/netlog/$name.sanitized.json"
done

# The golden HTML reports of extract-errors (tests/golden/reports/*.html), rewritten by their tests.
cmake -S "$root" -B "$build" -DTRACESAN_UPDATE_GOLDEN_REPORTS=ON >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target extract-errors sanitize-trace >/dev/null
(cd "$build" && ctest -R '^report-golden-' >/dev/null) || true
cmake -S "$root" -B "$build" -DTRACESAN_UPDATE_GOLDEN_REPORTS=OFF >/dev/null
echo "updated tests/golden/reports/*.html"
