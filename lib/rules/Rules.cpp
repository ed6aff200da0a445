// Parsing and compiling secret rules. Names are looked up in hash maps of lowercased names; name
// globs, path globs and value regexes each go into one RE2::Set per target, so one lookup or one
// pass over a text answers for all rules at once.
#include "tracesan/Rules.h"

#include <re2/re2.h>
#include <re2/filtered_re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "rules/RegexReach.h"
#include "text/TextCodec.h"
#include "text/WordFinder.h"
#include "tracesan/Io.h"

namespace tracesan {
namespace data {
extern const std::string_view secret_rules;
}

namespace {

struct TargetName {
  RuleTarget target;
  std::string_view name;
};

constexpr std::array<TargetName, 17> kTargets{{
    {RuleTarget::Header, "header"},
    {RuleTarget::AuthHeader, "auth-header"},
    {RuleTarget::Cookie, "cookie"},
    {RuleTarget::Param, "param"},
    {RuleTarget::JsonPath, "json-path"},
    {RuleTarget::Regex, "regex"},
    {RuleTarget::Claim, "claim"},
    {RuleTarget::PiiHeader, "pii-header"},
    {RuleTarget::PiiParam, "pii-param"},
    {RuleTarget::PiiCookie, "pii-cookie"},
    {RuleTarget::PiiClaim, "pii-claim"},
    {RuleTarget::PiiFlag, "pii-flag"},
    {RuleTarget::PiiRegex, "pii-regex"},
    {RuleTarget::StateParam, "state-param"},
    {RuleTarget::Allow, "allow"},
    {RuleTarget::GenericParam, "generic-param"},
    {RuleTarget::GenericHeader, "generic-header"},
}};
constexpr std::size_t kTargetCount = kTargets.size();

struct ContextName {
  unsigned bit;
  std::string_view name;
};
constexpr std::array<ContextName, 9> kContexts{{
    {kContextQuery, "query"},
    {kContextFragment, "fragment"},
    {kContextForm, "form"},
    {kContextMultipart, "multipart"},
    {kContextJson, "json"},
    {kContextHtml, "html"},
    {kContextConfig, "config"},
    {kContextHeaderParam, "header-param"},
    {kContextText, "text"},
}};

std::size_t targetIndex(RuleTarget t) { return static_cast<std::size_t>(t); }

// ASCII only, like every rule name (and without a locale lookup per byte).
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::uint64_t nextRuleSetId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

bool isRegexTarget(RuleTarget t) { return t == RuleTarget::Regex || t == RuleTarget::PiiRegex; }
bool isParamTarget(RuleTarget t) {
  return t == RuleTarget::Param || t == RuleTarget::PiiParam || t == RuleTarget::StateParam ||
         t == RuleTarget::GenericParam;
}
bool isGlob(std::string_view p) { return p.find_first_of("*?") != std::string_view::npos; }

// A glob (`*` any run, `?` one char) as an anchored, lowercase RE2 pattern.
std::string globToRegex(std::string_view glob) {
  std::string out;
  for (char c : lower(glob)) {
    if (c == '*') out += ".*";
    else if (c == '?') out += '.';
    else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) out += c;
    else { out += '\\'; out += c; }
  }
  return out;
}

RE2::Options regexOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

RE2::Options nameOptions() {
  RE2::Options o = regexOptions();
  o.set_dot_nl(true);
  return o;
}

bool validKind(std::string_view k) {
  if (k.empty()) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  std::size_t start = 0;
  for (;;) {
    auto tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cols;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits an optional `ctx1,ctx2:` prefix off a parameter pattern.
Expected<unsigned> parseContexts(std::string& pattern) {
  auto colon = pattern.find(':');
  if (colon == std::string::npos) return static_cast<unsigned>(kContextAll);
  std::string_view list(pattern.data(), colon);
  unsigned mask = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    std::string_view name = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto it = std::find_if(kContexts.begin(), kContexts.end(), [&](const ContextName& c) { return c.name == name; });
    if (it == kContexts.end())
      return invalidInput("unknown context '" + std::string(name) +
                          "' (expected query, fragment, form, multipart, json, html, config, header-param or text)");
    mask |= it->bit;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  pattern.erase(0, colon + 1);
  if (pattern.empty()) return invalidInput("empty name after the context list");
  return mask;
}

}  // namespace

std::string_view ruleTargetName(RuleTarget target) { return kTargets[targetIndex(target)].name; }

bool looksLikeCredential(std::string_view v) {
  // GUIDs are ids (correlation, tenant, object), URLs are scanned for their own parameters.
  if (v.size() < 16 || text::isGuid(v) || v.find("://") != std::string_view::npos) return false;
  std::size_t digits = 0, letters = 0;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return false;
    if (c >= '0' && c <= '9') ++digits;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
  }
  // Keys, tokens and hashes mix digits into letters (base64 of 12+ random bytes almost always
  // holds two digits); names, words and numbers do not.
  return digits >= 2 && letters >= 4;
}

struct RuleSet::Impl {
  const std::uint64_t id = nextRuleSetId();  // identifies this set in the per-thread name memo
  std::vector<Rule> rules;
  // Per target: lowercased exact name -> rule indices in priority order.
  std::array<std::unordered_map<std::string, std::vector<std::size_t>>, kTargetCount> exact;
  // Per target: the glob patterns and the rule index of each set member.
  std::array<std::unique_ptr<RE2::Set>, kTargetCount> globs;
  std::array<std::vector<std::size_t>, kTargetCount> globRules;
  std::array<bool, kTargetCount> used{};  // whether any rule has this target
  std::vector<std::string> jsonPathStarts;  // json-path patterns up to the first wildcard, lowercase
  // Indexed like rules; null unless a regex rule. Each points into its set's `filters` (the
  // prefilter compiles every pattern anyway) or, without the prefilter, into `owned`.
  std::vector<const RE2*> compiled;
  std::vector<std::unique_ptr<RE2>> owned;
  bool literalPrefilter = true;

