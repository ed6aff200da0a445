// The per-entry AADSTS / AADB2C finder: looks at every wire form an Entra error takes (token JSON,
// login page $Config, redirects, form_post pages and posts, WWW-Authenticate, x-ms-clitelem, SAML,
// WS-Fed wresult faults, plain text) and merges what one entry says about one code into one finding.
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "detect/Saml.h"
#include "detect/Scanners.h"
#include "detect/aad/EntraHosts.h"
#include "detect/aad/EntryText.h"
#include "detect/aad/MessageParse.h"
#include "detect/aad/RequestContext.h"
#include "detect/aad/SafeText.h"
#include "http/MediaType.h"
#include "text/TextCodec.h"
#include "tracesan/AadErrors.h"

namespace tracesan {
namespace {

using detect::NamedValue;
using aad::headerValue;
using text::equalsIgnoreCase;

// What one source says about one code.
struct Details {
  std::string message, traceId, correlationId, timestamp, error, suberror;
};

// `base` completed with what a message says; values already known are kept.
Details completed(Details base, const aad::MessageDetails& md) {
  base.message = md.message;
  if (base.traceId.empty()) base.traceId = md.traceId;
  if (base.correlationId.empty()) base.correlationId = md.correlationId;
  if (base.timestamp.empty()) base.timestamp = md.timestamp;
  return base;
}

bool isPlausibleCode(long code) { return code >= 10000 && code <= 9999999; }

// Distinct codes kept per entry: keeps merging linear on hostile input (a real entry has one to three).
constexpr std::size_t kMaxCodesPerEntry = 256;

bool parseLong(std::string_view s, long& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

const NamedValue* findNamed(const std::vector<NamedValue>& values, std::string_view name) {
  for (const NamedValue& v : values)
    if (equalsIgnoreCase(v.name, name)) return &v;
  return nullptr;
}

std::string namedValue(const std::vector<NamedValue>& values, std::string_view name) {
  const NamedValue* v = findNamed(values, name);
  return v ? v->value : std::string{};
}

bool containsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return text::findIgnoreCase(haystack, needle) != std::string_view::npos;
}

// The finder's policy over the body classifier's kinds: Entra writes its errors in text, never in
// pictures, fonts, binary documents, scripts or style sheets (a bundled MSAL library names every
// code). Packed messages (protobuf, gRPC) are read: their strings are plain.
bool mayHoldErrorText(http::MediaKind kind) {
  switch (kind) {
    case http::MediaKind::Media:
    case http::MediaKind::Binary:
    case http::MediaKind::Script:
    case http::MediaKind::Style: return false;
    default: return true;
  }
}

// The JSON object a leaf belongs to and the member it sits under: "json.$.a.error_codes[0]"
// -> ("json.$.a", "error_codes").
std::pair<std::string_view, std::string_view> memberOf(std::string_view path) {
  while (!path.empty() && path.back() == ']') {
    std::size_t open = path.rfind('[');
    if (open == std::string_view::npos) break;
    path = path.substr(0, open);
  }
  std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos) return {path, {}};
  return {path.substr(0, dot), path.substr(dot + 1)};
}

std::string displayPath(std::string_view path) {
  if (path.starts_with("json.")) path.remove_prefix(5);
  return std::string(path);
}

// The StatusMessage of a SAMLResponse (base64, possibly deflated, or plain XML), or the whole
// document when it mentions a code elsewhere; "" when the value is not SAML.
std::string samlStatusText(std::string_view value) {
  auto message = detect::decodeSamlMessage(value);
  if (!message) return {};
  std::string_view doc(message->xml);
  std::size_t open = doc.find("StatusMessage");
  if (open != std::string_view::npos) {
    std::size_t start = doc.find('>', open);
    std::size_t close = start == std::string_view::npos ? start : doc.find("StatusMessage", start);
    if (close != std::string_view::npos) {
      std::string_view inner = doc.substr(start + 1, close - start - 1);
      if (std::size_t lt = inner.rfind('<'); lt != std::string_view::npos) inner = inner.substr(0, lt);
      return text::htmlEntityDecode(inner);
    }
  }
  return aad::mentionsAadsts(doc) ? text::htmlEntityDecode(doc) : std::string{};
}

// An application's page repeating what Entra sent it, e.g. ASP.NET Core's
// "OpenIdConnectProtocolException: Message contains error: 'access_denied', error_description:
// 'AADSTS50105: …'": the OAuth error words stand just before the code. A help page or a ticket
// form that merely names a code (or has an error_description field) does not.
bool echoesEntraError(std::string_view text, std::size_t codeAt) {
  constexpr std::size_t kBefore = 400;
  std::size_t from = codeAt > kBefore ? codeAt - kBefore : 0;
  std::string_view before = text.substr(from, codeAt - from);
  if (containsIgnoreCase(before, "message contains error")) return true;
  return containsIgnoreCase(before, "error_description") &&
         (containsIgnoreCase(before, "error=") || containsIgnoreCase(before, "error: ") ||
          containsIgnoreCase(before, "\"error\""));
}

// A code that is part of the request's own path ("GET /help/AADSTS50105" answered by a 404 page
// repeating the path) is the page echoing the request, not an error.
bool isPathEcho(std::string_view url, std::string_view family, long code) {
  std::size_t end = url.find_first_of("?#");
  std::string path = text::percentDecode(url.substr(0, end), false);
  std::string token = std::string(family) + std::to_string(code);
  std::size_t at = text::findIgnoreCase(path, token);
  return at != std::string::npos;
}

// Every login page has a $Config blob, most with "iErrorCode":0; only read the blob (tens of
// kilobytes) when a non-zero error code or an AADSTS text is in the page.
bool configMayHoldError(std::string_view html) {
  if (aad::mentionsAadsts(html)) return true;
  for (std::string_view member : {std::string_view("ErrorCode\""), std::string_view("arrValErrs\"")}) {
    for (std::size_t at = html.find(member); at != std::string_view::npos; at = html.find(member, at + 1)) {
      std::size_t p = at + member.size();
      while (p < html.size() && (html[p] == ' ' || html[p] == ':' || html[p] == '"' || html[p] == '[')) ++p;
      if (p < html.size() && html[p] >= '1' && html[p] <= '9') return true;
    }
  }
  return false;
}

// An HTTP Date header ("Mon, 30 Nov 2026 10:15:04 GMT") written like Entra's timestamps
// ("2026-11-30 10:15:04Z"); "" when it is not in that form.
std::string timestampFromDateHeader(std::string_view date) {
  static const RE2 kDate(R"(^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$)");
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string day, month, year, time;
  if (!RE2::FullMatch(date, kDate, &day, &month, &year, &time)) return {};
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] != month) continue;
    char mm[3] = {static_cast<char>('0' + (i + 1) / 10), static_cast<char>('0' + (i + 1) % 10), 0};
    return year + "-" + mm + "-" + day + " " + time + "Z";
  }
  return {};
}

