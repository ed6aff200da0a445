#include "detect/Saml.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "codec/Base64.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

constexpr std::size_t kMaxInflated = 64u << 20;

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// XML, possibly after a UTF-8 byte order mark and whitespace.
bool looksLikeXml(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && isXmlSpace(s.front())) s.remove_prefix(1);
  return !s.empty() && s.front() == '<';
}

enum class InflateResult { Ok, Invalid, TooLarge };

// windowBits: -15 for raw DEFLATE, 15 for zlib-wrapped.
InflateResult inflateBytes(std::string_view in, int windowBits, std::string& out) {
  z_stream zs{};
  if (inflateInit2(&zs, windowBits) != Z_OK) return InflateResult::Invalid;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out.clear();
  std::array<char, 16384> chunk{};
  int rc = Z_OK;
  InflateResult result = InflateResult::Ok;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      result = InflateResult::Invalid;
      break;
    }
    const std::size_t produced = chunk.size() - zs.avail_out;
    if (out.size() + produced > kMaxInflated) {
      result = InflateResult::TooLarge;
      break;
    }
    out.append(chunk.data(), produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {  // truncated stream
      result = InflateResult::Invalid;
      break;
    }
  }
  inflateEnd(&zs);
  return result;
}

Expected<std::string> deflateBytes(std::string_view in, int windowBits) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return internalError("saml: deflate initialisation failed");
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return internalError("saml: deflate failed");
  return out;
}

struct SecretElement {
  std::string_view localName;
  std::string_view kind;
};

constexpr std::array<SecretElement, 12> kSecretElements{{
    {"Assertion", "saml-assertion"},
    {"EncryptedAssertion", "saml-encrypted-assertion"},
    {"SignatureValue", "saml-signature"},
    {"X509Certificate", "saml-certificate"},
    {"NameID", "saml-nameid"},
    {"NameIdentifier", "saml-nameid"},
    {"AttributeValue", "saml-attribute"},
    {"CipherValue", "saml-cipher"},
    {"BinarySecurityToken", "saml-security-token"},
    {"EncryptedID", "saml-nameid"},
    {"BinarySecret", "saml-key"},          // WS-Trust proof key (symmetric)
    {"RequestedProofToken", "saml-key"},
}};

std::optional<std::string_view> secretKindOf(std::string_view localName) {
  for (const auto& e : kSecretElements) {
    if (e.localName == localName) return e.kind;
  }
  return std::nullopt;
}

// End of a start tag beginning at `lt`: the position after its '>', honouring quoted attribute
// values. `selfClosing` tells whether it ended with "/>". npos when unterminated.
std::size_t endOfStartTag(std::string_view xml, std::size_t from, bool& selfClosing) {
  char quote = 0;
  for (std::size_t i = from; i < xml.size(); ++i) {
    const char c = xml[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      selfClosing = i > from && xml[i - 1] == '/';
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The value of attribute `name` in the start tag xml[from, to), or empty.
std::string attributeValue(std::string_view xml, std::size_t from, std::size_t to, std::string_view name) {
  std::string_view tag = xml.substr(from, to - from);
  std::size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    const bool boundary = pos > 0 && isXmlSpace(tag[pos - 1]);
    std::size_t p = pos + name.size();
    while (p < tag.size() && isXmlSpace(tag[p])) ++p;
    if (!boundary || p >= tag.size() || tag[p] != '=') {
      pos += name.size();
      continue;
    }
    ++p;
    while (p < tag.size() && isXmlSpace(tag[p])) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) return {};
    const std::size_t close = tag.find(tag[p], p + 1);
    if (close == std::string_view::npos) return {};
    return text::htmlEntityDecode(tag.substr(p + 1, close - p - 1));
  }
  return {};
}

}  // namespace

bool isSamlParameterName(std::string_view name) {
  return text::equalsIgnoreCase(name, "SAMLRequest") || text::equalsIgnoreCase(name, "SAMLResponse") ||
         text::equalsIgnoreCase(name, "wresult");
}

Expected<SamlMessage> decodeSamlMessage(std::string_view value) {
  while (!value.empty() && isXmlSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && isXmlSpace(value.back())) value.remove_suffix(1);
  if (value.empty()) return invalidInput("saml: empty value");
  if (looksLikeXml(value)) return SamlMessage{std::string(value), SamlTransport::Xml};

  // Base64 put into a form without percent-encoding its '+' reads back with spaces there.
  std::string plus;
  if (value.find(' ') != std::string_view::npos && value.find('\n') == std::string_view::npos) {
    plus.assign(value);
    std::replace(plus.begin(), plus.end(), ' ', '+');
    value = plus;
  }
  auto bytes = codec::base64Decode(value);
  if (!bytes) return invalidInput("saml: invalid base64");
  if (looksLikeXml(*bytes)) return SamlMessage{std::move(*bytes), SamlTransport::Base64};

  std::string inflated;
  for (auto [windowBits, transport] : {std::pair{-15, SamlTransport::Base64Deflate},
                                       std::pair{15, SamlTransport::Base64ZlibDeflate}}) {
    const InflateResult r = inflateBytes(*bytes, windowBits, inflated);
    if (r == InflateResult::TooLarge) return invalidInput("saml: inflated message larger than 64 MiB");
    if (r == InflateResult::Ok && looksLikeXml(inflated)) return SamlMessage{std::move(inflated), transport};
  }
  return invalidInput("saml: base64 value is neither xml nor deflated xml");
}

