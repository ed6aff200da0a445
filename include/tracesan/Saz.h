// Fiddler session archive (.saz) specifics on top of the common trace model. The SAZ reader fills
// Entry.sessionFlags from each session's _m.xml and records the rest of the metadata as Entry
// extensions, readable with the helpers below.
//
//   if (tracesan::saz::isAbortedSession(entry)) std::cout << "session " << entry.number << " has no response\n";
//   if (auto flags = tracesan::saz::sessionBitFlags(entry); flags && (*flags & tracesan::saz::kIsHttps)) ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tracesan/Trace.h"

namespace tracesan::saz {

// Names of the Entry extensions the SAZ reader sets; values are JSON text.
inline constexpr std::string_view kSessionIdExtension = "_fiddlerSessionId";  // the SID attribute, a JSON string
inline constexpr std::string_view kBitFlagsExtension = "_fiddlerBitFlags";    // BitFlags as a JSON number
inline constexpr std::string_view kAbortedExtension = "_fiddlerAborted";      // true: no (or empty) _s.txt

// Fiddler's session BitFlags (the hex BitFlags attribute of _m.xml).
enum SessionBit : std::uint32_t {
  kIsHttps = 0x1,
  kClientPipeReused = 0x8,
  kServerPipeReused = 0x10,
  kRequestGeneratedByFiddler = 0x80,
  kResponseGeneratedByFiddler = 0x100,
  kLoadedFromSaz = 0x200,
  kImportedFromOtherTool = 0x400,
  kIsBlindTunnel = 0x1000,
  kIsDecryptingTunnel = 0x2000,
  kResponseBodyDropped = 0x20000,
  kIsWebSocketTunnel = 0x40000,
  kRequestBodyDropped = 0x100000,
};

// The session's BitFlags, when its _m.xml had them.
std::optional<std::uint32_t> sessionBitFlags(const Entry& entry);
// Fiddler's own session id (SID), which differs from Entry.number after a re-save or filter.
std::optional<std::string> sessionId(const Entry& entry);
// True when the session has no response (aborted or still pending when saved).
bool isAbortedSession(const Entry& entry);
// A SessionFlag value (names are case-insensitive, as in Fiddler), or nullptr.
const Text* sessionFlag(const Entry& entry, std::string_view name);

}  // namespace tracesan::saz
