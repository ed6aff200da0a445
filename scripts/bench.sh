#!/usr/bin/env bash
# Benchmarks sanitize-trace and extract-errors on large generated traces, next to baselines
# (python json round trip, jq, unzip). It prints a Markdown table and writes it to bench/RESULTS.md.
#
#   scripts/bench.sh             # ~1 GB HAR + SAZ inputs (slow, needs RAM for the baselines)
#   scripts/bench.sh --quick     # ~20 MB inputs, under a minute once built
#   scripts/bench.sh --size 100M # any size gen_trace.py accepts
#
# Inputs are generated into bench/out/ (gitignored) when missing or older than gen_trace.py. Tools are built
# in build-release/ (Release, tests off); set BUILD_DIR to use another tree and JOBS for -j (default 2).
# A tool that fails or is not implemented yet gets a row that says so; the script itself carries on.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=1G
mode=full
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) size=20M; mode=quick ;;
    --size) shift; size=${1:?--size needs a value}; mode=custom ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

out="$root/bench/out"
build=${BUILD_DIR:-$root/build-release}
jobs=${JOBS:-2}
mkdir -p "$out"
har="$out/trace-$size.har"
saz="$out/trace-$size.saz"
rows="$out/rows-$size.tsv"
: > "$rows"
case "$mode" in quick) limit=300 ;; *) limit=3600 ;; esac

log() { echo "bench: $*" >&2; }

# 1. inputs
# (again when the generator is newer than the file)
gen="$root/bench/gen_trace.py"
{ [ -s "$har" ] && [ "$har" -nt "$gen" ]; } || { log "generating $har"; python3 "$gen" --size "$size" --out "$har" || exit 2; }
{ [ -s "$saz" ] && [ "$saz" -nt "$gen" ]; } || { log "generating $saz"; python3 "$gen" --size "$size" --format saz --out "$saz" || exit 2; }

# 2. tools
build_ok=1
log "building sanitize-trace and extract-errors in $build"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTRACESAN_BUILD_TESTS=OFF >"$out/build.log" 2>&1 &&
       cmake --build "$build" -j "$jobs" --target sanitize-trace extract-errors >>"$out/build.log" 2>&1; }; then
  build_ok=0
  log "build failed, see $out/build.log; tool rows will say so"
fi
st="$build/tools/sanitize-trace"
ee="$build/tools/extract-errors"

# 3. measurements. Columns: tool, input file, accepted exit codes, stdout target, command...
mem_avail_mb=$(awk '/MemAvailable/ {print int($2/1024)}' /proc/meminfo 2>/dev/null || echo 0)
run() {
  local label=$1 input=$2 ok_rcs=$3 stdout=$4; shift 4
  local mb status res rc secs rss msg
  mb=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$input")
  if [ "${1:-}" = "--needs-build" ]; then
    shift
    if [ "$build_ok" = 0 ] || [ ! -x "$1" ]; then
      printf '%s\t%s\t%s\t\t\t\tnot built (see bench/out/build.log)\n' "$label" "$(basename "$input")" "$mb" >> "$rows"
      return
    fi
  fi
  if [ "${1:-}" = "--needs-ram" ]; then
    local need_mb=$(( ${mb%.*} * $2 ))
    shift 2
    if [ "$mem_avail_mb" -gt 0 ] && [ "$need_mb" -gt "$mem_avail_mb" ]; then
      printf '%s\t%s\t%s\t\t\t\tskipped: needs ~%s MB RAM, %s MB available\n' "$label" "$(basename "$input")" \
        "$mb" "$need_mb" "$mem_avail_mb" >> "$rows"
      return
    fi
  fi
  log "$label on $(basename "$input")"
  res=$(python3 "$root/bench/measure.py" --stdout "$stdout" --timeout "$limit" -- "$@")
  IFS=$'\t' read -r rc secs rss msg <<< "$res"
  if [[ ",$ok_rcs," == *",$rc,"* ]]; then status=ok; else status="failed (exit $rc): ${msg:-no message}"; fi
  if [ "$status" = ok ]; then
    printf '%s\t%s\t%s\t%s\t%s\tok\n' "$label" "$(basename "$input")" "$mb" "$secs" "$rss" >> "$rows"
  else
    printf '%s\t%s\t%s\t\t\t%s\n' "$label" "$(basename "$input")" "$mb" "$status" >> "$rows"
  fi
}

