// The whole sanitize pipeline over arbitrary HAR bytes, as sanitize-trace runs it: read (tiny
// buffer), redact every entry with one session, patch-write to a file, commit. Whatever fails
// fails with a message and leaves no output and no temporary file behind.
#include <filesystem>

#include "FuzzTrace.h"

using namespace tracesan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = fuzz::splitHarInput(data, size);
  static const std::string outPath = fuzz::scratchDirectory() + "/sanitize-out.har";
  std::filesystem::remove(outPath);

  auto reader = fuzz::openHarFromMemory(in.bytes, in.options);
  FUZZ_CHECK(reader);
  auto out = OutputFile::create(outPath);
  FUZZ_CHECK(out);
  std::string tempPath = out.value()->tempPath();
  auto writer = createHarPatchWriter(*reader.value(), std::move(out.value()));
  FUZZ_CHECK(writer);

  const Redactor& redactor = fuzz::fuzzRedactor();
  RedactionSession session;
  bool failed = false;
  for (;;) {
    auto next = reader.value()->next();
    if (!next) {
      FUZZ_CHECK(!next.error().message().empty());
      failed = true;
      break;
    }
    Entry* e = *next;
    if (!e) break;
    RedactionResult result = redactor.redact(*e, session);
    for (const auto& r : result.records) FUZZ_CHECK(r.entry == e->number && !r.kind.empty());
    if (auto s = writer.value()->write(*e); !s) {
      FUZZ_CHECK(!s.error().message().empty());
      failed = true;
      break;
    }
  }
  if (!failed) {
    auto s = writer.value()->finish();
    FUZZ_CHECK(s);
    FUZZ_CHECK(std::filesystem::exists(outPath));
  }
  writer.value().reset();  // an unfinished writer discards its temporary file
  FUZZ_CHECK(!std::filesystem::exists(tempPath));
  if (failed) FUZZ_CHECK(!std::filesystem::exists(outPath));
  return 0;
}
