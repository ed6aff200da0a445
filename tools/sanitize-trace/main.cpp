// sanitize-trace: removes secrets from HTTP traces (HAR, Fiddler SAZ) so they can be shared, or
// checks that a trace holds none. A thin shell over tracesan's Redactor: parse flags, stream each
// input entry by entry through the redactor into a writer, print, exit.
//
// Exit codes: 0 ok, 1 leaks found (--check), 2 usage or input error, 3 internal error, 130 interrupted.
#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tracesan/Io.h"
#include "tracesan/ParallelCheck.h"
#include "tracesan/ParallelSanitize.h"
#include "tracesan/Redactor.h"
#include "tracesan/Rules.h"
#include "tracesan/Trace.h"

namespace {

constexpr const char* kTool = "sanitize-trace";
constexpr const char* kVersion = "0.1.0";

struct Flags {
  std::vector<std::string> inputs;
  std::string output;
  std::string to;
  std::string report;
  bool check = false;
  std::string key;
  std::vector<std::string> ruleFiles;
  std::vector<std::string> allow;
  bool keepJwtClaims = false;
  bool keepPii = false;
  bool redactPii = false;
  bool redactState = false;  // accepted for compatibility: state and nonce are redacted by default
  bool keepState = false;
  bool noRedact = false;
  bool inPlace = false;
  std::string password;
  std::string outputPassword;
  bool quiet = false;
  bool progress = false;
  std::size_t jobs = 0;  // 0: one per CPU
};

// A failure to report once at the edge: message (already with file/entry context) and exit code.
struct Failure {
  std::string message;
  int code = 2;
};

extern "C" void onSignal(int) {
  tracesan::removePendingOutputs();
  ::_exit(130);
}

void installSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  // A closed pipe on stdout becomes a write error with a message, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
}

