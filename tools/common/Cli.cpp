#include "common/Cli.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "tracesan/Io.h"

#ifndef TRACESAN_VERSION
#error "TRACESAN_VERSION comes from CMake's project() version"
#endif

namespace tracesan::cli {
namespace {

extern "C" void onSignal(int signal) {
  removePendingOutputs();
  ::_exit(128 + signal);
}

void installSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGHUP, &action, nullptr);
  // A closed pipe on stdout becomes a write error with a message, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace

void Tool::addVersion(CLI::App& app) const {
  app.set_version_flag("--version", name_ + " (tracesan) " + TRACESAN_VERSION, "Print the version and exit");
}

void Tool::addPassword(CLI::App& app, std::string& password) const {
  app.add_option("--password", password, "Password of encrypted SAZ inputs (default: $TRACESAN_SAZ_PASSWORD)");
}

std::optional<int> Tool::parse(CLI::App& app, int argc, char** argv) const {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << name_ << ": " << e.what() << "\n" << "Run with --help for usage.\n";
    return kExitInput;
  }
  return std::nullopt;
}

int Tool::fail(const std::string& message, int code) const {
  std::cerr << name_ << ": " << message << "\n";
  return code;
}

void Tool::warn(const std::string& message) const { std::cerr << name_ << ": warning: " << message << "\n"; }

int Tool::run(const std::function<int()>& body) const {
  installSignalHandlers();
  try {
    return body();
  } catch (const std::exception& e) {
    removePendingOutputs();
    return fail(std::string("internal error: ") + e.what(), kExitInternal);
  } catch (...) {
    removePendingOutputs();
    return fail("internal error", kExitInternal);
  }
}

std::string sazPassword(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* fromEnvironment = std::getenv("TRACESAN_SAZ_PASSWORD");
  return fromEnvironment != nullptr ? fromEnvironment : "";
}

std::string count(std::size_t n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

Progress::Progress(const Tool& tool, bool enabled, std::string file, std::uint64_t size)
    : tool_(tool), enabled_(enabled), terminal_(::isatty(STDERR_FILENO) == 1), file_(std::move(file)), size_(size) {}

Progress::~Progress() { done(); }

bool Progress::wanted(bool quiet, bool forced) { return !quiet && (forced || ::isatty(STDERR_FILENO) == 1); }

void Progress::entry(std::size_t number, std::uint64_t offset) {
  if (!enabled_) return;
  ++entries_;
  auto now = std::chrono::steady_clock::now();
  auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
  if (last_ == std::chrono::steady_clock::time_point{}) {
    last_ = now;  // nothing on the first entry: short runs stay quiet
    return;
  }
  if (now - last_ < interval) return;
  last_ = now;
  std::string line = tool_.name() + ": " + file_ + ": ";
  if (size_ > 0 && offset > 0) {
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%%", 100.0 * static_cast<double>(offset) / static_cast<double>(size_));
    line += std::string(percent) + " (" + count(entries_, "entry", "entries") + ")";
  } else {
    line += "entry " + std::to_string(number) + " (" + count(entries_, "entry", "entries") + " read)";
  }
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    shown_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void Progress::done() {
  if (shown_) std::fprintf(stderr, "\r\033[K");
  shown_ = false;
}

}  // namespace tracesan::cli