  // Where each value pattern can match, read from the text's literals: every match holds one of
  // its pattern's literals, lies in the run of the pattern's bytes around it and is at most
  // maxLength long. So a pattern runs only on windows around its literals.
  struct WindowPlan {
    std::bitset<256> bytes;
    std::size_t maxLength = 0;
    bool wholeText = false;  // the reach bounds no window: the whole text, when a literal is there
  };
  struct PatternWindows {
    std::size_t foldWords = 0;  // index of the first fold letter in the set's literals
    std::vector<std::vector<std::size_t>> patternsOf;  // per literal: the set members needing it
    std::vector<WindowPlan> plans;  // per set member
  };
  // The value patterns of one target (Regex, PiiRegex).
  struct ValuePatterns {
    std::vector<std::size_t> members;  // rule indices, in rule order
    // With the prefilter, one FilteredRE2 per member: its own required atoms (a shared one may
    // drop atoms common to many patterns) and its compiled pattern.
    std::vector<std::unique_ptr<re2::FilteredRE2>> filters;
    // Literals one of which every match holds (every member's, then the fold letters); none =
    // no prefilter: the set runs over every text.
    std::optional<text::WordFinder> literals;
    std::optional<PatternWindows> windows;  // with literals
    // All members in one RE2::Set, built on first use: with windows only a text holding a fold
    // letter needs it. Null when it cannot be built (every member then runs on its own).
    mutable std::once_flag setOnce;
    mutable std::unique_ptr<RE2::Set> set;
  };
  std::array<ValuePatterns, 2> values;

