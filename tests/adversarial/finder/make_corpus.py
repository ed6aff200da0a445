#!/usr/bin/env python3
"""Writes the extract-errors corpus: HAR and SAZ traces of Entra sign-in errors in every wire form,
encoding, cloud and format, plus traps that mention codes without being errors, and the findings
each trace must give (expected.tsv: file, entry, code, trace id, correlation id).

Deterministic (fixed clock, ids derived from labels), standard library only. SAZ archives are
written with zipfile (stored members, fixed timestamps).

    python3 make_corpus.py OUTDIR              # write the traces into OUTDIR
    python3 make_corpus.py --expected          # print expected.tsv
    python3 make_corpus.py --check             # exit 1 if expected.tsv next to this file differs
"""
import base64
import gzip
import hashlib
import io
import json
import os
import sys
import urllib.parse
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TS = "2026-11-30 10:15:04Z"
CLIENT = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d"
TENANT = "72f988bf-0000-4fa5-fake-2d7cd011db47"


def guid(label):
    h = hashlib.sha256(label.encode()).hexdigest()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def desc(code, msg, trace, corr, ts=TS, nl="\r\n"):
    return f"{code}: {msg}{nl}Trace ID: {trace}{nl}Correlation ID: {corr}{nl}Timestamp: {ts}"


def form(pairs):
    return "&".join(f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(v)}" for k, v in pairs)


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=1700000000, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def raw_deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


class Case:
    """One entry: a request, its response and the findings it must give."""

    def __init__(self, label, method, url, status=200, req_headers=(), req_body=None, req_mime="",
                 resp_headers=(), body="", mime="text/html; charset=utf-8", har_gzip_base64=False,
                 expect=(), har_only=False):
        self.label = label
        self.method = method
        self.url = url
        self.status = status
        self.req_headers = list(req_headers)
        self.req_body = req_body
        self.req_mime = req_mime
        self.resp_headers = list(resp_headers)
        self.body = body.encode() if isinstance(body, str) else body
        self.mime = mime
        self.har_gzip_base64 = har_gzip_base64
        self.expect = list(expect)  # (code, trace, corr)
        self.har_only = har_only


REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 500: "Internal Server Error"}


# --- the wire forms --------------------------------------------------------------------------------

def token_json(label, host, code, msg, path="/common/oauth2/v2.0/token", error="invalid_grant", status=400,
               family="AADSTS"):
    trace, corr = guid(label + "t"), guid(label + "c")
    full = f"{family}{code}"
    body = json.dumps({"error": error, "error_description": desc(full, msg, trace, corr),
                       "error_codes": [int(code)] if family == "AADSTS" else [], "timestamp": TS,
                       "trace_id": trace, "correlation_id": corr,
                       "error_uri": f"https://{host}/error?code={code}"})
    return Case(label, "POST", f"https://{host}{path}", status,
                req_body=form([("client_id", CLIENT), ("grant_type", "authorization_code"),
                               ("code", "0.AXoA-FAKE-authcode-" + label), ("redirect_uri", "https://app.contoso-fake.example/cb")]),
                req_mime="application/x-www-form-urlencoded",
                resp_headers=[("x-ms-request-id", trace), ("client-request-id", corr),
                              ("x-ms-clitelem", f"1,{code},0,,") if family == "AADSTS" else ("x-ms-ests-server", "2.1.1 - WEULR1")],
                body=body, mime="application/json; charset=utf-8", expect=[(full, trace, corr)])


def config_page(label, host, code, msg, with_s=True, arr_val_errs=False, lookalike=False):
    trace, corr = guid(label + "t"), guid(label + "c")
    cfg = {"pgid": "ConvergedError", "correlationId": corr, "sessionId": trace,
           "sFT": "AQABIQEAAAD-FAKE-flow-" + label, "canary": "PAQABDgEAAAD-FAKE-canary-" + label,
           "urlPost": "/common/login"}
    if arr_val_errs:
        cfg = {"pgid": "ConvergedSignIn", "arrValErrs": [str(code)], "correlationId": corr, "sessionId": trace,
               "sFT": "AQABIQEAAAD-FAKE-flow-" + label, "iErrorCode": 0}
    else:
        cfg["iErrorCode"] = int(code)
        if with_s:
            cfg["sErrorCode"] = str(code)
        cfg["strServiceExceptionMessage"] = desc(f"AADSTS{code}", msg, trace, corr)
    page = ("<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>"
            "<script type=\"text/javascript\">//<![CDATA[\n$Config=" + json.dumps(cfg) + ";\n//]]></script></body></html>")
    return Case(label, "POST", f"https://{host}/common/login", 200,
                req_body=form([("login", "adele@contoso-fake.example"), ("passwd", "P@ss-FAKE-" + label),
                               ("flowToken", "AQABIQEAAAD-FAKE-flowpost-" + label)]),
                req_mime="application/x-www-form-urlencoded",
                resp_headers=[("x-ms-request-id", trace)], body=page,
                expect=[(f"AADSTS{code}", trace, corr)])


