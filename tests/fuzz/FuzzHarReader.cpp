// The streaming HAR reader over arbitrary bytes with a tiny read buffer: every entry it yields is
// well-formed (spans inside the entry's JSON, the JSON itself an object), errors carry a message
// and a failing reader stays failed.
#include "FuzzTrace.h"
#include "support/EntryVisitor.h"

using namespace tracesan;

namespace {

void checkSpan(std::string_view json, const SourceSpan& s) { FUZZ_CHECK(s.offset + s.length <= json.size()); }

void checkText(std::string_view json, const Text& t) {
  if (!t.present) return;
  checkSpan(json, t.raw);
  FUZZ_CHECK(t.raw.length >= 2 && json[t.raw.offset] == '"' && json[t.raw.offset + t.raw.length - 1] == '"');
}

// Every text of the entry (names too) is a JSON string inside the entry; a custom field's raw
// JSON lies inside it.
struct SpanChecker : EntryVisitor {
  std::string_view json;
  explicit SpanChecker(std::string_view j) : json(j) {}
  void text(Text& t, const TextPlace&) override { checkText(json, t); }
  void fields(std::vector<Field>& fields, const TextPlace&) override {
    for (const auto& f : fields) {
      checkText(json, f.name);
      checkText(json, f.value);
    }
  }
  void extension(Extension& x, const TextPlace&) override { checkSpan(json, x.json.raw); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = fuzz::splitHarInput(data, size);
  auto reader = fuzz::openHarFromMemory(in.bytes, in.options);
  FUZZ_CHECK(reader);
  std::size_t count = 0;
  for (;;) {
    auto next = reader.value()->next();
    if (!next) {
      FUZZ_CHECK(!next.error().message().empty());
      FUZZ_CHECK(!reader.value()->next());  // errors are sticky
      break;
    }
    Entry* e = *next;
    if (!e) {
      FUZZ_CHECK(!reader.value()->next().value());  // the end stays the end
      break;
    }
    FUZZ_CHECK(e->index == count && e->number == count + 1);
    std::string_view json = e->source.json;
    FUZZ_CHECK(!json.empty() && json.front() == '{' && json.back() == '}');
    FUZZ_CHECK(e->offset + json.size() <= in.bytes.size());
    FUZZ_CHECK(in.bytes.compare(e->offset, json.size(), json) == 0);
    SpanChecker spans(json);
    visitEntry(*e, spans);
    ++count;
  }
  return 0;
}
