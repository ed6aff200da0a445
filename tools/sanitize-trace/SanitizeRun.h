// sanitize-trace's work on one file (check or sanitize) and the output plan of a batch. Kept out
// of main.cpp, which only parses options and runs the batch.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/Cli.h"
#include "tracesan/Redactor.h"
#include "tracesan/Trace.h"

namespace sanitize {

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

// A failure of one file, reported once at the edge: message (with file/entry context) and exit code.
struct Failure {
  std::string message;
  int code = tracesan::cli::kExitInput;
};

// One input of the batch with its output decided before anything is read or written.
struct Job {
  std::string input;
  std::string output;
  tracesan::TraceFormat format = tracesan::TraceFormat::Unknown;  // Unknown: the input's
  tracesan::TraceFormat inputFormat = tracesan::TraceFormat::Unknown;  // sniffed once (Unknown for stdin)
  bool signinLog = false;  // an Entra sign-in log export, not a trace
  std::optional<Failure> refused;  // the flags cannot apply to this input; others still run
};

// Decides every job's output. A plan that cannot work as a whole (several inputs and -o naming a
// file, two inputs writing the same output) is a Failure before anything is written.
struct Plan {
  std::vector<Job> jobs;
  std::optional<Failure> failure;
};
Plan planJobs(const Flags& flags);

// What running one file needs and gives.
struct FileRun {
  FileRun(const Flags& f, const tracesan::cli::Tool& t, const tracesan::Redactor& r) : flags(f), tool(t), redactor(r) {}
  const Flags& flags;
  const tracesan::cli::Tool& tool;
  const tracesan::Redactor& redactor;
  std::size_t workers = 0;     // spare threads for this file's entries
  bool showProgress = false;
  std::ostream* out = nullptr;  // leak lines (stdout, or a buffer when files run in parallel)
  std::ostream* err = nullptr;  // the summary line
  tracesan::Report report;      // filled only with --report
  std::size_t leaks = 0;
};

std::optional<Failure> checkFile(FileRun& run, const std::string& input);
std::optional<Failure> sanitizeFile(FileRun& run, const Job& job);
// The same for an Entra sign-in log export.
std::optional<Failure> checkSigninFile(FileRun& run, const std::string& input);
std::optional<Failure> sanitizeSigninFile(FileRun& run, const Job& job);

// Runs every job (check or sanitize, trace or sign-in log) on up to -j threads, prints each one's
// messages and failures in input order, and gathers the report and the leak count. Returns the
// worst exit code.
int runBatch(const tracesan::cli::Tool& tool, const Flags& flags, const tracesan::Redactor& redactor,
             const std::vector<Job>& jobs, tracesan::Report& report, std::size_t& leaks);

}  // namespace sanitize
