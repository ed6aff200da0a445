// How the fields of the two export formats map onto SigninRecord, and which are personal.
// JSON members follow the Graph signIn resource (the admin center's JSON download uses the same
// names); CSV columns are the admin center's download headers ("Date (UTC)", "Request ID", ...).
#pragma once

#include <string>
#include <string_view>

#include "signin/JsonWalk.h"
#include "tracesan/SigninLog.h"

namespace tracesan::signin {

void applyJsonField(SigninRecord& record, const JsonScalar& scalar);

// Which record field a CSV column fills, decided once per column from the header.
enum class CsvColumn {
  Ignored, Date, RequestId, CorrelationId, UserId, User, Username, SigninIdentifier, Application, ApplicationId,
  Resource, ResourceId, IpAddress, OtherIpAddress, Location, Status, ErrorCode, FailureReason, AdditionalDetails,
  ClientApp, DeviceId, Browser, OperatingSystem, AuthenticationRequirement, ConditionalAccess
};
CsvColumn csvColumnOf(std::string_view header);
// begin/end: the raw span of the field in SigninRecord::raw.
void applyCsvField(SigninRecord& record, CsvColumn column, std::string value, std::size_t begin, std::size_t end);

}  // namespace tracesan::signin
