#include "saz/SazBuild.h"

#include <algorithm>
#include <cmath>

#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "http/HttpMessage.h"
#include "saz/SazMetadata.h"
#include "saz/SazReader.h"
#include "saz/SazWebSocket.h"
#include "text/Edits.h"
#include "text/TextCodec.h"
#include "tracesan/Saz.h"

namespace tracesan::saz {
namespace {

// Replacements against one member's bytes. Overlaps resolve as "the outer edit wins" (a changed
// header value supersedes a changed cookie inside it) and, for identical spans, "the later wins".
class EditList {
public:
  Status add(const SourceSpan& span, std::string replacement, std::string_view what) {
    if (span.offset == kNoOffset)
      return Error(ErrorKind::Unsupported, std::string(what) + ": cannot patch a value split over folded header lines");
    edits_.push_back({span.offset, span.offset + span.length, std::move(replacement)});
    return Status::ok();
  }
  bool empty() const { return edits_.empty(); }

  Expected<std::string> apply(std::string_view bytes) {
    auto out = text::applyEdits(bytes, std::move(edits_), text::Overlap::OuterWins);
    edits_.clear();
    if (!out) return internalError(out.error().message() + " in one member");
    return out;
  }

private:
  std::vector<text::Edit> edits_;
};

// Header and start-line text must stay on its line.
std::string oneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  return out;
}

// A request-line token (method, version) must not contain spaces either.
std::string token(std::string_view s) {
  std::string out = oneLine(s);
  for (char& c : out)
    if (c == ' ' || c == '\t') c = '_';
  return out;
}

// A URL in the request line: no spaces or line breaks.
std::string urlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ') out += "%20";
    else if (c == '\r' || c == '\n' || c == '\t' || c == '\0') out += text::percentEncode(std::string_view(&c, 1), false);
    else out += c;
  }
  return out;
}

// The new request target in the original's form: origin-form keeps just the path and query.
std::string targetFor(std::string_view newUrl, const http::HttpMessage& msg) {
  http::RequestTarget original = http::splitTarget(msg.target);
  if (original.form != http::RequestTarget::Form::Origin) return urlText(newUrl);
  http::RequestTarget updated = http::splitTarget(newUrl);
  if (updated.form != http::RequestTarget::Form::Absolute) return urlText(newUrl);
  std::size_t scheme = newUrl.find("://");
  std::size_t pathStart = newUrl.find_first_of("/?#", scheme + 3);
  if (pathStart == std::string_view::npos) return "/";
  std::string rest = urlText(newUrl.substr(pathStart));
  if (rest[0] != '/') rest.insert(0, "/");
  return rest;
}

Status addFieldEdits(EditList& edits, const std::vector<Field>& fields, std::string_view what,
                     std::string (*encode)(std::string_view)) {
  for (const auto& f : fields) {
    if (f.name.changed)
      if (auto s = edits.add(f.name.raw, encode(f.name.value), what); !s) return s;
    if (f.value.changed)
      if (auto s = edits.add(f.value.raw, encode(f.value.value), what); !s) return s;
  }
  return Status::ok();
}

std::string encodeHeaderText(std::string_view s) { return oneLine(s); }
std::string encodeQueryText(std::string_view s) { return text::percentEncode(s, false); }
std::string encodeCookieText(std::string_view s) {
  std::string out = oneLine(s);
  std::replace(out.begin(), out.end(), ';', ',');
  return out;
}

// Re-encodes a changed body with its original codings and fixes Content-Length when present.
Status addBodyEdits(EditList& edits, const Body& body, const std::vector<Field>& headers, const http::HttpMessage& msg,
                    std::string_view what) {
  if (!body.text.changed) return Status::ok();
  std::string wire;
  if (!body.decodeError.empty() || body.codings.empty()) {
    wire = body.text.value;  // kept raw when it could not be decoded: write what the editor left
  } else {
    std::string trailers;
    if (std::find(body.codings.begin(), body.codings.end(), "chunked") != body.codings.end()) {
      codec::DecodedBody original = codec::decodeBody(msg.body, msg.headerValues("Transfer-Encoding"),
                                                      msg.headerValues("Content-Encoding"), SIZE_MAX);
      trailers = std::move(original.trailers);
    }
    auto encoded = codec::encodeBody(body.text.value, body.codings, trailers);
    if (!encoded) return encoded.error().withContext(std::string(what) + " body");
    wire = std::move(encoded.value());
  }
  std::size_t wireSize = wire.size();
  if (auto s = edits.add({msg.headEnd, msg.body.size()}, std::move(wire), what); !s) return s;
  bool chunked = std::find(body.codings.begin(), body.codings.end(), "chunked") != body.codings.end();
  if (const auto* cl = msg.header("Content-Length"); cl && !chunked && !cl->folded) {
    const Field* field = findField(headers, "Content-Length");
    if (!field || !field->value.changed)
      if (auto s = edits.add({cl->valueBegin, cl->valueEnd - cl->valueBegin}, std::to_string(wireSize), what); !s)
        return s;
  }
  return Status::ok();
}

