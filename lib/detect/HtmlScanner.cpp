// HTML: hidden inputs, meta tags and the Entra `$Config={...};` script blob.
#include <cstring>

#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

bool isHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

struct Attribute {
  std::string_view name;
  std::size_t valueBegin = 0, valueEnd = 0;  // raw value span in the html
  bool hasValue = false;
};

// Parses the attributes of a start tag from `pos` (just after the tag name) up to its '>'.
// Returns the position after the tag (or the end of the text for an unterminated tag).
std::size_t parseAttributes(std::string_view html, std::size_t pos, std::vector<Attribute>& attributes) {
  attributes.clear();
  const std::size_t n = html.size();
  while (pos < n) {
    while (pos < n && (isHtmlSpace(html[pos]) || html[pos] == '/')) ++pos;
    if (pos >= n) break;
    if (html[pos] == '>') return pos + 1;
    const std::size_t nameBegin = pos;
    while (pos < n && !isHtmlSpace(html[pos]) && html[pos] != '=' && html[pos] != '>' && html[pos] != '/') ++pos;
    if (pos == nameBegin) {  // a stray character such as a lone quote
      ++pos;
      continue;
    }
    Attribute a;
    a.name = html.substr(nameBegin, pos - nameBegin);
    std::size_t p = pos;
    while (p < n && isHtmlSpace(html[p])) ++p;
    if (p < n && html[p] == '=') {
      ++p;
      while (p < n && isHtmlSpace(html[p])) ++p;
      if (p < n && (html[p] == '"' || html[p] == '\'')) {
        const char quote = html[p];
        const std::size_t close = html.find(quote, p + 1);
        a.valueBegin = p + 1;
        a.valueEnd = close == std::string_view::npos ? n : close;
        pos = close == std::string_view::npos ? n : close + 1;
      } else {
        a.valueBegin = p;
        while (p < n && !isHtmlSpace(html[p]) && html[p] != '>') ++p;
        a.valueEnd = p;
        pos = p;
      }
      a.hasValue = true;
    }
    attributes.push_back(a);
  }
  return n;
}

const Attribute* findAttribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const auto& a : attributes) {
    if (text::equalsIgnoreCase(a.name, name)) return &a;
  }
  return nullptr;
}

// Reports the `valueAttribute` of a tag named by its `name` attribute.
void reportTag(std::string_view html, const std::vector<Attribute>& attributes, std::string_view valueAttribute,
               std::string_view pathPrefix, std::vector<NamedValue>& out) {
  const Attribute* name = findAttribute(attributes, "name");
  const Attribute* value = findAttribute(attributes, valueAttribute);
  if (!name || !name->hasValue || !value || !value->hasValue) return;
  NamedValue v;
  v.name = text::htmlEntityDecode(html.substr(name->valueBegin, name->valueEnd - name->valueBegin));
  v.path = std::string(pathPrefix) + v.name;
  v.begin = value->valueBegin;
  v.end = value->valueEnd;
  v.value = text::htmlEntityDecode(html.substr(value->valueBegin, value->valueEnd - value->valueBegin));
  v.encoding = ValueEncoding::HtmlAttribute;
  out.push_back(std::move(v));
}

bool tagNameIs(std::string_view html, std::size_t at, std::string_view tag) {
  if (!text::startsWithIgnoreCase(html.substr(at), tag)) return false;
  const std::size_t after = at + tag.size();
  return after == html.size() || isHtmlSpace(html[after]) || html[after] == '>' || html[after] == '/';
}

}  // namespace

std::vector<NamedValue> scanHtmlInputs(std::string_view html) {
  std::vector<NamedValue> out;
  std::vector<Attribute> attributes;
  std::size_t pos = 0;
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (!hit) break;
    const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(hit) - html.data());
    pos = lt + 1;
    if (tagNameIs(html, pos, "input")) {
      pos = parseAttributes(html, pos + 5, attributes);
      reportTag(html, attributes, "value", "html.input.", out);
    } else if (tagNameIs(html, pos, "meta")) {
      pos = parseAttributes(html, pos + 4, attributes);
      reportTag(html, attributes, "content", "html.meta.", out);
    }
  }
  return out;
}

std::vector<NamedValue> scanConfigBlob(std::string_view html) {
  std::vector<NamedValue> out;
  constexpr std::string_view kMarker = "$Config";
  std::size_t pos = 0;
  while ((pos = html.find(kMarker, pos)) != std::string_view::npos) {
    std::size_t p = pos + kMarker.size();
    pos = p;
    while (p < html.size() && isHtmlSpace(html[p])) ++p;
    if (p >= html.size() || html[p] != '=') continue;
    ++p;
    while (p < html.size() && isHtmlSpace(html[p])) ++p;
    if (p >= html.size() || html[p] != '{') continue;
    JsonScanOptions options;
    options.pathRoot = "config";
    options.baseOffset = p;
    options.allowTrailing = true;
    bool ok = true;
    // The scan stops at the brace that matches the opening one, which is also where `;` and
    // `//]]></script>` follow; a malformed blob still yields the members read before the error.
    std::size_t consumed = scanJsonInto(html.substr(p), options, out, &ok);
    pos = p + (consumed > 0 ? consumed : 1);
  }
  return out;
}

}  // namespace tracesan::detect
