// The redaction engine's work on one entry (see EntryRedaction.h).
//
// Per text the work is: structured scan (URL, cookies, form, JSON, HTML …) -> decisions per named
// value -> free-text pass (JWTs, value patterns, embedded URLs) over what no named value covered ->
// apply edits. At the end of the entry every text is searched once more for secrets learned so far
// (the verbatim second pass), and HAR's duplicated views take the placeholders of what they mirror.
#include "redact/EntryRedaction.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "codec/Compression.h"
#include "detect/Saml.h"
#include "detect/Scanners.h"
#include "detect/TextScanners.h"
#include "http/MediaType.h"
#include "redact/KeptEvidence.h"
#include "redact/KnownSecrets.h"
#include "redact/Placeholders.h"
#include "support/EntryVisitor.h"
#include "text/Layers.h"
#include "text/TextCodec.h"

namespace tracesan {

using detect::NamedValue;
using detect::ValueEncoding;
using namespace redact;

namespace {

// Asked for every named value (several times): one switch on the first letter, then one compare.
unsigned contextOf(std::string_view path) {
  auto is = [&](std::string_view p, unsigned context) {
    return path.compare(0, p.size(), p) == 0 ? context : kContextAll;
  };
  switch (path.empty() ? '\0' : path.front()) {
    case 'q': return is("query", kContextQuery);
    case 'f': return path.compare(0, 4, "form") == 0 ? kContextForm : is("fragment", kContextFragment);
    case 'm': return is("multipart", kContextMultipart);
    case 'j': return is("json", kContextJson);
    case 'h': return is("html", kContextHtml);
    case 'c': return is("config", kContextConfig);
    case 'p': return is("param", kContextHeaderParam);
    case 't': return is("text", kContextText);
    default: return kContextAll;
  }
}

// "json.$.a[0].b" -> "$.a[0].b"; "config.arrSessions[0].x" -> "$.arrSessions[0].x".
std::string jsonPathOf(std::string_view path) {
  if (path.substr(0, 5) == "json.") return std::string(path.substr(5));
  if (path.substr(0, 7) == "config.") return "$." + std::string(path.substr(7));
  return {};
}

// HTML pages write URLs with &amp; separators; the query scanner then sees "amp;code".
std::string_view leafName(std::string_view name) {
  if (name.size() > 4 && text::startsWithIgnoreCase(name, "amp;")) name.remove_prefix(4);
  return name;
}

bool looksLikeUrl(std::string_view s) {
  return text::startsWithIgnoreCase(s, "http://") || text::startsWithIgnoreCase(s, "https://") ||
         (s.size() > 1 && s[0] == '/' && s[1] != '/' && s.find_first_of("?#") != std::string_view::npos);
}

// Values a text pair never hides a secret in: literals and numbers (`"HasPassword":true`).
bool isLiteralValue(std::string_view v) {
  if (v.empty()) return true;
  if (std::isalpha(static_cast<unsigned char>(v.front())))  // a word: only the four literals
    return v == "true" || v == "false" || v == "null" || v == "undefined";
  return std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; });
}

// The redactor's policy over the body classifier's kinds: a structure the type names (form,
// multipart, JSON, HTML) is taken on its word; binary, packed and media types are bytes; for any
// other type the first bytes decide between JSON, HTML and text (a form only on its type's word).
http::MediaKind structureOf(http::MediaKind declared, std::string_view content) {
  switch (declared) {
    case http::MediaKind::Form:
    case http::MediaKind::Multipart:
    case http::MediaKind::Json:
    case http::MediaKind::Html: return declared;
    case http::MediaKind::Binary:
    case http::MediaKind::Packed:
    case http::MediaKind::Media: return http::MediaKind::Binary;
    default: break;
  }
  const http::MediaKind sniffed = http::sniffMediaKind(content);
  return sniffed == http::MediaKind::Json || sniffed == http::MediaKind::Html ? sniffed : http::MediaKind::Text;
}

// A value that may be base64 of text: long enough, one alphabet, nothing else.
bool mayBeBase64Text(std::string_view v) {
  if (v.size() < 16 || v.size() > (4u << 20)) return false;
  std::size_t pad = 0;
  for (char c : v) {
    if (c == '=') { ++pad; continue; }
    if (pad > 0) return false;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' || c == '_')) return false;
  }
  return pad <= 2;
}

std::uint64_t nextRedactorId() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

// Lowercase words one of which every name a text pair can be redacted under holds: the longest
// run without wildcards of each rule decideParam asks about with these options, and "cookie";
// fewest first (a word holding another is dropped). Nullopt when some rule is all wildcards or
// there are too many words for a WordFinder.
std::optional<std::vector<std::string>> nameRuleWords(const RuleSet& rules, const RedactOptions& options) {
  auto asked = [&](RuleTarget t) {
    return t == RuleTarget::Param || t == RuleTarget::GenericParam || (options.redactPii && t == RuleTarget::PiiParam) ||
           (options.redactStateNonce && t == RuleTarget::StateParam);
  };
  std::vector<std::string> literals{"cookie"};  // text pairs named *cookie hold cookie strings
  for (const Rule& rule : rules.rules()) {
    if (!asked(rule.target)) continue;
    std::string longest;
    std::size_t start = 0;
    while (start <= rule.pattern.size()) {
      std::size_t stop = rule.pattern.find_first_of("*?", start);
      if (stop == std::string::npos) stop = rule.pattern.size();
      if (stop - start > longest.size()) longest = rule.pattern.substr(start, stop - start);
      start = stop + 1;
    }
    if (longest.empty()) return std::nullopt;
    literals.push_back(text::toLower(longest));
  }
  std::sort(literals.begin(), literals.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  std::vector<std::string> words;
  for (auto& l : literals) {
    if (std::any_of(words.begin(), words.end(), [&](const std::string& w) { return l.find(w) != std::string::npos; }))
      continue;
    if (l.size() > text::WordFinder::kMaxLength) return std::nullopt;
    words.push_back(std::move(l));
  }
  if (words.size() > text::WordFinder::kMaxWords) return std::nullopt;
  return words;
}

}  // namespace

Redactor::Impl::Impl(RuleSet r, RedactOptions o)
    : id(nextRedactorId()), rules(std::move(r)), options(std::move(o)), pseudo(redact::Pseudonymizer::parseKey(options.key)) {
  auto pairs = nameRuleWords(rules, options);
  if (pairs) pairNameWords.emplace(*pairs);
  if (auto words = rules.patternLiterals(options.redactPii)) {
    if (auto regex = rules.patternLiterals(false)) regexWords = regex->size();
    eyjWord = words->size();
    words->push_back("eyj");
    words->push_back("http");
    // The name-rule words join them when they fit: one pass over a text finds both.
    pairWords = words->size();
    if (pairs && words->size() + pairs->size() <= text::WordFinder::kMaxWords)
      words->insert(words->end(), pairs->begin(), pairs->end());
    if (words->size() <= text::WordFinder::kMaxWords) freeTextWords.emplace(std::move(*words));
  }
}

