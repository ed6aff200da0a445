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
#include "tracesan/HtmlReport.h"
#include "tracesan/Io.h"
#include "tracesan/SigninLog.h"
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
    "  extract-errors --format html -o report.html signin.har other.saz\n"
    "      one self-contained page: the sign-in flow, the failing step, each error and what to do\n"
    "  extract-errors --signins InteractiveSignIns.csv --format json signin.har\n"
    "      each finding with the sign-in log records of the same correlation ID (or, marked as a\n"
    "      weaker match, of the same app within 10 minutes)\n"
    "  extract-errors signins.json\n"
    "      the failing sign-ins of an Entra sign-in log export (admin center JSON or CSV, Graph)\n"
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

// What searching one input gave: findings (and for the HTML report the whole diagnosis), or the
// message and exit code of its error.
struct FileResult {
  std::vector<tracesan::Finding> findings;
  std::vector<tracesan::SigninAnnotation> signins;  // sign-in log inputs: each finding's record
  tracesan::TraceDiagnosis diagnosis;
  std::string error;
  int exitCode = 0;
  bool readable = false;
};

FileResult failedWith(const std::string& input, const tracesan::Error& error) {
  FileResult result;
  result.error = withFile(input, error.message());
  result.exitCode = error.exitCode();
  return result;
}

// A sign-in log export given as input: its failing records are the findings.
FileResult searchSigninLog(const std::string& input, tracesan::FindOptions options) {
  auto log = tracesan::openSigninLog(input);
  if (!log) return failedWith(input, log.error());
  options.file = input;
  auto found = tracesan::findSigninErrors(*log.value(), options);
  if (!found) return failedWith(input, found.error());
  FileResult result;
  for (tracesan::SigninFinding& f : found->findings) {
    result.findings.push_back(std::move(f.finding));
    result.signins.push_back({std::move(f.record), {}});
  }
  result.diagnosis.file = input;
  result.diagnosis.format = "signin-log";
  result.diagnosis.entries = found->records;
  result.diagnosis.findings = result.findings;
  result.readable = true;
  return result;
}

FileResult searchFile(const std::string& input, tracesan::FindOptions options, const tracesan::ReadOptions& readOptions,
                      bool showProgress, bool diagnose) {
  if (tracesan::isSigninLogFile(input)) return searchSigninLog(input, options);
  auto reader = tracesan::openTrace(input, readOptions);
  if (!reader) return failedWith(input, reader.error());
  options.file = input;
  if (showProgress) options.progress = progressPrinter(input);
  FileResult result;
  if (diagnose) {
    auto diagnosis = tracesan::diagnoseTrace(*reader.value(), options);
    if (!diagnosis) return failedWith(input, diagnosis.error());
    result.findings = diagnosis->findings;
    result.diagnosis = std::move(*diagnosis);
  } else {
    auto found = tracesan::findAadErrors(*reader.value(), options);
    if (!found) return failedWith(input, found.error());
    result.findings = std::move(*found);
  }
  result.readable = true;
  return result;
}

// Searches the inputs on up to `jobs` threads, one file per thread at a time; results come back in
// input order, so the output is the same whatever the job count.
std::vector<FileResult> searchFiles(const std::vector<std::string>& inputs, const tracesan::FindOptions& options,
                                    const tracesan::ReadOptions& readOptions, std::size_t jobs, bool showProgress,
                                    bool diagnose) {
  std::vector<FileResult> results(inputs.size());
  jobs = std::max<std::size_t>(1, std::min(jobs, inputs.size()));
  if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) jobs = 1;  // stdin is read in turn
  if (jobs == 1) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      results[i] = searchFile(inputs[i], options, readOptions, showProgress, diagnose);
      // Errors as they happen when serial, as before.
      if (!results[i].error.empty()) std::cerr << kTool << ": " << results[i].error << "\n";
    }
    return results;
  }
  std::atomic<std::size_t> nextInput{0};
  auto worker = [&] {
    for (std::size_t i = nextInput++; i < inputs.size(); i = nextInput++)
      results[i] = searchFile(inputs[i], options, readOptions, /*showProgress=*/false, diagnose);
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < jobs; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  (void)showProgress;
  for (const FileResult& r : results)
    if (!r.error.empty()) std::cerr << kTool << ": " << r.error << "\n";
  return results;
}

using PerCode = std::map<std::pair<std::string, long>, std::size_t>;

// "extract-errors: 2 findings (AADSTS50125 x1, AADSTS50126 x1) in 1 file" on stderr.
void printSummary(std::size_t total, const PerCode& perCode, std::size_t files) {
  std::cerr << kTool << ": " << total << (total == 1 ? " finding" : " findings");
  if (!perCode.empty()) {
    std::cerr << " (";
    bool first = true;
    for (const auto& [code, count] : perCode) {
      std::cerr << (first ? "" : ", ") << code.first << code.second << " x" << count;
      first = false;
    }
    std::cerr << ")";
  }
  std::cerr << " in " << files << (files == 1 ? " file\n" : " files\n");
}

