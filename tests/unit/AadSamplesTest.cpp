// Golden test: the finder on every sample trace must report exactly the findings listed in
// samples/expected/findings/<sample>.json (written by samples/make_samples.py) and the names,
// messages and sources in samples/expected/findings/details/<sample>.json.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "detect/aad/SafeText.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

using namespace tracesan;
namespace fs = std::filesystem;

namespace {

const fs::path kSamples = TRACESAN_SAMPLES_DIR;

nlohmann::json readJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

std::vector<std::string> sampleNames() {
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(kSamples / "expected" / "findings"))
    if (item.is_regular_file() && item.path().extension() == ".json") names.push_back(item.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// "a=b" pairs of a URL's query and fragment, as written.
std::vector<std::string> queryPairs(const std::string& url) {
  std::vector<std::string> pairs;
  std::size_t q = url.find_first_of("?#");
  if (q == std::string::npos) return pairs;
  std::string rest = url.substr(q + 1);
  for (char& c : rest)
    if (c == '#') c = '&';
  std::size_t from = 0;
  while (from <= rest.size()) {
    std::size_t amp = rest.find('&', from);
    std::string pair = rest.substr(from, amp == std::string::npos ? std::string::npos : amp - from);
    if (pair.find('=') != std::string::npos) pairs.push_back(pair);
    if (amp == std::string::npos) break;
    from = amp + 1;
  }
  return pairs;
}

std::vector<Finding> findInSample(const std::string& name, std::size_t context = 2) {
  auto reader = openTrace((kSamples / "har" / (name + ".har")).string());
  REQUIRE(reader);
  FindOptions options;
  options.context = context;
  auto findings = findAadErrors(*reader.value(), options);
  REQUIRE(findings);
  return std::move(findings).value();
}

}  // namespace

TEST_CASE("every sample with expectations is checked") {
  auto names = sampleNames();
  CHECK(names.size() >= 8);
  for (const auto& name : names) {
    INFO(name);
    CHECK(fs::exists(kSamples / "har" / (name + ".har")));
    CHECK(fs::exists(kSamples / "expected" / "findings" / "details" / (name + ".json")));
  }
}

TEST_CASE("the finder reports exactly the expected findings of each sample") {
  for (const auto& name : sampleNames()) {
    INFO("sample " << name);
    auto expected = readJson(kSamples / "expected" / "findings" / (name + ".json"));
    auto findings = findInSample(name);
    REQUIRE(findings.size() == expected.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      const auto& x = expected[i];
      INFO("finding " << i << " entry " << f.entry << " code " << f.code);
      CHECK(fs::path(f.file).filename().string() == x["file"].get<std::string>());
      CHECK(f.entry == x["entry"].get<std::size_t>());
      CHECK(f.method == x["method"].get<std::string>());
      // The finder prints the request URL with secret parameter values replaced, and keeps every
      // other parameter exactly as written.
      const std::string url = x["url"].get<std::string>();
      CHECK(f.url == aad::safeUrl(url));
      for (const std::string& pair : queryPairs(url)) {
        std::string name = pair.substr(0, pair.find('='));
        if (!aad::isSecretParam(name)) CHECK(f.url.find(pair) != std::string::npos);
        else CHECK(f.url.find(name + "=REDACTED") != std::string::npos);
      }
      CHECK(f.status == x["status"].get<int>());
      CHECK(f.code == x["code"].get<long>());
      CHECK(f.traceId == x["trace_id"].get<std::string>());
      CHECK(f.correlationId == x["correlation_id"].get<std::string>());
      CHECK(f.timestamp == x["timestamp"].get<std::string>());
    }
  }
}

TEST_CASE("the finder gives each sample finding its expected name, message, error and sources") {
  for (const auto& name : sampleNames()) {
    INFO("sample " << name);
    auto expected = readJson(kSamples / "expected" / "findings" / "details" / (name + ".json"));
    auto findings = findInSample(name);
    REQUIRE(findings.size() == expected.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      const auto& x = expected[i];
      INFO("finding " << i << " entry " << f.entry << " code " << f.code);
      CHECK(f.entry == x["entry"].get<std::size_t>());
      CHECK(f.code == x["code"].get<long>());
      CHECK(f.name == x["name"].get<std::string>());
      CHECK(f.message == x["message"].get<std::string>());
      CHECK(f.error == x["error"].get<std::string>());
      REQUIRE(!f.sources.empty());
      CHECK(f.sources.front().kind == x["source"].get<std::string>());
      std::vector<std::string> kinds;
      for (const auto& s : f.sources) kinds.push_back(s.kind);
      CHECK(kinds == x["sources"].get<std::vector<std::string>>());
    }
  }
}

TEST_CASE("no planted secret of a sample appears in its findings") {
  auto secrets = readJson(kSamples / "secrets.json");
  for (const auto& name : sampleNames()) {
    INFO("sample " << name);
    auto findings = findInSample(name, 5);
    std::string printed = formatFindings(findings, FindingFormat::Json) + formatFindings(findings, FindingFormat::Text) +
                          formatFindings(findings, FindingFormat::Csv);
    for (const auto& secret : secrets[name + ".har"]) {
      const std::string value = secret.get<std::string>();
      INFO("secret " << value);
      CHECK(printed.find(value) == std::string::npos);
    }
  }
}

TEST_CASE("device-code polling in a sample is found only when expected noise is asked for") {
  auto reader = openTrace((kSamples / "har" / "token-endpoint-error.har").string());
  REQUIRE(reader);
  FindOptions options;
  options.includeExpected = true;
  auto findings = findAadErrors(*reader.value(), options);
  REQUIRE(findings);
  auto polling = std::find_if(findings->begin(), findings->end(), [](const Finding& f) { return f.code == 70016; });
  REQUIRE(polling != findings->end());
  CHECK(polling->expected);
  CHECK(polling->entry == 4);
  CHECK(polling->error == "authorization_pending");
}
