// extract-errors' work on one input (a trace or a sign-in log export), the --signins join and the
// output file. main.cpp parses options and runs the batch.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/Cli.h"
#include "tracesan/AadErrors.h"
#include "tracesan/HtmlReport.h"
#include "tracesan/SigninLog.h"
#include "tracesan/Trace.h"

namespace extract {

// What searching one input gave: findings (and for the HTML report the whole diagnosis), or the
// message and exit code of its error.
struct FileResult {
  std::vector<tracesan::Finding> findings;
  std::vector<tracesan::SigninAnnotation> signins;  // sign-in log inputs: each finding's record
  tracesan::TraceDiagnosis diagnosis;
  std::vector<std::string> warnings;  // e.g. a truncated NetLog that was read to its last event
  std::string error;
  int exitCode = 0;
  bool readable = false;
};

// `diagnose`: also build what the HTML report shows (the flow), not only the findings. `workers`:
// threads besides the caller's for this file's entries.
FileResult searchFile(const tracesan::cli::Tool& tool, const std::string& input, tracesan::FindOptions options,
                      const tracesan::ReadOptions& readOptions, bool showProgress, bool diagnose, std::size_t workers);

// What every input gave, in input order.
struct Gathered {
  std::vector<tracesan::Finding> findings;
  std::vector<tracesan::SigninAnnotation> signins;  // same index as findings
  std::vector<tracesan::TraceDiagnosis> diagnoses;  // with `diagnose`
  std::size_t readable = 0;                         // inputs that could be read
  int status = 0;                                   // the worst exit code of the inputs' errors
};
// Searches every input on up to `jobs` threads (stdin alone); warnings and errors are printed per
// file in input order, and spare threads work inside a file when there are fewer files than jobs.
Gathered searchAll(const tracesan::cli::Tool& tool, const std::vector<std::string>& inputs,
                   const tracesan::FindOptions& options, const tracesan::ReadOptions& readOptions, std::size_t jobs,
                   bool quiet, bool diagnose);
// The findings as `format` (text, json, csv, or html: the report page of the diagnoses).
std::string render(const std::string& format, const Gathered& all);

// Joins the records of one sign-in log to the findings (--signins); returns 0 or an exit code.
int joinSigninLog(const tracesan::cli::Tool& tool, const std::string& file,
                  const std::vector<tracesan::Finding>& findings, std::vector<tracesan::SigninAnnotation>& signins);

// Counts of findings per (family, code), for the summary.
using PerCode = std::map<std::pair<std::string, long>, std::size_t>;

// "extract-errors: 2 findings (AADSTS50125 x1, AADSTS50126 x1) in 1 file" on stderr.
void printSummary(const tracesan::cli::Tool& tool, std::size_t total, const PerCode& perCode, std::size_t files);
void printSummary(const tracesan::cli::Tool& tool, const std::vector<tracesan::Finding>& findings, std::size_t files);
// Whether any finding has one of `codes` (--fail-on).
bool foundAny(const std::vector<tracesan::Finding>& findings, const std::vector<long>& codes);

// Only sign-in log exports, as JSON or CSV: findings are written while the exports are read, so
// memory stays flat for an export of any size. Returns the exit code.
int streamSigninLogs(const tracesan::cli::Tool& tool, const std::vector<std::string>& inputs,
                     const tracesan::FindOptions& options, tracesan::FindingFormat format, const std::string& output,
                     bool quiet, const std::vector<long>& failOn);

// Writes `text` to stdout ("-") or, atomically, to a file; returns 0 or the exit code of the error.
int writeOutput(const tracesan::cli::Tool& tool, const std::string& path, const std::string& text);

}  // namespace extract
