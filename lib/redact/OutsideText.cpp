// Redaction of JSON text outside the entries (HAR log header, pages, comments). Page titles are
// often the page URL (with ?code=…) and comments may quote tokens, so this text is redacted with
// the entry machinery: every JSON string token becomes a one-value custom field of a pseudo-entry.
#include <string>
#include <vector>

#include "tracesan/Redactor.h"

namespace tracesan {
namespace {

struct Token {
  std::size_t begin, end;  // the string token, quotes included
};

std::vector<Token> stringTokens(std::string_view json) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '"') continue;
    std::size_t j = i + 1;
    while (j < json.size() && json[j] != '"') j += json[j] == '\\' ? 2 : 1;
    if (j >= json.size()) break;  // an unterminated token is left alone
    tokens.push_back({i, j + 1});
    i = j;
  }
  return tokens;
}

Entry pseudoEntry(std::string_view json, const std::vector<Token>& tokens, const std::string& location) {
  Entry e;
  e.number = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    Extension x;
    x.name = location + "[" + std::to_string(k) + "]";
    x.json.value.assign(json.substr(tokens[k].begin, tokens[k].end - tokens[k].begin));
    x.json.present = true;
    e.extensions.push_back(std::move(x));
  }
  return e;
}

}  // namespace

RedactionResult Redactor::redactJsonText(std::string& json, RedactionSession& session, const std::string& location) const {
  std::vector<Token> tokens = stringTokens(json);
  if (tokens.empty()) return {};
  Entry e = pseudoEntry(json, tokens, location);
  RedactionResult result = redact(e, session);
  bool changed = false;
  for (const auto& x : e.extensions) changed |= x.json.changed;
  if (!changed) return result;
  std::string out;
  out.reserve(json.size());
  std::size_t at = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    out.append(json, at, tokens[k].begin - at);
    out += e.extensions[k].json.value;
    at = tokens[k].end;
  }
  out.append(json, at, std::string::npos);
  json = std::move(out);
  return result;
}

std::vector<Leak> Redactor::checkJsonText(std::string_view json, const std::string& location) const {
  std::vector<Token> tokens = stringTokens(json);
  if (tokens.empty()) return {};
  return checkEntry(pseudoEntry(json, tokens, location));
}

}  // namespace tracesan
