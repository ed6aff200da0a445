// renderHtmlReport: one self-contained page. Inline CSS only (no scripts, fonts or images, nothing
// fetched), laid out to print well; every value is escaped. The output depends only on the
// diagnoses, so reports of the same traces are byte-identical (golden tests rely on it).
#include <cstdio>
#include <set>
#include <sstream>

#include "report/Html.h"
#include "tracesan/HtmlReport.h"

namespace tracesan {
namespace {

using report::escape;
using report::escapeLinked;

constexpr std::string_view kStyle = R"css(
:root{--ink:#1b1f24;--muted:#5b6570;--line:#d8dee4;--bg:#f6f8fa;--fail:#b42318;--failbg:#fef3f2;--ok:#067647;--warn:#b54708;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1120px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:28px 0 10px;padding-top:14px;border-top:3px solid var(--ink);word-break:break-all}
h3{font-size:15px;margin:22px 0 8px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
h4{font-size:16px;margin:0 0 6px}
h5{font-size:13px;margin:12px 0 4px}
p.note{color:var(--muted);margin:0 0 14px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;background:var(--bg)}
table.summary td.codes{font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:0;padding:12px 14px;background:var(--bg);border:1px solid var(--line);border-radius:6px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-all}
table.flow td.path{word-break:break-all}
table.flow td.t,table.flow td.n{white-space:nowrap;color:var(--muted)}
table.flow .step{display:inline-block;padding:1px 7px;border-radius:10px;background:#e8f0fb;color:var(--accent);font-size:12px;white-space:nowrap}
table.flow tr.failing td{background:var(--failbg)}
table.flow tr.failing td:first-child{box-shadow:inset 4px 0 0 var(--fail)}
table.flow tr.failing .step{background:var(--fail);color:#fff}
table.flow .mark{display:block;color:var(--fail);font-weight:700;font-size:12px;margin-top:2px}
table.flow .redirect{display:block;color:var(--muted);font-size:12px;margin-top:2px;word-break:break-all}
table.flow tr.other td{color:var(--muted);font-style:italic;background:#fff}
.status{font-weight:600}
.s2{color:var(--ok)}.s3{color:var(--accent)}.s4,.s5{color:var(--fail)}.s0{color:var(--muted)}
.finding{border:1px solid var(--line);border-left:5px solid var(--fail);border-radius:6px;padding:14px 16px;margin:12px 0;break-inside:avoid}
.finding.expected{border-left-color:var(--warn)}
.finding .message{font-size:15px;margin:4px 0 10px}
.finding dl.facts{background:#fff}
.guidance{margin-top:10px;padding:10px 14px;background:var(--bg);border-radius:6px}
.guidance ul,.guidance ol{margin:2px 0 6px;padding-left:22px}
.signin{margin-top:10px;padding:10px 14px;border:1px dashed var(--line);border-radius:6px}
.weak{color:var(--warn);font-weight:600}
a{color:var(--accent)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{main{max-width:none;padding:0}h2{break-before:page}h2.first{break-before:auto}a{color:inherit}.finding,.guidance{break-inside:avoid}}
)css";

std::string codeLabel(const Finding& f) { return f.family + std::to_string(f.code); }

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }

std::string offsetText(std::int64_t ms) {
  if (ms < 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "+%lld.%03lld s", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

std::string statusCell(int status) {
  std::string digit = status >= 100 && status < 600 ? std::to_string(status / 100) : "0";
  return "<span class=\"status s" + digit + "\">" + (status == 0 ? std::string("-") : std::to_string(status)) + "</span>";
}

void fact(std::ostringstream& out, std::string_view name, const std::string& value, bool mono = false) {
  if (value.empty()) return;
  out << "<dt>" << escape(name) << "</dt><dd" << (mono ? " class=\"mono\"" : "") << ">" << escape(value) << "</dd>\n";
}

void writeList(std::ostringstream& out, std::string_view title, const std::vector<std::string>& items, bool ordered) {
  if (items.empty()) return;
  out << "<h5>" << escape(title) << "</h5><" << (ordered ? "ol" : "ul") << ">\n";
  for (const std::string& item : items) out << "<li>" << escapeLinked(item) << "</li>\n";
  out << "</" << (ordered ? "ol" : "ul") << ">\n";
}

void writeGuidance(std::ostringstream& out, const Finding& f) {
  const bool b2c = f.family == "AADB2C";
  const CodeInfo* info = b2c ? nullptr : lookupAadCode(f.code);
  out << "<div class=\"guidance\">\n";
  if (b2c)
    out << "<p>An Azure AD B2C code; B2C codes are not in the AADSTS code table. See "
           "<a href=\"https://learn.microsoft.com/azure/active-directory-b2c/error-codes\">the B2C error code list</a>.</p>\n";
  else if (!info)
    out << "<p>This code is not in the AADSTS code table; look it up at "
        << escapeLinked("https://login.microsoftonline.com/error?code=" + std::to_string(f.code)) << "</p>\n";
  if (info && !info->guidance.meaning.empty())
    out << "<h5>What it means</h5><p>" << escapeLinked(info->guidance.meaning) << "</p>\n";
  if (info) {
    writeList(out, "Possible causes", info->guidance.causes, false);
    writeList(out, "What to do", info->guidance.resolution, true);
  }
  writeList(out, "What to collect next",
            info && !info->guidance.collect.empty() ? info->guidance.collect : genericCollectGuidance(), false);
  out << "</div>\n";
}

void writeHeader(std::ostringstream& out, const TraceDiagnosis& d) {
  out << "<dl class=\"facts\">\n";
  fact(out, "File", d.file, true);
  fact(out, "Format", d.format);
  fact(out, d.format == "signin-log" ? "Records" : "Entries", std::to_string(d.entries));
  if (!d.firstTime.empty()) fact(out, "Time range", d.firstTime + " \xE2\x80\x93 " + d.lastTime, true);
  fact(out, "Cloud", d.cloud);
  fact(out, "Tenant", d.tenant, true);
  if (!d.clientId.empty())
    fact(out, "Client app", d.clientId + (d.clientName.empty() ? std::string{} : " (" + d.clientName + ")"), true);
  fact(out, "Redirect URI", d.redirectUri, true);
  fact(out, "User", d.user, true);
  std::set<std::string> codes;
  for (const Finding& f : d.findings) codes.insert(codeLabel(f));
  std::string list;
  for (const std::string& c : codes) list += (list.empty() ? "" : ", ") + c;
  fact(out, "Errors", list.empty() ? std::string("none found") : list);
  out << "</dl>\n";
}

void writeFlow(std::ostringstream& out, const TraceDiagnosis& d, const std::string& anchor) {
  out << "<h3>Flow</h3>\n";
  if (d.flow.empty()) {
    out << "<p class=\"note\">The trace has no entries.</p>\n";
    return;
  }
  out << "<table class=\"flow\">\n<thead><tr><th>#</th><th>Time</th><th>Method</th><th>Host</th><th>Path</th>"
         "<th>Status</th><th>Step</th></tr></thead>\n<tbody>\n";
  for (const FlowRow& row : d.flow) {
    if (row.collapsed > 0) {
      std::string hosts;
      for (const auto& [host, count] : row.collapsedHosts)
        hosts += (hosts.empty() ? "" : ", ") + (host.empty() ? std::string("(no host)") : host) + " \xC3\x97" + std::to_string(count);
      out << "<tr class=\"other\"><td class=\"n\">" << row.entry << "</td><td class=\"t\">" << offsetText(row.offsetMs)
          << "</td><td colspan=\"5\">" << row.collapsed << (row.collapsed == 1 ? " other request" : " other requests")
          << ": " << escape(hosts) << "</td></tr>\n";
      continue;
    }
    out << "<tr" << (row.failing ? " class=\"failing\"" : "") << " id=\"" << anchor << "-e" << row.entry << "\">"
        << "<td class=\"n\">" << row.entry << "</td><td class=\"t\">" << offsetText(row.offsetMs) << "</td>"
        << "<td class=\"mono\">" << escape(row.method) << "</td><td>" << escape(row.host) << "</td>"
        << "<td class=\"path mono\">" << escape(row.path);
    if (!row.redirectTo.empty()) out << "<span class=\"redirect\">\xE2\x86\xB3 redirect to " << escape(row.redirectTo) << "</span>";
    out << "</td><td>" << statusCell(row.status) << "</td><td><span class=\"step\">" << escape(row.step) << "</span>";
    if (!row.codes.empty()) {
      std::string codes;
      for (const std::string& c : row.codes) codes += (codes.empty() ? "" : ", ") + c;
      out << "<span class=\"mark\">" << (row.failing ? "\xE2\x9C\x96 failing step: " : "expected: ") << escape(codes)
          << "</span>";
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void writeSigninRecord(std::ostringstream& out, const SigninRecord& r) {
  out << "<dl class=\"facts\">\n";
  fact(out, "Request ID", orDash(r.requestId), true);
  fact(out, "Time", orDash(r.createdDateTime), true);
  fact(out, "Correlation ID", orDash(r.correlationId), true);
  fact(out, "Error code", std::to_string(r.errorCode), true);
  fact(out, "Status", r.status);
  fact(out, "Failure reason", r.failureReason);
  fact(out, "Additional details", r.additionalDetails);
  if (!r.appDisplayName.empty() || !r.appId.empty())
    fact(out, "App", r.appDisplayName + (r.appId.empty() ? std::string{} : " (" + r.appId + ")"));
  fact(out, "Resource", r.resourceDisplayName);
  fact(out, "Conditional Access", r.conditionalAccessStatus);
  fact(out, "Authentication requirement", r.authenticationRequirement);
  fact(out, "Client app", r.clientAppUsed);
  out << "</dl>\n";
}

void writeSignins(std::ostringstream& out, const SigninAnnotation* a) {
  if (a == nullptr) return;
  for (const SigninMatch& m : a->matches) {
    out << "<div class=\"signin\">\n<h5>Sign-in log: " << escape(m.file) << " record " << m.record.number << " \xE2\x80\x94 ";
    if (m.exact)
      out << "same correlation ID";
    else
      out << "<span class=\"weak\">weaker match: same app, " << m.secondsApart << " s apart (correlation IDs differ)</span>";
    out << "</h5>\n";
    writeSigninRecord(out, m.record);
    out << "</div>\n";
  }
  if (a->source) {
    out << "<div class=\"signin\">\n<h5>Sign-in log record " << a->source->number << "</h5>\n";
    writeSigninRecord(out, *a->source);
    out << "</div>\n";
  }
}

void writeFinding(std::ostringstream& out, const Finding& f, bool guidance, const std::string& anchor,
                  const SigninAnnotation* signin) {
  out << "<article class=\"finding" << (f.expected ? " expected" : "") << "\">\n<h4>" << escape(codeLabel(f));
  if (!f.name.empty()) out << " " << escape(f.name);
  if (f.expected) out << " (expected protocol step)";
  out << "</h4>\n";
  if (!f.message.empty()) out << "<p class=\"message\">" << escape(f.message) << "</p>\n";
  out << "<dl class=\"facts\">\n";
  if (f.method.empty()) {  // a sign-in log record, not a request
    fact(out, "Record", std::to_string(f.entry));
  } else {
    out << "<dt>Entry</dt><dd><a href=\"#" << anchor << "-e" << f.entry << "\">" << f.entry << "</a></dd>\n";
    fact(out, "Request", f.method + " " + f.url + " \xE2\x86\x92 " + (f.status == 0 ? std::string("-") : std::to_string(f.status)), true);
  }
  if (!f.error.empty()) fact(out, "OAuth error", f.error + (f.suberror.empty() ? "" : " (suberror " + f.suberror + ")"), true);
  fact(out, "Trace ID", orDash(f.traceId), true);
  fact(out, "Correlation ID", orDash(f.correlationId), true);
  fact(out, "Timestamp", orDash(f.timestamp), true);
  if (!f.host.empty())
    fact(out, "Host", f.host + (f.entraHost ? " (Entra sign-in host, " + f.cloud + " cloud)" : " (not an Entra sign-in host)"));
  std::string sources;
  for (const ErrorSource& s : f.sources) sources += (sources.empty() ? "" : "; ") + s.kind + " (" + s.location + ")";
  fact(out, "Seen in", sources);
  out << "</dl>\n";
  writeSignins(out, signin);
  if (guidance) writeGuidance(out, f);
  else out << "<p class=\"note\">Guidance for " << escape(codeLabel(f)) << " is shown with its first finding above.</p>\n";
  out << "</article>\n";
}

}  // namespace

std::string renderHtmlReport(const std::vector<TraceDiagnosis>& traces, const HtmlReportOptions& options) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"tracesan extract-errors\">\n<title>"
      << escape(options.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
  out << "<h1>" << escape(options.title) << "</h1>\n<p class=\"note\">Made by tracesan <code>extract-errors</code>. "
         "Secrets in URLs and messages are shown as REDACTED, so this page is safe to share.</p>\n";

  // Summary: one line per trace.
  out << "<table class=\"summary\">\n<thead><tr><th>Trace</th><th>Format</th><th>Entries</th><th>Errors</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < traces.size(); ++i) {
    const TraceDiagnosis& d = traces[i];
    std::string codes;
    std::set<std::string> seen;
    for (const Finding& f : d.findings)
      if (seen.insert(codeLabel(f)).second) codes += (codes.empty() ? "" : ", ") + codeLabel(f);
    out << "<tr><td class=\"mono\"><a href=\"#trace-" << (i + 1) << "\">" << escape(d.file) << "</a></td><td>"
        << escape(d.format) << "</td><td>" << d.entries << "</td><td class=\"codes\">"
        << (codes.empty() ? std::string("none") : escape(codes)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";

  std::set<std::string> explained;  // guidance once per code in the whole report
  for (std::size_t i = 0; i < traces.size(); ++i) {
    const TraceDiagnosis& d = traces[i];
    const std::string anchor = "trace-" + std::to_string(i + 1);
    out << "<section class=\"trace\" id=\"" << anchor << "\">\n<h2" << (i == 0 ? " class=\"first\"" : "") << ">"
        << escape(d.file) << "</h2>\n";
    writeHeader(out, d);
    if (d.format != "signin-log") writeFlow(out, d, anchor);
    out << "<h3>Findings</h3>\n";
    if (d.findings.empty()) out << "<p class=\"note\">No Entra sign-in errors (AADSTS or AADB2C codes) found.</p>\n";
    const std::vector<SigninAnnotation>* signins = i < options.signins.size() ? &options.signins[i] : nullptr;
    for (std::size_t k = 0; k < d.findings.size(); ++k) {
      const Finding& f = d.findings[k];
      const SigninAnnotation* a = signins && k < signins->size() ? &(*signins)[k] : nullptr;
      writeFinding(out, f, explained.insert(codeLabel(f)).second, anchor, a);
    }
    out << "</section>\n";
  }
  out << "<footer>Steps are named by data/flow-steps.tsv; guidance comes from data/aadsts-guidance.tsv. "
         "Requests that do not belong to the sign-in are counted, not listed.</footer>\n</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace tracesan
