#!/usr/bin/env bash
# Benchmarks sanitize-trace and extract-errors on large generated traces, next to baselines
# (python json round trip, jq, unzip). It prints a Markdown table and writes it to bench/RESULTS.md.
# Inputs: HAR and SAZ from bench/gen_trace.py, a NetLog from bench/gen_netlog.py.
#
#   scripts/bench.sh             # ~1 GB HAR + SAZ inputs (slow, needs RAM for the baselines)
#   scripts/bench.sh --quick     # ~20 MB inputs, under a minute once built
#   scripts/bench.sh --size 100M # any size gen_trace.py accepts
#   REPEAT=2 scripts/bench.sh     # each command twice, the faster run kept (default: 1, quick: 3)
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
case "$mode" in quick) limit=300; repeat=${REPEAT:-3} ;; *) limit=3600; repeat=${REPEAT:-1} ;; esac

log() { echo "bench: $*" >&2; }

# 1. inputs
# (again when the generator is newer than the file)
gen="$root/bench/gen_trace.py"
{ [ -s "$har" ] && [ "$har" -nt "$gen" ]; } || { log "generating $har"; python3 "$gen" --size "$size" --out "$har" || exit 2; }
{ [ -s "$saz" ] && [ "$saz" -nt "$gen" ]; } || { log "generating $saz"; python3 "$gen" --size "$size" --format saz --out "$saz" || exit 2; }
netlog="$out/trace-$size.netlog.json"
gen_netlog="$root/bench/gen_netlog.py"
{ [ -s "$netlog" ] && [ "$netlog" -nt "$gen_netlog" ]; } || { log "generating $netlog"; python3 "$gen_netlog" --size "$size" --out "$netlog" || exit 2; }

# 2. tools (the commit is taken now: the report names what was built, not what HEAD is by then)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- lib include tools 2>/dev/null || commit="$commit+uncommitted"
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
  local mb status res rc secs rss cpu msg
  # `input` may list several files (comma-separated) that one command reads; MB is their total.
  mb=$(python3 -c "import os,sys; print('%.1f' % (sum(os.path.getsize(f) for f in sys.argv[1].split(',')) / 1e6))" "$input")
  local shown
  shown=$(python3 -c "import os,sys; f=sys.argv[1].split(','); print(os.path.basename(f[0]) + (' ×%d' % len(f) if len(f) > 1 else ''))" "$input")
  if [ "${1:-}" = "--needs-build" ]; then
    shift
    if [ "$build_ok" = 0 ] || [ ! -x "$1" ]; then
      printf '%s\t%s\t%s\t\t\tnot built (see bench/out/build.log)\n' "$label" "$shown" "$mb" >> "$rows"
      return
    fi
  fi
  if [ "${1:-}" = "--needs-ram" ]; then
    local need_mb=$(( ${mb%.*} * $2 ))
    shift 2
    if [ "$mem_avail_mb" -gt 0 ] && [ "$need_mb" -gt "$mem_avail_mb" ]; then
      printf '%s\t%s\t%s\t\t\tskipped: needs ~%s MB RAM, %s MB available\n' "$label" "$shown" \
        "$mb" "$need_mb" "$mem_avail_mb" >> "$rows"
      return
    fi
  fi
  log "$label on $shown"
  res=$(python3 "$root/bench/measure.py" --stdout "$stdout" --timeout "$limit" --repeat "$repeat" -- "$@")
  IFS=$'\t' read -r rc secs rss cpu msg <<< "$res"
  if [[ ",$ok_rcs," == *",$rc,"* ]]; then status=ok; else status="failed (exit $rc): ${msg:-no message}"; fi
  if [ "$status" = ok ]; then
    printf '%s\t%s\t%s\t%s\t%s\tok\t%s\n' "$label" "$shown" "$mb" "$secs" "$rss" "$cpu" >> "$rows"
  else
    printf '%s\t%s\t%s\t\t\t%s\n' "$label" "$shown" "$mb" "$status" >> "$rows"
  fi
}

