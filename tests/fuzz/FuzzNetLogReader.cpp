// The streaming NetLog reader and patch writer over arbitrary bytes with a tiny read buffer: the
// reader either fails with a message (and stays failed) or yields entries; every entry is
// redacted and written back, and whatever the writer produced reads again as a NetLog with the
// same number of entries (a sanitized capture stays a capture).
#include "FuzzTrace.h"
#include "tracesan/NetLog.h"

using namespace tracesan;

namespace {

// Reads every entry; redacts and writes them when `writeTo` is set. Returns the entry count, or
// -1 when the input is refused.
long readAll(const std::string& bytes, const ReadOptions& options, const std::string* writeTo) {
  auto reader = openNetLogReader(memorySource(bytes, "fuzz.json"), options);
  FUZZ_CHECK(reader);
  std::unique_ptr<TraceWriter> writer;
  if (writeTo) {
    auto out = OutputFile::create(*writeTo);
    FUZZ_CHECK(out);
    writer = createNetLogPatchWriter(std::move(out.value()));
  }
  RedactionSession session;
  long count = 0;
  for (;;) {
    auto piece = reader.value()->read();
    if (!piece) {
      FUZZ_CHECK(!piece.error().message().empty());
      FUZZ_CHECK(!reader.value()->read());  // errors are sticky
      return -1;
    }
    if (piece->kind == Piece::Kind::End) break;
    if (piece->kind != Piece::Kind::Entry) {
      FUZZ_CHECK(piece->offset < bytes.size() || piece->bytes.empty());
      if (writer) FUZZ_CHECK(writer->write(*piece));
      continue;
    }
    Entry* e = piece->entry;
    FUZZ_CHECK(e->index == static_cast<std::size_t>(count));
    FUZZ_CHECK(e->offset < bytes.size());
    if (writer) {
      fuzz::fuzzRedactor().redact(*e, session);
      FUZZ_CHECK(writer->write(*piece));
    }
    ++count;
  }
  FUZZ_CHECK(!reader.value()->next().value());  // the end stays the end
  if (writer) FUZZ_CHECK(writer->finish());
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = fuzz::splitHarInput(data, size);
  const std::string out = fuzz::scratchDirectory() + "/netlog-out.json";
  long count = readAll(in.bytes, in.options, &out);
  if (count < 0) return 0;
  std::string written = readWholeFile(out).value();
  // Redaction only replaces values: what was read is read again, entry for entry.
  FUZZ_CHECK(readAll(written, in.options, nullptr) == count);
  return 0;
}
