#!/usr/bin/env python3
"""Writes the sample traces under samples/har/ plus samples/secrets.json and
samples/expected/findings/*.json.

Deterministic (fixed seeds, fixed clock, stdlib only): running it twice gives
byte-identical files, so the generated files are the test fixtures.

    python3 samples/make_samples.py            # rewrite everything
    python3 samples/make_samples.py --check    # fail if the files on disk differ

Every secret is fake and carries FAKE somewhere readable (in the value, or in
the claims / signature of a JWT). Every planted secret is listed in
secrets.json; the script checks that each listed value can be found in its
file (literally, after JSON decoding, after base64-decoding a body or a Basic
credential, or after percent-decoding).
"""
import argparse
import base64
import datetime as dt
import email.utils
import json
import os
import random
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
HAR_DIR = os.path.join(HERE, "har")
FINDINGS_DIR = os.path.join(HERE, "expected", "findings")

LOGIN = "https://login.microsoftonline.com"
TENANT = "72f988bf-0000-4fa5-fake-2d7cd011db47"
TENANT_DOMAIN = "contoso-fake.example"
APP = "https://app.contoso-fake.example"
CLIENT_ID = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d"
GRAPH_APP = "00000003-0000-0000-c000-000000000000"
USER_UPN = "adele.vance@contoso-fake.example"
USER_OID = "0d3e8a51-0000-4b6c-fa4e-0000000000a1"
CLIENT_IP = "198.51.100.23"  # documentation range

ALL_SECRETS = set()  # global uniqueness check


# ----------------------------------------------------------------------------
# deterministic value factory

class Maker:
    """Random-looking but seeded values; registers secrets per file."""

    B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.secrets = []

    def guid(self):
        h = "%032x" % self.rng.getrandbits(128)
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def chars(self, n, alphabet=B64URL):
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def hexs(self, n):
        return self.chars(n, "0123456789abcdef")

    def secret(self, value):
        if value in ALL_SECRETS:
            raise SystemExit("duplicate secret: " + value)
        ALL_SECRETS.add(value)
        self.secrets.append(value)
        return value

    def opaque(self, prefix, label, n=48):
        """An opaque token such as an ESTS cookie or flow token."""
        return self.secret("%s-FAKE-%s-%s" % (prefix, label, self.chars(n)))

    def jwt(self, claims, typ="JWT", alg="RS256", kid=None, register=True):
        header = {"typ": typ, "alg": alg}
        if kid:
            header["kid"] = kid
        sig = "FAKE_SIGNATURE_" + self.chars(70)
        token = "%s.%s.%s" % (b64url_json(header), b64url_json(claims), sig)
        return self.secret(token) if register else token


