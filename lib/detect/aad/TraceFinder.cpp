// The whole-trace finder: streams entries once, keeping only the last few entries' summaries so
// each finding can show what came before and after it, and what the flow's earlier requests said
// about the app, the tenant and the user, for findings whose own request does not say.
#include <deque>

#include "detect/aad/AadPrefilter.h"
#include "detect/aad/RequestContext.h"
#include "detect/aad/SafeText.h"
#include "har/HarReader.h"
#include "tracesan/AadErrors.h"

namespace tracesan {
namespace {

// A neighbour as read; its URL is made safe only when a finding shows it, because cleaning a URL
// runs the secret rules over every parameter and most entries are never shown.
struct RawContext {
  std::size_t entry = 0;
  std::string method;
  std::string url;
  int status = 0;
};

RawContext rawContextOf(const Entry& entry) {
  return {entry.number, entry.request.method.value, entry.request.url.value,
          entry.response.present ? static_cast<int>(entry.response.status.value) : 0};
}

ContextEntry shown(const RawContext& raw) {
  ContextEntry c;
  c.entry = raw.entry;
  c.method = raw.method;
  c.url = aad::safeUrl(raw.url);
  c.status = raw.status;
  return c;
}

// client_id, tenant and user of the nearest earlier requests that named them: the /authorize
// request that started the flow, and (for the user) GetCredentialType and the login form.
class FlowContext {
public:
  explicit FlowContext(bool withUser) : withUser_(withUser) {}

  void complete(Finding& f) const {
    if (f.clientId.empty()) f.clientId = clientId_;
    if (f.tenant.empty()) f.tenant = tenant_;
    if (withUser_ && f.user.empty()) f.user = user_;
  }

  void learn(const Entry& entry) {
    if (!aad::mayCarryFlowContext(entry, withUser_)) return;
    aad::RequestContext c = aad::requestContextOf(entry, withUser_);
    if (c.authorize && !c.clientId.empty()) {
      clientId_ = std::move(c.clientId);
      tenant_ = std::move(c.tenant);
    }
    if (!c.user.empty()) user_ = std::move(c.user);
  }

private:
  bool withUser_;
  std::string clientId_, tenant_, user_;
};

// Installs the prefilter on a HAR reader for the length of one search; entries it rules out are
// read only as far as the context lines need (number, method, URL, status).
class PrefilterScope {
public:
  PrefilterScope(TraceReader& reader, bool enabled) : har_(enabled ? asHarReader(reader) : nullptr) {
    if (har_)
      har_->setEntryFilter([this](std::string_view json) {
        return whole_ = aad::mayMatterToTraceSearch(json);
      });
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
  // The user comes from request bodies (GetCredentialType, the login form) that a prefiltered
  // entry leaves unparsed, so --show-user reads every entry whole.
  PrefilterScope filter(reader, prefilter && !options.showUser);
  auto scan = [&](const Entry& entry, const FindOptions& o) {
    return filter.mayHold() ? findAadErrors(entry, o) : std::vector<Finding>{};
  };
  FindOptions opts = options;
  if (opts.file.empty()) opts.file = reader.name();
  const std::size_t n = opts.context;

  std::vector<Finding> findings;
  std::deque<RawContext> recent;  // the last n entries
  std::size_t waiting = 0;        // findings before this index have all their `after` entries
  FlowContext flow(opts.showUser);
  for (;;) {
    Expected<Entry*> next = reader.next();
    if (!next) return next.error();
    const Entry* entry = *next;
    if (entry == nullptr) break;
    if (entry->auxiliary) continue;  // NetLog socket/session pieces: not requests (their hops are)

    if (n > 0) {
      RawContext here = rawContextOf(*entry);
      if (waiting < findings.size()) {
        ContextEntry safe = shown(here);
        for (std::size_t i = waiting; i < findings.size(); ++i)
          if (findings[i].after.size() < n) findings[i].after.push_back(safe);
        while (waiting < findings.size() && findings[waiting].after.size() >= n) ++waiting;
      }

      std::vector<Finding> found = scan(*entry, opts);
      if (!found.empty()) {
        std::vector<ContextEntry> before;
        for (const RawContext& r : recent) before.push_back(shown(r));
        for (Finding& f : found) {
          flow.complete(f);
          f.before = before;
          findings.push_back(std::move(f));
        }
      }
      recent.push_back(std::move(here));
      if (recent.size() > n) recent.pop_front();
    } else {
      for (Finding& f : scan(*entry, opts)) {
        flow.complete(f);
        findings.push_back(std::move(f));
      }
    }
    flow.learn(*entry);
    if (opts.progress) opts.progress(*entry);
  }
  return findings;
}

}  // namespace tracesan
