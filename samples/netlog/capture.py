#!/usr/bin/env python3
"""Captures real NetLog samples: Debian's chromium (headless) signs in against a loopback mock of
Entra ID and writes its NetLog in the Everything and the Default capture modes.

Run by hand on a machine with chromium, never in CI:  samples/netlog/capture.py [OUTDIR]
Writes OUTDIR/signin-everything.json, OUTDIR/signin-default.json (default OUTDIR: this folder).
Every secret the mock hands out is fake and listed in secrets.json next to this script.

The flow (plain http on 127.0.0.1; --host-resolver-rules maps the real host names there, so the
URLs carry them): the app redirects to /authorize -> the login page with $Config sets esctx/fpc/
buid cookies and posts the credential form by script -> POST /common/login answers the
AADSTS50125 interrupt page (gzip, sent in two parts that cut the flow token in two, with
ESTSAUTH cookies and x-ms-clitelem) -> /reprocess redirects to the app's callback with ?code= ->
the app fetches a code verifier and a bearer token as JSON and posts code and verifier to the
token endpoint (after a CORS preflight) -> 400 with an AADSTS70008 error JSON."""
import gzip
import http.server
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECRETS = json.load(open(os.path.join(HERE, "secrets.json")))["secrets"]
S = {s["name"]: s["value"] for s in SECRETS}

TRACE_ID = "5d3e2a10-7b9c-4f21-8e33-0a6b4c2d9e01"
SESSION_STATE = "8e1f0c4a-2b6d-4e7f-9a31-5c2d7e8f9a10"
CORRELATION_ID = "c0ffee00-1234-4abc-9def-00112233aabb"
LOGIN = "login.microsoftonline.com"
APP = "app.contoso.com"