run "sanitize-trace HAR→HAR" "$har" 0 /dev/null --needs-build "$st" "$har" -o "$out/clean-$size.har"
run "sanitize-trace SAZ→SAZ" "$saz" 0 /dev/null --needs-build "$st" "$saz" -o "$out/clean-$size.saz"
run "sanitize-trace SAZ→HAR" "$saz" 0 /dev/null --needs-build "$st" "$saz" -o "$out/clean-from-saz-$size.har"
run "sanitize-trace --check" "$har" 0,1 /dev/null --needs-build "$st" --check "$har"
# The same two on one core: the rows above use every core (-j defaults to nproc; one HAR file
# gets its entries' first redaction pass, or its checks, on the spare threads).
if "$st" --help 2>/dev/null | grep -q -- 'spare'; then
  run "sanitize-trace HAR→HAR -j 1" "$har" 0 /dev/null --needs-build "$st" -j 1 "$har" -o "$out/clean-j1-$size.har"
  run "sanitize-trace --check -j 1" "$har" 0,1 /dev/null --needs-build "$st" -j 1 --check "$har"
  rm -f "$out/clean-j1-$size.har"
fi
# NetLog (bench/gen_netlog.py: Everything mode, body and socket bytes), next to the HAR rows above.
run "sanitize-trace NetLog→NetLog" "$netlog" 0 /dev/null --needs-build "$st" "$netlog" -o "$out/clean-$size.netlog.json"
run "sanitize-trace NetLog→HAR" "$netlog" 0 /dev/null --needs-build "$st" "$netlog" -o "$out/clean-from-netlog-$size.har"
run "sanitize-trace --check" "$netlog" 0,1 /dev/null --needs-build "$st" --check "$netlog"
run "extract-errors --format json" "$netlog" 0 "$out/errors-netlog-$size.json" --needs-build "$ee" --format json "$netlog"
run "extract-errors --format json" "$har" 0 "$out/errors-$size.json" --needs-build "$ee" --format json "$har"
run "extract-errors --format json" "$saz" 0 "$out/errors-saz-$size.json" --needs-build "$ee" --format json "$saz"
# Several files at once: -j 1 against -j 2 (two cores), same output (checked below).
multi=()
for i in 1 2 3 4; do
  ln -f "$har" "$out/multi-$i-$size.har" 2>/dev/null || cp "$har" "$out/multi-$i-$size.har"
  multi+=("$out/multi-$i-$size.har")
done
multi_list=$(IFS=,; echo "${multi[*]}")
run "extract-errors 4 files -j 1" "$multi_list" 0 "$out/errors-j1-$size.json" --needs-build "$ee" -j 1 --format json "${multi[@]}"
run "extract-errors 4 files -j 2" "$multi_list" 0 "$out/errors-j2-$size.json" --needs-build "$ee" -j 2 --format json "${multi[@]}"
if [ -s "$out/errors-j1-$size.json" ] && ! cmp -s "$out/errors-j1-$size.json" "$out/errors-j2-$size.json"; then
  log "extract-errors -j 2 output differs from -j 1"
  echo "extract-errors -j 2 output differs from -j 1" > "$out/parallel-mismatch-$size.txt"
else
  rm -f "$out/parallel-mismatch-$size.txt"
fi
if "$st" --help 2>/dev/null | grep -q -- '--jobs'; then
  mkdir -p "$out/clean-j1" "$out/clean-j2"
  run "sanitize-trace 4 files -j 1" "$multi_list" 0 /dev/null --needs-build "$st" -j 1 -q --key bench -o "$out/clean-j1" "${multi[@]}"
  run "sanitize-trace 4 files -j 2" "$multi_list" 0 /dev/null --needs-build "$st" -j 2 -q --key bench -o "$out/clean-j2" "${multi[@]}"
fi

run "python json.load+json.dump" "$har" 0 /dev/null --needs-ram 10 python3 -c \
  'import json,sys; json.dump(json.load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"))' \
  "$har" "$out/python-$size.har"