  Status build();
  std::optional<std::size_t> firstMatch(RuleTarget target, std::string_view lowerName, unsigned context) const;
  // firstMatch for a name as written, remembered per thread; with `unlessAllowed`, none when an
  // allow rule matches the name (one memo lookup for both questions).
  std::optional<std::size_t> decide(RuleTarget target, std::string_view name, unsigned context,
                                    bool unlessAllowed = false) const;
  template <class Compute>
  std::uint64_t remembered(std::uint64_t question, std::string_view name, unsigned context, Compute compute) const;
  void buildValuePatterns(ValuePatterns& values);
  const RE2::Set* setOf(const ValuePatterns& values) const;
  // `given`: the places the set's literals start in `text`, found by the caller (else searched).
  void collect(const ValuePatterns& values, std::string_view text, std::vector<PatternMatch>& out,
               const std::vector<RuleSet::LiteralHit>* given = nullptr) const;
  bool collectInWindows(const ValuePatterns& values, std::string_view text, std::vector<PatternMatch>& out,
                        const std::vector<RuleSet::LiteralHit>* given) const;
  // findPatterns: both sets' matches, overlapping ones merged.
  std::vector<PatternMatch> found(std::string_view text, bool withPii, const std::vector<RuleSet::LiteralHit>* given) const;
  void matchAll(std::size_t ruleIndex, std::string_view text, std::size_t from, std::size_t to,
                std::vector<PatternMatch>& out) const;
};

namespace {

constexpr std::array<std::string_view, 2> kFoldLetters{
    "\xe2\x84\xaa",  // U+212A KELVIN SIGN
    "\xc5\xbf",      // U+017F LATIN SMALL LETTER LONG S
};

// The atoms one of which (ASCII case folded) every match of the pattern in `filter` holds, cut
// to 8 bytes (any substring of a required atom is also required), or nullopt when the pattern
// has none. RE2's FilteredRE2 gives them.
std::optional<std::vector<std::string>> requiredAtoms(re2::FilteredRE2& filter) {
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> unfiltered;
  filter.AllPotentials({}, &unfiltered);
  if (!unfiltered.empty() || atoms.empty()) return std::nullopt;
  constexpr std::size_t kCut = 8;
  for (auto& a : atoms)
    if (a.size() > kCut) a.resize(kCut);
  return atoms;
}

// The atoms holding no other atom (a text holding an atom holds those it holds, which keeps the
// search short), then the two non-ASCII letters Unicode folds to ASCII ones (KELVIN SIGN for k,
// LONG S for s): case-insensitive patterns match them too, so they always pass the filter.
std::vector<std::string> shortestAtoms(std::vector<std::string> atoms) {
  std::sort(atoms.begin(), atoms.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  std::vector<std::string> words;
  for (const auto& a : atoms)
    if (std::none_of(words.begin(), words.end(), [&](const std::string& w) { return a.find(w) != std::string::npos; }))
      words.push_back(a);
  words.insert(words.end(), kFoldLetters.begin(), kFoldLetters.end());
  return words;
}

// For each literal, the members one of whose atoms holds it (a match holds one of its pattern's
// atoms, and so every literal that atom holds), and each member's reach.
RuleSet::Impl::PatternWindows windowsFor(const std::vector<std::string>& words,
                                         const std::vector<std::vector<std::string>>& atomsOf,
                                         const std::vector<const std::string*>& patterns) {
  RuleSet::Impl::PatternWindows w;
  w.foldWords = words.size() - kFoldLetters.size();
  w.patternsOf.resize(w.foldWords);
  for (std::size_t i = 0; i < w.foldWords; ++i)
    for (std::size_t k = 0; k < atomsOf.size(); ++k)
      if (std::any_of(atomsOf[k].begin(), atomsOf[k].end(), [&](const std::string& a) { return a.find(words[i]) != std::string::npos; }))
        w.patternsOf[i].push_back(k);
  for (const std::string* pattern : patterns) {
    RuleSet::Impl::WindowPlan plan;
    if (auto reach = analyzeReach(*pattern)) {
      plan.bytes = reach->bytes;
      plan.maxLength = reach->maxLength;
      plan.wholeText = reach->bytes.all() && reach->maxLength == RegexReach::kUnbounded;
    } else {
      plan.wholeText = true;
    }
    w.plans.push_back(plan);
  }
  return w;
}

}  // namespace

// The literals and windows of one value-pattern target, from its members' FilteredRE2s.
void RuleSet::Impl::buildValuePatterns(ValuePatterns& v) {
  if (v.filters.empty()) return;
  std::vector<std::vector<std::string>> atomsOf;
  std::vector<std::string> all;
  std::vector<const std::string*> patterns;
  for (std::size_t k = 0; k < v.members.size(); ++k) {
    auto atoms = requiredAtoms(*v.filters[k]);
    if (!atoms) return;  // a pattern without literals: no prefilter
    all.insert(all.end(), atoms->begin(), atoms->end());
    atomsOf.push_back(std::move(*atoms));
    patterns.push_back(&rules[v.members[k]].pattern);
  }
  auto words = shortestAtoms(std::move(all));
  if (words.size() > text::WordFinder::kMaxWords) return;
  v.windows = windowsFor(words, atomsOf, patterns);
  v.literals.emplace(std::move(words));
}

Status RuleSet::Impl::build() {
  compiled.resize(rules.size());
  std::array<std::vector<std::size_t>, kTargetCount> globMembers;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    std::size_t t = targetIndex(r.target);
    used[t] = true;
    if (isRegexTarget(r.target)) {
      // Each pattern is compiled once: by its own FilteredRE2 when the prefilter is on.
      ValuePatterns& v = values[r.target == RuleTarget::Regex ? 0 : 1];
      if (literalPrefilter) {
        auto filter = std::make_unique<re2::FilteredRE2>(3);
        int id = 0;
        if (filter->Add(r.pattern, regexOptions(), &id) != RE2::NoError) {
          RE2 re(r.pattern, regexOptions());  // for its message
          return invalidInput(r.origin + ": invalid regex: " + re.error());
        }
        compiled[i] = &filter->GetRE2(id);
        v.filters.push_back(std::move(filter));
      } else {
        auto re = std::make_unique<RE2>(r.pattern, regexOptions());
        if (!re->ok()) return invalidInput(r.origin + ": invalid regex: " + re->error());
        compiled[i] = re.get();
        owned.push_back(std::move(re));
      }
      v.members.push_back(i);
    } else if (r.target == RuleTarget::JsonPath || isGlob(r.pattern)) {
      if (r.target == RuleTarget::JsonPath) jsonPathStarts.push_back(lower(r.pattern.substr(0, r.pattern.find_first_of("*?"))));
      globMembers[t].push_back(i);
    } else {
      exact[t][lower(r.pattern)].push_back(i);
    }
  }
  for (std::size_t t = 0; t < kTargetCount; ++t) {
    if (globMembers[t].empty()) continue;
    auto set = std::make_unique<RE2::Set>(nameOptions(), RE2::ANCHOR_BOTH);
    for (std::size_t i : globMembers[t]) {
      std::string error;
      if (set->Add(globToRegex(rules[i].pattern), &error) < 0)
        return invalidInput(rules[i].origin + ": invalid pattern: " + error);
    }
    if (!set->Compile()) return internalError("cannot compile the name patterns of target " + std::string(kTargets[t].name));
    globs[t] = std::move(set);
    globRules[t] = std::move(globMembers[t]);
  }
  for (ValuePatterns& v : values) buildValuePatterns(v);
  return Status::ok();
}

std::optional<std::size_t> RuleSet::Impl::firstMatch(RuleTarget target, std::string_view lowerName,
                                                     unsigned context) const {
  std::size_t t = targetIndex(target);
  const bool checkContext = isParamTarget(target);
  auto contextOk = [&](std::size_t i) { return !checkContext || (rules[i].contexts & context) != 0; };
  auto it = exact[t].find(std::string(lowerName));
  if (it != exact[t].end())
    for (std::size_t i : it->second)
      if (contextOk(i)) return i;  // exact names beat patterns
  if (!globs[t]) return std::nullopt;
  std::vector<int> hits;
  if (!globs[t]->Match(lowerName, &hits)) return std::nullopt;
  std::optional<std::size_t> best;
  for (int h : hits) {
    std::size_t i = globRules[t][static_cast<std::size_t>(h)];
    if (contextOk(i) && (!best || i < *best)) best = i;
  }
  return best;
}

// The same few hundred names (headers, cookies, JSON members) come up millions of times in a
// big trace, and each decision costs a lowercase copy, a hash lookup and an RE2::Set match. A
// small direct-mapped memo per thread remembers recent decisions: RuleSet stays immutable and
// shareable across threads, memory stays fixed whatever the input, and a slot knows which set
// (by id), target and context its answer belongs to, so a collision only costs a recomputation.
// The one decision cache. The same few hundred names (headers, cookies, JSON members) come up
// millions of times in a big trace, and each decision costs a lowercase copy, a hash lookup and
// an RE2::Set match. A small direct-mapped memo per thread remembers recent answers: RuleSet
// stays immutable and shareable across threads, memory stays fixed whatever the input, and a
// slot knows which set (by id), question and context its answer belongs to, so a collision only
// costs a recomputation. `compute` gets the name lowercased.
template <class Compute>
std::uint64_t RuleSet::Impl::remembered(std::uint64_t question, std::string_view name, unsigned context,
                                        Compute compute) const {
  struct Slot {
    std::uint64_t owner = 0;
    std::string name;
    unsigned context = 0;
    std::uint64_t question = 0;
    std::uint64_t answer = 0;
  };
  constexpr std::size_t kSlots = 2048;
  thread_local std::array<Slot, kSlots> memo;
  std::uint64_t h = 1469598103934665603ull ^ (question * 0x9E3779B97F4A7C15ull) ^ context;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  Slot& slot = memo[(h ^ (h >> 29)) & (kSlots - 1)];
  if (slot.owner == id && slot.question == question && slot.context == context && slot.name == name) return slot.answer;
  const std::uint64_t answer = compute(lower(name));
  slot.owner = id;
  slot.name.assign(name);
  slot.context = context;
  slot.question = question;
  slot.answer = answer;
  return answer;
}

std::optional<std::size_t> RuleSet::Impl::decide(RuleTarget target, std::string_view name, unsigned context,
                                                 bool unlessAllowed) const {
  const std::uint64_t question = targetIndex(target) * 2 + (unlessAllowed ? 1 : 0);
  const std::uint64_t answer = remembered(question, name, context, [&](const std::string& lowered) -> std::uint64_t {
    if (unlessAllowed && firstMatch(RuleTarget::Allow, lowered, kContextAll)) return 0;
    auto i = firstMatch(target, lowered, context);
    return i ? *i + 1 : 0;
  });
  if (answer == 0) return std::nullopt;
  return static_cast<std::size_t>(answer - 1);
}

const RE2::Set* RuleSet::Impl::setOf(const ValuePatterns& v) const {
  std::call_once(v.setOnce, [&] {
    auto set = std::make_unique<RE2::Set>(regexOptions(), RE2::UNANCHORED);
    std::string error;
    for (std::size_t i : v.members)
      if (set->Add(rules[i].pattern, &error) < 0) return;
    if (set->Compile()) v.set = std::move(set);
  });
  return v.set.get();
}

void RuleSet::Impl::collect(const ValuePatterns& v, std::string_view text, std::vector<PatternMatch>& out,
                            const std::vector<RuleSet::LiteralHit>* given) const {
  if (v.members.empty() || text.empty()) return;
  // With the prefilter (literals and windows come together) the literal search decides; the set
  // runs over the whole text when there is no prefilter or the windows give up.
  if (v.windows && collectInWindows(v, text, out, given)) return;
  const std::vector<std::size_t>& members = v.members;
  std::vector<int> hits;
  RE2::Set::ErrorInfo info{};
  const RE2::Set* set = setOf(v);
  if (!set || !set->Match(text, &hits, &info)) {
    if (set && info.kind == RE2::Set::kNoError) return;
    // No set, or its DFA gave up (huge text): try every member on its own rather than miss a secret.
    hits.clear();
    for (std::size_t k = 0; k < members.size(); ++k) hits.push_back(static_cast<int>(k));
  }
  // In rule order, like the windowed path: equal spans keep the earlier rule's kind.
  std::sort(hits.begin(), hits.end());
  for (int h : hits) matchAll(members[static_cast<std::size_t>(h)], text, 0, text.size(), out);
}

// Runs each member only on windows around the literals it needs (see PatternWindows). False,
// having found nothing, when the text holds a non-ASCII letter (?i) folds to an ASCII one (a
// match may then hold none of its literals as written), or so many literals or separate windows
// that one pass of the set over the whole text costs less (and memory stays small).
bool RuleSet::Impl::collectInWindows(const ValuePatterns& v, std::string_view text, std::vector<PatternMatch>& out,
                                     const std::vector<RuleSet::LiteralHit>* given) const {
  constexpr std::size_t kMaxHits = 4096;
  constexpr std::size_t kMaxWindows = 256;  // per pattern
  const PatternWindows& w = *v.windows;
  const text::WordFinder& finder = *v.literals;
  const std::vector<std::size_t>& members = v.members;
  struct Window {
    std::size_t begin, end;
  };
  thread_local std::vector<std::vector<Window>> windowsOf;
  thread_local std::vector<char> wholeText;
  if (windowsOf.size() < members.size()) windowsOf.resize(members.size());
  for (std::size_t k = 0; k < members.size(); ++k) windowsOf[k].clear();
  wholeText.assign(members.size(), 0);
  const std::size_t n = text.size();
  auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t hits = 0;
  // One literal found at `h`; false to give up on windows. No literal holds another, so one
  // literal at most starts at a place: the caller's list and find() give the same places.
  auto window = [&](std::size_t h, std::size_t word) {
    if (word >= w.foldWords || ++hits > kMaxHits) return false;
    const std::size_t wordEnd = h + finder.words()[word].size();
    for (std::size_t k : w.patternsOf[word]) {
      const WindowPlan& plan = w.plans[k];
      if (plan.wholeText) {
        wholeText[k] = 1;
        continue;
      }
      if (windowsOf[k].size() >= kMaxWindows) return false;
      // A match holding this literal starts at most maxLength before its end and ends at most
      // maxLength after its start, and holds only the plan's bytes. Windows come in text order;
      // the left scan stops at the previous window, which this one then extends.
      std::vector<Window>& windows = windowsOf[k];
      const std::size_t previousEnd = windows.empty() ? 0 : windows.back().end;
      const bool bounded = plan.maxLength != RegexReach::kUnbounded;
      const std::size_t minBegin = bounded && wordEnd > plan.maxLength ? wordEnd - plan.maxLength : 0;
      const std::size_t maxEnd = bounded && plan.maxLength < n - h ? h + plan.maxLength : n;
      std::size_t begin = h;
      while (begin > std::max(minBegin, previousEnd) && plan.bytes.test(byteAt(begin - 1))) --begin;
      std::size_t end = std::max(wordEnd, previousEnd);
      while (end < maxEnd && plan.bytes.test(byteAt(end))) ++end;
      if (!windows.empty() && begin <= previousEnd) windows.back().end = std::max(previousEnd, end);
      else windows.push_back({begin, end});
    }
    return true;
  };
  if (given) {
    for (const RuleSet::LiteralHit& hit : *given)
      if (!window(hit.pos, hit.literal)) return false;
  } else {
    for (auto hit = finder.find(text); hit; hit = finder.find(text, hit->pos + 1))
      if (!window(hit->pos, hit->word)) return false;
  }
  for (std::size_t k = 0; k < members.size(); ++k) {
    if (wholeText[k]) {
      matchAll(members[k], text, 0, n, out);
      continue;
    }
    for (const Window& win : windowsOf[k]) matchAll(members[k], text, win.begin, win.end, out);
  }
  return true;
}

// Every match of one rule's pattern starting in [from, to) and ending by `to`, leftmost first,
// each from the end of the one before. RE2 sees the whole text as context, so `\b`, `^` and `$`
// at a window's edges answer as they do in a whole-text scan.
void RuleSet::Impl::matchAll(std::size_t ruleIndex, std::string_view text, std::size_t from, std::size_t to,
                             std::vector<PatternMatch>& out) const {
  const RE2& re = *compiled[ruleIndex];
  int groups = std::min(re.NumberOfCapturingGroups(), 1);
  re2::StringPiece sub[2];
  std::size_t pos = from;
  while (pos <= to && re.Match(text, pos, to, RE2::UNANCHORED, sub, groups + 1)) {
    re2::StringPiece span = groups > 0 && sub[1].data() ? sub[1] : sub[0];
    std::size_t wholeEnd = static_cast<std::size_t>(sub[0].data() - text.data()) + sub[0].size();
    if (!span.empty()) {
      std::size_t b = static_cast<std::size_t>(span.data() - text.data());
      out.push_back({b, b + span.size(), rules[ruleIndex].kind});
    }
    pos = wholeEnd > pos ? wholeEnd : pos + 1;
  }
}

namespace {
// `checkRegexes`: compile each regex to report it; create() leaves that to build(), which
// compiles them anyway (with the same message), so a pattern is not compiled twice at start-up.
Expected<std::vector<Rule>> parseRules(std::string_view text, const std::string& name, bool checkRegexes) {
  std::vector<Rule> out;
  std::size_t lineNo = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    std::string where = name + ": line " + std::to_string(lineNo);
    auto cols = splitTabs(line);
    if (cols.size() < 3 || cols.size() > 4)
      return invalidInput(where + ": expected 3 or 4 tab-separated columns (kind, target, pattern, label), found " +
                          std::to_string(cols.size()));
    Rule rule;
    rule.origin = where;
    rule.kind = std::string(trim(cols[0]));
    std::string_view target = trim(cols[1]);
    rule.pattern = std::string(cols[2]);
    if (cols.size() == 4) rule.label = std::string(trim(cols[3]));
    auto t = std::find_if(kTargets.begin(), kTargets.end(), [&](const TargetName& n) { return n.name == target; });
    if (t == kTargets.end()) return invalidInput(where + ": unknown target '" + std::string(target) + "'");
    rule.target = t->target;
    if (rule.target == RuleTarget::Allow) {
      if (rule.kind != "-" && !validKind(rule.kind))
        return invalidInput(where + ": invalid kind '" + rule.kind + "' (use - for allow rules)");
    } else if (!validKind(rule.kind)) {
      return invalidInput(where + ": invalid kind '" + rule.kind + "' (letters, digits and _ only)");
    }
    if (!isRegexTarget(rule.target)) rule.pattern = std::string(trim(rule.pattern));
    if (rule.pattern.empty()) return invalidInput(where + ": empty pattern");
    if (isParamTarget(rule.target)) {
      auto contexts = parseContexts(rule.pattern);
      if (!contexts) return contexts.error().withContext(where);
      rule.contexts = *contexts;
    }
    if (checkRegexes && isRegexTarget(rule.target)) {
      RE2 re(rule.pattern, regexOptions());
      if (!re.ok()) return invalidInput(where + ": invalid regex: " + re.error());
    }
    out.push_back(std::move(rule));
  }
  return out;
}
}  // namespace

