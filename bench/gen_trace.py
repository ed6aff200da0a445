#!/usr/bin/env python3
"""Generates large, realistic HTTP traces for benchmarks: HAR (default) or Fiddler SAZ.

    python3 bench/gen_trace.py --size 100M --out bench/out/trace-100M.har
    python3 bench/gen_trace.py --size 1G --format saz --out bench/out/trace-1G.saz
    python3 bench/gen_trace.py --size 20M --compact --seed 7 --out /tmp/t.har

The traffic mixes Entra ID sign-in flows with ordinary web traffic. The sign-in flows contain
$Config pages, GetCredentialType, login form posts with passwords, form_post pages, token
responses with JWTs and refresh tokens, and Graph calls with bearer tokens. Some flows end in an
AADSTS error. The ordinary traffic is scripts, stylesheets, images and fonts (base64 bodies), JSON
APIs and beacons, with many headers and cookies. All secrets are fake.

The output is deterministic for a given --seed and --size. Memory use is constant: a pool of
entry templates is built once (a few tens of MB), and each entry is then streamed out by splicing
per-entry values (number, timestamp, IDs, token suffixes) into a template. Writes go out in large
chunks, so generation runs at several hundred MB/s.

SAZ output follows Fiddler's layout: raw/NN_c.txt, raw/NN_s.txt and raw/NN_m.xml, where the
zero-padding width is the number of digits in the session count. It also writes
[Content_Types].xml and _index.htm. Some response bodies are chunked and gzipped, as captured on
the wire.
"""
import argparse
import base64
import datetime as dt
import gzip
import json
import os
import random
import re
import sys
import tempfile
import time
import zipfile

MARK = re.compile(rb"@@@([A-Z]+)@@@")
LOGIN = "https://login.microsoftonline.com"
TENANT = "72f988bf-0000-4fa5-fake-2d7cd011db47"
CLIENT_ID = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d"
UPN = "bench.user@contoso-fake.example"
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/142.0.0.0 Safari/537.36")
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
WORDS = ("function return const let var this that window document event value length push "
         "prototype object string number undefined null true false typeof new class extends "
         "render state props module exports require import default async await promise then").split()
ERRORS = [  # (code, oauth error, message) used by the failing sign-in flows
    (50126, "invalid_grant", "Error validating credentials due to invalid username or password."),
    (50125, "interaction_required", "Sign-in was interrupted due to a password reset or password registration entry."),
    (50076, "interaction_required", "Due to a configuration change made by your administrator, or because you "
                                    "moved to a new location, you must use multi-factor authentication."),
    (53003, "access_denied", "Access has been blocked by Conditional Access policies."),
    (70008, "invalid_grant", "The provided authorization code or refresh token has expired due to inactivity."),
    (700082, "invalid_grant", "The refresh token has expired due to inactivity."),
    (7000215, "invalid_client", "Invalid client secret provided."),
    (65001, "consent_required", "The user or administrator has not consented to use the application."),
]


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)B?", text.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError("size must look like 20M, 100M or 1G")
    return int(float(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)])