// Every source read here must leave a trace that aad::mayHoldAadError (AadPrefilter.cpp) sees in
// the entry's raw bytes; a new kind of source needs its word added there.
class EntryScan {
public:
  EntryScan(const Entry& entry, const FindOptions& options) : entry_(entry), options_(options) {}

  std::vector<Finding> run() {
    host_ = aad::hostOfUrl(entry_.request.url.value);
    entraHost_ = aad::lookupEntraHost(host_);
    status_ = entry_.response.present ? static_cast<int>(entry_.response.status.value) : 0;
    requestParams_ = detect::scanUrl(entry_.request.url.value);
    scanRequestBodyParams();

    if (entry_.response.present) {
      scanResponseBody();
      scanLocationHeader();
      scanWwwAuthenticate();
      scanClientTelemetry();
    }
    scanRequestUrl();
    scanRequestBody();
    return finish();
  }

private:
  // --- collecting -----------------------------------------------------------------------------
  void add(long code, std::string kind, std::string location, const Details& d) {
    add(aad::kAadsts, code, std::move(kind), std::move(location), d);
  }

  void add(std::string_view family, long code, std::string kind, std::string location, const Details& d) {
    if (!isPlausibleCode(code)) return;
    auto it = std::find_if(findings_.begin(), findings_.end(),
                           [&](const Finding& f) { return f.code == code && f.family == family; });
    if (it == findings_.end()) {
      if (findings_.size() >= kMaxCodesPerEntry) return;
      findings_.emplace_back();
      it = std::prev(findings_.end());
      it->code = code;
      it->family = std::string(family);
    }
    Finding& f = *it;
    bool known = std::any_of(f.sources.begin(), f.sources.end(),
                             [&](const ErrorSource& s) { return s.kind == kind && s.location == location; });
    if (!known) f.sources.push_back({std::move(kind), std::move(location)});
    auto fill = [](std::string& field, const std::string& value) {
      if (field.empty() && !value.empty()) field = value;
    };
    fill(f.message, d.message);
    fill(f.traceId, d.traceId);
    fill(f.correlationId, d.correlationId);
    fill(f.timestamp, d.timestamp);
    fill(f.error, d.error);
    fill(f.suberror, d.suberror);
  }