def redirect_query(label, host, code, msg, fragment=False, app="app.contoso-fake.example", extra=()):
    trace, corr = guid(label + "t"), guid(label + "c")
    params = [("error", "interaction_required"), ("error_description", desc(f"AADSTS{code}", msg, trace, corr)),
              ("error_uri", f"https://{host}/error?code={code}"), ("state", "FAKE-state-" + label)] + list(extra)
    sep = "#" if fragment else "?"
    return Case(label, "GET", f"https://{app}/signin-oidc{sep}{form(params)}", 200,
                body="<html><body>Signing you in...</body></html>", expect=[(f"AADSTS{code}", trace, corr)],
                har_only=fragment)


def location_header(label, host, code, msg, fragment=False):
    trace, corr = guid(label + "t"), guid(label + "c")
    params = [("error", "access_denied"), ("error_description", desc(f"AADSTS{code}", msg, trace, corr)),
              ("state", "FAKE-state-" + label)]
    sep = "#" if fragment else "?"
    loc = f"https://app.contoso-fake.example/cb{sep}{form(params)}"
    return Case(label, "GET", f"https://{host}/{TENANT}/oauth2/v2.0/authorize?client_id={CLIENT}&response_type=code"
                f"&redirect_uri=https%3A%2F%2Fapp.contoso-fake.example%2Fcb&state=FAKE-state-{label}", 302,
                resp_headers=[("Location", loc), ("x-ms-request-id", trace)], body="",
                expect=[(f"AADSTS{code}", trace, corr)])


def form_post_page(label, host, code, msg):
    trace, corr = guid(label + "t"), guid(label + "c")
    d = html_escape(desc(f"AADSTS{code}", msg, trace, corr)).replace(":", "&#58;")
    page = ("<html><head><title>Working...</title></head><body>"
            "<form method=\"POST\" name=\"hiddenform\" action=\"https://app.contoso-fake.example/signin-oidc\">"
            "<input type=\"hidden\" name=\"error\" value=\"consent_required\" />"
            f"<input type=\"hidden\" name=\"error_description\" value=\"{d}\" />"
            "<input type=\"hidden\" name=\"state\" value=\"FAKE-state-fp\" />"
            "<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript>"
            "</form><script language=\"javascript\">document.forms[0].submit();</script></body></html>")
    return Case(label, "POST", f"https://{host}/common/login", 200, resp_headers=[("x-ms-request-id", trace)],
                body=page, expect=[(f"AADSTS{code}", trace, corr)])


def app_post(label, code, msg, echo=None):
    """The app receiving the error in a form POST; `echo` adds its own error page echoing it."""
    trace, corr = guid(label + "t"), guid(label + "c")
    d = desc(f"AADSTS{code}", msg, trace, corr)
    body, status, mime = "", 302, "text/html"
    if echo == "aspnet":
        status = 500
        body = ("<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body>"
                "<h1>An unhandled exception occurred while processing the request.</h1>"
                "<div class=\"titleerror\">OpenIdConnectProtocolException: Message contains error: "
                f"&#x27;access_denied&#x27;, error_description: &#x27;{html_escape(d)}&#x27;, "
                "error_uri: &#x27;error_uri is null&#x27;.</div></body></html>")
    return Case(label, "POST", "https://app.contoso-fake.example/signin-oidc", status,
                req_body=form([("error", "access_denied"), ("error_description", d), ("state", "FAKE-state-" + label)]),
                req_mime="application/x-www-form-urlencoded", body=body, mime=mime,
                resp_headers=[("Location", "/Home/Error")] if status == 302 else [],
                expect=[(f"AADSTS{code}", trace, corr)])


def app_echo_page(label, code, msg, status=200, escape="html", ids_before=False):
    """The app's own error page (no Entra response in this entry) echoing what Entra said."""
    trace, corr = guid(label + "t"), guid(label + "c")
    d = desc(f"AADSTS{code}", msg, trace, corr)
    if escape == "html":
        inner = ("OpenIdConnectProtocolException: Message contains error: &#39;access_denied&#39;, "
                 f"error_description: &#39;{html_escape(d)}&#39;, error_uri: &#39;https://login.microsoftonline.com/error?code={code}&#39;.")
        body = f"<html><body><h2>Error.</h2><p>An error occurred while processing your request.</p><pre>{inner}</pre></body></html>"
        mime = "text/html; charset=utf-8"
    else:  # JSON string escapes, as a JavaScript app logs them
        inner = ("Message contains error: \\u0027access_denied\\u0027, error_description: \\u0027"
                 + d.replace("\r\n", "\\r\\n") + "\\u0027")
        body = "{\"title\":\"Sign-in failed\",\"detail\":\"" + inner + "\"}"
        mime = "application/problem+json"
    return Case(label, "GET", "https://app.contoso-fake.example/Home/Error?requestId=FAKE", status, body=body,
                mime=mime, expect=[(f"AADSTS{code}", trace, corr)])