namespace {

// What to do with a named value.
struct Decision {
  enum Action : std::uint8_t { Keep, Allowed, Secret, Shaped } action = Keep;
  std::string_view kind;  // a rule's kind: lives as long as the rule set
  // A generic name (*token*, *secret* …) decides by the value's shape: "token":"arm" stays.
  Decision forValue(std::string_view value) const {
    if (action != Shaped) return *this;
    if (looksLikeCredential(value)) return {Secret, kind};
    return {};
  }
};

// The work on one entry. Holds the mirrors (placeholders per name and scope, in order) so HAR's
// duplicated views get exactly what their source text got.
class EntryRedaction {
public:
  EntryRedaction(const Redactor::Impl& r, RedactionSession::Impl& session, Entry& entry, RedactionResult& result)
      : r_(r), opt_(r.options), session_(session), entry_(entry), result_(result) {}

  void firstPass();

private:
  // --- decisions --------------------------------------------------------------------------------
  Decision decideParam(std::string_view rawName, std::string_view path) const {
    std::string_view name = leafName(rawName);
    const unsigned ctx = contextOf(path);
    // JSON path rules look at the whole path, not only the name and its context: no memo then.
    if (mayMatchJsonPath(path)) return decideParamNow(name, path, ctx, true);
    // The rest of the decision is one question to the rule set's decision cache: the same few
    // names come up for every JSON leaf and query parameter of a trace.
    const bool pii = opt_.redactPii, state = opt_.redactStateNonce;
    RuleSet::NameDecision d =
        pii && state ? r_.rules.decideName(name, ctx, {RuleTarget::Param, RuleTarget::PiiParam, RuleTarget::StateParam, RuleTarget::GenericParam})
        : pii        ? r_.rules.decideName(name, ctx, {RuleTarget::Param, RuleTarget::PiiParam, RuleTarget::GenericParam})
        : state      ? r_.rules.decideName(name, ctx, {RuleTarget::Param, RuleTarget::StateParam, RuleTarget::GenericParam})
                     : r_.rules.decideName(name, ctx, {RuleTarget::Param, RuleTarget::GenericParam});
    if (d.allowed) return {Decision::Allowed, {}};
    if (!d.target) return {};
    const std::size_t generic = 1 + (pii ? 1 : 0) + (state ? 1 : 0);  // GenericParam's position
    return {*d.target == generic ? Decision::Shaped : Decision::Secret, d.kind};
  }

  // Whether a json-path rule could match the value at `path` ("json.$.a[0].b", "config.arrSessions[0]").
  bool mayMatchJsonPath(std::string_view path) const {
    if (!r_.rules.hasRulesFor(RuleTarget::JsonPath)) return false;
    // jsonPathOf without building it: "json." + the path, or "config." + the path after "$.".
    if (path.substr(0, 5) == "json.") return r_.rules.mayMatchJsonPath("", path.substr(5));
    if (path.substr(0, 7) == "config.") return r_.rules.mayMatchJsonPath("$.", path.substr(7));
    return false;
  }

  Decision decideParamNow(std::string_view name, std::string_view path, unsigned ctx, bool checkJsonPath) const {
    if (r_.rules.isAllowed(name)) return {Decision::Allowed, {}};
    if (auto k = r_.rules.kindFor(RuleTarget::Param, name, ctx)) return {Decision::Secret, *k};
    if (checkJsonPath) {
      std::string jp = jsonPathOf(path);
      if (!jp.empty())
        if (auto k = r_.rules.kindFor(RuleTarget::JsonPath, jp)) return {Decision::Secret, *k};
    }
    if (opt_.redactPii)
      if (auto k = r_.rules.kindFor(RuleTarget::PiiParam, name, ctx)) return {Decision::Secret, *k};
    if (opt_.redactStateNonce)
      if (auto k = r_.rules.kindFor(RuleTarget::StateParam, name, ctx)) return {Decision::Secret, *k};
    if (auto k = r_.rules.kindFor(RuleTarget::GenericParam, name, ctx)) return {Decision::Shaped, *k};
    return {};
  }

  Decision decideCookie(std::string_view name) const {
    if (r_.rules.isAllowed(name)) return {Decision::Allowed, {}};
    if (auto k = r_.rules.kindFor(RuleTarget::Cookie, name)) return {Decision::Secret, *k};
    if (opt_.redactPii)
      if (auto k = r_.rules.kindFor(RuleTarget::PiiCookie, name)) return {Decision::Secret, *k};
    return {};
  }

  // --- replacements -----------------------------------------------------------------------------
  void record(const std::string& location, std::string_view kind) {
    result_.records.push_back({entry_.number, location, std::string(kind)});
  }

  void learn(std::string_view secret, std::string_view replacement, std::string_view kind) {
    if (secret.size() < std::max<std::size_t>(opt_.minKnownSecretLength, RedactionSession::Impl::kMinSecret)) return;
    // The catch-all cookie rule also meets preference cookies ("lang=en-US,en"); finding those
    // verbatim everywhere would rewrite Accept-Language headers. Only token-like values are hunted.
    if (kind == "cookie" && !tokenLike(secret)) return;
    session_.add(secret, replacement, kind);
    addOtherForms(session_, secret, replacement, kind);
  }

