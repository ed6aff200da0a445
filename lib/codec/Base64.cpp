#include "codec/Base64.h"

#include <array>

namespace tracesan::codec {
namespace {

constexpr std::string_view kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<signed char, 256> makeDecodeTable() {
  std::array<signed char, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kStandard[i])] = static_cast<signed char>(i);
    table[static_cast<unsigned char>(kUrlSafe[i])] = static_cast<signed char>(i);
  }
  return table;
}
constexpr auto kDecode = makeDecodeTable();

}  // namespace

std::string base64Encode(std::string_view bytes, bool urlSafe, bool pad) {
  std::string_view alphabet = urlSafe ? kUrlSafe : kStandard;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    unsigned v = at(i) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    if (pad) out += '=';
  }
  return out;
}

namespace {

// Decodes into `o` (room for text.size() / 4 * 3 + 3 bytes) or, with a null `o`, only checks;
// returns the end of the output (or `o` itself when checking), null when the text is invalid.
char* decodeInto(std::string_view text, char* o) {
  const bool write = o != nullptr;
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  // Fast path: whole quantums of four alphabet symbols (the bulk of any body). It stops at the
  // first whitespace, padding or invalid byte, always on a quantum boundary, where the general
  // loop below takes over in the same state it would have reached itself.
  for (; i + 4 <= text.size(); i += 4) {
    int a = kDecode[t[i]], b = kDecode[t[i + 1]], c = kDecode[t[i + 2]], d = kDecode[t[i + 3]];
    if ((a | b | c | d) < 0) break;
    if (!write) continue;
    unsigned v = (static_cast<unsigned>(a) << 18) | (static_cast<unsigned>(b) << 12) | (static_cast<unsigned>(c) << 6) |
                 static_cast<unsigned>(d);
    *o++ = static_cast<char>(v >> 16);
    *o++ = static_cast<char>((v >> 8) & 0xFF);
    *o++ = static_cast<char>(v & 0xFF);
  }
  unsigned acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool sawPadding = false;
  for (; i < text.size(); ++i) {
    char c = static_cast<char>(t[i]);
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      sawPadding = true;
      continue;
    }
    if (sawPadding) return nullptr;  // data after padding
    signed char v = kDecode[static_cast<unsigned char>(c)];
    if (v < 0) return nullptr;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      if (write) *o++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (symbols % 4 == 1) return nullptr;  // a lone 6-bit symbol cannot end a quantum
  static char checked;
  return write ? o : &checked;
}

}  // namespace

std::optional<std::string> base64Decode(std::string_view text) {
  std::string out;
  out.resize(text.size() / 4 * 3 + 3);
  char* end = decodeInto(text, out.data());
  if (!end) return std::nullopt;
  out.resize(static_cast<std::size_t>(end - out.data()));
  return out;
}

bool isValidBase64(std::string_view text) { return decodeInto(text, nullptr) != nullptr; }

std::optional<std::size_t> base64DecodedSize(std::string_view text) {
  if (!isValidBase64(text)) return std::nullopt;
  std::size_t symbols = 0;
  for (char c : text) symbols += (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '=') ? 0 : 1;
  return symbols * 6 / 8;  // every 4 symbols are 3 bytes; a last 2 or 3 are 1 or 2
}

}  // namespace tracesan::codec
