// Differential target, two properties for every HAR the reader accepts:
//  1. written back with no edits, the output is byte-identical to the input;
//  2. redacted, the output is a HAR the reader accepts again, and the redactor's own leak check
//     (checkEntry) finds no secret left in any of its entries.
// Any violation traps, so libFuzzer saves the input.
#include "FuzzTrace.h"

using namespace tracesan;

namespace {

// Reads every piece of `bytes`, passing each entry through `edit`, and patch-writes the result to
// `path`. Returns false when the input is rejected (reading or writing fails).
template <class Edit>
bool rewrite(const std::string& bytes, const ReadOptions& options, const std::string& path, Edit edit) {
  auto reader = fuzz::openHarFromMemory(bytes, options);
  if (!reader) return false;
  auto out = OutputFile::create(path);
  if (!out) __builtin_trap();
  auto writer = createHarPatchWriter(std::move(out.value()));
  for (;;) {
    auto piece = reader.value()->read();
    if (!piece) return false;
    if (piece->kind == Piece::Kind::End) break;
    if (piece->kind == Piece::Kind::Entry) edit(*piece->entry);
    if (!writer->write(*piece)) return false;
  }
  return static_cast<bool>(writer->finish());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = fuzz::splitHarInput(data, size);
  static const std::string copyPath = fuzz::scratchDirectory() + "/roundtrip-copy.har";
  static const std::string cleanPath = fuzz::scratchDirectory() + "/roundtrip-clean.har";

  if (!rewrite(in.bytes, in.options, copyPath, [](Entry&) {})) return 0;
  auto copy = readWholeFile(copyPath);
  if (!copy || *copy != in.bytes) {
    std::fprintf(stderr, "round trip: unedited output differs from the input\n");
    __builtin_trap();
  }

  const Redactor& redactor = fuzz::fuzzRedactor();
  RedactionSession session;
  bool written = rewrite(in.bytes, in.options, cleanPath, [&](Entry& e) { (void)redactor.redact(e, session); });
  if (!written) {
    std::fprintf(stderr, "round trip: an accepted input could not be written redacted\n");
    __builtin_trap();
  }
  auto clean = readWholeFile(cleanPath);
  if (!clean) __builtin_trap();
  auto reader = fuzz::openHarFromMemory(*clean, ReadOptions{});
  for (;;) {
    auto next = reader.value()->next();
    if (!next) {
      std::fprintf(stderr, "round trip: redacted output is not readable: %s\n", next.error().message().c_str());
      __builtin_trap();
    }
    Entry* e = *next;
    if (!e) break;
    for (const Leak& leak : redactor.checkEntry(*e)) {
      std::fprintf(stderr, "round trip: leak after redaction: entry %zu: %s: %s\n", leak.entry, leak.location.c_str(),
                   leak.kind.c_str());
      __builtin_trap();
    }
  }
  return 0;
}
