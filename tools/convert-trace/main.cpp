// convert-trace: converts an HTTP trace between HAR and Fiddler SAZ, or rewrites a trace in its
// own format (a SAZ can be re-encrypted or decrypted this way).
//
// Exit codes: 0 converted, 2 usage or input error, 3 internal error.
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "tracesan/Io.h"
#include "tracesan/Trace.h"

#ifndef TRACESAN_VERSION
#define TRACESAN_VERSION "unknown"
#endif

namespace {

constexpr const char* kTool = "convert-trace";

extern "C" void onSignal(int signal) {
  tracesan::removePendingOutputs();
  ::_exit(128 + signal);
}

bool endsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

int fail(const tracesan::Error& error) {
  std::cerr << kTool << ": " << error.message() << "\n";
  return error.exitCode();
}

int run(const std::string& input, const std::string& output, const std::string& to, const std::string& password,
        const std::string& outputPassword, bool quiet) {
  using namespace tracesan;
  TraceFormat format = TraceFormat::Unknown;
  if (to == "har") format = TraceFormat::Har;
  else if (to == "saz") format = TraceFormat::Saz;
  else if (endsWith(output, ".har")) format = TraceFormat::Har;
  else if (endsWith(output, ".saz")) format = TraceFormat::Saz;
  else return fail(Error(ErrorKind::Usage, output + ": cannot tell the output format from its name: use --to har or --to saz"));
  if (!outputPassword.empty() && format != TraceFormat::Saz)
    return fail(Error(ErrorKind::Usage, "--output-password only applies to SAZ output"));

  ReadOptions readOptions;
  readOptions.sazPassword = password;
  auto reader = openTrace(input, readOptions);
  if (!reader) return fail(reader.error());
  WriteOptions writeOptions;
  writeOptions.sazPassword = outputPassword;
  auto writer = createWriter(*reader.value(), output, format, writeOptions);
  if (!writer) return fail(writer.error());
  std::size_t count = 0;
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) return fail(entry.error());
    if (*entry == nullptr) break;
    if (auto s = writer.value()->write(**entry); !s) return fail(s.error());
    if (!(*entry)->auxiliary) ++count;
  }
  if (auto s = writer.value()->finish(); !s) return fail(s.error());
  for (const auto& w : reader.value()->warnings()) std::cerr << kTool << ": warning: " << w << "\n";
  if (!quiet)
    std::cerr << kTool << ": " << reader.value()->name() << ": " << count << " entries written to "
              << (output == "-" ? std::string("<stdout>") : output) << " (" << formatName(format) << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  // A closed stdout pipe becomes a write error (and a clean exit that removes temporary files).
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"Convert an HTTP trace between HAR and Fiddler SAZ.", kTool};
  app.footer(
      "Examples:\n"
      "  convert-trace capture.saz -o capture.har\n"
      "  convert-trace capture.har -o capture.saz --output-password 'P@ssw0rd-FAKE-1'\n"
      "  TRACESAN_SAZ_PASSWORD=secret convert-trace locked.saz -o - --to har | jq .log.entries[0]\n"
      "\n"
      "The output format comes from --to, else from the output's extension. A SAZ written from a SAZ\n"
      "keeps every member byte for byte; bodies converted from HAR are written decoded.\n"
      "Exit codes: 0 converted, 2 usage or input error, 3 internal error.");
  std::string input, output, to, password, outputPassword;
  bool quiet = false;
  app.add_option("INPUT", input, "trace to read (HAR or SAZ, sniffed from content; - for stdin)")->required();
  app.add_option("-o,--output", output, "file to write (- for stdout)")->required();
  app.add_option("--to", to, "output format")->check(CLI::IsMember({"har", "saz"}));
  app.add_option("--password", password, "password of an encrypted SAZ input (default: $TRACESAN_SAZ_PASSWORD)");
  app.add_option("--output-password", outputPassword, "encrypt the SAZ output with this password (AES-256)");
  app.add_flag("-q,--quiet", quiet, "no summary on stderr");
  app.set_version_flag("--version", std::string("convert-trace (tracesan) ") + TRACESAN_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (password.empty())
    if (const char* env = std::getenv("TRACESAN_SAZ_PASSWORD")) password = env;
  try {
    return run(input, output, to, password, outputPassword, quiet);
  } catch (const std::exception& e) {
    std::cerr << kTool << ": internal error: " << e.what() << "\n";
    return 3;
  }
}