class Pool:
    """Random building blocks: token strings, text bodies, binary bodies."""

    def __init__(self, rng):
        self.rng = rng

    def chars(self, n):
        return "".join(self.rng.choice(B64URL) for _ in range(n))

    def token(self, prefix, label, n=60):
        # @@@F@@@ (the unit number) makes every emitted copy unique, while a value that a sign-in
        # flow carries from one entry to the next (ctx, flowToken, code, ...) stays the same within it.
        return "%s-FAKE-%s-@@@F@@@-%s" % (prefix, label, self.chars(n))

    def jwt(self, claims):
        def enc(o):
            return base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode()).rstrip(b"=").decode()
        return "%s.%s.FAKE_SIG_@@@F@@@_%s" % (enc({"typ": "JWT", "alg": "RS256", "kid": "FAKEkid"}), enc(claims),
                                                self.chars(80))

    def access_token(self):
        return self.jwt({"aud": "00000003-0000-0000-c000-000000000000", "iss": "https://sts.windows.net/%s/" % TENANT,
                         "iat": 1796040000, "exp": 1796044000, "appid": CLIENT_ID, "ipaddr": "198.51.100.23",
                         "name": "Bench User (FAKE)", "oid": "0d3e8a51-0000-4b6c-fa4e-0000000000b1",
                         "scp": "openid profile User.Read", "tid": TENANT, "upn": UPN, "unique_name": UPN,
                         "uti": self.chars(22), "ver": "1.0"})

    def _corpus(self, make_line, size):
        out, n = [], 0
        while n < size:
            line = make_line()
            out.append(line)
            n += len(line)
        return "".join(out)

    def _slice(self, corpus, size):
        start = self.rng.randrange(len(corpus) - size) if size < len(corpus) else 0
        start = corpus.find("\n", start) + 1  # whole lines only
        return corpus[start:start + size].rsplit("\n", 1)[0] + "\n"

    def js(self, size):
        if not hasattr(self, "_js"):
            self._js = self._corpus(lambda: "%s %s(%s){%s.%s=%d;}\n" % (
                self.rng.choice(WORDS), self.chars(6), self.rng.choice(WORDS), self.rng.choice(WORDS),
                self.chars(4), self.rng.randint(0, 99999)), 1 << 20)
        return self._slice(self._js, size)

    def css(self, size):
        if not hasattr(self, "_css"):
            self._css = self._corpus(lambda: ".c-%s{margin:%dpx;color:#%06x;display:flex}\n" % (
                self.chars(8), self.rng.randint(0, 40), self.rng.getrandbits(24)), 256 << 10)
        return self._slice(self._css, size)

    def json_doc(self, size, with_tokens=False):
        if not hasattr(self, "_items"):
            self._items = [{"id": "%08x" % self.rng.getrandbits(32),
                            "title": " ".join(self.rng.choice(WORDS) for _ in range(5)),
                            "score": round(self.rng.random(), 6), "tags": [self.rng.choice(WORDS) for _ in range(3)],
                            "owner": {"name": "User %d" % self.rng.randint(1, 999),
                                      "mail": "u%d@contoso-fake.example" % self.rng.randint(1, 999)}}
                           for _ in range(400)]
        count = max(1, size // 170)
        start = self.rng.randrange(len(self._items))
        items = [self._items[(start + i) % len(self._items)] for i in range(count)]
        doc = {"value": items, "@odata.nextLink": "https://api.contoso-fake.example/v1/items?$skiptoken=" + self.chars(40)}
        if with_tokens:
            doc["session"] = {"refresh_token": self.token("0.AXoA", "refreshToken-api", 300),
                              "access_token": self.access_token()}
        return json.dumps(doc, separators=(",", ":"))

    def binary(self, size):
        return self.rng.getrandbits(8 * size).to_bytes(size, "little")


# ---------------------------------------------------------------------------------------------
# One abstract entry. Rendered once into a HAR template or a SAZ template.

class Ex:
    def __init__(self, method, url, req_headers, status, resp_headers, body=b"", mime="text/html", post=None,
                 post_mime=None, binary=False, resource="other", wire_gzip=False):
        self.method, self.url, self.req_headers = method, url, req_headers
        self.status, self.resp_headers, self.body, self.mime = status, resp_headers, body, mime
        self.post, self.post_mime, self.binary, self.resource = post, post_mime, binary, resource
        self.wire_gzip = wire_gzip


def common_req(rng, host, cookies, accept="*/*", referer="https://portal.contoso-fake.example/"):
    h = [("sec-ch-ua", '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"'),
         ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", '"Windows"'), ("user-agent", UA), ("accept", accept),
         ("sec-fetch-site", "same-site"), ("sec-fetch-mode", "cors"), ("sec-fetch-dest", "empty"),
         ("referer", referer), ("accept-encoding", "gzip, deflate, br, zstd"), ("accept-language", "en-US,en;q=0.9")]
    if cookies:
        h.append(("cookie", cookies))
    return h


def resp_common(mime, length, extra=()):
    return ([("content-type", mime), ("content-length", str(length)), ("date", "@@@HD@@@"),
             ("cache-control", "private, max-age=0"), ("server", "nginx"), ("x-request-id", "@@@G@@@"),
             ("strict-transport-security", "max-age=31536000")] + list(extra))


def ordinary_entries(pool, rng, count):
    out = []
    site_cookie = ("_ga=GA1.2.%d.%d; _gid=GA1.2.%d; ai_user=%s; session_id=%s; XSRF-TOKEN=%s" %
                   (rng.getrandbits(30), rng.getrandbits(30), rng.getrandbits(30), pool.chars(20),
                    pool.token("sess", "app-session", 40), pool.token("xsrf", "csrf", 32)))
    kinds = ["js"] * 20 + ["css"] * 8 + ["img"] * 15 + ["font"] * 3 + ["api"] * 25 + ["post"] * 8 + ["beacon"] * 8
    for i in range(count):
        kind = rng.choice(kinds)
        host = rng.choice(["cdn.contoso-fake.example", "static.contoso-fake.example", "api.contoso-fake.example",
                           "portal.contoso-fake.example", "telemetry.contoso-fake.example"])
        if kind == "js":
            body = pool.js(rng.randint(4000, 160000)).encode()
            url = "https://%s/assets/js/chunk-%s.js" % (host, pool.chars(10))
            out.append(Ex("GET", url, common_req(rng, host, None), 200,
                          resp_common("application/javascript", len(body), [("content-encoding", "br")]), body,
                          "application/javascript", resource="script", wire_gzip=rng.random() < 0.5))
        elif kind == "css":
            body = pool.css(rng.randint(2000, 40000)).encode()
            url = "https://%s/assets/css/site-%s.css" % (host, pool.chars(10))
            out.append(Ex("GET", url, common_req(rng, host, None, "text/css,*/*;q=0.1"), 200,
                          resp_common("text/css", len(body)), body, "text/css", resource="stylesheet",
                          wire_gzip=rng.random() < 0.5))
        elif kind in ("img", "font"):
            size = rng.randint(2000, 80000) if kind == "img" else rng.randint(20000, 60000)
            mime = rng.choice(["image/png", "image/jpeg", "image/webp"]) if kind == "img" else "font/woff2"
            body = pool.binary(size)
            url = "https://%s/media/%s.%s" % (host, pool.chars(12), mime.split("/")[1])
            out.append(Ex("GET", url, common_req(rng, host, None, "image/avif,image/webp,*/*"), 200,
                          resp_common(mime, len(body)), body, mime, binary=True, resource="image"))
        elif kind == "api":
            body = pool.json_doc(rng.randint(500, 30000), with_tokens=rng.random() < 0.1).encode()
            url = "https://api.contoso-fake.example/v1/items?page=%d&filter=%s" % (rng.randint(1, 50), pool.chars(6))
            h = common_req(rng, host, site_cookie, "application/json")
            h.append(("authorization", "Bearer " + pool.access_token()))
            out.append(Ex("GET", url, h, 200, resp_common("application/json; charset=utf-8", len(body)), body,
                          "application/json", resource="fetch", wire_gzip=rng.random() < 0.3))
        elif kind == "post":
            req = pool.json_doc(rng.randint(200, 4000))
            body = json.dumps({"ok": True, "id": "@@@G@@@"}).encode()
            h = common_req(rng, host, site_cookie, "application/json")
            h += [("content-type", "application/json"), ("x-csrf-token", pool.token("xsrf", "hdr", 32))]
            out.append(Ex("POST", "https://api.contoso-fake.example/v1/items", h, 201,
                          resp_common("application/json", len(body)), body, "application/json", post=req,
                          post_mime="application/json", resource="fetch"))
        else:
            req = json.dumps([{"name": "pageview", "time": "@@@T@@@", "iKey": pool.chars(36),
                               "data": {"uri": "https://portal.contoso-fake.example/home", "ms": rng.randint(1, 900)}}])
            out.append(Ex("POST", "https://telemetry.contoso-fake.example/v2/track", common_req(rng, host, None), 204,
                          resp_common("text/plain", 0), b"", "text/plain", post=req, post_mime="text/plain",
                          resource="ping"))
    return out


def config_html(cfg, pool, pad):
    return ("<!DOCTYPE html><html dir=\"ltr\" lang=\"en\"><head><title>Sign in to your account</title>"
            "<meta name=\"PageID\" content=\"%s\" />\n<script type=\"text/javascript\">//<![CDATA[\n$Config=%s;\n"
            "//]]></script>\n<script>%s</script></head><body></body></html>\n"
            % (cfg["pgid"], json.dumps(cfg, separators=(",", ":")), pool.js(pad)))


def ests_resp(mime, length, clitelem="1,0,0,,", cookies=()):
    h = [("cache-control", "no-store, no-cache"), ("pragma", "no-cache"), ("content-type", mime),
         ("content-length", str(length)), ("expires", "-1"), ("x-content-type-options", "nosniff"),
         ("client-request-id", "@@@C@@@"), ("x-ms-request-id", "@@@G@@@"),
         ("x-ms-ests-server", "2.1.19921.8 - WEULR1 ProdSlices"), ("x-ms-clitelem", clitelem),
         ("date", "@@@HD@@@")]
    for name, value in cookies:
        h.append(("set-cookie", "%s=%s; domain=.login.microsoftonline.com; path=/; secure; HttpOnly; SameSite=None"
                  % (name, value)))
    return h


def signin_flow(pool, rng, error):
    """Seven entries of an Entra sign-in; `error` is None or one ERRORS row ending the flow."""
    e = []
    esctx, fpc = pool.token("PAQABBwEAAAD", "esctx", 120), pool.token("AkT5fQ", "fpc", 30)
    persistent = pool.token("1.AXoA", "ESTSAUTHPERSISTENT", 400)
    cookies = "buid=%s; fpc=%s; esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; ESTSAUTHPERSISTENT=%s" % (
        pool.token("0.AXoA", "buid", 40), fpc, esctx, persistent)
    sft, ctx, canary = (pool.token("AQABIQEAAAD", "flowToken", 220), pool.token("rQQIARAA", "ctx", 160),
                        pool.token("PAQABDgEAAAD", "canary", 140))
    authorize = (LOGIN + "/common/oauth2/v2.0/authorize?client_id=%s&redirect_uri=https%%3A%%2F%%2Fportal.contoso-fake"
                 ".example%%2Fsignin-oidc&response_type=code&scope=openid%%20profile%%20offline_access&state=%s"
                 "&nonce=%s&code_challenge=%s&code_challenge_method=S256&client-request-id=@@@C@@@"
                 % (CLIENT_ID, pool.chars(40), pool.chars(32), pool.chars(43)))
    cfg = {"pgid": "ConvergedSignIn", "sFT": sft, "sCtx": ctx, "canary": canary, "sessionId": "@@@G@@@",
           "correlationId": "@@@C@@@", "urlPost": "/common/login", "sPOST_Username": UPN,
           "serverDetails": {"dc": "WEULR1", "ri": "AM2XXXX", "ver": {"v": [2, 1, 19921, 8]}, "rt": "@@@RT@@@"}}
    html = config_html(cfg, pool, rng.randint(20000, 60000)).encode()
    e.append(Ex("GET", authorize, common_req(rng, "login.microsoftonline.com", cookies, "text/html"), 200,
                ests_resp("text/html; charset=utf-8", len(html), cookies=[("esctx", pool.token("PAQABBwEAAAD", "esctx2", 120)),
                                                                        ("fpc", fpc)]),
                html, "text/html", resource="document", wire_gzip=True))
    gct = json.dumps({"username": UPN, "isOtherIdpSupported": True, "originalRequest": ctx, "flowToken": sft})
    gct_r = json.dumps({"Username": UPN, "IfExistsResult": 0, "FlowToken": pool.token("AQABIQEAAAD", "flowToken2", 220),
                        "apiCanary": pool.token("PAQABDgEAAAD", "apiCanary", 140)}).encode()
    h = common_req(rng, "login.microsoftonline.com", cookies, "application/json")
    h += [("content-type", "application/json; charset=UTF-8"), ("canary", pool.token("PAQABDgEAAAD", "apiCanaryH", 140)),
          ("hpgrequestid", "@@@G@@@"), ("client-request-id", "@@@C@@@")]
    e.append(Ex("POST", LOGIN + "/common/GetCredentialType?mkt=en-US", h, 200,
                ests_resp("application/json; charset=utf-8", len(gct_r)), gct_r, "application/json", post=gct,
                post_mime="application/json", resource="fetch"))
    form = ("i13=0&login=%s&loginfmt=%s&type=11&LoginOptions=3&passwd=%s&ps=2&canary=%s&ctx=%s&hpgrequestid=@@@G@@@"
            "&flowToken=%s&NewUser=1&fspost=0&i21=0&CookieDisclosure=0&IsFidoSupported=1&i19=21876"
            % (UPN.replace("@", "%40"), UPN.replace("@", "%40"), "P%40ssw0rd-FAKE-@@@F@@@", canary, ctx, sft))
    login_cookies = [("ESTSAUTH", pool.token("1.AXoA", "ESTSAUTH", 300)),
                     ("ESTSAUTHPERSISTENT", pool.token("1.AXoA", "ESTSAUTHPERSISTENT2", 400)),
                     ("ESTSAUTHLIGHT", "+" + pool.token("guid", "ESTSAUTHLIGHT", 20)),
                     ("SignInStateCookie", pool.token("CAgABFgIAAAD", "SignInState", 60)), ("esctx", esctx)]
    h = common_req(rng, "login.microsoftonline.com", cookies, "text/html")
    h += [("content-type", "application/x-www-form-urlencoded"), ("origin", LOGIN)]
    if error and error[0] in (50126, 50125, 50076, 53003):
        code, _, msg = error
        cfg = {"pgid": "ConvergedError", "iErrorCode": code, "sErrorCode": str(code),
               "strServiceExceptionMessage": "AADSTS%d: %s" % (code, msg), "correlationId": "@@@C@@@",
               "sessionId": "@@@G@@@", "sFT": pool.token("AQABIQEAAAD", "flowToken3", 220),
               "serverDetails": {"dc": "WEULR1", "ri": "AM2XXXX", "ver": {"v": [2, 1, 19921, 8]}, "rt": "@@@RT@@@"}}
        html = config_html(cfg, pool, rng.randint(20000, 50000)).encode()
        e.append(Ex("POST", LOGIN + "/common/login", h, 200,
                    ests_resp("text/html; charset=utf-8", len(html), "1,%d,0,," % code, login_cookies), html,
                    "text/html", post=form, post_mime="application/x-www-form-urlencoded", resource="document",
                    wire_gzip=True))
        return e
    code = pool.token("1.AXoA", "authcode", 300)
    id_token = pool.jwt({"aud": CLIENT_ID, "iss": LOGIN + "/" + TENANT + "/v2.0", "name": "Bench User (FAKE)",
                         "preferred_username": UPN, "oid": "0d3e8a51-0000-4b6c-fa4e-0000000000b1", "tid": TENANT})
    fp = ("<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" "
          "action=\"https://portal.contoso-fake.example/signin-oidc\"><input type=\"hidden\" name=\"code\" value=\"%s\" />"
          "<input type=\"hidden\" name=\"id_token\" value=\"%s\" /><input type=\"hidden\" name=\"state\" value=\"%s\" />"
          "<input type=\"hidden\" name=\"session_state\" value=\"@@@G@@@\" /></form><script>document.forms[0].submit();"
          "</script></body></html>" % (code, id_token, pool.chars(40))).encode()
    e.append(Ex("POST", LOGIN + "/common/login", h, 200, ests_resp("text/html; charset=utf-8", len(fp), cookies=login_cookies),
                fp, "text/html", post=form, post_mime="application/x-www-form-urlencoded", resource="document"))
    oidc = "code=%s&id_token=%s&state=%s&session_state=@@@G@@@" % (code, id_token, pool.chars(40))
    h = common_req(rng, "portal.contoso-fake.example", ".AspNetCore.OpenIdConnect.Nonce.x=%s"
                   % pool.token("CfDJ8", "nonce", 80), "text/html")
    h.append(("content-type", "application/x-www-form-urlencoded"))
    e.append(Ex("POST", "https://portal.contoso-fake.example/signin-oidc", h, 302,
                [("location", "https://portal.contoso-fake.example/"), ("date", "@@@HD@@@"), ("content-length", "0"),
                 ("set-cookie", ".AspNetCore.Cookies=%s; path=/; secure; samesite=lax; httponly"
                  % pool.token("CfDJ8", "authcookie", 400))],
                b"", "text/html", post=oidc, post_mime="application/x-www-form-urlencoded", resource="document"))
    tok = ("client_id=%s&redirect_uri=https%%3A%%2F%%2Fportal.contoso-fake.example%%2Fsignin-oidc&grant_type="
           "authorization_code&code=%s&code_verifier=%s&client_secret=%s"
           % (CLIENT_ID, code, pool.token("pkce", "verifier", 43), pool.token("Qx8Q~", "clientSecret", 24)))
    token_url = LOGIN + "/" + TENANT + "/oauth2/v2.0/token"
    h = [("content-type", "application/x-www-form-urlencoded"), ("client-request-id", "@@@C@@@"),
         ("x-client-SKU", "MSAL.NetCore"), ("x-client-Ver", "4.66.1.0"), ("user-agent", "MSAL.NetCore/4.66.1")]
    if error:
        code_n, err, msg = error
        body = json.dumps({"error": err, "error_description": "AADSTS%d: %s\r\nTrace ID: @@@G@@@\r\nCorrelation ID: "
                           "@@@C@@@\r\nTimestamp: @@@TS@@@" % (code_n, msg), "error_codes": [code_n],
                           "timestamp": "@@@TS@@@", "trace_id": "@@@G@@@", "correlation_id": "@@@C@@@",
                           "error_uri": LOGIN + "/error?code=%d" % code_n}, separators=(",", ":")).encode()
        e.append(Ex("POST", token_url, h, 400 if code_n != 7000215 else 401,
                    ests_resp("application/json; charset=utf-8", len(body), "1,%d,0,," % code_n), body,
                    "application/json", post=tok, post_mime="application/x-www-form-urlencoded", resource="fetch"))
        return e
    at = pool.access_token()
    body = json.dumps({"token_type": "Bearer", "scope": "openid profile User.Read", "expires_in": 4493,
                       "access_token": at, "refresh_token": pool.token("1.AXoA", "refreshToken", 600),
                       "id_token": id_token}, separators=(",", ":")).encode()
    e.append(Ex("POST", token_url, h, 200, ests_resp("application/json; charset=utf-8", len(body)), body,
                "application/json", post=tok, post_mime="application/x-www-form-urlencoded", resource="fetch"))
    me = json.dumps({"displayName": "Bench User (FAKE)", "mail": UPN, "userPrincipalName": UPN,
                     "id": "0d3e8a51-0000-4b6c-fa4e-0000000000b1"}).encode()
    h = common_req(rng, "graph.microsoft.com", None, "application/json")
    h.append(("authorization", "Bearer " + at))
    e.append(Ex("GET", "https://graph.microsoft.com/v1.0/me", h, 200,
                resp_common("application/json", len(me), [("request-id", "@@@G@@@")]), me, "application/json",
                resource="fetch"))
    return e


# ---------------------------------------------------------------------------------------------
# Templates: bytes with @@@X@@@ markers, pre-split for fast splicing.

class Template:
    __slots__ = ("parts", "size", "marked")

    def __init__(self, data):
        pieces = MARK.split(data)
        self.parts = [(False, p) if i % 2 == 0 else (True, p.decode()) for i, p in enumerate(pieces)]
        self.size = sum(len(p) for is_mark, p in self.parts if not is_mark)
        self.marked = len(pieces) > 1

    def render(self, values):
        if not self.marked:
            return self.parts[0][1]
        return b"".join(values[p] if is_mark else p for is_mark, p in self.parts)


class Body:
    """A body whose bytes, and so its length, may depend on per-entry markers.

    `wire_gzip` bodies are stored chunked and gzipped, as on the wire. A body with markers is
    compressed once per entry; a body without markers is compressed once, here."""
    __slots__ = ("tpl", "fixed", "wire")

    def __init__(self, data, wire_gzip=False):
        self.tpl = Template(data)
        self.wire = wire_gzip and bool(data)
        self.fixed = None
        if not self.tpl.marked:
            self.fixed = chunked(gzip.compress(data, 6, mtime=0)) if self.wire else data

    def render(self, values):
        if self.fixed is not None:
            return self.fixed
        data = self.tpl.render(values)
        return chunked(gzip.compress(data, 6, mtime=0)) if self.wire else data

    @property
    def size(self):
        return len(self.fixed) if self.fixed is not None else self.tpl.size


class HarTpl:
    __slots__ = ("main", "req", "resp", "size")

    def __init__(self, main, req, resp):
        self.main, self.req, self.resp = main, req, resp
        self.size = main.size

    def render(self, v):
        v["Q"] = b"%d" % len(self.req.render(v))
        v["L"] = b"%d" % len(self.resp.render(v))
        return self.main.render(v)


def har_entry(ex, pretty):
    from urllib.parse import urlsplit, parse_qsl
    q = urlsplit(ex.url).query
    req = {"method": ex.method, "url": ex.url, "httpVersion": "http/2.0",
           "headers": [{"name": n, "value": "@@@Q@@@" if n == "content-length" else v} for n, v in ex.req_headers],
           "queryString": [{"name": n, "value": v} for n, v in parse_qsl(q, keep_blank_values=True)],
           "cookies": [{"name": c.split("=", 1)[0].strip(), "value": c.split("=", 1)[1] if "=" in c else ""}
                       for n, v in ex.req_headers if n == "cookie" for c in v.split(";")],
           "headersSize": -1, "bodySize": "@@@QN@@@"}
    if ex.post is not None:
        req["postData"] = {"mimeType": ex.post_mime, "text": ex.post}
        if ex.post_mime.startswith("application/x-www-form-urlencoded"):
            req["postData"]["params"] = [{"name": n, "value": v} for n, v in
                                         (p.partition("=")[::2] for p in ex.post.split("&"))]
    content = {"size": "@@@LN@@@", "mimeType": ex.mime}
    if ex.body:
        if ex.binary:
            content["text"] = base64.b64encode(ex.body).decode()
            content["encoding"] = "base64"
        else:
            content["text"] = ex.body.decode()
    resp = {"status": ex.status, "statusText": "", "httpVersion": "http/2.0",
            "headers": [{"name": n, "value": "@@@L@@@" if n == "content-length" else v} for n, v in ex.resp_headers],
            "cookies": [{"name": v.split("=", 1)[0], "value": v.split("=", 1)[1].split(";")[0], "path": "/",
                         "domain": ".login.microsoftonline.com", "expires": None, "httpOnly": True, "secure": True}
                        for n, v in ex.resp_headers if n == "set-cookie"],
            "content": content, "redirectURL": next((v for n, v in ex.resp_headers if n == "location"), ""),
            "headersSize": -1, "bodySize": "@@@LN@@@", "_transferSize": "@@@LN@@@", "_error": None}
    entry = {"_initiator": {"type": "other"}, "_priority": "High", "_resourceType": ex.resource, "cache": {},
             "connection": "@@@N@@@", "pageref": "page_1", "request": req, "response": resp,
             "serverIPAddress": "203.0.113.10", "startedDateTime": "@@@T@@@", "time": 123.456,
             "timings": {"blocked": 1.5, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 110.0,
                         "receive": 11.756, "_blocked_queueing": 0.9}}
    if pretty:
        text = json.dumps(entry, indent=2, ensure_ascii=False)
        text = "      " + text.replace("\n", "\n      ")
    else:
        text = json.dumps(entry, separators=(",", ":"), ensure_ascii=False)
    # Sizes are JSON numbers: drop the quotes around their markers.
    text = text.replace('"@@@QN@@@"', "@@@Q@@@").replace('"@@@LN@@@"', "@@@L@@@")
    return HarTpl(Template(text.encode()), Body((ex.post or "").encode()), Body(ex.body))


def chunked(data, chunk=8192):
    out = [b"%x\r\n%s\r\n" % (len(data[i:i + chunk]), data[i:i + chunk]) for i in range(0, len(data), chunk)]
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def http_name(n):
    return n if n.startswith("x-ms") else "-".join(w.capitalize() for w in n.split("-"))


class SazTpl:
    __slots__ = ("c_head", "c_body", "s_head", "s_body", "meta", "row", "size")

    def render(self, v):
        c_body = self.c_body.render(v)
        s_body = self.s_body.render(v)
        v["Q"] = b"%d" % len(c_body)
        v["L"] = b"%d" % len(s_body)
        return (self.c_head.render(v) + c_body, self.s_head.render(v) + s_body, self.meta.render(v),
                self.row.render(v))


def saz_templates(ex, rng):
    from urllib.parse import urlsplit
    t = SazTpl()
    host = urlsplit(ex.url).hostname
    c = ["%s %s HTTP/1.1" % (ex.method, ex.url), "Host: %s" % host]
    c += ["%s: %s" % (http_name(n), v) for n, v in ex.req_headers if n != "content-length"]
    if ex.post is not None:
        c.append("Content-Length: @@@Q@@@")
    t.c_head = Template(("\r\n".join(c) + "\r\n\r\n").encode())
    t.c_body = Body((ex.post or "").encode())
    headers = [(n, v) for n, v in ex.resp_headers if n not in ("content-length", "content-encoding")]
    t.s_body = Body(ex.body, ex.wire_gzip)
    if t.s_body.wire:
        headers += [("content-encoding", "gzip"), ("transfer-encoding", "chunked")]
    else:
        headers.append(("content-length", "@@@L@@@"))
    reason = {200: "OK", 201: "Created", 204: "No Content", 302: "Found", 400: "Bad Request", 401: "Unauthorized"}
    s = ["HTTP/1.1 %d %s" % (ex.status, reason.get(ex.status, ""))]
    s += ["%s: %s" % (http_name(n), v) for n, v in headers]
    t.s_head = Template(("\r\n".join(s) + "\r\n\r\n").encode())
    flags = 0x1 | 0x8 | 0x10
    m = ('\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<Session SID="@@@N@@@" BitFlags="%x">\r\n'
         '  <SessionTimers ClientConnected="@@@XT@@@" ClientBeginRequest="@@@XT@@@" GotRequestHeaders="@@@XT@@@" '
         'ClientDoneRequest="@@@XT@@@" GatewayTime="0" DNSTime="0" TCPConnectTime="0" HTTPSHandshakeTime="0" '
         'ServerConnected="@@@XT@@@" FiddlerBeginRequest="@@@XT@@@" ServerGotRequest="@@@XT@@@" '
         'ServerBeginResponse="@@@XT@@@" GotResponseHeaders="@@@XT@@@" ServerDoneResponse="@@@XT@@@" '
         'ClientBeginResponse="@@@XT@@@" ClientDoneResponse="@@@XT@@@" />\r\n'
         '  <PipeInfo CltReuse="true" Reused="true" />\r\n  <SessionFlags>\r\n'
         '    <SessionFlag N="x-clientip" V="127.0.0.1" />\r\n    <SessionFlag N="x-clientport" V="5%s" />\r\n'
         '    <SessionFlag N="x-processinfo" V="chrome:81264" />\r\n'
         '    <SessionFlag N="x-responsebodytransferlength" V="@@@L@@@" />\r\n'
         '    <SessionFlag N="x-egressport" V="6%s" />\r\n    <SessionFlag N="x-hostip" V="203.0.113.10" />\r\n'
         '  </SessionFlags>\r\n</Session>' % (flags, rng.randint(1000, 9999), rng.randint(1000, 9999)))
    t.meta = Template(m.encode("utf-8"))
    row = ("<tr><td><a href='raw\\@@@NN@@@_c.txt'>C</a>&nbsp;<a href='raw\\@@@NN@@@_s.txt'>S</a>&nbsp;"
           "<a href='raw\\@@@NN@@@_m.xml'>M</a></td><td>@@@NN@@@</td><td>%d</td><td>HTTPS</td><td>%s</td><td>%s</td>"
           "<td>@@@L@@@</td><td></td><td>%s</td><td>chrome:81264</td><td></td><td></td></tr>\r\n"
           % (ex.status, host, ex.url.split(host, 1)[1].replace("&", "&amp;"), ex.mime))
    t.row = Template(row.encode())
    t.size = t.c_head.size + t.c_body.size + t.s_head.size + t.s_body.size + t.meta.size
    return t


# ---------------------------------------------------------------------------------------------

def build_sequences(seed, n_ordinary=300, n_flows=24):
    """A pool of 'units': one ordinary entry, or one whole sign-in flow (several entries)."""
    rng = random.Random(seed)
    pool = Pool(rng)
    units = [[ex] for ex in ordinary_entries(pool, rng, n_ordinary)]
    flows = []
    for i in range(n_flows):
        error = None if i % 3 == 0 else ERRORS[i % len(ERRORS)]
        flows.append(signin_flow(pool, rng, error))
    return rng, units, flows


def schedule(rng, units, flows, target, unit_size):
    """Yields unit indices (flows offset by len(units)) until the estimated size reaches target."""
    total = 0
    while total < target:
        if rng.random() < 0.02:
            idx = len(units) + rng.randrange(len(flows))
        else:
            idx = rng.randrange(len(units))
        total += unit_size[idx]
        yield idx


class Values:
    """Per-entry marker values, as bytes."""

    def __init__(self, seed):
        self.base = dt.datetime(2026, 11, 30, 9, 0, 0, tzinfo=dt.timezone.utc)
        self.seed = seed & 0xffff

    def __call__(self, n, flow_id):
        t = self.base + dt.timedelta(milliseconds=137 * n)
        g = "%08x-%04x-4%03x-a%03x-%012x" % (n * 2654435761 & 0xffffffff, self.seed, n & 0xfff, (n >> 12) & 0xfff, n)
        c = "c0%06x-%04x-4000-8000-%012x" % (flow_id & 0xffffff, self.seed, flow_id)
        return {"N": b"%d" % n, "F": b"%d" % flow_id, "T": (t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)).encode(),
                "HD": t.strftime("%a, %d %b %Y %H:%M:%S GMT").encode(), "G": g.encode(), "C": c.encode(),
                "TS": t.strftime("%Y-%m-%d %H:%M:%SZ").encode(), "RT": t.strftime("%Y-%m-%dT%H:%M:%S").encode(),
                "XT": (t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07d+00:00" % (t.microsecond * 10)).encode()}


def write_har(args):
    rng, units, flows = build_sequences(args.seed)
    all_units = units + flows
    tpls = [[har_entry(ex, not args.compact) for ex in u] for u in all_units]
    unit_size = [sum(t.size for t in u) + 100 * len(u) for u in tpls]
    values = Values(args.seed)
    sep = b",\n" if not args.compact else b","
    head = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": [{"startedDateTime": "2026-11-30T09:00:00.000Z", "id": "page_1",
                               "title": "https://portal.contoso-fake.example/", "pageTimings":
                               {"onContentLoad": 812.5, "onLoad": 1402.25}}], "entries": []}}
    if args.compact:
        text = json.dumps(head, separators=(",", ":"))
        prefix, suffix = text[:-4].encode() + b"[", b"]}}"
    else:
        text = json.dumps(head, indent=2)
        prefix = text[:text.rindex("[")].encode() + b"[\n"
        suffix = b"\n    ]\n  }\n}\n"
    n = 0
    flow_id = 0
    written = 0
    buf, buf_len = [prefix], len(prefix)
    with open(args.out, "wb") as out:
        for idx in schedule(rng, units, flows, args.size, unit_size):
            flow_id += 1
            for t in tpls[idx]:
                n += 1
                piece = t.render(values(n, flow_id))
                if n > 1:
                    buf.append(sep)
                    buf_len += len(sep)
                buf.append(piece)
                buf_len += len(piece)
            if buf_len >= (8 << 20):
                out.write(b"".join(buf))
                written += buf_len
                buf, buf_len = [], 0
        buf.append(suffix)
        out.write(b"".join(buf))
        written += buf_len + len(suffix)
    return n, written


