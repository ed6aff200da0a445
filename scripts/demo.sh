#!/usr/bin/env bash
# Shows tracesan working end to end on a sample sign-in trace that fails with AADSTS50125:
# installs missing packages, builds (Release), sanitizes the sample, compares what the leak
# check sees before and after, and extracts the Entra errors from the sanitized copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-release}
sample=${1:-$root/samples/har/signin-aadsts50125.har}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$root/scripts/setup-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTRACESAN_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
bin="$build/tools"

name=$(basename "$sample")
clean="$out/${name%.*}.sanitized.${name##*.}"
echo "== 1. leak check of the original ($name): what would leak if shared as is"
"$bin/sanitize-trace" --check "$sample" | head -n 15 || true
echo "   ..."
echo
echo "== 2. sanitize: $name -> $(basename "$clean") (report in report.json)"
"$bin/sanitize-trace" "$sample" -o "$clean" --report "$out/report.json" --key demo
python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['total']} values redacted; by kind:")
for kind, n in sorted(r["byKind"].items()):
    print(f"  {kind:24} {n}")
print("by location:")
for where, n in sorted(r["byLocationKind"].items()):
    print(f"  {where:24} {n}")
if r.get("failClosedBodies"):
    print(f"{len(r['failClosedBodies'])} bodies redacted whole (could not be decoded)")
PY
echo
echo "== 3. leak check of the sanitized copy: must find nothing"
"$bin/sanitize-trace" --check "$clean" && echo "no secrets found"
echo
echo "== 4. Entra sign-in errors in the sanitized copy"
"$bin/extract-errors" "$clean"
