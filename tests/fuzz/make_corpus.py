#!/usr/bin/env python3
"""Writes the seed corpora of the trace-level fuzz targets (tests/fuzz/corpus/<target>/) from the
committed samples and small hand-written inputs. Deterministic; rerun after changing samples.
Seeds whose target reads a selector byte first get one prepended (see each Fuzz*.cpp)."""
import base64
import io
import json
import os
import shutil
import sys
import zipfile
import zlib

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = os.path.join(root, "tests", "fuzz", "corpus")
samples = os.path.join(root, "samples")


def jwt(payload):
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return enc({"alg": "RS256", "typ": "JWT"}) + "." + enc(payload) + ".c2lnbmF0dXJlLUZBS0U"


JWT = jwt({"aud": "api://fake", "upn": "adele.vance@contoso-fake.example", "tid": "00000000-fake"})
SAML = ('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusMessage>'
        'AADSTS50126: Error validating credentials</samlp:StatusMessage></samlp:Status><saml:Assertion '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Subject><saml:NameID>adele@contoso-fake.example'
        '</saml:NameID></saml:Subject><ds:SignatureValue>c2lnLUZBS0U=</ds:SignatureValue>'
        '<saml:AttributeStatement><saml:Attribute Name="upn"><saml:AttributeValue>adele</saml:AttributeValue>'
        '</saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>')


def har(entries, extra_log=""):
    return ('{"log":{"version":"1.2","creator":{"name":"fuzz","version":"1"}%s,"entries":[%s]}}'
            % (extra_log, ",".join(entries)))


def entry(url="https://login.microsoftonline.com/common/oauth2/v2.0/token", method="POST", req_headers=(),
          post=None, status=200, resp_headers=(), content=None, extra=""):
    h = lambda hs: json.dumps([{"name": n, "value": v} for n, v in hs])
    req = '"method":%s,"url":%s,"httpVersion":"HTTP/1.1","headers":%s,"cookies":[],"queryString":[],' \
          '"headersSize":-1,"bodySize":-1' % (json.dumps(method), json.dumps(url), h(req_headers))
    if post is not None:
        req += ',"postData":%s' % json.dumps(post)
    resp = '"status":%d,"statusText":"OK","httpVersion":"HTTP/1.1","headers":%s,"cookies":[],' \
           '"content":%s,"redirectURL":"","headersSize":-1,"bodySize":-1' % (
               status, h(resp_headers), json.dumps(content or {"size": 0, "mimeType": "text/plain"}))
    return ('{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"request":{%s},"response":{%s},'
            '"cache":{},"timings":{"send":0,"wait":1,"receive":0}%s}' % (req, resp, extra))


def hand_hars():
    token = json.dumps({"access_token": JWT, "refresh_token": "0.AXYA-refresh-FAKE-token", "id_token": JWT})
    yield "tokens", har([entry(post={"mimeType": "application/x-www-form-urlencoded",
                                     "text": "grant_type=password&username=adele&password=P%40ssw0rd-FAKE-1",
                                     "params": [{"name": "password", "value": "P%40ssw0rd-FAKE-1"}]},
                               req_headers=[("Authorization", "Bearer " + JWT), ("Cookie", "ESTSAUTH=FAKE-ests; x=1")],
                               content={"size": len(token), "mimeType": "application/json", "text": token})])
    b64 = base64.b64encode(b'{"error":"invalid_grant","error_description":"AADSTS70008: expired","refresh_token":"FAKE-rt-123456"}').decode()
    yield "base64-body", har([entry(status=400, content={"size": 1, "mimeType": "application/json", "text": b64,
                                                          "encoding": "base64"})])
    yield "bad-base64", har([entry(content={"size": 1, "mimeType": "application/json", "text": "!!!not base64 FAKE-secret",
                                            "encoding": "base64"})])
    html = '<html><input type="hidden" name="code" value="0.AXYA-code-FAKE"/><script>$Config={"sFT":"FAKE-flow-token","sCtx":"FAKE"};</script></html>'
    yield "html", har([entry(method="GET", url="https://app.example/cb?code=0.AXYA-FAKE&state=s#id_token=" + JWT,
                             content={"size": len(html), "mimeType": "text/html", "text": html})])
    yield "saml-post", har([entry(url="https://sp.example/acs", post={
        "mimeType": "application/x-www-form-urlencoded",
        "text": "SAMLResponse=" + base64.b64encode(SAML.encode()).decode().replace("+", "%2B").replace("=", "%3D")})])
    yield "escapes", har([entry(url="https://a.example/?x=\u00e9\ud83d\ude00&token=FAKE\\\"quote",
                                content={"size": 4, "mimeType": "text/plain", "text": "\u0000\u001f\\/\t"})])
    yield "websocket", har([entry(extra=',"_webSocketMessages":[{"type":"send","time":1,"opcode":1,"data":%s},'
                                  '{"type":"receive","time":2,"opcode":2,"data":"%s"}]' % (
                                      json.dumps(json.dumps({"token": JWT})), base64.b64encode(b"binary\x00FAKE").decode()))])
    yield "extensions", har([entry(extra=',"_custom":{"authorization":"Bearer %s","n":[1,2.5e300,-0]}' % JWT)],
                            extra_log=',"pages":[{"id":"p","title":"t"}],"comment":"c"')
    yield "empty", '{"log":{"entries":[]}}'
    yield "bom-ws", "\ufeff \r\n\t" + har([entry()]) + "\n"
    yield "numbers", har([entry().replace('"time":1', '"time":1e308').replace('"wait":1', '"wait":-0.0e-400')])
    yield "multipart", har([entry(post={"mimeType": "multipart/form-data; boundary=XyZ", "text":
        "--XyZ\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\nFAKE-secret-value\r\n--XyZ--\r\n"})])