  bool hasCode(std::string_view family, long code) const {
    return std::any_of(findings_.begin(), findings_.end(),
                       [&](const Finding& f) { return f.code == code && f.family == family; });
  }

  // Adds every code mentioned in `text`, with the message parsed after each mention.
  void addMentions(std::string_view text, const std::string& kind, const std::string& location, Details base,
                   bool rawBody = false) {
    for (const aad::CodeMention& m : aad::findCodeMentions(text)) {
      if (rawBody && hasCode(m.family, m.code)) continue;  // already read from the body's structure
      add(m.family, m.code, kind, location, completed(base, aad::parseMessage(text, m, rawBody)));
    }
  }

  // error / error_description / suberror parameters, as in redirects, form posts and headers.
  // Off Entra's hosts an `error` must stand beside the description (`requireError`): a help link
  // or a ticket form with an error_description field is not an OAuth error response.
  void addOAuthParams(const std::vector<NamedValue>& params, std::string_view pathPrefix, const std::string& kind,
                      const std::string& location, bool requireError = false) {
    std::vector<NamedValue> scoped;
    for (const NamedValue& v : params)
      if (pathPrefix.empty() || v.path.starts_with(pathPrefix)) scoped.push_back(v);
    const NamedValue* description = findNamed(scoped, "error_description");
    if (!description || !aad::mentionsAadsts(description->value)) return;
    Details d;
    d.error = namedValue(scoped, "error");
    if (requireError && d.error.empty()) return;
    d.suberror = namedValue(scoped, "suberror");
    addMentions(description->value, kind, location, d);
  }

  // --- response ---------------------------------------------------------------------------------
  void scanResponseBody() {
    const http::MediaKind kind = http::mediaKind(http::declaredMediaType(entry_.response.body, entry_.response.headers));
    if (!mayHoldErrorText(kind)) return;  // before decoding: images are most of a trace's base64
    std::string storage;
    auto body = aad::bodyText(entry_.response.body, entry_.response.headers, storage);
    if (!body || body->empty()) return;

    const bool json = kind == http::MediaKind::Json || http::looksLikeJson(*body);
    if (json && scanJsonBody(*body)) return;
    if (body->find('<') != std::string_view::npos) scanHtmlBody(*body);
    // Any other text: plain-text errors, SOAP faults, the ConvergedError page footer. On other
    // hosts only failing responses and an app's echo of Entra's error count, so a documentation
    // page about a code is not a finding.
    for (const aad::CodeMention& m : aad::findCodeMentions(*body)) {
      if (hasCode(m.family, m.code)) continue;  // already read from the body's structure
      const char* kind = bodyMentionKind(*body, m, status_ >= 400);
      if (kind) add(m.family, m.code, kind, "response body", completed({}, aad::parseMessage(*body, m, /*markup=*/true)));
    }
  }

