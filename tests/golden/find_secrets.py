#!/usr/bin/env python3
"""Lists every planted secret (samples/secrets.json) that survives in a sanitized HAR.

Usage: find_secrets.py SECRETS_JSON SAMPLE_NAME SANITIZED_HAR
Looks in the views samples/README.md names: raw bytes, JSON-decoded strings, base64-decoded
bodies and words, and percent-decoded strings. Prints each survivor; exits 1 if there is any."""
import base64
import binascii
import json
import re
import sys
import urllib.parse


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def b64(text):
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_" if ("-" in text or "_" in text) else None,
                                validate=False).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return ""


def views(raw):
    yield raw.decode("utf-8", "replace")
    doc = json.loads(raw)
    for s in strings(doc):
        yield s
        yield urllib.parse.unquote(s)
        yield urllib.parse.unquote_plus(s)
        for word in re.findall(r"[A-Za-z0-9+/_=-]{16,}", s):
            yield b64(word)
    for entry in doc.get("log", {}).get("entries", []):
        content = entry.get("response", {}).get("content", {})
        if content.get("encoding") == "base64":
            yield b64(content.get("text", ""))


def main():
    secrets_path, sample, sanitized = sys.argv[1:4]
    secrets = json.load(open(secrets_path, encoding="utf-8")).get(sample, [])
    raw = open(sanitized, "rb").read()
    all_views = list(views(raw))
    survivors = [s for s in secrets if any(s in v for v in all_views)]
    for s in survivors:
        print(f"{sample}: secret survives: {s[:12]}... ({len(s)} chars)")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