bool isDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::uint64_t fileSize(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

std::string extensionOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

tracesan::TraceFormat formatFromName(const std::string& name) {
  if (name == "har" || name == ".har") return tracesan::TraceFormat::Har;
  if (name == "saz" || name == ".saz") return tracesan::TraceFormat::Saz;
  return tracesan::TraceFormat::Unknown;
}

// Shows how far a file is, on stderr, at most a few times a second.
class Progress {
public:
  Progress(bool enabled, std::string name, std::uint64_t size) : enabled_(enabled), name_(std::move(name)), size_(size) {}
  ~Progress() { done(); }
  void update(const tracesan::Entry& e) {
    if (!enabled_) return;
    ++entries_;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    if (size_ > 0 && e.offset > 0)
      std::fprintf(stderr, "\r%s: %s: %3.0f%% (%zu entries)", kTool, name_.c_str(),
                   100.0 * static_cast<double>(e.offset) / static_cast<double>(size_), entries_);
    else
      std::fprintf(stderr, "\r%s: %s: %zu entries", kTool, name_.c_str(), entries_);
    shown_ = true;
  }
  void done() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

private:
  bool enabled_;
  std::string name_;
  std::uint64_t size_;
  std::size_t entries_ = 0;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

struct Run {
  const Flags& flags;
  const tracesan::Redactor& redactor;
  tracesan::RedactionSession session;
  tracesan::Report report;
  std::size_t leaks = 0;
  bool showProgress = false;
  // Spare threads for this file's entries: its checks, or the first redaction pass of HAR to HAR
  // and of conversions (0: this thread does everything).
  std::size_t workers = 0;
  // Where the file's leak lines and summary go: the terminal, or a buffer when files run in parallel.
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
};

tracesan::ReadOptions readOptions(const Flags& f) {
  tracesan::ReadOptions o;
  o.sazPassword = f.password;
  return o;
}

std::optional<Failure> checkFile(Run& run, const std::string& input) {
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return Failure{reader.error().message(), reader.error().exitCode()};
  const std::string& name = reader.value()->name();
  Progress progress(run.showProgress, name, fileSize(input));
  auto printLeaks = [&](const std::vector<tracesan::Leak>& leaks) {
    for (const auto& l : leaks) {
      *run.out << name << ": ";
      if (l.entry > 0) *run.out << "entry " << l.entry << ": ";
      *run.out << l.location << ": " << l.kind << "\n";
    }
    run.leaks += leaks.size();
    if (!run.flags.report.empty()) run.report.addLeaks(leaks, name);  // memory stays flat without --report
  };
  // Entries are checked on run.workers threads; their leaks arrive here in entry order.
  tracesan::ParallelCheck check(run.redactor, run.workers, [&](std::vector<tracesan::Leak> leaks) {
    progress.done();
    printLeaks(leaks);
  });
  // Text outside the entries (HAR log header, pages, comments) is checked too, in its place.
  reader.value()->setOutsideEditor([&](std::string& json) {
    check.finish();
    printLeaks(run.redactor.checkJsonText(json, "log"));
  });
  std::size_t entries = 0;
  for (;;) {
    auto next = reader.value()->next();
    if (!next) {
      check.finish();  // what came before the error is printed first
      return Failure{next.error().message(), next.error().exitCode()};
    }
    tracesan::Entry* e = *next;
    if (!e) break;
    ++entries;
    progress.update(*e);
    check.add(std::move(*e));  // the entry is not used afterwards
  }
  check.finish();
  run.report.addFile(input, "", tracesan::formatName(reader.value()->format()), entries);
  return std::nullopt;
}

// Two-pass learning, first pass: the secrets of a trace that is a regular file are learned before
// anything is written, so a secret revealed late is replaced early too. Used for SAZ outputs; HAR
// outputs are searched again once written instead (replaceKnownSecretsInFile), which costs less.
std::optional<Failure> learnSecrets(Run& run, const std::string& input) {
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return Failure{reader.error().message(), reader.error().exitCode()};
  reader.value()->setOutsideEditor([&](std::string& json) { run.redactor.redactJsonText(json, run.session, "log"); });
  for (;;) {
    auto next = reader.value()->next();
    if (!next) return Failure{next.error().message(), next.error().exitCode()};
    if (*next == nullptr) return std::nullopt;
    run.redactor.redact(**next, run.session);
  }
}

std::optional<Failure> sanitizeFile(Run& run, const std::string& input, const std::string& output,
                                    tracesan::TraceFormat format) {
  if (!run.flags.noRedact && input != "-" && fileSize(input) > 0) {
    auto head = tracesan::openTrace(input, readOptions(run.flags));
    if (!head) return Failure{head.error().message(), head.error().exitCode()};
    const auto to = format == tracesan::TraceFormat::Unknown ? head.value()->format() : format;
    head.value().reset();
    if (to == tracesan::TraceFormat::Saz)
      if (auto failure = learnSecrets(run, input)) return failure;
  }
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return Failure{reader.error().message(), reader.error().exitCode()};
  tracesan::TraceReader& r = *reader.value();
  tracesan::WriteOptions wo;
  wo.sazPassword = run.flags.outputPassword;
  if (format == tracesan::TraceFormat::Unknown) format = r.format();
  auto writer = tracesan::createWriter(r, output, format, wo);
  if (!writer) return Failure{writer.error().message(), writer.error().exitCode()};
  Progress progress(run.showProgress, r.name(), fileSize(input));
  std::size_t entries = 0, redactions = 0, failClosed = 0;
  auto account = [&](const tracesan::RedactionResult& result) {
    redactions += result.records.size();
    failClosed += result.failClosed.size();
    if (!run.flags.report.empty()) run.report.add(result, r.name());
  };
  // Text outside the entries (HAR log header, page titles that are URLs, comments).
  auto outside = [&](std::string& json) { account(run.redactor.redactJsonText(json, run.session, "log")); };
  // With spare threads, each entry's decisions are made on them, and the rest done in order here
  // (same output): a HAR written as a HAR, and conversions.
  std::optional<tracesan::ParallelSanitize> pipeline;
  if (!run.flags.noRedact && run.workers > 0 && tracesan::ParallelSanitize::supports(r, *writer.value()))
    pipeline.emplace(r, *writer.value(), run.redactor, run.session, run.workers, outside, account);
  else if (!run.flags.noRedact)
    r.setOutsideEditor(outside);
  for (;;) {
    auto next = r.next();
    if (!next) return Failure{next.error().message(), next.error().exitCode()};
    tracesan::Entry* e = *next;
    if (!e) break;
    ++entries;
    progress.update(*e);
    tracesan::Status s = tracesan::Status::ok();
    if (pipeline) {
      s = pipeline->add(std::move(*e));
    } else {
      if (!run.flags.noRedact) account(run.redactor.redact(*e, run.session));
      s = writer.value()->write(*e);
    }
    if (!s) return Failure{s.error().message(), s.error().exitCode()};
  }
  if (pipeline)
    if (auto s = pipeline->finish(); !s) return Failure{s.error().message(), s.error().exitCode()};
  if (auto s = writer.value()->finish(); !s) return Failure{s.error().message(), s.error().exitCode()};
  if (!run.flags.noRedact && output != "-" && format == tracesan::TraceFormat::Har) {
    // Two-pass learning, second pass: what was learned after it was written is replaced now.
    auto late = tracesan::replaceKnownSecretsInFile(output, run.session);
    if (!late) return Failure{late.error().message(), late.error().exitCode()};
    if (*late > 0) {
      tracesan::RedactionResult result;
      result.records.assign(*late, tracesan::RedactionRecord{0, "known.learned-later", "known"});
      account(result);
    }
  }
  progress.done();
  run.report.addFile(input, output, tracesan::formatName(format), entries);
  if (!run.flags.quiet) {
    std::string shownOut = output == "-" ? "<stdout>" : output;
    *run.err << kTool << ": " << r.name() << " -> " << shownOut << ": " << entries << " entries, " << redactions
              << " redactions";
    if (failClosed > 0) *run.err << " (" << failClosed << " bodies redacted whole: could not be decoded)";
    *run.err << "\n";
  }
  return std::nullopt;
}

// The output path of `input` inside directory `dir`, with the extension of `format`.
std::string outputInDirectory(const std::string& dir, const std::string& input, tracesan::TraceFormat format,
                              tracesan::TraceFormat inputFormat) {
  std::filesystem::path in(input);
  std::filesystem::path name = in.filename();
  if (format != tracesan::TraceFormat::Unknown && format != inputFormat)
    name.replace_extension(std::string(".") + std::string(tracesan::formatName(format)));
  return (std::filesystem::path(dir) / name).string();
}

tracesan::TraceFormat sniffFile(const std::string& path) {
  if (path == "-") return tracesan::TraceFormat::Unknown;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return tracesan::TraceFormat::Unknown;
  char head[64];
  std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  return tracesan::sniffFormat(std::string_view(head, n));
}

std::optional<Failure> writeReport(const Flags& flags, const tracesan::Report& report) {
  if (flags.report.empty()) return std::nullopt;
  auto out = tracesan::OutputFile::create(flags.report);
  if (!out) return Failure{out.error().message(), 2};
  if (auto s = out.value()->write(report.toJson()); !s) return Failure{s.error().message(), 2};
  if (auto s = out.value()->commit(); !s) return Failure{s.error().message(), 2};
  return std::nullopt;
}

int fail(const Failure& f) {
  std::cerr << kTool << ": " << f.message << "\n";
  return f.code;
}

int runTool(int argc, char** argv) {
  Flags f;
  CLI::App app{"Remove secrets (tokens, cookies, passwords, keys, optionally personal data) from HTTP traces\n"
               "(HAR, Fiddler SAZ), replacing each with a consistent keyed placeholder such as\n"
               "REDACTED-refresh_token-3f9a1c2e, or check that a trace holds none.",
               kTool};
  app.footer(
      "Examples:\n"
      "  sanitize-trace signin.har -o signin.clean.har\n"
      "  sanitize-trace session.saz -o session.har --report report.json\n"
      "  sanitize-trace a.har b.saz -o clean/ --key 0123456789abcdef     # same placeholders on every run\n"
      "  sanitize-trace -j 4 day1/*.har -o clean/                         # four files at a time\n"
      "  sanitize-trace --check signin.clean.har                          # exit 1 if anything is left\n"
      "  sanitize-trace trace.har --in-place --redact-pii --keep-jwt-claims\n"
      "  cat trace.har | sanitize-trace - -o - > clean.har\n"
      "  sanitize-trace trace.har -o out.har --rules team.rules --allow x-ms-gateway-slice\n"
      "\n"
      "Each input is sanitized on its own: secrets learned in one file are looked for again in that\n"
      "file only, so the output is the same for any -j. Messages come in input order. Threads left\n"
      "over when there are fewer files than -j work on each file's entries: with --check they check\n"
      "them side by side; for a HAR written as a HAR, and for conversions, they make each entry's\n"
      "redaction decisions while the file's own thread reads and replaces known secrets in order.\n"
      "\n"
      "Exit codes: 0 ok, 1 leaks found (--check), 2 usage or input error, 3 internal error.\n"
      "Rules file format: docs/rules.md.");
  app.set_version_flag("--version", std::string(kTool) + " " + kVersion);
  app.add_option("INPUT", f.inputs, "Trace files (HAR or SAZ, sniffed from content); - reads stdin")->required();
  app.add_option("-o,--output", f.output, "Output file, or a directory when there are several inputs; - writes stdout");
  app.add_option("--to", f.to, "Output format (default: from the output extension, else the input's)")
      ->check(CLI::IsMember({"har", "saz"}));
  app.add_option("--report", f.report, "Write a JSON report of what was redacted where (never values)");
  app.add_flag("--check", f.check, "Only scan: print each secret found as FILE: entry N: LOCATION: KIND; exit 1 if any");
  app.add_option("--key", f.key, "Placeholder key (hex or text) for reproducible output; default: random per run");
  app.add_option("--rules", f.ruleFiles, "Extra rules file (repeatable), see docs/rules.md");
  app.add_option("--allow", f.allow, "Keep fields with this name (header, cookie or parameter; repeatable)");
  app.add_flag("--keep-jwt-claims", f.keepJwtClaims, "Keep JWT headers and payloads; destroy only the signatures");
  app.add_flag("--keep-pii", f.keepPii, "With --keep-jwt-claims: keep personal claims (upn, email, name …) too");
  app.add_flag("--redact-pii", f.redactPii, "Also replace user names, UPNs, e-mail and IP addresses");
  app.add_flag("--keep-state", f.keepState, "Keep OAuth state and OIDC nonce values (replaced by default)");
  app.add_flag("--redact-state", f.redactState, "No effect: state and nonce are replaced by default (kept for compatibility)");
  app.add_flag("--no-redact", f.noRedact, "Copy or convert without redacting (the output still holds every secret)");
  app.add_flag("--in-place", f.inPlace, "Replace each input with its sanitized version (atomically)");
  app.add_option("--password", f.password, "Password of an encrypted SAZ input");
  app.add_option("--output-password", f.outputPassword, "Encrypt a SAZ output with this password");
  app.add_flag("-q,--quiet", f.quiet, "No summary or progress on stderr");
  app.add_flag("--progress", f.progress, "Show progress even when stderr is not a terminal");
  app.add_option("-j,--jobs", f.jobs,
                 "Threads (default: the number of CPUs): files run in parallel, and spare threads work on the "
                 "entries of one file (--check, HAR to HAR, conversions); output is the same for any value")
      ->check(CLI::Range(1, 256));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  // Flag combinations.
  if (f.check && (f.inPlace || !f.output.empty() || f.noRedact))
    return fail({"--check only scans: it takes no -o, --in-place or --no-redact", 2});
  if (f.inPlace && !f.output.empty()) return fail({"--in-place and -o cannot be combined", 2});
  if (!f.check && !f.inPlace && f.output.empty()) return fail({"an output is required: -o OUTPUT or --in-place", 2});
  if (f.keepPii && f.redactPii) return fail({"--keep-pii and --redact-pii contradict each other", 2});
  if (f.keepPii && !f.keepJwtClaims) return fail({"--keep-pii only matters with --keep-jwt-claims", 2});
  std::size_t stdins = 0;
  for (const auto& in : f.inputs) stdins += in == "-" ? 1 : 0;
  if (stdins > 1) return fail({"stdin (-) can be read only once", 2});
  if (f.inPlace && stdins > 0) return fail({"--in-place needs files, not stdin", 2});
  const bool several = f.inputs.size() > 1;
  if (!f.check && !f.inPlace && several) {
    if (f.output == "-") return fail({"several inputs need -o DIRECTORY, not stdout", 2});
    if (!isDirectory(f.output)) {
      std::error_code ec;
      if (!std::filesystem::create_directories(f.output, ec) || ec)
        return fail({f.output + ": several inputs need -o to be a directory: " +
                         (ec ? ec.message() : std::string("exists and is not a directory")), 2});
    }
  }

  tracesan::RuleSetOptions ro;
  ro.ruleFiles = f.ruleFiles;
  ro.allow = f.allow;
  auto rules = tracesan::RuleSet::create(ro);
  if (!rules) return fail({rules.error().message(), rules.error().exitCode()});
  tracesan::RedactOptions opts;
  opts.key = f.key;
  opts.keepJwtClaims = f.keepJwtClaims;
  opts.keepPii = f.keepPii;
  opts.redactPii = f.redactPii;
  opts.redactStateNonce = !f.keepState;
  tracesan::Redactor redactor(std::move(rules.value()), opts);

  installSignalHandlers();

  // Every input becomes a job with its output decided up front, in input order. A job the flags
  // refuse ends the list: as in a serial run, nothing after it is read.
  struct Job {
    std::string input;
    std::string output;
    tracesan::TraceFormat format = tracesan::TraceFormat::Unknown;
    std::optional<Failure> refused;
  };
  tracesan::TraceFormat wanted = formatFromName(f.to);
  auto plan = [&](const std::string& input, std::string& output, tracesan::TraceFormat& format) -> std::optional<Failure> {
    format = wanted;
    output = f.inPlace ? input : f.output;
    tracesan::TraceFormat inputFormat = sniffFile(input);
    if (several) {
      output = outputInDirectory(f.output, input, format, inputFormat);
    } else if (format == tracesan::TraceFormat::Unknown && output != "-" && !isDirectory(output)) {
      format = formatFromName(extensionOf(output));
    }
    if (!several && output != "-" && isDirectory(output)) output = outputInDirectory(output, input, format, inputFormat);
    if (!f.inPlace && input != "-" && output != "-") {
      std::error_code ec;
      if (std::filesystem::equivalent(input, output, ec))
        return Failure{output + ": output would overwrite its input (use --in-place to mean that)", 2};
    }
    if (f.inPlace && format == tracesan::TraceFormat::Unknown) format = inputFormat;
    if (f.inPlace && format != inputFormat)
      return Failure{input + ": --in-place keeps the input's format; use -o to convert", 2};
    return std::nullopt;
  };
  std::vector<Job> jobs;
  for (const auto& input : f.inputs) {
    Job job;
    job.input = input;
    if (!f.check) job.refused = plan(input, job.output, job.format);
    jobs.push_back(std::move(job));
    if (jobs.back().refused) break;
  }

  // One file per thread at a time, each with its own session; results are taken in input order.
  struct Outcome {
    std::ostringstream out, err;
    tracesan::Report report;
    std::size_t leaks = 0;
    std::optional<Failure> failure;
    bool ran = false;
  };
  std::vector<Outcome> outcomes(jobs.size());
  const std::size_t budget = f.jobs != 0 ? f.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::size_t threads = std::min(budget, jobs.size());
  if (stdins > 0) threads = 1;  // stdin and stdout are not shared between files
  const bool serial = threads <= 1;
  // Fewer files than threads: the spare threads work on each file's entries, while the file's own
  // thread reads it.
  const std::size_t spare = budget / threads >= 2 ? budget / threads : 0;
  auto runJob = [&](std::size_t i) {
    const Job& job = jobs[i];
    Outcome& o = outcomes[i];
    Run run{f, redactor, {}, {}, 0, false};
    run.workers = spare;
    run.showProgress = serial && !f.quiet && (f.progress || ::isatty(2));
    if (!serial) {
      run.out = &o.out;
      run.err = &o.err;
    }
    if (job.refused) o.failure = job.refused;
    else o.failure = f.check ? checkFile(run, job.input) : sanitizeFile(run, job.input, job.output, job.format);
    o.report = std::move(run.report);
    o.leaks = run.leaks;
    o.ran = true;
  };
  if (!serial) {
    // After a failure, later files are not started (files already running finish).
    std::atomic<std::size_t> nextJob{0};
    std::atomic<std::size_t> firstFailure{jobs.size()};
    auto worker = [&] {
      for (std::size_t i = nextJob++; i < jobs.size(); i = nextJob++) {
        if (i > firstFailure.load()) continue;
        runJob(i);
        if (outcomes[i].failure) {
          std::size_t seen = firstFailure.load();
          while (i < seen && !firstFailure.compare_exchange_weak(seen, i)) {
          }
        }
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  tracesan::Report report;
  std::size_t leaks = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (serial) runJob(i);
    Outcome& o = outcomes[i];
    if (!o.ran) break;
    if (!serial) {
      std::cout << o.out.str();
      std::cerr << o.err.str();
    }
    report.merge(std::move(o.report));
    leaks += o.leaks;
    if (o.failure) return fail(*o.failure);
  }
  if (auto failure = writeReport(f, report)) return fail(*failure);
  if (f.check) {
    if (!f.quiet)
      std::cerr << kTool << ": " << (leaks == 0 ? "no secrets found" : std::to_string(leaks) + " secrets found")
                << "\n";
    return leaks == 0 ? 0 : 1;
  }
  if (f.noRedact && !f.quiet) std::cerr << kTool << ": warning: --no-redact: the output still holds every secret\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return runTool(argc, argv);
  } catch (const std::exception& e) {
    tracesan::removePendingOutputs();
    std::cerr << kTool << ": internal error: " << e.what() << "\n";
    return 3;
  } catch (...) {
    tracesan::removePendingOutputs();
    std::cerr << kTool << ": internal error\n";
    return 3;
  }
}
