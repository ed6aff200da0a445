#include <algorithm>

#include "text/TextCodec.h"
#include "tracesan/Trace.h"

namespace tracesan {

std::string_view formatName(TraceFormat format) {
  switch (format) {
    case TraceFormat::Har: return "har";
    case TraceFormat::Saz: return "saz";
    case TraceFormat::NetLog: return "netlog";
    case TraceFormat::Unknown: break;
  }
  return "unknown";
}

namespace {
template <class Fields>
auto findIn(Fields& fields, std::string_view name) -> decltype(&fields[0]) {
  for (auto& f : fields)
    if (text::equalsIgnoreCase(f.name.value, name)) return &f;
  return nullptr;
}

void forEachFieldValue(std::vector<Field>& fields, const std::function<void(Text&)>& fn) {
  for (auto& f : fields) fn(f.value);
}

void forEachBodyText(Body& body, const std::function<void(Text&)>& fn) {
  fn(body.text);
  forEachFieldValue(body.params, fn);
}
}  // namespace

const Field* findField(const std::vector<Field>& fields, std::string_view name) { return findIn(fields, name); }
Field* findField(std::vector<Field>& fields, std::string_view name) { return findIn(fields, name); }

void forEachText(Entry& entry, const std::function<void(Text&)>& fn) {
  fn(entry.request.url);
  forEachFieldValue(entry.request.headers, fn);
  forEachFieldValue(entry.request.cookies, fn);
  forEachFieldValue(entry.request.queryString, fn);
  forEachBodyText(entry.request.body, fn);
  forEachFieldValue(entry.response.headers, fn);
  forEachFieldValue(entry.response.cookies, fn);
  forEachBodyText(entry.response.body, fn);
  fn(entry.response.redirectURL);
  fn(entry.serverIPAddress);
  for (auto& m : entry.webSocketMessages) fn(m.data);
  forEachFieldValue(entry.sessionFlags, fn);
}

Expected<Entry*> TraceReader::next() {
  for (;;) {
    auto piece = read();
    if (!piece) return piece.error();
    if (piece->kind == Piece::Kind::Entry) return piece->entry;
    if (piece->kind == Piece::Kind::End) return static_cast<Entry*>(nullptr);
  }
}

}  // namespace tracesan
