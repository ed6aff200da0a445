#include "Search.h"

#include <iostream>
#include <memory>

#include "tracesan/Io.h"

namespace extract {
namespace {

namespace cli = tracesan::cli;

std::string withFile(const std::string& file, const std::string& message) {
  if (message.starts_with(file + ":")) return message;
  return file + ": " + message;
}

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

}  // namespace

FileResult searchFile(const cli::Tool& tool, const std::string& input, tracesan::FindOptions options,
                      const tracesan::ReadOptions& readOptions, bool showProgress, bool diagnose) {
  if (tracesan::isSigninLogFile(input)) return searchSigninLog(input, options);
  auto reader = tracesan::openTrace(input, readOptions);
  if (!reader) return failedWith(input, reader.error());
  options.file = input;
  auto progress = std::make_shared<cli::Progress>(tool, showProgress, input, 0);
  if (showProgress)
    options.progress = [progress](const tracesan::Entry& entry) { progress->entry(entry.number, 0); };
  FileResult result;
  if (diagnose) {
    auto diagnosis = tracesan::diagnoseTrace(*reader.value(), options);
    progress->done();
    if (!diagnosis) return failedWith(input, diagnosis.error());
    result.findings = diagnosis->findings;
    result.diagnosis = std::move(*diagnosis);
  } else {
    auto found = tracesan::findAadErrors(*reader.value(), options);
    progress->done();
    if (!found) return failedWith(input, found.error());
    result.findings = std::move(*found);
  }
  result.warnings = reader.value()->warnings();
  result.readable = true;
  return result;
}

int joinSigninLog(const cli::Tool& tool, const std::string& file, const std::vector<tracesan::Finding>& findings,
                  std::vector<tracesan::SigninAnnotation>& signins) {
  auto log = tracesan::openSigninLog(file);
  if (!log) return tool.fail(withFile(file, log.error().message()), log.error().exitCode());
  auto joins = tracesan::joinSignins(findings, *log.value());
  if (!joins) return tool.fail(withFile(file, joins.error().message()), joins.error().exitCode());
  for (std::size_t i = 0; i < findings.size(); ++i)
    for (auto& m : (*joins)[i]) signins[i].matches.push_back(std::move(m));
  return 0;
}

int writeOutput(const cli::Tool& tool, const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    if (std::cout) return 0;
    return tool.fail("cannot write the output");
  }
  auto out = tracesan::OutputFile::create(path);
  tracesan::Status status = out ? out.value()->write(text) : tracesan::Status(out.error());
  if (status) status = out.value()->commit();
  if (status) return 0;
  return tool.fail(withFile(path, status.error().message()), status.error().exitCode());
}

}  // namespace extract
