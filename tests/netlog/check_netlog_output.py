#!/usr/bin/env python3
"""Checks that a sanitized NetLog changed nothing but values: the same lines in the same order,
every unchanged line byte-identical, and each changed event the same JSON shape (same keys, same
numbers and types) with only string values and `byte_count` differing; every changed `bytes`
value still valid base64 whose length its byte_count states.

Usage: check_netlog_output.py INPUT OUTPUT   (exit 1 with a message per problem)"""
import base64
import binascii
import json
import sys


def same_shape(a, b, path, problems):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            problems.append(f"{path}: keys differ")
            return
        for k in a:
            if k == "byte_count":
                continue
            same_shape(a[k], b[k], f"{path}.{k}", problems)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{path}: list length differs")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            same_shape(x, y, f"{path}[{i}]", problems)
    elif isinstance(a, str) and isinstance(b, str):
        pass
    elif a != b:
        problems.append(f"{path}: {a!r} became {b!r}")


def main():
    before = open(sys.argv[1], "rb").read().split(b"\n")
    after = open(sys.argv[2], "rb").read().split(b"\n")
    problems = []
    if len(before) != len(after):
        problems.append(f"line count {len(before)} became {len(after)}")
    changed = 0
    for n, (a, b) in enumerate(zip(before, after), 1):
        if a == b:
            continue
        changed += 1
        if not a.startswith(b'{"params"'):
            problems.append(f"line {n}: a line that is not an event with params changed")
            continue
        ea, eb = json.loads(a.rstrip(b",")), json.loads(b.rstrip(b","))
        same_shape(ea, eb, f"line {n}", problems)
        params = eb.get("params", {})
        if isinstance(params.get("bytes"), str):
            try:
                data = base64.b64decode(params["bytes"], validate=True)
            except binascii.Error:
                problems.append(f"line {n}: bytes is not base64")
                continue
            if "byte_count" in params and params["byte_count"] != len(data):
                problems.append(f"line {n}: byte_count {params['byte_count']} but {len(data)} bytes")
    for p in problems:
        print(p)
    print(f"{changed} of {len(before)} lines changed", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
