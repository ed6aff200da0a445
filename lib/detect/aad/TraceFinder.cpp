// The whole-trace finder: streams entries once, keeping only the last few entries' summaries so
// each finding can show what came before and after it, and what the flow's earlier requests said
// about the app, the tenant and the user, for findings whose own request does not say.
#include <deque>

#include "detect/aad/AadPrefilter.h"
#include "detect/aad/TraceSearch.h"
#include "detect/aad/RequestContext.h"
#include "detect/aad/SafeText.h"
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

}  // namespace

namespace aad {

std::function<bool(std::string_view raw)> traceSearchFilter(const FindOptions& options) {
  if (options.showUser) return {};
  return [](std::string_view raw) { return mayMatterToTraceSearch(raw); };
}

struct TraceSearch::State {
  explicit State(FindOptions o) : options(std::move(o)), flow(options.showUser) {}
  FindOptions options;
  std::vector<Finding> findings;
  std::deque<RawContext> recent;  // the last `context` entries
  std::size_t waiting = 0;        // findings before this index have all their `after` entries
  FlowContext flow;
};

TraceSearch::TraceSearch(FindOptions options) : state_(std::make_unique<State>(std::move(options))) {}
TraceSearch::~TraceSearch() = default;
const FindOptions& TraceSearch::options() const { return state_->options; }
std::vector<Finding> TraceSearch::take() { return std::move(state_->findings); }

void TraceSearch::add(const Entry& entry, std::vector<Finding> found) {
  if (entry.auxiliary) return;  // NetLog socket/session pieces: not requests (their hops are)
  State& s = *state_;
  const std::size_t n = s.options.context;
  if (n > 0) {
    RawContext here = rawContextOf(entry);
    if (s.waiting < s.findings.size()) {
      ContextEntry safe = shown(here);
      for (std::size_t i = s.waiting; i < s.findings.size(); ++i)
        if (s.findings[i].after.size() < n) s.findings[i].after.push_back(safe);
      while (s.waiting < s.findings.size() && s.findings[s.waiting].after.size() >= n) ++s.waiting;
    }
    if (!found.empty()) {
      std::vector<ContextEntry> before;
      for (const RawContext& r : s.recent) before.push_back(shown(r));
      for (Finding& f : found) {
        s.flow.complete(f);
        f.before = before;
        s.findings.push_back(std::move(f));
      }
    }
    s.recent.push_back(std::move(here));
    if (s.recent.size() > n) s.recent.pop_front();
  } else {
    for (Finding& f : found) {
      s.flow.complete(f);
      s.findings.push_back(std::move(f));
    }
  }
  s.flow.learn(entry);
}

}  // namespace aad

Expected<std::vector<Finding>> findAadErrors(TraceReader& reader, const FindOptions& options) {
  FindOptions opts = options;
  if (opts.file.empty()) opts.file = reader.name();
  aad::TraceSearch search(std::move(opts));
  for (;;) {
    Expected<Entry*> next = reader.next();
    if (!next) return next.error();
    const Entry* entry = *next;
    if (entry == nullptr) break;
    search.add(*entry, aad::TraceSearch::searched(*entry) ? findAadErrors(*entry, search.options()) : std::vector<Finding>{});
    if (options.progress) options.progress(*entry);
  }
  return search.take();
}

}  // namespace tracesan