Expected<std::vector<Rule>> RuleSet::parse(std::string_view text, const std::string& name) {
  return parseRules(text, name, true);
}

Expected<RuleSet> RuleSet::create(const RuleSetOptions& options) {
  auto impl = std::make_shared<Impl>();
  // User rules first: the earliest matching rule wins.
  for (const auto& file : options.ruleFiles) {
    auto text = readWholeFile(file);
    if (!text) return text.error();
    auto rules = parseRules(*text, file, false);
    if (!rules) return rules.error();
    for (auto& r : *rules) impl->rules.push_back(std::move(r));
  }
  for (const auto& [name, text] : options.ruleTexts) {
    auto rules = parseRules(text, name, false);
    if (!rules) return rules.error();
    for (auto& r : *rules) impl->rules.push_back(std::move(r));
  }
  for (const auto& name : options.allow) {
    if (trim(name).empty()) return Error(ErrorKind::Usage, "--allow: empty name");
    impl->rules.push_back(Rule{"-", RuleTarget::Allow, std::string(trim(name)), "--allow", kContextAll, "--allow"});
  }
  if (options.builtIns) {
    auto rules = parseRules(data::secret_rules, "data/secret-rules.tsv", false);
    if (!rules) return internalError("built-in rules: " + rules.error().message());
    for (auto& r : *rules) impl->rules.push_back(std::move(r));
  }
  impl->literalPrefilter = options.literalPrefilter;
  if (auto s = impl->build(); !s) return s.error();
  return RuleSet(std::move(impl));
}

