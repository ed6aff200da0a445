// extract-errors: finds Entra ID sign-in errors (AADSTS codes) in HAR and SAZ traces and explains
// them. A thin shell over tracesan::findAadErrors and tracesan::formatFindings.
//
// Exit codes: 0 ok (with or without findings), 1 a --fail-on code was found, 2 usage or input
// error, 3 internal error.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/Cli.h"
#include "common/InOrder.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

namespace {

namespace cli = tracesan::cli;

constexpr const char* kDescription =
    "Find Entra ID sign-in errors (AADSTS codes) in HAR and Fiddler SAZ traces and explain them.\n"
    "Looks at token-endpoint JSON, the login page's $Config, error redirects (Location query or\n"
    "fragment), form_post pages and posts, WWW-Authenticate, x-ms-clitelem, SAML responses, WS-Fed\n"
    "faults and plain text; Azure AD B2C AADB2C codes too. Secrets are printed as REDACTED.";

constexpr const char* kFooter =
    "Examples:\n"
    "  extract-errors signin.har\n"
    "      findings as a table, then what each code means and what to do\n"
    "  extract-errors --format json --context 3 signin.har > findings.json\n"
    "  extract-errors --format csv a.har b.saz > findings.csv\n"
    "  extract-errors -j 4 --format json day1/*.har > findings.json\n"
    "      four files at a time; findings stay in the order the files are given\n"
    "  extract-errors --code 50125 --code 53003 signin.saz --password 'P@ss-FAKE'\n"
    "  extract-errors --fail-on 50125 -q --format json signin.har || echo 'password reset interrupt'\n"
    "\n"
    "Device-code polling answers (AADSTS70016 authorization_pending) are normal and hidden unless\n"
    "--all is given or the code is listed with --code; they are marked \"expected\": true.\n"
    "\n"
    "Exit codes: 0 ok (findings or not), 1 a --fail-on code was found, 2 usage or input error,\n"
    "3 internal error.";

std::string withFile(const std::string& file, const std::string& message) {
  if (message.starts_with(file + ":")) return message;
  return file + ": " + message;
}

// Codes may be given as printed: "AADSTS50125" is 50125, "AADB2C90118" is 90118.
std::string stripCodePrefix(std::string value) {
  for (const char* prefix : {"AADSTS", "aadsts", "AADB2C", "aadb2c"})
    if (value.size() > 6 && value.rfind(prefix, 0) == 0) return value.substr(6);
  return value;
}

// What searching one input gave: findings, or the message and exit code of its error.
struct FileResult {
  std::vector<tracesan::Finding> findings;
  std::string error;
  int exitCode = 0;
  bool readable = false;
};

FileResult searchFile(const cli::Tool& tool, const std::string& input, tracesan::FindOptions options,
                      const tracesan::ReadOptions& readOptions, bool showProgress) {
  FileResult result;
  auto reader = tracesan::openTrace(input, readOptions);
  if (!reader) {
    result.error = withFile(input, reader.error().message());
    result.exitCode = reader.error().exitCode();
    return result;
  }
  options.file = input;
  auto progress = std::make_shared<cli::Progress>(tool, showProgress, input, 0);
  if (showProgress)
    options.progress = [progress](const tracesan::Entry& entry) { progress->entry(entry.number, 0); };
  auto found = tracesan::findAadErrors(*reader.value(), options);
  progress->done();
  if (!found) {
    result.error = withFile(input, found.error().message());
    result.exitCode = found.error().exitCode();
    return result;
  }
  result.readable = true;
  result.findings = std::move(*found);
  return result;
}

// Returns the exit code for the run.
int run(const cli::Tool& tool, int argc, char** argv) {
  CLI::App app{kDescription, tool.name()};
  app.footer(kFooter);
  tool.addVersion(app);

  std::string format = "text";
  std::vector<long> codes;
  std::vector<long> failOn;
  bool showUser = false;
  bool all = false;
  std::size_t context = 2;
  std::string password;
  bool quiet = false;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> inputs;

  app.add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  app.add_option("--code", codes, "Report only this code, e.g. 50125 or AADSTS50125 (repeatable)")
      ->allow_extra_args(false)
      ->transform(stripCodePrefix);
  app.add_option("--fail-on", failOn, "Exit with 1 when this code is found (repeatable)")
      ->allow_extra_args(false)
      ->transform(stripCodePrefix);
  app.add_flag("--show-user", showUser, "Show the user name (login_hint, username) and e-mail addresses in messages");
  app.add_flag("--all", all, "Also show expected protocol steps (AADSTS70016 device-code polling)");
  app.add_option("--context", context, "Entries shown before and after each finding")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  tool.addPassword(app, password);
  app.add_flag("-q,--quiet", quiet, "No summary on stderr");
  app.add_option("-j,--jobs", jobs, "Files searched in parallel (default: the number of CPUs); output is the same for any value")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("INPUT", inputs, "HAR or SAZ files (- reads stdin)")->required();

  if (auto code = tool.parse(app, argc, argv)) return *code;

  tracesan::FindOptions options;
  options.showUser = showUser;
  options.includeExpected = all;
  options.codes = codes;
  options.context = context;
  tracesan::ReadOptions readOptions;
  readOptions.sazPassword = cli::sazPassword(password);

  // Every input is searched, on up to `jobs` threads (stdin in turn); errors are reported per file
  // in input order and the exit code is the worst.
  if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) jobs = 1;
  jobs = std::max<std::size_t>(1, std::min(jobs, inputs.size()));
  const bool showProgress = jobs == 1 && cli::Progress::wanted(quiet, false);
  std::vector<FileResult> results(inputs.size());
  std::vector<tracesan::Finding> findings;
  int status = 0;
  std::size_t readable = 0;
  cli::runInOrder(
      inputs.size(), jobs,
      [&](std::size_t i) { results[i] = searchFile(tool, inputs[i], options, readOptions, showProgress); },
      [&](std::size_t i) {
        FileResult& result = results[i];
        if (!result.error.empty()) status = std::max(status, tool.fail(result.error, result.exitCode));
        if (!result.readable) return;
        ++readable;
        for (auto& f : result.findings) findings.push_back(std::move(f));
        result = FileResult{};
      });
  if (readable == 0) return status;  // nothing was read: no report that could pass for "no errors"

  tracesan::FindingFormat fmt = format == "json"  ? tracesan::FindingFormat::Json
                                : format == "csv" ? tracesan::FindingFormat::Csv
                                                  : tracesan::FindingFormat::Text;
  std::cout << tracesan::formatFindings(findings, fmt);
  std::cout.flush();
  if (!std::cout) {
    return tool.fail("cannot write the output");
  }

  if (!quiet) {
    std::map<std::pair<std::string, long>, std::size_t> perCode;
    for (const auto& f : findings) ++perCode[{f.family, f.code}];
    std::cerr << tool.name() << ": " << cli::count(findings.size(), "finding", "findings");
    if (!perCode.empty()) {
      std::cerr << " (";
      bool first = true;
      for (const auto& [code, count] : perCode) {
        std::cerr << (first ? "" : ", ") << code.first << code.second << " x" << count;
        first = false;
      }
      std::cerr << ")";
    }
    std::cerr << " in " << cli::count(inputs.size(), "file", "files") << "\n";
  }
  if (status != 0) return status;
  bool failed = std::any_of(findings.begin(), findings.end(), [&](const tracesan::Finding& f) {
    return std::find(failOn.begin(), failOn.end(), f.code) != failOn.end();
  });
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  cli::Tool tool("extract-errors");
  return tool.run([&] { return run(tool, argc, argv); });
}
