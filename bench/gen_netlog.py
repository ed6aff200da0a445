#!/usr/bin/env python3
"""Generates a large NetLog (Chrome/Edge net-export, "Everything" mode) for benchmarks.

    python3 bench/gen_netlog.py --size 200M --out bench/out/trace-200M.netlog.json

The constants (event and source type numbers) are those of the committed real capture
samples/netlog/signin-everything.json. Each simulated request is a URL_REQUEST source with its
start job, request and response header lists (cookies, bearer tokens), decoded body bytes in
several events (sign-in pages with $Config, token JSON, scripts), and a socket source carrying the
same request and response as raw HTTP/1.1 bytes; two requests are interleaved at a time, as
browsers do. All secrets are fake. Deterministic for --seed and --size; memory stays small (each
request is written as it is made).
"""
import argparse
import base64
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "netlog", "signin-everything.json")


def parse_size(text):
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    if text[-1:].upper() in units:
        return int(float(text[:-1]) * units[text[-1:].upper()])
    return int(text)


def token(rng, prefix, n):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return prefix + "".join(rng.choice(alphabet) for _ in range(n))


class Writer:
    def __init__(self, out, constants):
        self.out = out
        self.types = constants["logEventTypes"]
        self.sources = constants["logSourceType"]
        self.tick = 1000000
        self.first = True
        self.size = 0

    def event(self, name, phase, source, source_type, params=None):
        self.tick += 1
        e = {}
        if params is not None:
            e["params"] = params
        e["phase"] = phase
        e["source"] = {"id": source, "start_time": str(self.tick), "type": self.sources[source_type]}
        e["time"] = str(self.tick)
        e["type"] = self.types[name]
        line = ("" if self.first else ",\n") + json.dumps(e, separators=(",", ":"))
        self.first = False
        data = line.encode()
        self.out.write(data)
        self.size += len(data)

    def chunks(self, name, source, source_type, data, rng):
        at = 0
        while at < len(data):
            n = rng.choice((1024, 4096, 16384, 32768))
            part = data[at:at + n]
            at += n
            self.event(name, 0, source, source_type, {"byte_count": len(part), "bytes": base64.b64encode(part).decode()})