  static bool tokenLike(std::string_view v) {
    bool digit = std::any_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool alpha = std::any_of(v.begin(), v.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    return v.size() >= 16 || (digit && alpha);
  }

  // The replacement of a secret value: a placeholder, or with --keep-jwt-claims a JWT whose
  // signature is destroyed and whose personal claims are pseudonymized.
  std::string replacementFor(std::string_view kind, std::string_view value, const std::string& location) {
    if (opt_.keepJwtClaims)
      if (auto kept = keepClaims(value, location)) return *kept;
    return r_.pseudo.placeholder(kind, value);
  }

  std::optional<std::string> keepClaims(std::string_view jwt, const std::string& location) {
    if (jwt.substr(0, 3) != "eyJ" || std::count(jwt.begin(), jwt.end(), '.') != 2) return std::nullopt;
    auto d1 = jwt.find('.');
    auto d2 = jwt.find('.', d1 + 1);
    std::string_view header = jwt.substr(0, d1), payload = jwt.substr(d1 + 1, d2 - d1 - 1), sig = jwt.substr(d2 + 1);
    auto headerJson = codec::base64Decode(header);
    auto payloadJson = codec::base64Decode(payload);
    if (!headerJson || !payloadJson || !http::looksLikeJson(*headerJson) || !http::looksLikeJson(*payloadJson)) return std::nullopt;
    // Personal claims are pseudonymized (unless PII is kept); claims that are secrets themselves
    // (a PRT cookie's refresh_token, nonces, passwords) always go.
    std::string newPayload(payload);
    bool ok = true;
    auto leaves = detect::scanJson(*payloadJson, &ok);
    std::vector<Edit> edits;
    for (const auto& leaf : leaves) {
      if (isRedactedValue(leaf.value) || leaf.value.empty()) continue;
      std::string kind;
      if (!opt_.keepPii) {
        std::optional<std::string_view> k = r_.rules.kindFor(RuleTarget::Claim, leaf.name);
        if (!k && opt_.redactPii) k = r_.rules.kindFor(RuleTarget::PiiClaim, leaf.name);
        if (k) kind = std::string(*k);
      }
      if (kind.empty()) {
        Decision d = decideParam(leaf.name, leaf.path).forValue(leaf.value);
        if (d.action == Decision::Secret) kind = std::string(d.kind);
      }
      if (kind.empty()) continue;
      std::string p = r_.pseudo.placeholder(kind, leaf.value);
      edits.push_back({leaf.begin, leaf.end, leaf.encoding == ValueEncoding::Raw ? "\"" + p + "\"" : p});
      record(location + ".claims." + leaf.name, kind);
      learn(leaf.value, p, kind);
    }
    if (!edits.empty()) newPayload = codec::base64Encode(applyEdits(*payloadJson, edits), true, false);
    return std::string(header) + "." + newPayload + "." + r_.pseudo.placeholder("jwt_signature", sig);
  }

  // Replaces a secret named value: edit of its raw span, record, learn. Returns the decoded
  // replacement, or nullopt when the value needs nothing (empty or already redacted).
  std::optional<std::string> replaceValue(std::string_view kind, const NamedValue& v, const std::string& location,
                                          std::vector<Edit>& edits, std::string_view scanned) {
    if (v.value.empty() || isRedactedValue(v.value)) return std::nullopt;
    std::string repl = replacementFor(kind, v.value, location);
    std::string encoded = detect::encodeValue(repl, v.encoding);
    // A JSON number leaf becomes a string so the document stays valid.
    if (v.encoding == ValueEncoding::Raw && (contextOf(v.path) == kContextJson || contextOf(v.path) == kContextConfig))
      encoded = "\"" + encoded + "\"";
    // The raw (encoded) form may appear elsewhere too, e.g. a percent-encoded token in a Referer.
    if (v.end <= scanned.size() && v.begin < v.end) {
      std::string_view raw = scanned.substr(v.begin, v.end - v.begin);
      if (raw != v.value) learn(raw, encoded, kind);
    }
    edits.push_back({v.begin, v.end, std::move(encoded)});
    record(location, kind);
    learn(v.value, repl, kind);
    return repl;
  }

  // --- texts ------------------------------------------------------------------------------------
  // Decisions for scanned named values of `s`; returns the spans they cover (for the free-text pass).
  void handleNamedValues(std::string_view s, const std::vector<NamedValue>& values, const std::string& location,
                         const std::string& mirrorScope, std::vector<Edit>& edits, std::vector<Span>& covered,
                         int depth) {
    for (const auto& v : values) {
      covered.push_back({v.begin, v.end});
      if (v.path.size() > 9 && v.path.substr(v.path.size() - 9) == ".filename") continue;
      // Built only for values that are or may hold a secret: most values are neither.
      auto loc = [&] { return location + "." + v.path; };
      if (v.path == "userinfo") {
        replaceValue("password", v, loc(), edits, s);
        continue;
      }
      if (v.path == "userinfo.user") {
        if (opt_.redactPii) replaceValue("upn", v, loc(), edits, s);
        continue;
      }
      Decision d = decideParam(v.name, v.path).forValue(v.value);
      if (d.action == Decision::Secret && redact::isErrorLookupCode(s, v)) d = {};  // error?code=50125
      // Only query and form values have a HAR view (queryString, postData.params) to keep in step.
      const bool mirrored = !mirrorScope.empty() && (contextOf(v.path) & (kContextQuery | kContextForm | kContextMultipart));
      std::optional<std::string> repl;
      std::string kind(d.kind);
      if (d.action == Decision::Secret && detect::isSamlParameterName(leafName(v.name))) {
        repl = samlValue(d.kind, v, loc(), edits, s, depth);
      } else if (d.action == Decision::Secret) {
        repl = replaceValue(d.kind, v, loc(), edits, s);
      } else if (d.action == Decision::Keep && innerMayChange(v.value, depth + 1)) {
        // Not secret by name: it may still hold a URL, JSON, a JWT or a pattern.
        std::size_t before = result_.records.size();
        repl = redactInner(v.value, loc(), depth + 1);
        if (repl) edits.push_back({v.begin, v.end, detect::encodeValue(*repl, v.encoding)});
        kind = result_.records.size() > before ? result_.records[before].kind : "secret";
      }
      if (mirrored) {
        std::optional<Mirrored> m;
        if (repl) {
          std::string_view raw = v.end <= s.size() && v.begin <= v.end ? s.substr(v.begin, v.end - v.begin) : std::string_view();
          std::string encoded = *repl == v.value ? std::string(raw) : detect::encodeValue(*repl, v.encoding);
          m = Mirrored{std::string(raw), *repl, std::move(encoded), kind};
        }
        mirror_[mirrorScope + "\n" + text::toLower(leafName(v.name))].push_back(std::move(m));
      }
    }
  }

  // SAMLRequest / SAMLResponse / wresult lose only their secret elements (KeptEvidence.h), so the
  // Status and ids the finder reads stay; a value that cannot be redacted that way goes whole. An
  // unchanged value is its own replacement, so the HAR views that mirror it stay unchanged too.
  std::optional<std::string> samlValue(std::string_view kind, const NamedValue& v, const std::string& location,
                                       std::vector<Edit>& edits, std::string_view scanned, int depth) {
    redact::SamlCallbacks callbacks{
        [&](std::string_view k, std::string_view secret, const std::string& at) {
          std::string repl = r_.pseudo.placeholder(k, secret);
          record(at, k);
          learn(secret, repl, k);
          return repl;
        },
        [&](std::string_view text, const std::string& at) { return redactInner(text, at, depth + 1); }};
    redact::SamlRedacted r = redact::redactSamlValue(v.value, location, callbacks);
    if (r.outcome == redact::SamlOutcome::NotRedactable) return replaceValue(kind, v, location, edits, scanned);
    if (r.outcome == redact::SamlOutcome::Unchanged) return v.value;
    edits.push_back({v.begin, v.end, detect::encodeValue(r.value, v.encoding)});
    return std::move(r.value);
  }

  // Free text: JWTs, value patterns and embedded URLs, outside `covered` and placeholders.
  // `structured`: a whole JSON, form or multipart text whose values were all scanned one by one
  // (each through redactInner): its pairs and escape layers are theirs, not to be looked at again.
  void freeText(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span> covered,
                int depth, bool structured = false) {
    placeholderRanges(s, covered);
    for (const auto& e : edits) covered.push_back({e.begin, e.end});
    const FreeTextWords words = r_.freeTextWords ? FreeTextWords::in(s, r_) : FreeTextWords::all();
    if (words.shapes) shapesAndUrls(s, location, edits, covered, depth, words);
    if (depth > 3 || structured) return;
    if (words.pairsKnown) {
      if (!words.pairs.empty()) textPairs(s, location, edits, covered, &words.pairs);
    } else if (r_.pairNameWords || detect::mayHoldCredentialPairs(s)) {
      textPairs(s, location, edits, covered, nullptr);
    }
    for (text::Layer layer : {text::Layer::Percent, text::Layer::Html, text::Layer::JsEscape})
      if (text::mayHideStructure(layer, s)) decodedLayer(layer, s, location, edits, covered, depth);
  }

  // Whether textPairs may find anything in `s` (a name holding a word of the name rules).
  bool mayHoldPairs(std::string_view s) const {
    return r_.pairNameWords ? r_.pairNameWords->containsAny(s) : detect::mayHoldCredentialPairs(s);
  }

  // A text pair named *cookie holds a cookie string.
  static bool isCookieString(std::string_view name) {
    return name.size() >= 6 && text::equalsIgnoreCase(name.substr(name.size() - 6), "cookie");
  }

  // `name=value` / `name: value` written as text: the same name rules (and shape test) as
  // structured values. A `document.cookie = "a=b; c=d"` string is a cookie header.
  // `wordsAt`: where the words of the name rules start in `s`, when known.
  void textPairs(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span>& covered,
                 const std::vector<std::size_t>* wordsAt) {
    // A script holds thousands of pairs, few of which can matter: the filter asks the questions of
    // the loop below before a pair is built. `covered` only grows, so
    // a pair that overlaps it now is skipped by the loop too.
    auto wanted = [&](std::string_view name, bool query, std::string_view value) {
      const std::size_t at = static_cast<std::size_t>(value.data() - s.data());
      if (overlapsAny(Span{at, at + value.size()}, covered) || isRedactedValue(value) || isLiteralValue(value))
        return false;
      if (isCookieString(name)) return true;
      return decideParam(name, query ? "query" : "text").forValue(value).action == Decision::Secret;
    };
    auto pairs = wordsAt            ? detect::scanNameValueText(s, wanted, *wordsAt)
                 : r_.pairNameWords ? detect::scanNameValueText(s, wanted, *r_.pairNameWords)
                                    : detect::scanNameValueText(s, wanted);
    for (const auto& v : pairs) {
      Span sp{v.begin, v.end};
      if (overlapsAny(sp, covered) || isRedactedValue(v.value) || isLiteralValue(v.value)) continue;
      if (isCookieString(v.name)) {
        // One cookie with its attributes, as in Set-Cookie.
        if (auto c = detect::scanSetCookie(v.value)) {
          Decision d = decideCookie(c->name);
          if (d.action == Decision::Secret) {
            c->begin += v.begin;
            c->end += v.begin;
            replaceValue(d.kind, *c, location + ".text.cookie." + c->name, edits, s);
          }
        }
        covered.push_back(sp);
        continue;
      }
      Decision d = decideParam(v.name, v.path).forValue(v.value);
      if (d.action != Decision::Secret) continue;
      replaceValue(d.kind, v, location + "." + v.path, edits, s);
      covered.push_back(sp);
    }
  }

  // One escape layer down: each region holding escapes is decoded, redacted like any text, and
  // what was found there replaces the original bytes it was decoded from.
  void decodedLayer(text::Layer layer, std::string_view s, const std::string& location, std::vector<Edit>& edits,
                    std::vector<Span>& covered, int depth) {
    for (const auto& region : text::decodeLayer(layer, s)) {
      if (overlapsAny(Span{region.begin, region.end}, covered) &&
          std::any_of(covered.begin(), covered.end(), [&](const Span& c) { return c.begin <= region.begin && region.end <= c.end; }))
        continue;  // inside a value already handled
      for (auto& e : redactDecoded(region.text, location, depth + 1)) {
        Span sp{region.original(e.begin), region.original(e.end)};
        if (sp.end <= sp.begin || overlapsAny(sp, covered)) continue;
        edits.push_back({sp.begin, sp.end, std::move(e.replacement)});
        covered.push_back(sp);
      }
    }
  }

  // The edits redacting a decoded text (a URL, JSON, framed JSON or free text).
  std::vector<Edit> redactDecoded(std::string_view d, const std::string& location, int depth) {
    std::vector<Edit> edits;
    std::vector<Span> covered;
    if (looksLikeUrl(d)) {
      // A decoded text region may go on after its URL ("…&access_token=x and more").
      std::string_view url = d.substr(0, d.find_first_of(" \t\r\n"));
      handleNamedValues(url, detect::scanUrl(url), location, "", edits, covered, depth);
    } else if (http::looksLikeJson(d)) {
      bool ok = true;
      auto leaves = detect::scanJson(d, &ok);
      if (ok) handleNamedValues(d, leaves, location, "", edits, covered, depth);
    }
    freeText(d, location, edits, covered, depth);
    return edits;
  }

  // What the free-text words say about a text, from one pass over it: whether it may hold a JWT
  // (eyJ) or a value pattern's match (one of their literals), where "http" is, and where the words
  // of the name rules are (when the free-text words hold them).
  // Without the pass (`known` false) every question answers "maybe".
  struct FreeTextWords {
    bool known = false;
    bool shapes = true;  // any word for shapesAndUrls
    bool jwt = true;
    std::vector<RuleSet::LiteralHit> regexHits;  // every place a value pattern's literal starts
    std::vector<std::size_t> http;               // every place "http" starts
    bool pairsKnown = false;  // pairs holds every place a name-rule word starts
    std::vector<std::size_t> pairs;

    static FreeTextWords all() { return {}; }
    static FreeTextWords in(std::string_view s, const Redactor::Impl& r) {
      std::vector<text::WordFinder::Hit> hits;
      r.freeTextWords->findAll(s, hits);
      FreeTextWords w;
      w.known = true;
      w.shapes = w.jwt = false;
      w.pairsKnown = r.freeTextHasPairWords();
      for (const auto& hit : hits) {
        if (hit.word >= r.pairWords) {
          if (w.pairs.empty() || w.pairs.back() != hit.pos) w.pairs.push_back(hit.pos);
          continue;
        }
        w.shapes = true;
        if (hit.word == r.eyjWord) w.jwt = true;
        else if (hit.word == r.eyjWord + 1) w.http.push_back(hit.pos);
        else if (hit.word < r.regexWords) w.regexHits.push_back({hit.pos, hit.word});
      }
      return w;
    }
  };

  // JWTs, value patterns (the net) and the parameters of URLs in the text.
  void shapesAndUrls(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span>& covered,
                     int depth, const FreeTextWords& words) {
    if (words.jwt) shapesJwts(s, location, edits, covered);
    // Without a literal of the value patterns only the personal-data patterns can match.
    if (!words.known || !words.regexHits.empty() || opt_.redactPii) shapesPatterns(s, location, edits, covered, words);
    if (depth > 3) return;
    urlsInText(s, location, edits, covered, depth, words);
  }

  void shapesJwts(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span>& covered) {
    for (const auto& t : detect::findJwts(s)) {
      Span sp{t.begin, t.end};
      if (overlapsAny(sp, covered)) continue;
      std::string_view value = s.substr(t.begin, t.end - t.begin);
      std::string kind = t.kind.empty() ? "jwt" : t.kind;
      std::string loc = location + "." + kind;
      std::string repl = replacementFor(kind, value, loc);
      edits.push_back({t.begin, t.end, repl});
      record(loc, kind);
      learn(value, repl, kind);
      covered.push_back(sp);
    }
  }

  // The value patterns take where their literals are from the free-text words' pass, when it ran.
  void shapesPatterns(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span>& covered,
                      const FreeTextWords& words) {
    const bool inHeader = location.find(".header.") != std::string::npos;
    const auto matches = words.known ? r_.rules.findPatterns(s, opt_.redactPii, words.regexHits)
                                     : r_.rules.findPatterns(s, opt_.redactPii);
    for (const auto& m : matches) {
      Span sp{m.begin, m.end};
      if (overlapsAny(sp, covered)) continue;
      // Dotted quads in headers are versions (x-client-ver: 4.66.1.0); client IP headers have
      // their own rules.
      if (inHeader && m.kind == "ip") continue;
      std::string_view value = s.substr(m.begin, m.end - m.begin);
      std::string repl = r_.pseudo.placeholder(m.kind, value);
      edits.push_back({m.begin, m.end, repl});
      record(location + ".pattern", m.kind);
      learn(value, repl, m.kind);
      covered.push_back(sp);
    }
  }

  // URLs inside the text: their query and fragment parameters.
  void urlsInText(std::string_view s, const std::string& location, std::vector<Edit>& edits, std::vector<Span>& covered,
                  int depth, const FreeTextWords& words) {
    static const text::WordFinder http({"http"});
    std::size_t pos = 0;
    auto next = [&, i = std::size_t{0}]() mutable -> std::optional<std::size_t> {
      if (!words.known) {
        auto hit = http.find(s, pos);
        return hit ? std::optional<std::size_t>(hit->pos) : std::nullopt;
      }
      while (i < words.http.size() && words.http[i] < pos) ++i;
      return i < words.http.size() ? std::optional<std::size_t>(words.http[i]) : std::nullopt;
    };
    for (auto at = next(); at; at = next()) {
      pos = *at;
      std::string_view rest = s.substr(pos);
      if (!text::startsWithIgnoreCase(rest, "http://") && !text::startsWithIgnoreCase(rest, "https://")) {
        pos += 4;
        continue;
      }
      std::size_t end = pos;
      while (end < s.size() && !std::strchr(" \t\r\n\"'<>`\\", s[end]) && s[end] != '\0') ++end;
      std::string_view url = s.substr(pos, end - pos);
      // A URL inside a value already handled (or the scanned URL itself) is not scanned twice.
      if (url.find_first_of("?#@") != std::string_view::npos && !overlapsAny(Span{pos, end}, covered)) {
        auto values = detect::scanUrl(url);
        std::vector<Edit> urlEdits;
        std::vector<Span> urlCovered;
        handleNamedValues(url, values, location + ".url", "", urlEdits, urlCovered, depth);
        for (auto& e : urlEdits) {
          Span sp{e.begin + pos, e.end + pos};
          if (overlapsAny(sp, covered)) continue;
          edits.push_back({sp.begin, sp.end, std::move(e.replacement)});
          covered.push_back(sp);
        }
      }
      pos = end;
    }
  }

  // False when redactInner(value, _, depth) certainly changes nothing: too deep or short, or plain
  // text without any of the words free-text redaction needs.
  bool innerMayChange(std::string_view value, int depth) const {
    if (depth > 4 || value.size() < 8) return false;
    if (looksLikeUrl(value) || http::looksLikeJson(value) || mayBeBase64Text(value)) return true;
    // The free-text words hold the name-rule words when they fit: one search for both.
    if (depth <= 3 && ((!r_.freeTextHasPairWords() && mayHoldPairs(value)) || text::mayHideStructure(text::Layer::Percent, value) ||
                       text::mayHideStructure(text::Layer::Html, value) ||
                       text::mayHideStructure(text::Layer::JsEscape, value)))
      return true;
    return !r_.freeTextWords || r_.freeTextWords->containsAny(value);
  }

  // A value that is base64 (or base64url) of text: the text is redacted and encoded back the same
  // way (alphabet and padding kept).
  std::optional<std::string> redactBase64Text(std::string_view value, const std::string& location, int depth) {
    if (!mayBeBase64Text(value)) return std::nullopt;
    auto decoded = codec::base64Decode(value);
    if (!decoded || decoded->size() < 8 || !http::readsAsText(*decoded)) return std::nullopt;
    auto inner = redactInner(*decoded, location + ".base64", depth + 1);
    if (!inner) return std::nullopt;
    const bool urlSafe = value.find_first_of("-_") != std::string_view::npos ||
                         (value.find_first_of("+/") == std::string_view::npos && value.back() != '=');
    return codec::base64Encode(*inner, urlSafe, value.size() % 4 == 0);
  }

  // Redacts a decoded inner value (a parameter or JSON string that is not secret by name).
  std::optional<std::string> redactInner(std::string_view value, const std::string& location, int depth) {
    if (!innerMayChange(value, depth)) return std::nullopt;
    if (auto b64 = redactBase64Text(value, location, depth)) return b64;
    std::vector<Edit> edits;
    std::vector<Span> covered;
    if (looksLikeUrl(value)) {
      handleNamedValues(value, detect::scanUrl(value), location, "", edits, covered, depth);
    } else if (http::looksLikeJson(value)) {
      bool ok = true;
      auto leaves = detect::scanJson(value, &ok);
      if (ok) handleNamedValues(value, leaves, location, "", edits, covered, depth);
    }
    freeText(value, location, edits, covered, depth);
    if (edits.empty()) return std::nullopt;
    return applyEdits(value, edits);
  }

  // A whole text with only free-text content (header values, messages).
  void redactFreeText(Text& t, const std::string& location) {
    if (!t.present || t.value.empty()) return;
    std::vector<Edit> edits;
    if (looksLikeUrl(t.value)) {
      std::vector<Span> covered;
      handleNamedValues(t.value, detect::scanUrl(t.value), location, "", edits, covered, 0);
      freeText(t.value, location, edits, covered, 0);
    } else {
      freeText(t.value, location, edits, {}, 0);
    }
    commit(t, edits);
  }

  void commit(Text& t, std::vector<Edit>& edits) {
    if (edits.empty()) return;
    t.set(applyEdits(t.value, edits));
  }

  void replaceWhole(Text& t, std::string_view kind, const std::string& location) {
    if (!t.present || t.value.empty() || isRedactedValue(t.value)) return;
    std::string repl = replacementFor(kind, t.value, location);
    record(location, kind);
    learn(t.value, repl, kind);
    t.set(std::move(repl));
  }

  // --- entry parts ------------------------------------------------------------------------------
  void redactUrl(Text& t, const std::string& location, const std::string& scope) {
    if (!t.present || t.value.empty()) return;
    std::vector<Edit> edits;
    std::vector<Span> covered;
    handleNamedValues(t.value, detect::scanUrl(t.value), location, scope, edits, covered, 0);
    freeText(t.value, location, edits, covered, 0);
    commit(t, edits);
  }

  void redactHeaders(std::vector<Field>& headers, const TextPlace& list) {
    const bool isRequest = list.side == EntrySide::Request;
    const std::string side = isRequest ? "request" : "response";
    for (auto& h : headers) {
      const std::string& name = h.name.value;
      std::string loc = list.field(name).location();
      Text& t = h.value;
      if (!t.present || t.value.empty() || r_.rules.isAllowed(name)) continue;
      if (isRequest && text::equalsIgnoreCase(name, "cookie")) {
        std::vector<Edit> edits;
        for (const auto& c : detect::scanCookieHeader(t.value)) cookieValue(c, loc + "." + safeName(c.name), side, edits, t.value);
        freeText(t.value, loc, edits, {}, 4);  // cookie names carrying protected values (the net)
        commit(t, edits);
        continue;
      }
      if (!isRequest && text::equalsIgnoreCase(name, "set-cookie")) {
        // Some exporters (Firefox) fold several Set-Cookie headers into one value, one per line.
        std::vector<Edit> edits;
        std::string_view all(t.value);
        for (std::size_t start = 0; start < all.size();) {
          std::size_t nl = all.find('\n', start);
          std::size_t end = nl == std::string_view::npos ? all.size() : nl;
          if (auto c = detect::scanSetCookie(all.substr(start, end - start))) {
            NamedValue shifted = *c;
            shifted.begin += start;
            shifted.end += start;
            cookieValue(shifted, loc + "." + safeName(c->name), side, edits, t.value);
          }
          start = end + 1;
        }
        freeText(t.value, loc, edits, {}, 4);
        commit(t, edits);
        continue;
      }
      if (auto kind = r_.rules.kindFor(RuleTarget::AuthHeader, name)) {
        if (auto cred = detect::authorizationCredential(t.value)) {
          std::string_view value = std::string_view(t.value).substr(cred->begin, cred->end - cred->begin);
          if (value.empty() || isRedactedValue(value)) continue;
          std::string k = cred->kind.empty() || cred->kind == "credential" ? std::string(*kind) : cred->kind;
          std::string repl = replacementFor(k, value, loc);
          record(loc, k);
          learn(value, repl, k);
          std::vector<Edit> edits{{cred->begin, cred->end, repl}};
          commit(t, edits);
        }
        continue;
      }
      if (auto kind = r_.rules.kindFor(RuleTarget::Header, name)) {
        replaceWhole(t, *kind, loc);
        continue;
      }
      if (opt_.redactPii)
        if (auto kind = r_.rules.kindFor(RuleTarget::PiiHeader, name)) {
          replaceWhole(t, *kind, loc);
          continue;
        }
      if (auto kind = r_.rules.kindFor(RuleTarget::GenericHeader, name); kind && looksLikeCredential(t.value)) {
        replaceWhole(t, *kind, loc);
        continue;
      }
      if (text::equalsIgnoreCase(name, "www-authenticate") || text::equalsIgnoreCase(name, "proxy-authenticate") ||
          text::equalsIgnoreCase(name, "authentication-info")) {
        std::vector<Edit> edits;
        std::vector<Span> covered;
        handleNamedValues(t.value, detect::scanHeaderParams(t.value), loc, "", edits, covered, 0);
        freeText(t.value, loc, edits, covered, 0);
        commit(t, edits);
        continue;
      }
      redactFreeText(t, loc);
    }
  }

  // A name for a location (report, --check output): names can carry secrets themselves
  // (.AspNetCore.Correlation.<protected value>), which the net finds and replaces here.
  std::string safeName(const std::string& name) const {
    auto found = r_.rules.findPatterns(name, false);
    if (found.empty()) return name;
    std::vector<Edit> edits;
    for (const auto& m : found)
      edits.push_back({m.begin, m.end, r_.pseudo.placeholder(m.kind, std::string_view(name).substr(m.begin, m.end - m.begin))});
    return applyEdits(name, edits);
  }

  void cookieValue(const NamedValue& c, const std::string& loc, const std::string& side, std::vector<Edit>& edits,
                   std::string_view scanned) {
    Decision d = decideCookie(c.name);
    std::optional<Mirrored> m;
    if (d.action == Decision::Secret)
      if (auto repl = replaceValue(d.kind, c, loc, edits, scanned)) {
        std::string_view raw = scanned.substr(c.begin, c.end - c.begin);
        m = Mirrored{std::string(raw), *repl, detect::encodeValue(*repl, c.encoding), std::string(d.kind)};
      }
    mirror_[side + ".cookies\n" + text::toLower(c.name)].push_back(std::move(m));
  }

  // HAR's duplicated name/value views: take what the source text got, in order of occurrence;
  // values without a counterpart are decided on their own.
  void redactView(std::vector<Field>& fields, const TextPlace& list, const std::string& scope, bool cookies,
                  std::string_view pathPrefix) {
    std::unordered_map<std::string, std::size_t> seen;
    const std::string location = list.location();
    for (auto& f : fields) {
      if (cookies) redactFreeText(f.name, location + ".name");
      Text& t = f.value;
      std::string lname = text::toLower(leafName(f.name.value));
      std::size_t n = seen[lname]++;
      std::string loc = list.field(f.name.value).location();
      Decision d = cookies ? decideCookie(f.name.value) : decideParam(f.name.value, pathPrefix).forValue(t.value);
      // The view takes exactly what its source got (the view may hold the value encoded or not).
      auto it = mirror_.find(scope + "\n" + lname);
      if (t.present && it != mirror_.end() && n < it->second.size() && it->second[n]) {
        // A view holding the raw (encoded) form gets the encoded replacement, else the decoded one.
        const Mirrored& m = *it->second[n];
        const std::string& repl = t.value == m.raw ? m.encoded : m.decoded;
        if (t.value != repl && !isRedactedValue(t.value)) {
          record(loc, m.kind);
          learn(t.value, repl, m.kind);
          t.set(repl);
        }
        continue;
      }
      if (d.action != Decision::Secret || !t.present || t.value.empty() || isRedactedValue(t.value)) {
        if (d.action == Decision::Keep && t.present && !t.value.empty()) {
          if (auto inner = redactInner(t.value, loc, 1)) t.set(std::move(*inner));
        }
        continue;
      }
      replaceWhole(t, d.kind, loc);
    }
  }

  enum class Outcome { Unchanged, Changed, Failed };

  // Structured scan of a decoded body; Failed when it cannot be parsed (the caller fails closed).
  Outcome redactContent(std::string& content, std::string_view mime, const std::string& location,
                        const std::string& scope, std::string& reason) {
    const http::MediaKind declared = http::mediaKind(mime);
    const http::MediaKind type = structureOf(declared, content);
    if (type == http::MediaKind::Binary || http::looksBinary(content)) {
      if (type != http::MediaKind::Binary && http::isTextKind(declared)) {
        reason = "binary content with a text media type";
        return Outcome::Failed;
      }
      if (declared == http::MediaKind::Media) return Outcome::Unchanged;
      return redactBinary(content, location) ? Outcome::Changed : Outcome::Unchanged;
    }
    std::vector<Edit> edits;
    std::vector<Span> covered;
    bool structured = false;
    switch (type) {
      case http::MediaKind::Form:
        handleNamedValues(content, detect::scanFormBody(content), location, scope, edits, covered, 0);
        structured = true;
        break;
      case http::MediaKind::Multipart: {
        std::string_view boundary = detect::multipartBoundary(mime).value_or(std::string_view());
        handleNamedValues(content, detect::scanMultipart(content, boundary), location, scope, edits, covered, 0);
        break;
      }
      case http::MediaKind::Json: {
        bool ok = true;
        auto leaves = detect::scanJson(content, &ok);
        structured = ok;
        if (!ok) {
          // Not one JSON document: NDJSON, record-separated or SSE records, an XSSI prefix, JSONP,
          // or JSON cut short. The records (or the leaves before the damage) are redacted in
          // place; the rest is scanned as text below.
          bool framed = false;
          auto records = detect::scanFramedJson(content, &framed);
          if (framed) leaves = std::move(records);
        }
        handleNamedValues(content, leaves, location, scope, edits, covered, 0);
        break;
      }
      case http::MediaKind::Html:
        handleNamedValues(content, detect::scanHtmlInputs(content), location, scope, edits, covered, 0);
        handleNamedValues(content, detect::scanConfigBlob(content), location, scope, edits, covered, 0);
        samlElements(content, location, edits, covered);
        break;
      case http::MediaKind::Text: {
        // Scripts, event streams, socket.io and SignalR messages carry JSON records in text.
        if (content.find_first_of("{[") != std::string::npos) {
          bool framed = false;
          auto records = detect::scanFramedJson(content, &framed);
          if (framed) handleNamedValues(content, records, location, "", edits, covered, 0);
        }
        break;
      }
      default: break;
    }
    freeText(content, location, edits, covered, 0, structured);
    if (edits.empty()) return Outcome::Unchanged;
    content = applyEdits(content, edits);
    return Outcome::Changed;
  }

  // Binary payloads (protobuf, gRPC-web, MessagePack, octet streams): the printable runs are
  // scanned like text, and a run that follows a credential-like name run (MessagePack maps) is
  // judged under that name. Replacements keep the run's length so length prefixes stay right.
  bool redactBinary(std::string& data, const std::string& location) {
    auto runs = detect::printableRuns(data, 8);
    std::vector<Edit> edits;
    std::string_view all(data);
    std::string_view previous;
    std::size_t previousEnd = 0;
    for (const auto& run : runs) {
      std::size_t b = run.begin;
      // A printable length byte in front of a string (MessagePack str8, protobuf) is not part of it.
      if (run.end - b > 1 && static_cast<unsigned char>(all[b]) == run.end - b - 1) ++b;
      std::string_view text = all.substr(b, run.end - b);
      std::vector<Edit> runEdits;
      const bool named = !previous.empty() && b - previousEnd <= 4 && !isRedactedValue(text);
      Decision d = named ? decideParam(previous, "text." + std::string(previous)).forValue(text) : Decision{};
      if (d.action == Decision::Secret) {
        std::string repl = r_.pseudo.placeholder(d.kind, text);
        record(location + ".binary." + std::string(previous), d.kind);
        learn(text, repl, d.kind);
        runEdits.push_back({0, text.size(), repl});
      } else {
        freeText(text, location + ".binary", runEdits, {}, 1);
      }
      for (auto& e : runEdits) edits.push_back({b + e.begin, b + e.end, sameLengthPlaceholder(e.replacement, e.end - e.begin)});
      const bool nameLike = text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
      previous = nameLike ? text : std::string_view();
      previousEnd = run.end;
    }
    if (edits.empty()) return false;
    data = applyEdits(data, edits);
    return true;
  }

  // SAML / WS-Trust XML in a body (SOAP responses, posted assertions): the content of the
  // outermost secret-bearing elements goes, the markup stays.
  void samlElements(std::string_view content, const std::string& location, std::vector<Edit>& edits,
                    std::vector<Span>& covered) {
    auto contains = [&](std::string_view word) { return text::findIgnoreCase(content, word) != std::string_view::npos; };
    if (!contains("Assertion") && !contains("SecurityToken") && !contains("SignatureValue"))
      return;
    auto secrets = detect::findSamlSecrets(content);
    std::sort(secrets.begin(), secrets.end(), [](const detect::SamlSecret& a, const detect::SamlSecret& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::size_t coveredTo = 0;
    for (const auto& sec : secrets) {
      if (sec.begin < coveredTo || sec.end <= sec.begin) continue;  // nested in one already taken
      Span sp{sec.begin, sec.end};
      if (overlapsAny(sp, covered)) continue;
      std::string_view value = content.substr(sec.begin, sec.end - sec.begin);
      std::string kind = redact::sanitizeKind(sec.kind);
      std::string repl = r_.pseudo.placeholder(kind, value);
      edits.push_back({sec.begin, sec.end, repl});
      record(location + ".saml." + sec.element, kind);
      learn(value, repl, kind);
      covered.push_back(sp);
      coveredTo = sec.end;
    }
  }

  void failClosed(Text& text, const std::string& location, const std::string& reason, bool base64) {
    std::string repl = r_.pseudo.placeholder("body", text.value);
    text.set(base64 ? codec::base64Encode(repl) : repl);
    record(location, "body");
    result_.failClosed.push_back({entry_.number, location, reason});
  }
  void failClosed(Body& body, const std::string& location, const std::string& reason, bool base64) {
    failClosed(body.text, location, reason, base64);
  }

  static constexpr std::size_t kMaxStoredBody = 256u << 20;
  static std::string_view contentEncodingOf(const std::vector<Field>& headers) {
    const Field* f = findField(headers, "content-encoding");
    return f ? std::string_view(f->value.value) : std::string_view();
  }

  static bool isBase64(const Body& b) { return b.encoding.present && text::equalsIgnoreCase(b.encoding.value, "base64"); }

  void redactBody(Body& body, const std::vector<Field>& headers, const std::string& location) {
    if (!body.text.present || body.text.value.empty()) return;
    if (!body.decodeError.empty()) {
      if (!isRedactedValue(body.text.value)) failClosed(body, location, body.decodeError, false);
      return;
    }
    const bool base64 = isBase64(body);
    std::string content;
    if (base64 && http::mediaKind(http::declaredMediaType(body, headers)) == http::MediaKind::Media) {
      // Images, fonts and the like are not scanned (see redactContent): only their encoding is.
      if (!codec::isValidBase64(body.text.value)) failClosed(body, location, "invalid base64", true);
      return;
    }
    if (base64) {
      auto decoded = codec::base64Decode(body.text.value);
      if (!decoded) {
        failClosed(body, location, "invalid base64", true);
        return;
      }
      content = std::move(*decoded);
    } else {
      content = body.text.value;
    }
    if (isRedactedValue(content)) {
      if (base64) rememberDecoded(body, std::move(content));
      return;
    }
    // Base64 of the compressed bytes (some HAR writers): redacted decoded, compressed back.
    std::optional<codec::DecodedBody> stored;
    if (base64) stored = codec::decodeStoredCoding(content, contentEncodingOf(headers), kMaxStoredBody);
    if (stored) content = std::move(stored->bytes);
    std::string reason;
    // gzip bytes under a media type that does not say so (a base64 body of a compressed JSON):
    // the text inside is redacted and compressed again.
    if (base64 && content.size() > 18 && content[0] == '\x1f' && content[1] == '\x8b') {
      auto plain = codec::gzipDecode(content, 256u << 20);
      if (!plain) {
        failClosed(body, location, "undecodable gzip inside base64", true);
        return;
      }
      switch (redactContent(*plain, http::declaredMediaType(body, headers), location, location + ".form", reason)) {
        case Outcome::Failed: failClosed(body, location, reason, true); return;
        case Outcome::Unchanged:
          if (!stored) rememberDecoded(body, std::move(content));
          return;
        case Outcome::Changed: break;
      }
      auto packed = codec::gzipEncode(*plain);
      if (!packed) {
        failClosed(body, location, "cannot compress the redacted body", true);
        return;
      }
      body.text.set(codec::base64Encode(*packed));
      rememberDecoded(body, std::move(*packed));
      return;
    }
    switch (redactContent(content, http::declaredMediaType(body, headers), location, location + ".form", reason)) {
      case Outcome::Failed: failClosed(body, location, reason, base64); return;
      case Outcome::Changed:
        if (stored) {
          auto encoded = codec::encodeBody(content, stored->codings);
          if (!encoded) return failClosed(body, location, encoded.error().message(), base64);
          content = std::move(*encoded);
        }
        if (!base64) {
          body.text.set(std::move(content));
          return;
        }
        body.text.set(codec::base64Encode(content));
        rememberDecoded(body, std::move(content));
        return;
      case Outcome::Unchanged:
        if (base64 && !stored) rememberDecoded(body, std::move(content));
        return;
    }
  }

  // A base64 body is decoded once per entry: what the first pass decoded (or encoded) is what the
  // known pass searches, as long as the body's text is still the one it came from.
  void rememberDecoded(const Body& body, std::string bytes) {
    decoded_.push_back({&body, body.text.value.size(), std::move(bytes)});
  }
  std::string* rememberedDecoded(const Body& body) {
    for (auto& d : decoded_)
      if (d.body == &body && d.textSize == body.text.value.size()) return &d.bytes;
    return nullptr;
  }

  void redactWebSocket(WebSocketMessage& m, const std::string& loc) {
    Text& t = m.data;
    if (!t.present || t.value.empty() || isRedactedValue(t.value)) return;
    std::string reason;
    if (!m.decodeError.empty()) {
      // A compressed frame that could not be inflated: nothing in it can be checked.
      failClosed(t, loc, m.decodeError, true);
      return;
    }
    if (m.opcode.present && m.opcode.value != 1) {
      // Binary frames (and continuation frames in SAZ) are stored base64; text inside them is
      // scanned, binary bytes are left alone. Data that is not base64 is scanned as it is.
      if (auto decoded = codec::base64Decode(t.value)) {
        const bool changed = http::readsAsText(*decoded) ? redactContent(*decoded, "", loc, "", reason) == Outcome::Changed
                                                   : redactBinary(*decoded, loc);
        if (changed) t.set(codec::base64Encode(*decoded));
        return;
      }
    }
    std::string content = t.value;
    if (redactContent(content, "", loc, "", reason) == Outcome::Changed) t.set(std::move(content));
  }


  void redactExtension(Extension& x, const std::string& loc) {
    Text& t = x.json;
    if (!t.present || t.value.empty()) return;
    std::vector<Edit> edits;
    std::vector<Span> covered;
    bool ok = true;
    auto leaves = detect::scanJson(t.value, &ok);
    handleNamedValues(t.value, leaves, loc, "", edits, covered, 0);
    freeText(t.value, loc, edits, covered, 0);
    commit(t, edits);
  }

  // --- second pass: secrets learned so far, wherever they appear verbatim -------------------------
  // `s` with every known secret replaced, or nullopt when it holds none (the usual case: no copy).
  std::optional<std::string> knownReplaced(std::string_view s, const std::string& location) {
    if (session_.known.empty() || s.size() < RedactionSession::Impl::kMinSecret) return std::nullopt;
    std::vector<RedactionSession::Impl::Hit> hits;
    session_.find(s, hits);
    if (hits.empty()) return std::nullopt;
    std::vector<Edit> edits;
    for (const auto& h : hits) {
      const auto& k = session_.known[h.known];
      edits.push_back({h.begin, h.end, k.replacement});
      record(location + ".known", k.kind);
    }
    return applyEdits(s, edits);
  }

  bool knownPass(std::string& s, const std::string& location) {
    auto replaced = knownReplaced(s, location);
    if (!replaced) return false;
    s = std::move(*replaced);
    return true;
  }

  void knownPass(Text& t, const std::string& location) {
    if (!t.present) return;
    if (auto replaced = knownReplaced(t.value, location)) t.set(std::move(*replaced));
  }

  void knownPassBody(Body& body, const std::string& location) {
    if (!body.text.present || body.text.value.empty()) return;
    if (isBase64(body)) {
      std::optional<std::string> fresh;
      std::string* decoded = rememberedDecoded(body);
      if (!decoded && (fresh = codec::base64Decode(body.text.value))) decoded = &*fresh;
      if (decoded && knownPass(*decoded, location)) body.text.set(codec::base64Encode(*decoded));
    } else {
      knownPass(body.text, location);
    }
  }

public:
  // Every text of the entry, through the one Entry visitor.
  void knownPassEntry() {
    struct KnownPass : EntryVisitor {
      EntryRedaction& r;
      explicit KnownPass(EntryRedaction& work) : r(work) {}
      void text(Text& t, const TextPlace& place) override { r.knownPass(t, place.location()); }
      void body(Body& b, const std::vector<Field>&, const TextPlace& place) override { r.knownPassBody(b, place.location()); }
      void webSocket(WebSocketMessage& m, const TextPlace& place) override {
        if (m.opcode.present && m.opcode.value == 2) return;  // binary frames: their bytes, base64
        r.knownPass(m.data, place.location());
      }
      // Custom fields are raw JSON; a placeholder needs no escaping there (the default).
    } pass(*this);
    visitEntry(entry_, pass);
  }

private:
  const Redactor::Impl& r_;
  const RedactOptions& opt_;
  RedactionSession::Impl& session_;
  Entry& entry_;
  RedactionResult& result_;
  // What a source value became, for the HAR views that repeat it.
  struct Mirrored {
    std::string raw;      // the value as written in the source text
    std::string decoded;  // its replacement, decoded
    std::string encoded;  // its replacement, written like the source
    std::string kind;     // for the view's record
  };
  std::unordered_map<std::string, std::vector<std::optional<Mirrored>>> mirror_;
  struct Decoded {
    const Body* body;
    std::size_t textSize;  // of the base64 text the bytes belong to
    std::string bytes;
  };
  std::vector<Decoded> decoded_;
};

// Every part of the entry, through the one Entry visitor, whose order is this pass's: sources
// first, then the HAR views that mirror them.
void EntryRedaction::firstPass() {
  struct FirstPass : EntryVisitor {
    EntryRedaction& r;
    explicit FirstPass(EntryRedaction& work) : r(work) {}
    void text(Text& t, const TextPlace& place) override {
      switch (place.part) {
        case TextPart::Url: r.redactUrl(t, place.location(), place.location()); break;
        case TextPart::RedirectUrl: r.redactUrl(t, place.location(), ""); break;
        case TextPart::ServerAddress:
          if (r.opt_.redactPii && t.present && !t.value.empty()) r.replaceWhole(t, "ip", place.location());
          break;
        default: break;  // the rest comes as lists, bodies, messages and extensions
      }
    }
    void fields(std::vector<Field>& fields, const TextPlace& list) override {
      const TextPlace body{list.side, TextPart::Body, {}, 0};
      switch (list.part) {
        case TextPart::Header: r.redactHeaders(fields, list); break;
        case TextPart::Query:
          r.redactView(fields, list, TextPlace{list.side, TextPart::Url, {}, 0}.location(), false, "query");
          break;
        case TextPart::Cookie: r.redactView(fields, list, list.location(), true, ""); break;
        case TextPart::BodyParam: r.redactView(fields, list, body.location() + ".form", false, "form"); break;
        case TextPart::SessionFlag:
          if (r.opt_.redactPii)
            for (auto& f : fields)
              if (auto kind = r.r_.rules.kindFor(RuleTarget::PiiFlag, f.name.value))
                r.replaceWhole(f.value, *kind, list.field(f.name.value).location());
          for (auto& f : fields) r.redactFreeText(f.value, list.field(f.name.value).location());
          break;
        default: break;
      }
    }
    void body(Body& b, const std::vector<Field>& headers, const TextPlace& place) override {
      r.redactBody(b, headers, place.location());
    }
    void webSocket(WebSocketMessage& m, const TextPlace& place) override { r.redactWebSocket(m, place.location()); }
    void extension(Extension& x, const TextPlace& place) override { r.redactExtension(x, place.location()); }
  } pass(*this);
  visitEntry(entry_, pass);
}

}  // namespace

namespace redact {

void redactEntry(const Redactor::Impl& redactor, RedactionSession::Impl& session, Entry& entry,
                 RedactionResult& result, EntryPass pass) {
  EntryRedaction work(redactor, session, entry, result);
  if (pass != EntryPass::Known) work.firstPass();
  if (pass != EntryPass::First) work.knownPassEntry();
}

}  // namespace redact
}  // namespace tracesan