def write_saz(args):
    rng, units, flows = build_sequences(args.seed)
    all_units = units + flows
    tpls = [[saz_templates(ex, rng) for ex in u] for u in all_units]
    unit_size = [sum(t.size + 200 for t in u) for u in tpls]
    order = list(schedule(rng, units, flows, args.size, unit_size))  # ints only: small even for 1G
    count = sum(len(tpls[i]) for i in order)
    width = len(str(count))
    values = Values(args.seed)
    n = 0
    raw_bytes = 0
    with tempfile.TemporaryFile() as index, zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED,
                                                            compresslevel=1) as zf:
        index.write(b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
                    b"<style>body,thead,td,a,p{font-family:verdana,sans-serif;font-size: 10px;}</style></head>"
                    b"<body><table cols=12><thead><tr><th>&nbsp;</th><th>#</th><th>Result</th><th>Protocol</th>"
                    b"<th>Host</th><th>URL</th><th>Body</th><th>Caching</th><th>Content-Type</th><th>Process</th>"
                    b"<th>Comments</th><th>Custom</th></tr></thead><tbody>\r\n")
        zf.writestr(zipfile.ZipInfo("raw/", date_time=(2026, 11, 30, 9, 0, 0)), b"")
        for flow_id, idx in enumerate(order, 1):
            for tpl in tpls[idx]:
                n += 1
                v = values(n, flow_id)
                v["NN"] = b"%0*d" % (width, n)
                name = "raw/%0*d" % (width, n)
                c, s, m, row = tpl.render(v)
                for suffix, data in (("_c.txt", c), ("_m.xml", m), ("_s.txt", s)):
                    raw_bytes += len(data)
                    info = zipfile.ZipInfo(name + suffix, date_time=(2026, 11, 30, 9, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, data, compresslevel=1)
                index.write(row)
        stamp = (2026, 11, 30, 9, 0, 0)
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=stamp),
                    '<?xml version="1.0" encoding="utf-8" ?>\r\n<Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types">\r\n<Default Extension="htm" ContentType="text/html" />\r\n'
                    '<Default Extension="xml" ContentType="application/xml" />\r\n<Default Extension="txt" '
                    'ContentType="text/plain" />\r\n</Types>')
        index.write(b"</tbody></table></body></html>")
        index.seek(0)
        index_info = zipfile.ZipInfo("_index.htm", date_time=stamp)
        index_info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(index_info, "w", force_zip64=True) as dst:
            while True:
                chunk = index.read(1 << 20)
                if not chunk:
                    break
                dst.write(chunk)
        zf.comment = b"Fiddler (v5.0.20253.3311) Session Archive. See https://fiddler2.com"
    return n, os.path.getsize(args.out)


def main():
    ap = argparse.ArgumentParser(description="Generate a large realistic HAR or SAZ trace (fake secrets).",
                                 epilog="examples:\n  gen_trace.py --size 100M --out bench/out/trace-100M.har\n"
                                        "  gen_trace.py --size 1G --format saz --out bench/out/trace-1G.saz",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("100M"),
                    help="approximate output size (HAR: bytes written; SAZ: uncompressed member bytes), e.g. 20M, 100M, 1G")
    ap.add_argument("--out", required=True, help="output file")
    ap.add_argument("--format", choices=("har", "saz"), default="har")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compact", action="store_true", help="HAR: one-line JSON instead of Chrome's 2-space indent")
    args = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    t0 = time.perf_counter()
    tmp = args.out + ".tmp-gen"
    final = args.out
    args.out = tmp
    try:
        n, size = (write_saz if args.format == "saz" else write_har)(args)
        os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    dt_s = time.perf_counter() - t0
    print("gen_trace: %s: %d entries, %.1f MB in %.1f s (%.0f MB/s)"
          % (final, n, size / 1e6, dt_s, size / 1e6 / dt_s), file=sys.stderr)


if __name__ == "__main__":
    main()
