// diagnoseTrace: one pass of the whole-trace finder, with a collector on its per-entry hook that
// keeps the flow. Every entry is read whole (no prefilter): the flow needs the time, status and
// redirect of entries that hold no error.
#include <map>
#include <optional>
#include <unordered_map>

#include "detect/Scanners.h"
#include "detect/aad/EntraHosts.h"
#include "detect/aad/RequestContext.h"
#include "detect/aad/SafeText.h"
#include "report/FlowSteps.h"
#include "saz/SazMetadata.h"
#include "text/TextCodec.h"
#include "tracesan/HtmlReport.h"

namespace tracesan {
namespace {

constexpr std::string_view kEntraRequest = "Entra request";
constexpr std::string_view kErrorResponse = "error response";
constexpr std::size_t kMaxAppTargets = 16;  // a hostile trace cannot make every request a callback check

// What is kept of an entry that is not in the flow: enough to count it, or to show it after all
// when a finding turns out to be in it.
struct EntryMark {
  std::size_t number = 0;
  std::int64_t offsetMs = -1;
  std::uint32_t host = 0;  // index into FlowCollector::hosts_
  std::int64_t row = -1;   // index into the flow rows, -1 when not in the flow
};

std::string locationOf(const Entry& entry) {
  if (entry.response.redirectURL.present && !entry.response.redirectURL.value.empty())
    return entry.response.redirectURL.value;
  const Field* location = findField(entry.response.headers, "Location");
  return location ? location->value.value : std::string{};
}

// "host/path" of a safe URL (relative targets keep their path only).
std::string hostAndPath(std::string_view safe) {
  std::string host = aad::hostOfUrl(safe);
  return host + std::string(aad::pathOfUrl(safe));
}

std::optional<report::AppTarget> appTargetOf(const Entry& authorize) {
  for (const detect::NamedValue& v : detect::scanUrl(authorize.request.url.value)) {
    if (v.path != "query.redirect_uri" || v.value.empty()) continue;
    report::AppTarget app{aad::hostOfUrl(v.value), std::string(aad::pathOfUrl(v.value))};
    if (!app.host.empty()) return app;
  }
  return std::nullopt;
}

std::string redirectUriOf(const Entry& authorize) {
  for (const detect::NamedValue& v : detect::scanUrl(authorize.request.url.value))
    if (v.path == "query.redirect_uri") return aad::safeUrl(v.value);
  return {};
}

class FlowCollector {
public:
  explicit FlowCollector(TraceDiagnosis& d) : d_(d) {}

  void add(const Entry& entry) {
    ++d_.entries;
    std::optional<std::int64_t> micros;
    if (entry.startedDateTime.present) {
      if (d_.firstTime.empty()) d_.firstTime = entry.startedDateTime.value;
      d_.lastTime = entry.startedDateTime.value;
      if (auto t = saz::parseDateTime(entry.startedDateTime.value); t && t->set) micros = t->micros;
    }
    if (micros && !firstMicros_) firstMicros_ = micros;

    const std::string& url = entry.request.url.value;
    std::string host = aad::hostOfUrl(url);
    // A CONNECT request names its tunnel's "host:port" instead of a URL.
    if (host.empty() && entry.request.method.value == "CONNECT") host = text::toLower(url.substr(0, url.rfind(':')));
    const aad::EntraHost* entra = aad::lookupEntraHost(host);
    if (entra && d_.cloud.empty()) d_.cloud = entra->cloud;
    learnAuthorize(entry);

    EntryMark mark;
    mark.number = entry.number;
    mark.offsetMs = micros ? (*micros - *firstMicros_) / 1000 : -1;
    mark.host = intern(host);
    const int status = entry.response.present ? static_cast<int>(entry.response.status.value) : 0;
    std::optional<std::string> step = report::FlowStepTable::builtIn().stepOf(
        {entry.request.method.value, host, aad::pathOfUrl(url), status}, apps_);
    if (step ? *step != report::kNotAStep : entra != nullptr) {
      FlowRow row;
      row.entry = entry.number;
      row.offsetMs = mark.offsetMs;
      row.method = entry.request.method.value;
      row.host = host;
      // Only shown requests pay for the secret rules.
      row.path = std::string(aad::pathOfUrl(aad::safeUrl(url)));
      row.status = status;
      row.step = step ? *step : std::string(kEntraRequest);
      if (status >= 300 && status < 400) {
        std::string location = locationOf(entry);
        if (!location.empty()) row.redirectTo = hostAndPath(aad::safeUrl(location));
      }
      mark.row = static_cast<std::int64_t>(rows_.size());
      rows_.push_back(std::move(row));
    }
    marks_.push_back(mark);
  }

