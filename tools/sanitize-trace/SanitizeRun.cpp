#include "SanitizeRun.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>

#include "common/InOrder.h"
#include "tracesan/Pipeline.h"
#include "tracesan/SigninLog.h"

namespace sanitize {
namespace {

namespace fs = std::filesystem;
using tracesan::TraceFormat;

bool isDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::uint64_t fileSize(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

std::string extensionOf(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

TraceFormat formatFromName(std::string_view name) {
  if (name == "har" || name == ".har") return TraceFormat::Har;
  if (name == "saz" || name == ".saz") return TraceFormat::Saz;
  return TraceFormat::Unknown;
}

TraceFormat sniffFile(const std::string& path) {
  if (path == "-") return TraceFormat::Unknown;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return TraceFormat::Unknown;
  char head[64];
  std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  return tracesan::sniffFormat(std::string_view(head, n));
}

// The output path of `input` inside directory `dir`, with the extension of `format`.
std::string outputInDirectory(const std::string& dir, const std::string& input, TraceFormat format,
                              TraceFormat inputFormat) {
  fs::path name = fs::path(input).filename();
  if (format != TraceFormat::Unknown && format != inputFormat)
    name.replace_extension(std::string(".") + std::string(tracesan::formatName(format)));
  return (fs::path(dir) / name).string();
}

// The key under which two output paths are the same file: the normalised absolute path.
std::string sameFileKey(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return (ec ? fs::path(path) : absolute).lexically_normal().string();
}

Failure failureOf(const tracesan::Error& error) { return {error.message(), error.exitCode()}; }

std::optional<Failure> planOne(const Flags& f, bool several, Job& job) {
  TraceFormat wanted = formatFromName(f.to);
  job.format = wanted;
  job.output = f.inPlace ? job.input : f.output;
  const TraceFormat inputFormat = job.inputFormat;
  if (job.signinLog) {
    if (wanted != TraceFormat::Unknown) return Failure{job.input + ": a sign-in log stays a sign-in log; --to does not apply"};
    if (several || (job.output != "-" && isDirectory(job.output)))
      job.output = (fs::path(several ? f.output : job.output) / fs::path(job.input).filename()).string();
    job.format = TraceFormat::Unknown;
    std::error_code ec;
    if (!f.inPlace && job.output != "-" && fs::equivalent(job.input, job.output, ec))
      return Failure{job.output + ": output would overwrite its input (use --in-place to mean that)"};
    return std::nullopt;
  }
  if (several) {
    job.output = outputInDirectory(f.output, job.input, job.format, inputFormat);
  } else if (job.format == TraceFormat::Unknown && job.output != "-" && !isDirectory(job.output)) {
    job.format = formatFromName(extensionOf(job.output));
  }
  if (!several && job.output != "-" && isDirectory(job.output))
    job.output = outputInDirectory(job.output, job.input, job.format, inputFormat);
  if (!f.inPlace && job.input != "-" && job.output != "-") {
    std::error_code ec;
    if (fs::equivalent(job.input, job.output, ec))
      return Failure{job.output + ": output would overwrite its input (use --in-place to mean that)"};
  }
  if (f.inPlace && job.format == TraceFormat::Unknown) job.format = inputFormat;
  if (f.inPlace && job.format != inputFormat)
    return Failure{job.input + ": --in-place keeps the input's format; use -o to convert"};
  return std::nullopt;
}

}  // namespace

Plan planJobs(const Flags& f) {
  Plan plan;
  const bool several = f.inputs.size() > 1;
  if (!f.check && !f.inPlace && several) {
    if (f.output == "-") return {{}, Failure{"several inputs need -o DIRECTORY, not stdout"}};
    if (!isDirectory(f.output)) {
      if (exists(f.output)) return {{}, Failure{f.output + ": several inputs need -o to be a directory, and this is a file"}};
      // "-o clean.har" with several inputs is a mistake, not a wish for a directory of that name.
      std::string ext = extensionOf(f.output);
      if (formatFromName(ext) != TraceFormat::Unknown || ext == ".json" || ext == ".zip")
        return {{}, Failure{f.output + ": several inputs need -o to be a directory, not a " + ext +
                            " file name (end it with / to create a directory of that name)"}};
    }
  }
  std::map<std::string, std::string> writers;  // output key -> the input writing it
  for (const auto& input : f.inputs) {
    Job job;
    job.input = input;
    job.inputFormat = sniffFile(input);
    job.signinLog = tracesan::isSigninLogFile(input);
    if (!f.check) job.refused = planOne(f, several, job);
    if (!f.check && !job.refused && job.output != "-") {
      auto [at, added] = writers.emplace(sameFileKey(job.output), input);
      if (!added)
        return {{}, Failure{job.output + ": both " + at->second + " and " + input +
                            " would be written here; sanitize them in separate runs or rename one"}};
    }
    plan.jobs.push_back(std::move(job));
  }
  if (!f.check && !f.inPlace && several && !isDirectory(f.output)) {
    std::error_code ec;
    if (!fs::create_directories(f.output, ec) || ec)
      return {{}, Failure{f.output + ": cannot create the output directory: " + ec.message()}};
  }
  return plan;
}

namespace {
tracesan::ReadOptions readOptions(const Flags& f) {
  tracesan::ReadOptions o;
  o.sazPassword = tracesan::cli::sazPassword(f.password);
  return o;
}
}  // namespace

std::optional<Failure> checkFile(FileRun& run, const std::string& input) {
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return failureOf(reader.error());
  const std::string& name = reader.value()->name();
  tracesan::cli::Progress progress(run.tool, run.showProgress, name, fileSize(input));
  tracesan::CheckOptions options;
  options.workers = run.workers;
  options.onEntry = [&](const tracesan::Entry& e) { progress.entry(e.number, e.offset); };
  options.onLeaks = [&](const std::vector<tracesan::Leak>& leaks) {
    progress.done();
    for (const auto& l : leaks) {
      *run.out << name << ": ";
      if (l.entry > 0) *run.out << "entry " << l.entry << ": ";
      *run.out << l.location << ": " << l.kind << "\n";
    }
    run.leaks += leaks.size();
    if (!run.flags.report.empty()) run.report.addLeaks(leaks, name);  // memory stays flat without --report
  };
  auto checked = tracesan::check(*reader.value(), run.redactor, options);
  progress.done();
  if (!checked) return failureOf(checked.error());
  for (const auto& w : reader.value()->warnings()) *run.err << run.tool.name() << ": warning: " << w << "\n";
  run.report.addFile(input, "", tracesan::formatName(reader.value()->format()), checked->entries);
  return std::nullopt;
}

// Two-pass learning, first pass: the secrets of a trace that is a regular file are learned before
// anything is written, so a secret revealed late is replaced early too. Used for SAZ outputs; HAR
// outputs are searched again once written instead (replaceKnownSecretsInFile), which costs less.
std::optional<Failure> learnSecrets(FileRun& run, const std::string& input, tracesan::RedactionSession& session) {
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return failureOf(reader.error());
  tracesan::JobOptions options;
  options.workers = run.workers;
  if (auto learned = tracesan::learn(*reader.value(), run.redactor, session, options); !learned)
    return failureOf(learned.error());
  return std::nullopt;
}

std::optional<Failure> sanitizeFile(FileRun& run, const Job& job) {
  tracesan::RedactionSession session;
  if (!run.flags.noRedact && job.input != "-" && fileSize(job.input) > 0) {
    const TraceFormat to = job.format == TraceFormat::Unknown ? job.inputFormat : job.format;
    if (to == TraceFormat::Saz)
      if (auto failure = learnSecrets(run, job.input, session)) return failure;
  }
  auto reader = tracesan::openTrace(job.input, readOptions(run.flags));
  if (!reader) return failureOf(reader.error());
  tracesan::TraceReader& r = *reader.value();
  tracesan::WriteOptions wo;
  wo.sazPassword = run.flags.outputPassword;
  TraceFormat format = job.format == TraceFormat::Unknown ? r.format() : job.format;
  auto writer = tracesan::createWriter(r, job.output, format, wo);
  if (!writer) return failureOf(writer.error());
  tracesan::cli::Progress progress(run.tool, run.showProgress, r.name(), fileSize(job.input));
  tracesan::SanitizeOptions options;
  options.workers = run.workers;
  options.onEntry = [&](const tracesan::Entry& e) { progress.entry(e.number, e.offset); };
  if (!run.flags.report.empty())
    options.onResult = [&](const tracesan::RedactionResult& result) { run.report.add(result, r.name()); };
  tracesan::SanitizeStats stats;
  if (run.flags.noRedact) {
    auto copied = tracesan::convert(r, *writer.value(), options);
    if (!copied) return failureOf(copied.error());
    stats.entries = *copied;
  } else {
    auto sanitized = tracesan::sanitize(r, *writer.value(), run.redactor, session, options);
    if (!sanitized) return failureOf(sanitized.error());
    stats = *sanitized;
  }
  if (!run.flags.noRedact && job.output != "-" && format == TraceFormat::Har) {
    // Two-pass learning, second pass: what was learned after it was written is replaced now.
    auto late = tracesan::replaceKnownSecretsInFile(job.output, std::move(session));  // not used after
    if (!late) return failureOf(late.error());
    if (*late > 0) {
      tracesan::RedactionResult result;
      result.records.assign(*late, tracesan::RedactionRecord{0, "known.learned-later", "known"});
      stats.redactions += *late;
      if (options.onResult) options.onResult(result);
    }
  }
  progress.done();
  for (const auto& w : r.warnings()) *run.err << run.tool.name() << ": warning: " << w << "\n";
  run.report.addFile(job.input, job.output, tracesan::formatName(format), stats.entries);
  if (!run.flags.quiet) {
    using tracesan::cli::count;
    *run.err << run.tool.name() << ": " << r.name() << " -> " << (job.output == "-" ? "<stdout>" : job.output) << ": "
             << count(stats.entries, "entry", "entries") << ", " << count(stats.redactions, "redaction", "redactions");
    if (stats.failClosed > 0)
      *run.err << " (" << count(stats.failClosed, "body", "bodies") << " redacted whole: could not be decoded)";
    *run.err << "\n";
  }
  return std::nullopt;
}

// Entra sign-in log exports (JSON, CSV, Graph): every personal value becomes the same keyed
// pseudonym a trace gets (so a sanitized trace and log still join); nothing else changes.
std::optional<Failure> sanitizeSigninFile(FileRun& run, const Job& job) {
  auto log = tracesan::openSigninLog(job.input);
  if (!log) return Failure{job.input + ": " + log.error().message(), log.error().exitCode()};
  auto replaced = tracesan::sanitizeSigninLog(
      *log.value(), job.output,
      [&](std::string_view kind, std::string_view value) { return run.redactor.placeholder(kind, value); }, job.input);
  if (!replaced) return Failure{job.input + ": " + replaced.error().message(), replaced.error().exitCode()};
  if (!run.flags.quiet)
    *run.err << run.tool.name() << ": " << job.input << " -> " << (job.output == "-" ? "<stdout>" : job.output)
             << ": sign-in log, " << tracesan::cli::count(*replaced, "personal value", "personal values") << " replaced\n";
  return std::nullopt;
}

// --check of a sign-in log: each personal value that is not a placeholder is a leak.
std::optional<Failure> checkSigninFile(FileRun& run, const std::string& input) {
  auto log = tracesan::openSigninLog(input);
  if (!log) return Failure{input + ": " + log.error().message(), log.error().exitCode()};
  for (;;) {
    auto next = log.value()->next();
    if (!next) return Failure{input + ": " + next.error().message(), next.error().exitCode()};
    if (*next == nullptr) return std::nullopt;
    for (const tracesan::SigninPersonalValue& p : (*next)->personal) {
      if (p.value.starts_with("REDACTED-") || (p.number && p.value == "0")) continue;
      *run.out << input << ": record " << (*next)->number << ": " << p.kind << "\n";
      ++run.leaks;
    }
  }
}

// Every job of the batch, one file per thread at a time; what each gives is taken back in input
// order, so messages, report and exit code are the same for any -j.
int runBatch(const tracesan::cli::Tool& tool, const Flags& f, const tracesan::Redactor& redactor,
             const std::vector<Job>& jobs, tracesan::Report& report, std::size_t& leaks) {
  namespace cli = tracesan::cli;

  // One file per thread at a time; what each gives is taken back in input order.
  struct Outcome {
    std::ostringstream out, err;
    tracesan::Report report;
    std::size_t leaks = 0;
    std::optional<Failure> failure;
  };
  std::vector<Outcome> outcomes(jobs.size());
  const std::size_t budget = f.jobs != 0 ? f.jobs : std::max(1u, std::thread::hardware_concurrency());
  bool readsStdin = std::find(f.inputs.begin(), f.inputs.end(), "-") != f.inputs.end();
  std::size_t threads = readsStdin ? 1 : std::min(budget, jobs.size());  // stdin and stdout are not shared
  const bool serial = threads <= 1;
  int status = cli::kExitOk;
  auto job = [&](std::size_t i) {
    Outcome& o = outcomes[i];
    FileRun fileRun(f, tool, redactor);
    fileRun.workers = budget / threads >= 2 ? budget / threads : 0;  // spare threads work inside the file
    fileRun.showProgress = serial && cli::Progress::wanted(f.quiet, f.progress);
    fileRun.out = serial ? &std::cout : &o.out;
    fileRun.err = serial ? &std::cerr : &o.err;
    if (jobs[i].refused) o.failure = jobs[i].refused;
    else if (jobs[i].signinLog)
      o.failure = f.check ? checkSigninFile(fileRun, jobs[i].input) : sanitizeSigninFile(fileRun, jobs[i]);
    else o.failure = f.check ? checkFile(fileRun, jobs[i].input) : sanitizeFile(fileRun, jobs[i]);
    o.report = std::move(fileRun.report);
    o.leaks = fileRun.leaks;
  };
  auto deliver = [&](std::size_t i) {
    Outcome& o = outcomes[i];
    std::cout << o.out.str();
    std::cerr << o.err.str();
    report.merge(std::move(o.report));
    leaks += o.leaks;
    if (o.failure) status = std::max(status, tool.fail(o.failure->message, o.failure->code));
    o = Outcome{};
  };
  cli::runInOrder(jobs.size(), threads, job, deliver);
  return status;
}

}  // namespace sanitize