def www_authenticate(label, code, msg):
    trace, corr = guid(label + "t"), guid(label + "c")
    d = f"AADSTS{code}: {msg} Trace ID: {trace} Correlation ID: {corr} Timestamp: {TS}"
    return Case(label, "GET", "https://api.contoso-fake.example/v1/orders", 401,
                req_headers=[("Authorization", "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJzdWIiOiJGQUtFIn0.FAKEsig" + label)],
                resp_headers=[("WWW-Authenticate", f'Bearer error="invalid_token", error_description="{d}"')],
                body="", expect=[(f"AADSTS{code}", trace, corr)])


def clitelem_only(label, host, code):
    trace, corr = guid(label + "t"), guid(label + "c")
    return Case(label, "GET", f"https://{host}/common/oauth2/v2.0/authorize?client_id={CLIENT}&response_type=code", 200,
                req_headers=[("client-request-id", corr)],
                resp_headers=[("x-ms-clitelem", f"1,{code},0,,"), ("x-ms-request-id", trace), ("client-request-id", corr)],
                body="<html><body>Redirecting</body></html>", expect=[(f"AADSTS{code}", trace, corr)])


def saml_response_xml(label, code, msg, kind="Response", success=False):
    trace, corr = guid(label + "t"), guid(label + "c")
    status = ("<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
              if success else
              "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\">"
              "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:RequestDenied\"/></samlp:StatusCode>"
              f"<samlp:StatusMessage>AADSTS{code}: {html_escape(msg)}\nTrace ID: {trace}\nCorrelation ID: {corr}\n"
              f"Timestamp: {TS}</samlp:StatusMessage></samlp:Status>")
    assertion = ""
    if success:
        assertion = ("<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_a1\">"
                     "<Subject><NameID>adele@contoso-fake.example</NameID></Subject>"
                     "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignatureValue>FAKEsigvalue"
                     + label + "==</ds:SignatureValue></ds:Signature></Assertion>")
    xml = (f"<samlp:{kind} ID=\"_{guid(label + 'id')}\" Version=\"2.0\" IssueInstant=\"2026-11-30T10:15:04.000Z\" "
           "Destination=\"https://app.contoso-fake.example/saml/acs\" InResponseTo=\"_req1\" "
           "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
           f"<Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://sts.windows.net/{TENANT}/</Issuer>"
           f"{status}{assertion}</samlp:{kind}>")
    return xml, trace, corr


def saml_post_page(label, host, code, msg):
    xml, trace, corr = saml_response_xml(label, code, msg)
    page = ("<html><body><form method=\"POST\" name=\"hiddenform\" action=\"https://app.contoso-fake.example/saml/acs\">"
            f"<input type=\"hidden\" name=\"SAMLResponse\" value=\"{base64.b64encode(xml.encode()).decode()}\" />"
            "<input type=\"hidden\" name=\"RelayState\" value=\"FAKE-relay\" /></form></body></html>")
    return Case(label, "POST", f"https://{host}/{TENANT}/saml2", 200, resp_headers=[("x-ms-request-id", trace)],
                body=page, expect=[(f"AADSTS{code}", trace, corr)])


def saml_app_post(label, code, msg):
    xml, trace, corr = saml_response_xml(label, code, msg)
    return Case(label, "POST", "https://app.contoso-fake.example/saml/acs", 302,
                req_body=form([("SAMLResponse", base64.b64encode(xml.encode()).decode()), ("RelayState", "FAKE-relay")]),
                req_mime="application/x-www-form-urlencoded", resp_headers=[("Location", "/")],
                expect=[(f"AADSTS{code}", trace, corr)])


