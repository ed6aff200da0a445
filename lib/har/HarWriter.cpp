// The patching HAR writer: streams the original bytes through and replaces only the raw
// tokens of values that changed, so everything else stays byte-identical.
#include <algorithm>

#include "codec/Base64.h"
#include "har/HarEntryParser.h"
#include "har/HarReader.h"
#include "har/JsonText.h"
#include "support/EntryVisitor.h"
#include "tracesan/Har.h"
#include "text/Edits.h"
#include "text/TextCodec.h"

namespace tracesan {
namespace {

class PatchCollector {
public:
  void text(const Text& t) {
    if (!t.changed) return;
    // Appended, not "\"" + ... + "\"": GCC 12 at -O3 warns about that (a false -Wrestrict).
    std::string quoted = "\"";
    quoted += text::jsonEscape(t.value);
    quoted += '"';
    add(t, std::move(quoted));
  }
  void number(const Number& n) {
    if (n.changed) add(n, formatJsonNumber(n.value));
  }
  void numberValue(const Number& n, double value) {
    if (n.present && n.raw.length > 0 && !n.changed && n.value != value) push(n.raw, formatJsonNumber(value));
  }
  void rawJson(const Text& t) {
    if (t.changed) add(t, t.value);
  }
  void fields(const std::vector<Field>& fields) {
    for (const auto& f : fields) {
      text(f.name);
      text(f.value);
    }
  }
  std::vector<text::Edit> patches;
  std::string problem;

private:
  template <class V>
  void add(const V& v, std::string replacement) {
    if (v.raw.length == 0) {
      problem = "cannot add a value that was not in the input";
      return;
    }
    push(v.raw, std::move(replacement));
  }
  void push(const SourceSpan& span, std::string replacement) {
    patches.push_back({static_cast<std::size_t>(span.offset), static_cast<std::size_t>(span.offset + span.length),
                       std::move(replacement)});
  }
};

// Decoded length of a value as it was in the input, for size fix-ups.
std::int64_t originalLength(std::string_view json, const Text& t) {
  if (!t.present || t.raw.length < 2) return 0;
  auto decoded = text::jsonUnescape(json.substr(t.raw.offset + 1, t.raw.length - 2));
  return decoded ? static_cast<std::int64_t>(decoded->size()) : 0;
}

std::int64_t headerDelta(std::string_view json, const std::vector<Field>& headers) {
  std::int64_t delta = 0;
  for (const auto& h : headers) {
    if (h.value.changed) delta += static_cast<std::int64_t>(h.value.value.size()) - originalLength(json, h.value);
    if (h.name.changed) delta += static_cast<std::int64_t>(h.name.value.size()) - originalLength(json, h.name);
  }
  return delta;
}

std::size_t bodyLength(const Body& body) {
  if (body.encoding.present && body.encoding.value == "base64") {
    return codec::base64DecodedSize(body.text.value).value_or(0);
  }
  return body.text.value.size();
}

void collectSizeFixups(const Entry& e, PatchCollector& c) {
  std::string_view json = e.source.json;
  const Body& content = e.response.body;
  if (content.text.changed && content.size.present && content.size.value >= 0)
    c.numberValue(content.size, static_cast<double>(bodyLength(content)));
  const Body& post = e.request.body;
  if (post.text.changed && e.request.bodySize.present && e.request.bodySize.value > 0)
    c.numberValue(e.request.bodySize, static_cast<double>(post.text.value.size()));
  for (auto [headers, size] : {std::pair{&e.request.headers, &e.request.headersSize},
                               std::pair{&e.response.headers, &e.response.headersSize}}) {
    if (!size->present || size->value < 0) continue;
    std::int64_t delta = headerDelta(json, *headers);
    if (delta != 0) c.numberValue(*size, size->value + static_cast<double>(delta));
  }
}

// Every changed value of the entry, through the one Entry visitor: texts and metadata as JSON
// strings, names too, numbers, and extensions as the raw JSON they hold.
PatchCollector collect(const Entry& e) {
  struct Collect final : ConstEntryVisitor {
    PatchCollector c;
    void text(const Text& t, const TextPlace&) override { c.text(t); }
    void metadata(const Text& t, const TextPlace&) override { c.text(t); }
    void number(const Number& n, const TextPlace&) override { c.number(n); }
    void fields(const std::vector<Field>& fields, const TextPlace&) override { c.fields(fields); }
    void extension(const Extension& x, const TextPlace&) override { c.rawJson(x.json); }
  } visit;
  visitEntry(e, visit);
  collectSizeFixups(e, visit.c);
  return std::move(visit.c);
}

// The entry's JSON with the collected patches applied (the values' spans never overlap).
Expected<std::string> applyPatches(const Entry& entry, PatchCollector c) {
  const std::string context = "entry " + std::to_string(entry.number) + ": ";
  if (!c.problem.empty()) return internalError(context + c.problem);
  auto out = text::applyEdits(entry.source.json, std::move(c.patches), text::Overlap::Reject);
  if (!out) return internalError(context + out.error().message());
  return out;
}

// Writes a HAR read by the HAR reader: the outside text as it comes, each entry's JSON as read
// with its changed values patched in.
class HarPatchWriter final : public TraceWriter {
public:
  explicit HarPatchWriter(std::unique_ptr<OutputFile> out) : out_(std::move(out)) {}

  Status write(const Piece& piece) override {
    if (piece.kind != Piece::Kind::Entry) return out_->write(piece.bytes);
    const Entry& entry = *piece.entry;
    if (entry.source.json.empty())
      return internalError("entry " + std::to_string(entry.number) + ": not read from a HAR: nothing to patch");
    PatchCollector patches = collect(entry);
    // Fast path: an entry with no edits is copied as it was read.
    if (patches.patches.empty() && patches.problem.empty()) return out_->write(entry.source.json);
    auto patched = applyPatches(entry, std::move(patches));
    if (!patched) return patched.error();
    return out_->write(*patched);
  }

  Status finish() override { return out_->commit(); }

private:
  std::unique_ptr<OutputFile> out_;
};

}  // namespace

std::unique_ptr<TraceWriter> createHarPatchWriter(std::unique_ptr<OutputFile> out) {
  return std::make_unique<HarPatchWriter>(std::move(out));
}

}  // namespace tracesan