Expected<std::optional<std::string>> finish(EditList& edits, std::string_view bytes) {
  if (edits.empty()) return std::optional<std::string>();
  auto out = edits.apply(bytes);
  if (!out) return out.error();
  return std::optional<std::string>(std::move(out.value()));
}

std::string httpVersionText(const Text& version) {
  if (!version.present || version.value.empty()) return "HTTP/1.1";
  return token(version.value);
}

bool droppedOnConvert(std::string_view name) {
  return name.empty() || name[0] == ':' || text::equalsIgnoreCase(name, "Content-Encoding") ||
         text::equalsIgnoreCase(name, "Transfer-Encoding") || text::equalsIgnoreCase(name, "Content-Length");
}

Expected<std::string> bodyBytes(const Body& body) {
  if (body.encoding.present && text::equalsIgnoreCase(body.encoding.value, "base64")) {
    auto decoded = codec::base64Decode(body.text.value);
    if (!decoded) return invalidInput("body: invalid base64");
    return std::move(*decoded);
  }
  return body.text.value;
}

void appendHeaders(std::string& out, const std::vector<Field>& headers) {
  for (const auto& h : headers) {
    if (droppedOnConvert(h.name.value)) continue;
    out += token(h.name.value);
    out += ": ";
    out += oneLine(h.value.value);
    out += "\r\n";
  }
}

void appendBody(std::string& out, const std::string& body, bool hadLength) {
  if (!body.empty() || hadLength) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out += body;
}

std::string flagValue(const Entry& entry, std::string_view name) {
  const Text* t = sessionFlag(entry, name);
  return t ? t->value : std::string();
}

}  // namespace

Expected<std::optional<std::string>> patchRequestMember(const Entry& entry, std::string_view bytes) {
  const Request& r = entry.request;
  auto parsed = http::parseRequest(bytes);
  if (!parsed) return parsed.error();
  const http::HttpMessage& msg = parsed.value();
  EditList edits;
  if (r.method.changed)
    if (auto s = edits.add(r.method.raw, token(r.method.value), "request method"); !s) return s.error();
  if (r.url.changed) {
    if (auto s = edits.add(r.url.raw, targetFor(r.url.value, msg), "request url"); !s) return s.error();
  } else {
    if (auto s = addFieldEdits(edits, r.queryString, "query string", encodeQueryText); !s) return s.error();
  }
  if (r.httpVersion.changed && r.httpVersion.present)
    if (auto s = edits.add(r.httpVersion.raw, token(r.httpVersion.value), "request version"); !s) return s.error();
  if (auto s = addFieldEdits(edits, r.cookies, "cookie", encodeCookieText); !s) return s.error();
  if (auto s = addFieldEdits(edits, r.headers, "request header", encodeHeaderText); !s) return s.error();
  if (auto s = addBodyEdits(edits, r.body, r.headers, msg, "request"); !s) return s.error();
  return finish(edits, bytes);
}

Expected<std::optional<std::string>> patchResponseMember(const Entry& entry, std::string_view bytes) {
  const Response& r = entry.response;
  if (bytes.empty()) return std::optional<std::string>();
  auto parsed = http::parseResponse(bytes);
  if (!parsed) return parsed.error();
  const http::HttpMessage& msg = parsed.value();
  EditList edits;
  if (r.status.changed) {
    double v = r.status.value;
    if (!(v >= 100 && v <= 999) || v != std::floor(v)) return invalidInput("response status must be three digits");
    if (auto s = edits.add(r.status.raw, std::to_string(static_cast<int>(v)), "response status"); !s) return s.error();
  }
  if (r.statusText.changed)
    if (auto s = edits.add(r.statusText.raw, oneLine(r.statusText.value), "response status text"); !s) return s.error();
  if (r.httpVersion.changed && r.httpVersion.present)
    if (auto s = edits.add(r.httpVersion.raw, token(r.httpVersion.value), "response version"); !s) return s.error();
  if (r.redirectURL.changed)
    if (auto s = edits.add(r.redirectURL.raw, oneLine(r.redirectURL.value), "redirect url"); !s) return s.error();
  if (auto s = addFieldEdits(edits, r.cookies, "set-cookie", encodeCookieText); !s) return s.error();
  if (auto s = addFieldEdits(edits, r.headers, "response header", encodeHeaderText); !s) return s.error();
  // CONNECT bodies have no codings, so they are written back as edited.
  if (auto s = addBodyEdits(edits, r.body, r.headers, msg, "response"); !s) return s.error();
  return finish(edits, bytes);
}