def saml_logout_redirect(label, host, code, msg, where="request"):
    """LogoutResponse in the HTTP-Redirect binding: deflate + base64 + URL encoding in a query."""
    xml, trace, corr = saml_response_xml(label, code, msg, kind="LogoutResponse")
    value = base64.b64encode(raw_deflate(xml.encode())).decode()
    query = form([("SAMLResponse", value), ("RelayState", "FAKE-relay"), ("SigAlg", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
                  ("Signature", "FAKEsignature" + label)])
    if where == "request":
        return Case(label, "GET", f"https://app.contoso-fake.example/saml/slo?{query}", 302,
                    resp_headers=[("Location", "/")], expect=[(f"AADSTS{code}", trace, corr)])
    return Case(label, "GET", f"https://{host}/{TENANT}/saml2?SAMLRequest=fZBfa8IwFMXfFfwOIe&RelayState=x", 302,
                resp_headers=[("Location", f"https://app.contoso-fake.example/saml/slo?{query}"), ("x-ms-request-id", trace)],
                expect=[(f"AADSTS{code}", trace, corr)])


def wsfed_fault(label, code, msg):
    trace, corr = guid(label + "t"), guid(label + "c")
    xml = ("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code>"
           f"<s:Reason><s:Text xml:lang=\"en-US\">AADSTS{code}: {html_escape(msg)}\nTrace ID: {trace}\nCorrelation ID: {corr}\n"
           f"Timestamp: {TS}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>")
    return xml, trace, corr


def wsfed_app_post_base64(label, code, msg):
    xml, trace, corr = wsfed_fault(label, code, msg)
    return Case(label, "POST", "https://app.contoso-fake.example/wsfed", 302,
                req_body=form([("wa", "wsignin1.0"), ("wresult", base64.b64encode(xml.encode()).decode()), ("wctx", "FAKE-wctx")]),
                req_mime="application/x-www-form-urlencoded", resp_headers=[("Location", "/")],
                expect=[(f"AADSTS{code}", trace, corr)])


def wsfed_post_page(label, host, code, msg):
    xml, trace, corr = wsfed_fault(label, code, msg)
    page = ("<html><body><form method=\"POST\" name=\"hiddenform\" action=\"https://app.contoso-fake.example/wsfed\">"
            "<input type=\"hidden\" name=\"wa\" value=\"wsignin1.0\" />"
            f"<input type=\"hidden\" name=\"wresult\" value=\"{html_escape(xml)}\" />"
            "<input type=\"hidden\" name=\"wctx\" value=\"FAKE-wctx\" /></form></body></html>")
    return Case(label, "POST", f"https://{host}/{TENANT}/wsfed", 200, resp_headers=[("x-ms-request-id", trace)],
                body=page, expect=[(f"AADSTS{code}", trace, corr)])


def b2c_page(label, tenant, code, msg):
    """The default B2C error page: Correlation ID and Timestamp come before the message."""
    corr = guid(label + "c")
    page = ("<!DOCTYPE html><html><head><title>Error</title></head><body><div id=\"api\">"
            "<div class=\"error-page\"><h2>Sorry, but we're having trouble signing you in.</h2>"
            "<p>We track these errors automatically, but if the problem persists feel free to contact us. "
            "In the meantime, please try again.</p>"
            f"<div><p>Correlation ID: {corr}</p><p>Timestamp: 2026-11-30 10:15:04Z</p>"
            f"<p>AADB2C{code}: {html_escape(msg)}</p></div></div></div></body></html>")
    return Case(label, "GET", f"https://{tenant}.b2clogin.com/{tenant}.onmicrosoft.com/B2C_1_signin/api/CombinedSigninAndSignup/unified", 200,
                body=page, expect=[(f"AADB2C{code}", "", corr)])


def error_page_footer(label, host, code, msg, labels=("Request Id", "Correlation Id"), markup=True):
    """The ConvergedError troubleshooting footer: ids before the message, after markup, maybe localized."""
    trace, corr = guid(label + "t"), guid(label + "c")
    if markup:
        rows = (f"<table><tr><td><b>{labels[0]}:</b></td><td>{trace}</td></tr>"
                f"<tr><td><b>{labels[1]}:</b></td><td>{corr}</td></tr>"
                "<tr><td><b>Timestamp:</b></td><td>2026-11-30T10:15:04.000Z</td></tr>"
                f"<tr><td><b>Message:</b></td><td>AADSTS{code}: {html_escape(msg)}</td></tr></table>")
    else:
        rows = f"<pre>{labels[0]}: {trace}\n{labels[1]}: {corr}\nTimestamp: 2026-11-30T10:15:04.000Z\nAADSTS{code}: {html_escape(msg)}</pre>"
    page = f"<html><body><div id=\"debugDetails\">{rows}</div></body></html>"
    return Case(label, "GET", f"https://{host}/{TENANT}/oauth2/authorize?client_id={CLIENT}&response_type=id_token", 200,
                body=page, expect=[(f"AADSTS{code}", trace, corr)])


def text_fault(label, host, code, msg):
    """WS-Trust SOAP fault as text/xml from the Seamless SSO host."""
    xml, trace, corr = wsfed_fault(label, code, msg)
    return Case(label, "POST", f"https://{host}/{TENANT}/winauth/trust/2005/usernamemixed?client-request-id={corr}", 400,
                req_body="<s:Envelope>FAKE request</s:Envelope>", req_mime="application/soap+xml",
                body=xml, mime="application/soap+xml; charset=utf-8", expect=[(f"AADSTS{code}", trace, corr)])


def api_relay(label, code, msg):
    """An API relaying Entra's error inside its own JSON error, with \\u0027 quotes."""
    trace, corr = guid(label + "t"), guid(label + "c")
    body = ("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Token acquisition failed: \\u0027AADSTS"
            f"{code}: {msg} Trace ID: {trace} Correlation ID: {corr} Timestamp: {TS}\\u0027\"}}}}")
    return Case(label, "GET", "https://graph.contoso-fake.example/v1.0/me", 401, body=body,
                mime="application/json", expect=[(f"AADSTS{code}", trace, corr)])


def escaped_text(label, host, code, msg):
    """A code right after a \\u0027 escape in a raw (non-JSON) body."""
    trace, corr = guid(label + "t"), guid(label + "c")
    body = (f"<html><body><script>var serverError = \"error_description: \\u0027AADSTS{code}: {msg}\\r\\nTrace ID: {trace}"
            f"\\r\\nCorrelation ID: {corr}\\r\\nTimestamp: {TS}\\u0027\";</script></body></html>")
    return Case(label, "GET", f"https://{host}/common/reprocess?ctx=FAKEctx{label}", 200, body=body,
                expect=[(f"AADSTS{code}", trace, corr)])


# --- traps: must not be reported ----------------------------------------------------------------

def traps():
    t = []
    docs = json.dumps({"count": 2, "results": [
        {"title": "AADSTS50125 - PasswordResetRegistrationRequiredInterrupt",
         "description": "AADSTS50125: Sign-in was interrupted due to a password reset or password registration entry.",
         "url": "https://learn.contoso-fake.example/entra/error-codes#aadsts50125"},
        {"title": "AADSTS50126", "description": "AADSTS50126: Error validating credentials due to invalid username or password."}]})
    t.append(Case("trap-docs-search", "GET", "https://learn.contoso-fake.example/api/search?search=AADSTS50125", 200,
                  body=docs, mime="application/json"))
    catalog = json.dumps({"codes": [{"code": "AADSTS50076", "description": "AADSTS50076: MFA is required. Ask the user to enroll."},
                                    {"code": "AADSTS53003", "message": "AADSTS53003: Blocked by Conditional Access.",
                                     "detail": "AADSTS53003: see the CA policy"}]})
    t.append(Case("trap-helpdesk-catalog", "GET", "https://helpdesk.contoso-fake.example/api/catalog", 200, body=catalog,
                  mime="application/json"))
    t.append(Case("trap-404-path", "GET", "https://app.contoso-fake.example/help/AADSTS50105", 404,
                  body="<html><body><h1>Not Found</h1><p>The requested URL /help/AADSTS50105 was not found on this server.</p></body></html>"))
    t.append(Case("trap-404-path-text", "GET", "https://docs.contoso-fake.example/errors/AADSTS700016.md", 404,
                  body="404: path errors/AADSTS700016.md does not exist", mime="text/plain"))
    t.append(Case("trap-redirect-no-error", "GET", "https://app.contoso-fake.example/login", 302,
                  resp_headers=[("Location", "https://app.contoso-fake.example/help?error_description=" +
                                 urllib.parse.quote_plus("AADSTS50058: explained on our help page"))]))
    t.append(Case("trap-search-box", "GET", "https://app.contoso-fake.example/search?q=AADSTS50126&error_description=AADSTS50126", 200,
                  body="<html><body>Results for AADSTS50126</body></html>"))
    t.append(Case("trap-search-form", "POST", "https://helpdesk.contoso-fake.example/search", 200,
                  req_body=form([("q", "AADSTS50076"), ("error_description", "AADSTS50076: user pasted this")]),
                  req_mime="application/x-www-form-urlencoded", body="<html><body>No results</body></html>"))
    t.append(Case("trap-ticket-form", "GET", "https://helpdesk.contoso-fake.example/new-ticket", 200,
                  body="<html><body><form><input type=\"hidden\" name=\"error_description\" value=\"AADSTS50125: example\" />"
                       "</form></body></html>"))
    t.append(Case("trap-lookalike-text", "GET", "https://login.microsoftonline.com.contoso-fake.example/common/login", 200,
                  body="<html><body><p>AADSTS50126: Error validating credentials.</p></body></html>"))
    t.append(Case("trap-lookalike-dash", "GET", "https://login-microsoftonline.contoso-fake.example/common/oauth2/token", 200,
                  body="{\"status\":\"AADSTS70008 is described here\"}", mime="application/json"))
    t.append(Case("trap-lookalike-codes", "POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 400,
                  body="{\"error\":\"invalid_request\",\"error_description\":\"Ref XAADSTS50125 and AADSTS50125x and AADSTS123456789.\"}",
                  mime="application/json"))
    t.append(Case("trap-login-js", "GET", "https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore_FAKE.js", 200,
                  body="var e={AADSTS50058:\"UserInformationNotProvided\",AADSTS50126:\"InvalidUserNameOrPassword\"};",
                  mime="application/javascript"))
    t.append(Case("trap-css", "GET", "https://login.microsoftonline.com/shared/FAKE.css", 200,
                  body=".AADSTS50125{color:red}", mime="text/css"))
    t.append(Case("trap-config-no-error", "GET", f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/authorize?client_id={CLIENT}", 200,
                  body="<html><script>//<![CDATA[\n$Config={\"pgid\":\"ConvergedSignIn\",\"iErrorCode\":0,\"sErrorCode\":\"0\",\"arrValErrs\":[]};\n//]]></script></html>"))
    t.append(Case("trap-clitelem-success", "POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 200,
                  resp_headers=[("x-ms-clitelem", "1,0,0,112993681.7929,")], body="{\"token_type\":\"Bearer\"}",
                  mime="application/json"))
    t.append(Case("trap-device-polling", "POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 400,
                  body=json.dumps({"error": "authorization_pending",
                                   "error_description": "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.",
                                   "error_codes": [70016]}), mime="application/json"))
    t.append(Case("trap-telemetry-post", "POST", "https://login.microsoftonline.com/common/instrumentation/reportpageload", 200,
                  req_body="{\"errors\":[\"AADSTS50126\"],\"error_description\":\"AADSTS50126\"}", req_mime="application/json",
                  req_headers=[("x-client-last-telemetry", "4|0|50126,AADSTS50126|")], body=""))
    t.append(Case("trap-referer", "GET", "https://app.contoso-fake.example/favicon.ico", 200,
                  req_headers=[("Referer", "https://app.contoso-fake.example/cb?error=access_denied&error_description=AADSTS50105%3a+not+assigned")],
                  body=b"\x00\x00\x01\x00", mime="image/x-icon"))
    ok_xml, _, _ = saml_response_xml("trap-saml-success", 0, "", success=True)
    t.append(Case("trap-saml-success", "POST", "https://app.contoso-fake.example/saml/acs", 302,
                  req_body=form([("SAMLResponse", base64.b64encode(ok_xml.encode()).decode())]),
                  req_mime="application/x-www-form-urlencoded", resp_headers=[("Location", "/")]))
    t.append(Case("trap-forum-page", "GET", "https://forum.contoso-fake.example/t/aadsts50125-after-password-reset", 200,
                  body="<html><body><h1>Getting AADSTS50125 after password reset</h1><p>I keep seeing AADSTS50125: Sign-in was "
                       "interrupted. Any idea? Trace ID: 11111111-2222-3333-4444-555555550000</p></body></html>"))
    t.append(Case("trap-lookalike-config", "GET", "https://login.microsoftonline.com.contoso-fake.example/common/reprocess", 200,
                  body="<html><p>see AADSTS50125 in the docs</p></html>"))
    t.append(Case("trap-api-200-description", "GET", "https://app.contoso-fake.example/api/status", 200,
                  body=json.dumps({"status": "ok", "lastIncident": {"description": "AADSTS50126 spike fixed"}}),
                  mime="application/json"))
    t.append(Case("trap-entra-404-path", "GET", "https://login.microsoftonline.com/common/AADSTS50125", 404,
                  body="<html><body>The page /common/AADSTS50125 cannot be found.</body></html>"))
    return t


MSG = {
    "50125": "Sign-in was interrupted due to a password reset or password registration entry.",
    "50126": "Error validating credentials due to invalid username or password.",
    "50105": "Your administrator has configured the application to block users unless they are specifically granted ('assigned') access.",
    "50076": "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.",
    "50058": "A silent sign-in request was sent but no user is signed in.",
    "65001": "The user or administrator has not consented to use the application.",
    "70008": "The provided authorization code or refresh token has expired due to inactivity.",
    "700016": "Application with identifier 'FAKE-app' was not found in the directory 'Contoso'.",
    "7000215": "Invalid client secret provided.",
    "50011": "The redirect URI specified in the request does not match the redirect URIs configured for the application.",
    "75011": "Authentication method by which the user authenticated with the service doesn't match requested authentication method.",
    "53003": "Access has been blocked by Conditional Access policies.",
    "50020": "User account from identity provider does not exist in tenant and cannot access the application.",
    "50034": "The user account does not exist in the directory.",
    "500011": "The resource principal named https://api.contoso-fake.example was not found in the tenant.",
    "90072": "User account from identity provider does not exist in tenant.",
    "16000": "Either multiple user identities are available for the current request or selected account is not supported.",
    "50079": "Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.",
    "90094": "The grant requires admin permission.",
    "75005": "Saml2 message is invalid.",
    "50173": "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
    "50074": "Strong Authentication is required.",
}

CLOUD_HOSTS = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net",
               "login.microsoftonline.us", "login.usgovcloudapi.net", "login-us.microsoftonline.com",
               "login.partner.microsoftonline.cn", "login.chinacloudapi.cn", "login.microsoftonline.de",
               "device.login.microsoftonline.com", "enterpriseregistration.windows.net", "ccs.login.microsoftonline.com",
               "contosofake.b2clogin.com", "contosofake.ciamlogin.com"]


