// The `_m.xml` member of a SAZ session: a tiny fixed XML format (Session, SessionTimers, PipeInfo,
// TunnelInfo, SessionFlags/SessionFlag) read with a small attribute scanner that keeps the byte
// span of every attribute value, so a writer can patch flag values in place.
//
//   auto meta = parseSessionMetadata(xmlBytes);
//   if (meta) for (auto& f : meta->flags) std::cout << f.name.value << "=" << f.value.value << "\n";
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan::saz {

struct XmlAttribute {
  std::string_view name;
  std::string value;  // entities decoded
  SourceSpan raw;     // the value between the quotes
};

struct XmlElement {
  std::string_view name;
  std::vector<XmlAttribute> attributes;
  const XmlAttribute* find(std::string_view attributeName) const;
};

// Calls fn for every start (or empty-element) tag in document order. Returns an error text (no
// location) when the markup is malformed.
std::optional<std::string> scanXmlElements(std::string_view xml, const std::function<void(const XmlElement&)>& fn);

// Escapes &, <, >, " and control characters for a double-quoted attribute value.
std::string xmlEscapeAttribute(std::string_view value);
// Escapes &, < and > for element text (the generated _index.htm).
std::string htmlEscape(std::string_view text);

// An xs:dateTime as Fiddler writes it: 2023-04-06T14:35:14.8590762+02:00, or Z, or no offset.
struct DateTime {
  std::int64_t micros = 0;  // microseconds since the Unix epoch, UTC
  int offsetMinutes = 0;
  bool hasOffset = false;
  bool set = false;  // false for 0001-01-01T00:00:00, Fiddler's "never happened"
};
// nullopt when the text is not a date-time at all.
std::optional<DateTime> parseDateTime(std::string_view text);
// ISO 8601 in the value's own offset (Z when it has none), with 3 or 7 fraction digits.
std::string formatDateTime(const DateTime& t, int fractionDigits);

// The SessionTimers attributes, in the order Fiddler writes them.
inline constexpr std::string_view kTimerNames[] = {
    "ClientConnected",     "ClientBeginRequest", "GotRequestHeaders",  "ClientDoneRequest",
    "GatewayTime",         "DNSTime",            "TCPConnectTime",     "HTTPSHandshakeTime",
    "ServerConnected",     "FiddlerBeginRequest", "ServerGotRequest",  "ServerBeginResponse",
    "GotResponseHeaders",  "ServerDoneResponse", "ClientBeginResponse", "ClientDoneResponse"};

struct SessionMetadata {
  std::string sid;
  std::uint32_t bitFlags = 0;
  bool hasBitFlags = false;
  bool aborted = false;
  std::vector<std::pair<std::string, std::string>> timers;  // name, value as written
  std::vector<Field> flags;                                 // spans point into the member
  const std::string* timer(std::string_view name) const;
};

// Parses an _m.xml member (UTF-8 BOM allowed). Errors carry no location.
Expected<SessionMetadata> parseSessionMetadata(std::string_view xml);

// Fills Entry.startedDateTime, timings and time from the timers (HAR conventions: -1 unknown).
void applyTimers(const SessionMetadata& meta, Entry& entry);

// Builds timers from a HAR-style startedDateTime and timings (the inverse of applyTimers).
std::vector<std::pair<std::string, std::string>> timersFromEntry(const Entry& entry);

// Writes a Fiddler-style _m.xml (BOM, CRLF, 2-space indent).
std::string writeSessionMetadata(std::string_view sid, std::uint32_t bitFlags,
                                 const std::vector<std::pair<std::string, std::string>>& timers,
                                 const std::vector<Field>& flags);

}  // namespace tracesan::saz
