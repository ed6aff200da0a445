// The diagnosis report: what a trace shows about an Entra sign-in, for people. diagnoseTrace reads
// a trace once and keeps the requests that matter to the sign-in (the flow: Entra hosts of every
// cloud, the app's redirect URI, SSPR and security-info registration pages), each named by its
// protocol step (data/flow-steps.tsv), plus the AADSTS findings. renderHtmlReport turns one or
// more diagnoses into one self-contained HTML page (inline CSS, no scripts, nothing fetched).
// Everything in a diagnosis is already safe to share: URLs pass through the finder's secret rules
// and the user is only named with FindOptions::showUser.
//
//   auto reader = openTrace("signin.har");
//   auto diagnosis = diagnoseTrace(*reader.value(), FindOptions{});
//   std::string html = renderHtmlReport({*diagnosis}, HtmlReportOptions{});
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/AadErrors.h"
#include "tracesan/Error.h"
#include "tracesan/SigninLog.h"
#include "tracesan/Trace.h"

namespace tracesan {

// One row of the flow: a request that matters, or a run of other requests collapsed into a count.
struct FlowRow {
  std::size_t entry = 0;       // Entry::number (the first of a collapsed run)
  std::int64_t offsetMs = -1;  // since the trace's first entry; -1 when a time is missing
  std::string method;
  std::string host;
  std::string path;  // without query and fragment; secrets removed
  int status = 0;    // 0: no response
  std::string step;  // "authorize", "credential POST", ... (data/flow-steps.tsv)
  std::string redirectTo;  // a redirect's target (host and path), empty when not a redirect
  bool failing = false;    // the entry holds a finding that is not an expected protocol step
  std::vector<std::string> codes;  // "AADSTS50125", for the entry's findings
  // A collapsed run of other requests: how many, and "host xN" per host in first-seen order.
  std::size_t collapsed = 0;
  std::vector<std::pair<std::string, std::size_t>> collapsedHosts;
};

// Everything the report shows about one trace.
struct TraceDiagnosis {
  std::string file;
  std::string format;  // "har", "saz", or "signin-log" for a sign-in log export (no flow)
  std::size_t entries = 0;
  std::string firstTime, lastTime;  // startedDateTime of the first and last entries, as written
  std::string cloud;                // cloud of the first Entra host the trace talks to
  std::string tenant;
  std::string clientId;
  std::string clientName;  // data/first-party-apps.tsv; empty for other apps
  std::string redirectUri;  // of the first /authorize request, secrets removed
  std::string user;         // only with FindOptions::showUser
  std::vector<FlowRow> flow;
  std::vector<Finding> findings;
};

// Reads the whole trace once (every entry whole: the flow needs times and redirects of all).
Expected<TraceDiagnosis> diagnoseTrace(TraceReader& reader, const FindOptions& options);

struct HtmlReportOptions {
  std::string title = "Entra sign-in diagnosis";
  // What sign-in logs say about the findings: per trace (same index as the traces), per finding.
  std::vector<std::vector<SigninAnnotation>> signins;
};

// One HTML document, every value escaped; the same diagnoses always give the same bytes.
std::string renderHtmlReport(const std::vector<TraceDiagnosis>& traces, const HtmlReportOptions& options);

// The name of a well-known first-party app (data/first-party-apps.tsv), "" when not listed.
std::string_view firstPartyAppName(std::string_view clientId);

}  // namespace tracesan