run "jq -c ." "$har" 0 /dev/null --needs-ram 12 jq -c . "$har"
run "unzip -tq" "$saz" 0 /dev/null unzip -tq "$saz"
run "unzip -p >/dev/null" "$saz" 0 /dev/null unzip -p "$saz"
rm -f "$out/python-$size.har" "${multi[@]}"
rm -rf "$out/clean-j1" "$out/clean-j2"

# 4. report
python3 - "$rows" "$mode" "$size" "$root/bench/RESULTS.md" "$commit" \
  "$root/bench/NOTES.md" "$out/parallel-mismatch-$size.txt" <<'PY'
import datetime, os, platform, sys
rows_path, mode, size, results, commit, notes_path, mismatch_path = sys.argv[1:8]
repeat = int(os.environ.get("REPEAT") or ("3" if mode == "quick" else "1"))
rows = [(line.rstrip("\n").split("\t") + [""] * 7)[:7] for line in open(rows_path, encoding="utf-8") if line.strip()]

def ok(r):
    return r[5] == "ok" and r[3] and float(r[3]) > 0

def rate(r):
    return float(r[2]) / float(r[3]) if ok(r) else None

def cpu_rate(r):
    return float(r[2]) / float(r[6]) if ok(r) and r[6] and float(r[6]) > 0 else None

def find(label, suffix=""):
    for r in rows:
        if r[0] == label and r[1].endswith(suffix) and ok(r):
            return r
    return None

base, base_cpu = {}, {}
py, jq = find("python json.load+json.dump"), find("jq -c .")
if py: base["python"], base_cpu["python"] = rate(py), cpu_rate(py)
if jq: base["jq"], base_cpu["jq"] = rate(jq), cpu_rate(jq)

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
load = "unknown"
try:
    load = open("/proc/loadavg").read().split()[0]
except OSError:
    pass

lines = ["| tool | input | MB | seconds | MB/s | CPU s | MB/CPU s | peak RSS MB | × python | × jq | status |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
for r in rows:
    label, inp, mb, secs, rss, status, cpus = r
    v, c = rate(r), cpu_rate(r)
    lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        label, inp, mb, "%.2f" % float(secs) if secs else "—", "%.1f" % v if v else "—",
        "%.2f" % float(cpus) if cpus else "—", "%.1f" % c if c else "—",
        "%.0f" % float(rss) if rss else "—", ratio(r, "python"), ratio(r, "jq"), status.replace("|", "\\|")))
table = "\n".join(lines)

# Targets of issue 7. Each: what, measured (wall), measured (CPU), met?
targets = ["| target | goal | measured (wall) | measured (CPU time) | met |", "|---|---|---:|---:|---|"]
def target(name, goal, wall, cpu_value, met, short):
    verdict = "yes" if met else ("no: " + short if short else "no")
    if met is None:
        verdict = "not measured"
    targets.append("| %s | %s | %s | %s | %s |" % (name, goal, wall, cpu_value, verdict))

def fmt_rate(v):
    return "%.0f MB/s" % v if v else "—"

har_san = find("sanitize-trace HAR→HAR")
for key, goal in (("python", 10.0), ("jq", 1.0)):
    if har_san and key in base:
        w = rate(har_san) / base[key]
        c = cpu_rate(har_san) / base_cpu[key] if cpu_rate(har_san) and base_cpu.get(key) else None
        target("HAR sanitize vs %s" % ("the python round trip" if key == "python" else "`jq -c .`"),
               "≥ %g×" % goal if key == "python" else "faster (> 1×)", "%.2f×" % w, "%.2f×" % c if c else "—",
               w >= goal if key == "python" else w > goal, "%.2f× short" % (goal / w) if w else "")
    else:
        target("HAR sanitize vs %s" % key, "", "—", "—", None, "")
