#!/usr/bin/env python3
"""Writes the adversarial secrets corpus: small HAR and SAZ traces, one hiding place each.

Each case hides one or more canaries (unique fake secrets) the way real apps send data: under
names that mean "credential" by pattern, in vendor key shapes, inside nested encodings and
message framings, in binary bodies, and in text before the entries. Each case also carries
keepers: evidence that must survive sanitizing byte-for-byte in some decoded view (AADSTS codes,
trace/correlation IDs, timestamps, GUIDs, ETags, integrity hashes, token_type, a JWKS modulus,
short non-credential values under generic names).

Deterministic (seeded random, fixed clock), Python standard library only.

    python3 make_corpus.py OUTDIR     # writes OUTDIR/<case>.har|.saz and OUTDIR/manifest.json

manifest.json: {"cases": [{"file", "class", "canaries", "keepers", "options"}...]}.
"""
import base64
import gzip
import io
import json
import os
import random
import sys
import urllib.parse
import zipfile

RNG = random.Random(17)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64URL = ALNUM + "-_"
CLOCK = "2026-12-06T10:00:00.000Z"


def rand(n, alphabet=ALNUM):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def guid():
    h = rand(32, "0123456789abcdef")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def opaque(tag, n=40):
    """A random credential-looking value holding the case tag (so a survivor names its case)."""
    return f"{rand(6)}{tag}{rand(n - 6)}"


def jwt(tag):
    header = b64url(json.dumps({"typ": "JWT", "alg": "RS256", "kid": rand(8)}).encode())
    payload = b64url(json.dumps({"aud": "00000003-0000-0000-c000-000000000000", "iss": "https://sts.example/",
                                 "oid": guid(), "jti": tag + rand(12), "exp": 1796000000}).encode())
    return f"{header}.{payload}.{rand(43, B64URL)}"


def pct(s):
    return urllib.parse.quote(s, safe="")


def js_escape_all(s):
    """JS string escapes as minifiers and JSON serializers write them for & = / < >."""
    return (s.replace("/", "\\/").replace("&", "\\u0026").replace("=", "\\u003d").replace("<", "\\u003c")
            .replace(">", "\\u003e"))


def html_attr(s):
    return s.replace("&", "&amp;").replace('"', "&quot;")


# ------------------------------------------------------------------------------------------------
# Keepers every case carries: a request id, an ETag, a timestamp.

class Case:
    def __init__(self, name, klass):
        self.name = name
        self.klass = klass
        self.canaries = []
        self.keepers = []
        self.entries = []
        self.pages_title = None
        self.options = []
        self.saz = False

    def secret(self, value):
        self.canaries.append(value)
        return value

    def keep(self, value):
        self.keepers.append(value)
        return value


def entry(case, method="GET", url="https://app.contoso-fake.example/api", req_headers=None, req_body=None,
          req_mime=None, status=200, resp_headers=None, resp_body="", resp_mime="application/json",
          resp_encoding=None, ws=None):
    rid = case.keep(guid())
    etag = case.keep('W/"' + rand(16, "0123456789abcdef") + '"')
    stamp = case.keep("2026-12-06T10:%02d:%02dZ" % (len(case.entries), RNG.randrange(60)))
    e = {
        "method": method, "url": url,
        "req_headers": list(req_headers or []) + [["client-request-id", rid]],
        "req_body": req_body, "req_mime": req_mime,
        "status": status,
        "resp_headers": list(resp_headers or []) + [["x-ms-request-id", rid], ["ETag", etag], ["x-stamp", stamp]],
        "resp_body": resp_body, "resp_mime": resp_mime, "resp_encoding": resp_encoding,
        "ws": ws,
    }
    case.entries.append(e)
    return e


CASES = []


def case(name, klass, saz=False):
    c = Case(name, klass)
    c.saz = saz
    CASES.append(c)
    return c


def common_keepers_json(c):
    """Harmless fields under generic names, as token endpoints and telemetry write them."""
    trace = c.keep(guid())
    return (c.keep('"token_type":"Bearer"') + "," + c.keep('"expires_in":3599') + "," + c.keep('"token":"arm"') +
            f',"trace_id":"{trace}","timestamp":"{c.keep("2026-12-06 10:00:01Z")}","error_codes":[{c.keep("50125")}]')


# ------------------------------------------------------------------------------------------------
# 1. Names that mean "credential" by pattern, in every syntax.

NAMES = ["pass", "userPass", "passphrase", "secretKey", "private_key", "session_key", "credential", "psk",
         "requestSignature", "x-apikey", "api-key", "serviceTicket", "authentication", "signingKey",
         "clientCredentials", "db_password_hash", "sharedSecretValue", "authTicket"]

for i, name in enumerate(NAMES):
    c = case(f"name-json-{name}", "name-pattern", saz=(i % 3 == 0))
    v = c.secret(opaque(f"NJ{i:02d}"))
    entry(c, "POST", "https://app.contoso-fake.example/api/settings", req_mime="application/json",
          req_body=json.dumps({"user": "adele", name: v, "note": "ok"}),
          resp_body="{" + common_keepers_json(c) + "}")

