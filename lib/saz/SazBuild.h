// Building SAZ member bytes: patching a session's original members with the edits made to its
// Entry (header values at their spans, URL in the request line, re-encoded bodies with fixed
// Content-Length, SessionFlag values, re-framed WebSocket payloads), serializing entries of
// other formats as new members, and the generated _index.htm and [Content_Types].xml.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan::saz {

// Patched member bytes, or nullopt when nothing in that member changed. Errors carry no location.
Expected<std::optional<std::string>> patchRequestMember(const Entry& entry, std::string_view bytes);
Expected<std::optional<std::string>> patchResponseMember(const Entry& entry, std::string_view bytes);
Expected<std::optional<std::string>> patchMetadataMember(const Entry& entry, std::string_view bytes);
Expected<std::optional<std::string>> patchWebSocketMember(const Entry& entry, std::string_view bytes);

// New members from the model (HAR to SAZ). Bodies are written decoded: Content-Encoding and
// Transfer-Encoding are dropped and Content-Length is set.
Expected<std::string> buildRequestMember(const Entry& entry);
Expected<std::string> buildResponseMember(const Entry& entry);
std::string buildMetadataMember(const Entry& entry, std::size_t number);
// True when the entry should have a _s.txt (it has a real response).
bool hasResponse(const Entry& entry);

// One row of _index.htm. `members` are the member names of the session (empty when absent).
struct IndexRow {
  std::size_t number = 0;
  std::vector<std::string> memberLinks;  // "raw\\01_c.txt", ...
  std::string result, protocol, host, url, body, caching, contentType, process, comments, custom;
};
IndexRow indexRowFor(const Entry& entry, std::size_t number, std::uint64_t responseBodyBytes);
std::string buildIndexHtml(const std::vector<IndexRow>& rows);

std::string_view contentTypesXml();
std::string_view defaultArchiveComment();

}  // namespace tracesan::saz
