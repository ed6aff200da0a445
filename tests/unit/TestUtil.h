// Small helpers shared by the unit tests: scratch files and whole-trace round trips.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "tracesan/Trace.h"

namespace testutil {

inline std::filesystem::path scratchDir() {
  auto dir = std::filesystem::path(TRACESAN_BINARY_DIR) / "test-scratch";
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string writeScratch(const std::string& name, const std::string& bytes) {
  auto path = scratchDir() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads `input`, applies `edit` to each entry, writes `output` in `format`. Returns "" or the error.
inline std::string rewrite(const std::string& input, const std::string& output,
                           const std::function<void(tracesan::Entry&)>& edit = {},
                           tracesan::TraceFormat format = tracesan::TraceFormat::Unknown,
                           tracesan::ReadOptions options = {}, tracesan::WriteOptions writeOptions = {}) {
  auto reader = tracesan::openTrace(input, options);
  if (!reader) return reader.error().message();
  auto writer = tracesan::createWriter(*reader.value(), output, format, writeOptions);
  if (!writer) return writer.error().message();
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) return entry.error().message();
    if (*entry == nullptr) break;
    if (edit) edit(**entry);
    if (auto s = writer.value()->write(**entry); !s) return s.error().message();
  }
  if (auto s = writer.value()->finish(); !s) return s.error().message();
  return "";
}

// Reads every entry; returns the error message or "" and the entry count.
inline std::string readAll(const std::string& input, std::size_t& count,
                           const std::function<void(tracesan::Entry&)>& visit = {},
                           tracesan::ReadOptions options = {}) {
  count = 0;
  auto reader = tracesan::openTrace(input, options);
  if (!reader) return reader.error().message();
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) return entry.error().message();
    if (*entry == nullptr) return "";
    ++count;
    if (visit) visit(**entry);
  }
}

}  // namespace testutil