def traces():
    """File name -> list of cases."""
    out = {}
    codes = list(MSG)
    # Token endpoint JSON on every cloud's hosts.
    clouds = []
    for i, host in enumerate(CLOUD_HOSTS):
        code = codes[i % len(codes)]
        clouds.append(token_json(f"cloud-{host}", host, code, MSG[code]))
    clouds.append(token_json("ciam-901011", "contosofake.ciamlogin.com", "50034", MSG["50034"],
                             path=f"/{TENANT}/oauth2/v2.0/token"))
    clouds.append(token_json("b2c-token", "contosofake.b2clogin.com", "90118", "The user has forgotten their password.",
                             path="/contosofake.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token", error="access_denied",
                             family="AADB2C"))
    out["clouds"] = clouds

    out["config"] = [
        config_page("cfg-50125", "login.microsoftonline.com", "50125", MSG["50125"]),
        config_page("cfg-50126-no-s", "login.microsoftonline.us", "50126", MSG["50126"], with_s=False),
        config_page("cfg-arrvalerrs", "login.microsoftonline.com", "50126", MSG["50126"], arr_val_errs=True),
        config_page("cfg-arrvalerrs-cn", "login.partner.microsoftonline.cn", "50034", MSG["50034"], arr_val_errs=True),
        config_page("cfg-53003", "login.windows.net", "53003", MSG["53003"]),
        config_page("cfg-ciam", "contosofake.ciamlogin.com", "50076", MSG["50076"]),
        config_page("cfg-lookalike", "login.microsoftonline.com.contoso-fake.example", "50126", MSG["50126"]),
        error_page_footer("footer-markup", "login.microsoftonline.com", "50011", MSG["50011"]),
        error_page_footer("footer-localized", "login.microsoftonline.com", "50020", MSG["50020"],
                          labels=("ID de la demande", "ID de corrélation")),
        error_page_footer("footer-plain-de", "login.microsoftonline.de", "90094", MSG["90094"],
                          labels=("Anforderungs-ID", "Korrelations-ID"), markup=False),
        escaped_text("escaped-u0027", "login.microsoftonline.com", "50173", MSG["50173"]),
    ]
    out["redirects"] = [
        redirect_query("query-50105", "login.microsoftonline.com", "50105", MSG["50105"]),
        redirect_query("query-usgov", "login.microsoftonline.us", "50076", MSG["50076"]),
        redirect_query("fragment-50058", "login.microsoftonline.com", "50058", MSG["50058"], fragment=True),
        redirect_query("query-ciam", "contosofake.ciamlogin.com", "65001", MSG["65001"]),
        location_header("location-65001", "login.microsoftonline.com", "65001", MSG["65001"]),
        location_header("location-frag-50076", "login.microsoft.com", "50076", MSG["50076"], fragment=True),
        location_header("location-cn", "login.chinacloudapi.cn", "16000", MSG["16000"]),
        location_header("location-b2c-50079", "contosofake.b2clogin.com", "50079", MSG["50079"]),
        form_post_page("formpost-65001", "login.microsoftonline.com", "65001", MSG["65001"]),
        form_post_page("formpost-gov", "login.usgovcloudapi.net", "90094", MSG["90094"]),
        app_post("apppost-50105", "50105", MSG["50105"]),
        app_post("apppost-echo", "50125", MSG["50125"], echo="aspnet"),
        www_authenticate("wwwauth-700016", "700016", MSG["700016"]),
        clitelem_only("clitelem-50058", "login.microsoftonline.com", "50058"),
        api_relay("api-relay-u0027", "500011", MSG["500011"]),
    ]
    out["echo"] = [
        app_echo_page("echo-html-50105", "50105", MSG["50105"]),
        app_echo_page("echo-html-500", "53003", MSG["53003"], status=500),
        app_echo_page("echo-json-u0027", "7000215", MSG["7000215"], escape="json"),
        app_echo_page("echo-json-500", "50011", MSG["50011"], status=500, escape="json"),
    ]
    out["saml"] = [
        saml_post_page("saml-post-75011", "login.microsoftonline.com", "75011", MSG["75011"]),
        saml_post_page("saml-post-gov", "login.microsoftonline.us", "50105", MSG["50105"]),
        saml_app_post("saml-app-50105", "50105", MSG["50105"]),
        saml_logout_redirect("saml-slo-request", "login.microsoftonline.com", "75005", MSG["75005"]),
        saml_logout_redirect("saml-slo-location", "login.microsoftonline.com", "50074", MSG["50074"], where="location"),
        wsfed_app_post_base64("wsfed-b64-50105", "50105", MSG["50105"]),
        wsfed_post_page("wsfed-page-50020", "login.microsoftonline.com", "50020", MSG["50020"]),
        text_fault("wstrust-fault", "autologon.microsoftazuread-sso.com", "90072", MSG["90072"]),
    ]
    out["b2c"] = [
        b2c_page("b2c-90118", "contosofake", "90118", "The user has forgotten their password."),
        b2c_page("b2c-90091", "fabrikamfake", "90091", "The user has cancelled entering self-asserted information."),
        token_json("b2c-json-90080", "contosofake.b2clogin.com", "90080", "The provided grant has expired.",
                   path="/contosofake.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token", family="AADB2C"),
    ]
    # The same errors with the response stored in the HAR as base64 of its gzip bytes.
    out["compressed"] = [
        token_json("gz-token-70008", "login.microsoftonline.com", "70008", MSG["70008"]),
        config_page("gz-config-50076", "login.microsoftonline.com", "50076", MSG["50076"]),
        b2c_page("gz-b2c-90118", "contosofake", "90118", "The user has forgotten their password."),
    ]
    for c in out["compressed"]:
        c.har_gzip_base64 = True
    out["traps"] = traps()
    return out


