#!/usr/bin/env python3
"""Writes the unpacked SAZ fixtures under samples/saz/<name>/ (raw/ members, _index.htm,
[Content_Types].xml). The build zips each directory into <build>/samples/saz/<name>.saz.

Deterministic: fixed clock, fixed fake secrets, stdlib only. gzip members use a fixed mtime; the
brotli body is written as a valid brotli stream of uncompressed meta-blocks (RFC 7932 section 9.2),
because the Python standard library has no brotli encoder.

    python3 samples/saz/make_fixtures.py          # rewrite the fixtures
    python3 samples/saz/make_fixtures.py --check  # exit 1 if a file on disk differs
"""
import gzip
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CRLF = "\r\n"

TENANT = "72f988bf-0000-4fa5-fake-2d7cd011db47"
CLIENT = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d"
USER = "adele.vance@contoso-fake.example"
PASSWORD = "P@ssw0rd-FAKE-1"
FLOW_TOKEN = "AQABIQEAAAD-FAKE-saz-flowToken-1-Vq3kL9xW2pZr7TnYb4Hc0Jd8Ue5Mf6Ga1Sb2"
CTX = "rQQIARAA-FAKE-saz-ctx-1-Pn4Qm7Rk2Ws9Xv1Yt5Zu8Ab3Cd6Ef0Gh"
CANARY = "PAQABDgEAAAD-FAKE-saz-canary-1-Lm8Nk3Jp6Hq1Gr4Fs7Et0Du"
ESTSAUTHPERSISTENT = "1.AXoAv4j5cvGGr0GRqy180BHbR-FAKE-saz-ESTSAUTHPERSISTENT-Qw2Er4Ty6Ui8Op0As"
ESTSAUTH = "1.AXoAv4j5cvGGr0GRqy180BHbR-FAKE-saz-ESTSAUTH-Zx1Cv3Bn5Nm7Kl9Jh2Gf4Ds"
ESCTX = "PAQABBwEAAAD-FAKE-saz-esctx-1-Ty7Ui9Op1As3Df5Gh7Jk9Lz"
FPC = "AkT5fQ-FAKE-saz-fpc-1-Wd3Fe5Rg7Th9Yj"
STATE = "FAKE-saz-state-3c1e9a70"
NONCE = "FAKE-saz-nonce-8b2d4f61"


def brotli_stored(data: bytes) -> bytes:
    """A brotli stream made of uncompressed meta-blocks: valid for any decoder."""
    out = bytearray()
    bits = []  # LSB-first bit list for the current header

    def flush_bits():
        while len(bits) % 8:
            bits.append(0)
        for i in range(0, len(bits), 8):
            out.append(sum(b << k for k, b in enumerate(bits[i:i + 8])))
        bits.clear()

    def put(value, count):
        for k in range(count):
            bits.append((value >> k) & 1)

    put(0, 1)  # WBITS = 16
    for start in range(0, len(data), 65536):
        block = data[start:start + 65536]
        put(0, 1)  # ISLAST = 0
        put(0, 2)  # MNIBBLES = 4
        put(len(block) - 1, 16)  # MLEN - 1
        put(1, 1)  # ISUNCOMPRESSED
        flush_bits()
        out += block
    put(1, 1)  # ISLAST
    put(1, 1)  # ISLASTEMPTY
    flush_bits()
    return bytes(out)


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=1700000000, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def chunked(data: bytes, size: int) -> bytes:
    out = bytearray()
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    out += b"0\r\n\r\n"
    return bytes(out)


def head(start_line, headers):
    return (start_line + CRLF + "".join(f"{n}: {v}{CRLF}" for n, v in headers) + CRLF).encode()


