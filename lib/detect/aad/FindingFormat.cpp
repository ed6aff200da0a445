// Findings written for programs (JSON, CSV) and for people (a table plus guidance per code).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "text/Csv.h"
#include "tracesan/AadErrors.h"

namespace tracesan {
namespace {

using nlohmann::ordered_json;

std::string codeLabel(const Finding& f) { return f.family + std::to_string(f.code); }

bool isB2c(const Finding& f) { return f.family == "AADB2C"; }

// The table entry of an AADSTS finding; AADB2C codes have none.
const CodeInfo* codeInfo(const Finding& f) { return isB2c(f) ? nullptr : lookupAadCode(f.code); }

std::string primarySource(const Finding& f) { return f.sources.empty() ? std::string{} : f.sources.front().kind; }

std::string sourceKinds(const Finding& f, std::string_view separator) {
  std::vector<std::string_view> kinds;
  std::string out;
  for (const ErrorSource& s : f.sources) {
    if (std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end()) continue;
    kinds.push_back(s.kind);
    if (!out.empty()) out.append(separator);
    out.append(s.kind);
  }
  return out;
}

ordered_json contextJson(const std::vector<ContextEntry>& entries) {
  ordered_json list = ordered_json::array();
  for (const ContextEntry& c : entries)
    list.push_back({{"entry", c.entry}, {"method", c.method}, {"url", c.url}, {"status", c.status}});
  return list;
}

ordered_json guidanceJson(const Finding& f) {
  ordered_json g = ordered_json::object();
  const CodeInfo* info = codeInfo(f);
  const std::vector<std::string>& generic = genericCollectGuidance();
  g["meaning"] = info ? info->guidance.meaning : std::string{};
  g["causes"] = info ? info->guidance.causes : std::vector<std::string>{};
  g["resolution"] = info ? info->guidance.resolution : std::vector<std::string>{};
  g["collect"] = info && !info->guidance.collect.empty() ? info->guidance.collect : generic;
  return g;
}

std::string toJson(const std::vector<Finding>& findings) {
  ordered_json out = ordered_json::array();
  for (const Finding& f : findings) {
    ordered_json j;
    j["file"] = f.file;
    j["entry"] = f.entry;
    j["method"] = f.method;
    j["url"] = f.url;
    j["status"] = f.status;
    j["family"] = f.family;
    j["code"] = f.code;
    j["name"] = f.name;
    j["message"] = f.message;
    j["trace_id"] = f.traceId;
    j["correlation_id"] = f.correlationId;
    j["timestamp"] = f.timestamp;
    j["error"] = f.error;
    j["suberror"] = f.suberror;
    j["source"] = primarySource(f);
    ordered_json sources = ordered_json::array();
    for (const ErrorSource& s : f.sources) sources.push_back({{"kind", s.kind}, {"location", s.location}});
    j["sources"] = std::move(sources);
    j["host"] = f.host;
    j["entra_host"] = f.entraHost;
    j["cloud"] = f.cloud;
    j["tenant"] = f.tenant;
    j["client_id"] = f.clientId;
    if (!f.user.empty()) j["user"] = f.user;
    j["expected"] = f.expected;
    j["guidance"] = guidanceJson(f);
    j["context"] = {{"before", contextJson(f.before)}, {"after", contextJson(f.after)}};
    out.push_back(std::move(j));
  }
  // Replace invalid UTF-8 rather than throwing: trace text is not always valid UTF-8.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string toCsv(const std::vector<Finding>& findings) {
  static constexpr std::string_view kHeader =
      "file,entry,method,url,status,code,name,error,suberror,message,trace_id,correlation_id,timestamp,"
      "source,sources,host,entra_host,tenant,client_id,user,expected,family";
  std::string out(kHeader);
  out.append("\r\n");
  for (const Finding& f : findings) {
    const std::string fields[] = {f.file, std::to_string(f.entry), f.method, f.url, std::to_string(f.status),
                                  std::to_string(f.code), f.name, f.error, f.suberror, f.message, f.traceId,
                                  f.correlationId, f.timestamp, primarySource(f), sourceKinds(f, ";"), f.host,
                                  f.entraHost ? "true" : "false", f.tenant, f.clientId, f.user,
                                  f.expected ? "true" : "false", f.family};
    bool first = true;
    for (const std::string& field : fields) {
      if (!first) out.push_back(',');
      first = false;
      out.append(text::csvField(field));
    }
    out.append("\r\n");
  }
  return out;
}

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }

// Status 0 means the entry has no response (aborted, or a CONNECT tunnel without one).
std::string statusText(int status) { return status == 0 ? std::string("-") : std::to_string(status); }

std::string padded(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

void writeList(std::ostringstream& out, std::string_view title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << "  " << title << ":\n";
  for (const std::string& item : items) out << "    - " << item << "\n";
}

void writeContext(std::ostringstream& out, std::string_view title, const std::vector<ContextEntry>& entries) {
  for (const ContextEntry& c : entries)
    out << "    " << title << " #" << c.entry << "  " << statusText(c.status) << "  " << c.method << " " << c.url << "\n";
}

std::string toText(const std::vector<Finding>& findings) {
  std::ostringstream out;
  if (findings.empty()) {
    out << "No Entra sign-in errors (AADSTS codes) found.\n";
    return out.str();
  }
  out << findings.size() << (findings.size() == 1 ? " Entra sign-in error" : " Entra sign-in errors") << " found.\n\n";

  // The table: one line per finding.
  std::size_t fileWidth = 4;
  for (const Finding& f : findings) fileWidth = std::max(fileWidth, f.file.size());
  out << padded("FILE", fileWidth) << "  " << padded("ENTRY", 6) << padded("STATUS", 7) << padded("CODE", 14)
      << padded("NAME", 44) << padded("SOURCE", 17) << "HOST\n";
  for (const Finding& f : findings) {
    out << padded(f.file, fileWidth) << "  " << padded(std::to_string(f.entry), 6)
        << padded(statusText(f.status), 7) << padded(codeLabel(f), 14) << padded(orDash(f.name), 44)
        << padded(primarySource(f), 17) << f.host << (f.expected ? "  (expected)" : "") << "\n";
  }

  // Details.
  for (const Finding& f : findings) {
    out << "\n" << f.file << " entry " << f.entry << ": " << codeLabel(f);
    if (!f.name.empty()) out << " " << f.name;
    if (f.expected) out << " (expected protocol step, not a failure)";
    out << "\n";
    out << "  Request:     " << f.method << " " << f.url << " -> " << statusText(f.status) << "\n";
    if (!f.message.empty()) out << "  Message:     " << f.message << "\n";
    if (!f.error.empty())
      out << "  OAuth error: " << f.error << (f.suberror.empty() ? "" : " (suberror " + f.suberror + ")") << "\n";
    out << "  Trace ID:    " << orDash(f.traceId) << "\n";
    out << "  Correlation: " << orDash(f.correlationId) << "\n";
    out << "  Timestamp:   " << orDash(f.timestamp) << "\n";
    out << "  Host:        " << orDash(f.host)
        << (f.entraHost ? " (Entra sign-in host, " + f.cloud + " cloud)" : " (not an Entra sign-in host)") << "\n";
    if (!f.tenant.empty()) out << "  Tenant:      " << f.tenant << "\n";
    if (!f.clientId.empty()) out << "  Client ID:   " << f.clientId << "\n";
    if (!f.user.empty()) out << "  User:        " << f.user << "\n";
    out << "  Seen in:     ";
    for (std::size_t i = 0; i < f.sources.size(); ++i)
      out << (i ? "; " : "") << f.sources[i].kind << " (" << f.sources[i].location << ")";
    out << "\n";
    if (!f.before.empty() || !f.after.empty()) {
      out << "  Context:\n";
      writeContext(out, "before", f.before);
      writeContext(out, "after ", f.after);
    }
  }

  // Guidance once per distinct code.
  std::set<std::pair<std::string, long>> seen;
  out << "\nGuidance\n";
  for (const Finding& f : findings) {
    if (!seen.insert({f.family, f.code}).second) continue;
    const CodeInfo* info = codeInfo(f);
    out << "\n" << codeLabel(f) << (info && !info->name.empty() ? " " + info->name : std::string{}) << "\n";
    if (isB2c(f))
      out << "  An Azure AD B2C code; B2C codes are not in the AADSTS code table. See the B2C error code list at https://learn.microsoft.com/azure/active-directory-b2c/error-codes\n";
    else if (!info)
      out << "  This code is not in the AADSTS code table; search for it at https://login.microsoftonline.com/error?code=" << f.code << "\n";
    if (info && !info->guidance.meaning.empty()) out << "  Meaning: " << info->guidance.meaning << "\n";
    if (info) {
      writeList(out, "Possible causes", info->guidance.causes);
      writeList(out, "What to do", info->guidance.resolution);
    }
    writeList(out, "What to collect next",
              info && !info->guidance.collect.empty() ? info->guidance.collect : genericCollectGuidance());
  }
  return out.str();
}

}  // namespace

std::string formatFindings(const std::vector<Finding>& findings, FindingFormat format) {
  switch (format) {
    case FindingFormat::Json: return toJson(findings);
    case FindingFormat::Csv: return toCsv(findings);
    case FindingFormat::Text: return toText(findings);
  }
  return {};
}

}  // namespace tracesan