run "sanitize-trace HAR→HAR" "$har" 0 /dev/null --needs-build "$st" "$har" -o "$out/clean-$size.har"
run "sanitize-trace SAZ→SAZ" "$saz" 0 /dev/null --needs-build "$st" "$saz" -o "$out/clean-$size.saz"
run "sanitize-trace SAZ→HAR" "$saz" 0 /dev/null --needs-build "$st" "$saz" -o "$out/clean-from-saz-$size.har"
run "sanitize-trace --check" "$har" 0,1 /dev/null --needs-build "$st" --check "$har"
run "extract-errors --format json" "$har" 0 "$out/errors-$size.json" --needs-build "$ee" --format json "$har"
run "extract-errors --format json" "$saz" 0 "$out/errors-saz-$size.json" --needs-build "$ee" --format json "$saz"
run "python json.load+json.dump" "$har" 0 /dev/null --needs-ram 10 python3 -c \
  'import json,sys; json.dump(json.load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"))' \
  "$har" "$out/python-$size.har"
run "jq -c ." "$har" 0 /dev/null --needs-ram 12 jq -c . "$har"
run "unzip -tq" "$saz" 0 /dev/null unzip -tq "$saz"
run "unzip -p >/dev/null" "$saz" 0 /dev/null unzip -p "$saz"
rm -f "$out/python-$size.har"

# 4. report
python3 - "$rows" "$mode" "$size" "$root/bench/RESULTS.md" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import datetime, os, platform, sys
rows_path, mode, size, results, commit = sys.argv[1:6]
rows = [line.rstrip("\n").split("\t") for line in open(rows_path, encoding="utf-8") if line.strip()]

def rate(r):
    return float(r[2]) / float(r[3]) if r[5] == "ok" and float(r[3]) > 0 else None

base = {}
for r in rows:
    if r[0].startswith("python") and rate(r):
        base["python"] = rate(r)
    if r[0].startswith("jq") and rate(r):
        base["jq"] = rate(r)

def ratio(r, key):
    v = rate(r)
    return "%.2f" % (v / base[key]) if v and key in base else "—"

cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
mem = "unknown"
try:
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.1f GB" % (int(line.split()[1]) / 1024 / 1024)
except OSError:
    pass
lines = ["| tool | input | MB | seconds | MB/s | peak RSS MB | × python | × jq | status |",
         "|---|---|---:|---:|---:|---:|---:|---:|---|"]
for r in rows:
    label, inp, mb, secs, rss, status = (r + [""] * 6)[:6]
    v = rate(r)
    lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        label, inp, mb, "%.2f" % float(secs) if secs else "—", "%.1f" % v if v else "—",
        "%.0f" % float(rss) if rss else "—", ratio(r, "python"), ratio(r, "jq"), status.replace("|", "\\|")))
table = "\n".join(lines)
print(table)
header = ["# Benchmark results", "",
          "Generated by `scripts/bench.sh%s` on %s (commit %s)." % (" --quick" if mode == "quick" else
                                                                 "" if mode == "full" else " --size " + size,
                                                                 datetime.datetime.now(datetime.timezone.utc)
                                                                 .strftime("%Y-%m-%d %H:%M UTC"), commit), "",
          "- machine: %d CPUs (nproc), %s, %s RAM, %s %s" % (len(os.sched_getaffinity(0)), cpu, mem, platform.system(),
                                                             platform.release()),
          "- inputs: `bench/gen_trace.py --size %s` (HAR, Chrome-style pretty JSON) and `--format saz`;"
          " MB = input file size (10^6 bytes)" % size,
          "- × python / × jq = throughput (MB/s) relative to the python json round trip / `jq -c .` on the HAR",
          "- peak RSS = maximum resident set size of the measured process (GNU time or getrusage)", ""]
with open(results, "w", encoding="utf-8") as f:
    f.write("\n".join(header) + "\n" + table + "\n")
PY
echo "bench: wrote bench/RESULTS.md" >&2
