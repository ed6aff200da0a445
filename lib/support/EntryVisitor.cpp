#include "support/EntryVisitor.h"

namespace tracesan {
namespace {

std::string_view sidePrefix(EntrySide side) {
  switch (side) {
    case EntrySide::Request: return "request.";
    case EntrySide::Response: return "response.";
    case EntrySide::Entry: break;
  }
  return "";
}

std::string_view partName(TextPart part) {
  switch (part) {
    case TextPart::Url: return "url";
    case TextPart::Header: return "header";
    case TextPart::Cookie: return "cookies";
    case TextPart::Query: return "queryString";
    case TextPart::Body: return "body";
    case TextPart::BodyParam: return "body.params";
    case TextPart::RedirectUrl: return "redirectURL";
    case TextPart::ServerAddress: return "serverIPAddress";
    case TextPart::SessionFlag: return "sessionFlags";
    default: break;  // named by `name` alone
  }
  return "";
}

TextPlace at(EntrySide side, TextPart part, std::string_view name = {}, std::size_t index = 0) {
  TextPlace p;
  p.side = side;
  p.part = part;
  p.name = name;
  p.index = index;
  return p;
}

// One walk for both constnesses: E is Entry or const Entry.
template <bool Const, class E>
void walk(E& entry, BasicEntryVisitor<Const>& v) {
  constexpr EntrySide kRequest = EntrySide::Request, kResponse = EntrySide::Response, kEntry = EntrySide::Entry;
  auto number = [&](auto& n, EntrySide side, std::string_view name) { v.number(n, at(side, TextPart::Number, name)); };
  auto meta = [&](auto& t, EntrySide side, std::string_view name) { v.metadata(t, at(side, TextPart::Metadata, name)); };
  auto body = [&](auto& b, auto& headers, EntrySide side) {
    meta(b.mimeType, side, "body.mimeType");
    v.body(b, headers, at(side, TextPart::Body));
    meta(b.encoding, side, "body.encoding");
  };
  auto bodyNumbers = [&](auto& b, EntrySide side) {
    number(b.size, side, "body.size");
    number(b.compression, side, "body.compression");
  };
  auto extensions = [&](auto& list, EntrySide side) {
    for (auto& x : list) v.extension(x, at(side, TextPart::Extension, x.name));
  };

  meta(entry.startedDateTime, kEntry, "startedDateTime");
  number(entry.time, kEntry, "time");

  // What a request and a response share, in their order; `afterBody` and `beforeSizes` visit
  // what only one of them has there (the query string, the redirect URL).
  auto message = [&](auto& m, EntrySide side, auto afterBody, auto beforeSizes) {
    meta(m.httpVersion, side, "httpVersion");
    v.fields(m.headers, at(side, TextPart::Header));
    body(m.body, m.headers, side);
    afterBody();
    v.fields(m.cookies, at(side, TextPart::Cookie));
    v.fields(m.body.params, at(side, TextPart::BodyParam));
    bodyNumbers(m.body, side);
    beforeSizes();
    number(m.headersSize, side, "headersSize");
    number(m.bodySize, side, "bodySize");
    extensions(m.extensions, side);
  };

  auto& q = entry.request;
  meta(q.method, kRequest, "method");
  v.text(q.url, at(kRequest, TextPart::Url));
  message(q, kRequest, [&] { v.fields(q.queryString, at(kRequest, TextPart::Query)); }, [] {});

  auto& s = entry.response;
  number(s.status, kResponse, "status");
  meta(s.statusText, kResponse, "statusText");
  message(s, kResponse, [] {}, [&] { v.text(s.redirectURL, at(kResponse, TextPart::RedirectUrl)); });

  auto& t = entry.timings;
  number(t.blocked, kEntry, "timings.blocked");
  number(t.dns, kEntry, "timings.dns");
  number(t.connect, kEntry, "timings.connect");
  number(t.send, kEntry, "timings.send");
  number(t.wait, kEntry, "timings.wait");
  number(t.receive, kEntry, "timings.receive");
  number(t.ssl, kEntry, "timings.ssl");

  for (std::size_t i = 0; i < entry.webSocketMessages.size(); ++i) {
    auto& m = entry.webSocketMessages[i];
    v.metadata(m.type, at(kEntry, TextPart::WebSocketField, "type", i));
    v.number(m.time, at(kEntry, TextPart::WebSocketField, "time", i));
    v.number(m.opcode, at(kEntry, TextPart::WebSocketField, "opcode", i));
    v.webSocket(m, at(kEntry, TextPart::WebSocket, {}, i));
  }
  extensions(entry.extensions, kEntry);
  v.text(entry.serverIPAddress, at(kEntry, TextPart::ServerAddress));
  meta(entry.connection, kEntry, "connection");
  meta(entry.pageref, kEntry, "pageref");
  v.fields(entry.sessionFlags, at(kEntry, TextPart::SessionFlag));
}

}  // namespace

std::string TextPlace::location() const {
  std::string out(sidePrefix(side));
  if (part == TextPart::WebSocket || part == TextPart::WebSocketField) {
    out += "webSocketMessages[" + std::to_string(index) + "]";
    if (part == TextPart::WebSocketField) out.append(".").append(name);
    return out;
  }
  std::string_view prefix = partName(part);
  if (prefix.empty()) return out.append(name);  // extensions, metadata, numbers
  out += prefix;
  if (!name.empty()) out.append(".").append(name);
  return out;
}

void visitEntry(Entry& entry, EntryVisitor& visitor) { walk<false>(entry, visitor); }
void visitEntry(const Entry& entry, ConstEntryVisitor& visitor) { walk<true>(entry, visitor); }

}  // namespace tracesan
