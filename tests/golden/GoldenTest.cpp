// Data-driven checks over every sample trace and its golden sanitized output:
//  * no planted secret (samples/secrets.json) survives in the golden output, in any view: raw
//    bytes, decoded strings, percent-decoded strings, base64-decoded bodies and words;
//  * check finds nothing in the golden output;
//  * check on the original reports a leak at every place a planted secret sits.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <cstring>
#include <string>

#include "codec/Base64.h"
#include "support/EntryVisitor.h"
#include "text/TextCodec.h"
#include "tracesan/Io.h"
#include "tracesan/Redactor.h"
#include "tracesan/Trace.h"

using namespace tracesan;
namespace fs = std::filesystem;

namespace {

const std::string kSamples = TRACESAN_SAMPLES_DIR;

std::vector<std::string> sampleNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kSamples + "/har"))
    if (e.path().extension() == ".har") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

nlohmann::json secrets() {
  auto text = readWholeFile(kSamples + "/secrets.json");
  REQUIRE(text);
  return nlohmann::json::parse(*text);
}

// Every text of an entry (extensions, session flags and the server address included; bodies
// base64-decoded) with the location prefix its leaks must carry: the redactor's own walk.
void forEachLocatedText(Entry& e, const std::function<void(const std::string&, const std::string&)>& fn) {
  struct Oracle : EntryVisitor {
    const std::function<void(const std::string&, const std::string&)>& fn;
    explicit Oracle(const std::function<void(const std::string&, const std::string&)>& f) : fn(f) {}
    void text(Text& t, const TextPlace& place) override { fn(place.location(), t.value); }
    void body(Body& b, const std::vector<Field>&, const TextPlace& place) override {
      std::string text = b.text.value;
      if (b.encoding.present && b.encoding.value == "base64")
        if (auto d = codec::base64Decode(text)) text = *d;
      fn(place.location(), text);
    }
  } oracle(fn);
  visitEntry(e, oracle);
}

Redactor defaultRedactor() {
  auto rules = RuleSet::create();
  REQUIRE(rules);
  RedactOptions o;
  o.key = "golden-test";
  return Redactor(*rules, o);
}

std::vector<std::string> views(const std::string& text) {
  std::vector<std::string> out{text, text::percentDecode(text, false), text::percentDecode(text, true)};
  // Base64 (or base64url) words of 16+ characters, decoded: Basic credentials, encoded bodies.
  auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("+/_=-", c); };
  for (std::size_t i = 0; i < text.size();) {
    if (!isWordChar(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && isWordChar(text[j])) ++j;
    if (j - i >= 16)
      if (auto d = codec::base64Decode(std::string_view(text).substr(i, j - i))) out.push_back(*d);
    i = j;
  }
  return out;
}

}  // namespace

// Every golden output, plain and variants: (sample name, path).
static std::vector<std::pair<std::string, std::string>> goldenOutputs() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : fs::directory_iterator(kSamples + "/expected")) {
    std::string file = e.path().filename().string();
    const std::string suffix = ".sanitized.har";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    out.emplace_back(file.substr(0, file.find('.')), e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("every sample has a golden sanitized output") {
  for (const auto& name : sampleNames()) CHECK(fs::exists(kSamples + "/expected/" + name + ".sanitized.har"));
}

TEST_CASE("no planted secret survives in any golden sanitized output") {
  auto all = secrets();
  auto outputs = goldenOutputs();
  CHECK(outputs.size() > sampleNames().size());
  for (const auto& [name, out] : outputs) {
    INFO(out);
    auto raw = readWholeFile(out);
    REQUIRE(raw);
    std::vector<std::string> texts = views(*raw);
    auto reader = openTrace(out);
    REQUIRE(reader);
    for (;;) {
      auto next = reader.value()->next();
      REQUIRE(next);
      if (!*next) break;
      forEachLocatedText(**next, [&](const std::string&, const std::string& t) {
        for (auto& v : views(t)) texts.push_back(std::move(v));
      });
    }
    for (const auto& secret : all.value(name + ".har", nlohmann::json::array())) {
      std::string s = secret.get<std::string>();
      for (const auto& t : texts) {
        INFO("secret starting " << s.substr(0, 12) << " survives");
        CHECK(t.find(s) == std::string::npos);
      }
    }
  }
}

TEST_CASE("check finds nothing in the golden sanitized outputs") {
  Redactor r = defaultRedactor();
  for (const auto& [name, out] : goldenOutputs()) {
    auto reader = openTrace(out);
    REQUIRE(reader);
    for (;;) {
      auto next = reader.value()->next();
      REQUIRE(next);
      if (!*next) break;
      for (const auto& leak : r.checkEntry(**next)) FAIL_CHECK(name << ": entry " << leak.entry << ": " << leak.location << ": " << leak.kind);
    }
  }
}

TEST_CASE("check on an original reports a leak wherever a planted secret sits") {
  auto all = secrets();
  Redactor r = defaultRedactor();
  std::size_t located = 0;
  for (const auto& name : sampleNames()) {
    auto list = all.value(name + ".har", nlohmann::json::array());
    auto reader = openTrace(kSamples + "/har/" + name + ".har");
    REQUIRE(reader);
    for (;;) {
      auto next = reader.value()->next();
      REQUIRE(next);
      Entry* e = *next;
      if (!e) break;
      auto leaks = r.checkEntry(*e);
      forEachLocatedText(*e, [&](const std::string& where, const std::string& text) {
        for (const auto& secret : list) {
          std::string s = secret.get<std::string>();
          if (text.find(s) == std::string::npos) continue;
          ++located;
          bool reported = std::any_of(leaks.begin(), leaks.end(), [&](const Leak& l) { return l.location.rfind(where, 0) == 0; });
          INFO(name << ": entry " << e->number << ": " << where << ": secret starting " << s.substr(0, 12));
          CHECK(reported);
        }
      });
    }
  }
  CHECK(located > 100);
}
