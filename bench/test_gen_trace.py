#!/usr/bin/env python3
"""Self-test for gen_trace.py: small HAR and SAZ outputs are well-formed, Fiddler-shaped and deterministic.

    python3 bench/test_gen_trace.py [SCRATCH_DIR]

It exits 1 and names the first broken property. If node and har-validator are installed, the HAR
outputs are also checked against the HAR 1.2 schema.
"""
import base64
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_trace.py")


def fail(msg):
    print("test_gen_trace: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def gen(*args):
    subprocess.run([sys.executable, GEN, *args], check=True, stderr=subprocess.DEVNULL)


def dechunk(body):
    out, i = bytearray(), 0
    while True:
        j = body.index(b"\r\n", i)
        size = int(body[i:j], 16)
        if size == 0:
            return bytes(out)
        out += body[j + 2:j + 2 + size]
        if body[j + 2 + size:j + 4 + size] != b"\r\n":
            fail("chunk not followed by CRLF")
        i = j + 4 + size


def check_har(path, size):
    if abs(os.path.getsize(path) - size) > size * 0.15 + 300000:
        fail("%s: size %d far from requested %d" % (path, os.path.getsize(path), size))
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    entries = doc["log"]["entries"]
    if len(entries) < 10:
        fail("%s: only %d entries" % (path, len(entries)))
    for i, e in enumerate(entries, 1):
        content = e["response"]["content"]
        body = content.get("text", "")
        raw = base64.b64decode(body) if content.get("encoding") == "base64" else body.encode()
        if content["size"] != len(raw) or e["response"]["bodySize"] != len(raw):
            fail("%s: entry %d: content.size %d != body length %d" % (path, i, content["size"], len(raw)))
        lengths = [h["value"] for h in e["response"]["headers"] if h["name"] == "content-length"]
        if lengths and lengths != [str(len(raw))]:
            fail("%s: entry %d: content-length header %s != %d" % (path, i, lengths, len(raw)))
        post = e["request"].get("postData", {}).get("text", "")
        if e["request"]["bodySize"] != len(post.encode()):
            fail("%s: entry %d: request bodySize does not match postData" % (path, i))
    text = open(path, encoding="utf-8").read()
    if "@@@" in text:
        fail("%s: unreplaced template marker" % path)
    if not any(c["response"]["content"].get("encoding") == "base64" for c in entries):
        fail("%s: no base64 bodies" % path)
    numbers = {int(n) for n in re.findall(r"FAKE-[A-Za-z]+-(\d+)-", text)}
    if len(numbers) < 2 or not numbers <= set(range(1, len(entries) + 1)):
        fail("%s: token suffixes are not unit numbers" % path)
    # Within a sign-in flow, ctx travels from the $Config page to GetCredentialType and the login form.
    for number in {int(n) for n in re.findall(r'originalRequest\\": \\"rQQIARAA-FAKE-ctx-(\d+)-', text)}:
        ctx = re.search(r"rQQIARAA-FAKE-ctx-%d-[\w-]+" % number, text).group(0)
        if text.count(ctx) < 3:
            fail("%s: the ctx of flow %d is not shared by its entries" % (path, number))
    return text.count("AADSTS")


def check_saz(path):
    z = zipfile.ZipFile(path)
    if z.testzip() is not None:
        fail("%s: corrupt member" % path)
    names = z.namelist()
    sessions = sorted({n[4:].split("_")[0] for n in names if n.startswith("raw/") and "_" in n})
    width = len(str(len(sessions)))
    if any(len(s) != width for s in sessions):
        fail("%s: padding is not the digit count of %d sessions" % (path, len(sessions)))
    if [int(s) for s in sessions] != list(range(1, len(sessions) + 1)):
        fail("%s: sessions are not numbered 1..N" % path)
    for required in ("[Content_Types].xml", "_index.htm", "raw/"):
        if required not in names:
            fail("%s: missing %s" % (path, required))
    chunked_gzip = 0
    for s in sessions:
        for suffix in ("_c.txt", "_s.txt", "_m.xml"):
            if "raw/%s%s" % (s, suffix) not in names:
                fail("%s: session %s has no %s" % (path, s, suffix))
        c = z.read("raw/%s_c.txt" % s)
        if not re.match(rb"(GET|POST) https://[^ ]+ HTTP/1\.1\r\n", c):
            fail("%s: session %s: request line is not absolute-form" % (path, s))
        c_head, _, c_body = c.partition(b"\r\n\r\n")
        c_len = re.search(rb"Content-Length: (\d+)", c_head)
        if (int(c_len.group(1)) if c_len else 0) != len(c_body):
            fail("%s: session %s: request Content-Length does not match the body" % (path, s))
        m = z.read("raw/%s_m.xml" % s)
        if not m.startswith(b"\xef\xbb\xbf<?xml") or b'SID="%d"' % int(s) not in m:
            fail("%s: session %s: _m.xml lacks BOM or SID" % (path, s))
        head, _, body = z.read("raw/%s_s.txt" % s).partition(b"\r\n\r\n")
        if b"Transfer-Encoding: chunked" in head:
            if b"Content-Encoding: gzip" not in head:
                fail("%s: session %s: chunked without gzip" % (path, s))
            gzip.decompress(dechunk(body))
            chunked_gzip += 1
        else:
            length = re.search(rb"Content-Length: (\d+)", head)
            if not length or int(length.group(1)) != len(body):
                fail("%s: session %s: Content-Length does not match the body" % (path, s))
    if chunked_gzip == 0:
        fail("%s: no chunked+gzip bodies" % path)
    if b"@@@" in b"".join(z.read(n) for n in names):
        fail("%s: unreplaced template marker" % path)


def main():
    scratch = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="gen-trace-test-")
    os.makedirs(scratch, exist_ok=True)
    try:
        size = 3 << 20
        p = lambda n: os.path.join(scratch, n)
        gen("--size", "3M", "--out", p("a.har"))
        gen("--size", "3M", "--out", p("b.har"))
        gen("--size", "3M", "--compact", "--seed", "9", "--out", p("c.har"))
        gen("--size", "3M", "--format", "saz", "--out", p("a.saz"))
        gen("--size", "3M", "--format", "saz", "--out", p("b.saz"))
        if sum(check_har(p(name), size) for name in ("a.har", "c.har")) == 0:
            fail("no AADSTS errors in the generated HAR files")
        check_saz(p("a.saz"))
        for x, y in (("a.har", "b.har"), ("a.saz", "b.saz")):
            if open(p(x), "rb").read() != open(p(y), "rb").read():
                fail("same seed and size gave different %s files" % x.split(".")[1])
        if open(p("a.har"), "rb").read(4000) == open(p("c.har"), "rb").read(4000):
            fail("--seed/--compact made no difference")
        node = shutil.which("node")
        if node and os.path.isdir("/usr/share/nodejs/har-validator"):
            script = ("const v=require('har-validator');Promise.all(process.argv.slice(1).map(f=>v.har(JSON.parse("
                      "require('fs').readFileSync(f,'utf8'))))).then(()=>{},e=>{console.error(e.message);process.exit(1)})")
            r = subprocess.run([node, "-e", script, p("a.har"), p("c.har")], env=dict(os.environ, NODE_PATH="/usr/share/nodejs"))
            if r.returncode != 0:
                fail("generated HAR is not valid HAR 1.2")
        print("test_gen_trace: ok")
    finally:
        if len(sys.argv) <= 1:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