def write(target, name, data, selector=None):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if selector is not None:
        data = bytes([selector]) + data
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def saz_bytes(folder):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for base, _, files in sorted(os.walk(folder)):
            for fn in sorted(files):
                full = os.path.join(base, fn)
                z.write(full, os.path.relpath(full, folder))
    return out.getvalue()


def ws_frame(first_byte, payload, masked):
    head = bytes([first_byte])
    n = len(payload)
    bit = 0x80 if masked else 0
    if n < 126:
        head += bytes([bit | n])
    elif n <= 0xFFFF:
        head += bytes([bit | 126]) + n.to_bytes(2, "big")
    else:
        head += bytes([bit | 127]) + n.to_bytes(8, "big")
    if not masked:
        return head + payload
    key = b"\x11\x22\x33\x44"
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def deflate_ws_saz():
    """The websocket fixture with permessage-deflate frames: two client messages sharing one
    compression context, a fragmented one, a compressed binary server message and a plain one."""
    client = zlib.compressobj(6, zlib.DEFLATED, -15)
    server = zlib.compressobj(6, zlib.DEFLATED, -15)
    msg = lambda c, data: (c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH))[:-4]
    token = JWT.encode()
    # In wire order: a message may refer back to the ones compressed before it.
    one = msg(client, b'{"arguments":["Bearer ' + token + b'"]}')
    two = msg(client, b'{"arguments":["Bearer ' + token + b'"],"again":1}')
    third = msg(client, b'{"type":6,"note":"fragmented"}')
    frames = [(True, 0xC1, one),
              (False, 0xC2, msg(server, b"\x01\x02 binary")),
              (True, 0xC1, two),
              (True, 0x41, third[:5]), (True, 0x80, third[5:]),
              (False, 0x81, b'{"type":3,"result":"ok"}')]
    w = b"\r\n"
    for i, (from_client, first, payload) in enumerate(frames, 1):
        frame = ws_frame(first, payload, from_client)
        w += (b"Request-Length: " if from_client else b"Response-Length: ") + str(len(frame)).encode()
        w += b"\r\nID: " + str(i).encode() + b"\r\nBitFlags: 0\r\n\r\n" + frame + b"\r\n"
    folder = os.path.join(samples, "saz", "websocket")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for base, _, files in sorted(os.walk(folder)):
            for fn in sorted(files):
                full = os.path.join(base, fn)
                name = os.path.relpath(full, folder)
                z.writestr(name, w if name.endswith("0001_w.txt") else open(full, "rb").read())
    return out.getvalue()


def small_saz(request, response, meta='<?xml version="1.0"?><Session SID="1" BitFlags="1"><SessionFlags>'
              '<SessionFlag N="x-clientip" V="10.0.0.1"/></SessionFlags></Session>'):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("raw/1_c.txt", request)
        if response is not None:
            z.writestr("raw/1_s.txt", response)
        z.writestr("raw/1_m.xml", meta)
    return out.getvalue()


