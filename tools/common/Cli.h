// The shared command-line layer of tracesan's tools: one version string, one way to parse and to
// report usage errors, the SAZ password (flag or TRACESAN_SAZ_PASSWORD), signal handling that
// removes partial outputs, progress on stderr, and the exit codes every tool documents.
//
//   tracesan::cli::Tool tool("sanitize-trace");
//   CLI::App app{"...", tool.name()};  tool.addVersion(app);
//   if (auto code = tool.parse(app, argc, argv)) return *code;
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "tracesan/Error.h"

namespace tracesan::cli {

// Exit codes shared by every tool (README "Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitFound = 1;    // --check found secrets, --fail-on found a code
inline constexpr int kExitInput = 2;    // usage or input error
inline constexpr int kExitInternal = 3; // a bug
// Interrupted by a signal: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).

class Tool {
public:
  explicit Tool(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  // "--version": "<tool> (tracesan) <version>", the version from CMake's project().
  void addVersion(CLI::App& app) const;
  // --password, defaulting to $TRACESAN_SAZ_PASSWORD; read it with sazPassword().
  void addPassword(CLI::App& app, std::string& password) const;

  // Parses; returns an exit code when the tool should stop now (help, version: 0; a usage error:
  // 2, with "tool: message" and a hint on stderr).
  std::optional<int> parse(CLI::App& app, int argc, char** argv) const;

  // Prints "tool: message" on stderr and returns `code`.
  int fail(const std::string& message, int code = kExitInput) const;
  int fail(const Error& error) const { return fail(error.message(), error.exitCode()); }
  // Prints "tool: warning: message".
  void warn(const std::string& message) const;

  // Runs `body`, turning an escaped exception into "tool: internal error: ..." and exit 3 (partial
  // outputs removed). Installs the signal handlers first.
  int run(const std::function<int()>& body) const;

private:
  std::string name_;
};

// The password of encrypted SAZ inputs: the flag, else $TRACESAN_SAZ_PASSWORD, else empty.
std::string sazPassword(const std::string& flag);

// "1 entry", "2 entries", "0 secrets".
std::string count(std::size_t n, const char* singular, const char* plural);

// Progress of one long job on stderr. On a terminal it redraws one line (at most 5 times a second)
// and erases it when done; when stderr is not a terminal but progress was asked for (--progress),
// it writes plain lines, at most one every 2 seconds, with no carriage returns or escape codes.
class Progress {
public:
  // enabled: whether to show anything at all; size: bytes of the input (0: unknown).
  Progress(const Tool& tool, bool enabled, std::string file, std::uint64_t size);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // One more entry read; `offset`: where it starts in the input (0: unknown).
  void entry(std::size_t number, std::uint64_t offset);
  // Erases the terminal line (a plain-line log is left as is).
  void done();

  // Whether progress is shown by default: stderr is a terminal and not --quiet.
  static bool wanted(bool quiet, bool forced);

private:
  const Tool& tool_;
  bool enabled_;
  bool terminal_;
  std::string file_;
  std::uint64_t size_;
  std::size_t entries_ = 0;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace tracesan::cli