Expected<std::optional<std::string>> patchMetadataMember(const Entry& entry, std::string_view bytes) {
  EditList edits;
  // serverIPAddress mirrors the x-hostip flag (same span); a direct flag edit wins.
  if (entry.serverIPAddress.changed && findField(entry.sessionFlags, "x-hostip"))
    if (auto s = edits.add(entry.serverIPAddress.raw, xmlEscapeAttribute(entry.serverIPAddress.value), "server ip");
        !s)
      return s.error();
  for (const auto& f : entry.sessionFlags) {
    if (f.name.changed)
      if (auto s = edits.add(f.name.raw, xmlEscapeAttribute(f.name.value), "session flag"); !s) return s.error();
    if (f.value.changed)
      if (auto s = edits.add(f.value.raw, xmlEscapeAttribute(f.value.value), "session flag"); !s) return s.error();
  }
  return finish(edits, bytes);
}

Expected<std::optional<std::string>> patchWebSocketMember(const Entry& entry, std::string_view bytes) {
  const auto& messages = entry.webSocketMessages;
  bool anyChanged = std::any_of(messages.begin(), messages.end(), [](const WebSocketMessage& m) { return m.data.changed; });
  if (!anyChanged) return std::optional<std::string>();
  auto frames = parseWebSocketMember(bytes);
  if (!frames) return frames.error();
  if (frames->size() != messages.size()) return internalError("websocket message count changed since reading");
  // A changed compressed message is written uncompressed, and with it every compressed frame of
  // its direction: those may refer back to bytes of the changed one.
  const std::vector<int> compressed = compressedMessageOpcodes(*frames);
  bool inflateDirection[2] = {false, false};  // client, server
  for (std::size_t i = 0; i < frames->size(); ++i)
    if (compressed[i] != 0 && messages[i].data.changed) inflateDirection[(*frames)[i].fromClient ? 0 : 1] = true;
  EditList edits;
  for (std::size_t i = 0; i < frames->size(); ++i) {
    const WebSocketMessage& m = messages[i];
    WebSocketFrameLayout layout = (*frames)[i];
    const bool rewrite = compressed[i] != 0 ? inflateDirection[layout.fromClient ? 0 : 1] : m.data.changed;
    if (!rewrite) continue;
    auto payload = payloadOf(m, dataIsText(layout, m));
    if (!payload) return payload.error().withContext("websocket message " + std::to_string(i + 1));
    layout.firstByte &= static_cast<std::uint8_t>(~0x40u);  // RSV1: not compressed
    std::string frame = buildFrame(layout, *payload);
    if (auto s = edits.add(layout.lengthValue, std::to_string(frame.size()), "websocket"); !s) return s.error();
    if (auto s = edits.add(layout.frame, std::move(frame), "websocket"); !s) return s.error();
  }
  return finish(edits, bytes);
}

Expected<std::string> buildRequestMember(const Entry& entry) {
  const Request& r = entry.request;
  std::string out;
  out += r.method.present && !r.method.value.empty() ? token(r.method.value) : "GET";
  out += ' ';
  out += urlText(r.url.value.empty() ? std::string_view("/") : std::string_view(r.url.value));
  out += ' ';
  out += httpVersionText(r.httpVersion);
  out += "\r\n";
  appendHeaders(out, r.headers);
  if (!r.cookies.empty() && !findField(r.headers, "Cookie")) {
    out += "Cookie: ";
    for (std::size_t i = 0; i < r.cookies.size(); ++i) {
      if (i) out += "; ";
      out += encodeCookieText(r.cookies[i].name.value) + "=" + encodeCookieText(r.cookies[i].value.value);
    }
    out += "\r\n";
  }
  auto body = bodyBytes(r.body);
  if (!body) return body.error().withContext("request");
  appendBody(out, *body, findField(r.headers, "Content-Length") != nullptr);
  return out;
}

bool hasResponse(const Entry& entry) {
  return entry.response.present && entry.response.status.present && entry.response.status.value >= 100;
}

Expected<std::string> buildResponseMember(const Entry& entry) {
  const Response& r = entry.response;
  std::string out = httpVersionText(r.httpVersion);
  out += ' ';
  int status = static_cast<int>(r.status.value);
  if (status < 100 || status > 999) return invalidInput("response status must be three digits");
  out += std::to_string(status);
  out += ' ';
  out += oneLine(r.statusText.value);
  out += "\r\n";
  appendHeaders(out, r.headers);
  auto body = bodyBytes(r.body);
  if (!body) return body.error().withContext("response");
  appendBody(out, *body, findField(r.headers, "Content-Length") != nullptr);
  return out;
}

