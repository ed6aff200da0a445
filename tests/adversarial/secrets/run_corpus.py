#!/usr/bin/env python3
"""Runs sanitize-trace over the adversarial secrets corpus and asserts the issue-17 contract:

  * no canary survives in the output in any encoding (raw, URL-encoded once or twice, JSON/JS
    escaped, HTML entities, base64 / base64url, gzip inside base64);
  * no keeper is lost (it is still present in some decoded view of the output);
  * `sanitize-trace --check` reports every original (exit 1, names each file) and is clean
    (exit 0) on every output;
  * every HAR written validates as HAR 1.2 (when node and har-validator are installed).

    run_corpus.py SANITIZE_TRACE WORKDIR [--summary]

Prints one line per failure and a summary per class; exit 1 on any failure.
"""
import base64
import binascii
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "adversarial-corpus-key"

# Hiding places the engine does not handle yet. Strict: a listed case that passes fails the test,
# so the list only shrinks. Each entry: file -> why.
KNOWN_GAPS = {
}

B64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{16,}={0,2}")
JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(/)")


def js_unescape(s):
    def repl(m):
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2):
            return chr(int(m.group(2), 16))
        return "/"
    return JS_ESCAPE.sub(repl, s)


def b64_decodings(data):
    """Texts hidden in base64 / base64url runs of `data` (bytes), gunzipped when compressed."""
    out = []
    for m in B64_RUN.finditer(data):
        run = m.group(0)
        for alt in (run, run.replace(b"-", b"+").replace(b"_", b"/")):
            raw = None
            try:
                raw = base64.b64decode(alt + b"=" * (-len(alt) % 4), validate=False)
            except (binascii.Error, ValueError):
                continue
            if raw[:2] == b"\x1f\x8b":
                try:
                    raw = gzip.decompress(raw)
                except (OSError, EOFError, zlib.error):
                    pass
            out.append(raw)
            break
    return out


def expand(texts, depth=3, limit=64 << 20):
    """Every view reachable by the decoders from `texts` (bytes), up to `depth` layers."""
    seen = set()
    frontier = list(texts)
    total = 0
    for _ in range(depth + 1):
        nxt = []
        for t in frontier:
            if t in seen or total > limit:
                continue
            seen.add(t)
            total += len(t)
            s = t.decode("utf-8", "replace")
            for variant in (urllib.parse.unquote(s), html.unescape(s), js_unescape(s), urllib.parse.unquote_plus(s)):
                if variant != s:
                    nxt.append(variant.encode("utf-8", "replace"))
            nxt.extend(b64_decodings(t))
        frontier = nxt
    return seen


def har_texts(path):
    raw = open(path, "rb").read()
    texts = [raw]
    try:
        doc = json.loads(raw)
    except ValueError:
        return texts

    def walk(x):
        if isinstance(x, dict):
            if x.get("encoding") == "base64" and isinstance(x.get("text"), str):
                try:
                    texts.append(base64.b64decode(x["text"]))
                except (binascii.Error, ValueError):
                    pass
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            texts.append(x.encode("utf-8", "replace"))
    walk(doc)
    return texts


def saz_texts(path):
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            texts.append(data)
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep and b"content-encoding: gzip" in head.lower():
                try:
                    texts.append(gzip.decompress(body))
                except (OSError, EOFError, zlib.error):
                    pass
    return texts


def views_of(path):
    texts = saz_texts(path) if path.endswith(".saz") else har_texts(path)
    return expand(texts)


