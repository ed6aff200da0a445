// Opening sign-in logs (sniffed from content), their failing records as findings, and the join
// of sign-in records to trace findings.
#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "detect/aad/SafeText.h"
#include "saz/SazMetadata.h"
#include "signin/SigninReaders.h"
#include "support/PrefixSource.h"
#include "text/TextCodec.h"

namespace tracesan {
namespace {

std::string_view skipBomAndSpace(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

std::optional<std::int64_t> secondsOf(const std::string& time) {
  auto t = saz::parseDateTime(time);
  if (!t || !t->set) return std::nullopt;
  return t->micros / 1000000;
}

std::string lower(std::string_view s) { return text::toLower(s); }

SigninRecord detached(const SigninRecord& record) {
  SigninRecord copy = record;
  copy.raw = {};
  copy.personal.clear();
  return copy;
}

}  // namespace

namespace {

// The shape of an export, for a file the caller says is a sign-in log (openSigninLog): a JSON
// array, a Graph {"value": [...]} response, or the admin center's CSV header.
bool hasSigninExportShape(std::string_view head) {
  std::string_view s = skipBomAndSpace(head);
  if (s.empty()) return false;
  if (s.front() == '[') {
    s = skipBomAndSpace(s.substr(1));
    return !s.empty() && (s.front() == '{' || s.front() == ']');
  }
  if (s.front() == '{') {
    s = skipBomAndSpace(s.substr(1));
    return s.starts_with("\"@odata.context\"") || s.starts_with("\"value\"");
  }
  std::string_view firstLine = s.substr(0, s.find('\n'));
  return text::findIgnoreCase(firstLine, "Correlation ID") != std::string_view::npos &&
         text::findIgnoreCase(firstLine, "Request ID") != std::string_view::npos;
}

}  // namespace

bool looksLikeSigninLog(std::string_view head) {
  std::string_view s = skipBomAndSpace(head);
  if (s.empty()) return false;
  // Only JSON whose first record carries sign-in fields is a sign-in log: any other JSON array or
  // Graph collection must not be "sanitized" as one (its secrets would pass through untouched).
  const bool signinFields = text::findIgnoreCase(s, "\"correlationId\"") != std::string_view::npos &&
                            (text::findIgnoreCase(s, "\"createdDateTime\"") != std::string_view::npos ||
                             text::findIgnoreCase(s, "\"errorCode\"") != std::string_view::npos);
  if (s.front() == '[') {
    s = skipBomAndSpace(s.substr(1));
    if (!s.empty() && s.front() == ']') return true;  // an empty export
    return !s.empty() && s.front() == '{' && signinFields;
  }
  if (s.front() == '{') {
    s = skipBomAndSpace(s.substr(1));
    if (!s.starts_with("\"@odata.context\"") && !s.starts_with("\"value\"")) return false;
    std::string_view context = s.substr(0, s.find(','));
    return signinFields || text::findIgnoreCase(context, "signIns") != std::string_view::npos;
  }
  std::string_view firstLine = s.substr(0, s.find('\n'));
  return text::findIgnoreCase(firstLine, "Correlation ID") != std::string_view::npos &&
         text::findIgnoreCase(firstLine, "Request ID") != std::string_view::npos;
}

namespace {

// Up to 64 KiB from the start of a source: enough for the sniff, replayed by PrefixSource.
Expected<std::string> readHead(ByteSource& source) {
  std::string head(64 * 1024, '\0');
  std::size_t filled = 0;
  while (filled < head.size()) {
    auto got = source.read(head.data() + filled, head.size() - filled);
    if (!got) return got.error();
    if (*got == 0) break;
    filled += *got;
  }
  head.resize(filled);
  return head;
}

}  // namespace

bool isSigninLogFile(const std::string& path) {
  if (path == "-") return false;
  auto source = openFileSource(path);
  if (!source) return false;
  auto head = readHead(*source.value());
  return head && looksLikeSigninLog(*head);
}

Expected<std::unique_ptr<SigninLogReader>> openSigninLog(const std::string& path) {
  if (path == "-") return invalidInput("sign-in logs are read from files, not stdin");
  auto source = openFileSource(path);
  if (!source) return source.error();
  auto head = readHead(*source.value());
  if (!head) return head.error();
  if (!hasSigninExportShape(*head))
    return invalidInput("not a sign-in log export (JSON array, Graph {\"value\": [...]} or the admin center's CSV)");
  std::string_view s = skipBomAndSpace(*head);
  const bool json = s.front() == '[' || s.front() == '{';
  auto replay = std::make_unique<PrefixSource>(std::move(*head), std::move(source.value()));
  if (json) return signin::makeJsonReader(std::move(replay), path);
  return signin::makeCsvReader(std::move(replay), path);
}

Finding signinFinding(const SigninRecord& r, const std::string& file, bool showUser) {
  Finding f;
  f.file = file;
  f.entry = r.number;
  f.code = r.errorCode;
  if (const CodeInfo* info = lookupAadCode(r.errorCode)) {
    f.name = info->name;
    f.expected = info->expected;
  }
  f.message = aad::safeText(r.failureReason, showUser);
  f.traceId = r.requestId;
  f.correlationId = r.correlationId;
  f.timestamp = r.createdDateTime;
  f.clientId = r.appId;
  if (showUser) f.user = r.userPrincipalName;
  std::string location = "sign-in log record " + std::to_string(r.number);
  if (r.line > 0) location += " (line " + std::to_string(r.line) + ")";
  f.sources.push_back({"signin-log", location});
  return f;
}

Expected<SigninSearch> findSigninErrors(SigninLogReader& log, const FindOptions& options) {
  const std::string file = options.file.empty() ? log.name() : options.file;
  SigninSearch out;
  for (;;) {
    auto next = log.next();
    if (!next) return next.error();
    const SigninRecord* r = *next;
    if (r == nullptr) break;
    ++out.records;
    if (r->errorCode == 0) continue;
    if (!options.codes.empty() && std::find(options.codes.begin(), options.codes.end(), r->errorCode) == options.codes.end())
      continue;
    out.findings.push_back({signinFinding(*r, file, options.showUser), detached(*r)});
  }
  return out;
}

Expected<std::vector<std::vector<SigninMatch>>> joinSignins(const std::vector<Finding>& findings, SigninLogReader& log,
                                                            const JoinOptions& options) {
  std::vector<std::vector<SigninMatch>> joins(findings.size());
  std::unordered_map<std::string, std::vector<std::size_t>> byCorrelation, byApp;
  std::vector<std::optional<std::int64_t>> times(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (!f.sources.empty() && f.sources.front().kind == "signin-log") continue;  // a record itself
    if (!f.correlationId.empty()) byCorrelation[lower(f.correlationId)].push_back(i);
    times[i] = secondsOf(f.timestamp);
    if (!f.clientId.empty() && times[i]) byApp[lower(f.clientId)].push_back(i);
  }
  std::vector<bool> exact(findings.size(), false);
  for (;;) {
    auto next = log.next();
    if (!next) return next.error();
    const SigninRecord* r = *next;
    if (r == nullptr) break;
    bool joined = false;
    if (auto it = byCorrelation.find(lower(r->correlationId)); !r->correlationId.empty() && it != byCorrelation.end()) {
      for (std::size_t i : it->second) {
        joins[i].push_back({log.name(), detached(*r), true, 0});
        exact[i] = true;
      }
      joined = true;
    }
    if (joined || r->appId.empty()) continue;
    auto apps = byApp.find(lower(r->appId));
    if (apps == byApp.end()) continue;
    auto when = secondsOf(r->createdDateTime);
    if (!when) continue;
    for (std::size_t i : apps->second) {
      if (exact[i]) continue;
      long apart = static_cast<long>(std::llabs(*when - *times[i]));
      if (apart > options.windowSeconds) continue;
      std::vector<SigninMatch>& list = joins[i];
      list.push_back({log.name(), detached(*r), false, apart});
      // Keep the nearest few: a busy app has many sign-ins in any window.
      std::stable_sort(list.begin(), list.end(), [](const SigninMatch& a, const SigninMatch& b) {
        return a.secondsApart < b.secondsApart;
      });
      if (list.size() > options.maxWeakMatches) list.pop_back();
    }
  }
  // An exact match makes the weak guesses moot.
  for (std::size_t i = 0; i < joins.size(); ++i)
    if (exact[i])
      std::erase_if(joins[i], [](const SigninMatch& m) { return !m.exact; });
  return joins;
}

}  // namespace tracesan
