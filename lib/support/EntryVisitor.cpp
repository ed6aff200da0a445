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
    case TextPart::Extension:
    case TextPart::WebSocket: break;
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

void visitExtensions(std::vector<Extension>& extensions, EntrySide side, EntryVisitor& v) {
  for (Extension& x : extensions) v.extension(x, at(side, TextPart::Extension, x.name));
}

}  // namespace

std::string TextPlace::location() const {
  std::string out(sidePrefix(side));
  if (part == TextPart::WebSocket) return out + "webSocketMessages[" + std::to_string(index) + "]";
  if (part == TextPart::Extension) return out.append(name);
  out += partName(part);
  if (!name.empty()) out.append(".").append(name);
  return out;
}

void visitEntry(Entry& entry, EntryVisitor& v) {
  constexpr EntrySide kRequest = EntrySide::Request, kResponse = EntrySide::Response, kEntry = EntrySide::Entry;
  Request& q = entry.request;
  v.text(q.url, at(kRequest, TextPart::Url));
  v.fields(q.headers, at(kRequest, TextPart::Header));
  v.body(q.body, q.headers, at(kRequest, TextPart::Body));
  v.fields(q.queryString, at(kRequest, TextPart::Query));
  v.fields(q.cookies, at(kRequest, TextPart::Cookie));
  v.fields(q.body.params, at(kRequest, TextPart::BodyParam));
  visitExtensions(q.extensions, kRequest, v);

  Response& s = entry.response;
  v.fields(s.headers, at(kResponse, TextPart::Header));
  v.body(s.body, s.headers, at(kResponse, TextPart::Body));
  v.fields(s.cookies, at(kResponse, TextPart::Cookie));
  v.fields(s.body.params, at(kResponse, TextPart::BodyParam));
  v.text(s.redirectURL, at(kResponse, TextPart::RedirectUrl));
  visitExtensions(s.extensions, kResponse, v);

  for (std::size_t i = 0; i < entry.webSocketMessages.size(); ++i)
    v.webSocket(entry.webSocketMessages[i], at(kEntry, TextPart::WebSocket, {}, i));
  visitExtensions(entry.extensions, kEntry, v);
  v.text(entry.serverIPAddress, at(kEntry, TextPart::ServerAddress));
  v.fields(entry.sessionFlags, at(kEntry, TextPart::SessionFlag));
}

}  // namespace tracesan
