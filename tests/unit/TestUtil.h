// Small helpers shared by the unit tests: scratch files, the sample traces, whole-trace round
// trips and running a built tool.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tracesan/Redactor.h"
#include "tracesan/Rules.h"
#include "tracesan/Trace.h"

namespace testutil {

// A redactor with the built-in rules and a fixed placeholder key, so placeholders are the same on
// every run; `options` for anything else.
inline tracesan::Redactor keyedRedactor(const std::string& key, tracesan::RedactOptions options = {}) {
  auto rules = tracesan::RuleSet::create();
  if (!rules) throw std::runtime_error("built-in rules: " + rules.error().message());
  options.key = key;
  return tracesan::Redactor(std::move(rules.value()), options);
}

// A present model value, and a name/value pair of them, for entries built by hand.
inline tracesan::Text text(std::string value) {
  tracesan::Text t;
  t.value = std::move(value);
  t.present = true;
  return t;
}
inline tracesan::Field field(std::string name, std::string value) {
  return tracesan::Field{text(std::move(name)), text(std::move(value))};
}

// A GET of `url` whose response body is `content` of type `mime`.
inline tracesan::Entry responseEntry(const std::string& url, const std::string& mime, const std::string& content) {
  tracesan::Entry e;
  e.number = 1;
  e.request.method = text("GET");
  e.request.url = text(url);
  e.response.present = true;
  e.response.body.present = true;
  e.response.body.mimeType = text(mime);
  e.response.body.text = text(content);
  return e;
}

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

// Every samples/har/*.har, sorted: tests that name outputs or compare runs need a stable order.
inline std::vector<std::string> sampleHars() {
  std::vector<std::string> files;
  for (auto& f : std::filesystem::directory_iterator(std::filesystem::path(TRACESAN_SAMPLES_DIR) / "har"))
    if (f.path().extension() == ".har") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

struct RunResult {
  int exitCode = -1;
  std::string out, err;
};

// Runs `exe` with `args` (already quoted for the shell), capturing stdout and stderr in scratch files
// named after `tag`. ctest runs test binaries side by side in one scratch directory, so each binary
// prefixes its tags with its own name.
inline RunResult runTool(const std::string& exe, const std::string& args, const std::string& tag) {
  auto out = (scratchDir() / (tag + ".out")).string();
  auto err = (scratchDir() / (tag + ".err")).string();
  std::string cmd = "'" + exe + "' " + args + " >'" + out + "' 2>'" + err + "'";
  int rc = std::system(cmd.c_str());
  RunResult r;
  r.exitCode = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = readFile(out);
  r.err = readFile(err);
  return r;
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
    auto piece = reader.value()->read();
    if (!piece) return piece.error().message();
    if (piece->kind == tracesan::Piece::Kind::End) break;
    if (edit && piece->kind == tracesan::Piece::Kind::Entry) edit(*piece->entry);
    if (auto s = writer.value()->write(*piece); !s) return s.error().message();
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
