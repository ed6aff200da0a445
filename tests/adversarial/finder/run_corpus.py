#!/usr/bin/env python3
"""Runs extract-errors over the finder corpus and asserts the exact set of findings
(file, entry, code, trace id, correlation id) of expected.tsv: on the original traces, and on copies
sanitized with default options and with --redact-pii --redact-state --keep-jwt-claims.

    run_corpus.py EXTRACT_ERRORS SANITIZE_TRACE WORKDIR
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VARIANTS = [("sanitized-default", []), ("sanitized-strict", ["--redact-pii", "--redact-state", "--keep-jwt-claims"])]


def expected():
    rows = set()
    with open(os.path.join(HERE, "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.add(tuple(line.rstrip("\n").split("\t")))
    return rows


def findings(extract, directory, files):
    rows = set()
    for name in files:
        proc = subprocess.run([extract, "-q", "--format", "json", os.path.join(directory, name)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"extract-errors failed on {directory}/{name} ({proc.returncode}): {proc.stderr}")
        for f in json.loads(proc.stdout):
            rows.add((name, str(f["entry"]), f"{f['family']}{f['code']}", f["trace_id"], f["correlation_id"]))
    return rows


def compare(label, got, want):
    missing, extra = sorted(want - got), sorted(got - want)
    for row in missing:
        print(f"{label}: missing  " + "\t".join(row))
    for row in extra:
        print(f"{label}: extra    " + "\t".join(row))
    return not missing and not extra


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    extract, sanitize, work = argv[1:]
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), corpus], check=True)
    files = sorted(os.listdir(corpus))
    want = expected()
    ok = compare("original", findings(extract, corpus, files), want)
    for label, options in VARIANTS:
        out = os.path.join(work, label)
        os.makedirs(out, exist_ok=True)
        for name in files:
            proc = subprocess.run([sanitize, "-q", "--key", "finder-corpus-key", *options, os.path.join(corpus, name),
                                   "-o", os.path.join(out, name)], capture_output=True, text=True)
            if proc.returncode != 0:
                raise SystemExit(f"sanitize-trace {' '.join(options)} failed on {name} ({proc.returncode}): {proc.stderr}")
        ok = compare(label, findings(extract, out, files), want) and ok
    print(f"{len(want)} expected findings in {len(files)} traces: {'all exact' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