  // The source kind of a code seen in a response body outside any structure, or nullptr when it
  // is not reported: on Entra's hosts "text"; elsewhere "app-echo" for an app repeating Entra's
  // error, "text" in a failing response (`failing`), nothing on a page that echoes its own path.
  const char* bodyMentionKind(std::string_view text, const aad::CodeMention& m, bool failing) const {
    if (isPathEcho(entry_.request.url.value, m.family, m.code)) return nullptr;
    if (entraHost_) return "text";
    if (echoesEntraError(text, m.begin)) return "app-echo";
    return failing ? "text" : nullptr;
  }

  // Returns false when the body is not JSON after all.
  bool scanJsonBody(std::string_view body) {
    // JSON without any trace of an AADSTS code: nothing to find, and no need to scan it.
    if (!aad::mentionsAadsts(body) && body.find("error_codes") == std::string_view::npos) return true;
    bool ok = true;
    std::vector<NamedValue> leaves = detect::scanJson(body, &ok);
    if (!ok && leaves.empty()) return false;

    // Group the OAuth error members by the object that holds them.
    struct ErrorObject {
      std::string path;
      std::vector<long> codes;
      const NamedValue* description = nullptr;
      Details details;
    };
    std::vector<ErrorObject> objects;  // in document order
    std::unordered_map<std::string_view, std::size_t> objectIndex;  // keys view the leaves' paths
    auto objectAt = [&](std::string_view path) -> ErrorObject& {
      auto [it, inserted] = objectIndex.try_emplace(path, objects.size());
      if (inserted) objects.push_back({std::string(path), {}, nullptr, {}});
      return objects[it->second];
    };
    std::vector<const NamedValue*> mentionLeaves;
    for (const NamedValue& leaf : leaves) {
      auto [object, member] = memberOf(leaf.path);
      if (member == "error_codes") {
        long code = 0;
        if (parseLong(leaf.value, code)) objectAt(object).codes.push_back(code);
      } else if (member == "error_description") {
        objectAt(object).description = &leaf;
      } else if (member == "error") {
        objectAt(object).details.error = leaf.value;
      } else if (member == "suberror") {
        objectAt(object).details.suberror = leaf.value;
      } else if (member == "trace_id") {
        objectAt(object).details.traceId = leaf.value;
      } else if (member == "correlation_id") {
        objectAt(object).details.correlationId = leaf.value;
      } else if (member == "timestamp") {
        objectAt(object).details.timestamp = leaf.value;
      } else if (aad::mentionsAadsts(leaf.value)) {
        mentionLeaves.push_back(&leaf);
      }
    }

    for (const ErrorObject& o : objects) {
      std::string descriptionPath = o.description ? displayPath(o.description->path) : std::string{};
      std::string codesPath = displayPath(o.path) + ".error_codes";
      std::vector<aad::CodeMention> mentions;
      if (o.description) mentions = aad::findCodeMentions(o.description->value);
      for (long code : o.codes) {  // authoritative; the description gives the message
        auto m = std::find_if(mentions.begin(), mentions.end(), [&](const aad::CodeMention& c) { return c.code == code && c.family == aad::kAadsts; });
        Details d = m == mentions.end() ? o.details : completed(o.details, aad::parseMessage(o.description->value, *m));
        add(code, "json", "response body " + codesPath, d);
      }
      for (const aad::CodeMention& m : mentions) {  // codes only the description names
        if (m.family == aad::kAadsts && std::find(o.codes.begin(), o.codes.end(), m.code) != o.codes.end()) continue;
        add(m.family, m.code, "json", "response body " + descriptionPath, completed(o.details, aad::parseMessage(o.description->value, m)));
      }
    }

    // A code in any other string, e.g. {"error":{"message":"AADSTS700016: ..."}} from an API.
    // Elsewhere than on Entra only in failing responses, in an app's echo of Entra's error, or
    // under a member named like an error: a catalog's "description" or a search result's "title"
    // documents a code.
    for (const NamedValue* leaf : mentionLeaves) {
      bool errorMember = containsIgnoreCase(leaf->path, "error");
      std::string location = "response body " + displayPath(leaf->path);
      for (const aad::CodeMention& m : aad::findCodeMentions(leaf->value)) {
        const char* kind = bodyMentionKind(leaf->value, m, status_ >= 400 || errorMember);
        if (kind && std::string_view(kind) == "text") kind = "json";
        if (kind) add(m.family, m.code, kind, location, completed({}, aad::parseMessage(leaf->value, m)));
      }
    }
    return true;
  }

