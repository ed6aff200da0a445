// extract-errors: finds Entra ID sign-in errors (AADSTS codes) in HAR and SAZ traces and explains
// them. A thin shell over tracesan::findAadErrors and tracesan::formatFindings.
//
// Exit codes: 0 ok (with or without findings), 1 a --fail-on code was found, 2 usage or input
// error, 3 internal error.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

#ifndef TRACESAN_VERSION
#define TRACESAN_VERSION "unknown"
#endif

namespace {

constexpr const char* kTool = "extract-errors";

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

// Progress on a terminal: the entry being read, redrawn at most a few times a second.
std::function<void(const tracesan::Entry&)> progressPrinter(const std::string& file) {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [file, last](const tracesan::Entry& entry) {
    auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::milliseconds(250)) return;
    *last = now;
    std::cerr << "\r\033[K" << kTool << ": " << file << ": entry " << entry.number << std::flush;
  };
}

// What searching one input gave: findings, or the message and exit code of its error.
struct FileResult {
  std::vector<tracesan::Finding> findings;
  std::string error;
  std::vector<std::string> warnings;  // e.g. a truncated NetLog that was read to its last event
  int exitCode = 0;
  bool readable = false;
};

FileResult searchFile(const std::string& input, tracesan::FindOptions options, const tracesan::ReadOptions& readOptions,
                      bool showProgress) {
  FileResult result;
  auto reader = tracesan::openTrace(input, readOptions);
  if (!reader) {
    result.error = withFile(input, reader.error().message());
    result.exitCode = reader.error().exitCode();
    return result;
  }
  options.file = input;
  if (showProgress) options.progress = progressPrinter(input);
  auto found = tracesan::findAadErrors(*reader.value(), options);
  if (!found) {
    result.error = withFile(input, found.error().message());
    result.exitCode = found.error().exitCode();
    return result;
  }
  result.readable = true;
  result.warnings = reader.value()->warnings();
  result.findings = std::move(*found);
  return result;
}

// Searches the inputs on up to `jobs` threads, one file per thread at a time; results come back in
// input order, so the output is the same whatever the job count.
std::vector<FileResult> searchFiles(const std::vector<std::string>& inputs, const tracesan::FindOptions& options,
                                    const tracesan::ReadOptions& readOptions, std::size_t jobs, bool showProgress) {
  std::vector<FileResult> results(inputs.size());
  jobs = std::max<std::size_t>(1, std::min(jobs, inputs.size()));
  if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) jobs = 1;  // stdin is read in turn
  if (jobs == 1) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      results[i] = searchFile(inputs[i], options, readOptions, showProgress);
      // Errors as they happen when serial, as before.
      for (const auto& w : results[i].warnings) std::cerr << kTool << ": warning: " << w << "\n";
      if (!results[i].error.empty()) std::cerr << kTool << ": " << results[i].error << "\n";
    }
    return results;
  }
  std::atomic<std::size_t> nextInput{0};
  auto worker = [&] {
    for (std::size_t i = nextInput++; i < inputs.size(); i = nextInput++)
      results[i] = searchFile(inputs[i], options, readOptions, /*showProgress=*/false);
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < jobs; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  (void)showProgress;
  for (const FileResult& r : results) {
    for (const auto& w : r.warnings) std::cerr << kTool << ": warning: " << w << "\n";
    if (!r.error.empty()) std::cerr << kTool << ": " << r.error << "\n";
  }
  return results;
}

// Returns the exit code for the run.
int run(int argc, char** argv) {
  CLI::App app{kDescription, kTool};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string(kTool) + " (tracesan) " + TRACESAN_VERSION);

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
  app.add_option("--password", password, "Password of encrypted SAZ archives (default: $TRACESAN_SAZ_PASSWORD)");
  app.add_flag("-q,--quiet", quiet, "No summary on stderr");
  app.add_option("-j,--jobs", jobs, "Files searched in parallel (default: the number of CPUs); output is the same for any value")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("INPUT", inputs, "HAR or SAZ files (- reads stdin)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << kTool << ": " << e.what() << "\n" << "Run with --help for usage.\n";
    return 2;
  }

  tracesan::FindOptions options;
  options.showUser = showUser;
  options.includeExpected = all;
  options.codes = codes;
  options.context = context;
  tracesan::ReadOptions readOptions;
  readOptions.sazPassword = password;
  if (password.empty()) {
    if (const char* fromEnvironment = std::getenv("TRACESAN_SAZ_PASSWORD")) readOptions.sazPassword = fromEnvironment;
  }

  // Progress lines only make sense for one file at a time.
  const bool showProgress = !quiet && isatty(STDERR_FILENO) == 1 && (jobs == 1 || inputs.size() == 1);
  std::vector<tracesan::Finding> findings;
  int status = 0;
  std::size_t readable = 0;
  for (FileResult& result : searchFiles(inputs, options, readOptions, jobs, showProgress)) {
    status = std::max(status, result.exitCode);
    if (!result.readable) continue;
    ++readable;
    for (auto& f : result.findings) findings.push_back(std::move(f));
  }
  if (showProgress) std::cerr << "\r\033[K" << std::flush;  // clear the progress line
  if (readable == 0) return status;  // nothing was read: no report that could pass for "no errors"

  tracesan::FindingFormat fmt = format == "json"  ? tracesan::FindingFormat::Json
                                : format == "csv" ? tracesan::FindingFormat::Csv
                                                  : tracesan::FindingFormat::Text;
  std::cout << tracesan::formatFindings(findings, fmt);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << kTool << ": cannot write the output\n";
    return 2;
  }

  if (!quiet) {
    std::map<std::pair<std::string, long>, std::size_t> perCode;
    for (const auto& f : findings) ++perCode[{f.family, f.code}];
    std::cerr << kTool << ": " << findings.size() << (findings.size() == 1 ? " finding" : " findings");
    if (!perCode.empty()) {
      std::cerr << " (";
      bool first = true;
      for (const auto& [code, count] : perCode) {
        std::cerr << (first ? "" : ", ") << code.first << code.second << " x" << count;
        first = false;
      }
      std::cerr << ")";
    }
    std::cerr << " in " << inputs.size() << (inputs.size() == 1 ? " file\n" : " files\n");
  }
  if (status != 0) return status;
  bool failed = std::any_of(findings.begin(), findings.end(), [&](const tracesan::Finding& f) {
    return std::find(failOn.begin(), failOn.end(), f.code) != failOn.end();
  });
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << kTool << ": internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << kTool << ": internal error\n";
  }
  return 3;
}
