// convert-trace: converts an HTTP trace between HAR and Fiddler SAZ, or rewrites a trace in its
// own format (a SAZ can be re-encrypted or decrypted this way).
//
// Exit codes: 0 converted, 2 usage or input error, 3 internal error.
#include <iostream>
#include <string>

#include "common/Cli.h"
#include "tracesan/Pipeline.h"
#include "tracesan/Trace.h"

namespace {

namespace cli = tracesan::cli;

bool endsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

int run(const cli::Tool& tool, const std::string& input, const std::string& output, const std::string& to, const std::string& password,
        const std::string& outputPassword, bool quiet) {
  using namespace tracesan;
  TraceFormat format = TraceFormat::Unknown;
  if (to == "har") format = TraceFormat::Har;
  else if (to == "saz") format = TraceFormat::Saz;
  else if (endsWith(output, ".har")) format = TraceFormat::Har;
  else if (endsWith(output, ".saz")) format = TraceFormat::Saz;
  else return tool.fail(Error(ErrorKind::Usage, output + ": cannot tell the output format from its name: use --to har or --to saz"));
  if (!outputPassword.empty() && format != TraceFormat::Saz)
    return tool.fail(Error(ErrorKind::Usage, "--output-password only applies to SAZ output"));

  ReadOptions readOptions;
  readOptions.sazPassword = password;
  auto reader = openTrace(input, readOptions);
  if (!reader) return tool.fail(reader.error());
  WriteOptions writeOptions;
  writeOptions.sazPassword = outputPassword;
  auto writer = createWriter(*reader.value(), output, format, writeOptions);
  if (!writer) return tool.fail(writer.error());
  std::size_t count = 0;
  JobOptions jobs;
  jobs.onEntry = [&](const Entry& e) { count += e.auxiliary ? 0 : 1; };  // NetLog: only requests are entries of the output
  if (auto converted = convert(*reader.value(), *writer.value(), jobs); !converted) return tool.fail(converted.error());
  for (const auto& w : reader.value()->warnings()) tool.warn(w);
  if (!quiet)
    std::cerr << tool.name() << ": " << reader.value()->name() << ": " << cli::count(count, "entry", "entries")
              << " written to "
              << (output == "-" ? std::string("<stdout>") : output) << " (" << formatName(format) << ")\n";
  return 0;
}

int runTool(const cli::Tool& tool, int argc, char** argv) {
  CLI::App app{"Convert an HTTP trace between HAR and Fiddler SAZ, or a Chrome/Edge NetLog to either.", tool.name()};
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
  app.add_option("INPUT", input, "trace to read (HAR, SAZ or NetLog, sniffed from content; - for stdin)")->required();
  app.add_option("-o,--output", output, "file to write (- for stdout)")->required();
  app.add_option("--to", to, "output format")->check(CLI::IsMember({"har", "saz"}));
  tool.addPassword(app, password);
  app.add_option("--output-password", outputPassword, "encrypt the SAZ output with this password (AES-256)");
  app.add_flag("-q,--quiet", quiet, "no summary on stderr");
  tool.addVersion(app);
  if (auto code = tool.parse(app, argc, argv)) return *code;
  return run(tool, input, output, to, cli::sazPassword(password), outputPassword, quiet);
}

}  // namespace

int main(int argc, char** argv) {
  cli::Tool tool("convert-trace");
  return tool.run([&] { return runTool(tool, argc, argv); });
}
