// Shared by the trace-level fuzz targets: reading a whole HAR from memory, a scratch directory for
// targets that need files (SAZ, outputs), and one Redactor built once per process.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "FuzzCheck.h"
#include "tracesan/Har.h"
#include "tracesan/Io.h"
#include "tracesan/Redactor.h"
#include "tracesan/Rules.h"
#include "tracesan/Trace.h"

namespace tracesan::fuzz {

// The first input byte picks a tiny read buffer (16..271 bytes) so that tokens straddle buffer
// boundaries; the rest is the HAR document.
struct HarInput {
  ReadOptions options;
  std::string bytes;
};

inline HarInput splitHarInput(const std::uint8_t* data, std::size_t size) {
  HarInput in;
  if (size == 0) return in;
  in.options.bufferSize = 16 + data[0];
  in.bytes.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  return in;
}

inline Expected<std::unique_ptr<TraceReader>> openHarFromMemory(const std::string& bytes, const ReadOptions& options,
                                                                const std::string& name = "fuzz.har") {
  return openHarReader(memorySource(bytes, name), options);
}

// A per-process scratch directory under $TMPDIR (removed again by the OS or the next run).
inline const std::string& scratchDirectory() {
  static const std::string dir = [] {
    std::filesystem::path p = std::filesystem::temp_directory_path() / ("tracesan-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(p);
    return p.string();
  }();
  return dir;
}

inline const Redactor& fuzzRedactor() {
  static const Redactor* redactor = [] {
    auto rules = RuleSet::create();
    FUZZ_CHECK(rules);
    RedactOptions o;
    o.key = "fuzz-fixed-key";
    return new Redactor(std::move(rules.value()), o);
  }();
  return *redactor;
}

}  // namespace tracesan::fuzz
