// The whole-trace finder: streams entries once, keeping only the last few entries' summaries so
// each finding can show what came before and after it.
#include <deque>

#include "detect/aad/AadPrefilter.h"
#include "detect/aad/SafeText.h"
#include "har/HarReader.h"
#include "tracesan/AadErrors.h"

namespace tracesan {
namespace {

ContextEntry contextOf(const Entry& entry) {
  ContextEntry c;
  c.entry = entry.number;
  c.method = entry.request.method.value;
  c.url = aad::safeUrl(entry.request.url.value);
  c.status = entry.response.present ? static_cast<int>(entry.response.status.value) : 0;
  return c;
}

// Installs the prefilter on a HAR reader for the length of one search; entries it rules out are
// read only as far as the context lines need (number, method, URL, status).
class PrefilterScope {
public:
  PrefilterScope(TraceReader& reader, bool enabled) : har_(enabled ? asHarReader(reader) : nullptr) {
    if (har_) har_->setEntryFilter([this](std::string_view json) { return whole_ = aad::mayHoldAadError(json); });
  }
  ~PrefilterScope() {
    if (har_) har_->setEntryFilter({});
  }
  PrefilterScope(const PrefilterScope&) = delete;
  PrefilterScope& operator=(const PrefilterScope&) = delete;
  // Whether the entry just read may hold a finding.
  bool mayHold() const { return whole_; }

private:
  HarReader* har_;
  bool whole_ = true;
};

}  // namespace

Expected<std::vector<Finding>> findAadErrors(TraceReader& reader, const FindOptions& options) {
  return aad::findAadErrorsIn(reader, options, /*prefilter=*/true);
}

Expected<std::vector<Finding>> aad::findAadErrorsIn(TraceReader& reader, const FindOptions& options, bool prefilter) {
  PrefilterScope filter(reader, prefilter);
  auto scan = [&](const Entry& entry, const FindOptions& o) {
    return filter.mayHold() ? findAadErrors(entry, o) : std::vector<Finding>{};
  };
  FindOptions opts = options;
  if (opts.file.empty()) opts.file = reader.name();
  const std::size_t n = opts.context;

  std::vector<Finding> findings;
  std::deque<ContextEntry> recent;  // the last n entries
  std::size_t waiting = 0;          // findings before this index have all their `after` entries
  for (;;) {
    Expected<Entry*> next = reader.next();
    if (!next) return next.error();
    const Entry* entry = *next;
    if (entry == nullptr) break;

    if (n > 0) {
      ContextEntry here = contextOf(*entry);
      for (std::size_t i = waiting; i < findings.size(); ++i)
        if (findings[i].after.size() < n) findings[i].after.push_back(here);
      while (waiting < findings.size() && findings[waiting].after.size() >= n) ++waiting;

      for (Finding& f : scan(*entry, opts)) {
        f.before.assign(recent.begin(), recent.end());
        findings.push_back(std::move(f));
      }
      recent.push_back(std::move(here));
      if (recent.size() > n) recent.pop_front();
    } else {
      for (Finding& f : scan(*entry, opts)) findings.push_back(std::move(f));
    }
    if (opts.progress) opts.progress(*entry);
  }
  return findings;
}

}  // namespace tracesan