std::optional<std::string_view> RuleSet::kindFor(RuleTarget target, std::string_view name, unsigned context) const {
  if (target == RuleTarget::Allow || isRegexTarget(target) || !hasRulesFor(target)) return std::nullopt;
  const bool allowApplies = target != RuleTarget::JsonPath && target != RuleTarget::Claim && target != RuleTarget::PiiClaim;
  auto i = impl_->decide(target, name, context, allowApplies);
  if (!i) return std::nullopt;
  return std::string_view(impl_->rules[*i].kind);
}

std::optional<std::vector<std::string>> RuleSet::patternLiterals(bool withPii) const {
  std::vector<std::string> out;
  auto add = [&](const Impl::ValuePatterns& v) {
    if (v.members.empty()) return true;  // no patterns: nothing to find
    if (!v.literals) return false;
    out.insert(out.end(), v.literals->words().begin(), v.literals->words().end());
    return true;
  };
  if (!add(impl_->values[0])) return std::nullopt;
  if (withPii && !add(impl_->values[1])) return std::nullopt;
  return out;
}

bool RuleSet::mayMatchJsonPath(std::string_view lead, std::string_view rest) const {
  for (std::string_view start : impl_->jsonPathStarts) {
    const std::size_t n = std::min(start.size(), lead.size());
    if (start.substr(0, n) != lead.substr(0, n)) continue;
    if (text::startsWithIgnoreCase(rest, start.substr(n))) return true;
  }
  return false;
}

