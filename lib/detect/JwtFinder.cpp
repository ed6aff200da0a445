// JWTs (JWS compact and JWE compact serialization) anywhere in a text.
#include "codec/Base64.h"
#include "detect/Scanners.h"
#include "text/WordFinder.h"

namespace tracesan::detect {

namespace {

bool isBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A token right after a %XX or \uXXXX escape ("id_token%3DeyJ…", "\u0022eyJ…") starts there even
// though the escape ends in a base64url character.
bool followsEscape(std::string_view text, std::size_t begin) {
  if (begin >= 3 && text[begin - 3] == '%' && isHex(text[begin - 2]) && isHex(text[begin - 1])) return true;
  return begin >= 6 && text[begin - 6] == '\\' && text[begin - 5] == 'u' && isHex(text[begin - 4]) &&
         isHex(text[begin - 3]) && isHex(text[begin - 2]) && isHex(text[begin - 1]);
}

std::size_t skipBase64Url(std::string_view text, std::size_t pos) {
  while (pos < text.size() && isBase64UrlChar(text[pos])) ++pos;
  return pos;
}

// A JOSE header is a small JSON object naming its algorithm; decoding it rules out random text
// that merely starts with "eyJ".
enum class HeaderKind { None, Jws, Jwe };
HeaderKind classifyHeader(std::string_view segment) {
  constexpr std::size_t kMaxHeader = 8192;
  if (segment.size() < 8 || segment.size() > kMaxHeader) return HeaderKind::None;
  auto decoded = codec::base64Decode(segment);
  if (!decoded || decoded->size() < 2 || (*decoded)[0] != '{') return HeaderKind::None;
  std::string_view json = *decoded;
  while (!json.empty() && (json.back() == ' ' || json.back() == '\n' || json.back() == '\r' || json.back() == '\t'))
    json.remove_suffix(1);
  if (json.back() != '}') return HeaderKind::None;
  if (json.find("\"enc\"") != std::string_view::npos) return HeaderKind::Jwe;
  if (json.find("\"alg\"") != std::string_view::npos || json.find("\"typ\"") != std::string_view::npos)
    return HeaderKind::Jws;
  return HeaderKind::None;
}

}  // namespace

std::vector<TokenSpan> findJwts(std::string_view text) {
  // "eyJ" (base64 of '{"') by a vector search: a plain find stops at every 'e' of a text.
  static const text::WordFinder start({"eyJ"});
  std::vector<TokenSpan> out;
  std::size_t pos = 0;
  while (auto hit = start.find(text, pos)) {
    const std::size_t begin = hit->pos;
    if (text.compare(begin, 3, "eyJ") != 0) {  // the finder ignores case
      pos = begin + 1;
      continue;
    }
    // Must start a token, not sit inside a longer base64 run.
    if (begin > 0 && isBase64UrlChar(text[begin - 1]) && !followsEscape(text, begin)) {
      pos = skipBase64Url(text, begin);
      continue;
    }
    // Up to five dot-separated base64url segments.
    std::size_t segmentEnds[5] = {};
    std::size_t segments = 0;
    std::size_t p = begin;
    while (segments < 5) {
      const std::size_t e = skipBase64Url(text, p);
      segmentEnds[segments++] = e;
      if (e >= text.size() || text[e] != '.') break;
      p = e + 1;
    }
    pos = segmentEnds[0] > begin ? segmentEnds[0] : begin + 3;
    const HeaderKind kind = classifyHeader(text.substr(begin, segmentEnds[0] - begin));
    if (kind == HeaderKind::Jwe) {
      // header.key.iv.ciphertext.tag; the key is empty for "dir", the others are not.
      if (segments < 5) continue;
      const std::size_t ivEnd = segmentEnds[2], ctEnd = segmentEnds[3], tagEnd = segmentEnds[4];
      if (ivEnd == segmentEnds[1] + 1 || ctEnd == ivEnd + 1 || tagEnd == ctEnd + 1) continue;
      out.push_back({begin, tagEnd, "jwe"});
      pos = tagEnd;
    } else if (kind == HeaderKind::Jws) {
      // header.payload.signature; the signature is empty only for unsecured ("alg":"none") tokens.
      if (segments < 3) continue;
      const std::size_t payloadEnd = segmentEnds[1];
      if (payloadEnd == segmentEnds[0] + 1) continue;
      out.push_back({begin, segmentEnds[2], "jwt"});
      pos = segmentEnds[2];
    }
  }
  return out;
}

}  // namespace tracesan::detect