def make_request(rng, n):
    kind = n % 4
    host = "login.microsoftonline.com" if kind < 3 else "graph.microsoft.com"
    if kind == 0:
        url = "https://%s/common/oauth2/v2.0/authorize?client_id=4765445b-32c6-49b0-83e6-1d93765276ca&response_type=code&state=%s" % (
            host, token(rng, "st-", 16))
        config = {"sCtx": token(rng, "rQQIARAA-FAKE-", 120), "sFT": token(rng, "AQABIQEAAAD-FAKE-", 300),
                  "canary": token(rng, "PAQABDgEAAAD-FAKE-", 160), "correlationId": "c0ffee00-1234-4abc-9def-%012d" % n,
                  "padding": "x" * rng.randint(2000, 30000)}
        body = ("<html><script>$Config=" + json.dumps(config) + ";</script></html>").encode()
        ctype, status = "text/html; charset=utf-8", 200
    elif kind == 1 and n % 40 == 1:  # some sign-ins fail: an AADSTS error for extract-errors to find
        url = "https://%s/common/oauth2/v2.0/token" % host
        body = json.dumps({"error": "invalid_grant", "error_description": "AADSTS70008: The provided authorization code "
                           "or refresh token has expired due to inactivity.", "error_codes": [70008],
                           "timestamp": "2026-12-06 12:00:05Z", "trace_id": "5d3e2a10-7b9c-4f21-8e33-%012d" % n,
                           "correlation_id": "c0ffee00-1234-4abc-9def-%012d" % n}).encode()
        ctype, status = "application/json; charset=utf-8", 400
    elif kind == 1:
        url = "https://%s/common/oauth2/v2.0/token" % host
        body = json.dumps({"token_type": "Bearer", "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." +
                           token(rng, "eyJGQUtFIjoiYSJ9", 400) + "." + token(rng, "sig", 300),
                           "refresh_token": token(rng, "0.AXoA-FAKE-rt-", 600), "expires_in": 3599}).encode()
        ctype, status = "application/json; charset=utf-8", 200
    elif kind == 2:
        url = "https://%s/shared/1.0/content/js/ConvergedLogin_PCore_%d.js" % (host, n % 50)
        body = ("var a=%d;" % n + "function f(){return 1;}" * rng.randint(200, 3000)).encode()
        ctype, status = "application/javascript", 200
    else:
        url = "https://%s/v1.0/me?$select=displayName" % host
        body = json.dumps({"displayName": "Adele Vance", "id": "%08d-0000-0000-0000-000000000000" % n,
                           "value": ["item-%d" % i for i in range(rng.randint(10, 500))]}).encode()
        ctype, status = "application/json", 200
    req_headers = ["Host: " + host, "Connection: keep-alive", "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0",
                   "Accept: */*", "Accept-Encoding: gzip, deflate, br",
                   "Cookie: ESTSAUTH=%s; fpc=%s" % (token(rng, "1.AXoA-FAKE-", 200), token(rng, "AkT5fQ-", 30))]
    if kind == 3:
        req_headers.append("Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + token(rng, "eyJGQUtFIjoiYiJ9", 300) + "." + token(rng, "s", 200))
    resp_headers = ["HTTP/1.1 %d %s" % (status, "OK" if status == 200 else "Bad Request"), "Content-Type: " + ctype, "Content-Length: %d" % len(body),
                    "x-ms-request-id: 5d3e2a10-7b9c-4f21-8e33-%012d" % n,
                    "Set-Cookie: esctx=%s; path=/; secure; HttpOnly" % token(rng, "PAQABBwEAAAD-FAKE-", 120)]
    return url, req_headers, resp_headers, body


def main():
    ap = argparse.ArgumentParser(description="Generate a large NetLog (fake secrets).")
    ap.add_argument("--size", type=parse_size, default=parse_size("100M"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with open(SAMPLE, "rb") as f:
        first = f.readline()
    constants = json.loads(first.decode().rstrip().rstrip(",")[len('{"constants":'):])
    rng = random.Random(args.seed)
    tmp = args.out + ".tmp"
    with open(tmp, "wb", buffering=1 << 22) as out:
        out.write(b'{"constants":' + json.dumps(constants, separators=(",", ":")).encode() + b',\n"events": [\n')
        w = Writer(out, constants)
        n = 0
        source = 1000
        while w.size < args.size:
            pending = []
            for _ in range(2):  # two requests in flight, their events interleaved
                n += 1
                source += 2
                pending.append((source, source + 1) + make_request(rng, n))
            for rid, sid, url, reqh, resph, body in pending:
                w.event("REQUEST_ALIVE", 1, rid, "URL_REQUEST")
                w.event("URL_REQUEST_START_JOB", 1, rid, "URL_REQUEST", {"load_flags": 0, "method": "GET", "url": url})
                w.event("SOCKET_ALIVE", 1, sid, "SOCKET")
            for rid, sid, url, reqh, resph, body in pending:
                path = url.split("/", 3)[3]
                w.event("HTTP_TRANSACTION_SEND_REQUEST_HEADERS", 0, rid, "URL_REQUEST",
                        {"headers": reqh[1:], "line": "GET /%s HTTP/1.1\r\n" % path})
                raw_req = ("GET /%s HTTP/1.1\r\n" % path + "\r\n".join(reqh) + "\r\n\r\n").encode()
                w.chunks("SOCKET_BYTES_SENT", sid, "SOCKET", raw_req, rng)
            for rid, sid, url, reqh, resph, body in pending:
                w.event("HTTP_TRANSACTION_READ_RESPONSE_HEADERS", 0, rid, "URL_REQUEST", {"headers": resph})
                raw_resp = ("\r\n".join(resph) + "\r\n\r\n").encode() + body
                w.chunks("SOCKET_BYTES_RECEIVED", sid, "SOCKET", raw_resp, rng)
                w.chunks("URL_REQUEST_JOB_FILTERED_BYTES_READ", rid, "URL_REQUEST", body, rng)
            for rid, sid, url, reqh, resph, body in pending:
                w.event("SOCKET_ALIVE", 2, sid, "SOCKET")
                w.event("REQUEST_ALIVE", 2, rid, "URL_REQUEST")
        out.write(b'],\n"polledData": {}}\n')
    os.replace(tmp, args.out)
    print("wrote %s: %d requests, %d bytes" % (args.out, n, os.path.getsize(args.out)), file=sys.stderr)


if __name__ == "__main__":
    main()