std::string buildMetadataMember(const Entry& entry, std::size_t number) {
  std::string sid = sessionId(entry).value_or(std::to_string(number));
  std::uint32_t bits = sessionBitFlags(entry).value_or(0);
  if (!sessionBitFlags(entry)) {
    if (text::startsWithIgnoreCase(entry.request.url.value, "https:")) bits |= kIsHttps;
    bits |= kImportedFromOtherTool;
  }
  std::vector<Field> flags = entry.sessionFlags;
  if (entry.serverIPAddress.present && !entry.serverIPAddress.value.empty() && !findField(flags, "x-hostip")) {
    Field ip;
    ip.name.value = "x-hostip";
    ip.value.value = entry.serverIPAddress.value;
    flags.push_back(std::move(ip));
  }
  return writeSessionMetadata(sid, bits, timersFromEntry(entry), flags);
}

IndexRow indexRowFor(const Entry& entry, std::size_t number, std::uint64_t responseBodyBytes) {
  IndexRow row;
  row.number = number;
  bool connect = text::equalsIgnoreCase(entry.request.method.value, "CONNECT");
  row.result = entry.response.present ? std::to_string(static_cast<int>(entry.response.status.value)) : "-";
  http::RequestTarget t = http::splitTarget(entry.request.url.value);
  if (connect) {
    row.protocol = "HTTP";
    row.host = "Tunnel to";
    row.url = entry.request.url.value;
  } else if (t.form == http::RequestTarget::Form::Absolute) {
    std::string scheme = text::toLower(t.scheme);
    for (char& c : scheme) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    row.protocol = scheme;
    row.host = std::string(t.authority);
    std::size_t sep = entry.request.url.value.find("://");
    std::size_t path = entry.request.url.value.find_first_of("/?#", sep == std::string::npos ? 0 : sep + 3);
    row.url = path == std::string::npos ? "/" : entry.request.url.value.substr(path);
  } else {
    row.protocol = "HTTP";
    if (const Field* host = findField(entry.request.headers, "Host")) row.host = host->value.value;
    row.url = entry.request.url.value;
  }
  row.body = entry.response.present ? std::to_string(responseBodyBytes) : "-1";
  const Field* cacheControl = findField(entry.response.headers, "Cache-Control");
  const Field* expires = findField(entry.response.headers, "Expires");
  if (cacheControl) row.caching = cacheControl->value.value;
  if (expires) row.caching += (row.caching.empty() ? "" : "; ") + ("Expires: " + expires->value.value);
  if (const Field* ct = findField(entry.response.headers, "Content-Type")) row.contentType = ct->value.value;
  row.process = flagValue(entry, "x-processinfo");
  row.comments = flagValue(entry, "ui-comments");
  row.custom = flagValue(entry, "ui-customcolumn");
  return row;
}

std::string buildIndexHtml(const std::vector<IndexRow>& rows) {
  std::string out =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
      "<style>body,thead,td,a,p{font-family:verdana,sans-serif;font-size:10px;}</style></head><body>"
      "<table cols=12><thead><tr><th>&nbsp;</th><th>#</th><th>Result</th><th>Protocol</th><th>Host</th>"
      "<th>URL</th><th>Body</th><th>Caching</th><th>Content-Type</th><th>Process</th><th>Comments</th>"
      "<th>Custom</th></tr></thead><tbody>\r\n";
  static constexpr std::string_view kLabels = "CSMW";
  for (const auto& row : rows) {
    out += "<tr><td>";
    bool first = true;
    for (const auto& link : row.memberLinks) {
      if (link.empty()) continue;
      std::size_t underscore = link.rfind('_');
      char label = underscore != std::string::npos && underscore + 1 < link.size()
                       ? static_cast<char>(std::toupper(static_cast<unsigned char>(link[underscore + 1])))
                       : '?';
      if (kLabels.find(label) == std::string_view::npos) label = '?';
      if (!first) out += "&nbsp;";
      first = false;
      out += "<a href='" + htmlEscape(link) + "'>" + label + "</a>";
    }
    out += "</td>";
    auto cell = [&](const std::string& v) { out += "<td>" + htmlEscape(v) + "</td>"; };
    cell(std::to_string(row.number));
    for (const std::string* v : {&row.result, &row.protocol, &row.host, &row.url, &row.body, &row.caching,
                                 &row.contentType, &row.process, &row.comments, &row.custom})
      cell(*v);
    out += "</tr>\r\n";
  }
  out += "</tbody></table></body></html>";
  return out;
}

std::string_view contentTypesXml() {
  return "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\" ?>\r\n"
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"htm\" ContentType=\"text/html\" />"
         "<Default Extension=\"xml\" ContentType=\"application/xml\" />"
         "<Default Extension=\"txt\" ContentType=\"text/plain\" /></Types>";
}

std::string_view defaultArchiveComment() { return "Session archive written by tracesan (Fiddler SAZ layout)"; }

}  // namespace tracesan::saz