def timers(base, offsets_ms, dns=0, tcp=0, tls=0):
    """SessionTimers in Fiddler's order; `base` is 'YYYY-MM-DDTHH:MM:SS' local time at +01:00."""
    names = ["ClientConnected", "ClientBeginRequest", "GotRequestHeaders", "ClientDoneRequest",
             "ServerConnected", "FiddlerBeginRequest", "ServerGotRequest", "ServerBeginResponse",
             "GotResponseHeaders", "ServerDoneResponse", "ClientBeginResponse", "ClientDoneResponse"]
    hh, mm, ss = (int(x) for x in base[11:].split(":"))
    values = {}
    for name, off in zip(names, offsets_ms):
        if off is None:
            values[name] = "0001-01-01T00:00:00"
            continue
        total_us = ((hh * 60 + mm) * 60 + ss) * 1_000_000 + off * 1000 + 1234
        h, rem = divmod(total_us, 3_600_000_000)
        m, rem = divmod(rem, 60_000_000)
        s, us = divmod(rem, 1_000_000)
        values[name] = f"{base[:10]}T{h:02d}:{m:02d}:{s:02d}.{us:06d}0+01:00"
    attrs = []
    for name in ["ClientConnected", "ClientBeginRequest", "GotRequestHeaders", "ClientDoneRequest"]:
        attrs.append((name, values[name]))
    attrs += [("GatewayTime", "0"), ("DNSTime", str(dns)), ("TCPConnectTime", str(tcp)),
              ("HTTPSHandshakeTime", str(tls))]
    for name in names[4:]:
        attrs.append((name, values[name]))
    return " ".join(f'{n}="{v}"' for n, v in attrs)


def metadata(sid, bitflags, timer_attrs, flags, aborted=False, pipe=None):
    lines = ["\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>",
             f'<Session SID="{sid}" BitFlags="{bitflags}"' + (' Aborted="true"' if aborted else "") + ">",
             f"  <SessionTimers {timer_attrs} />"]
    if pipe:
        lines.append(f"  <PipeInfo {pipe} />")
    lines.append("  <SessionFlags>")
    for n, v in flags:
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        lines.append(f'    <SessionFlag N="{n}" V="{v}" />')
    lines.append("  </SessionFlags>")
    lines.append("</Session>")
    return CRLF.join(lines).encode("utf-8")


def index_html(rows):
    out = ['<html><head><style>body,thead,td,a,p{font-family:verdana,sans-serif;font-size: 10px;}</style></head>'
           '<body><table cols=12><thead><tr><th>&nbsp;</th><th>#</th><th>Result</th><th>Protocol</th>'
           '<th>Host</th><th>URL</th><th>Body</th><th>Caching</th><th>Content-Type</th><th>Process</th>'
           '<th>Comments</th><th>Custom</th></tr></thead><tbody>']
    for links, cells in rows:
        link_html = "&nbsp;".join(f"<a href='raw\\{name}'>{name.split('_')[1][0].upper()}</a>" for name in links)
        cell_html = "".join(f"<td>{c.replace('&', '&amp;').replace('<', '&lt;')}</td>" for c in cells)
        out.append(f"<tr><td>{link_html}</td>{cell_html}</tr>")
    out.append("</tbody></table></body></html>")
    return CRLF.join(out).encode("utf-8")


CONTENT_TYPES = ('\ufeff<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/content-types"><Default Extension="htm" ContentType="text/html" />'
                 '<Default Extension="xml" ContentType="application/xml" />'
                 '<Default Extension="txt" ContentType="text/plain" /></Types>').encode("utf-8")

CLIENT_FLAGS = [("x-clientip", "127.0.0.1"), ("x-clientport", "52811"), ("x-processinfo", "msedge:14220")]


