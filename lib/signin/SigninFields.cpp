#include "signin/SigninFields.h"

#include <cstdlib>

#include "text/TextCodec.h"

namespace tracesan::signin {
namespace {

long parseCode(const std::string& value) {
  char* end = nullptr;
  long code = std::strtol(value.c_str(), &end, 10);
  return end != value.c_str() ? code : 0;
}

void addPersonal(SigninRecord& r, std::string_view kind, const std::string& value, std::size_t begin, std::size_t end,
                 bool number = false) {
  if (value.empty()) return;
  r.personal.push_back({std::string(kind), value, begin, end, number});
}

void appendLocation(SigninRecord& r, const std::string& part) {
  if (part.empty()) return;
  if (!r.location.empty()) r.location += ", ";
  r.location += part;
}

bool is(std::string_view path, std::string_view name) { return text::equalsIgnoreCase(path, name); }

}  // namespace

void applyJsonField(SigninRecord& r, const JsonScalar& s) {
  const std::string& p = s.path;
  const bool str = s.type == JsonScalar::Type::String;
  const std::string& v = s.value;
  if (is(p, "id")) r.requestId = v;
  else if (is(p, "createdDateTime")) r.createdDateTime = v;
  else if (is(p, "userPrincipalName")) {
    r.userPrincipalName = v;
    if (str) addPersonal(r, "upn", v, s.begin, s.end);
  } else if (is(p, "signInIdentifier")) {
    if (str) addPersonal(r, "upn", v, s.begin, s.end);
  } else if (is(p, "userDisplayName")) {
    r.userDisplayName = v;
    if (str) addPersonal(r, "name", v, s.begin, s.end);
  } else if (is(p, "userId")) r.userId = v;
  else if (is(p, "appId")) r.appId = v;
  else if (is(p, "appDisplayName")) r.appDisplayName = v;
  else if (is(p, "resourceDisplayName")) r.resourceDisplayName = v;
  else if (is(p, "resourceId")) r.resourceId = v;
  else if (is(p, "ipAddress")) {
    r.ipAddress = v;
    if (str) addPersonal(r, "ip", v, s.begin, s.end);
  } else if (is(p, "ipAddressFromResourceProvider")) {
    if (str) addPersonal(r, "ip", v, s.begin, s.end);
  } else if (is(p, "correlationId")) r.correlationId = v;
  else if (is(p, "clientAppUsed")) r.clientAppUsed = v;
  else if (is(p, "conditionalAccessStatus")) r.conditionalAccessStatus = v;
  else if (is(p, "authenticationRequirement")) r.authenticationRequirement = v;
  else if (is(p, "status.errorCode")) r.errorCode = parseCode(v);
  else if (is(p, "status.failureReason")) r.failureReason = v;
  else if (is(p, "status.additionalDetails")) r.additionalDetails = v;
  else if (is(p, "location.city") || is(p, "location.state") || is(p, "location.countryOrRegion")) {
    appendLocation(r, v);
    if (str) addPersonal(r, "location", v, s.begin, s.end);
  } else if (p.size() > 24 && text::startsWithIgnoreCase(p, "location.geoCoordinates.")) {
    if (s.type == JsonScalar::Type::Number) addPersonal(r, "location", v, s.begin, s.end, /*number=*/true);
    else if (str) addPersonal(r, "location", v, s.begin, s.end);
  } else if (is(p, "deviceDetail.deviceId")) {
    r.deviceId = v;
    if (str) addPersonal(r, "device_id", v, s.begin, s.end);
  } else if (is(p, "deviceDetail.displayName")) {
    r.deviceName = v;
    if (str) addPersonal(r, "device_name", v, s.begin, s.end);
  } else if (is(p, "deviceDetail.operatingSystem")) r.operatingSystem = v;
  else if (is(p, "deviceDetail.browser")) r.browser = v;
}

CsvColumn csvColumnOf(std::string_view header) {
  struct Name {
    std::string_view text;
    CsvColumn column;
  };
  static constexpr Name kNames[] = {
      {"Date (UTC)", CsvColumn::Date},
      {"Request ID", CsvColumn::RequestId},
      {"Correlation ID", CsvColumn::CorrelationId},
      {"User ID", CsvColumn::UserId},
      {"User", CsvColumn::User},
      {"Username", CsvColumn::Username},
      {"Sign-in identifier", CsvColumn::SigninIdentifier},
      {"Application", CsvColumn::Application},
      {"Application ID", CsvColumn::ApplicationId},
      {"Resource", CsvColumn::Resource},
      {"Resource ID", CsvColumn::ResourceId},
      {"IP address", CsvColumn::IpAddress},
      {"IP address (seen by resource)", CsvColumn::OtherIpAddress},
      {"Global Secure Access IP address", CsvColumn::OtherIpAddress},
      {"Location", CsvColumn::Location},
      {"Status", CsvColumn::Status},
      {"Sign-in error code", CsvColumn::ErrorCode},
      {"Failure reason", CsvColumn::FailureReason},
      {"Additional Details", CsvColumn::AdditionalDetails},
      {"Client app", CsvColumn::ClientApp},
      {"Device ID", CsvColumn::DeviceId},
      {"Browser", CsvColumn::Browser},
      {"Operating System", CsvColumn::OperatingSystem},
      {"Authentication requirement", CsvColumn::AuthenticationRequirement},
      {"Conditional Access", CsvColumn::ConditionalAccess},
  };
  // The admin center writes some names with a trailing space ("Application ID ").
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t')) header.remove_suffix(1);
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) header.remove_prefix(1);
  for (const Name& n : kNames)
    if (text::equalsIgnoreCase(n.text, header)) return n.column;
  return CsvColumn::Ignored;
}