def main():
    for t in ["har_reader", "saz_reader", "text_codec", "scanners", "saml", "rules", "aad_finder", "sanitize",
              "har_roundtrip"]:
        d = os.path.join(corpus, t)
        for name in os.listdir(d) if os.path.isdir(d) else []:
            if not name.startswith("regress-"):  # inputs that once found a bug stay
                os.remove(os.path.join(d, name))
    hars = [(n[:-4], open(os.path.join(samples, "har", n), "rb").read()) for n in sorted(os.listdir(os.path.join(samples, "har")))]
    hars += [(n, s.encode("utf-8", "surrogatepass")) for n, s in hand_hars()]
    for i, (name, data) in enumerate(hars):
        for target in ["har_reader", "sanitize", "har_roundtrip"]:
            write(target, name, data, selector=(i * 37) % 256)

    # SAZ: the committed fixtures zipped, the encrypted one as is, and small hand-made archives.
    write("saz_reader", "signin", saz_bytes(os.path.join(samples, "saz", "signin")), selector=0)
    write("saz_reader", "websocket", saz_bytes(os.path.join(samples, "saz", "websocket")), selector=0)
    write("saz_reader", "websocket-deflate", deflate_ws_saz(), selector=0)
    write("saz_reader", "encrypted", open(os.path.join(samples, "saz", "encrypted.saz"), "rb").read(), selector=2)
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = gz.compress(b'{"refresh_token":"FAKE-rt"}') + gz.flush()
    write("saz_reader", "gzip-chunked", small_saz(
        b"POST https://login.microsoftonline.com/common/oauth2/token HTTP/1.1\r\nHost: login.microsoftonline.com\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\n\r\npassword=P%40ssw0rd-FAKE",
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
        + (b"%x\r\n" % len(body)) + body + b"\r\n0\r\n\r\n"), selector=1)
    write("saz_reader", "aborted", small_saz(b"GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n", None), selector=0)

    texts = {0: "a%20b+c%zz%4", 1: "&amp;&#x2F;&#47&lt;&bogus;&", 2: "a\\u00e9\\ud83d\\ude00\\n\\\"", 3: "caf\xe9 \x00\x1f\"\\",
             4: "HeLLo\x00hello", 5: "\xf0\x9f\x98\x80\xed\xa0\x80\xc0\xaf"}
    for sel, s in texts.items():
        write("text_codec", "seed%d" % sel, s.encode("latin-1") if sel in (3, 5) else s.encode(), selector=sel)

    scans = [
        (0, '{"a":{"refresh_token":"FAKE","n":[1,2,{"claims":"{\\"access_token\\":\\"x\\"}"}]}}'),
        (1, '{"x":1} trailing'),
        (2, '<input type=hidden name="code" value="a&amp;b"><INPUT value=\'v\' name=x><meta name="csrf" content="FAKE">'),
        (3, '<script>$Config={"sFT":"FAKE","arr":[{"k":"v"}],"urlPost":"https://x"};</script>'),
        (4, 'ESTSAUTH=FAKE; buid="quoted"; x'),
        (5, 'Bearer realm="", claims="{\\"x\\":1}", error="invalid_token"'),
        (6, 'XyZ\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nbody\r\n--XyZ--'),
        (7, 'a=1&password=P%40ss+word&b'),
        (8, 'https://user:pa%40ss@host.example/p?code=0.AX&state=1#access_token=' + JWT),
        (9, 'x ' + JWT + ' y eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d'),
        (10, '{"id_token":"' + JWT + '"}'),
        (11, 'a b+c%&<>"\''),
    ]
    for sel, s in scans:
        write("scanners", "seed%d" % sel, s, selector=sel)

    write("saml", "xml", SAML)
    write("saml", "base64", base64.b64encode(SAML.encode()))
    d = zlib.compressobj(9, zlib.DEFLATED, -15)
    write("saml", "base64-deflate", base64.b64encode(d.compress(SAML.encode()) + d.flush()))
    write("saml", "base64-zlib", base64.b64encode(zlib.compress(SAML.encode())))
    write("saml", "wsfed", '<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust">'
          '<t:RequestedSecurityToken><wsse:BinarySecurityToken>RkFLRQ==</wsse:BinarySecurityToken>'
          '</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>')

    write("rules", "example", open(os.path.join(samples, "rules", "example.rules"), "rb").read() + b"\x01x-api-key: abc")
    write("rules", "builtins", open(os.path.join(root, "data", "secret-rules.tsv"), "rb").read() + b"\x01code=FAKE")
    write("rules", "regex", "secret\tregex\t(?i)apikey=([a-z0-9]+)\tkeys\n# c\n\nk\tparam\tquery,form:tok*\n-\tallow\tx-ms-*\r\n"
          "\x01apikey=abc123 tokfoo")

    sep = "\x01"
    write("aad_finder", "config", "https://login.microsoftonline.com/common/login" + sep + "Content-Type: text/html" + sep + "login=adele"
          + sep + "Content-Type: text/html\nx-ms-clitelem: 1,50125,0,," + sep
          + '<script>$Config={"iErrorCode":50125,"strServiceExceptionMessage":"AADSTS50125: Sign-in was interrupted",'
          '"correlationId":"38f60679-6aa7-18a0-4d67-6f88f45cd414","sessionId":"a2f83dce-be20-d15b-1812-a64fc36f485c"};</script>',
          selector=1)
    write("aad_finder", "json", "https://login.microsoftonline.com/t/oauth2/v2.0/token" + sep + sep + "grant_type=refresh_token"
          + sep + "Content-Type: application/json" + sep
          + '{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired.\\r\\nTrace ID: x","error_codes":[70008],"suberror":"bad_token"}',
          selector=2)
    write("aad_finder", "redirect", "https://app.example/cb?error=access_denied&error_description=AADSTS65004%3a+User+declined"
          + sep + sep + sep + "Location: https://app.example/#error=x&error_description=AADSTS50105" + sep, selector=4)
    write("aad_finder", "saml", "https://sp.example/acs" + sep + sep + "SAMLResponse="
          + base64.b64encode(SAML.encode()).decode().replace("+", "%2B").replace("=", "%3D") + sep + sep, selector=1)


if __name__ == "__main__":
    sys.exit(main())
