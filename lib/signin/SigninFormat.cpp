// Findings with what the sign-in log says about them, in the formats of formatFindings. The
// findings themselves are written by formatFindings; this adds to them, so a run without sign-in
// logs prints exactly what it printed before.
#include <nlohmann/json.hpp>

#include <sstream>

#include "signin/SigninReaders.h"
#include "text/Csv.h"

namespace tracesan {
namespace {

using nlohmann::ordered_json;

bool hasAny(const std::vector<SigninAnnotation>& annotations) {
  for (const SigninAnnotation& a : annotations)
    if (a.source || !a.matches.empty()) return true;
  return false;
}

// What a sign-in record says; never the user's name, address, location or device.
ordered_json recordJson(const SigninRecord& r) {
  ordered_json j;
  j["record"] = r.number;
  if (r.line > 0) j["line"] = r.line;
  j["request_id"] = r.requestId;
  j["time"] = r.createdDateTime;
  j["correlation_id"] = r.correlationId;
  j["error_code"] = r.errorCode;
  j["failure_reason"] = r.failureReason;
  j["additional_details"] = r.additionalDetails;
  j["status"] = r.status;
  j["app_id"] = r.appId;
  j["app"] = r.appDisplayName;
  j["resource"] = r.resourceDisplayName;
  j["conditional_access"] = r.conditionalAccessStatus;
  j["authentication_requirement"] = r.authenticationRequirement;
  j["client_app"] = r.clientAppUsed;
  return j;
}

std::string matchKind(const SigninMatch& m) { return m.exact ? "correlation-id" : "app-time"; }

std::string toJson(const std::string& plain, const std::vector<SigninAnnotation>& annotations) {
  ordered_json all = ordered_json::parse(plain);
  for (std::size_t i = 0; i < annotations.size() && i < all.size(); ++i) {
    const SigninAnnotation& a = annotations[i];
    if (a.source) all[i]["signin_log"] = recordJson(*a.source);
    if (a.matches.empty()) continue;
    ordered_json list = ordered_json::array();
    for (const SigninMatch& m : a.matches) {
      ordered_json j;
      j["match"] = matchKind(m);
      if (!m.exact) j["seconds_apart"] = m.secondsApart;
      j["file"] = m.file;
      ordered_json record = recordJson(m.record);
      for (auto& [key, value] : record.items()) j[key] = value;
      list.push_back(std::move(j));
    }
    all[i]["signins"] = std::move(list);
  }
  return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The record a CSV row reports: the finding's own, else its best join.
const SigninRecord* csvRecord(const SigninAnnotation& a, std::string& match) {
  if (a.source) {
    match = "source";
    return &*a.source;
  }
  if (a.matches.empty()) return nullptr;
  match = matchKind(a.matches.front());
  return &a.matches.front().record;
}

std::string toCsv(const std::string& plain, const std::vector<SigninAnnotation>& annotations) {
  static constexpr std::string_view kExtra =
      ",signin_match,signin_matches,signin_request_id,signin_time,signin_error_code,signin_failure_reason,"
      "signin_additional_details,signin_app,signin_resource,signin_conditional_access,signin_authentication_requirement";
  std::string out;
  std::size_t pos = 0;
  for (std::size_t row = 0; pos < plain.size(); ++row) {
    signin::CsvParse p = signin::parseCsvRecord(plain, pos, /*atEnd=*/true);
    std::size_t end = p.end;
    std::string_view line(plain.data() + pos, end - pos);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    out.append(line);
    if (row == 0) {
      out.append(kExtra);
    } else {
      std::size_t i = row - 1;
      std::string match;
      const SigninRecord* r = i < annotations.size() ? csvRecord(annotations[i], match) : nullptr;
      std::size_t count = i < annotations.size() ? annotations[i].matches.size() : 0;
      const std::string fields[] = {match, std::to_string(count), r ? r->requestId : "", r ? r->createdDateTime : "",
                                    r ? std::to_string(r->errorCode) : "", r ? r->failureReason : "",
                                    r ? r->additionalDetails : "", r ? r->appDisplayName : "",
                                    r ? r->resourceDisplayName : "", r ? r->conditionalAccessStatus : "",
                                    r ? r->authenticationRequirement : ""};
      for (const std::string& f : fields) out.append(",").append(text::csvField(f));
    }
    out.append("\r\n");
    if (end <= pos) break;  // defensive: formatFindings always ends rows with CRLF
    pos = end;
  }
  return out;
}

void textRecord(std::ostringstream& out, const SigninRecord& r) {
  out << "    request ID " << (r.requestId.empty() ? "-" : r.requestId) << ", " << (r.createdDateTime.empty() ? "-" : r.createdDateTime)
      << ", error " << r.errorCode << "\n";
  if (!r.failureReason.empty()) out << "    Failure reason:     " << r.failureReason << "\n";
  if (!r.additionalDetails.empty()) out << "    Additional details: " << r.additionalDetails << "\n";
  if (!r.appDisplayName.empty() || !r.appId.empty())
    out << "    App:                " << r.appDisplayName << (r.appId.empty() ? "" : " (" + r.appId + ")") << "\n";
  if (!r.resourceDisplayName.empty()) out << "    Resource:           " << r.resourceDisplayName << "\n";
  if (!r.conditionalAccessStatus.empty()) out << "    Conditional Access: " << r.conditionalAccessStatus << "\n";
  if (!r.authenticationRequirement.empty()) out << "    Authentication:     " << r.authenticationRequirement << "\n";
}

std::string toText(const std::string& plain, const std::vector<Finding>& findings,
                   const std::vector<SigninAnnotation>& annotations) {
  std::ostringstream out;
  out << plain << "\nSign-in log\n";
  for (std::size_t i = 0; i < annotations.size() && i < findings.size(); ++i) {
    const SigninAnnotation& a = annotations[i];
    const Finding& f = findings[i];
    if (!a.source && a.matches.empty()) continue;
    out << "\n" << f.file << " entry " << f.entry << ": " << f.family << f.code << "\n";
    if (a.source) {
      out << "  sign-in log record " << a.source->number << ":\n";
      textRecord(out, *a.source);
    }
    for (const SigninMatch& m : a.matches) {
      out << "  " << (m.exact ? "joined by correlation ID" : "weaker match: same app, " + std::to_string(m.secondsApart) + " s apart")
          << ": " << m.file << " record " << m.record.number << "\n";
      textRecord(out, m.record);
    }
  }
  return out.str();
}

}  // namespace

std::string formatFindingsWithSignins(const std::vector<Finding>& findings,
                                      const std::vector<SigninAnnotation>& annotations, FindingFormat format) {
  std::string plain = formatFindings(findings, format);
  if (!hasAny(annotations)) return plain;
  switch (format) {
    case FindingFormat::Json: return toJson(plain, annotations);
    case FindingFormat::Csv: return toCsv(plain, annotations);
    case FindingFormat::Text: return toText(plain, findings, annotations);
  }
  return plain;
}

}  // namespace tracesan
