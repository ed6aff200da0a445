#include <algorithm>

#include "support/EntryVisitor.h"
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

}  // namespace

const Field* findField(const std::vector<Field>& fields, std::string_view name) { return findIn(fields, name); }
Field* findField(std::vector<Field>& fields, std::string_view name) { return findIn(fields, name); }

void forEachText(Entry& entry, const std::function<void(Text&)>& fn) {
  struct Texts : EntryVisitor {
    const std::function<void(Text&)>& fn;
    explicit Texts(const std::function<void(Text&)>& f) : fn(f) {}
    void text(Text& t, const TextPlace&) override { fn(t); }
  } texts(fn);
  visitEntry(entry, texts);
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
