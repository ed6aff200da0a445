// The secret rules: which headers, cookies, parameters, JSON paths, JWT claims and value patterns
// hold secrets or personal data, and of what kind. Built-in rules come from data/secret-rules.tsv;
// users add their own files in the same format (docs/rules.md) and allow-list names to keep.
// A RuleSet is compiled once and then immutable: copies share it, and it is safe to use from any
// number of threads.
//
//   RuleSetOptions o; o.ruleFiles = {"team.rules"}; o.allow = {"x-ms-gateway-slice"};
//   Expected<RuleSet> rules = RuleSet::create(o);   // error: "team.rules: line 4: unknown target 'heder'"
#pragma once

#include <cstddef>
#include <memory>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan {

// Where a rule looks.
enum class RuleTarget {
  Header,      // a header's whole value (by header name)
  AuthHeader,  // a `Scheme credentials` header: the credentials go, the scheme stays
  Cookie,      // a cookie value (Cookie, Set-Cookie, HAR cookies[]) by cookie name
  Param,       // a named value: query, fragment, form, multipart, JSON member, HTML input, $Config member
  JsonPath,    // a JSON member by path glob, e.g. $.credentials[*].secret
  Regex,       // an RE2 pattern over any text; group 1 when the pattern has groups, else the whole match
  Claim,       // a personal JWT claim, pseudonymized when JWT claims are kept (unless PII is kept)
  PiiHeader,   // like Header, only when PII redaction is asked for
  PiiParam,    // like Param, only when PII redaction is asked for
  PiiCookie,   // like Cookie, only when PII redaction is asked for
  PiiClaim,    // like Claim, only when PII redaction is asked for
  PiiFlag,     // a SAZ session flag (x-clientip …), only when PII redaction is asked for
  PiiRegex,    // like Regex, only when PII redaction is asked for
  StateParam,  // like Param, only when state/nonce redaction is asked for (the default)
  Allow,       // names that are never redacted (header, cookie and parameter names)
  // Names that mean "credential" by pattern (*token*, *secret*, *pass* …): the value is replaced
  // only when it looks like a credential (see looksLikeCredential), so "token":"arm" stays.
  GenericParam,
  GenericHeader,
};

// The contexts a Param-like rule can be limited to with a `ctx1,ctx2:` prefix on its pattern.
enum ParamContext : unsigned {
  kContextQuery = 1u << 0,
  kContextFragment = 1u << 1,
  kContextForm = 1u << 2,
  kContextMultipart = 1u << 3,
  kContextJson = 1u << 4,
  kContextHtml = 1u << 5,
  kContextConfig = 1u << 6,
  kContextHeaderParam = 1u << 7,
  kContextText = 1u << 8,  // `name=value` / `name: value` written in free text (logs, .env, scripts)
  kContextAll = 0x1ffu,
};

std::string_view ruleTargetName(RuleTarget target);

// The shape test of generic names: long enough, no spaces, letters and digits mixed the way keys,
// tokens and hashes are ("arm", "__RequestVerificationToken", "Bearer", "3599" are not).
bool looksLikeCredential(std::string_view value);

// One parsed rule, as written.
struct Rule {
  std::string kind;      // placeholder kind, [A-Za-z0-9_]+ ("-" for allow rules)
  RuleTarget target = RuleTarget::Param;
  std::string pattern;   // a name, a name glob (* and ?), a path glob or an RE2 regex
  std::string label;     // free text, for people
  unsigned contexts = kContextAll;
  std::string origin;    // "file: line N", for messages
};

// A match of a Regex/PiiRegex rule: the byte span to redact and its kind.
struct PatternMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string_view kind;  // views into the RuleSet that found it: valid while that RuleSet lives
};

struct RuleSetOptions {
  bool builtIns = true;                      // include data/secret-rules.tsv
  std::vector<std::string> ruleFiles;        // read with readWholeFile
  // In-memory rule texts (name for messages, text), parsed after the files.
  std::vector<std::pair<std::string, std::string>> ruleTexts;
  std::vector<std::string> allow;            // names to keep (case-insensitive)
  // Skip the value patterns on texts holding none of the literals every match needs (derived from
  // the patterns with RE2's FilteredRE2). Results are the same either way; tests turn it off to
  // compare.
  bool literalPrefilter = true;
};

class RuleSet {
public:
  // Built-ins + files + texts + allow list. User rules win over built-ins.
  static Expected<RuleSet> create(const RuleSetOptions& options = {});
  // Parses one rule text; `name` is used in messages ("name: line N: …").
  static Expected<std::vector<Rule>> parse(std::string_view text, const std::string& name);

  // The kind of the first rule of `target` matching `name` (case-insensitive), if any and not
  // allow-listed. `context` is one ParamContext bit for Param-like targets.
  std::optional<std::string_view> kindFor(RuleTarget target, std::string_view name,
                                          unsigned context = kContextAll) const;
  bool isAllowed(std::string_view name) const;
  // A whole decision about a name in one step: allowed, or the first of `targets` (tried in
  // order) with a rule for it, and that rule's kind. The redactor asks it for every parameter
  // and JSON member; like kindFor it is remembered per thread (the one decision cache), so the
  // same few hundred names of a trace cost one lookup each time. At most 8 targets.
  struct NameDecision {
    bool allowed = false;
    std::optional<std::size_t> target;  // index into `targets` of the first that matched
    std::string_view kind;              // that rule's kind
  };
  NameDecision decideName(std::string_view name, unsigned context, std::initializer_list<RuleTarget> targets) const;
  // Whether any rule has this target (lets callers skip building names nobody looks at).
  bool hasRulesFor(RuleTarget target) const;
  // False when no json-path rule can match the path `lead` + `rest` (case-insensitive): it starts
  // with no rule's literal part (the pattern up to its first wildcard). True means "maybe".
  bool mayMatchJsonPath(std::string_view lead, std::string_view rest) const;
  // Every non-overlapping match of Regex (and PiiRegex when `withPii`) rules in `text`.
  std::vector<PatternMatch> findPatterns(std::string_view text, bool withPii) const;
  // A place in a text where one of patternLiterals(false) starts: where, and which (its index).
  struct LiteralHit {
    std::size_t pos = 0;
    std::size_t literal = 0;
  };
  // The same for a caller that has found, in a pass of its own, every place in `text` where one of
  // patternLiterals(false) starts (`regexLiterals`, in text order): the Regex rules take their
  // windows from those places instead of searching the text for their literals again.
  std::vector<PatternMatch> findPatterns(std::string_view text, bool withPii,
                                         const std::vector<LiteralHit>& regexLiterals) const;
  // Lowercase literals one of which every text findPatterns(text, withPii) finds anything in
  // holds (ASCII case folded), or nullopt when the patterns have no such literals (or the
  // prefilter is off). Callers that scan texts for several things can rule texts out in one pass.
  std::optional<std::vector<std::string>> patternLiterals(bool withPii) const;

  const std::vector<Rule>& rules() const;
  std::size_t size() const { return rules().size(); }

  struct Impl;

private:
  explicit RuleSet(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// True when `text` is exactly one placeholder (REDACTED-<kind>-<8 hex digits>), as the redactor
// writes them: already-redacted values are neither secrets nor leaks.
bool isPlaceholder(std::string_view text);

}  // namespace tracesan