# --- writers -----------------------------------------------------------------------------------

def har_entry(c, index):
    started = f"2026-11-30T10:{15 + index // 60:02d}:{index % 60:02d}.000Z"
    parsed = urllib.parse.urlsplit(c.url)
    query = [{"name": k, "value": v} for k, v in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)]
    req_headers = [{"name": "Host", "value": parsed.netloc}] + [{"name": n, "value": v} for n, v in c.req_headers]
    request = {"method": c.method, "url": c.url, "httpVersion": "HTTP/1.1", "cookies": [], "headers": req_headers,
               "queryString": query, "headersSize": -1, "bodySize": len(c.req_body or "")}
    if c.req_body is not None:
        request["headers"].append({"name": "Content-Type", "value": c.req_mime})
        request["postData"] = {"mimeType": c.req_mime, "text": c.req_body}
    resp_headers = [{"name": n, "value": v} for n, v in c.resp_headers]
    content = {"size": len(c.body), "mimeType": c.mime}
    if c.har_gzip_base64:
        resp_headers.append({"name": "Content-Encoding", "value": "gzip"})
        content["text"] = base64.b64encode(gz(c.body)).decode()
        content["encoding"] = "base64"
    elif c.body:
        try:
            content["text"] = c.body.decode()
        except UnicodeDecodeError:
            content["text"] = base64.b64encode(c.body).decode()
            content["encoding"] = "base64"
    if c.mime:
        resp_headers.append({"name": "Content-Type", "value": c.mime})
    location = next((v for n, v in c.resp_headers if n.lower() == "location"), "")
    response = {"status": c.status, "statusText": REASONS.get(c.status, ""), "httpVersion": "HTTP/1.1", "cookies": [],
                "headers": resp_headers, "content": content, "redirectURL": location, "headersSize": -1,
                "bodySize": len(c.body)}
    return {"startedDateTime": started, "time": 12.5, "request": request, "response": response, "cache": {},
            "timings": {"send": 0.5, "wait": 10.0, "receive": 2.0}, "comment": c.label}


