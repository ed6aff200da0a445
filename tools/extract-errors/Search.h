// extract-errors' work on one input (a trace or a sign-in log export), the --signins join and the
// output file. main.cpp parses options and runs the batch.
#pragma once

#include <string>
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

// `diagnose`: also build what the HTML report shows (the flow), not only the findings.
FileResult searchFile(const tracesan::cli::Tool& tool, const std::string& input, tracesan::FindOptions options,
                      const tracesan::ReadOptions& readOptions, bool showProgress, bool diagnose);

// Joins the records of one sign-in log to the findings (--signins); returns 0 or an exit code.
int joinSigninLog(const tracesan::cli::Tool& tool, const std::string& file,
                  const std::vector<tracesan::Finding>& findings, std::vector<tracesan::SigninAnnotation>& signins);

// Writes `text` to stdout ("-") or, atomically, to a file; returns 0 or the exit code of the error.
int writeOutput(const tracesan::cli::Tool& tool, const std::string& path, const std::string& text);

}  // namespace extract
