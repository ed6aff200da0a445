// The whole sanitize pipeline over arbitrary HAR bytes, as sanitize-trace runs it: read (tiny
// buffer), redact every entry and the text outside entries with one session, patch-write to a
// file, commit. Whatever fails fails with a message and leaves no output and no temporary file
// behind. The same input then goes through the library's sanitize() with a worker (what -j does
// within one file): it must write the same bytes, or fail with the same message.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "FuzzTrace.h"
#include "tracesan/Pipeline.h"

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
  auto writer = createHarPatchWriter(std::move(out.value()));
  RedactionSession session;
  SanitizeOptions options;
  options.workers = 1;
  if (auto s = sanitize(*reader.value(), *writer, fuzz::fuzzRedactor(), session, options); !s) return s.error().message();
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
  auto writer = createHarPatchWriter(std::move(out.value()));

  const Redactor& redactor = fuzz::fuzzRedactor();
  RedactionSession session;
  bool failed = false;
  std::string error;
  for (;;) {
    auto piece = reader.value()->read();
    if (!piece) {
      FUZZ_CHECK(!piece.error().message().empty());
      error = piece.error().message();
      failed = true;
      break;
    }
    if (piece->kind == Piece::Kind::End) break;
    std::string edited;
    if (piece->kind == Piece::Kind::Entry) {
      Entry* e = piece->entry;
      RedactionResult result = redactor.redact(*e, session);
      for (const auto& r : result.records) FUZZ_CHECK(r.entry == e->number && !r.kind.empty());
    } else if (piece->bytes.find('"') != std::string_view::npos) {  // the text outside entries
      edited.assign(piece->bytes);
      redactor.redactJsonText(edited, session, "log");
      piece->bytes = edited;
    }
    if (auto s = writer->write(*piece); !s) {
      FUZZ_CHECK(!s.error().message().empty());
      error = s.error().message();
      failed = true;
      break;
    }
  }
  if (!failed) {
    auto s = writer->finish();
    FUZZ_CHECK(s);
    FUZZ_CHECK(std::filesystem::exists(outPath));
  }
  writer.reset();  // an unfinished writer discards its temporary file
  FUZZ_CHECK(!std::filesystem::exists(tempPath));
  if (failed) FUZZ_CHECK(!std::filesystem::exists(outPath));

  std::string pipelined;
  std::string pipelineError = runPipeline(in, pipelinePath, pipelined);
  FUZZ_CHECK(pipelineError == error);
  if (!failed) FUZZ_CHECK(pipelined == fileBytes(outPath));
  return 0;
}
