// Query strings, URLs (query, fragment, userinfo) and x-www-form-urlencoded bodies.
#include <cstring>

#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

std::string decodeName(std::string_view raw, ValueEncoding enc) {
  return text::percentDecode(raw, enc == ValueEncoding::Form);
}

std::string joinPath(std::string_view prefix, std::string_view name) {
  std::string path;
  path.reserve(prefix.size() + 1 + name.size());
  path.append(prefix);
  path.push_back('.');
  path.append(name);
  return path;
}

}  // namespace

void scanQueryStringInto(std::string_view query, ValueEncoding enc, std::string_view pathPrefix, std::size_t baseOffset,
                         std::vector<NamedValue>& out) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      NamedValue v;
      v.name = decodeName(pair.substr(0, eq), enc);
      v.path = joinPath(pathPrefix, v.name);
      v.begin = baseOffset + pos + eq + 1;
      v.end = baseOffset + amp;
      v.value = decodeValue(pair.substr(eq + 1), enc);
      v.encoding = enc;
      out.push_back(std::move(v));
    }
    pos = amp + 1;
  }
}

std::vector<NamedValue> scanQueryString(std::string_view query, ValueEncoding enc) {
  std::vector<NamedValue> out;
  scanQueryStringInto(query, enc, "query", 0, out);
  return out;
}

std::vector<NamedValue> scanUrl(std::string_view url) {
  std::vector<NamedValue> out;
  const std::size_t hash = url.find('#');
  const std::string_view beforeFragment = url.substr(0, hash);

  // Authority with userinfo: only for "scheme://user:pass@host" forms.
  const std::size_t schemeEnd = beforeFragment.find("://");
  const std::size_t firstDelimiter = beforeFragment.find_first_of("/?");
  if (schemeEnd != std::string_view::npos && (firstDelimiter == std::string_view::npos || firstDelimiter > schemeEnd)) {
    const std::size_t authorityBegin = schemeEnd + 3;
    std::size_t authorityEnd = beforeFragment.find_first_of("/?", authorityBegin);
    if (authorityEnd == std::string_view::npos) authorityEnd = beforeFragment.size();
    std::string_view authority = beforeFragment.substr(authorityBegin, authorityEnd - authorityBegin);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      std::string_view userinfo = authority.substr(0, at);
      const std::size_t colon = userinfo.find(':');
      std::string_view user = userinfo.substr(0, colon);
      NamedValue u;
      u.name = "user";
      u.path = "userinfo.user";
      u.begin = authorityBegin;
      u.end = authorityBegin + user.size();
      u.value = text::percentDecode(user, false);
      u.encoding = ValueEncoding::Percent;
      if (colon != std::string_view::npos) {
        NamedValue p;
        p.name = "password";
        p.path = "userinfo";
        p.begin = authorityBegin + colon + 1;
        p.end = authorityBegin + at;
        p.value = text::percentDecode(userinfo.substr(colon + 1), false);
        p.encoding = ValueEncoding::Percent;
        out.push_back(std::move(p));
      }
      if (!user.empty()) out.push_back(std::move(u));
    }
  }

  const std::size_t question = beforeFragment.find('?');
  if (question != std::string_view::npos) {
    scanQueryStringInto(beforeFragment.substr(question + 1), ValueEncoding::Form, "query", question + 1, out);
  }

  if (hash != std::string_view::npos) {
    std::size_t fragmentBegin = hash + 1;
    std::string_view fragment = url.substr(fragmentBegin);
    // SPA routes put the parameters after a path: "#/callback?code=...".
    if (!fragment.empty() && (fragment[0] == '/' || fragment[0] == '!')) {
      const std::size_t q = fragment.find('?');
      if (q == std::string_view::npos) return out;
      fragmentBegin += q + 1;
      fragment = url.substr(fragmentBegin);
    }
    if (fragment.find('=') != std::string_view::npos) {
      scanQueryStringInto(fragment, ValueEncoding::Form, "fragment", fragmentBegin, out);
    }
  }
  return out;
}

std::vector<NamedValue> scanFormBody(std::string_view body) {
  // A body captured with a trailing line break: the break is not part of the last value.
  while (!body.empty() && (body.back() == '\r' || body.back() == '\n')) body.remove_suffix(1);
  std::vector<NamedValue> out;
  scanQueryStringInto(body, ValueEncoding::Form, "form", 0, out);
  return out;
}

std::string encodeValue(std::string_view replacement, ValueEncoding enc) {
  switch (enc) {
    case ValueEncoding::Raw: return std::string(replacement);
    case ValueEncoding::Percent: return text::percentEncode(replacement, false);
    case ValueEncoding::Form: return text::percentEncode(replacement, true);
    case ValueEncoding::JsonString: return text::jsonEscape(replacement);
    case ValueEncoding::HtmlAttribute: return text::htmlEscapeAttribute(replacement);
  }
  return std::string(replacement);
}

std::string encodeValue(std::string_view replacement, const NamedValue& where) {
  std::string encoded = encodeValue(replacement, where.encoding);
  for (int level = 0; level < where.jsonNesting; ++level) encoded = text::jsonEscape(encoded);
  return encoded;
}

std::string decodeValue(std::string_view raw, ValueEncoding enc) {
  switch (enc) {
    case ValueEncoding::Raw: return std::string(raw);
    case ValueEncoding::Percent: return text::percentDecode(raw, false);
    case ValueEncoding::Form: return text::percentDecode(raw, true);
    case ValueEncoding::JsonString: {
      auto v = text::jsonUnescape(raw);
      return v ? std::move(*v) : text::jsonUnescapeLenient(raw);
    }
    case ValueEncoding::HtmlAttribute: return text::htmlEntityDecode(raw);
  }
  return std::string(raw);
}

}  // namespace tracesan::detect