  void scanHtmlBody(std::string_view html) {
    if (html.find("$Config") != std::string_view::npos && configMayHoldError(html)) scanConfig(html);
    // Only pages that post an error or a SAML response back to an app need their inputs read.
    if (html.find("error_description") != std::string_view::npos || html.find("SAMLResponse") != std::string_view::npos ||
        html.find("wresult") != std::string_view::npos)
      scanHiddenInputs(html);
  }

  void scanConfig(std::string_view html) {
    std::vector<NamedValue> members = detect::scanConfigBlob(html);
    auto top = [&](std::string_view name) -> const NamedValue* {
      for (const NamedValue& v : members)
        if (v.path.size() == 7 + name.size() && v.path.starts_with("config.") && v.path.ends_with(name)) return &v;
      return nullptr;
    };
    auto member = [&](std::string_view path) -> const NamedValue* {
      for (const NamedValue& v : members)
        if (v.path == path) return &v;
      return nullptr;
    };
    // A lookalike host serving a copy of the sign-in page: reported, but not as Entra's word.
    const std::string kind = entraHost_ ? "config" : "untrusted-config";
    Details base;
    if (const NamedValue* v = top("correlationId")) base.correlationId = v->value;
    // The page's request id: strTraceId; sessionId (posted back as hpgrequestid) only as the last
    // fallback, after x-ms-request-id, because a sanitizer may treat it as a flow secret.
    if (const NamedValue* v = top("strTraceId")) base.traceId = v->value;
    if (const NamedValue* v = top("sessionId")) configSessionId_ = v->value;
    // The server's render time, the page's only timestamp when the message carries none.
    if (const NamedValue* v = member("config.serverDetails.rt")) base.timestamp = v->value;
    if (const NamedValue* v = top("sPOST_Username")) configUser_ = v->value;
    const NamedValue* exception = top("strServiceExceptionMessage");

    long code = 0;
    std::string codeField;
    for (std::string_view name : {"iErrorCode", "sErrorCode"}) {
      const NamedValue* v = top(name);
      if (v && parseLong(v->value, code) && isPlausibleCode(code)) {
        codeField = std::string(name);
        break;
      }
      code = 0;
    }
    // The sign-in page's own validation errors ("arrValErrs":["50126"]) come without sErrorCode.
    if (code == 0) {
      for (const NamedValue& v : members) {
        long listed = 0;
        if (v.path.starts_with("config.arrValErrs[") && parseLong(v.value, listed) && isPlausibleCode(listed)) {
          code = listed;
          codeField = "arrValErrs";
          break;
        }
      }
    }
    if (exception && aad::mentionsAadsts(exception->value)) {
      for (const aad::CodeMention& m : aad::findCodeMentions(exception->value)) {
        std::string location = m.code == code && m.family == aad::kAadsts ? "response body $Config." + codeField
                                              : std::string("response body $Config.strServiceExceptionMessage");
        add(m.family, m.code, kind, location, completed(base, aad::parseMessage(exception->value, m)));
      }
    }
    if (code != 0 && !hasCode(aad::kAadsts, code)) {
      Details d = base;
      if (const NamedValue* v = top("sErrTxt")) d.message = v->value;
      add(code, kind, "response body $Config." + codeField, d);
    }
  }

