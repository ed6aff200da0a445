#include "http/MediaType.h"

#include <algorithm>
#include <array>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/TextCodec.h"

namespace tracesan::http {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

// White space and the bytes of a UTF-8 byte order mark, which some servers put before JSON.
std::string_view trimLeftForSniffing(std::string_view s) {
  while (!s.empty() && (isBlank(s.front()) || s.front() == '\xEF' || s.front() == '\xBB' || s.front() == '\xBF'))
    s.remove_prefix(1);
  return s;
}

bool contains(std::string_view hay, std::string_view needle) {
  return text::findIgnoreCase(hay, needle) != std::string_view::npos;
}

bool is(std::string_view s, std::string_view word) { return text::equalsIgnoreCase(s, word); }

// application/* subtypes that are bytes, not text (prefixes: zip-compressed, vnd.ms-excel …).
constexpr std::array<std::string_view, 5> kBinarySubtypes{"octet-stream", "zip", "pdf", "wasm", "vnd.ms-"};

}  // namespace

std::string_view declaredMediaType(const Body& body, const std::vector<Field>& headers) {
  if (body.mimeType.present && !body.mimeType.value.empty()) return body.mimeType.value;
  const Field* contentType = findField(headers, "content-type");
  return contentType ? std::string_view(contentType->value.value) : std::string_view();
}

MediaKind mediaKind(std::string_view mediaType) {
  std::string_view essence = trim(mediaType.substr(0, mediaType.find(';')));
  if (essence.empty()) return MediaKind::None;
  const std::size_t slash = essence.find('/');
  std::string_view type = trim(essence.substr(0, slash));
  std::string_view subtype = slash == std::string_view::npos ? std::string_view() : trim(essence.substr(slash + 1));

  if (is(type, "image") || is(type, "audio") || is(type, "video") || is(type, "font") || contains(subtype, "font"))
    return MediaKind::Media;
  if (is(subtype, "x-www-form-urlencoded")) return MediaKind::Form;
  if (is(type, "multipart")) return MediaKind::Multipart;
  if (contains(subtype, "json") || is(subtype, "jwk-set")) return MediaKind::Json;
  if (contains(subtype, "html")) return MediaKind::Html;
  if (contains(subtype, "protobuf") || (is(type, "application") && text::startsWithIgnoreCase(subtype, "grpc")))
    return MediaKind::Packed;
  if (is(type, "application") && std::any_of(kBinarySubtypes.begin(), kBinarySubtypes.end(), [&](std::string_view p) {
        return text::startsWithIgnoreCase(subtype, p);
      }))
    return MediaKind::Binary;
  if (contains(subtype, "xml")) return MediaKind::Xml;
  if (contains(subtype, "javascript") || contains(subtype, "ecmascript")) return MediaKind::Script;
  if (is(subtype, "css")) return MediaKind::Style;
  if (is(type, "text")) return MediaKind::Text;
  return MediaKind::Other;
}

bool looksLikeJson(std::string_view s) {
  s = trimLeftForSniffing(s);
  return !s.empty() && (s.front() == '{' || s.front() == '[');
}

MediaKind sniffMediaKind(std::string_view body) {
  body = trimLeftForSniffing(body);
  if (body.empty()) return MediaKind::None;
  if (body.front() == '{' || body.front() == '[') return MediaKind::Json;
  if (body.front() == '<') return MediaKind::Html;
  while (!body.empty() && (body.back() == '\r' || body.back() == '\n')) body.remove_suffix(1);
  const bool oneWord = std::none_of(body.begin(), body.end(), isBlank);
  if (oneWord && body.find('=') != std::string_view::npos) return MediaKind::Form;
  return MediaKind::Text;
}

bool looksBinary(std::string_view s) {
  if (!s.empty() && s.back() == '\0') s.remove_suffix(1);
  std::string_view head = s.substr(0, 4096);
  // Sixteen bytes at a time where SSE2 is there (every x86-64): a body is nearly always text, read
  // to the end of its head.
  std::size_t control = 0;
  bool zero = false, high = false;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i limit = _mm_set1_epi8(0x1f), nul = _mm_setzero_si128();
  auto is = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  int highMask = 0, zeroMask = 0;
  for (; i + 16 <= head.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(head.data() + i));
    highMask |= _mm_movemask_epi8(v);
    zeroMask |= _mm_movemask_epi8(_mm_cmpeq_epi8(v, nul));
    const __m128i below = _mm_cmpeq_epi8(_mm_min_epu8(v, limit), v);  // bytes 0x00-0x1f
    const __m128i allowed =
        _mm_or_si128(_mm_or_si128(is(v, '\t'), is(v, '\r')), _mm_or_si128(_mm_or_si128(is(v, '\n'), is(v, '\f')), is(v, '\x1e')));
    control += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(allowed, below)))));
  }
  high = highMask != 0;
  zero = zeroMask != 0;
#endif
  for (; i < head.size(); ++i) {
    const auto u = static_cast<unsigned char>(head[i]);
    zero |= u == 0;
    high |= u >= 0x80;
    if (u < 0x20 && u != '\t' && u != '\r' && u != '\n' && u != '\f' && u != 0x1e) ++control;
  }
  enum : unsigned { kZero = 1, kHigh = 2 };
  const unsigned seen = (zero ? kZero : 0u) | (high ? kHigh : 0u);
  if (seen & kZero) return true;
  // Bytes that are not UTF-8 (MessagePack type bytes) count too; a legacy 8-bit text page has few.
  std::size_t invalid = 0;
  for (std::size_t i = 0; (seen & kHigh) && i + 4 < head.size();) {
    if (static_cast<unsigned char>(head[i]) < 0x80) {  // ASCII, the usual byte: no call
      ++i;
      continue;
    }
    std::size_t n = text::validUtf8Length(head, i);
    if (n == 0) ++invalid, n = 1;
    i += n;
  }
  return control * 10 > head.size() || (control + invalid) * 20 > head.size();
}

bool readsAsText(std::string_view s) {
  if (s.empty() || !text::isValidUtf8(s)) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\r' && c != '\n';
  });
}

bool isTextKind(MediaKind kind) {
  switch (kind) {
    case MediaKind::Form:
    case MediaKind::Json:
    case MediaKind::Html:
    case MediaKind::Xml:
    case MediaKind::Script:
    case MediaKind::Style:
    case MediaKind::Text: return true;
    default: return false;
  }
}

bool isBinaryKind(MediaKind kind) {
  return kind == MediaKind::Binary || kind == MediaKind::Packed || kind == MediaKind::Media;
}

MediaKind bodyKind(std::string_view mediaType, std::string_view body) {
  MediaKind kind = mediaKind(mediaType);
  if (kind == MediaKind::None || kind == MediaKind::Text || kind == MediaKind::Other) return sniffMediaKind(body);
  return kind;
}

}  // namespace tracesan::http
