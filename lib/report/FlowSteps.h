// Names the protocol step of a request for the report's flow, from data/flow-steps.tsv: the first
// row whose host, method, path and status match. Hosts are "entra" (data/entra-hosts.tsv), "app"
// (the flow's redirect URI), an exact host or "*.suffix".
//
//   FlowStepTable::builtIn().stepOf({"POST", "login.microsoftonline.com", "/common/login", 200}, apps)
//     -> "credential POST"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracesan::report {

// The request as the table sees it: host lower-cased, path without query.
struct StepRequest {
  std::string_view method;
  std::string_view host;
  std::string_view path;
  int status = 0;
};

// An app's redirect URI (host and path) named by an /authorize request of the trace.
struct AppTarget {
  std::string host;
  std::string path;
};

// Case-insensitive glob: '*' matches any run of characters (also none).
bool globMatch(std::string_view pattern, std::string_view text);

inline constexpr std::string_view kNotAStep = "-";

class FlowStepTable {
public:
  static const FlowStepTable& builtIn();
  // The step's name; nullopt when no row matches (the request then matters only if it is on an
  // Entra host). kNotAStep for static content that is counted, not shown.
  std::optional<std::string> stepOf(const StepRequest& request, const std::vector<AppTarget>& apps) const;

private:
  struct Row {
    std::string host, method, path, status, step;
  };
  std::vector<Row> rows_;
};

}  // namespace tracesan::report
