// The known-secrets index (lib/redact/KnownSecrets.h) and the second pass over a written file
// (lib/redact/KnownSecretsFile.cpp), each against a brute-force oracle: std::string::find for
// every secret, then the index's tie rules (at one position the longest wins, between overlapping
// ones the earlier).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "redact/KnownSecrets.h"
#include "text/TextCodec.h"
#include "tracesan/Redactor.h"

using namespace tracesan;
using Impl = RedactionSession::Impl;

namespace {

std::string randomText(std::mt19937& rng, std::size_t n, std::string_view alphabet) {
  std::string s(n, ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// What find() must give, by brute force over every secret of the index.
std::vector<Impl::Hit> oracle(const Impl& impl, std::string_view text) {
  std::vector<Impl::Hit> all;
  for (std::size_t k = 0; k < impl.known.size(); ++k) {
    const std::string& secret = impl.known[k].secret;
    for (auto at = text.find(secret); at != std::string_view::npos; at = text.find(secret, at + 1))
      all.push_back({at, at + secret.size(), k});
  }
  std::sort(all.begin(), all.end(), [](const Impl::Hit& a, const Impl::Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Impl::Hit> taken;
  for (const auto& h : all)
    if (taken.empty() || h.begin >= taken.back().end) taken.push_back(h);
  return taken;
}

std::vector<Impl::Hit> found(const Impl& impl, std::string_view text) {
  std::vector<Impl::Hit> hits;
  impl.find(text, hits);
  return hits;
}

// Hits as text, so that a mismatch prints readably.
std::string show(const std::vector<Impl::Hit>& hits) {
  std::string s;
  for (const auto& h : hits) s += "[" + std::to_string(h.begin) + "," + std::to_string(h.end) + ")#" + std::to_string(h.known) + " ";
  return s;
}

void add(Impl& impl, const std::string& secret) { impl.add(secret, "REDACTED-x-00000000", "test"); }

}  // namespace

TEST_CASE("the scan geometry fits every secret length and narrows the stride for a huge session") {
  for (std::size_t n = Impl::kMinSecret; n <= 64; ++n) {
    const auto g = Impl::geometryFor(n, 1);
    INFO("shortest " << n);
    CHECK(n >= g.window + g.stride - 1);
    CHECK(g.stride == std::min<std::size_t>(Impl::kMaxStride, n - g.window + 1));
  }
  CHECK(Impl::geometryFor(8, 1) == Impl::Geometry{4, 5});
  CHECK(Impl::geometryFor(15, 1) == Impl::Geometry{4, 12});
  CHECK(Impl::geometryFor(23, 1) == Impl::Geometry{8, 16});
  CHECK(Impl::geometryFor(23, Impl::kPostingBudget / 16 + 1) == Impl::Geometry{8, 8});
  CHECK(Impl::geometryFor(23, Impl::kPostingBudget) == Impl::Geometry{8, 4});
}

TEST_CASE("secrets of every length from 8 to 40 are found at every alignment, alone and beside a short one") {
  std::mt19937 rng(17);
  for (std::size_t len = 8; len <= 40; ++len) {
    const std::string secret = randomText(rng, len, kAlnum);
    Impl alone, withShort;
    add(alone, secret);
    add(withShort, "pw-" + randomText(rng, 5, kAlnum));  // 8 bytes: the narrowest geometry
    add(withShort, secret);
    for (const Impl* impl : {&alone, &withShort}) {
      INFO("length " << len << ", window " << impl->geometry.window << ", stride " << impl->geometry.stride);
      for (std::size_t offset = 0; offset < 32; ++offset) {
        INFO("offset " << offset);
        // In a text, at its very start, and at its very end.
        const std::string mid = randomText(rng, offset, "-_.~") + secret + randomText(rng, 40, "-_.~");
        const std::string end = randomText(rng, offset, "-_.~") + secret;
        for (const std::string& text : {mid, end}) {
          const auto hits = found(*impl, text);
          REQUIRE(hits.size() == 1);
          CHECK(hits[0].begin == offset);
          CHECK(hits[0].end == offset + len);
          CHECK(show(hits) == show(oracle(*impl, text)));
        }
      }
      CHECK(show(found(*impl, secret)) == show(oracle(*impl, secret)));
      CHECK(found(*impl, secret.substr(1)).empty());  // a secret's tail is no hit
      CHECK(found(*impl, secret.substr(0, len - 1)).empty());
    }
  }
}

TEST_CASE("random texts dense with secrets of all lengths agree with the brute-force oracle") {
  std::mt19937 rng(4711);
  // A small alphabet, so that secrets also occur by chance, overlap and nest.
  for (std::string_view alphabet : {std::string_view("ab"), std::string_view("abcd"), kAlnum}) {
    for (int round = 0; round < 20; ++round) {
      Impl impl;
      std::vector<std::string> secrets;
      const std::size_t shortest = 8 + rng() % 20;
      for (int i = 0; i < 6; ++i) secrets.push_back(randomText(rng, shortest + rng() % 30, alphabet));
      for (const auto& s : secrets) add(impl, s);
      std::string text = randomText(rng, 300, alphabet);
      for (int i = 0; i < 8; ++i) {
        const std::string& s = secrets[rng() % secrets.size()];
        text.insert(rng() % text.size(), s);
      }
      INFO("alphabet " << alphabet << ", round " << round << ", stride " << impl.geometry.stride);
      CHECK(show(found(impl, text)) == show(oracle(impl, text)));
    }
  }
}

TEST_CASE("a short and a long secret that overlap: at one start the longer wins, else the earlier") {
  const std::string longer = "ABCDEFGHIJKLMNOPQRSTUVWX";  // 24 bytes: alone, the widest geometry
  const std::string prefix = "ABCDEFGHIJ";                // 10 bytes each: with them, 4-byte windows
  const std::string leadsIn = "0123456ABC";
  const std::string trailsOut = "UVWX012345";
  Impl impl;
  for (const auto& s : {longer, prefix, leadsIn, trailsOut}) add(impl, s);
  REQUIRE(impl.geometry == Impl::Geometry{4, 7});
  auto secretsOf = [&](const std::string& text) {
    const auto hits = found(impl, text);
    CHECK(show(hits) == show(oracle(impl, text)));
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(impl.known[h.known].secret + "@" + std::to_string(h.begin));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(secretsOf("<" + longer + ">") == V{longer + "@1"});                        // same start: the longer
  CHECK(secretsOf("0123456" + longer) == V{leadsIn + "@0"});                       // the earlier, though shorter
  CHECK(secretsOf(longer + "012345") == V{longer + "@0"});                         // the earlier, the longer
  CHECK(secretsOf(prefix + "." + longer + "012345") == V{prefix + "@0", longer + "@11"});
}

TEST_CASE("a session growing to thousands of secrets, and shorter ones late, still finds every one") {
  std::mt19937 rng(99);
  Impl impl;
  std::vector<std::string> secrets;
  // Long ones first (the widest geometry), then shorter ones that rebuild the index narrower.
  for (std::size_t shortest : {60u, 23u, 15u, 9u}) {
    for (int i = 0; i < 1500; ++i) {
      secrets.push_back(randomText(rng, shortest + rng() % 40, kAlnum));
      add(impl, secrets.back());
    }
    std::string text;
    for (int i = 0; i < 200; ++i) text += randomText(rng, rng() % 100, std::string(kAlnum) + " \",:{}") + secrets[rng() % secrets.size()];
    INFO("shortest " << shortest << ", window " << impl.geometry.window << ", stride " << impl.geometry.stride);
    CHECK(impl.geometry == Impl::geometryFor(impl.shortest, impl.known.size()));
    const auto hits = found(impl, text);
    CHECK(hits.size() == 200);
    CHECK(show(hits) == show(oracle(impl, text)));
  }
  CHECK(impl.filter.size() * 64 >= impl.postings.size() * 8);  // the filter grew with the postings
}

TEST_CASE("a session past the posting budget narrows its stride and still finds every secret") {
  std::mt19937 rng(5);
  Impl impl;
  std::vector<std::string> secrets;
  const std::size_t count = Impl::kPostingBudget / Impl::kMaxStride + 100;
  for (std::size_t i = 0; i < count; ++i) {
    secrets.push_back(randomText(rng, 24 + rng() % 8, kAlnum));
    add(impl, secrets.back());
  }
  CHECK(impl.geometry == Impl::Geometry{8, 8});
  std::string text;
  for (int i = 0; i < 100; ++i) text += randomText(rng, rng() % 50, kAlnum) + secrets[rng() % secrets.size()];
  text += secrets.front();
  const auto hits = found(impl, text);
  CHECK(hits.size() == 101);
  CHECK(show(hits) == show(oracle(impl, text)));
}

TEST_CASE("a harmless text that shares a secret's windows but not the secret is left alone") {
  const std::string secret = "k7Gq2Xv9Lm4Pz8Rt";  // 16 bytes
  Impl impl;
  add(impl, secret);
  // Every window of the secret, but never all of it in a row.
  std::string text;
  for (std::size_t i = 0; i + 8 <= secret.size(); ++i) text += secret.substr(i, 8) + "|";
  text += secret.substr(0, 15) + "_" + secret.substr(1);
  CHECK(found(impl, text).empty());
  CHECK(found(impl, text + secret).size() == 1);
}

TEST_CASE("the file pass finds secrets across its read chunks, at the file's start and end") {
  std::mt19937 rng(3);
  RedactionSession session;
  std::vector<std::string> secrets;
  for (std::size_t len : {8u, 12u, 15u, 23u, 40u, 1500u}) {
    secrets.push_back(randomText(rng, len, kAlnum));
    session.remember(secrets.back(), "REDACTED-known-" + std::to_string(len), "test");
  }
  // Secrets straddle every multiple of 64 KiB (so every chunk edge whatever the chunk size in
  // powers of two) at several distances, plus the file's very first and last bytes.
  std::string bytes = randomText(rng, 1200 << 10, "-_.~ ");
  std::size_t planted = 0;
  for (std::size_t edge = 64 << 10; edge + 4096 < bytes.size(); edge += 64 << 10) {
    const std::string& s = secrets[planted % secrets.size()];
    const std::size_t back = 1 + (planted * 7) % s.size();
    bytes.replace(edge - back, s.size(), s);
    ++planted;
  }
  bytes.replace(0, secrets[1].size(), secrets[1]);
  bytes.replace(bytes.size() - secrets[0].size(), secrets[0].size(), secrets[0]);
  planted += 2;
  // The oracle: the whole file as one text.
  std::string expected;
  std::size_t consumed = 0;
  const std::size_t n = session.replaceKnown(bytes, bytes.size(), expected, consumed);
  REQUIRE(consumed == bytes.size());
  CHECK(n == planted);
  auto path = testutil::writeScratch("known-secrets-chunks.har", bytes);
  auto replaced = replaceKnownSecretsInFile(path, session);
  REQUIRE(replaced);
  CHECK(*replaced == n);
  CHECK(testutil::readFile(path) == expected);
}

TEST_CASE("the file pass handles a secret longer than its read chunk") {
  std::mt19937 rng(8);
  const std::string huge = randomText(rng, 100 << 10, kAlnum);  // with its base64 form: 133 KiB
  RedactionSession session;
  session.remember(huge, "REDACTED-huge-00000000", "test");
  const std::string bytes = randomText(rng, (1 << 20) - (50 << 10), "-_") + huge + randomText(rng, 1500 << 10, "-_") + huge;
  auto path = testutil::writeScratch("known-secrets-huge.har", bytes);
  auto replaced = replaceKnownSecretsInFile(path, session);
  REQUIRE(replaced);
  CHECK(*replaced == 2);
  const std::string out = testutil::readFile(path);
  CHECK(out.size() == bytes.size() - 2 * (huge.size() - 22));
  CHECK(out.find(huge.substr(0, 64)) == std::string::npos);
  CHECK(out.find("REDACTED-huge-00000000") == (1 << 20) - (50 << 10));
  CHECK(out.rfind("REDACTED-huge-00000000") == out.size() - 22);
}

TEST_CASE("the file pass replaces a learned secret in its JSON-escaped forms, each with its placeholder") {
  RedactionSession session;
  const std::string quoted = "pa\"ss/word-42";  // written to JSON as pa\"ss/word-42 or pa\"ss\/word-42
  const std::string plain = "Qm9vN2xLc2VjcmV0";
  session.remember(quoted, "REDACTED-password-1", "password");
  session.remember(plain, "REDACTED-token-2", "token");
  const std::string forms[] = {"pa\\\"ss/word-42", "pa\\\"ss\\/word-42", "pa\\\\\\\"ss\\\\/word-42"};
  std::string bytes = "[";
  for (const auto& f : forms) bytes += "\"" + f + "\",";
  bytes += "\"" + plain + "\",\"pa\\\"ss/word-43\"]";
  const std::string expected =
      R"(["REDACTED-password-1","REDACTED-password-1","REDACTED-password-1","REDACTED-token-2","pa\"ss/word-43"])";
  auto path = testutil::writeScratch("known-secrets-escaped.har", bytes);
  auto replaced = replaceKnownSecretsInFile(path, session);
  REQUIRE(replaced);
  CHECK(*replaced == 4);
  CHECK(testutil::readFile(path) == expected);
  // A session handed over (sanitize-trace's, done with) takes the forms into itself: the same file.
  auto handedOver = testutil::writeScratch("known-secrets-escaped-moved.har", bytes);
  auto moved = replaceKnownSecretsInFile(handedOver, std::move(session));
  REQUIRE(moved);
  CHECK(*moved == 4);
  CHECK(testutil::readFile(handedOver) == expected);
}

TEST_CASE("escaped forms added in place find what a copy with them finds, also when a form is a later secret") {
  // "a\"b…" is the escaped form of the first secret and also learned later with its own
  // placeholder: whichever came first wins, in the copy and in place alike.
  const std::string first = "a\"b-secret-value-1";
  const std::string escapedFirst = "a\\\"b-secret-value-1";
  for (bool laterCollides : {false, true}) {
    RedactionSession copySource, inPlace;
    for (RedactionSession* s : {&copySource, &inPlace}) {
      s->remember(first, "REDACTED-one-1", "one");
      s->remember("plain-secret-value-2", "REDACTED-two-2", "two");
      if (laterCollides) s->remember(escapedFirst, "REDACTED-three-3", "three");
    }
    auto copy = copySource.withJsonEscapedForms();
    REQUIRE(copy);
    inPlace.addJsonEscapedForms();
    // The JSON form of the JSON form is known only through the escaped forms added.
    const std::string twice = text::jsonEscape(escapedFirst);
    const std::string text = "x " + first + " y " + escapedFirst + " z plain-secret-value-2 " + twice + "/";
    std::string fromCopy, fromInPlace;
    std::size_t consumedCopy = 0, consumedInPlace = 0;
    CHECK(copy->replaceKnown(text, text.size(), fromCopy, consumedCopy) ==
          inPlace.replaceKnown(text, text.size(), fromInPlace, consumedInPlace));
    CHECK(fromCopy == fromInPlace);
    CHECK(fromInPlace.find("secret-value") == std::string::npos);
    CHECK(inPlace.size() == copy->size());
  }
}
