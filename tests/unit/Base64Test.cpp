#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "codec/Base64.h"

using tracesan::codec::base64Decode;
using tracesan::codec::base64Encode;

TEST_CASE("base64 encodes the RFC 4648 test vectors") {
  CHECK(base64Encode("") == "");
  CHECK(base64Encode("f") == "Zg==");
  CHECK(base64Encode("fo") == "Zm8=");
  CHECK(base64Encode("foo") == "Zm9v");
  CHECK(base64Encode("foob") == "Zm9vYg==");
  CHECK(base64Encode("fooba") == "Zm9vYmE=");
  CHECK(base64Encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64url encoding uses - and _ and may drop padding") {
  CHECK(base64Encode("\xfb\xff", true, false) == "-_8");
  CHECK(base64Encode("\xfb\xff", false, true) == "+/8=");
}

TEST_CASE("base64 decoding accepts both alphabets, missing padding and line breaks") {
  CHECK(base64Decode("Zm9vYmE=") == "fooba");
  CHECK(base64Decode("Zm9vYmE") == "fooba");
  CHECK(base64Decode("-_8") == "\xfb\xff");
  CHECK(base64Decode("+/8=") == "\xfb\xff");
  CHECK(base64Decode("Zm9v\r\nYmFy") == "foobar");
}

TEST_CASE("base64 decoding rejects invalid input") {
  CHECK_FALSE(base64Decode("Zm9v!"));
  CHECK_FALSE(base64Decode("Z"));
  CHECK_FALSE(base64Decode("Zg==Zg"));
}

TEST_CASE("isValidBase64 accepts exactly what base64Decode decodes") {
  std::mt19937 rng(5);
  const std::string alphabet = "AZaz09+/-_= \r\n\t.*";
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (std::size_t n = rng() % 24; n > 0; --n) s += alphabet[rng() % alphabet.size()];
    INFO(s);
    CHECK(tracesan::codec::isValidBase64(s) == base64Decode(s).has_value());
  }
  CHECK(tracesan::codec::isValidBase64(""));
  CHECK(tracesan::codec::isValidBase64("Zm9vYmE="));
  CHECK_FALSE(tracesan::codec::isValidBase64("Zm9vY"));
  CHECK_FALSE(tracesan::codec::isValidBase64("Zm=9v"));
}

TEST_CASE("base64DecodedSize is the decoded length, without decoding, or nothing when invalid") {
  for (std::string plain : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string(1000, 1)}) {
    INFO(plain.size());
    std::string padded = tracesan::codec::base64Encode(plain);
    std::string bare = tracesan::codec::base64Encode(plain, true, false);
    std::string wrapped = padded;
    for (std::size_t at = 76; at < wrapped.size(); at += 78) wrapped.insert(at, "\r\n");
    for (const std::string& text : {padded, bare, wrapped}) {
      auto n = tracesan::codec::base64DecodedSize(text);
      REQUIRE(n);
      CHECK(*n == plain.size());
      CHECK(*n == tracesan::codec::base64Decode(text)->size());
    }
  }
  CHECK_FALSE(tracesan::codec::base64DecodedSize("ab*d"));
  CHECK_FALSE(tracesan::codec::base64DecodedSize("abcde"));
  CHECK_FALSE(tracesan::codec::base64DecodedSize("ab=c"));
}
