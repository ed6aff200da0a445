// SAML / WS-Fed decoding: any value either decodes or fails with a message; a decoded message
// re-encodes with its transport and decodes back to the same XML; secret spans lie inside the XML.
#include "FuzzCheck.h"
#include "detect/Saml.h"

using namespace tracesan::detect;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s = tracesan::fuzz::asText(data, size);
  for (const SamlSecret& sec : findSamlSecrets(s)) {
    FUZZ_CHECK(sec.begin <= sec.end && sec.end <= s.size());
    FUZZ_CHECK(!sec.kind.empty());
  }
  auto message = decodeSamlMessage(s);
  if (!message) {
    FUZZ_CHECK(!message.error().message().empty());
    return 0;
  }
  FUZZ_CHECK(message->xml.size() <= (64u << 20));
  for (const SamlSecret& sec : findSamlSecrets(message->xml)) FUZZ_CHECK(sec.begin <= sec.end && sec.end <= message->xml.size());
  auto encoded = encodeSamlMessage(message->xml, message->transport);
  FUZZ_CHECK(encoded);
  auto again = decodeSamlMessage(*encoded);
  FUZZ_CHECK(again && again->xml == message->xml);
  return 0;
}
