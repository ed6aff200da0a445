// Rule texts (docs/rules.md) from strangers: parsing never crashes; errors name the text and a
// line; a rule set built from an accepted text answers lookups and finds patterns with spans
// inside the text. RE2 patterns are limited by the rules parser, not by us.
#include "FuzzCheck.h"
#include "tracesan/Rules.h"

using namespace tracesan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s = fuzz::asText(data, size);
  std::size_t split = s.find('\x01');
  std::string_view rulesText = s.substr(0, split);
  std::string_view probe = split == std::string_view::npos ? std::string_view("code") : s.substr(split + 1);

  auto parsed = RuleSet::parse(rulesText, "fuzz.rules");
  if (!parsed) {
    FUZZ_CHECK(parsed.error().message().rfind("fuzz.rules: ", 0) == 0);
    return 0;
  }
  for (const Rule& r : *parsed) FUZZ_CHECK(!r.kind.empty());

  RuleSetOptions o;
  o.builtIns = false;
  o.ruleTexts.emplace_back("fuzz.rules", std::string(rulesText));
  auto set = RuleSet::create(o);
  if (!set) {  // e.g. an RE2 pattern that does not compile: still a located message
    FUZZ_CHECK(set.error().message().find("fuzz.rules") != std::string::npos);
    return 0;
  }
  FUZZ_CHECK(set->size() == parsed->size());
  for (RuleTarget t : {RuleTarget::Header, RuleTarget::Cookie, RuleTarget::Param, RuleTarget::JsonPath, RuleTarget::Claim})
    (void)set->kindFor(t, probe, kContextQuery);
  (void)set->isAllowed(probe);
  std::size_t previousEnd = 0;
  for (const PatternMatch& m : set->findPatterns(probe, true)) {
    FUZZ_CHECK(m.begin <= m.end && m.end <= probe.size());
    FUZZ_CHECK(m.begin >= previousEnd);
    FUZZ_CHECK(!m.kind.empty());
    previousEnd = m.end;
  }
  return 0;
}