  // Builds the flow once the findings are known: entries with a finding are always shown.
  void finish() {
    std::map<std::size_t, std::vector<const Finding*>> byEntry;
    for (const Finding& f : d_.findings) byEntry[f.entry].push_back(&f);
    FlowRow group;
    auto flushGroup = [&] {
      if (group.collapsed > 0) d_.flow.push_back(std::move(group));
      group = FlowRow{};
    };
    for (const EntryMark& mark : marks_) {
      auto found = byEntry.find(mark.number);
      if (mark.row < 0 && found == byEntry.end()) {
        if (group.collapsed++ == 0) {
          group.entry = mark.number;
          group.offsetMs = mark.offsetMs;
        }
        countHost(group, hosts_[mark.host]);
        continue;
      }
      flushGroup();
      FlowRow row = mark.row >= 0 ? std::move(rows_[static_cast<std::size_t>(mark.row)]) : rowOf(*found->second.front(), mark);
      if (found != byEntry.end()) {
        for (const Finding* f : found->second) {
          row.codes.push_back(f->family + std::to_string(f->code));
          if (!f->expected) row.failing = true;
        }
      }
      d_.flow.push_back(std::move(row));
    }
    flushGroup();

    for (const Finding& f : d_.findings) {
      if (d_.clientId.empty()) d_.clientId = f.clientId;
      if (d_.tenant.empty()) d_.tenant = f.tenant;
      if (d_.user.empty()) d_.user = f.user;  // only set with showUser
      if (d_.cloud.empty()) d_.cloud = f.cloud;
    }
    d_.clientName = std::string(firstPartyAppName(d_.clientId));
  }

private:
  // The first /authorize request names the app, the tenant and where the app wants the answer;
  // later ones may name other callbacks of the same app (a SPA and a web part), kept up to a few.
  void learnAuthorize(const Entry& entry) {
    if (!aad::mayCarryFlowContext(entry, /*withUser=*/false)) return;
    aad::RequestContext c = aad::requestContextOf(entry, /*withUser=*/false);
    if (!c.authorize) return;
    if (!authorizeSeen_) {
      authorizeSeen_ = true;
      d_.clientId = c.clientId;
      d_.tenant = c.tenant;
      d_.redirectUri = redirectUriOf(entry);
    }
    std::optional<report::AppTarget> app = appTargetOf(entry);
    if (!app || apps_.size() >= kMaxAppTargets) return;
    for (const report::AppTarget& known : apps_)
      if (known.host == app->host && known.path == app->path) return;
    apps_.push_back(std::move(*app));
  }

  static FlowRow rowOf(const Finding& f, const EntryMark& mark) {
    FlowRow row;
    row.entry = f.entry;
    row.offsetMs = mark.offsetMs;
    row.method = f.method;
    row.host = f.host;
    row.path = std::string(aad::pathOfUrl(f.url));  // already safe
    row.status = f.status;
    row.step = std::string(kErrorResponse);
    return row;
  }

  static void countHost(FlowRow& group, const std::string& host) {
    for (auto& [name, count] : group.collapsedHosts)
      if (name == host) {
        ++count;
        return;
      }
    group.collapsedHosts.emplace_back(host, 1);
  }

  std::uint32_t intern(const std::string& host) {
    auto [it, inserted] = hostIds_.try_emplace(host, static_cast<std::uint32_t>(hosts_.size()));
    if (inserted) hosts_.push_back(host);
    return it->second;
  }

  TraceDiagnosis& d_;
  std::optional<std::int64_t> firstMicros_;
  bool authorizeSeen_ = false;
  std::vector<report::AppTarget> apps_;
  std::vector<EntryMark> marks_;
  std::vector<FlowRow> rows_;
  std::vector<std::string> hosts_;
  std::unordered_map<std::string, std::uint32_t> hostIds_;
};

}  // namespace

Expected<TraceDiagnosis> diagnoseTrace(TraceReader& reader, const FindOptions& options) {
  TraceDiagnosis d;
  d.file = options.file.empty() ? reader.name() : options.file;
  d.format = std::string(formatName(reader.format()));
  FlowCollector collector(d);
  FindOptions opts = options;
  opts.file = d.file;
  opts.progress = [&collector, &options](const Entry& entry) {
    collector.add(entry);
    if (options.progress) options.progress(entry);
  };
  auto found = findAadErrors(reader, opts);  // a reader without the search filter: every entry whole
  if (!found) return found.error();
  d.findings = std::move(*found);
  collector.finish();
  return d;
}

}  // namespace tracesan
