// Body classification for redaction (see BodyClass.h).
#include "redact/BodyClass.h"

#include <algorithm>
#include <array>

#include "text/TextCodec.h"

namespace tracesan::redact {

namespace {
bool containsIgnoreCase(std::string_view hay, std::string_view needle) {
  return text::findIgnoreCase(hay, needle) != std::string_view::npos;
}
}  // namespace

std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
                        s.front() == '\xEF' || s.front() == '\xBB' || s.front() == '\xBF'))
    s.remove_prefix(1);
  return s;
}

bool looksLikeJson(std::string_view s) {
  s = trimLeft(s);
  return !s.empty() && (s.front() == '{' || s.front() == '[');
}

// Binary content: NUL bytes, or many control characters in the first 4 KiB.
// Record separators (SignalR, RFC 7464) and a frame's terminating NUL (STOMP) are framing.
bool looksBinary(std::string_view s) {
  if (!s.empty() && s.back() == '\0') s.remove_suffix(1);
  std::string_view head = s.substr(0, 4096);
  std::size_t control = 0;
  for (char c : head) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0) return true;
    if (u < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\x1e') ++control;
  }
  // Bytes that are not UTF-8 (MessagePack type bytes) count too; a legacy 8-bit text page has few.
  std::size_t invalid = 0;
  for (std::size_t i = 0; i + 4 < head.size();) {
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

// Media whose bytes are not scanned at all: pictures, sound, video and fonts.
bool isOpaqueMedia(std::string_view mime) {
  return text::startsWithIgnoreCase(mime, "image/") || text::startsWithIgnoreCase(mime, "audio/") ||
         text::startsWithIgnoreCase(mime, "video/") || text::startsWithIgnoreCase(mime, "font/") ||
         containsIgnoreCase(mime, "font");
}

bool isBinaryMime(std::string_view mime) {
  static constexpr std::array<std::string_view, 12> kBinary{
      "image/", "audio/", "video/", "font/", "application/octet-stream", "application/zip", "application/pdf",
      "application/wasm", "application/x-protobuf", "application/grpc", "application/vnd.ms-", "application/x-font"};
  return std::any_of(kBinary.begin(), kBinary.end(), [&](std::string_view p) { return text::startsWithIgnoreCase(mime, p); }) ||
         containsIgnoreCase(mime, "protobuf");
}

bool isTextMime(std::string_view mime) {
  return text::startsWithIgnoreCase(mime, "text/") || containsIgnoreCase(mime, "json") || containsIgnoreCase(mime, "xml") ||
         containsIgnoreCase(mime, "javascript") || containsIgnoreCase(mime, "x-www-form-urlencoded") ||
         containsIgnoreCase(mime, "ecmascript") || containsIgnoreCase(mime, "html");
}

BodyType classify(std::string_view mime, std::string_view content) {
  if (containsIgnoreCase(mime, "x-www-form-urlencoded")) return BodyType::Form;
  if (containsIgnoreCase(mime, "multipart/")) return BodyType::Multipart;
  if (containsIgnoreCase(mime, "json")) return BodyType::Json;
  if (containsIgnoreCase(mime, "html")) return BodyType::Html;
  if (isBinaryMime(mime)) return BodyType::Binary;
  if (looksLikeJson(content)) return BodyType::Json;
  std::string_view t = trimLeft(content);
  if (!t.empty() && t.front() == '<') return BodyType::Html;
  return BodyType::Text;
}

}  // namespace tracesan::redact
