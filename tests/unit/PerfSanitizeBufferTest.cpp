// Sanitized output does not depend on how the input was chunked: every sample, read with a 16-byte
// buffer (every token straddles a boundary), a prime-sized one and the default 1 MB, sanitizes to
// the same bytes, and to bytes that differ from the input (so the comparison is not vacuous).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "SazTestSupport.h"
#include "TestUtil.h"
#include "tracesan/Pipeline.h"
#include "tracesan/Redactor.h"
#include "tracesan/Rules.h"
#include "tracesan/Trace.h"

using namespace tracesan;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> sampleTraces() {
  std::vector<std::string> files = testutil::sampleHars();
  for (const char* saz : {"signin", "websocket"}) files.push_back(saztest::fixture(saz));
  return files;
}

// Sanitizes `input` into `output` (format of the output's extension) with the given read buffer.
std::string sanitize(const std::string& input, const std::string& output, std::size_t bufferSize) {
  Redactor redactor = testutil::keyedRedactor("perf-buffer-test-key");
  RedactionSession session;
  ReadOptions read;
  read.bufferSize = bufferSize;
  auto reader = openTrace(input, read);
  if (!reader) return reader.error().message();
  TraceFormat format = output.ends_with(".saz") ? TraceFormat::Saz : TraceFormat::Har;
  auto writer = createWriter(*reader.value(), output, format);
  if (!writer) return writer.error().message();
  auto sanitized = tracesan::sanitize(*reader.value(), *writer.value(), redactor, session);
  return sanitized ? "" : sanitized.error().message();
}

}  // namespace

TEST_CASE("sanitized HAR output is the same for every read buffer size") {
  auto inputs = sampleTraces();
  REQUIRE(inputs.size() >= 5);
  for (const auto& in : inputs) {
    INFO(in);
    std::string stem = fs::path(in).stem().string() + (in.ends_with(".saz") ? "-saz" : "");
    std::string reference;
    for (std::size_t buffer : {std::size_t(1) << 20, std::size_t(16), std::size_t(997)}) {
      INFO("buffer " << buffer);
      auto out = (testutil::scratchDir() / ("buffer-" + stem + "-" + std::to_string(buffer) + ".har")).string();
      REQUIRE(sanitize(in, out, buffer) == "");
      std::string bytes = testutil::readFile(out);
      if (reference.empty()) {
        reference = bytes;
        CHECK(bytes != testutil::readFile(in));
      }
      CHECK(bytes == reference);
    }
  }
}

namespace {

// Member names, methods and contents, so that a difference names the member (rewritten members
// keep their source's date, so whole archives are equal too; ParallelSanitizeTest compares those).
std::string sazContents(const std::string& path) {
  std::string all;
  for (const auto& [name, member] : saztest::readZip(path))
    all += name + "\n" + std::to_string(member.method) + "\n" + member.bytes + "\n";
  return all;
}

}  // namespace

TEST_CASE("sanitized SAZ output is the same for every read buffer size") {
  for (const char* name : {"signin", "websocket"}) {
    std::string in = saztest::fixture(name);
    INFO(in);
    std::string reference;
    for (std::size_t buffer : {std::size_t(1) << 20, std::size_t(16), std::size_t(997)}) {
      auto out = (testutil::scratchDir() / ("buffer-" + std::string(name) + "-" + std::to_string(buffer) + ".saz")).string();
      REQUIRE(sanitize(in, out, buffer) == "");
      std::string contents = sazContents(out);
      if (reference.empty()) {
        reference = contents;
        CHECK(contents != sazContents(in));
      }
      CHECK(contents == reference);
    }
    CHECK(reference.find("raw/") != std::string::npos);
  }
}