def b64url_json(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64(text):
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


def pct(value):
    return urllib.parse.quote(value, safe="")


def form_encode(pairs):
    return "&".join("%s=%s" % (urllib.parse.quote_plus(k), urllib.parse.quote_plus(v)) for k, v in pairs)


# ----------------------------------------------------------------------------
# clock

class Clock:
    def __init__(self, start, tz_offset_minutes=0):
        self.t = start
        self.tz = dt.timezone(dt.timedelta(minutes=tz_offset_minutes))

    def advance(self, ms):
        self.t += dt.timedelta(milliseconds=ms)

    def iso(self):
        local = self.t.astimezone(self.tz)
        s = local.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (local.microsecond // 1000)
        if self.tz.utcoffset(None) == dt.timedelta(0):
            return s + "Z"
        off = self.tz.utcoffset(None).total_seconds() // 60
        return s + "%s%02d:%02d" % ("+" if off >= 0 else "-", abs(off) // 60, abs(off) % 60)

    def http_date(self):
        return self.t.strftime("%a, %d %b %Y %H:%M:%S GMT")

    def aad(self):
        """Timestamp as ESTS prints it in error_description: 2026-11-30 10:15:07Z."""
        return self.t.strftime("%Y-%m-%d %H:%M:%SZ")

    def epoch(self):
        return int(self.t.timestamp())


def set_cookie(name, value, domain=".login.microsoftonline.com", path="/", secure=True,
               http_only=True, same_site="None", max_age_days=None, expires=None):
    parts = ["%s=%s" % (name, value)]
    if expires is not None:
        parts.append("expires=" + expires.strftime("%a, %d-%b-%Y %H:%M:%S GMT"))
    if max_age_days is not None:
        parts.append("max-age=%d" % (max_age_days * 86400))
    if domain:
        parts.append("domain=" + domain)
    parts.append("path=" + path)
    if secure:
        parts.append("secure")
    if http_only:
        parts.append("HttpOnly")
    if same_site:
        parts.append("SameSite=" + same_site)
    return "; ".join(parts)


def parse_set_cookie(header_value, now, style):
    """Mirror a Set-Cookie header into a HAR cookie object (as browsers do)."""
    parts = [p.strip() for p in header_value.split(";")]
    name, _, value = parts[0].partition("=")
    c = {"name": name, "value": value}
    for attr in parts[1:]:
        k, _, v = attr.partition("=")
        k = k.lower()
        if k == "domain":
            c["domain"] = v
        elif k == "path":
            c["path"] = v
        elif k == "max-age":
            exp = now + dt.timedelta(seconds=int(v))
            c["expires"] = exp.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        elif k == "expires":
            exp = email.utils.parsedate_to_datetime(v.replace("-", " "))
            c["expires"] = exp.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        elif k == "secure":
            c["secure"] = True
        elif k == "httponly":
            c["httpOnly"] = True
        elif k == "samesite" and style == "chrome":
            c["sameSite"] = v
    if style == "chrome":
        c.setdefault("path", "/")
        c.setdefault("domain", "")
        c.setdefault("expires", None)
        c.setdefault("httpOnly", False)
        c.setdefault("secure", False)
    return c


def parse_cookie_header(value):
    out = []
    for part in value.split(";"):
        part = part.strip()
        if part:
            n, _, v = part.partition("=")
            out.append({"name": n, "value": v})
    return out


def query_params(url, decode):
    query = urllib.parse.urlsplit(url).query
    out = []
    if not query:
        return out
    for pair in query.split("&"):
        n, _, v = pair.partition("=")
        if decode:
            n, v = urllib.parse.unquote_plus(n), urllib.parse.unquote_plus(v)
        out.append({"name": n, "value": v})
    return out


def form_params(body, decode=True):
    return query_params("x:?" + body, decode)


# ----------------------------------------------------------------------------
# HAR entry builder

REASONS = {101: "Switching Protocols", 200: "OK", 204: "No Content", 302: "Found", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden"}


class Har:
    def __init__(self, style, clock, maker, creator, browser=None):
        self.style = style  # chrome | firefox | safari | charles | fiddler
        self.clock = clock
        self.m = maker
        self.creator = creator
        self.browser = browser
        self.pages = []
        self.entries = []

    def page(self, title):
        pid = "page_%d" % (len(self.pages) + 1)
        p = {"startedDateTime": self.clock.iso(), "id": pid, "title": title,
             "pageTimings": {"onContentLoad": 412.7, "onLoad": 688.1}}
        if self.style == "safari":
            p["pageTimings"] = {"onContentLoad": -1, "onLoad": -1}
        self.pages.append(p)
        return pid

    def add(self, method, url, req_headers, status, resp_headers, body="", mime="text/html; charset=utf-8",
            post=None, post_mime=None, resource="document", initiator=None, encoding=None, page=None,
            http2=None, comment=None, post_params_only=False, status_text=None, extra=None,
            decode_params=None):
        st = self.style
        h2 = (st in ("chrome", "firefox", "safari")) if http2 is None else http2
        if decode_params is None:
            decode_params = st != "chrome"
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        path = parts.path + ("?" + parts.query if parts.query else "")
        headers = []
        if h2 and st == "chrome":
            headers += [(":authority", host), (":method", method), (":path", path), (":scheme", parts.scheme)]
        elif not h2:
            headers.append(("Host", host))
        headers += req_headers
        if h2:
            headers = [(n.lower() if not n.startswith(":") else n, v) for n, v in headers]
        cookie_hdr = [v for n, v in headers if n.lower() == "cookie"]
        req_cookies = parse_cookie_header("; ".join(cookie_hdr)) if cookie_hdr else []

        request = {
            "method": method,
            "url": url,
            "httpVersion": ("http/2.0" if st == "chrome" else "HTTP/2") if h2 else "HTTP/1.1",
            "headers": [{"name": n, "value": v} for n, v in headers],
            "queryString": query_params(url, decode=decode_params),
            "cookies": req_cookies,
            "headersSize": -1 if (h2 or st == "safari") else sum(len(n) + len(v) + 4 for n, v in headers) + len(method) + len(path) + 13,
            "bodySize": len(post.encode()) if post is not None else 0,
        }
        if post is not None:
            pm = post_mime or "application/x-www-form-urlencoded"
            pd = {"mimeType": pm}
            if not post_params_only:
                pd["text"] = post
            if pm.startswith("application/x-www-form-urlencoded"):
                pd["params"] = form_params(post, decode=decode_params)
            elif st in ("firefox", "charles") and not post_params_only:
                pd["params"] = []
            request["postData"] = pd

        rh = list(resp_headers)
        if h2:
            rh = [(n.lower(), v) for n, v in rh]
        set_cookies = [v for n, v in rh if n.lower() == "set-cookie"]
        body_bytes = body.encode() if isinstance(body, str) else body
        size = len(body_bytes)
        location = next((v for n, v in rh if n.lower() == "location"), "")
        content = {"size": size, "mimeType": mime}
        if body_bytes or st != "firefox":
            if encoding == "base64":
                content["text"] = b64(body_bytes)
                content["encoding"] = "base64"
            else:
                content["text"] = body_bytes.decode()
        compressed = size > 600 and mime.startswith(("text/", "application/json", "application/javascript"))
        transfer = size // 3 + 40 if compressed else size
        if st == "chrome":
            content["compression"] = size - transfer
        if st == "fiddler" and comment is None and encoding == "base64":
            content["comment"] = "binary body stored as base64"
        response = {
            "status": status,
            "statusText": "" if (h2 and st == "chrome") else (status_text or REASONS.get(status, "")),
            "httpVersion": ("http/2.0" if st == "chrome" else "HTTP/2") if h2 else "HTTP/1.1",
            "headers": [{"name": n, "value": v} for n, v in rh],
            "cookies": [parse_set_cookie(v, self.clock.t, st) for v in set_cookies],
            "content": content,
            "redirectURL": location,
            "headersSize": -1 if (h2 or st == "safari") else sum(len(n) + len(v) + 4 for n, v in rh) + 17,
            "bodySize": transfer,
        }
        if st == "chrome":
            response["_transferSize"] = transfer + (sum(len(n) + len(v) + 4 for n, v in rh) // 2)
            response["_error"] = None

        wait = 40 + self.m.rng.randint(0, 180) + (0.123 * self.m.rng.randint(1, 9))
        recv = round(0.5 + self.m.rng.random() * 12, 3)
        timings = {"blocked": round(1.2 + self.m.rng.random() * 3, 3), "dns": -1, "ssl": -1, "connect": -1,
                   "send": round(0.1 + self.m.rng.random(), 3), "wait": round(wait, 3), "receive": recv}
        if not self.entries or self.m.rng.random() < 0.2:
            timings.update({"dns": 3.411, "connect": 31.907, "ssl": 21.604})
        if st == "chrome":
            timings["_blocked_queueing"] = round(timings["blocked"] * 0.6, 3)
            timings["_workerStart"] = -1
            timings["_workerReady"] = -1
            timings["_workerFetchStart"] = -1
            timings["_workerRespondWithSettled"] = -1
        if st == "safari":
            timings = {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0,
                       "wait": round(wait, 3), "receive": recv}
        total = sum(v for k, v in timings.items() if not k.startswith("_") and v > 0 and k != "ssl")
        entry = {}
        if st == "chrome":
            entry["_initiator"] = initiator or {"type": "other"}
            entry["_priority"] = {"document": "VeryHigh", "script": "High", "stylesheet": "VeryHigh",
                                  "fetch": "High", "xhr": "High", "image": "Low",
                                  "websocket": "Low"}.get(resource, "High")
            entry["_resourceType"] = resource
        if st == "safari":
            entry["_fetchType"] = "Network Load"
            entry["_priority"] = {"document": "high", "script": "medium"}.get(resource, "medium")
        entry["cache"] = {}
        if st in ("chrome", "firefox"):
            entry["connection"] = str(self.m.rng.randint(10000, 99999)) if st == "chrome" else "443"
        if page is None and self.pages:
            page = self.pages[-1]["id"]
        if page and st in ("chrome", "firefox", "safari"):
            entry["pageref"] = page
        entry["request"] = request
        entry["response"] = response
        if st != "safari":
            entry["serverIPAddress"] = ip_for(host)
        entry["startedDateTime"] = self.clock.iso()
        entry["time"] = round(total, 3)
        entry["timings"] = timings
        if st == "firefox":
            entry["_securityState"] = "secure"
        if comment is not None:
            entry["comment"] = comment
        elif st in ("charles", "fiddler"):
            entry["comment"] = ""
        if extra:
            entry.update(extra)
        self.entries.append(entry)
        self.clock.advance(int(total) + 25 + self.m.rng.randint(0, 400))
        return entry

    def doc(self):
        log = {"version": "1.2", "creator": self.creator}
        if self.browser:
            log["browser"] = self.browser
        if self.pages:
            log["pages"] = self.pages
        log["entries"] = self.entries
        if self.style == "fiddler":
            log["comment"] = "exported by Fiddler HTTPArchive v1.2 transcoder"
        return {"log": log}


def ip_for(host):
    table = {"login.microsoftonline.com": "20.190.160.64", "aadcdn.msftauth.net": "152.199.4.33",
             "graph.microsoft.com": "20.190.151.70", "mysignins.microsoft.com": "13.107.42.14"}
    return table.get(host, "203.0.113.%d" % (sum(host.encode()) % 250 + 2))


# ----------------------------------------------------------------------------
# Entra pieces

def ests_headers(clock, request_id, client_request_id=None, clitelem="1,0,0,,", mime="text/html; charset=utf-8",
                 extra=()):
    h = [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache"), ("Content-Type", mime),
         ("Expires", "-1"), ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
         ("X-Content-Type-Options", "nosniff"), ("P3P", 'CP="DSP CUR OTPi IND OTRi ONL FIN"')]
    if client_request_id:
        h.append(("client-request-id", client_request_id))
    h += [("x-ms-request-id", request_id), ("x-ms-ests-server", "2.1.19921.8 - WEULR1 ProdSlices"),
          ("x-ms-srs", "1.P"), ("x-ms-clitelem", clitelem), ("X-XSS-Protection", "0")]
    h += list(extra)
    h.append(("Date", clock.http_date()))
    return h


def config_page(cfg, page_id, title="Sign in to your account"):
    blob = json.dumps(cfg, separators=(",", ":"))
    return ("<!-- Copyright (C) Microsoft Corporation. All rights reserved. -->\n<!DOCTYPE html>\n<html dir=\"ltr\" "
            "class=\"\" lang=\"en\">\n<head>\n    <title>%s</title>\n    <meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=UTF-8\">\n    <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n"
            "    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0, maximum-scale=2.0, "
            "user-scalable=yes\">\n    <meta http-equiv=\"Pragma\" content=\"no-cache\">\n    <meta http-equiv=\"Expires\" "
            "content=\"-1\">\n    <meta name=\"PageID\" content=\"%s\" />\n    <meta name=\"SiteID\" content=\"\" />\n"
            "    <meta name=\"ReqLC\" content=\"1033\" />\n    <meta name=\"LocLC\" content=\"en-US\" />\n"
            "    <noscript>\n        <meta http-equiv=\"Refresh\" content=\"0; URL=https://login.microsoftonline.com/jsdisabled\" />\n"
            "    </noscript>\n    <link rel=\"prefetch\" href=\"\" />\n    <meta name=\"robots\" content=\"none\" />\n\n"
            "<script type=\"text/javascript\">//<![CDATA[\n$Config=%s;\n//]]></script>\n\n"
            "<script type=\"text/javascript\">//<![CDATA[\n!function(){var e=window,r=e.$Debug=e.$Debug||{},t=e.$Config||{};"
            "if(!r.appendLog){var n=[],o=0;r.appendLog=function(e){var r=t.maxDebugLog||25,a=(new Date).toUTCString()+\":\"+e;"
            "n.push(o+\":\"+a),n.length>r&&n.shift(),o++},r.getLogs=function(){return n}}}();\n//]]></script>\n"
            "<script crossorigin=\"anonymous\" src=\"https://aadcdn.msftauth.net/shared/1.0/content/js/"
            "ConvergedLogin_PCore_Fake7bq3dQx2.js\" integrity=\"sha384-FAKEintegrityhashFAKEintegrityhashFAKEintegrityhash00\"></script>\n"
            "</head>\n<body data-bind=\"defineGlobals: ServerData, bodyCssClass\">\n"
            "    <div><!-- ko template: { name: 'login-page' } --><!-- /ko --></div>\n</body>\n</html>\n") % (
        title, page_id, blob)


def server_details(rt):
    return {"slc": "ProdSlices", "dc": "WEULR1", "ri": "AM2XXXX_412", "ver": {"v": [2, 1, 19921, 8]}, "rt": rt,
            "et": 41}


def error_json(code, error, message, trace_id, corr_id, ts, **extra):
    body = {"error": error,
            "error_description": "AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s"
                                 .replace(" Trace", "\r\nTrace").replace(" Correlation", "\r\nCorrelation")
                                 .replace(" Timestamp", "\r\nTimestamp") % (code, message, trace_id, corr_id, ts),
            "error_codes": [code], "timestamp": ts, "trace_id": trace_id, "correlation_id": corr_id,
            "error_uri": "https://login.microsoftonline.com/error?code=%d" % code}
    body.update(extra)
    return json.dumps(body, separators=(",", ":"))


def finding(file, entry_index, entry, code, trace_id, corr_id, ts):
    return {"file": file, "entry": entry_index, "method": entry["request"]["method"],
            "url": entry["request"]["url"], "status": entry["response"]["status"], "code": code,
            "trace_id": trace_id, "correlation_id": corr_id, "timestamp": ts}


CHROME_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/142.0.0.0 Safari/537.36")
CHROME_CH = [("sec-ch-ua", '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"'),
             ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", '"Windows"')]
FIREFOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0"
SAFARI_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/19.1 Safari/605.1.15")


def nav_headers(cookie=None, referer=None, site="none"):
    h = list(CHROME_CH) + [("upgrade-insecure-requests", "1"), ("user-agent", CHROME_UA),
                           ("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                                      "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"),
                           ("sec-fetch-site", site), ("sec-fetch-mode", "navigate"), ("sec-fetch-user", "?1"),
                           ("sec-fetch-dest", "document"), ("accept-encoding", "gzip, deflate, br, zstd"),
                           ("accept-language", "en-US,en;q=0.9")]
    if referer:
        h.append(("referer", referer))
    if cookie:
        h.append(("cookie", cookie))
    return h


# ----------------------------------------------------------------------------
# 1. signin-aadsts50125.har

def make_signin_50125():
    name = "signin-aadsts50125.har"
    m = Maker(50125)
    clock = Clock(dt.datetime(2026, 11, 30, 10, 15, 0, 117000, tzinfo=dt.timezone.utc))
    har = Har("chrome", clock, m, {"name": "WebInspector", "version": "537.36"})
    har.page("Sign in to your account")

    corr = m.guid()  # client-request-id sent by the app = Correlation ID
    state = "CfDJ8FAKEstate" + m.chars(40)
    nonce = "638999" + m.hexs(24)
    challenge = m.chars(43)
    redirect = APP + "/signin-oidc"
    authorize = (LOGIN + "/common/oauth2/v2.0/authorize?client_id=" + CLIENT_ID + "&redirect_uri=" + pct(redirect)
                 + "&response_type=code&scope=openid%20profile%20offline_access%20User.Read&response_mode=query"
                 + "&state=" + state + "&nonce=" + nonce + "&code_challenge=" + challenge
                 + "&code_challenge_method=S256&login_hint=" + pct(USER_UPN) + "&client-request-id=" + corr
                 + "&x-client-SKU=ID_NET8_0&x-client-ver=7.1.2.0")

    old_persistent = m.opaque("0.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTHPERSISTENT-old", 90)
    buid0 = m.opaque("0.AXoAv4j5cvGGr0GRqy180BHbR", "buid-old", 40)
    fpc0 = m.opaque("AkT5fQ", "fpc-old", 30)
    esctx0 = m.opaque("PAQABBwEAAAD", "esctx-1", 120)
    cookie1 = ("buid=%s; fpc=%s; esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; brcap=0; "
               "ESTSAUTHPERSISTENT=%s" % (buid0, fpc0, esctx0, old_persistent))

    # entry 1: authorize -> ConvergedSignIn page
    sft1 = m.opaque("AQABIQEAAAD", "flowToken-1", 200)
    sctx1 = m.opaque("rQQIARAA", "ctx-1", 160)
    canary1 = m.opaque("PAQABDgEAAAD", "canary-1", 140)
    api_canary1 = m.opaque("PAQABDgEAAAD", "apiCanary-1", 140)
    session1 = m.guid()
    fpc1 = m.opaque("AkT5fQ", "fpc-1", 30)
    esctx1 = m.opaque("PAQABBwEAAAD", "esctx-2", 120)
    rt1 = clock.t.strftime("%Y-%m-%dT%H:%M:%S")
    cfg1 = {"fShowPersistentCookiesWarning": False, "urlMsaSignUp": "https://login.live.com/oauth20_authorize.srf",
            "urlGetCredentialType": LOGIN + "/common/GetCredentialType?mkt=en-US",
            "urlPost": "/common/login", "urlRefresh": LOGIN + "/common/reprocess?ctx=" + sctx1,
            "urlCancel": redirect + "?error=access_denied&error_subcode=cancel&state=" + state,
            "iMaxPollErrors": 5, "iPollingTimeout": 300, "sPOST_Username": USER_UPN, "sFT": sft1,
            "sFTName": "flowToken", "sCtx": sctx1, "canary": canary1, "apiCanary": api_canary1,
            "sessionId": session1, "hpgact": 1800, "hpgid": 1104, "pgid": "ConvergedSignIn",
            "correlationId": corr, "sTenantId": "common", "iRequestLcid": 1033,
            "serverDetails": server_details(rt1), "country": "NL", "bsso": {"states": {}, "nonce": ""}}
    har.add("GET", authorize, nav_headers(cookie1, referer=APP + "/", site="cross-site"), 200,
                 ests_headers(clock, session1, corr, extra=[
                     ("Set-Cookie", set_cookie("buid", buid0, max_age_days=30)),
                     ("Set-Cookie", set_cookie("fpc", fpc1, max_age_days=30)),
                     ("Set-Cookie", set_cookie("esctx", esctx1)),
                     ("Set-Cookie", set_cookie("x-ms-gateway-slice", "estsfd", http_only=True)),
                     ("Set-Cookie", set_cookie("stsservicecookie", "estsfd"))]),
                 config_page(cfg1, "ConvergedSignIn"), resource="document",
                 initiator={"type": "other"})

    # entry 2: CDN script (noise)
    js = "!function(e){var t={};function n(r){if(t[r])return t[r].exports}/* ConvergedLogin core (fake) */}([]);\n" * 12
    har.add("GET", "https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore_Fake7bq3dQx2.js",
            list(CHROME_CH) + [("user-agent", CHROME_UA), ("accept", "*/*"), ("origin", LOGIN),
                               ("sec-fetch-site", "cross-site"), ("sec-fetch-mode", "cors"),
                               ("sec-fetch-dest", "script"), ("referer", LOGIN + "/"),
                               ("accept-encoding", "gzip, deflate, br, zstd"), ("accept-language", "en-US,en;q=0.9")],
            200, [("Content-Type", "application/javascript"), ("Content-Encoding", "br"),
                  ("Cache-Control", "public, max-age=31536000"), ("Access-Control-Allow-Origin", "*"),
                  ("ETag", "0x8DCFAKE1234ABCD"), ("Date", clock.http_date())],
            js, mime="application/javascript", resource="script",
            initiator={"type": "parser", "url": authorize, "lineNumber": 17})

    # entry 3: GetCredentialType
    cookie3 = ("buid=%s; fpc=%s; esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; brcap=0; "
               "ESTSAUTHPERSISTENT=%s" % (buid0, fpc1, esctx1, old_persistent))
    gct_req = json.dumps({"username": USER_UPN, "isOtherIdpSupported": True, "checkPhones": False,
                          "isRemoteNGCSupported": True, "isCookieBannerShown": False, "isFidoSupported": True,
                          "originalRequest": sctx1, "country": "NL", "forceotclogin": False,
                          "isExternalFederationDisallowed": False, "isRemoteConnectSupported": False,
                          "federationFlags": 0, "isSignup": False, "flowToken": sft1,
                          "isAccessPassSupported": True, "isQrCodePinSupported": True},
                         separators=(",", ":"))
    sft2 = m.opaque("AQABIQEAAAD", "flowToken-2", 200)
    api_canary2 = m.opaque("PAQABDgEAAAD", "apiCanary-2", 140)
    gct_resp = json.dumps({"Username": USER_UPN, "Display": USER_UPN, "IfExistsResult": 0, "IsUnmanaged": False,
                           "ThrottleStatus": 0, "Credentials": {"PrefCredential": 1, "HasPassword": True,
                                                                "RemoteNgcParams": None, "FidoParams": None,
                                                                "SasParams": None, "CertAuthParams": None,
                                                                "GoogleParams": None, "FacebookParams": None},
                           "EstsProperties": {"UserTenantBranding": None, "DomainType": 3},
                           "FlowToken": sft2, "IsSignupDisallowed": True, "apiCanary": api_canary2},
                          separators=(",", ":"))
    gct_id = m.guid()
    har.add("POST", LOGIN + "/common/GetCredentialType?mkt=en-US",
            list(CHROME_CH) + [("user-agent", CHROME_UA), ("content-type", "application/json; charset=UTF-8"),
                               ("accept", "application/json"), ("hpgact", "1800"), ("hpgid", "1104"),
                               ("hpgrequestid", session1), ("canary", api_canary1), ("client-request-id", corr),
                               ("origin", LOGIN), ("sec-fetch-site", "same-origin"), ("sec-fetch-mode", "cors"),
                               ("sec-fetch-dest", "empty"), ("referer", authorize),
                               ("accept-encoding", "gzip, deflate, br, zstd"),
                               ("accept-language", "en-US,en;q=0.9"), ("cookie", cookie3)],
            200, ests_headers(clock, gct_id, corr, mime="application/json; charset=utf-8"),
            gct_resp, mime="application/json", post=gct_req, post_mime="application/json; charset=UTF-8",
            resource="fetch",
            initiator={"type": "script", "stack": {"callFrames": [
                {"functionName": "r", "scriptId": "17", "url": "https://aadcdn.msftauth.net/shared/1.0/content/js/"
                 "ConvergedLogin_PCore_Fake7bq3dQx2.js", "lineNumber": 0, "columnNumber": 301}]}})

    # entry 4: POST /common/login -> ConvergedError 50125
    password = "P@ssw0rd-FAKE-1"
    m.secret(password)
    m.secret(pct(password))  # as it appears in the form body
    login_body = form_encode([
        ("i13", "0"), ("login", USER_UPN), ("loginfmt", USER_UPN), ("type", "11"), ("LoginOptions", "3"),
        ("lrt", ""), ("lrtPartition", ""), ("hisRegion", ""), ("hisScaleUnit", ""), ("passwd", password),
        ("ps", "2"), ("psRNGCDefaultType", ""), ("psRNGCEntropy", ""), ("psRNGCSLK", ""), ("canary", canary1),
        ("ctx", sctx1), ("hpgrequestid", session1), ("flowToken", sft2), ("PPSX", ""), ("NewUser", "1"),
        ("FoundMSAs", ""), ("fspost", "0"), ("i21", "0"), ("CookieDisclosure", "0"), ("IsFidoSupported", "1"),
        ("isSignupPost", "0"), ("DfpArtifact", ""), ("i19", "21876")])
    clock.advance(3400)  # user typing the password
    trace_id = m.guid()
    err_session = trace_id  # the error page's sessionId is its request id
    ts_rt = clock.t.strftime("%Y-%m-%dT%H:%M:%S")
    estsauth = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTH", 400)
    estsauth_p = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTHPERSISTENT", 600)
    estsauth_light = m.secret(m.guid() + "-FAKE-ESTSAUTHLIGHT")
    esctx2 = m.opaque("PAQABBwEAAAD", "esctx-3", 120)
    fpc2 = m.opaque("AkT5fQ", "fpc-2", 30)
    buid2 = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "buid-2", 40)
    signin_state = m.opaque("CAgABFgIAAAD", "SignInStateCookie", 80)
    sctx3 = m.opaque("rQQIARAA", "ctx-3", 160)
    sft3 = m.opaque("AQABIQEAAAD", "flowToken-3", 200)
    canary3 = m.opaque("PAQABDgEAAAD", "canary-3", 140)
    message = "AADSTS50125: Sign-in was interrupted due to a password reset or password registration entry."
    register_url = ("https://mysignins.microsoft.com/register?csrf_token=" + m.opaque("mysignins", "csrf", 40)
                    + "&tenant=" + TENANT + "&ru=" + pct(LOGIN + "/common/reprocess?ctx=" + sctx3))
    cfg4 = {"pgid": "ConvergedError", "iErrorCode": 50125, "sErrorCode": "50125",
            "strMainMessage": "Your organization needs more information to keep your account secure",
            "strAdditionalMessage": "You need to reset your password or register security info before you can continue.",
            "strServiceExceptionMessage": message, "strTraceId": trace_id,
            "correlationId": corr, "sessionId": err_session, "sFT": sft3, "sFTName": "flowToken", "sCtx": sctx3,
            "canary": canary3, "urlPost": "/common/reprocess?ctx=" + sctx3 + "&sessionid=" + err_session,
            "urlRedirect": register_url, "iRedirectDelay": 0, "fShowDebugDetails": True,
            "hpgact": 2000, "hpgid": 1117, "serverDetails": server_details(ts_rt),
            "sPOST_Username": USER_UPN, "country": "NL"}
    cookie4 = ("buid=%s; fpc=%s; esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; brcap=0; "
               "ESTSAUTHPERSISTENT=%s; wlidperf=FR=L&ST=1764497703117" % (buid0, fpc1, esctx1, old_persistent))
    expiry = clock.t + dt.timedelta(days=90)
    e4 = har.add("POST", LOGIN + "/common/login",
                 nav_headers(cookie4, referer=authorize, site="same-origin")[:3]
                 + [("cache-control", "max-age=0"), ("content-type", "application/x-www-form-urlencoded"),
                    ("origin", LOGIN)] + nav_headers(cookie4, referer=authorize, site="same-origin")[3:],
                 200, ests_headers(clock, trace_id, corr, clitelem="1,50125,0,,", extra=[
                     ("Set-Cookie", set_cookie("buid", buid2, max_age_days=30)),
                     ("Set-Cookie", set_cookie("fpc", fpc2, max_age_days=30)),
                     ("Set-Cookie", set_cookie("esctx", esctx2)),
                     ("Set-Cookie", set_cookie("x-ms-gateway-slice", "estsfd")),
                     ("Set-Cookie", set_cookie("stsservicecookie", "estsfd")),
                     ("Set-Cookie", set_cookie("ESTSAUTH", estsauth, same_site="None")),
                     ("Set-Cookie", set_cookie("ESTSAUTHPERSISTENT", estsauth_p, expires=expiry)),
                     ("Set-Cookie", set_cookie("ESTSAUTHLIGHT", "+" + estsauth_light, http_only=False,
                                               same_site=None)),
                     ("Set-Cookie", set_cookie("SignInStateCookie", signin_state, same_site="Lax")),
                     ("Set-Cookie", set_cookie("ESTSAUTHPERSISTENT", "", expires=dt.datetime(
                         1970, 1, 1, tzinfo=dt.timezone.utc), domain="login.microsoftonline.com"))]),
                 config_page(cfg4, "ConvergedError"), post=login_body, resource="document",
                 initiator={"type": "other"})

    # entry 5: reprocess -> 302 to registration
    cookie5 = ("buid=%s; fpc=%s; esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; brcap=0; "
               "ESTSAUTH=%s; ESTSAUTHPERSISTENT=%s; ESTSAUTHLIGHT=+%s; SignInStateCookie=%s"
               % (buid2, fpc2, esctx2, estsauth, estsauth_p, estsauth_light, signin_state))
    reprocess_id = m.guid()
    reprocess = LOGIN + "/common/reprocess?ctx=" + sctx3 + "&sessionid=" + err_session
    esctx3 = m.opaque("PAQABBwEAAAD", "esctx-4", 120)
    har.add("GET", reprocess, nav_headers(cookie5, referer=LOGIN + "/common/login", site="same-origin"), 302,
            ests_headers(clock, reprocess_id, corr, extra=[
                ("Location", register_url), ("Set-Cookie", set_cookie("esctx", esctx3))]),
            "", mime="text/html", resource="document", initiator={"type": "other"})

    # entry 6: the registration page
    msp_cookie = m.opaque("CfDJ8", "mysignins-session", 60)
    body6 = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>My Sign-Ins | Security info"
             "</title><base href=\"/\"></head><body><div id=\"root\"></div><script>window.__INITIAL_STATE__="
             "{\"register\":{\"required\":true,\"reason\":\"PasswordResetRegistration\",\"upn\":\"%s\"}};</script>"
             "<script src=\"https://mysignins.microsoft.com/static/main.fake0042.js\"></script></body></html>\n"
             % USER_UPN)
    har.add("GET", register_url, nav_headers(None, referer=LOGIN + "/", site="cross-site"), 200,
            [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
             ("Set-Cookie", set_cookie("msp.session", msp_cookie, domain="mysignins.microsoft.com",
                                       same_site="Lax")),
             ("x-ms-correlation-id", m.guid()), ("Date", clock.http_date())],
            body6, resource="document")

    ts = ts_rt
    findings = [finding(name, 4, e4, 50125, trace_id, corr, ts)]
    return name, har.doc(), m.secrets, findings, "pretty"


# ----------------------------------------------------------------------------
# 2. token-endpoint-error.har

def make_token_errors():
    name = "token-endpoint-error.har"
    m = Maker(70008)
    clock = Clock(dt.datetime(2026, 11, 30, 11, 2, 11, 482000, tzinfo=dt.timezone.utc), tz_offset_minutes=60)
    har = Har("firefox", clock, m, {"name": "Firefox", "version": "145.0"}, {"name": "Firefox", "version": "145.0"})
    har.page("Contoso Fake Expenses")
    token_url = LOGIN + "/" + TENANT + "/oauth2/v2.0/token"
    msal = [("x-client-SKU", "MSAL.JS"), ("x-client-VER", "4.21.0"), ("x-client-OS", "Windows"),
            ("x-ms-lib-capability", "retry-after, h429"), ("x-client-current-telemetry", "5|863,0,,,|,"),
            ("x-client-last-telemetry", "5|0|||0,0")]
    findings = []

    def token_post(body, corr):
        return ([("User-Agent", FIREFOX_UA), ("Accept", "*/*"), ("Accept-Language", "en-US,en;q=0.5"),
                 ("Accept-Encoding", "gzip, deflate, br, zstd"),
                 ("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")] + msal
                + [("client-request-id", corr), ("Content-Length", str(len(body))), ("Origin", APP),
                   ("Connection", "keep-alive"), ("Referer", APP + "/"), ("Sec-Fetch-Dest", "empty"),
                   ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Site", "cross-site")])

    # entry 1: authorization_code -> 70008
    corr1 = m.guid()
    trace1 = m.guid()
    code = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "authcode-1", 300)
    secret = m.secret("Qx8Q~FAKE~clientSecret~" + m.chars(24))
    verifier = m.opaque("pkce", "codeVerifier-1", 43)
    body1 = form_encode([("client_id", CLIENT_ID), ("redirect_uri", APP + "/auth/callback"),
                         ("scope", "openid profile offline_access https://graph.microsoft.com/User.Read"),
                         ("code", code), ("grant_type", "authorization_code"), ("code_verifier", verifier),
                         ("client_secret", secret), ("client_info", "1")])
    ts1 = clock.aad()
    resp1 = error_json(70008, "invalid_grant", "The provided authorization code or refresh token has expired due "
                       "to inactivity. Send a new interactive authorization request for this user and resource.",
                       trace1, corr1, ts1)
    e = har.add("POST", token_url, token_post(body1, corr1), 400,
                ests_headers(clock, trace1, corr1, clitelem="1,70008,0,,", mime="application/json; charset=utf-8",
                             extra=[("Access-Control-Allow-Origin", "*")]),
                resp1, mime="application/json; charset=utf-8", post=body1,
                post_mime="application/x-www-form-urlencoded;charset=utf-8")
    findings.append(finding(name, 1, e, 70008, trace1, corr1, ts1))

    # entry 2: refresh_token -> 700082
    corr2 = m.guid()
    trace2 = m.guid()
    refresh = m.opaque("0.AXoAv4j5cvGGr0GRqy180BHbR", "refreshToken-1", 500)
    body2 = form_encode([("client_id", CLIENT_ID),
                         ("scope", "openid profile offline_access https://graph.microsoft.com/User.Read"),
                         ("grant_type", "refresh_token"), ("client_info", "1"), ("refresh_token", refresh),
                         ("client_secret", secret)])
    ts2 = clock.aad()
    resp2 = error_json(700082, "invalid_grant", "The refresh token has expired due to inactivity. The token was "
                       "issued on 2026-08-01T09:12:44.1180000Z and was inactive for 90.00:00:00.",
                       trace2, corr2, ts2, suberror="bad_token")
    e = har.add("POST", token_url, token_post(body2, corr2), 400,
                ests_headers(clock, trace2, corr2, clitelem="1,700082,0,,", mime="application/json; charset=utf-8",
                             extra=[("Access-Control-Allow-Origin", "*")]),
                resp2, mime="application/json; charset=utf-8", post=body2,
                post_mime="application/x-www-form-urlencoded;charset=utf-8")
    findings.append(finding(name, 2, e, 700082, trace2, corr2, ts2))

    # entry 3: device code request
    corr3 = m.guid()
    device_code = m.opaque("DAQABIQEAAAD", "deviceCode", 160)
    body3 = form_encode([("client_id", CLIENT_ID), ("scope", "https://graph.microsoft.com/.default offline_access")])
    resp3 = json.dumps({"user_code": "FAKE2QX7B", "device_code": device_code,
                        "verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900, "interval": 5,
                        "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin "
                                   "and enter the code FAKE2QX7B to authenticate."}, separators=(",", ":"))
    har.add("POST", LOGIN + "/" + TENANT + "/oauth2/v2.0/devicecode", token_post(body3, corr3), 200,
            ests_headers(clock, m.guid(), corr3, mime="application/json; charset=utf-8"),
            resp3, mime="application/json; charset=utf-8", post=body3,
            post_mime="application/x-www-form-urlencoded;charset=utf-8")

    # entry 4: device code poll -> 70016 authorization_pending (expected noise, not a failure)
    trace4 = m.guid()
    clock.advance(5000)
    body4 = form_encode([("client_id", CLIENT_ID), ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                         ("device_code", device_code)])
    ts4 = clock.aad()
    resp4 = error_json(70016, "authorization_pending", "OAuth 2.0 device flow error. Authorization is pending. "
                       "Continue polling.", trace4, corr3, ts4)
    har.add("POST", token_url, token_post(body4, corr3), 400,
            ests_headers(clock, trace4, corr3, clitelem="1,70016,0,,", mime="application/json; charset=utf-8"),
            resp4, mime="application/json; charset=utf-8", post=body4,
            post_mime="application/x-www-form-urlencoded;charset=utf-8")

    # entry 5: Graph with a bearer token -> CAE claims challenge
    now = clock.epoch()
    access = m.jwt({"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/%s/" % TENANT,
                    "iat": now - 3000, "nbf": now - 3000, "exp": now + 600, "acct": 0, "acr": "1",
                    "aio": "FAKE-aio-" + m.chars(40), "amr": ["pwd"], "app_displayname": "Contoso Fake Expenses",
                    "appid": CLIENT_ID, "idtyp": "user", "ipaddr": CLIENT_IP, "name": "Adele Vance (FAKE)",
                    "oid": USER_OID, "scp": "openid profile User.Read email", "sub": "FAKE-sub-" + m.chars(30),
                    "tid": TENANT, "unique_name": USER_UPN, "upn": USER_UPN, "ver": "1.0",
                    "xms_cc": ["CP1"], "uti": m.chars(22)}, kid="FAKEkid-graph-1")
    claims = b64('{"access_token":{"nbf":{"essential":true,"value":"%d"}}}' % (now - 60))
    graph_err = json.dumps({"error": {"code": "InvalidAuthenticationToken", "message": "Continuous access evaluation "
                                      "resulted in challenge with result: InteractionRequired and code: "
                                      "TokenIssuedBeforeRevocationTimestamp",
                                      "innerError": {"date": clock.t.strftime("%Y-%m-%dT%H:%M:%S"),
                                                     "request-id": m.guid(), "client-request-id": m.guid()}}},
                           separators=(",", ":"))
    har.add("GET", "https://graph.microsoft.com/v1.0/me?$select=displayName,mail,userPrincipalName",
            [("User-Agent", FIREFOX_UA), ("Accept", "application/json"), ("Authorization", "Bearer " + access),
             ("Origin", APP), ("Referer", APP + "/"), ("Sec-Fetch-Mode", "cors")], 401,
            [("Content-Type", "application/json"),
             ("WWW-Authenticate", 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/'
                                  'oauth2/authorize", client_id="%s", error="insufficient_claims", claims="%s"'
              % (GRAPH_APP, claims)),
             ("request-id", m.guid()), ("x-ms-ags-diagnostic", '{"ServerInfo":{"DataCenter":"West Europe",'
                                                                 '"Slice":"E","Ring":"5","ScaleUnit":"003"}}'),
             ("Date", clock.http_date())],
            graph_err, mime="application/json")
    return name, har.doc(), m.secrets, findings, "compact"


# ----------------------------------------------------------------------------
# 3. signin-success-tokens.har

def make_success():
    name = "signin-success-tokens.har"
    m = Maker(200)
    clock = Clock(dt.datetime(2026, 11, 30, 12, 40, 3, 5000, tzinfo=dt.timezone.utc))
    har = Har("chrome", clock, m, {"name": "WebInspector", "version": "537.36"})
    har.page(APP + "/")
    now = clock.epoch()
    iss2 = LOGIN + "/" + TENANT + "/v2.0"
    corr = m.guid()
    state = "CfDJ8FAKEstate" + m.chars(40)
    nonce = "639000" + m.hexs(24)

    def id_token(aud_nonce):
        return m.jwt({"aud": CLIENT_ID, "iss": iss2, "iat": now, "nbf": now, "exp": now + 3600,
                      "name": "Adele Vance (FAKE)", "nonce": aud_nonce, "oid": USER_OID,
                      "preferred_username": USER_UPN, "rh": "0.FAKE-rh-" + m.chars(20), "sid": m.guid(),
                      "sub": "FAKE-sub-" + m.chars(30), "tid": TENANT, "uti": m.chars(22), "ver": "2.0"},
                     kid="FAKEkid-id-1")

    def access_token(scp):
        return m.jwt({"aud": GRAPH_APP, "iss": "https://sts.windows.net/%s/" % TENANT, "iat": now,
                      "nbf": now, "exp": now + 4493, "acr": "1", "aio": "FAKE-aio-" + m.chars(40),
                      "amr": ["pwd", "mfa"], "app_displayname": "Contoso Fake Portal", "appid": CLIENT_ID,
                      "family_name": "Vance", "given_name": "Adele", "idtyp": "user", "ipaddr": CLIENT_IP,
                      "name": "Adele Vance (FAKE)", "oid": USER_OID, "platf": "3", "scp": scp,
                      "sub": "FAKE-sub-" + m.chars(30), "tid": TENANT, "unique_name": USER_UPN, "upn": USER_UPN,
                      "uti": m.chars(22), "ver": "1.0", "wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"]},
                     kid="FAKEkid-access-1")

    persistent = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTHPERSISTENT-sso", 500)
    esctx = m.opaque("PAQABBwEAAAD", "esctx-sso", 120)
    login_cookie = ("esctx=%s; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd; ESTSAUTHPERSISTENT=%s"
                    % (esctx, persistent))
    redirect = APP + "/signin-oidc"
    authorize = (LOGIN + "/" + TENANT + "/oauth2/v2.0/authorize?client_id=" + CLIENT_ID + "&redirect_uri="
                 + pct(redirect) + "&response_type=code%20id_token&scope=openid%20profile%20offline_access"
                 "%20User.Read&response_mode=form_post&nonce=" + nonce + "&state=" + state
                 + "&x-client-SKU=ID_NET8_0&x-client-ver=7.1.2.0")

    # entry 1: authorize -> form_post page
    code = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "authcode-2", 300)
    idt = id_token(nonce)
    session_state = m.guid()
    client_info = base64.urlsafe_b64encode(json.dumps({"uid": USER_OID, "utid": TENANT}).encode()).decode().rstrip("=")
    inputs = [("code", code), ("id_token", idt), ("state", state), ("session_state", session_state),
              ("client_info", client_info)]
    form_html = ("<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" "
                 "action=\"%s\">%s<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\""
                 " value=\"Submit\" /></noscript></form><script language=\"javascript\">document.forms[0].submit();"
                 "</script></body></html>" % (redirect, "".join(
                     "<input type=\"hidden\" name=\"%s\" value=\"%s\" />" % kv for kv in inputs)))
    esctx_b = m.opaque("PAQABBwEAAAD", "esctx-sso-2", 120)
    har.add("GET", authorize, nav_headers(login_cookie, referer=APP + "/", site="cross-site"), 200,
            ests_headers(clock, m.guid(), None, extra=[("Set-Cookie", set_cookie("esctx", esctx_b))]),
            form_html, resource="document")

    # entry 2: app receives form_post
    oidc_nonce_cookie = m.opaque("CfDJ8", "OpenIdConnect-Nonce", 90)
    correlation_cookie = m.opaque("CfDJ8", "AspNetCore-Correlation", 90)
    auth_cookie = m.opaque("CfDJ8", "AspNetCore-Cookies", 300)
    post2 = form_encode(inputs)
    har.add("POST", redirect,
            nav_headers(".AspNetCore.OpenIdConnect.Nonce.CfDJ8Fake=%s; .AspNetCore.Correlation.Fake01=%s"
                        % (oidc_nonce_cookie, correlation_cookie), referer=LOGIN + "/", site="cross-site")
            + [("content-type", "application/x-www-form-urlencoded"), ("origin", "null")],
            302, [("Location", APP + "/"), ("Set-Cookie", set_cookie(".AspNetCore.Cookies", auth_cookie,
                                                                        domain=None, same_site="Lax")),
                  ("Set-Cookie", ".AspNetCore.Correlation.Fake01=; expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                                 "path=/signin-oidc; secure; samesite=none; httponly"),
                  ("Server", "Kestrel"), ("Date", clock.http_date())],
            "", mime="text/html", post=post2, resource="document")

    # entry 3: token endpoint with a client assertion
    verifier = m.opaque("pkce", "codeVerifier-2", 43)
    assertion = m.jwt({"aud": LOGIN + "/" + TENANT + "/oauth2/v2.0/token", "iss": CLIENT_ID, "sub": CLIENT_ID,
                       "jti": m.guid(), "nbf": now, "exp": now + 600, "iat": now},
                      kid="FAKEx5t-cert-thumbprint", alg="PS256")
    body3 = form_encode([("client_id", CLIENT_ID), ("redirect_uri", redirect),
                         ("scope", "openid profile offline_access User.Read"), ("grant_type", "authorization_code"),
                         ("code", code), ("code_verifier", verifier),
                         ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                         ("client_assertion", assertion), ("client_info", "1")])
    at = access_token("openid profile User.Read email")
    rt = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "refreshToken-2", 600)
    idt2 = id_token(nonce + "b")
    resp3 = json.dumps({"token_type": "Bearer", "scope": "openid profile User.Read email", "expires_in": 4493,
                        "ext_expires_in": 4493, "access_token": at, "refresh_token": rt, "id_token": idt2,
                        "client_info": client_info}, separators=(",", ":"))
    token_id = m.guid()
    har.add("POST", LOGIN + "/" + TENANT + "/oauth2/v2.0/token",
            [("user-agent", "Microsoft.IdentityModel/7.1.2 (.NET 8.0)"), ("accept", "application/json"),
             ("content-type", "application/x-www-form-urlencoded"), ("x-client-SKU", "MSAL.NetCore"),
             ("x-client-Ver", "4.66.1.0"), ("client-request-id", corr), ("return-client-request-id", "true"),
             ("x-ms-lib-capability", "retry-after, h429")],
            200, ests_headers(clock, token_id, corr, mime="application/json; charset=utf-8"),
            resp3, mime="application/json", post=body3, resource="fetch", http2=False)

    # entry 4: Graph /me
    me = json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                     "businessPhones": ["+1 425 555 0109"], "displayName": "Adele Vance (FAKE)",
                     "givenName": "Adele", "jobTitle": "Retail Manager", "mail": USER_UPN,
                     "mobilePhone": None, "officeLocation": "18/2111", "preferredLanguage": "en-US",
                     "surname": "Vance", "userPrincipalName": USER_UPN, "id": USER_OID}, separators=(",", ":"))
    har.add("GET", "https://graph.microsoft.com/v1.0/me",
            list(CHROME_CH) + [("user-agent", CHROME_UA), ("accept", "application/json"),
                               ("authorization", "Bearer " + at), ("origin", APP), ("referer", APP + "/")],
            200, [("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;"
                                   "IEEE754Compatible=false;charset=utf-8"),
                  ("request-id", m.guid()), ("client-request-id", m.guid()), ("Date", clock.http_date())],
            me, mime="application/json", resource="fetch")

    # entries 5-6: implicit flow (fragment)
    spa = APP + "/spa/callback"
    at_spa = access_token("User.Read Mail.Read")
    idt_spa = id_token(nonce + "c")
    spa_state = m.guid()
    frag = ("access_token=%s&token_type=Bearer&expires_in=3599&scope=User.Read+Mail.Read&id_token=%s&state=%s"
            "&session_state=%s" % (at_spa, idt_spa, spa_state, m.guid()))
    implicit = (LOGIN + "/" + TENANT + "/oauth2/v2.0/authorize?client_id=" + CLIENT_ID
                + "&response_type=id_token%20token&redirect_uri=" + pct(spa)
                + "&scope=openid%20User.Read%20Mail.Read&response_mode=fragment&state=" + spa_state
                + "&nonce=" + nonce + "c&prompt=none")
    har.add("GET", implicit, nav_headers(login_cookie, referer=APP + "/", site="cross-site"), 302,
            ests_headers(clock, m.guid(), None, extra=[("Location", spa + "#" + frag)]), "", mime="text/html",
            resource="document")
    har.add("GET", spa + "#" + frag, nav_headers(None, referer=LOGIN + "/", site="cross-site"), 200,
            [("Content-Type", "text/html"), ("Date", clock.http_date())],
            "<!doctype html><html><body><div id=app></div><script src=/spa/app.js></script></body></html>",
            resource="document")

    # entry 7: Basic auth
    basic_password = "Basic-P@ss-FAKE-3"
    m.secret(basic_password)
    basic = m.secret(b64("svc-reports:" + basic_password))
    har.add("GET", "https://legacy-api.contoso-fake.example/reports/q3.csv",
            [("user-agent", CHROME_UA), ("accept", "text/csv"), ("authorization", "Basic " + basic)], 200,
            [("Content-Type", "text/csv"), ("Date", clock.http_date())],
            "region,revenue\nemea,1200\namer,3400\n", mime="text/csv", resource="fetch")

    # entry 8: PRT SSO header + cookie
    prt_header = m.jwt({"refresh_token": "FAKE-PRT-" + m.chars(60), "is_primary": "true", "request_nonce":
                        "AwABEgEAAAAC" + m.chars(30), "iat": str(now)}, alg="HS256", kid=None)
    prt_cookie = m.jwt({"refresh_token": "FAKE-PRT-" + m.chars(60), "is_primary": "true", "request_nonce":
                        "AwABEgEAAAAC" + m.chars(30), "iat": str(now)}, alg="HS256", kid=None)
    code3 = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "authcode-3", 300)
    sso_auth = (LOGIN + "/" + TENANT + "/oauth2/v2.0/authorize?client_id=" + CLIENT_ID + "&redirect_uri="
                + pct(redirect) + "&response_type=code&scope=openid&prompt=none&state=" + state + "x")
    har.add("GET", sso_auth,
            nav_headers("x-ms-RefreshTokenCredential=%s; x-ms-gateway-slice=estsfd" % prt_cookie,
                        referer=APP + "/", site="cross-site")
            + [("x-ms-refreshtokencredential", prt_header), ("x-ms-pkeyauth", "1.0")],
            302, ests_headers(clock, m.guid(), None,
                              extra=[("Location", redirect + "?code=" + code3 + "&state=" + state + "x"
                                      + "&session_state=" + m.guid())]),
            "", mime="text/html", resource="document")

    # entry 9: base64-encoded JSON body carrying a refresh token
    rt_b64 = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "refreshToken-b64body", 400)
    body9 = json.dumps({"account": USER_UPN, "cached": {"refresh_token": rt_b64, "expires_on": now + 86400}},
                       separators=(",", ":"))
    har.add("GET", APP + "/api/session/token-cache",
            list(CHROME_CH) + [("user-agent", CHROME_UA), ("accept", "application/json"),
                               ("cookie", ".AspNetCore.Cookies=" + auth_cookie)],
            200, [("Content-Type", "application/json; charset=utf-8"), ("Date", clock.http_date())],
            body9, mime="application/json", encoding="base64", resource="xhr")

    # entry 10: WebSocket
    ws_query_token = access_token("Chat.ReadWrite")
    ws_msg_token = access_token("Chat.Read")
    t0 = clock.t.timestamp()
    ws_msgs = [{"type": "send", "time": round(t0 + 0.05, 3), "opcode": 1,
                "data": json.dumps({"protocol": "json", "version": 1}) + "\u001e"},
               {"type": "receive", "time": round(t0 + 0.09, 3), "opcode": 1, "data": "{}\u001e"},
               {"type": "send", "time": round(t0 + 0.12, 3), "opcode": 1,
                "data": json.dumps({"type": 1, "target": "Authenticate", "arguments": [{"token": ws_msg_token}]},
                                   separators=(",", ":")) + "\u001e"},
               {"type": "receive", "time": round(t0 + 0.31, 3), "opcode": 1,
                "data": '{"type":1,"target":"Welcome","arguments":[{"user":"%s"}]}\u001e' % USER_UPN}]
    ws_key = m.chars(22) + "=="
    har.add("GET", "wss://realtime.contoso-fake.example/hub?id=" + m.chars(22) + "&access_token=" + ws_query_token,
            [("Connection", "Upgrade"), ("Pragma", "no-cache"),
             ("Cache-Control", "no-cache"), ("User-Agent", CHROME_UA), ("Upgrade", "websocket"),
             ("Origin", APP), ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", ws_key),
             ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")],
            101, [("Connection", "Upgrade"), ("Upgrade", "websocket"),
                  ("Sec-WebSocket-Accept", m.chars(27) + "="), ("Date", clock.http_date())],
            "", mime="x-unknown", resource="websocket", http2=False,
            extra={"_webSocketMessages": ws_msgs})

    # entry 11: userinfo in the URL
    userinfo_pw = "P%40ss-FAKE-userinfo-4"
    m.secret(userinfo_pw)
    m.secret(urllib.parse.unquote(userinfo_pw))
    har.add("GET", "https://backup-admin:" + userinfo_pw + "@files.contoso-fake.example/nightly/manifest.json",
            [("user-agent", CHROME_UA), ("accept", "application/json")], 200,
            [("Content-Type", "application/json"), ("Date", clock.http_date())],
            '{"files":["2026-11-29.tar.zst"]}', mime="application/json", resource="fetch", http2=False)
    return name, har.doc(), m.secrets, [], "pretty"


# ----------------------------------------------------------------------------
# 4. reader-compatibility samples

def make_firefox():
    """Firefox export: query-mode authorize error redirect (AADSTS50076) plus a JSON login."""
    name = "firefox-export.har"
    m = Maker(4001)
    clock = Clock(dt.datetime(2026, 11, 29, 16, 20, 44, 901000, tzinfo=dt.timezone.utc), tz_offset_minutes=60)
    har = Har("firefox", clock, m, {"name": "Firefox", "version": "145.0"}, {"name": "Firefox", "version": "145.0"})
    har.page("Intranet")
    session = m.opaque("s%3A", "intranet-sid", 40)
    pw = "Hunter2-FAKE-ff-6"
    m.secret(pw)
    token = m.jwt({"sub": "adele", "role": "user", "note": "FAKE intranet token", "exp": clock.epoch() + 900})
    h = [("User-Agent", FIREFOX_UA), ("Accept", "application/json"), ("Accept-Language", "en-US,en;q=0.5"),
         ("Content-Type", "application/json"), ("Cookie", "connect.sid=" + session)]
    har.add("POST", "https://intranet.contoso-fake.example/api/login", h, 200,
            [("Content-Type", "application/json; charset=utf-8"), ("Date", clock.http_date())],
            json.dumps({"ok": True, "token": token}), mime="application/json",
            post=json.dumps({"username": "adele", "password": pw}), post_mime="application/json")
    har.add("GET", "https://intranet.contoso-fake.example/api/inbox?limit=20",
            [("User-Agent", FIREFOX_UA), ("Accept", "application/json"), ("Authorization", "Bearer " + token)],
            200, [("Content-Type", "application/json"), ("Date", clock.http_date())],
            '{"items":[]}', mime="application/json")

    corr = m.guid()
    trace = m.guid()
    state = m.guid()
    ts = clock.aad()
    desc = ("AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a "
            "new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-"
            "000000000000'.\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s" % (trace, corr, ts))
    location = (APP + "/auth/callback?error=interaction_required&error_description="
                + urllib.parse.quote_plus(desc).replace("%3A", "%3a").replace("%0D%0A", "%0d%0a")
                + "&error_uri=" + pct("https://login.microsoftonline.com/error?code=50076") + "&state=" + state)
    esctx = m.opaque("PAQABBwEAAAD", "esctx-ff", 120)
    persistent = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTHPERSISTENT-ff", 300)
    authorize = (LOGIN + "/organizations/oauth2/v2.0/authorize?client_id=" + CLIENT_ID + "&scope=User.Read"
                 "&response_type=code&redirect_uri=" + pct(APP + "/auth/callback") + "&state=" + state
                 + "&prompt=none&client-request-id=" + corr)
    e = har.add("GET", authorize,
                [("User-Agent", FIREFOX_UA), ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                 ("Cookie", "esctx=%s; ESTSAUTHPERSISTENT=%s" % (esctx, persistent))],
                302, ests_headers(clock, trace, corr, clitelem="1,50076,0,,", extra=[("Location", location)]),
                "", mime="text/html")
    f = finding(name, 3, e, 50076, trace, corr, ts)
    har.add("GET", location, [("User-Agent", FIREFOX_UA), ("Accept", "text/html,*/*;q=0.8")], 200,
            [("Content-Type", "text/html"), ("Date", clock.http_date())],
            "<html><body>Sign-in failed. Please try again.</body></html>")
    f2 = finding(name, 4, har.entries[-1], 50076, trace, corr, ts)
    return name, har.doc(), m.secrets, [f, f2], "pretty"


def make_safari():
    """Safari export: form_post error (AADSTS65001) posted back to the app."""
    name = "safari-export.har"
    m = Maker(4002)
    clock = Clock(dt.datetime(2026, 11, 28, 8, 5, 12, 300000, tzinfo=dt.timezone.utc))
    har = Har("safari", clock, m, {"name": "WebKit Web Inspector", "version": "19.1"})
    har.page("Contoso Fake CRM")
    corr = m.guid()
    trace = m.guid()
    state = "OpenIdConnect.AuthenticationProperties%3D" + m.hexs(32)  # harmless, stays in finding URLs
    ts = clock.aad()
    desc = ("AADSTS65001: The user or administrator has not consented to use the application with ID '%s' named "
            "'Contoso Fake CRM'. Send an interactive authorization request for this user and resource.\r\n"
            "Trace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s" % (CLIENT_ID, trace, corr, ts))
    fields = [("error", "consent_required"), ("error_description", desc),
              ("error_uri", "https://login.microsoftonline.com/error?code=65001"), ("state", state)]
    html = ("<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" "
            "action=\"https://crm.contoso-fake.example/signin-oidc\">%s</form><script>document.forms[0].submit();"
            "</script></body></html>" % "".join(
                "<input type=\"hidden\" name=\"%s\" value=\"%s\" />" % (k, v.replace("'", "&#39;")
                                                                          .replace("\r\n", "&#xD;&#xA;"))
                for k, v in fields))
    persistent = m.opaque("1.AXoAv4j5cvGGr0GRqy180BHbR", "ESTSAUTHPERSISTENT-safari", 300)
    authorize = (LOGIN + "/common/oauth2/authorize?client_id=" + CLIENT_ID + "&response_type=id_token"
                 "&redirect_uri=" + pct("https://crm.contoso-fake.example/signin-oidc")
                 + "&response_mode=form_post&scope=openid&state=" + state + "&nonce=" + m.hexs(32))
    e = har.add("GET", authorize, [("User-Agent", SAFARI_UA), ("Accept", "text/html"),
                                   ("Cookie", "ESTSAUTHPERSISTENT=" + persistent)],
                200, ests_headers(clock, trace, corr, clitelem="1,65001,0,,"), html, resource="document")
    f1 = finding(name, 1, e, 65001, trace, corr, ts)
    aspnet = m.opaque("CfDJ8", "crm-nonce", 60)
    body = form_encode(fields)
    e2 = har.add("POST", "https://crm.contoso-fake.example/signin-oidc",
                 [("User-Agent", SAFARI_UA), ("Content-Type", "application/x-www-form-urlencoded"),
                  ("Origin", "null"), ("Cookie", ".AspNetCore.OpenIdConnect.Nonce.Fake=" + aspnet)],
                 500, [("Content-Type", "text/plain"), ("Date", clock.http_date())],
                 "An unhandled remote failure occurred.", mime="text/plain", post=body, status_text="Internal Server Error")
    f2 = finding(name, 2, e2, 65001, trace, corr, ts)
    return name, har.doc(), m.secrets, [f1, f2], "pretty"


def make_charles():
    """Charles export: ROPC on the v1 token endpoint failing with AADSTS50126; params-only postData."""
    name = "charles-export.har"
    m = Maker(4003)
    clock = Clock(dt.datetime(2026, 11, 27, 14, 0, 30, 0, tzinfo=dt.timezone.utc))
    har = Har("charles", clock, m, {"name": "Charles Proxy", "version": "5.0.1"})
    corr = m.guid()
    trace = m.guid()
    pw = "Winter2026!-FAKE-charles-7"
    m.secret(pw)
    client_secret = m.secret("Zz9Q~FAKE~charlesSecret~" + m.chars(20))
    body = form_encode([("grant_type", "password"), ("client_id", CLIENT_ID), ("client_secret", client_secret),
                        ("resource", "https://management.core.windows.net/"), ("username", USER_UPN),
                        ("password", pw)])
    ts = clock.aad()
    resp = error_json(50126, "invalid_grant", "Error validating credentials due to invalid username or password.",
                      trace, corr, ts)
    e = har.add("POST", LOGIN + "/" + TENANT_DOMAIN + "/oauth2/token",
                [("Content-Type", "application/x-www-form-urlencoded"), ("client-request-id", corr),
                 ("User-Agent", "python-requests/2.32.3"), ("Accept", "*/*"), ("Content-Length", str(len(body)))],
                400, ests_headers(clock, trace, corr, clitelem="1,50126,0,,", mime="application/json; charset=utf-8"),
                resp, mime="application/json; charset=utf-8", post=body, post_params_only=True,
                comment="", decode_params=True)
    f = finding(name, 1, e, 50126, trace, corr, ts)
    apikey = m.opaque("sk_live", "charles-apikey", 32)
    har.add("GET", "https://api.contoso-fake.example/v2/status",
            [("X-Api-Key", apikey), ("User-Agent", "python-requests/2.32.3"), ("Accept", "*/*")],
            200, [("Content-Type", "application/json"), ("Date", clock.http_date())],
            '{"status":"ok"}', mime="application/json", comment="health check")
    for ent in har.entries:
        ent["_clientAddress"] = "127.0.0.1"
        ent["_clientPort"] = 52114
    return name, har.doc(), m.secrets, [f], "pretty"


def make_fiddler():
    """Fiddler HAR export: binary base64 body, and an AADSTS7000215 JSON error stored base64."""
    name = "fiddler-export.har"
    m = Maker(4004)
    clock = Clock(dt.datetime(2026, 11, 26, 9, 30, 0, 0, tzinfo=dt.timezone.utc))
    har = Har("fiddler", clock, m, {"name": "Fiddler", "version": "5.0.20253.3311",
                                    "comment": "http://www.telerik.com/fiddler"})
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    cookie = m.opaque("CfDJ8", "fiddler-portal-cookie", 40)
    har.add("GET", "https://portal.contoso-fake.example/img/pixel.png",
            [("Accept", "image/avif,image/webp,*/*"), ("Cookie", "portal_session=" + cookie)], 200,
            [("Content-Type", "image/png"), ("Content-Length", str(len(png))), ("Date", clock.http_date())],
            png, mime="image/png", encoding="base64", comment="")
    corr = m.guid()
    trace = m.guid()
    secret = m.secret("Bad8Q~FAKE~fiddlerSecret~" + m.chars(20))
    body = form_encode([("client_id", CLIENT_ID), ("scope", "https://graph.microsoft.com/.default"),
                        ("client_secret", secret), ("grant_type", "client_credentials")])
    ts = clock.aad()
    resp = error_json(7000215, "invalid_client", "Invalid client secret provided. Ensure the secret being sent in "
                      "the request is the client secret value, not the client secret ID, for a secret added to app "
                      "'%s'." % CLIENT_ID, trace, corr, ts)
    e = har.add("POST", LOGIN + "/" + TENANT + "/oauth2/v2.0/token",
                [("Content-Type", "application/x-www-form-urlencoded"), ("client-request-id", corr),
                 ("Content-Length", str(len(body)))],
                401, ests_headers(clock, trace, corr, clitelem="1,7000215,0,,", mime="application/json; charset=utf-8"),
                resp, mime="application/json; charset=utf-8", post=body, encoding="base64",
                comment="client credentials", status_text="Unauthorized")
    f = finding(name, 2, e, 7000215, trace, corr, ts)
    for ent in har.entries:
        ent["request"]["comment"] = ""
        ent["response"]["comment"] = ""
    return name, har.doc(), m.secrets, [f], "pretty"


def make_unicode():
    """Escapes: raw UTF-8, \\u00e9-style escapes, escaped slashes, surrogate pairs, CRLF inside strings."""
    name = "unicode-escapes.har"
    m = Maker(4005)
    clock = Clock(dt.datetime(2026, 11, 25, 18, 45, 0, 0, tzinfo=dt.timezone.utc))
    har = Har("chrome", clock, m, {"name": "WebInspector", "version": "537.36"})
    har.page("Zoë’s café ☕")
    pw = "Pässwörd-FAKE-ünï-8"
    m.secret(pw)
    m.secret(pct(pw))
    sess = m.opaque("sess", "unicode-session", 30)
    body = form_encode([("user", "zoë.müller@contoso-fake.example"), ("passwd", pw), ("comment", "Grüße 🚀")])
    har.add("POST", "https://intranet.contoso-fake.example/connexion/entrée",
            [("user-agent", CHROME_UA), ("content-type", "application/x-www-form-urlencoded"),
             ("x-display-name", "Zoë Müller 🚀"), ("cookie", "sess=" + sess)],
            200, [("Content-Type", "text/plain; charset=utf-8"), ("Date", clock.http_date()),
                  ("X-Note", "line1\r\nline2")],
            "Bienvenue, Zoë! ✓ 日本語テキスト 😀\r\nSecond line after CRLF.", mime="text/plain; charset=utf-8",
            post=body, decode_params=True)
    token = m.jwt({"name": "Zoë Müller", "upn": "zoe@contoso-fake.example", "note": "FAKE ünicode token 😀"})
    json_body = json.dumps({"message": "Opération réussie — 🎉", "token": token,
                            "path": "https://intranet.contoso-fake.example/a/b", "multi": "a\r\nb"},
                           ensure_ascii=False)
    har.add("GET", "https://intranet.contoso-fake.example/api/profil?nom=Zo%C3%AB",
            [("user-agent", CHROME_UA), ("accept", "application/json")],
            200, [("Content-Type", "application/json; charset=utf-8"), ("Date", clock.http_date())],
            json_body, mime="application/json")
    api_key = m.opaque("key", "unicode-apikey", 30)
    har.add("GET", "https://intranet.contoso-fake.example/api/emoji",
            [("user-agent", CHROME_UA), ("x-api-key", api_key), ("x-emoji", "👍🏽 ok")],
            200, [("Content-Type", "application/json"), ("Date", clock.http_date())],
            json.dumps({"emoji": "👍🏽", "text": "naïve café"}), mime="application/json")
    return name, har.doc(), m.secrets, [], "unicode"


# ----------------------------------------------------------------------------
# serialization and self-check

def serialize(doc, how):
    if how == "pretty":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if how == "compact":
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    # unicode: entry 1 raw UTF-8, entry 2 \u-escaped with escaped slashes, entry 3 escaped (surrogate pairs)
    log = doc["log"]
    head = {k: v for k, v in log.items() if k != "entries"}
    parts = []
    for i, ent in enumerate(log["entries"]):
        if i == 0:
            parts.append(json.dumps(ent, indent=2, ensure_ascii=False))
        elif i == 1:
            parts.append(json.dumps(ent, indent=2, ensure_ascii=True).replace("/", "\\/"))
        else:
            parts.append(json.dumps(ent, ensure_ascii=True))
    head_text = json.dumps(head, indent=2, ensure_ascii=False)
    return '{"log": %s,\n"entries": [\n%s\n]}}\n' % (head_text[:-2], ",\n".join(parts))


def string_views(obj, out):
    if isinstance(obj, str):
        out.append(obj)
        out.append(urllib.parse.unquote_plus(obj))
        for word in obj.replace(",", " ").split():
            if len(word) >= 8 and len(word) % 4 == 0:
                try:
                    out.append(base64.b64decode(word, validate=True).decode("utf-8", "replace"))
                except ValueError:
                    pass
    elif isinstance(obj, dict):
        if obj.get("encoding") == "base64" and "text" in obj:
            out.append(base64.b64decode(obj["text"]).decode("utf-8", "replace"))
        for v in obj.values():
            string_views(v, out)
    elif isinstance(obj, list):
        for v in obj:
            string_views(v, out)


def check_secrets(name, text, secrets):
    views = [text]
    string_views(json.loads(text), views)
    for s in secrets:
        if not any(s in v for v in views):
            raise SystemExit("%s: planted secret not found in any view: %s" % (name, s))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify the files on disk instead of writing them")
    args = ap.parse_args()
    outputs = {}
    secrets = {}
    for make in (make_signin_50125, make_token_errors, make_success, make_firefox, make_safari, make_charles,
                 make_fiddler, make_unicode):
        name, doc, sec, findings, how = make()
        text = serialize(doc, how)
        check_secrets(name, text, sec)
        for f in findings:  # finding URLs are compared verbatim, so they must hold no secret
            leaked = [x for x in sec if x in f["url"]]
            if leaked:
                raise SystemExit("%s: entry %d: finding url holds a secret: %s" % (name, f["entry"], leaked[0]))
        outputs[os.path.join(HAR_DIR, name)] = text
        outputs[os.path.join(FINDINGS_DIR, name[:-4] + ".json")] = json.dumps(findings, indent=2) + "\n"
        secrets[name] = sec
    outputs[os.path.join(HERE, "secrets.json")] = json.dumps(secrets, indent=2, ensure_ascii=False) + "\n"

    stale = []
    for path, text in outputs.items():
        if args.check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    if stale:
        sys.exit("stale: " + ", ".join(os.path.relpath(p, HERE) for p in stale))
    if not args.check:
        print("wrote %d files" % len(outputs))


if __name__ == "__main__":
    main()
