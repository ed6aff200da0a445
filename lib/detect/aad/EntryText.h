// Reading an entry's texts the way both AADSTS finders need them: a header's value, a body's media
// type and text (HAR base64 decoded), HAR postData.params as named values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/Scanners.h"
#include "tracesan/Trace.h"

namespace tracesan::aad {

// The first header of that name (case-insensitive), or "".
std::string_view headerValue(const std::vector<Field>& headers, std::string_view name);

// The body as text (base64 decoded into `storage` when HAR says so); nullopt when it is absent,
// empty or not valid base64.
std::optional<std::string_view> bodyText(const Body& body, std::string& storage);

// bodyText, and when the message's Content-Encoding names a coding and the base64 bytes are still
// encoded that way (some HAR writers store the compressed bytes as base64), decoded. Bytes that do
// not decode are returned as they are.
std::optional<std::string_view> bodyText(const Body& body, const std::vector<Field>& headers, std::string& storage);

// HAR postData.params as "form.NAME" values, percent-decoded when the writer kept them encoded.
std::vector<detect::NamedValue> formParamValues(const std::vector<Field>& params);

}  // namespace tracesan::aad