Expected<std::string> encodeSamlMessage(std::string_view xml, SamlTransport transport) {
  switch (transport) {
    case SamlTransport::Xml: return std::string(xml);
    case SamlTransport::Base64: return codec::base64Encode(xml);
    case SamlTransport::Base64Deflate:
    case SamlTransport::Base64ZlibDeflate: {
      auto deflated = deflateBytes(xml, transport == SamlTransport::Base64Deflate ? -15 : 15);
      if (!deflated) return deflated.error();
      return codec::base64Encode(*deflated);
    }
  }
  return internalError("saml: unknown transport");
}

std::vector<SamlSecret> findSamlSecrets(std::string_view xml) {
  // One pass with a stack of open elements, so the work stays linear even for documents with
  // missing end tags; an end tag closes the nearest open element of the same name.
  struct Open {
    std::string_view qname;
    std::size_t contentBegin = 0;
    std::optional<std::string_view> kind;
    std::string attributeName;  // Name of an <Attribute>, inherited by its AttributeValue
  };
  constexpr std::size_t kMaxEndTagSearch = 256;
  constexpr std::size_t kMaxOpenElements = 4096;
  std::vector<Open> stack;
  std::vector<SamlSecret> out;
  std::size_t pos = 0;
  while (pos < xml.size()) {
    const void* hit = std::memchr(xml.data() + pos, '<', xml.size() - pos);
    if (!hit) break;
    const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(hit) - xml.data());
    pos = lt + 1;
    if (pos >= xml.size()) break;
    if (xml.compare(pos, 3, "!--") == 0) {
      const std::size_t end = xml.find("-->", pos + 3);
      pos = end == std::string_view::npos ? xml.size() : end + 3;
      continue;
    }
    if (xml.compare(pos, 8, "![CDATA[") == 0) {
      const std::size_t end = xml.find("]]>", pos + 8);
      pos = end == std::string_view::npos ? xml.size() : end + 3;
      continue;
    }
    if (xml[pos] == '?' || xml[pos] == '!') continue;
    const bool closing = xml[pos] == '/';
    const std::size_t nameBegin = closing ? pos + 1 : pos;
    std::size_t nameEnd = nameBegin;
    while (nameEnd < xml.size() && !isXmlSpace(xml[nameEnd]) && xml[nameEnd] != '>' && xml[nameEnd] != '/') ++nameEnd;
    const std::string_view qname = xml.substr(nameBegin, nameEnd - nameBegin);
    if (qname.empty()) continue;
    if (closing) {
      const std::size_t limit = std::min(stack.size(), kMaxEndTagSearch);
      for (std::size_t k = 0; k < limit; ++k) {
        const std::size_t index = stack.size() - 1 - k;
        if (stack[index].qname != qname) continue;
        const Open& open = stack[index];
        if (open.kind) {
          SamlSecret secret;
          secret.begin = open.contentBegin;
          secret.end = lt;
          secret.kind = std::string(*open.kind);
          secret.element = std::string(qname);
          secret.name = open.attributeName;
          out.push_back(std::move(secret));
        }
        stack.resize(index);
        break;
      }
      continue;
    }
    bool selfClosing = false;
    const std::size_t contentBegin = endOfStartTag(xml, nameEnd, selfClosing);
    if (contentBegin == std::string_view::npos) break;
    pos = contentBegin;
    if (selfClosing) continue;
    const std::size_t colon = qname.find(':');
    const std::string_view localName = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    Open open;
    open.qname = qname;
    open.contentBegin = contentBegin;
    open.kind = secretKindOf(localName);
    if (localName == "Attribute") {
      open.attributeName = attributeValue(xml, nameEnd, contentBegin, "Name");
    } else if (localName == "AttributeValue") {
      for (auto it = stack.rbegin(); it != stack.rend() && it - stack.rbegin() < 4; ++it) {
        if (!it->attributeName.empty()) {
          open.attributeName = it->attributeName;
          break;
        }
      }
    }
    // Hostile depth: forget the outermost half rather than stop tracking the innermost elements.
    if (stack.size() >= kMaxOpenElements) stack.erase(stack.begin(), stack.begin() + kMaxOpenElements / 2);
    stack.push_back(std::move(open));
  }
  // Reported as end tags were met; callers expect document order.
  std::sort(out.begin(), out.end(), [](const SamlSecret& a, const SamlSecret& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace tracesan::detect