for i, name in enumerate(["passphrase", "secretKey", "session_key", "authTicket", "psk", "signature"]):
    c = case(f"name-query-{name}", "name-pattern", saz=(i % 2 == 0))
    v = c.secret(opaque(f"NQ{i:02d}"))
    keep = c.keep("orders")
    entry(c, "GET", f"https://app.contoso-fake.example/api/{keep}?{name}={v}&$skiptoken={c.keep('X%274453707402%27')}",
          resp_body="{" + common_keepers_json(c) + "}")

for i, name in enumerate(["passphrase", "secretKey", "userPass", "credential"]):
    c = case(f"name-form-{name}", "name-pattern", saz=True)
    v = c.secret(opaque(f"NF{i:02d}"))
    entry(c, "POST", "https://app.contoso-fake.example/login", req_mime="application/x-www-form-urlencoded",
          req_body=f"user=adele&{name}={v}&csrf_token_name={c.keep('__RequestVerificationToken')}",
          resp_body="{" + common_keepers_json(c) + "}")

for i, (hname, value_fmt) in enumerate([("X-AuthMsaDeviceTicket", "t={}"), ("X-Custom-Secret", "{}"),
                                        ("X-Session-Ticket", "{}"), ("X-Client-Credential", "{}"),
                                        ("X-Signature", "{}"), ("X-Private-Key", "{}"),
                                        ("X-Upload-Passphrase", "{}")]):
    c = case(f"name-header-{hname}", "custom-header", saz=True)
    v = c.secret(opaque(f"NH{i:02d}", 48))
    entry(c, "GET", "https://app.contoso-fake.example/api/me", req_headers=[[hname, value_fmt.format(v)]],
          resp_body="{" + common_keepers_json(c) + "}")

# name=value and name: value written as text.
for i, (fmt, mime) in enumerate([
        ("DB_HOST=db.internal\nDB_PASSWORD={}\nSTRIPE_WEBHOOK_SECRET={}\nLOG_LEVEL=debug\n", "text/plain"),
        ("[auth]\nuser = adele\npassphrase = {}\nsecret_key = {}\n", "text/plain"),
        ("//registry.npmjs.org/:_authToken={}\nemail=adele@example\nalways-auth=true\n_password={}\n", "text/plain"),
        ("client_id: 4a1b2c3d\nclient_secret: {}\napi_key: {}\n", "application/x-yaml"),
        ("Exception while calling backend: password={} signature={} (retrying)\n", "text/plain"),
]):
    c = case(f"name-text-{i}", "name-value-text", saz=(i < 3))
    a = c.secret(opaque(f"NT{i}a"))
    b = c.secret(opaque(f"NT{i}b"))
    body = fmt.format(a, b)
    if "LOG_LEVEL" in body:
        c.keep("LOG_LEVEL=debug")
    entry(c, "GET", "https://files.contoso-fake.example/config", resp_body=body, resp_mime=mime)

# Harmless values under scary generic names, next to one real secret.
c = case("name-harmless-generic", "keeper")
entry(c, "GET", "https://portal.contoso-fake.example/api/telemetry?pageToken=" + c.keep("CAoQAA") +
      "&nextPageToken=" + c.keep("Cg0KC3BhZ2UyAAAAAA"),
      resp_body='{"token":"' + c.keep("arm") + '","csrf_token_name":"' + c.keep("__RequestVerificationToken") +
      '","token_type":"' + c.keep("pop") + '","passwordPolicy":"' + c.keep("Strong") +
      '","secretsCount":' + c.keep("4") + ',"refresh_token":"' + c.secret(opaque("HG00", 64)) + '"}')

# ------------------------------------------------------------------------------------------------
# 2. The last-resort net: credential shapes under harmless names.