def signin():
    files = {}
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0"

    # 1: the CONNECT tunnel, with Fiddler's descriptive (fake) bodies.
    hello = ("A SSLv3-compatible ClientHello handshake was found. Fiddler extracted the parameters below.\n\n"
             "Version: 3.3 (TLS/1.2)\nRandom:\t\t5E 1A 77 0C 9B 34 21 FA 8D 02 6C 55 3E 47 B1 90 7A 11 03 C9 4E 28 6F 0D 9A 31 52 E8 07 BB 4C 19\n"
             "\"Time\":\t\t3/14/2059 9:26:52 AM\nSessionID:\t6A 0F 93 2B FAKE\nExtensions: \r\n"
             "\tserver_name\tlogin.microsoftonline.com\r\n\tALPN\t\thttp/1.1\r\n"
             "Ciphers: \n\t[C02B]\tTLS1_CK_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n\t[C02F]\tTLS1_CK_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n\n"
             "Compression: \n\t[00]\tNO_COMPRESSION\n")
    files["raw/1_c.txt"] = head("CONNECT login.microsoftonline.com:443 HTTP/1.1", [
        ("Host", "login.microsoftonline.com:443"), ("Proxy-Connection", "keep-alive"), ("User-Agent", ua)]) + hello.encode()
    cert = ("This is a HTTPS CONNECT Tunnel. Secure traffic flows through this connection.\n\n"
            "Secure Protocol: Tls12\nCipher: Aes256 256bits\nHash Algorithm: Sha384 ?bits\nKey Exchange: ECDHE_RSA (0xae06) 255bits\n\n"
            "== Server Certificate ==========\n[Subject]\n  CN=stamp2.login.microsoftonline.com, O=Microsoft Corporation (FAKE)\n\n"
            "[Issuer]\n  CN=DO_NOT_TRUST_FiddlerRoot, O=DO_NOT_TRUST, OU=Created by http://www.fiddler2.com\n\n"
            "[Serial Number]\n  00FAKE1234\n\n[Not Before]\n  1/2/2024 10:00:00 AM\n\n[Not After]\n  1/2/2027 10:00:00 AM\n\n"
            "[Thumbprint]\n  0000FAKE0000FAKE0000FAKE0000FAKE0000FAKE\n\n[SubjectAltNames]\nlogin.microsoftonline.com, login.microsoft.com\n")
    files["raw/1_s.txt"] = head("HTTP/1.1 200 Connection Established", [
        ("FiddlerGateway", "Direct"), ("StartTime", "10:15:02.101"), ("Connection", "close")]) + cert.encode()
    files["raw/1_m.xml"] = metadata(1, "2100", timers("2026-03-02T10:15:02", [0, 1, 1, 1, 12, None, None, None, None, None, 40, 41], dns=3, tcp=9),
                                    CLIENT_FLAGS + [("x-hostip", "20.190.151.68"), ("https-client-snihostname", "login.microsoftonline.com")])

    # 2: the authorize page, chunked + gzip, with the sign-in $Config.
    authorize_url = (f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/authorize?client_id={CLIENT}"
                     "&response_type=code&redirect_uri=https%3A%2F%2Fapp.contoso-fake.example%2Fsignin-oidc"
                     f"&scope=openid%20profile&state={STATE}&nonce={NONCE}")
    page = ("<!DOCTYPE html><html dir=\"ltr\" lang=\"en\"><head><title>Sign in to your account</title>"
            "<meta name=\"PageID\" content=\"ConvergedSignIn\" /></head><body>"
            "<script type=\"text/javascript\">//<![CDATA[\n"
            f"$Config={{\"pgid\":\"ConvergedSignIn\",\"sFT\":\"{FLOW_TOKEN}\",\"sCtx\":\"{CTX}\",\"canary\":\"{CANARY}\","
            "\"urlPost\":\"/common/login\",\"correlationId\":\"5d1e7c42-0000-4b8a-fa4e-00000000c0de\","
            "\"sessionId\":\"9f2b6a11-0000-4c3d-fa4e-000000005e55\"};\n//]]></script>"
            "<form method=\"post\" action=\"/common/login\"><input type=\"hidden\" name=\"flowToken\" value=\""
            f"{FLOW_TOKEN}\" /></form></body></html>")
    gz = gzip_bytes(page.encode())
    files["raw/2_c.txt"] = head(f"GET {authorize_url} HTTP/1.1", [
        ("Host", "login.microsoftonline.com"), ("Connection", "keep-alive"), ("User-Agent", ua),
        ("Accept", "text/html,application/xhtml+xml"), ("Accept-Encoding", "gzip, deflate, br"),
        ("Cookie", f"ESTSAUTHPERSISTENT={ESTSAUTHPERSISTENT}; fpc={FPC}")])
    files["raw/2_s.txt"] = head("HTTP/1.1 200 OK", [
        ("Cache-Control", "no-store, no-cache"), ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"),
        ("Set-Cookie", f"esctx={ESCTX}; domain=.login.microsoftonline.com; path=/; secure; HttpOnly; SameSite=None"),
        ("Set-Cookie", f"fpc={FPC}; expires=Wed, 01-Apr-2026 10:15:03 GMT; path=/; secure; HttpOnly; SameSite=None"),
        ("x-ms-request-id", "0c1d2e3f-0000-4a5b-fa4e-00000000a001")]) + chunked(gz, 200)
    files["raw/2_m.xml"] = metadata(3, "19", timers("2026-03-02T10:15:02", [41, 42, 42, 42, 42, 43, 44, 170, 171, 178, 171, 179]),
                                    CLIENT_FLAGS + [("x-hostip", "20.190.151.68"), ("x-responsebodytransferlength", str(len(chunked(gz, 200)))),
                                                    ("ui-comments", f"sign-in for {USER}")],
                                    pipe='CltReuse="true" Reused="true"')

    # 3: the password POST; the answer is the AADSTS50125 ConvergedError page, brotli-encoded.
    form = ("i13=0&login=adele.vance%40contoso-fake.example&loginfmt=adele.vance%40contoso-fake.example&type=11"
            f"&LoginOptions=3&passwd=P%40ssw0rd-FAKE-1&ps=2&canary={CANARY}&ctx={CTX}&hpgrequestid=9f2b6a11-0000-4c3d-fa4e-000000005e55"
            f"&flowToken={FLOW_TOKEN}&i19=21130")
    files["raw/3_c.txt"] = head("POST https://login.microsoftonline.com/common/login HTTP/1.1", [
        ("Host", "login.microsoftonline.com"), ("Connection", "keep-alive"), ("Content-Length", str(len(form))),
        ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "https://login.microsoftonline.com"),
        ("User-Agent", ua), ("Accept-Encoding", "gzip, deflate, br"),
        ("Cookie", f"ESTSAUTHPERSISTENT={ESTSAUTHPERSISTENT}; esctx={ESCTX}; fpc={FPC}; x-ms-gateway-slice=estsfd")]) + form.encode()
    error_page = ("<!DOCTYPE html><html><head><title>Sign in to your account</title>"
                  "<meta name=\"PageID\" content=\"ConvergedError\" /></head><body>"
                  "<script type=\"text/javascript\">//<![CDATA[\n"
                  "$Config={\"pgid\":\"ConvergedError\",\"iErrorCode\":50125,\"sErrorCode\":\"50125\","
                  "\"strMainMessage\":\"We couldn't sign you in.\",\"strServiceExceptionMessage\":"
                  "\"AADSTS50125: Sign-in was interrupted due to a password reset or password registration entry.\","
                  "\"correlationId\":\"5d1e7c42-0000-4b8a-fa4e-00000000c0de\",\"sessionId\":\"9f2b6a11-0000-4c3d-fa4e-000000005e55\","
                  f"\"sFT\":\"{FLOW_TOKEN}\",\"canary\":\"{CANARY}\",\"urlPost\":\"/common/login\"}};\n//]]></script>"
                  "<div id=\"error\">Sign-in was interrupted (caf\u00e9 \u2713)</div></body></html>")
    br = brotli_stored(error_page.encode("utf-8"))
    files["raw/3_s.txt"] = head("HTTP/1.1 200 OK", [
        ("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache"), ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "br"), ("Content-Length", str(len(br))),
        ("Set-Cookie", f"ESTSAUTH={ESTSAUTH}; path=/; secure; HttpOnly; SameSite=None"),
        ("Set-Cookie", "ESTSAUTHLIGHT=+64314386-0000-fbcc-6205-FAKE; path=/; secure; SameSite=None")]) + br
    files["raw/3_m.xml"] = metadata(4, "19", timers("2026-03-02T10:15:09", [0, 1, 1, 2, 2, 3, 5, 301, 302, 305, 302, 306]),
                                    CLIENT_FLAGS + [("x-hostip", "20.190.151.68"), ("x-egressport", "52830")],
                                    pipe='CltReuse="true" Reused="true"')

    # 4: an aborted telemetry POST: metadata only, no _s.txt.
    beacon = '{"events":[{"name":"FAKE-beacon","user":"' + USER + '"}]}'
    files["raw/4_c.txt"] = head("POST https://login.microsoftonline.com/common/instrumentation/reportpageload?sessionId=9f2b6a11 HTTP/1.1", [
        ("Host", "login.microsoftonline.com"), ("Content-Type", "application/json"), ("Content-Length", str(len(beacon)))]) + beacon.encode()
    files["raw/4_m.xml"] = metadata(5, "219", timers("2026-03-02T10:15:09", [310, 310, 310, 311, None, None, None, None, None, None, None, None]),
                                    CLIENT_FLAGS + [("x-aborted-when", "SendRequest"), ("x-serversocket", "REUSE ServerPipe#4")],
                                    aborted=True)

    # 5: a plain JSON GET with an origin-form request line (as converters write) and no metadata.
    discovery = ('{"tenant_discovery_endpoint":"https://login.microsoftonline.com/' + TENANT +
                 '/v2.0/.well-known/openid-configuration","api-version":"1.1"}')
    files["raw/5_c.txt"] = head("GET /common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Fcommon%2Foauth2%2Fauthorize HTTP/1.1", [
        ("Host", "login.microsoftonline.com"), ("Accept", "application/json")])
    files["raw/5_s.txt"] = head("HTTP/1.1 200 OK", [
        ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(discovery)))]) + discovery.encode()

    files["_index.htm"] = index_html([
        (["1_c.txt", "1_s.txt", "1_m.xml"], ["1", "200", "HTTP", "Tunnel to", "login.microsoftonline.com:443", str(len(cert)), "", "", "msedge:14220", "", ""]),
        (["2_c.txt", "2_s.txt", "2_m.xml"], ["2", "200", "HTTPS", "login.microsoftonline.com", authorize_url.split("microsoftonline.com", 1)[1], str(len(chunked(gz, 200))), "no-store, no-cache", "text/html; charset=utf-8", "msedge:14220", f"sign-in for {USER}", ""]),
        (["3_c.txt", "3_s.txt", "3_m.xml"], ["3", "200", "HTTPS", "login.microsoftonline.com", "/common/login", str(len(br)), "no-store, no-cache", "text/html; charset=utf-8", "msedge:14220", "", ""]),
        (["4_c.txt", "4_m.xml"], ["4", "-", "HTTPS", "login.microsoftonline.com", "/common/instrumentation/reportpageload?sessionId=9f2b6a11", "-1", "", "", "msedge:14220", "", ""]),
        (["5_c.txt", "5_s.txt"], ["5", "200", "HTTP", "login.microsoftonline.com", "/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Fcommon%2Foauth2%2Fauthorize", str(len(discovery)), "", "application/json; charset=utf-8", "", "", ""]),
    ])
    files["[Content_Types].xml"] = CONTENT_TYPES
    return files


