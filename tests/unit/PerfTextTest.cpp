// The fast paths of the text helpers (jsonEscape's 8-byte runs, base64Decode's whole quantums,
// findIgnoreCase's memchr candidates) give exactly what a plain byte-at-a-time version gives, on
// random inputs built to put every interesting byte at every offset.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>

#include "codec/Base64.h"
#include "text/TextCodec.h"

using namespace tracesan;

namespace {

// The byte-at-a-time escaper the fast one must match.
std::string referenceJsonEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (s[i]) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (std::size_t n = text::validUtf8Length(s, i)) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

std::optional<std::string> referenceBase64Decode(std::string_view s) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding = false;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    if (padding) return std::nullopt;
    std::size_t v = kAlphabet.find(c);
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v == std::string::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (symbols % 4 == 1) return std::nullopt;
  return out;
}

std::size_t referenceFindIgnoreCase(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i)
    if (text::equalsIgnoreCase(hay.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// Random text from `alphabet`, `length` bytes.
std::string randomText(std::mt19937& rng, std::string_view alphabet, std::size_t length) {
  std::string s(length, ' ');
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (char& c : s) c = alphabet[pick(rng)];
  return s;
}

}  // namespace

TEST_CASE("jsonEscape equals the byte-at-a-time escaper on random text") {
  std::mt19937 rng(7);
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  std::string mostlyPlain = "abcdefghij0123456789 <>/=:;.,{}[]" + std::string(1, '"') + "\\\x01\x7F\xC3\xA9\xE2\x82\xAC\xFF";
  for (std::size_t length : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000}) {
    for (int round = 0; round < 40; ++round) {
      std::string s = randomText(rng, round % 2 ? all : mostlyPlain, length);
      INFO("length " << length << " round " << round);
      CHECK(text::jsonEscape(s) == referenceJsonEscape(s));
    }
  }
  // One special byte at every offset of a plain run (every position within the 8-byte words).
  for (char special : {'"', '\\', '\n', '\x1f', '\x7f', '\x80'}) {
    for (std::size_t at = 0; at < 24; ++at) {
      std::string s(24, 'x');
      s[at] = special;
      CHECK(text::jsonEscape(s) == referenceJsonEscape(s));
    }
  }
}

TEST_CASE("base64Decode equals the symbol-at-a-time decoder on random input") {
  std::mt19937 rng(11);
  const std::string valid = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string mixed = valid + "-_=\r\n \t*.";
  for (std::size_t length : {0, 1, 2, 3, 4, 5, 8, 11, 12, 13, 64, 257}) {
    for (int round = 0; round < 60; ++round) {
      std::string s = randomText(rng, round % 3 == 0 ? mixed : valid, length);
      if (round % 3 == 1 && !s.empty()) s.back() = '=';  // padding at the end
      if (round % 5 == 2 && s.size() > 6) s[s.size() / 2] = '\n';  // a line break mid-way
      INFO("input " << s);
      CHECK(codec::base64Decode(s) == referenceBase64Decode(s));
    }
  }
}

TEST_CASE("findIgnoreCase equals a position-by-position search on random text") {
  std::mt19937 rng(13);
  for (int round = 0; round < 300; ++round) {
    std::string hay = randomText(rng, "aAbB-_1", 1 + round % 50);
    std::string needle = randomText(rng, "aAbB-_1", 1 + round % 4);
    std::size_t from = round % 7;
    INFO(hay << " / " << needle << " from " << from);
    CHECK(text::findIgnoreCase(hay, needle, from) == referenceFindIgnoreCase(hay, needle, from));
  }
  CHECK(text::findIgnoreCase("Bearer x", "bearer") == 0);
  CHECK(text::findIgnoreCase("abc", "") == 0);
  CHECK(text::findIgnoreCase("abc", "", 4) == std::string_view::npos);
}
