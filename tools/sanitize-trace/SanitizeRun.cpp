#include "SanitizeRun.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>

#include "tracesan/ParallelCheck.h"
#include "tracesan/ParallelSanitize.h"
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
      return failureOf(next.error());
    }
    tracesan::Entry* e = *next;
    if (!e) break;
    ++entries;
    progress.entry(e->number, e->offset);
    check.add(std::move(*e));  // the entry is not used afterwards
  }
  check.finish();
  for (const auto& w : reader.value()->warnings()) *run.err << run.tool.name() << ": warning: " << w << "\n";
  run.report.addFile(input, "", tracesan::formatName(reader.value()->format()), entries);
  return std::nullopt;
}

// Two-pass learning, first pass: the secrets of a trace that is a regular file are learned before
// anything is written, so a secret revealed late is replaced early too. Used for SAZ outputs; HAR
// outputs are searched again once written instead (replaceKnownSecretsInFile), which costs less.
std::optional<Failure> learnSecrets(FileRun& run, const std::string& input, tracesan::RedactionSession& session) {
  auto reader = tracesan::openTrace(input, readOptions(run.flags));
  if (!reader) return failureOf(reader.error());
  reader.value()->setOutsideEditor([&](std::string& json) { run.redactor.redactJsonText(json, session, "log"); });
  for (;;) {
    auto next = reader.value()->next();
    if (!next) return failureOf(next.error());
    if (*next == nullptr) return std::nullopt;
    run.redactor.redact(**next, session);
  }
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
  std::size_t entries = 0, redactions = 0, failClosed = 0;
  auto account = [&](const tracesan::RedactionResult& result) {
    redactions += result.records.size();
    failClosed += result.failClosed.size();
    if (!run.flags.report.empty()) run.report.add(result, r.name());
  };
  // Text outside the entries (HAR log header, page titles that are URLs, comments).
  auto outside = [&](std::string& json) { account(run.redactor.redactJsonText(json, session, "log")); };
  // With spare threads, each entry's decisions are made on them, and the rest done in order here
  // (same output): a HAR written as a HAR, and conversions.
  std::optional<tracesan::ParallelSanitize> pipeline;
  if (!run.flags.noRedact && run.workers > 0 && tracesan::ParallelSanitize::supports(r, *writer.value()))
    pipeline.emplace(r, *writer.value(), run.redactor, session, run.workers, outside, account);
  else if (!run.flags.noRedact)
    r.setOutsideEditor(outside);
  for (;;) {
    auto next = r.next();
    if (!next) return failureOf(next.error());
    tracesan::Entry* e = *next;
    if (!e) break;
    ++entries;
    progress.entry(e->number, e->offset);
    tracesan::Status s = tracesan::Status::ok();
    if (pipeline) {
      s = pipeline->add(std::move(*e));
    } else {
      if (!run.flags.noRedact) account(run.redactor.redact(*e, session));
      s = writer.value()->write(*e);
    }
    if (!s) return failureOf(s.error());
  }
  if (pipeline)
    if (auto s = pipeline->finish(); !s) return failureOf(s.error());
  if (auto s = writer.value()->finish(); !s) return failureOf(s.error());
  if (!run.flags.noRedact && job.output != "-" && format == TraceFormat::Har) {
    // Two-pass learning, second pass: what was learned after it was written is replaced now.
    auto late = tracesan::replaceKnownSecretsInFile(job.output, session);
    if (!late) return failureOf(late.error());
    if (*late > 0) {
      tracesan::RedactionResult result;
      result.records.assign(*late, tracesan::RedactionRecord{0, "known.learned-later", "known"});
      account(result);
    }
  }
  progress.done();
  for (const auto& w : r.warnings()) *run.err << run.tool.name() << ": warning: " << w << "\n";
  run.report.addFile(job.input, job.output, tracesan::formatName(format), entries);
  if (!run.flags.quiet) {
    using tracesan::cli::count;
    *run.err << run.tool.name() << ": " << r.name() << " -> " << (job.output == "-" ? "<stdout>" : job.output) << ": "
             << count(entries, "entry", "entries") << ", " << count(redactions, "redaction", "redactions");
    if (failClosed > 0)
      *run.err << " (" << count(failClosed, "body", "bodies") << " redacted whole: could not be decoded)";
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

}  // namespace sanitize
