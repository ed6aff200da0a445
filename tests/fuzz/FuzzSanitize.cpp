// The whole sanitize pipeline over arbitrary HAR bytes, as sanitize-trace runs it: read (tiny
// buffer), redact every entry and the text outside entries with one session, patch-write to a
// file, commit. Whatever fails fails with a message and leaves no output and no temporary file
// behind. The same input then goes through ParallelSanitize (what -j does within one file): it
// must write the same bytes, or fail with the same message.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "FuzzTrace.h"
#include "tracesan/ParallelSanitize.h"

using namespace tracesan;

namespace {

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the pipeline version; returns "" and fills `bytes`, or the error message.
std::string runPipeline(const fuzz::HarInput& in, const std::string& outPath, std::string& bytes) {
  std::filesystem::remove(outPath);
  auto reader = fuzz::openHarFromMemory(in.bytes, in.options);
  FUZZ_CHECK(reader);
  auto out = OutputFile::create(outPath);
  FUZZ_CHECK(out);
  auto writer = createHarPatchWriter(*reader.value(), std::move(out.value()));
  FUZZ_CHECK(writer);
  FUZZ_CHECK(ParallelSanitize::supports(*reader.value(), *writer.value()));
  const Redactor& redactor = fuzz::fuzzRedactor();
  RedactionSession session;
  {
    ParallelSanitize pipeline(
        *reader.value(), *writer.value(), redactor, session, 1,
        [&](std::string& json) { redactor.redactJsonText(json, session, "log"); }, [](const RedactionResult&) {});
    for (;;) {
      auto next = reader.value()->next();
      if (!next) return next.error().message();
      Entry* e = *next;
      if (!e) break;
      if (auto s = pipeline.add(std::move(*e)); !s) return s.error().message();
    }
    if (auto s = pipeline.finish(); !s) return s.error().message();
  }
  if (auto s = writer.value()->finish(); !s) return s.error().message();
  bytes = fileBytes(outPath);
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = fuzz::splitHarInput(data, size);
  static const std::string outPath = fuzz::scratchDirectory() + "/sanitize-out.har";
  static const std::string pipelinePath = fuzz::scratchDirectory() + "/sanitize-pipeline.har";
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
  reader.value()->setOutsideEditor([&](std::string& json) { redactor.redactJsonText(json, session, "log"); });
  bool failed = false;
  std::string error;
  for (;;) {
    auto next = reader.value()->next();
    if (!next) {
      FUZZ_CHECK(!next.error().message().empty());
      error = next.error().message();
      failed = true;
      break;
    }
    Entry* e = *next;
    if (!e) break;
    RedactionResult result = redactor.redact(*e, session);
    for (const auto& r : result.records) FUZZ_CHECK(r.entry == e->number && !r.kind.empty());
    if (auto s = writer.value()->write(*e); !s) {
      FUZZ_CHECK(!s.error().message().empty());
      error = s.error().message();
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

  std::string pipelined;
  std::string pipelineError = runPipeline(in, pipelinePath, pipelined);
  FUZZ_CHECK(pipelineError == error);
  if (!failed) FUZZ_CHECK(pipelined == fileBytes(outPath));
  return 0;
}