// Only sign-in log exports, as JSON or CSV: findings are written while the exports are read, so
// memory stays flat for an export of any size. Returns the exit code.
int streamSigninLogs(const std::vector<std::string>& inputs, const tracesan::FindOptions& options,
                     tracesan::FindingFormat format, const std::string& output, bool quiet,
                     const std::vector<long>& failOn) {
  std::unique_ptr<tracesan::OutputFile> file;
  if (output != "-") {
    auto created = tracesan::OutputFile::create(output);
    if (!created) {
      std::cerr << kTool << ": " << withFile(output, created.error().message()) << "\n";
      return created.error().exitCode();
    }
    file = std::move(*created);
  }
  auto write = [&](std::string_view piece) -> tracesan::Status {
    if (file) return file->write(piece);
    std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    if (std::cout) return tracesan::Status::ok();
    return tracesan::ioError("cannot write the output");
  };
  auto result = tracesan::streamSigninFindings(inputs, options, format, write);
  if (result && file) {
    if (auto committed = file->commit(); !committed) result = committed.error();
  }
  if (!result) {
    std::cerr << kTool << ": " << result.error().message() << "\n";
    return 2;
  }
  int status = 0;
  for (const tracesan::Error& e : result->errors) {
    std::cerr << kTool << ": " << e.message() << "\n";
    status = std::max(status, e.exitCode());
  }
  if (!quiet) {
    PerCode perCode;
    for (const auto& [code, count] : result->perCode) perCode[{"AADSTS", code}] = count;
    printSummary(result->findings, perCode, inputs.size());
  }
  if (status != 0) return status;
  for (long code : failOn)
    if (result->perCode.count(code) != 0) return 1;
  return 0;
}

// Writes the report to stdout or, atomically, to a file; returns 0 or the exit code of the error.
int writeOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    if (std::cout) return 0;
    std::cerr << kTool << ": cannot write the output\n";
    return 2;
  }
  auto out = tracesan::OutputFile::create(path);
  tracesan::Status status = out ? out.value()->write(text) : tracesan::Status(out.error());
  if (status) status = out.value()->commit();
  if (status) return 0;
  std::cerr << kTool << ": " << withFile(path, status.error().message()) << "\n";
  return status.error().exitCode();
}

// Joins the records of one sign-in log to the findings (--signins); returns 0 or an exit code.
int joinSigninLog(const std::string& file, const std::vector<tracesan::Finding>& findings,
                  std::vector<tracesan::SigninAnnotation>& signins) {
  auto log = tracesan::openSigninLog(file);
  if (!log) {
    std::cerr << kTool << ": " << withFile(file, log.error().message()) << "\n";
    return log.error().exitCode();
  }
  auto joins = tracesan::joinSignins(findings, *log.value());
  if (!joins) {
    std::cerr << kTool << ": " << withFile(file, joins.error().message()) << "\n";
    return joins.error().exitCode();
  }
  for (std::size_t i = 0; i < findings.size(); ++i)
    for (auto& m : (*joins)[i]) signins[i].matches.push_back(std::move(m));
  return 0;
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
  std::string output = "-";
  std::vector<std::string> signinLogs;

  app.add_option("--format", format, "Output format (html: a self-contained report page)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
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
  app.add_option("-o,--output", output, "Write the output to this file (atomically); default stdout")
      ->capture_default_str();
  app.add_option("--signins", signinLogs,
                 "Entra sign-in log export (JSON, CSV or Graph) to join to the findings by correlation ID (repeatable)")
      ->allow_extra_args(false);
  app.add_option("INPUT", inputs, "HAR or SAZ files, or sign-in log exports (- reads stdin)")->required();

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

  const bool onlySigninLogs = std::all_of(inputs.begin(), inputs.end(), [](const std::string& in) {
    return tracesan::isSigninLogFile(in);
  });
  if ((format == "json" || format == "csv") && signinLogs.empty() && onlySigninLogs)
    return streamSigninLogs(inputs, options, format == "json" ? tracesan::FindingFormat::Json : tracesan::FindingFormat::Csv,
                            output, quiet, failOn);

  // Progress lines only make sense for one file at a time.
  const bool showProgress = !quiet && isatty(STDERR_FILENO) == 1 && (jobs == 1 || inputs.size() == 1);
  std::vector<tracesan::Finding> findings;
  int status = 0;
  std::size_t readable = 0;
  const bool html = format == "html";
  std::vector<tracesan::TraceDiagnosis> diagnoses;
  std::vector<tracesan::SigninAnnotation> signins;  // same index as findings
  for (FileResult& result : searchFiles(inputs, options, readOptions, jobs, showProgress, html)) {
    status = std::max(status, result.exitCode);
    if (!result.readable) continue;
    ++readable;
    result.signins.resize(result.findings.size());
    for (auto& f : result.findings) findings.push_back(std::move(f));
    for (auto& a : result.signins) signins.push_back(std::move(a));
    if (html) diagnoses.push_back(std::move(result.diagnosis));
  }
  for (const std::string& file : signinLogs) {
    if (int joined = joinSigninLog(file, findings, signins); joined != 0) status = std::max(status, joined);
  }
  if (showProgress) std::cerr << "\r\033[K" << std::flush;  // clear the progress line
  if (readable == 0) return status;  // nothing was read: no report that could pass for "no errors"

  tracesan::FindingFormat fmt = format == "json"  ? tracesan::FindingFormat::Json
                                : format == "csv" ? tracesan::FindingFormat::Csv
                                                  : tracesan::FindingFormat::Text;
  std::string text;
  if (html) {
    tracesan::HtmlReportOptions htmlOptions;
    std::size_t next = 0;  // findings are the diagnoses' findings, in order
    for (const tracesan::TraceDiagnosis& d : diagnoses) {
      htmlOptions.signins.emplace_back(signins.begin() + next, signins.begin() + next + d.findings.size());
      next += d.findings.size();
    }
    text = tracesan::renderHtmlReport(diagnoses, htmlOptions);
  } else {
    text = tracesan::formatFindingsWithSignins(findings, signins, fmt);
  }
  if (int written = writeOutput(output, text); written != 0) return written;

  if (!quiet) {
    PerCode perCode;
    for (const auto& f : findings) ++perCode[{f.family, f.code}];
    printSummary(findings.size(), perCode, inputs.size());
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