def survivors(views, needles):
    return [n for n in needles if any(n.encode() in v for v in views)]


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main():
    tool, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    src, out = os.path.join(work, "in"), os.path.join(work, "out")
    os.makedirs(out)
    gen = run([sys.executable, os.path.join(HERE, "make_corpus.py"), src])
    if gen.returncode != 0:
        print(gen.stderr)
        return 1
    cases = json.load(open(os.path.join(src, "manifest.json")))["cases"]
    failures = []
    per_class = {}

    groups = {}
    for c in cases:
        groups.setdefault(tuple(c["options"]), []).append(c)
    for options, group in groups.items():
        inputs = [os.path.join(src, c["file"]) for c in group]
        report = os.path.join(work, f"report-{len(options)}.json")
        r = run([tool, "-q", "--key", KEY, *options, *inputs, "-o", out + "/", "--report", report])
        if r.returncode != 0:
            failures.append(f"sanitize-trace {' '.join(options)} exit {r.returncode}: {r.stderr.strip()[:2000]}")
        r = run([tool, "--check", "--key", KEY, *options, *inputs])
        if r.returncode != 1:
            failures.append(f"--check on the originals exit {r.returncode}, expected 1: {r.stderr.strip()[:500]}")
        # The report and the --check listing name locations and kinds, never a secret.
        said = r.stdout + r.stderr + (open(report).read() if os.path.exists(report) else "")
        for c in group:
            for canary in c["canaries"]:
                if canary in said:
                    failures.append(f"{c['file']}: the report or --check output quotes a canary: {canary[:24]}…")
        reported = {line.split(": ", 1)[0] for line in r.stdout.splitlines()}
        for c in group:
            if c["canaries"] and os.path.join(src, c["file"]) not in reported:
                per_class.setdefault(c["class"], [0, 0])[1] += 0
                failures.append(f"{c['file']}: --check calls the original clean")
        outputs = [os.path.join(out, c["file"]) for c in group if os.path.exists(os.path.join(out, c["file"]))]
        r = run([tool, "--check", "--key", KEY, *options, *outputs])
        if r.returncode != 0:
            failures.append(f"--check on the outputs exit {r.returncode}, expected 0:\n  " +
                            "\n  ".join(r.stdout.splitlines()[:40]) + r.stderr.strip()[:500])

    survived_total = 0
    planted_total = 0
    for c in cases:
        path = os.path.join(out, c["file"])
        stats = per_class.setdefault(c["class"], [0, 0])
        planted_total += len(c["canaries"])
        stats[1] += len(c["canaries"])
        if not os.path.exists(path):
            failures.append(f"{c['file']}: no output written")
            continue
        views = views_of(path)
        left = survivors(views, c["canaries"])
        lost = [k for k in c["keepers"] if k not in survivors(views, [k])]
        survived_total += len(left)
        stats[0] += len(left)
        problems = []
        if left:
            problems.append(f"{len(left)} of {len(c['canaries'])} canaries survive: " + ", ".join(x[:24] + "…" for x in left))
        if lost:
            problems.append("keepers lost: " + ", ".join(lost))
        gap = c["file"] in KNOWN_GAPS
        if problems and not gap:
            failures.append(f"{c['file']}: " + "; ".join(problems))
        elif gap and not problems:
            failures.append(f"{c['file']}: listed in KNOWN_GAPS but passes now: remove it from the list")

    node = shutil.which("node")
    hars = [os.path.join(out, c["file"]) for c in cases if c["file"].endswith(".har") and os.path.exists(os.path.join(out, c["file"]))]
    validator = os.path.join(HERE, "..", "..", "tools", "validate-har.js")
    if node and os.path.isdir("/usr/share/nodejs/har-validator"):
        r = subprocess.run([node, validator, *hars], env=dict(os.environ, NODE_PATH="/usr/share/nodejs"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            failures.append("outputs that are not valid HAR 1.2:\n" + r.stderr.strip())

    for f in failures:
        print("FAIL", f)
    print(f"{len(cases)} traces, {planted_total} canaries planted, {survived_total} survive, "
          f"{len(KNOWN_GAPS)} known gaps, {len(failures)} failures")
    for k in sorted(per_class):
        print(f"  {k:16} {per_class[k][0]:3} of {per_class[k][1]:3} canaries survive")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