  void scanHiddenInputs(std::string_view html) {
    std::vector<NamedValue> inputs = detect::scanHtmlInputs(html);
    addOAuthParams(inputs, "html.input.", "form_post", "response body form input error_description", !entraHost_);
    if (const NamedValue* saml = findNamed(inputs, "SAMLResponse"); saml && saml->path.starts_with("html.input."))
      addMentions(samlStatusText(saml->value), "saml", "response body form input SAMLResponse", {});
    if (const NamedValue* wresult = findNamed(inputs, "wresult"); wresult && wresult->path.starts_with("html.input."))
      addWsFedFault(wresult->value, "response body form input wresult");
  }

  // A WS-Fed wresult (RSTR XML, or a SOAP fault in its place) naming a code, e.g.
  // <s:Fault><s:Reason><s:Text>AADSTS50105: ...</s:Text>: each message ends at its element.
  void addWsFedFault(std::string_view value, const std::string& location) {
    if (!aad::mentionsAadsts(value) && value.find('<') != std::string_view::npos) return;
    auto message = detect::decodeSamlMessage(value);
    if (!message || !aad::mentionsAadsts(message->xml)) return;
    const std::string& xml = message->xml;
    for (const aad::CodeMention& m : aad::findCodeMentions(xml))
      add(m.family, m.code, "wsfed", location, completed({}, aad::parseMessage(xml, m, /*markup=*/true)));
  }

  void scanLocationHeader() {
    std::string_view location = headerValue(entry_.response.headers, "location");
    if (location.empty()) location = entry_.response.redirectURL.value;
    if (location.empty()) return;
    bool oauth = containsIgnoreCase(location, "error_description");
    bool saml = containsIgnoreCase(location, "SAMLResponse");
    if (!oauth && !saml) return;
    std::vector<NamedValue> params = detect::scanUrl(location);
    if (oauth) {
      addOAuthParams(params, "query.", "location-header", "response header Location query", !entraHost_);
      addOAuthParams(params, "fragment.", "location-header", "response header Location fragment", !entraHost_);
    }
    // A SAML LogoutResponse / Response in the HTTP-Redirect binding (deflate + base64).
    if (const NamedValue* response = findNamed(params, "SAMLResponse"))
      addMentions(samlStatusText(response->value), "saml", "response header Location query SAMLResponse", {});
  }

  void scanWwwAuthenticate() {
    for (const Field& h : entry_.response.headers) {
      if (!equalsIgnoreCase(h.name.value, "www-authenticate") || !aad::mentionsAadsts(h.value.value)) continue;
      std::vector<NamedValue> params = detect::scanHeaderParams(h.value.value);
      Details d;
      d.error = namedValue(params, "error");
      bool found = false;
      for (const NamedValue& p : params) {
        if (!aad::mentionsAadsts(p.value)) continue;
        addMentions(p.value, "www-authenticate", "response header WWW-Authenticate " + p.name, d);
        found = true;
      }
      if (!found) addMentions(h.value.value, "www-authenticate", "response header WWW-Authenticate", d);
    }
  }

  // x-ms-clitelem: "<version>,<error code>,<sub error code>,<token age>,<spe info>".
  void scanClientTelemetry() {
    std::string_view value = headerValue(entry_.response.headers, "x-ms-clitelem");
    std::size_t first = value.find(',');
    if (first == std::string_view::npos) return;
    std::string_view rest = value.substr(first + 1);
    long code = 0;
    if (!parseLong(rest.substr(0, rest.find(',')), code) || code == 0) return;
    add(code, "x-ms-clitelem", "response header x-ms-clitelem", {});
  }

  // --- request: only what Entra sent back through the browser ----------------------------------
  void scanRequestUrl() {
    // The OAuth error redirect landing on the app: a code the user typed into a search box has no
    // error= beside its error_description.
    auto hasError = [&](std::string_view prefix) {
      for (const NamedValue& v : requestParams_)
        if (v.path.starts_with(prefix) && equalsIgnoreCase(v.name, "error") && !v.value.empty()) return true;
      return false;
    };
    if (hasError("query.")) addOAuthParams(requestParams_, "query.", "query", "request URL query");
    if (hasError("fragment.")) addOAuthParams(requestParams_, "fragment.", "fragment", "request URL fragment");
    // The HTTP-Redirect binding: a SAML LogoutResponse (or Response) deflated in the query.
    if (const NamedValue* saml = findNamed(requestParams_, "SAMLResponse"); saml && saml->path.starts_with("query."))
      addMentions(samlStatusText(saml->value), "saml", "request URL query SAMLResponse", {});
  }

