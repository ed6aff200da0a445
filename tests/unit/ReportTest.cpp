// The --report document: counts, files, fail-closed bodies and every redaction in order, rendered
// as it is added (spooled, not kept in memory), merged across files, streamed to a file.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "TestUtil.h"
#include "tracesan/Io.h"
#include "tracesan/Redactor.h"

using namespace tracesan;

namespace {

RedactionResult records(std::size_t entry, std::size_t n) {
  RedactionResult r;
  for (std::size_t i = 0; i < n; ++i)
    r.records.push_back({entry, "request.header.h" + std::to_string(i), i % 2 == 0 ? "cookie" : "refresh_token"});
  return r;
}

}  // namespace

TEST_CASE("a report lists every redaction in order with counts that match") {
  Report report;
  report.addFile("a.har", "out/a.har", "har", 3);
  for (std::size_t entry = 1; entry <= 3; ++entry) report.add(records(entry, 1000), "a.har");
  auto doc = nlohmann::json::parse(report.toJson());
  REQUIRE(doc["redactions"].size() == 3000);
  CHECK(doc["total"] == 3000);
  CHECK(doc["byKind"]["cookie"] == 1500);
  CHECK(doc["redactions"][0]["location"] == "request.header.h0");
  CHECK(doc["redactions"][2999]["entry"] == 3);
  CHECK(doc["redactions"][2999]["location"] == "request.header.h999");
  CHECK(doc["files"][0]["output"] == "out/a.har");
}

TEST_CASE("merged reports keep the files' order and the redactions of both") {
  Report first, second, empty;
  first.addFile("a.har", "", "har", 1);
  first.add(records(1, 2), "a.har");
  second.addFile("b.har", "", "har", 1);
  second.add(records(7, 3), "b.har");
  RedactionResult failed;
  failed.failClosed.push_back({7, "response.body", "invalid base64"});
  second.add(failed, "b.har");
  first.merge(std::move(empty));
  first.merge(std::move(second));
  auto doc = nlohmann::json::parse(first.toJson());
  REQUIRE(doc["redactions"].size() == 5);
  CHECK(doc["redactions"][1]["file"] == "a.har");
  CHECK(doc["redactions"][2]["file"] == "b.har");
  CHECK(doc["redactions"][4]["entry"] == 7);
  CHECK(doc["failClosedBodies"][0]["reason"] == "invalid base64");
  CHECK(doc["files"].size() == 2);
  // The moved-from report is usable again.
  second.add(records(1, 1), "c.har");
  CHECK(second.redactionCount() == 1);
}

TEST_CASE("an empty report is a complete document") {
  Report report;
  auto doc = nlohmann::json::parse(report.toJson());
  CHECK(doc["total"] == 0);
  CHECK(doc["redactions"].empty());
}

TEST_CASE("the report streamed to a file equals the report as a string, and reading it twice gives the same") {
  Report report;
  report.add(records(1, 500), "a.har");
  std::string path = (testutil::scratchDir() / "report-stream.json").string();
  auto out = OutputFile::create(path);
  REQUIRE(out);
  REQUIRE(report.writeJson(*out.value()));
  REQUIRE(out.value()->commit());
  std::string once = report.toJson();
  CHECK(testutil::readFile(path) == once);
  report.add(records(2, 1), "a.har");  // adding after writing appends, not overwrites
  auto doc = nlohmann::json::parse(report.toJson());
  CHECK(doc["redactions"].size() == 501);
  CHECK(doc["redactions"][500]["entry"] == 2);
}

TEST_CASE("locations with invalid UTF-8 do not break the report") {
  Report report;
  RedactionResult r;
  r.records.push_back({1, std::string("request.header.\xff\xfe"), "cookie"});
  report.add(r, "a.har");
  CHECK_NOTHROW(nlohmann::json::parse(report.toJson()));
}