SHAPES = [
    ("github-ghp", lambda t: "ghp_" + t + rand(36 - len(t))),
    ("github-gho", lambda t: "gho_" + t + rand(36 - len(t))),
    ("github-pat", lambda t: "github_pat_11A" + t + rand(78 - len(t), ALNUM + "_")),
    ("slack-bot", lambda t: "xoxb-1234567890-1234567890123-" + t + rand(20 - len(t))),
    ("slack-user", lambda t: "xoxp-1234567890-1234567890-1234567890123-" + t + rand(28 - len(t), "0123456789abcdef")),
    ("stripe-sk", lambda t: "sk_live_" + t + rand(24 - len(t))),
    ("stripe-rk", lambda t: "rk_live_" + t + rand(24 - len(t))),
    ("google-aiza", lambda t: "AIza" + t + rand(35 - len(t), ALNUM + "-_")),
    ("aws-akia", lambda t: "AKIA" + t.upper() + rand(16 - len(t), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")),
    ("aws-asia", lambda t: "ASIA" + t.upper() + rand(16 - len(t), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")),
    ("entra-refresh", lambda t: "0.ARoA" + t + rand(120, B64URL) + "." + rand(40, B64URL)),
    ("entra-refresh-1", lambda t: "1.AXoAv4j5" + t + rand(150, B64URL)),
    ("ests-cookie", lambda t: "PAQABBwEAAAD" + t + rand(80, B64URL)),
    ("flow-token", lambda t: "AQABIQEAAAD" + t + rand(120, B64URL)),
    ("entra-client-secret", lambda t: "Abc8Q~" + t + rand(34 - len(t), ALNUM + "_~.-")),
]

for i, (name, make) in enumerate(SHAPES):
    c = case(f"net-{name}", "net", saz=(i % 2 == 0))
    v = c.secret(make(f"S{i:02d}"))
    entry(c, "GET", "https://app.contoso-fake.example/api/integrations",
          resp_body='{"integration":"' + c.keep("ci") + '","value":"' + v + '",' + common_keepers_json(c) + '}')

# The same shapes in a plain-text log page.
for i, (name, make) in enumerate(SHAPES[:8]):
    c = case(f"net-text-{name}", "net")
    v = c.secret(make(f"T{i:02d}"))
    entry(c, "GET", "https://ci.contoso-fake.example/job/42/console",
          resp_body=f"[{c.keep('2026-12-06T10:00:02Z')}] using {v} for deploy\n", resp_mime="text/plain")

c = case("net-pem-in-json", "net", saz=True)
pem = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(rand(64, ALNUM + "+/") for _ in range(4)) + "\nPEM0" + rand(40) + "\n-----END RSA PRIVATE KEY-----"
c.secret(pem.split("\n")[1])
c.secret(pem.split("\n")[5])
modulus = c.keep(rand(342, B64URL))
entry(c, "GET", "https://app.contoso-fake.example/api/keys",
      resp_body=json.dumps({"keys": [{"kty": "RSA", "e": "AQAB", "n": modulus, "kid": "k1"}], "debug": pem}))

c = case("net-connection-strings", "net", saz=True)
ak = c.secret(base64.b64encode(os.urandom(0) + bytes(RNG.randrange(256) for _ in range(64))).decode())
pw = c.secret(opaque("CS01", 24))
sas = c.secret(opaque("CS02", 43))
entry(c, "GET", "https://app.contoso-fake.example/api/diag",
      resp_body=json.dumps({"storage": f"DefaultEndpointsProtocol=https;AccountName={c.keep('contosostore')};AccountKey={ak};EndpointSuffix=core.windows.net",
                            "sql": f"Server=tcp:db.contoso-fake.example,1433;Database={c.keep('orders')};User ID=app;Password={pw};Encrypt=true",
                            "bus": f"Endpoint=sb://bus.contoso-fake.example/;SharedAccessKeyName=send;SharedAccessSignature=SharedAccessSignature sr=x&sig={sas}&se=1"}))

c = case("net-azure-sas-in-text", "net")
sig = c.secret(pct(base64.b64encode(bytes(RNG.randrange(256) for _ in range(32))).decode()))
entry(c, "GET", "https://app.contoso-fake.example/api/upload",
      resp_body=f"upload to https://contoso.blob.core.windows.net/c/f.bin?sv=2022-11-02&se={c.keep('2026-12-07T00%3A00%3A00Z')}&sr=b&sp=w&sig={sig}\n",
      resp_mime="text/plain")

c = case("net-aws-sigv4-header", "net", saz=True)
akid = c.secret("AKIA" + rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
sig4 = c.secret(rand(64, "0123456789abcdef"))
entry(c, "GET", "https://s3.amazonaws.com/bucket/key",
      req_headers=[["Authorization", f"AWS4-HMAC-SHA256 Credential={akid}/20261206/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig4}"],
                   ["X-Amz-Security-Token", c.secret(opaque("AW01", 120))], ["x-amz-date", c.keep("20261206T100000Z")]])

c = case("net-aws-presigned-url-in-json", "net")
akid = c.secret("ASIA" + rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
sig4 = c.secret(rand(64, "0123456789abcdef"))
tok = c.secret(opaque("AW02", 90))
url = (f"https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={akid}%2F20261206%2Fus-east-1%2Fs3%2Faws4_request"
       f"&X-Amz-Date={c.keep('20261206T100000Z')}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Security-Token={tok}&X-Amz-Signature={sig4}")
entry(c, "GET", "https://app.contoso-fake.example/api/download", resp_body=json.dumps({"url": url}))

c = case("net-aws-sigv4-in-log", "net")
sig4 = c.secret(rand(64, "0123456789abcdef"))
entry(c, "GET", "https://app.contoso-fake.example/log", resp_mime="text/plain",
      resp_body=f"canonical request ok; header Authorization: AWS4-HMAC-SHA256 Credential=x/20261206/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature={sig4}\n")

c = case("net-websocket-protocol", "net", saz=True)
t = c.secret(b64url(opaque("WP01", 60).encode()))
entry(c, "GET", "https://k8s.contoso-fake.example/api/v1/namespaces/default/pods/web/exec?command=sh",
      req_headers=[["Sec-WebSocket-Protocol", f"base64url.bearer.authorization.k8s.io.{t}, v4.channel.k8s.io"]],
      status=101, resp_headers=[["Sec-WebSocket-Protocol", c.keep("v4.channel.k8s.io")]], resp_mime="")

for i, sep in enumerate(["%2E", "%252E", "\\u002e", "&#46;", "%2e"]):
    c = case(f"net-jwt-sep-{i}", "jwt-encoding")
    j = jwt(f"JS{i}")
    parts = j.split(".")
    c.secret(parts[1])
    c.secret(parts[2])
    encoded = sep.join(parts)
    body = f'<html><body><script>var next = "{encoded}"; var region = "{c.keep("westeurope")}";</script></body></html>'
    entry(c, "GET", "https://app.contoso-fake.example/page", resp_body=body, resp_mime="text/html")

c = case("net-jwt-in-url-path", "jwt-encoding")
j = jwt("JP0")
c.secret(j.split(".")[2])
entry(c, "GET", "https://app.contoso-fake.example/files/" + j.replace(".", "%2E") + "/" + c.keep("report.pdf"), resp_body="{}")

# ------------------------------------------------------------------------------------------------
# 3. Decoding layers: nested encodings.

c = case("layer-wopi-double-encoded-qs", "layer")
j = jwt("WQ0")
for p in j.split(".")[1:]:
    c.secret(p)
inner = f"https://wopi.contoso-fake.example/wopi/files/1?ui=en-US&access_token={j.replace('.', '%2E')}&access_token_ttl={c.keep('1796000000000')}"
qs = pct(pct(inner))
entry(c, "GET", "https://office.contoso-fake.example/wv/wordviewerframe.aspx",
      resp_mime="text/html",
      resp_body=f'<html><form action="https://office.contoso-fake.example/x?qs={qs}"></form><p>{c.keep("Word Online")}</p></html>')

c = case("layer-wopi-img-attribute", "layer")
j = jwt("WQ1")
for p in j.split(".")[1:]:
    c.secret(p)
entry(c, "GET", "https://office.contoso-fake.example/wv/frame.aspx", resp_mime="text/html",
      resp_body=f'<html><img src="https://wopi.contoso-fake.example/thumb?id=1&amp;access_token={j.replace(".", "%2E")}&amp;w={c.keep("200")}"></html>')

c = case("layer-wopi-js-u0026", "layer")
j = jwt("WQ2")
for p in j.split(".")[1:]:
    c.secret(p)
entry(c, "GET", "https://office.contoso-fake.example/wv/boot.js", resp_mime="application/javascript",
      resp_body='window.wopiSrc = "' + js_escape_all(f"https://wopi.contoso-fake.example/wopi/files/1?x=1&access_token={j}&sc={c.keep('scv2')}") + '";\n')

c = case("layer-html-entity-equals", "layer")
v = c.secret(opaque("HE01"))
entry(c, "GET", "https://app.contoso-fake.example/help", resp_mime="text/html",
      resp_body=f'<html><p>Call <code>/api?user={c.keep("adele")}&amp;access_token&#x3D;{v}</code></p></html>')

c = case("layer-html-entity-json-attribute", "layer")
v = c.secret(opaque("HE02"))
cfg = json.dumps({"apiKey": v, "region": c.keep("westeurope")})
entry(c, "GET", "https://app.contoso-fake.example/", resp_mime="text/html",
      resp_body=f'<html><div id="app" data-config="{html_attr(cfg)}"></div></html>')

c = case("layer-nested-query-not-url", "layer", saz=True)
v = c.secret(opaque("NQ99"))
entry(c, "GET", "https://app.contoso-fake.example/redirect?next=" + pct(f"/cb?foo=1&access_token={v}&lang={c.keep('de-DE')}"),
      resp_body="{}")

c = case("layer-nested-query-double", "layer")
v = c.secret(opaque("NQ98"))
entry(c, "GET", "https://app.contoso-fake.example/r?qs=" + pct(pct(f"a=1&refresh_token={v}&tenant={c.keep('contoso')}")),
      resp_body="{}")

c = case("layer-json-in-json-in-json", "layer", saz=True)
v = c.secret(opaque("JJ01"))
level3 = json.dumps({"client_secret": v, "region": c.keep("eu")})
level2 = json.dumps({"payload": level3, "kind": "x"})
entry(c, "POST", "https://app.contoso-fake.example/api/queue", req_mime="application/json",
      req_body=json.dumps({"message": json.dumps({"body": level2})}), resp_body="{}")

c = case("layer-base64-json", "layer", saz=True)
v = c.secret(opaque("B601"))
blob = base64.b64encode(json.dumps({"refresh_token": v, "tid": c.keep(guid())}).encode()).decode()
entry(c, "GET", "https://app.contoso-fake.example/api/session", resp_body=json.dumps({"blob": blob}))

c = case("layer-base64url-json-in-query", "layer")
v = c.secret(opaque("B602"))
blob = b64url(json.dumps({"password": v, "u": "adele"}).encode())
entry(c, "GET", f"https://app.contoso-fake.example/cb?data={blob}&lang={c.keep('fr-FR')}", resp_body="{}")

c = case("layer-base64-text-query-string", "layer")
v = c.secret(opaque("B603"))
blob = base64.b64encode(f"user=adele&passphrase={v}&x=1".encode()).decode()
entry(c, "GET", f"https://app.contoso-fake.example/cb?ctxdata={pct(blob)}", resp_body="{}")

c = case("layer-js-hex-escapes", "layer")
v = c.secret(opaque("JX01"))
esc = "".join("\\x%02x" % ord(ch) for ch in f"apiKey={v}")
entry(c, "GET", "https://app.contoso-fake.example/app.js", resp_mime="text/javascript",
      resp_body=f'var s = "{esc}"; var build = "{c.keep("20261206.1")}";\n')

c = case("layer-js-unicode-json", "layer")
v = c.secret(opaque("JU01"))
entry(c, "GET", "https://app.contoso-fake.example/app.js", resp_mime="application/javascript",
      resp_body='var boot = "' + "".join("\\u%04x" % ord(ch) if ch in '{}":,' else ch for ch in json.dumps({"sessionToken": v, "locale": c.keep("en-GB")})) + '";\n')

c = case("layer-gzip-base64-mislabelled", "layer")
v = c.secret(opaque("GZ01"))
raw = gzip.compress(json.dumps({"access_token": v, "correlation_id": c.keep(guid())}).encode(), mtime=0)
e = entry(c, "GET", "https://app.contoso-fake.example/api/token", resp_body=base64.b64encode(raw).decode(),
          resp_encoding="base64", resp_mime="application/json")

c = case("layer-url-in-json-string-escaped", "layer")
v = c.secret(opaque("UJ01"))
entry(c, "GET", "https://app.contoso-fake.example/api/links",
      resp_body='{"next":"https:\\/\\/app.contoso-fake.example\\/cb?code=' + v + '\\u0026session=' + c.keep("s1") + '"}')

c = case("layer-custom-scheme-location", "layer", saz=True)
v = c.secret(opaque("CL01"))
entry(c, "GET", "https://login.contoso-fake.example/oauth2/authorize", status=302,
      resp_headers=[["Location", f"msauth.com.contoso.app://auth?code={v}&state={c.keep('st')}"]], resp_body="")

c = case("layer-fragment-in-script", "layer")
v = c.secret(jwt("FS0"))
entry(c, "GET", "https://app.contoso-fake.example/silent.html", resp_mime="text/html",
      resp_body=f'<script>parent.postMessage("#access_token={v}&token_type={c.keep("Bearer")}", "*")</script>')

c = case("layer-multipart-json-part", "layer", saz=True)
v = c.secret(opaque("MP01"))
bnd = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
body = (f"--{bnd}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps({"uploadKey": v, "name": c.keep("report.pdf")}) + f"\r\n--{bnd}--\r\n")
entry(c, "POST", "https://app.contoso-fake.example/upload", req_mime=f"multipart/form-data; boundary={bnd}", req_body=body,
      resp_body="{}")

c = case("layer-mail-message", "layer")
v = c.secret(opaque("ML01", 48))
entry(c, "GET", "https://mail.contoso-fake.example/raw/1", resp_mime="message/rfc822",
      resp_body=f"From: a@contoso\r\nSubject: {c.keep('Weekly report')}\r\nX-Api-Key: {v}\r\n\r\nbody\r\n")

# ------------------------------------------------------------------------------------------------
# 4. Message framings.

def ws(kind, data, opcode=1):
    return {"type": kind, "time": 1796000000.5, "opcode": opcode, "data": data}


c = case("frame-signalr-ws", "framing")
v = c.secret(opaque("FR01", 64))
entry(c, "GET", "https://hub.contoso-fake.example/chat?id=" + c.keep("abc"), status=101, resp_mime="",
      ws=[ws("send", '{"protocol":"json","version":1}\x1e'),
          ws("receive", '{}\x1e'),
          ws("send", '{"type":1,"target":"Auth","arguments":[{"refresh_token":"' + v + '","seq":' + c.keep("42") + '}]}\x1e{"type":6}\x1e')])

c = case("frame-signalr-body", "framing", saz=True)
v = c.secret(opaque("FR02", 64))
entry(c, "POST", "https://hub.contoso-fake.example/chat?id=1", req_mime="text/plain;charset=UTF-8",
      req_body='{"type":1,"target":"Send","arguments":[{"sessionToken":"' + v + '"}]}\x1e{"type":1,"target":"Ping","arguments":["' + c.keep("hello") + '"]}\x1e',
      resp_body="")

c = case("frame-ndjson", "framing", saz=True)
v = c.secret(opaque("FR03", 64))
lines = [json.dumps({"name": "pageView", "token": c.keep("arm"), "time": c.keep("2026-12-06T10:00:03Z")}),
         json.dumps({"name": "auth", "accessToken": v, "iKey": c.keep(guid())}), ""]
entry(c, "POST", "https://browser.events.data.contoso-fake.example/OneCollector/1.0/", req_mime="application/x-json-stream",
      req_body="\n".join(lines), resp_body='{"acc":2}')

c = case("frame-sse", "framing")
v = c.secret(opaque("FR04", 64))
entry(c, "GET", "https://app.contoso-fake.example/events", resp_mime="text/event-stream",
      resp_body=f'event: hello\ndata: {{"status":"{c.keep("connected")}"}}\n\nevent: token\ndata: {{"id_token_hint":"x","accessToken":"{v}"}}\n\n')

c = case("frame-socketio-42", "framing")
v = c.secret(opaque("FR05", 64))
entry(c, "GET", "https://io.contoso-fake.example/socket.io/?EIO=4&transport=websocket", status=101, resp_mime="",
      ws=[ws("send", "40"), ws("send", '42["authenticate",{"token":"' + v + '","room":"' + c.keep("lobby") + '"}]')])

c = case("frame-socketio-40ns", "framing")
v = c.secret(opaque("FR06", 64))
entry(c, "GET", "https://io.contoso-fake.example/socket.io/?EIO=4&transport=websocket", status=101, resp_mime="",
      ws=[ws("send", '40/admin,{"authToken":"' + v + '"}'), ws("receive", '40/admin,{"sid":"' + c.keep("wZX3oN0bSVIhsaknAAAI") + '"}')])

c = case("frame-stomp", "framing")
v = c.secret(opaque("FR07", 32))
entry(c, "GET", "https://mq.contoso-fake.example/ws", status=101, resp_mime="",
      ws=[ws("send", f"CONNECT\naccept-version:1.2\nhost:{c.keep('mq.contoso')}\nlogin:guest\npasscode:{v}\n\n\x00")])

c = case("frame-graphql-variables", "framing", saz=True)
v = c.secret(opaque("FR08"))
entry(c, "POST", "https://api.contoso-fake.example/graphql", req_mime="application/json",
      req_body=json.dumps({"query": "mutation Login($u:String!,$p:String!){login(user:$u,password:$p){ok}}",
                           "variables": {"u": c.keep("adele"), "p": v, "password": v}}),
      resp_body='{"data":{"login":{"ok":true}}}')

c = case("frame-graphql-string-arg", "framing")
v = c.secret(opaque("FR09"))
entry(c, "POST", "https://api.contoso-fake.example/graphql", req_mime="application/json",
      req_body=json.dumps({"query": 'mutation { login(user: "' + "adele" + '", password: "' + v + '") { ok } } # ' + "op1"}),
      resp_body='{"data":{"login":{"ok":' + c.keep("true") + '}}}')

c = case("frame-jsonrpc-positional", "framing")
v = c.secret("sk_live_" + rand(24))
entry(c, "POST", "https://rpc.contoso-fake.example/", req_mime="application/json",
      req_body=json.dumps({"jsonrpc": "2.0", "id": 7, "method": c.keep("auth.login"), "params": ["adele", v]}),
      resp_body='{"jsonrpc":"2.0","id":7,"result":true}')

for i, prefix in enumerate([")]}'\n", "while(1);", "for(;;);"]):
    c = case(f"frame-xssi-{i}", "framing", saz=(i == 0))
    v = c.secret(opaque(f"XS{i:02d}"))
    entry(c, "GET", "https://app.contoso-fake.example/api/data",
          resp_body=prefix + '{"sessionToken":"' + v + '","items":["' + c.keep(f"item-{i}-kept") + '"]}')

c = case("frame-jsonp", "framing", saz=True)
v = c.secret(opaque("JP01"))
entry(c, "GET", "https://app.contoso-fake.example/api/data?callback=cb", resp_mime="application/javascript",
      resp_body='/**/ cb({"accessToken":"' + v + '","user":"' + c.keep("adele-kept") + '"});')

c = case("frame-js-object-literal", "framing", saz=True)
v = c.secret("AIza" + rand(35, ALNUM))
w = c.secret(opaque("OL01"))
entry(c, "GET", "https://app.contoso-fake.example/main.js", resp_mime="application/javascript",
      resp_body=f'const firebaseConfig = {{ apiKey: "{v}", authDomain: "{c.keep("contoso-fake.firebaseapp.com")}", clientSecret: \'{w}\' }};\n')

c = case("frame-document-cookie", "framing")
v = c.secret(opaque("DC01"))
entry(c, "GET", "https://app.contoso-fake.example/boot.js", resp_mime="application/javascript",
      resp_body=f'document.cookie = "sid={v}; path=/; {c.keep("SameSite=Lax")}";\n')

c = case("frame-undefined-body", "keeper")
c.keep("undefined")
v = c.secret(opaque("UD01"))
entry(c, "GET", f"https://app.contoso-fake.example/api/x?access_token={v}", resp_body="undefined")

c = case("frame-ndjson-harmless", "keeper", saz=True)
lines = [json.dumps({"name": "pageView", "token": c.keep("arm"), "t": c.keep("2026-12-06T10:00:04Z")}) for _ in range(3)]
v = c.secret(opaque("NDH1"))
entry(c, "POST", f"https://events.contoso-fake.example/collect?apikey={v}", req_mime="application/x-json-stream",
      req_body="\n".join(lines), resp_body="{}")

# ------------------------------------------------------------------------------------------------
# 5. Binary bodies and binary WebSocket frames.

def protobuf_string(field, s):
    b = s.encode()
    return bytes([(field << 3) | 2, len(b)]) + b


c = case("binary-protobuf", "binary", saz=True)
v = c.secret("AIza" + rand(35, ALNUM))
w = c.secret(jwt("PB0"))
pb = protobuf_string(1, c.keep("projects/contoso")) + protobuf_string(2, v) + b"\x18\x96\x01"
pb += bytes([0x22, 0x80 | (len(w) & 0x7f), len(w) >> 7]) + w.encode()
entry(c, "POST", "https://api.contoso-fake.example/v1/run", req_mime="application/x-protobuf",
      req_body=base64.b64encode(pb).decode(), resp_body="{}")
c.entries[-1]["req_body_b64"] = True

c = case("binary-grpc-web", "binary")
v = c.secret("ghp_" + rand(36))
msg = protobuf_string(1, "token") + protobuf_string(2, v)
frame = b"\x00" + len(msg).to_bytes(4, "big") + msg
entry(c, "POST", "https://api.contoso-fake.example/svc.Auth/Login", resp_mime="application/grpc-web+proto",
      resp_body=base64.b64encode(frame + b"\x80\x00\x00\x00\x0fgrpc-status:0\r\n").decode(), resp_encoding="base64")

c = case("binary-msgpack-ws", "binary")
v = c.secret(opaque("MPK1", 40))
mp = b"\x82\xacaccess_token\xd9" + bytes([len(v)]) + v.encode() + b"\xa4room\xa5lobby"
entry(c, "GET", "https://hub.contoso-fake.example/mp", status=101, resp_mime="",
      ws=[ws("send", base64.b64encode(mp).decode(), opcode=2)])
c.keep("lobby")

c = case("binary-octet-stream-api-key", "binary", saz=True)
v = c.secret("sk_live_" + rand(30))
blob = bytes(RNG.randrange(256) for _ in range(40)) + b"\x00config\x00api_key=" + v.encode() + b"\x00" + bytes(RNG.randrange(256) for _ in range(40))
entry(c, "GET", "https://cdn.contoso-fake.example/app.bin", resp_mime="application/octet-stream",
      resp_body=base64.b64encode(blob).decode(), resp_encoding="base64")

c = case("binary-ws-json-frame", "binary")
v = c.secret(opaque("BW01", 48))
entry(c, "GET", "https://hub.contoso-fake.example/bin", status=101, resp_mime="",
      ws=[ws("receive", base64.b64encode(json.dumps({"refresh_token": v, "room": c.keep("blue-room")}).encode()).decode(), opcode=2)])

# ------------------------------------------------------------------------------------------------
# 6. Two-pass learning: a secret seen raw early, learned by name later.

c = case("learn-page-title", "two-pass")
v = c.secret(opaque("LP01", 32))
c.pages_title = f"Session {v} - {c.keep('Contoso Portal')}"
entry(c, "GET", "https://app.contoso-fake.example/status", resp_mime="text/plain", resp_body=f"session {v} ok\n")
for _ in range(3):
    entry(c, "GET", "https://app.contoso-fake.example/filler", resp_body="{}")
entry(c, "GET", "https://app.contoso-fake.example/api", req_headers=[["Cookie", f"AppSession={v}"]], resp_body="{}")

c = case("learn-encodings-earlier", "two-pass")
v = c.secret("Q" + opaque("LE01", 31) + "/+=")
entry(c, "GET", "https://app.contoso-fake.example/a?ref=" + pct(pct(v)), resp_mime="text/html",
      resp_body=f'<p data-x="{html_attr(v)}">{base64.b64encode(v.encode()).decode()}</p><script>var s="{js_escape_all(v)}";</script>')
entry(c, "POST", "https://login.contoso-fake.example/token", req_mime="application/x-www-form-urlencoded",
      req_body=f"grant_type=refresh_token&refresh_token={pct(v)}", resp_body="{}")

# ------------------------------------------------------------------------------------------------
# 7. state / nonce and ASP.NET Core protected cookie names.

c = case("state-nonce-authorize", "state", saz=True)
st = c.secret(opaque("ST01", 48))
nonce = c.secret(opaque("NO01", 40))
entry(c, "GET", f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id={c.keep('4a1b2c3d-0000-4e5f-fa4e-00000000c11d')}&response_type=code&state={st}&nonce={nonce}",
      status=302, resp_headers=[["Location", f"https://app.contoso-fake.example/signin-oidc?code=0.A{rand(40)}&state={st}"]], resp_body="")

c = case("aspnet-cookie-names", "state", saz=True)
n1 = c.secret(opaque("AN01", 60))
n2 = c.secret(opaque("AC01", 60))
entry(c, "GET", "https://app.contoso-fake.example/signin-oidc",
      req_headers=[["Cookie", f".AspNetCore.OpenIdConnect.Nonce.{n1}=N; .AspNetCore.Correlation.{n2}=N; {c.keep('theme=')}dark"]],
      resp_body="{}")

# ------------------------------------------------------------------------------------------------
# 8. Personal data with --redact-pii.

c = case("pii-body-text", "pii")
c.options = ["--redact-pii"]
mail = c.secret("megan.bowen.PI01@contoso-fake.example")
ip = c.secret("203.0.113.77")
entry(c, "GET", "https://app.contoso-fake.example/whoami", resp_mime="text/plain",
      resp_body=f"user {mail} from {ip} trace {c.keep(guid())} at {c.keep('2026-12-06T10:00:05Z')}\n")

c = case("pii-config-claims", "pii")
c.options = ["--redact-pii"]
mail = c.secret("lynne.robbins.PI02@contoso-fake.example")
claims = pct(json.dumps({"upn": mail}))
entry(c, "GET", "https://login.microsoftonline.com/common/login", resp_mime="text/html",
      resp_body='<script>$Config={"urlPost":"/common/login?claims=' + claims + '","sessionId":"' + c.keep(guid()) + '"};</script>')

c = case("pii-onedrive-path", "pii")
c.options = ["--redact-pii"]
user = c.secret("diego_PI03")
entry(c, "GET", f"https://contoso-my.sharepoint.com/personal/{user}_contoso_onmicrosoft_com/Documents/{c.keep('Plan.docx')}",
      resp_body="{}")


# ------------------------------------------------------------------------------------------------
# Writers

def cookies_of(headers, name):
    out = []
    for k, v in headers:
        if k.lower() == name:
            for part in v.split(";"):
                if "=" in part:
                    a, b = part.strip().split("=", 1)
                    out.append({"name": a, "value": b})
    return out


def query_of(url):
    q = url.split("?", 1)[1].split("#")[0] if "?" in url else ""
    out = []
    for pair in q.split("&"):
        if pair:
            a, _, b = pair.partition("=")
            out.append({"name": a, "value": b})
    return out


def har_of(c):
    entries = []
    for i, e in enumerate(c.entries):
        req = {"method": e["method"], "url": e["url"], "httpVersion": "HTTP/1.1",
               "cookies": cookies_of(e["req_headers"], "cookie"),
               "headers": [{"name": k, "value": v} for k, v in e["req_headers"]],
               "queryString": query_of(e["url"]), "headersSize": -1, "bodySize": 0}
        if e["req_body"] is not None:
            text = e["req_body"]
            if e.get("req_body_b64"):
                # Browsers write binary request bodies as text, one character per byte.
                text = base64.b64decode(text).decode("latin-1")
            req["postData"] = {"mimeType": e["req_mime"] or "", "text": text}
            req["bodySize"] = len(text)
        content = {"size": len(e["resp_body"]), "mimeType": e["resp_mime"], "text": e["resp_body"]}
        if e["resp_encoding"]:
            content["encoding"] = e["resp_encoding"]
        headers = list(e["resp_headers"])
        if e["resp_mime"]:
            headers.append(["Content-Type", e["resp_mime"]])
        resp = {"status": e["status"], "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [],
                "headers": [{"name": k, "value": v} for k, v in headers], "content": content,
                "redirectURL": "", "headersSize": -1, "bodySize": len(e["resp_body"])}
        item = {"pageref": "page_1", "startedDateTime": CLOCK, "time": 12.5, "request": req, "response": resp,
                "cache": {}, "timings": {"send": 1, "wait": 10, "receive": 1.5}}
        if e["ws"]:
            item["_resourceType"] = "websocket"
            item["_webSocketMessages"] = e["ws"]
        entries.append(item)
    title = c.pages_title or "https://app.contoso-fake.example/"
    return {"log": {"version": "1.2", "creator": {"name": "tracesan-adversarial", "version": "1"},
                    "pages": [{"startedDateTime": CLOCK, "id": "page_1", "title": title, "pageTimings": {}}],
                    "entries": entries}}


def saz_of(c):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name, data):
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 6, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        put("[Content_Types].xml", '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="htm" ContentType="text/html" /><Default Extension="xml" ContentType="application/xml" /><Default Extension="txt" ContentType="text/plain" /></Types>')
        for n, e in enumerate(c.entries, 1):
            body = e["req_body"] or ""
            body_bytes = base64.b64decode(body) if e.get("req_body_b64") else body.encode("latin-1", "replace") if not _is_text(body) else body.encode()
            host = e["url"].split("/")[2]
            lines = [f"{e['method']} {e['url']} HTTP/1.1", f"Host: {host}"] + [f"{k}: {v}" for k, v in e["req_headers"]]
            if e["req_body"] is not None:
                lines += [f"Content-Type: {e['req_mime']}", f"Content-Length: {len(body_bytes)}"]
            put(f"raw/{n}_c.txt", ("\r\n".join(lines) + "\r\n\r\n").encode() + body_bytes)
            rb = base64.b64decode(e["resp_body"]) if e["resp_encoding"] == "base64" else e["resp_body"].encode()
            rl = [f"HTTP/1.1 {e['status']} OK"] + [f"{k}: {v}" for k, v in e["resp_headers"]]
            if e["resp_mime"]:
                rl.append(f"Content-Type: {e['resp_mime']}")
            rl.append(f"Content-Length: {len(rb)}")
            put(f"raw/{n}_s.txt", ("\r\n".join(rl) + "\r\n\r\n").encode() + rb)
            put(f"raw/{n}_m.xml", f'<?xml version="1.0" encoding="utf-8"?>\r\n<Session SID="{n}" BitFlags="0"><SessionFlags><SessionFlag N="x-processinfo" V="msedge:1" /></SessionFlags></Session>')
    return buf.getvalue()


def _is_text(s):
    return True


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_corpus.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []
    for c in CASES:
        variants = [("har", json.dumps(har_of(c), indent=1).encode())]
        if c.saz and not any(e["ws"] for e in c.entries):
            variants.append(("saz", saz_of(c)))
        for ext, data in variants:
            fname = f"{c.name}.{ext}"
            with open(os.path.join(out, fname), "wb") as f:
                f.write(data)
            manifest.append({"file": fname, "class": c.klass, "canaries": c.canaries, "keepers": c.keepers,
                             "options": c.options})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"cases": manifest}, f, indent=1)
    print(f"{len(manifest)} traces, {sum(len(m['canaries']) for m in manifest)} canaries", file=sys.stderr)


if __name__ == "__main__":
    main()