bool RuleSet::hasRulesFor(RuleTarget target) const { return impl_->used[targetIndex(target)]; }

RuleSet::NameDecision RuleSet::decideName(std::string_view name, unsigned context,
                                          std::initializer_list<RuleTarget> targets) const {
  // The question is the list of targets (5 bits each, above the single-target questions' range).
  std::uint64_t question = 1;
  for (RuleTarget t : targets) question = (question << 5) | targetIndex(t);
  question <<= 8;
  // The answer: 0 nothing, 1 allowed, else (position + 1) << 32 | (rule index + 1).
  const std::uint64_t answer = impl_->remembered(question, name, context, [&](const std::string& lowered) -> std::uint64_t {
    if (hasRulesFor(RuleTarget::Allow) && impl_->firstMatch(RuleTarget::Allow, lowered, kContextAll)) return 1;
    std::uint64_t position = 0;
    for (RuleTarget t : targets) {
      ++position;
      if (!hasRulesFor(t)) continue;
      if (auto i = impl_->firstMatch(t, lowered, context)) return (position << 32) | (*i + 1);
    }
    return 0;
  });
  NameDecision d;
  if (answer == 1) d.allowed = true;
  if (answer > 1) {
    d.target = static_cast<std::size_t>((answer >> 32) - 1);
    d.kind = impl_->rules[static_cast<std::size_t>((answer & 0xffffffffu) - 1)].kind;
  }
  return d;
}

