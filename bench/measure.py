#!/usr/bin/env python3
"""Runs one benchmark command and prints one TSV line: rc, wall seconds, peak RSS in MB, CPU seconds,
first stderr line.

    measure.py [--stdout FILE] [--timeout S] [--repeat N] -- CMD ARGS...

CPU seconds are user + system time of the command (getrusage(RUSAGE_CHILDREN) before and after).
On a shared machine wall time depends on what else runs; CPU time much less so, which is why
both are reported. With --repeat N the command runs N times and the run with the least wall
time is reported (its CPU time and RSS with it).

Peak RSS is the largest resident set of any child process, taken from getrusage(RUSAGE_CHILDREN).
Because this wrapper runs exactly one child, that figure is the child's own peak. If /usr/bin/time
exists, it wraps the command, and its "Maximum resident set size" is used instead. Both figures
come from the same kernel counter. Wall time comes from time.perf_counter() around the child.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stdout", default=os.devnull, help="where the command's stdout goes")
    ap.add_argument("--timeout", type=float, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    if not cmd:
        ap.error("no command")
    best = None
    for _ in range(max(1, args.repeat)):
        result = run_once(cmd, args)
        if best is None or (result[0] == best[0] and result[1] < best[1]) or result[0] != 0:
            best = result
        if result[0] != 0:
            break
    print("%s\t%.3f\t%.1f\t%.3f\t%s" % best)


def run_once(cmd, args):
    gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, \
            tempfile.TemporaryFile("w+") as err, open(args.stdout, "wb") as out:
        full = ([gnu_time, "-v", "-o", tf.name] if gnu_time else []) + cmd
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        try:
            rc = subprocess.run(full, stdout=out, stderr=err, timeout=args.timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        except OSError as e:  # command not found and the like
            return (127, 0.0, 0.0, 0.0, str(e))
        secs = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rss_kb = after.ru_maxrss
        if gnu_time:
            for line in tf.read().splitlines():
                if "Maximum resident set size" in line:
                    rss_kb = int(line.rsplit(":", 1)[1])
                elif line.startswith("Command exited with non-zero status") and rc != "timeout":
                    rc = int(line.rsplit(" ", 1)[1])
        err.seek(0)
        lines = [ln.strip() for ln in err.read().splitlines() if ln.strip()]
        first = lines[0] if lines else ""
        return (rc, secs, rss_kb / 1024.0, cpu, first.replace("\t", " ")[:160])


if __name__ == "__main__":
    sys.exit(main())