void applyCsvField(SigninRecord& r, CsvColumn column, std::string v, std::size_t begin, std::size_t end) {
  switch (column) {
    case CsvColumn::Ignored: return;
    case CsvColumn::Date: r.createdDateTime = std::move(v); return;
    case CsvColumn::RequestId: r.requestId = std::move(v); return;
    case CsvColumn::CorrelationId: r.correlationId = std::move(v); return;
    case CsvColumn::UserId: r.userId = std::move(v); return;
    case CsvColumn::User: addPersonal(r, "name", v, begin, end); r.userDisplayName = std::move(v); return;
    case CsvColumn::Username: addPersonal(r, "upn", v, begin, end); r.userPrincipalName = std::move(v); return;
    case CsvColumn::SigninIdentifier: addPersonal(r, "upn", v, begin, end); return;
    case CsvColumn::Application: r.appDisplayName = std::move(v); return;
    case CsvColumn::ApplicationId: r.appId = std::move(v); return;
    case CsvColumn::Resource: r.resourceDisplayName = std::move(v); return;
    case CsvColumn::ResourceId: r.resourceId = std::move(v); return;
    case CsvColumn::IpAddress: addPersonal(r, "ip", v, begin, end); r.ipAddress = std::move(v); return;
    case CsvColumn::OtherIpAddress: addPersonal(r, "ip", v, begin, end); return;
    case CsvColumn::Location: addPersonal(r, "location", v, begin, end); r.location = std::move(v); return;
    case CsvColumn::Status: r.status = std::move(v); return;
    case CsvColumn::ErrorCode: r.errorCode = parseCode(v); return;
    case CsvColumn::FailureReason: r.failureReason = std::move(v); return;
    case CsvColumn::AdditionalDetails: r.additionalDetails = std::move(v); return;
    case CsvColumn::ClientApp: r.clientAppUsed = std::move(v); return;
    case CsvColumn::DeviceId: addPersonal(r, "device_id", v, begin, end); r.deviceId = std::move(v); return;
    case CsvColumn::Browser: r.browser = std::move(v); return;
    case CsvColumn::OperatingSystem: r.operatingSystem = std::move(v); return;
    case CsvColumn::AuthenticationRequirement: r.authenticationRequirement = std::move(v); return;
    case CsvColumn::ConditionalAccess: r.conditionalAccessStatus = std::move(v); return;
  }
}

}  // namespace tracesan::signin
