// streamSigninFindings: the findings of a large sign-in log export written as they are found. The
// batches are formatted by formatFindingsWithSignins and spliced, so the bytes equal one call over
// all findings: JSON arrays are "[\n" item (",\n" item)* "\n]\n" (or "[]\n"), CSV repeats no header.
#include <algorithm>

#include "tracesan/SigninLog.h"

namespace tracesan {
namespace {

constexpr std::size_t kBatch = 512;

class Splicer {
public:
  Splicer(FindingFormat format, const std::function<Status(std::string_view)>& write) : format_(format), write_(write) {}

  Status add(const std::vector<Finding>& findings, const std::vector<SigninAnnotation>& annotations) {
    if (findings.empty()) return Status::ok();
    std::string text = formatFindingsWithSignins(findings, annotations, format_);
    std::string_view piece = text;
    if (format_ == FindingFormat::Json) {
      piece.remove_prefix(2);  // "[\n"
      piece.remove_suffix(3);  // "\n]\n"
      Status s = write_(any_ ? ",\n" : "[\n");
      if (!s) return s;
    } else if (any_) {
      piece.remove_prefix(piece.find("\r\n") + 2);  // the header was written with the first batch
    }
    any_ = true;
    return write_(piece);
  }

  Status finish() {
    if (format_ == FindingFormat::Json) return write_(any_ ? "\n]\n" : "[]\n");
    if (!any_) return write_(formatFindingsWithSignins({}, {}, format_));
    return Status::ok();
  }

private:
  FindingFormat format_;
  const std::function<Status(std::string_view)>& write_;
  bool any_ = false;
};

}  // namespace

Expected<SigninStreamResult> streamSigninFindings(const std::vector<std::string>& files, const FindOptions& options,
                                                  FindingFormat format,
                                                  const std::function<Status(std::string_view)>& write) {
  if (format == FindingFormat::Text) return invalidInput("sign-in findings stream as JSON or CSV only");
  SigninStreamResult result;
  Splicer out(format, write);
  std::vector<Finding> findings;
  std::vector<SigninAnnotation> annotations;
  auto flush = [&]() -> Status {
    Status s = out.add(findings, annotations);
    findings.clear();
    annotations.clear();
    return s;
  };
  for (const std::string& file : files) {
    auto log = openSigninLog(file);
    if (!log) {
      result.errors.push_back(log.error().withContext(file));
      continue;
    }
    const std::string name = options.file.empty() ? file : options.file;
    for (;;) {
      auto next = log.value()->next();
      if (!next) {
        result.errors.push_back(next.error().withContext(file));
        break;
      }
      const SigninRecord* r = *next;
      if (r == nullptr) break;
      if (r->errorCode == 0) continue;
      if (!options.codes.empty() && std::find(options.codes.begin(), options.codes.end(), r->errorCode) == options.codes.end())
        continue;
      findings.push_back(signinFinding(*r, name, options.showUser));
      ++result.findings;
      ++result.perCode[r->errorCode];
      SigninAnnotation a;
      a.source = *r;
      a.source->raw = {};
      a.source->personal.clear();
      annotations.push_back(std::move(a));
      if (findings.size() >= kBatch)
        if (Status s = flush(); !s) return s.error();
    }
  }
  if (Status s = flush(); !s) return s.error();
  if (Status s = out.finish(); !s) return s.error();
  return result;
}

}  // namespace tracesan
