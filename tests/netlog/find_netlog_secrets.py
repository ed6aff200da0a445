#!/usr/bin/env python3
"""Lists every planted secret (samples/netlog/secrets.json) that survives in a NetLog.

Usage: find_netlog_secrets.py SECRETS_JSON NETLOG [--expect-all]
Looks at the raw bytes, every JSON string (also percent-decoded), every `bytes` param decoded,
and each source's byte stream per event type reassembled in order (so a secret split across two
events is seen whole) and, when it is gzip/deflate/br, decompressed. A truncated file (no closing
"]}") is read line by line. Prints each survivor; exits 1 if there is any (with --expect-all:
exits 1 unless every secret is found, to prove the views see them in the input)."""
import base64
import binascii
import gzip
import json
import os
import sys
import urllib.parse
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
from find_secrets import strings  # noqa: E402 - the HAR checker's walk over every JSON string


def b64(text):
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return b""


def decompressed(data):
    for fn in (gzip.decompress, zlib.decompress, lambda d: zlib.decompress(d, -15)):
        try:
            return fn(data)
        except Exception:  # noqa: BLE001 - any failure means "not this coding"
            pass
    try:
        import brotli  # optional
        return brotli.decompress(data)
    except Exception:  # noqa: BLE001
        return b""


def events_of(raw):
    try:
        return json.loads(raw).get("events", [])
    except json.JSONDecodeError:
        events = []
        for line in raw.decode("utf-8", "replace").splitlines():
            line = line.strip().rstrip(",")
            if line.startswith('{"params"') or line.startswith('{"phase"') or line.startswith('{"source"'):
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        return events


def views(raw):
    yield raw.decode("utf-8", "replace")
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError:
        doc = {}
    for s in strings(doc):
        yield urllib.parse.unquote(s)
        yield urllib.parse.unquote_plus(s)
    streams = {}
    for e in events_of(raw):
        for s in strings(e):
            yield urllib.parse.unquote_plus(s)
        params = e.get("params") or {}
        if isinstance(params.get("bytes"), str):
            data = b64(params["bytes"])
            yield data.decode("utf-8", "replace")
            key = (e["source"]["id"], e["type"])
            streams[key] = streams.get(key, b"") + data
    for data in streams.values():
        for view in (data, decompressed(data)):
            text = view.decode("utf-8", "replace")
            yield text
            yield urllib.parse.unquote_plus(text)


def main():
    secrets_path, netlog = sys.argv[1], sys.argv[2]
    expect_all = "--expect-all" in sys.argv
    secrets = [s for s in json.load(open(secrets_path))["secrets"] if not s.get("keep")]
    raw = open(netlog, "rb").read()
    seen = set()
    for view in views(raw):
        for s in secrets:
            if s["value"] in view:
                seen.add(s["name"])
    if expect_all:
        missing = [s["name"] for s in secrets if s["name"] not in seen]
        for name in missing:
            print("not in the input:", name)
        return 1 if missing else 0
    for s in secrets:
        if s["name"] in seen:
            print("survived:", s["name"])
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