def ws_frame(opcode, payload: bytes, mask=None):
    out = bytearray([0x80 | opcode])
    n = len(payload)
    mask_bit = 0x80 if mask else 0
    if n < 126:
        out.append(mask_bit | n)
    elif n < 65536:
        out.append(mask_bit | 126)
        out += n.to_bytes(2, "big")
    else:
        out.append(mask_bit | 127)
        out += n.to_bytes(8, "big")
    if mask:
        out += mask
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes(out) + payload


def websocket():
    files = {}
    # 0001: a WebSocket session (4-digit padding, as old FiddlerCore wrote it).
    files["raw/0001_c.txt"] = head("GET https://notify.contoso-fake.example/hub?access_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJGQUtFIn0. HTTP/1.1", [
        ("Host", "notify.contoso-fake.example"), ("Connection", "Upgrade"), ("Upgrade", "websocket"),
        ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")])
    files["raw/0001_s.txt"] = head("HTTP/1.1 101 Switching Protocols", [
        ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
        ("EndTime", "10:20:15.500"), ("ReceivedBytes", "87"), ("SentBytes", "64")])
    files["raw/0001_m.xml"] = metadata(7, "40001", timers("2026-03-02T10:20:01", [0, 1, 1, 1, 2, 3, 4, 30, 31, 31, 31, 32], dns=1, tcp=2, tls=5),
                                       CLIENT_FLAGS + [("x-hostip", "198.51.100.7")])
    messages = [
        (True, 1, b'{"protocol":"json","version":1}\x1e', bytes([0x12, 0x34, 0x56, 0x78])),
        (False, 1, b'{}\x1e', None),
        (True, 1, b'{"type":1,"target":"Authenticate","arguments":["Bearer FAKE-ws-token-1"]}\x1e', bytes([0xA1, 0xB2, 0xC3, 0xD4])),
        (False, 2, bytes(range(0, 200)), None),
        (False, 8, b"\x03\xe8bye", None),
    ]
    w = bytearray(CRLF.encode())
    for i, (client, opcode, payload, mask) in enumerate(messages, 1):
        frame = ws_frame(opcode, payload, mask)
        w += f"{'Request' if client else 'Response'}-Length: {len(frame)}{CRLF}ID: {i}{CRLF}BitFlags: 0{CRLF}".encode()
        w += f"DoneRead: 2026-03-02T10:20:0{i}.1234567+01:00{CRLF}{CRLF}".encode()
        w += frame + CRLF.encode()
    files["raw/0001_w.txt"] = bytes(w)

    # 0002: aborted with an empty _s.txt (Fiddler had no response headers).
    files["raw/0002_c.txt"] = head("GET https://notify.contoso-fake.example/negotiate?negotiateVersion=1 HTTP/1.1", [
        ("Host", "notify.contoso-fake.example"), ("Authorization", "Bearer FAKE-negotiate-token-2")])
    files["raw/0002_s.txt"] = b""
    files["raw/0002_m.xml"] = metadata(8, "1", timers("2026-03-02T10:20:16", [0, 0, 0, 1, None, None, None, None, None, None, None, None]),
                                       CLIENT_FLAGS + [("x-failsession-when", "ReadResponse")])
    files["_index.htm"] = index_html([
        (["0001_c.txt", "0001_s.txt", "0001_m.xml", "0001_w.txt"], ["1", "101", "HTTPS", "notify.contoso-fake.example", "/hub?access_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJGQUtFIn0.", "0", "", "", "msedge:14220", "", ""]),
        (["0002_c.txt", "0002_s.txt", "0002_m.xml"], ["2", "-", "HTTPS", "notify.contoso-fake.example", "/negotiate?negotiateVersion=1", "-1", "", "", "msedge:14220", "", ""]),
    ])
    files["[Content_Types].xml"] = CONTENT_TYPES
    return files


FIXTURES = {"signin": signin, "websocket": websocket}


def main():
    check = "--check" in sys.argv[1:]
    differ = []
    for name, build in FIXTURES.items():
        for rel, data in sorted(build().items()):
            path = os.path.join(HERE, name, *rel.split("/"))
            if check:
                try:
                    with open(path, "rb") as f:
                        if f.read() != data:
                            differ.append(path)
                except FileNotFoundError:
                    differ.append(path)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    if differ:
        print("out of date: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
