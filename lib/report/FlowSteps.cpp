#include "report/FlowSteps.h"

#include "detect/aad/EntraHosts.h"
#include "detect/aad/Tsv.h"
#include "text/TextCodec.h"

namespace tracesan::data {
extern const std::string_view flow_steps;
}

namespace tracesan::report {
namespace {

bool statusMatches(std::string_view pattern, int status) {
  if (pattern == "*") return true;
  std::string digits = std::to_string(status);
  if (digits.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < digits.size(); ++i)
    if (pattern[i] != 'x' && pattern[i] != digits[i]) return false;
  return true;
}

bool isAppTarget(const AppTarget& app, std::string_view host, std::string_view path) {
  if (!text::equalsIgnoreCase(app.host, host)) return false;
  // The callback path, or anything under it; "/" as redirect URI means the whole host.
  return app.path.empty() || app.path == "/" || text::startsWithIgnoreCase(path, app.path);
}

bool hostMatches(std::string_view pattern, std::string_view host, std::string_view path,
                 const std::vector<AppTarget>& apps) {
  if (pattern == "*") return true;
  if (pattern == "entra") return aad::lookupEntraHost(host) != nullptr;
  if (pattern == "app") {
    for (const AppTarget& app : apps)
      if (isAppTarget(app, host, path)) return true;
    return false;
  }
  if (pattern.starts_with("*.")) {
    std::string_view suffix = pattern.substr(1);
    return host.size() > suffix.size() && text::equalsIgnoreCase(host.substr(host.size() - suffix.size()), suffix);
  }
  return text::equalsIgnoreCase(pattern, host);
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard match with one backtrack point: linear enough for short table patterns.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && text::toLowerAscii(pattern[p]) == text::toLowerAscii(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const FlowStepTable& FlowStepTable::builtIn() {
  static const FlowStepTable table = [] {
    FlowStepTable t;
    for (const aad::TsvRow& row : aad::parseTsv(data::flow_steps)) {
      if (row.size() < 5) continue;  // FlowStepsTest checks that every row is complete
      t.rows_.push_back({std::string(row[0]), std::string(row[1]), std::string(row[2]), std::string(row[3]),
                         std::string(row[4])});
    }
    return t;
  }();
  return table;
}

std::optional<std::string> FlowStepTable::stepOf(const StepRequest& request, const std::vector<AppTarget>& apps) const {
  for (const Row& row : rows_) {
    if (row.method != "*" && !text::equalsIgnoreCase(row.method, request.method)) continue;
    if (!statusMatches(row.status, request.status)) continue;
    if (!globMatch(row.path, request.path)) continue;
    if (!hostMatches(row.host, request.host, request.path, apps)) continue;
    return row.step;
  }
  return std::nullopt;
}

}  // namespace tracesan::report
