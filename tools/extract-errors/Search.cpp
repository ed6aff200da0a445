#include "Search.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "common/InOrder.h"
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
                      const tracesan::ReadOptions& readOptions, bool showProgress, bool diagnose, std::size_t workers) {
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
    tracesan::JobOptions jobs;
    // A prefiltered search reads nearly every entry in part and finds nothing in it: workers
    // cost CPU there for no time gained. They pay when every entry is read whole (--show-user).
    jobs.workers = options.showUser ? workers : 0;
    auto found = tracesan::findErrors(*reader.value(), options, jobs);
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

void printSummary(const cli::Tool& tool, const std::vector<tracesan::Finding>& findings, std::size_t files) {
  PerCode perCode;
  for (const auto& f : findings) ++perCode[{f.family, f.code}];
  printSummary(tool, findings.size(), perCode, files);
}

bool foundAny(const std::vector<tracesan::Finding>& findings, const std::vector<long>& codes) {
  return std::any_of(findings.begin(), findings.end(), [&](const tracesan::Finding& f) {
    return std::find(codes.begin(), codes.end(), f.code) != codes.end();
  });
}

Gathered searchAll(const cli::Tool& tool, const std::vector<std::string>& inputs, const tracesan::FindOptions& options,
                   const tracesan::ReadOptions& readOptions, std::size_t jobs, bool quiet, bool diagnose) {
  const std::size_t budget = jobs;
  if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) jobs = 1;
  jobs = std::max<std::size_t>(1, std::min(jobs, inputs.size()));
  const std::size_t workers = budget / jobs >= 2 ? budget / jobs : 0;
  const bool showProgress = jobs == 1 && cli::Progress::wanted(quiet, false);
  std::vector<FileResult> results(inputs.size());
  Gathered all;
  cli::runInOrder(
      inputs.size(), jobs,
      [&](std::size_t i) {
        results[i] = searchFile(tool, inputs[i], options, readOptions, showProgress, diagnose, workers);
      },
      [&](std::size_t i) {
        FileResult& result = results[i];
        for (const auto& w : result.warnings) tool.warn(w);
        if (!result.error.empty()) all.status = std::max(all.status, tool.fail(result.error, result.exitCode));
        if (!result.readable) return;
        ++all.readable;
        result.signins.resize(result.findings.size());
        for (auto& f : result.findings) all.findings.push_back(std::move(f));
        for (auto& a : result.signins) all.signins.push_back(std::move(a));
        if (diagnose) all.diagnoses.push_back(std::move(result.diagnosis));
        result = FileResult{};
      });
  return all;
}

std::string render(const std::string& format, const Gathered& all) {
  if (format == "html") {
    tracesan::HtmlReportOptions htmlOptions;
    std::size_t next = 0;  // findings are the diagnoses' findings, in order
    for (const tracesan::TraceDiagnosis& d : all.diagnoses) {
      htmlOptions.signins.emplace_back(all.signins.begin() + next, all.signins.begin() + next + d.findings.size());
      next += d.findings.size();
    }
    return tracesan::renderHtmlReport(all.diagnoses, htmlOptions);
  }
  tracesan::FindingFormat fmt = format == "json"  ? tracesan::FindingFormat::Json
                                : format == "csv" ? tracesan::FindingFormat::Csv
                                                  : tracesan::FindingFormat::Text;
  return tracesan::formatFindingsWithSignins(all.findings, all.signins, fmt);
}

}  // namespace extract