  // Form parameters of the request: the body of an x-www-form-urlencoded POST, else HAR postData.params.
  void scanRequestBodyParams() {
    const Body& body = entry_.request.body;
    if (!body.present) return;
    if (http::mediaKind(http::declaredMediaType(body, entry_.request.headers)) == http::MediaKind::Form) {
      std::string storage;
      auto textBody = aad::bodyText(body, storage);
      if (textBody && !textBody->empty()) {
        formParams_ = detect::scanFormBody(*textBody);
        return;
      }
    }
    formParams_ = aad::formParamValues(body.params);
  }

  void scanRequestBody() {
    if (formParams_.empty()) return;
    if (!namedValue(formParams_, "error").empty())
      addOAuthParams(formParams_, "form.", "form_post", "request body error_description");
    if (const NamedValue* saml = findNamed(formParams_, "SAMLResponse"))
      addMentions(samlStatusText(saml->value), "saml", "request body SAMLResponse", {});
    if (const NamedValue* wresult = findNamed(formParams_, "wresult")) addWsFedFault(wresult->value, "request body wresult");
  }

  // --- context ------------------------------------------------------------------------------------
  std::vector<Finding> finish() {
    if (findings_.empty()) return {};
    aad::RequestContext context = aad::requestContextOf(entry_, options_.showUser);
    std::string user = context.user;
    if (options_.showUser && user.empty()) user = configUser_;
    std::string requestId(headerValue(entry_.response.headers, "x-ms-request-id"));
    std::string clientRequestId(headerValue(entry_.response.headers, "client-request-id"));
    if (clientRequestId.empty()) clientRequestId = headerValue(entry_.request.headers, "client-request-id");
    std::string url = aad::safeUrl(entry_.request.url.value);

    std::vector<Finding> out;
    for (Finding& f : findings_) {
      // Entra's own response comes first; the app's echo of it is the corroboration.
      std::stable_partition(f.sources.begin(), f.sources.end(), [](const ErrorSource& s) { return s.kind != "app-echo"; });
      const CodeInfo* info = f.family == aad::kAadsts ? lookupAadCode(f.code) : nullptr;
      if (info) {
        f.name = info->name;
        f.expected = info->expected;
      }
      bool listed = std::find(options_.codes.begin(), options_.codes.end(), f.code) != options_.codes.end();
      if (!options_.codes.empty() && !listed) continue;
      if (f.expected && !options_.includeExpected && !listed) continue;
      f.file = options_.file;
      f.entry = entry_.number;
      f.method = entry_.request.method.value;
      f.url = url;
      f.status = status_;
      f.host = host_;
      f.entraHost = entraHost_ != nullptr;
      if (entraHost_) f.cloud = entraHost_->cloud;
      f.tenant = context.tenant;
      f.clientId = context.clientId;
      f.user = user;
      if (f.traceId.empty()) f.traceId = requestId;
      if (f.traceId.empty()) f.traceId = configSessionId_;
      if (f.timestamp.empty()) f.timestamp = timestampFromDateHeader(headerValue(entry_.response.headers, "date"));
      if (f.correlationId.empty()) f.correlationId = clientRequestId;
      f.message = aad::safeText(f.message, options_.showUser);
      out.push_back(std::move(f));
    }
    return out;
  }

  const Entry& entry_;
  const FindOptions& options_;
  std::string host_;
  const aad::EntraHost* entraHost_ = nullptr;
  int status_ = 0;
  std::vector<NamedValue> requestParams_;
  std::vector<NamedValue> formParams_;
  std::string configUser_;       // $Config sPOST_Username
  std::string configSessionId_;  // $Config sessionId
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> findAadErrors(const Entry& entry, const FindOptions& options) {
  return EntryScan(entry, options).run();
}

}  // namespace tracesan