for label, name, goal in (("sanitize-trace HAR→HAR -j 1", "HAR sanitize on one core (-j 1)", 300.0),
                          ("sanitize-trace HAR→HAR", "HAR sanitize (default -j: every core)", 300.0),
                          ("extract-errors --format json", "extract-errors on HAR", 1000.0),
                          ("sanitize-trace --check", "--check on HAR (default -j)", 1000.0),
                          ("sanitize-trace --check -j 1", "--check on HAR, one core (-j 1)", 1000.0)):
    r = find(label, ".har")
    if r:
        w, c = rate(r), cpu_rate(r)
        target(name, "≥ %g MB/s" % goal, fmt_rate(w), fmt_rate(c), w >= goal, "%.2f× short" % (goal / w))
    else:
        target(name, "≥ %g MB/s" % goal, "—", "—", None, "")
ours = [r for r in rows if ok(r) and r[4] and (r[0].startswith("sanitize-trace") or r[0].startswith("extract-errors"))]
if ours:
    worst = max(ours, key=lambda r: float(r[4]))
    peak = float(worst[4])
    target("peak RSS of our tools (any row)", "≤ 256 MB for a 1 GB HAR%s" % (" (this run: %s)" % size if mode != "full" else ""),
           "%.0f MB (%s)" % (peak, worst[0]), "", peak <= 256, "%.0f MB over" % (peak - 256))
saz_san, unzip_t = find("sanitize-trace SAZ→SAZ"), find("unzip -tq")
if saz_san and unzip_t:
    w = float(saz_san[3]) / float(unzip_t[3])
    c = float(saz_san[6]) / float(unzip_t[6]) if saz_san[6] and unzip_t[6] and float(unzip_t[6]) > 0 else None
    target("SAZ sanitize time vs `unzip -tq`", "≤ 2×", "%.2f×" % w, "%.2f×" % c if c else "—", w <= 2.0,
           "%.1f× the allowed time" % (w / 2.0))
for tool in ("extract-errors", "sanitize-trace"):
    j1, j2 = find(tool + " 4 files -j 1"), find(tool + " 4 files -j 2")
    if j1 and j2:
        w = float(j1[3]) / float(j2[3])
        # Cores actually used by the -j 2 run: CPU time / wall time (2.0 = both cores all the time).
        used = float(j2[6]) / float(j2[3]) if j2[6] and float(j2[3]) > 0 else None
        differs = tool == "extract-errors" and os.path.exists(mismatch_path)
        target("%s -j 2 speed-up on 4 files" % tool, "> 1× (2 cores), same output", "%.2f×" % w,
               "%.2f cores used" % used if used else "", w > 1.0 and not differs,
               "outputs differ" if differs else ("the machine gave it %.2f cores" % used if used else ""))
target_table = "\n".join(targets)

print(table)
print()
print(target_table)
header = ["# Benchmark results", "",
          "Generated by `scripts/bench.sh%s` on %s (commit %s)." % (" --quick" if mode == "quick" else
                                                                 "" if mode == "full" else " --size " + size,
                                                                 datetime.datetime.now(datetime.timezone.utc)
                                                                 .strftime("%Y-%m-%d %H:%M UTC"), commit), "",
          "- machine: %d CPUs (nproc), %s, %s RAM, %s %s; load average %s when the report was written"
          % (len(os.sched_getaffinity(0)), cpu, mem, platform.system(), platform.release(), load),
          "- inputs: `bench/gen_trace.py --size %s` (HAR, Chrome-style pretty JSON) and `--format saz`;"
          " MB = input file size (10^6 bytes)" % size,
          "- seconds = wall time%s; CPU s = user + system time of the command; MB/CPU s = MB / CPU s (what one"
          " core does when it is not shared)" % (" (best of %d runs)" % repeat if repeat > 1 else ""),
          "- × python / × jq = throughput (wall MB/s) relative to the python json round trip / `jq -c .` on the HAR"
          " (in the targets table also per CPU second, against the baseline's own CPU time)",
          "- peak RSS = maximum resident set size of the measured process (GNU time or getrusage)", ""]
body = "\n".join(header) + "\n" + table + "\n\n## Targets (issue 7)\n\n" + target_table + "\n"
if os.path.exists(notes_path):
    body += "\n" + open(notes_path, encoding="utf-8").read()
with open(results, "w", encoding="utf-8") as f:
    f.write(body)
PY
echo "bench: wrote bench/RESULTS.md" >&2