bool RuleSet::isAllowed(std::string_view name) const {
  if (!hasRulesFor(RuleTarget::Allow)) return false;
  return impl_->decide(RuleTarget::Allow, name, kContextAll).has_value();
}

std::vector<PatternMatch> RuleSet::findPatterns(std::string_view text, bool withPii) const {
  return impl_->found(text, withPii, nullptr);
}

std::vector<PatternMatch> RuleSet::findPatterns(std::string_view text, bool withPii,
                                                const std::vector<LiteralHit>& regexLiterals) const {
  return impl_->found(text, withPii, &regexLiterals);
}

std::vector<PatternMatch> RuleSet::Impl::found(std::string_view text, bool withPii,
                                               const std::vector<RuleSet::LiteralHit>* given) const {
  std::vector<PatternMatch> found;
  collect(values[0], text, found, given);
  if (withPii) collect(values[1], text, found);
  // Stable: matches come in rule order, so of two equal spans the earlier rule's kind is kept.
  std::stable_sort(found.begin(), found.end(), [](const PatternMatch& a, const PatternMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Overlapping matches merge into one span, keeping the first one's kind.
  std::vector<PatternMatch> merged;
  for (auto& m : found) {
    if (!merged.empty() && m.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, m.end);
      continue;
    }
    merged.push_back(m);
  }
  return merged;
}

const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }

}  // namespace tracesan
