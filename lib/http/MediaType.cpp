#include "http/MediaType.h"

#include <algorithm>
#include <array>
#include <cstdint>

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
  // One table lookup a byte, no branch: a body is nearly always text, read to the end of its head.
  enum : std::uint8_t { kControl = 1, kZero = 2, kHigh = 4 };
  static constexpr std::array<std::uint8_t, 256> kClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 0x20; ++c)
      if (c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\x1e') t[c] = kControl;
    t[0] |= kZero;
    for (int c = 0x80; c < 0x100; ++c) t[c] = kHigh;
    return t;
  }();
  std::size_t control = 0;
  std::uint8_t seen = 0;
  for (char c : head) {
    const std::uint8_t cls = kClass[static_cast<unsigned char>(c)];
    control += cls & kControl;
    seen |= cls;
  }
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