def config_page(config, script):
    return ("<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>"
            "<script>//<![CDATA[\n$Config=" + json.dumps(config) + ";\n//]]></script>"
            + script + "</body></html>").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body, split_at=None):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if split_at is None:
            self.wfile.write(body)
        else:  # two writes with a pause: the browser reads (and logs) them as two byte events
            self.wfile.write(body[:split_at])
            self.wfile.flush()
            time.sleep(0.3)
            self.wfile.write(body[split_at:])
        self.wfile.flush()

    def common(self):
        return [("x-ms-request-id", TRACE_ID), ("Cache-Control", "no-store"), ("Connection", "keep-alive")]

    def do_GET(self):
        host = self.headers.get("Host", "").split(":")[0]
        if host == APP and self.path.startswith("/signin"):
            location = ("http://" + LOGIN + "/common/oauth2/v2.0/authorize?client_id=4765445b-32c6-49b0-83e6-1d93765276ca"
                        "&redirect_uri=http%3A%2F%2Fapp.contoso.com%2Fcallback&response_type=code&scope=openid+profile"
                        "&state=" + S["state"] + "&nonce=" + S["nonce"] + "&client-request-id=" + CORRELATION_ID)
            self.send(302, self.common() + [("Location", location)], b"")
        elif host == LOGIN and self.path.startswith("/common/oauth2/v2.0/authorize"):
            config = {"sCtx": S["ctx"], "sFT": S["flowToken"], "canary": S["canary"], "apiCanary": S["apiCanary"],
                      "correlationId": CORRELATION_ID, "sessionId": TRACE_ID, "urlPost": "/common/login"}
            script = ('<form method="post" action="/common/login"><input name="login" value="adele@contoso.com">'
                      '<input name="passwd" value="' + S["password"] + '"><input name="ctx" value="' + S["ctx"] + '">'
                      '<input name="flowToken" value="' + S["flowToken"] + '"><input name="canary" value="' + S["canary"]
                      + '"></form><script>document.forms[0].submit();</script>')
            self.send(200, self.common() + [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Set-Cookie", "esctx=" + S["esctx"] + "; domain=.login.microsoftonline.com; path=/; HttpOnly"),
                ("Set-Cookie", "fpc=" + S["fpc"] + "; expires=Tue, 05-Jan-2027 10:15:00 GMT; path=/; HttpOnly"),
                ("Set-Cookie", "buid=" + S["buid"] + "; path=/; HttpOnly"),
            ], config_page(config, script))
        elif host == LOGIN and self.path.startswith("/common/reprocess"):
            self.send(302, self.common() + [("Location", "http://" + APP + "/callback?code=" + S["code"] + "&state="
                                             + S["state"] + "&session_state=" + SESSION_STATE)], b"")
        elif host == APP and self.path.startswith("/callback"):
            # Like a single-page app: the verifier and a bearer token come as JSON, then the code
            # (read from the page's own URL) goes to the token endpoint.
            script = ("<script>fetch('/session').then(r=>r.json()).then(j=>fetch('http://" + LOGIN
                      + "/common/oauth2/v2.0/token',{method:'POST',headers:{'Content-Type':"
                      "'application/x-www-form-urlencoded','Authorization':'Bearer '+j.access_token},body:"
                      "'grant_type=authorization_code&client_id=4765445b-32c6-49b0-83e6-1d93765276ca&code='+"
                      "encodeURIComponent(new URLSearchParams(location.search).get('code'))+'&code_verifier='+"
                      "encodeURIComponent(j.code_verifier)})).then(r=>r.text()).then(t=>{document.title=t;});</script>")
            self.send(200, [("Content-Type", "text/html; charset=utf-8")],
                      ("<!DOCTYPE html><html><body>Signing in..." + script + "</body></html>").encode())
        elif host == APP and self.path.startswith("/session"):
            grant = {"code_verifier": S["codeVerifier"], "access_token": S["bearer"], "token_type": "Bearer"}
            self.send(200, [("Content-Type", "application/json; charset=utf-8")], json.dumps(grant).encode())
        else:
            self.send(404, self.common() + [("Content-Type", "text/plain")], b"not found")

    def do_OPTIONS(self):  # the CORS preflight of the app's token request
        self.send(204, self.common() + [("Access-Control-Allow-Origin", "http://" + APP),
                                        ("Access-Control-Allow-Methods", "POST"),
                                        ("Access-Control-Allow-Headers", "authorization, content-type")], b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        if self.path.startswith("/common/login"):
            config = {"iErrorCode": 50125, "strServiceExceptionMessage":
                      "AADSTS50125: Sign-in was interrupted due to a password reset or password registration entry.",
                      "sFT": S["flowToken2"], "sCtx": S["ctx"], "correlationId": CORRELATION_ID, "sessionId": TRACE_ID,
                      "strTimestamp": "2026-12-06T12:00:04Z"}
            # The app goes on: /reprocess redirects to its callback with the code in the query.
            script = "<script>setTimeout(function(){location='/common/reprocess';},300);</script>"
            page = config_page(config, script)
            body = gzip.compress(page, mtime=0)
            # Cut the decoded page inside the second flow token: the raw (gzip) stream is cut
            # where that part of the page ends up, roughly; Chrome logs both copies.
            self.send(200, self.common() + [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                ("x-ms-clitelem", "1,50125,0,,"),
                ("Set-Cookie", "ESTSAUTH=" + S["estsauth"] + "; path=/; secure; HttpOnly; SameSite=None"),
                ("Set-Cookie", "ESTSAUTHPERSISTENT=" + S["estsauthPersistent"] + "; path=/; HttpOnly"),
            ], body, split_at=len(body) // 2)
        elif self.path.startswith("/common/oauth2/v2.0/token"):
            error = {"error": "invalid_grant", "error_description":
                     "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. "
                     "Send a new interactive authorization request for this user and resource.\r\nTrace ID: " + TRACE_ID
                     + "\r\nCorrelation ID: " + CORRELATION_ID + "\r\nTimestamp: 2026-12-06 12:00:05Z",
                     "error_codes": [70008], "timestamp": "2026-12-06 12:00:05Z", "trace_id": TRACE_ID,
                     "correlation_id": CORRELATION_ID, "error_uri": "https://login.microsoftonline.com/error?code=70008"}
            self.send(400, self.common() + [("Content-Type", "application/json; charset=utf-8"),
                                            ("Access-Control-Allow-Origin", "http://" + APP)],
                      json.dumps(error).encode())
        else:
            self.send(404, self.common() + [("Content-Type", "text/plain")], b"not found")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def capture(port, mode, path):
    with tempfile.TemporaryDirectory() as profile:
        # No background traffic (updates, Google accounts, spelling dictionaries): the sign-in only.
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,OptimizationHints,MediaRouter",
               "--disable-spell-checking", "--no-default-browser-check", "--disable-domain-reliability",
               "--user-data-dir=" + profile, "--log-net-log=" + path, "--net-log-capture-mode=" + mode,
               "--host-resolver-rules=MAP " + LOGIN + " 127.0.0.1:%d, MAP %s 127.0.0.1:%d" % (port, APP, port),
               "--virtual-time-budget=8000", "--dump-dom", "http://" + APP + "/signin"]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        for mode, name in (("Everything", "signin-everything.json"), ("Default", "signin-default.json")):
            capture(port, mode, os.path.join(out, name))
            os.chmod(os.path.join(out, name), 0o644)
            print("wrote", os.path.join(out, name), os.path.getsize(os.path.join(out, name)), "bytes")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