def write_har(path, cases):
    doc = {"log": {"version": "1.2", "creator": {"name": "tracesan finder corpus", "version": "1"},
                   "entries": [har_entry(c, i) for i, c in enumerate(cases)]}}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def saz_members(cases):
    members = []
    for n, c in enumerate(cases, 1):
        parsed = urllib.parse.urlsplit(c.url)
        head = [f"{c.method} {c.url} HTTP/1.1", f"Host: {parsed.netloc}"] + [f"{k}: {v}" for k, v in c.req_headers]
        body = (c.req_body or "").encode()
        if c.req_body is not None:
            head += [f"Content-Type: {c.req_mime}", f"Content-Length: {len(body)}"]
        members.append((f"raw/{n:02d}_c.txt", ("\r\n".join(head) + "\r\n\r\n").encode() + body))
        resp_body = gz(c.body) if c.har_gzip_base64 else c.body
        rh = [f"HTTP/1.1 {c.status} {REASONS.get(c.status, '')}"] + [f"{k}: {v}" for k, v in c.resp_headers]
        if c.har_gzip_base64:
            rh.append("Content-Encoding: gzip")
        if c.mime:
            rh.append(f"Content-Type: {c.mime}")
        rh.append(f"Content-Length: {len(resp_body)}")
        members.append((f"raw/{n:02d}_s.txt", ("\r\n".join(rh) + "\r\n\r\n").encode() + resp_body))
        meta = ('\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n'
                f'<Session SID="{n}" BitFlags="1">\r\n  <SessionTimers ClientConnected="2026-11-30T10:15:04.0000000+00:00" />\r\n'
                '  <SessionFlags>\r\n    <SessionFlag N="x-clientip" V="127.0.0.1" />\r\n  </SessionFlags>\r\n</Session>\r\n')
        members.append((f"raw/{n:02d}_m.xml", meta.encode()))
    return members


