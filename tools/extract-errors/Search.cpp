#include "Search.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "tracesan/Io.h"
#include "tracesan/Pipeline.h"

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
  // A diagnosis reads every entry whole (the flow); a search reads in part what cannot matter.
  auto reader = diagnose ? tracesan::openTrace(input, readOptions) : tracesan::openForSearch(input, readOptions, options);
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
    auto found = tracesan::findErrors(*reader.value(), options);
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

void printSummary(const cli::Tool& tool, std::size_t total, const PerCode& perCode, std::size_t files) {
  std::cerr << tool.name() << ": " << cli::count(total, "finding", "findings");
  if (!perCode.empty()) {
    std::cerr << " (";
    bool first = true;
    for (const auto& [code, count] : perCode) {
      std::cerr << (first ? "" : ", ") << code.first << code.second << " x" << count;
      first = false;
    }
    std::cerr << ")";
  }
  std::cerr << " in " << cli::count(files, "file", "files") << "\n";
}

int streamSigninLogs(const cli::Tool& tool, const std::vector<std::string>& inputs, const tracesan::FindOptions& options,
                     tracesan::FindingFormat format, const std::string& output, bool quiet,
                     const std::vector<long>& failOn) {
  std::unique_ptr<tracesan::OutputFile> file;
  if (output != "-") {
    auto created = tracesan::OutputFile::create(output);
    if (!created) return tool.fail(withFile(output, created.error().message()), created.error().exitCode());
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
  if (!result) return tool.fail(result.error().message(), cli::kExitInput);
  int status = 0;
  for (const tracesan::Error& e : result->errors) status = std::max(status, tool.fail(e.message(), e.exitCode()));
  if (!quiet) {
    PerCode perCode;
    for (const auto& [code, count] : result->perCode) perCode[{"AADSTS", code}] = count;
    printSummary(tool, result->findings, perCode, inputs.size());
  }
  if (status != 0) return status;
  for (long code : failOn)
    if (result->perCode.count(code) != 0) return cli::kExitFound;
  return 0;
}

}  // namespace extract