def write_saz(path, cases):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.comment = b"FiddlerCore SAZ (tracesan finder corpus)"
        for name, data in saz_members(cases):
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 30, 10, 15, 4))
            info.create_system = 0
            z.writestr(info, data)


def saz_cases(cases):
    return [c for c in cases if not c.har_only]


def expected_rows():
    rows = []
    for name, cases in traces().items():
        for fmt, selected in (("har", cases), ("saz", saz_cases(cases))):
            for n, c in enumerate(selected, 1):
                for code, trace, corr in c.expect:
                    rows.append(f"{name}.{fmt}\t{n}\t{code}\t{trace}\t{corr}")
    return rows


def expected_text():
    header = "# file\tentry\tcode\ttrace_id\tcorrelation_id  (written by make_corpus.py --expected)\n"
    return header + "\n".join(expected_rows()) + "\n"


def main(argv):
    if argv[1:] == ["--expected"]:
        sys.stdout.write(expected_text())
        return 0
    if argv[1:] == ["--check"]:
        with open(os.path.join(HERE, "expected.tsv"), encoding="utf-8") as f:
            if f.read() != expected_text():
                print("expected.tsv differs from make_corpus.py --expected", file=sys.stderr)
                return 1
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name, cases in traces().items():
        write_har(os.path.join(out, name + ".har"), cases)
        write_saz(os.path.join(out, name + ".saz"), saz_cases(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
