// Sign-in log exports: the JSON, Graph and CSV readers (fields, streaming, errors with offsets and
// lines), sniffing, the join to trace findings, and sanitizing (personal values only, even when
// escaped; harmless values under personal-sounding names stay).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "TestUtil.h"
#include "signin/JsonWalk.h"
#include "tracesan/SigninLog.h"

using namespace tracesan;

namespace {

std::string signinsPath(const std::string& name) { return std::string(TRACESAN_SAMPLES_DIR) + "/signins/" + name; }

std::vector<SigninRecord> readAll(const std::string& path) {
  auto log = openSigninLog(path);
  REQUIRE(log);
  std::vector<SigninRecord> records;
  for (;;) {
    auto next = log.value()->next();
    REQUIRE(next);
    if (*next == nullptr) break;
    SigninRecord r = **next;
    r.raw = {};
    records.push_back(std::move(r));
  }
  return records;
}

std::string readError(const std::string& name, const std::string& bytes) {
  auto log = openSigninLog(testutil::writeScratch("SigninLogTest-" + name, bytes));
  if (!log) return log.error().message();
  for (;;) {
    auto next = log.value()->next();
    if (!next) return next.error().message();
    if (*next == nullptr) return "";
  }
}

Finding traceFinding(std::string correlation, std::string client, std::string time) {
  Finding f;
  f.file = "trace.har";
  f.entry = 4;
  f.code = 50125;
  f.correlationId = std::move(correlation);
  f.clientId = std::move(client);
  f.timestamp = std::move(time);
  f.sources.push_back({"config", "response body $Config.iErrorCode"});
  return f;
}

std::vector<std::vector<SigninMatch>> join(const std::vector<Finding>& findings, const std::string& path) {
  auto log = openSigninLog(path);
  REQUIRE(log);
  auto joins = joinSignins(findings, *log.value());
  REQUIRE(joins);
  return *joins;
}

std::string sanitized(const std::string& path, const std::string& name) {
  auto log = openSigninLog(path);
  REQUIRE(log);
  std::string out = (testutil::scratchDir() / ("SigninLogTest-clean-" + name)).string();
  auto n = sanitizeSigninLog(*log.value(), out, [](std::string_view kind, std::string_view value) {
    return "REDACTED-" + std::string(kind) + "-" + std::to_string(value.size());
  });
  REQUIRE(n);
  return testutil::readFile(out);
}

const std::string kCsvHeader = "Date (UTC),Request ID,Correlation ID,User,Username,Application ID ,Sign-in error code,Failure reason\r\n";

}  // namespace

TEST_CASE("the admin center JSON download reads into records with every field") {
  auto records = readAll(signinsPath("interactive.json"));
  REQUIRE(records.size() == 3);
  const SigninRecord& r = records[0];
  CHECK(r.number == 1);
  CHECK(r.requestId == "a2f83dce-be20-d15b-1812-a64fc36f485c");
  CHECK(r.correlationId == "38f60679-6aa7-18a0-4d67-6f88f45cd414");
  CHECK(r.createdDateTime == "2026-11-30T10:15:04Z");
  CHECK(r.errorCode == 50125);
  CHECK(r.failureReason == "Sign-in was interrupted due to a password reset or password registration entry.");
  CHECK(r.additionalDetails == "The user must finish registering security information before this sign-in can continue.");
  CHECK(r.appId == "4a1b2c3d-0000-4e5f-fa4e-00000000c11d");
  CHECK(r.appDisplayName == "Contoso Fake Expenses");
  CHECK(r.resourceDisplayName == "Microsoft Graph");
  CHECK(r.conditionalAccessStatus == "notApplied");
  CHECK(r.authenticationRequirement == "singleFactorAuthentication");
  CHECK(r.userPrincipalName == "adele.vance@contoso-fake.example");
  CHECK(r.location == "Redmond, Washington, US");
  CHECK(r.deviceId == "5e7f1a2b-0000-4c3d-fa4e-0000000de71c");
  CHECK(r.deviceName == "ADELE-LAPTOP-FAKE");
  CHECK(records[1].errorCode == 0);
}

TEST_CASE("the CSV download and the Graph response give the same records as the JSON download") {
  auto json = readAll(signinsPath("interactive.json"));
  auto csv = readAll(signinsPath("interactive.csv"));
  auto graph = readAll(signinsPath("graph-signins.json"));
  REQUIRE(csv.size() == 3);
  REQUIRE(graph.size() == 4);  // interactive and non-interactive together
  for (std::size_t i = 0; i < 3; ++i) {
    for (const auto* other : {&csv[i], &graph[i]}) {
      CHECK(other->requestId == json[i].requestId);
      CHECK(other->correlationId == json[i].correlationId);
      CHECK(other->errorCode == json[i].errorCode);
      CHECK(other->failureReason == json[i].failureReason);
      CHECK(other->appId == json[i].appId);
      CHECK(other->userPrincipalName == json[i].userPrincipalName);
      CHECK(other->ipAddress == json[i].ipAddress);
      CHECK(other->location == json[i].location);
    }
  }
  CHECK(csv[0].line == 2);
  CHECK(csv[0].status == "Interrupted");
}

TEST_CASE("quoted CSV fields keep commas, quotes and line breaks, and later lines are counted right") {
  std::string csv = kCsvHeader +
                    "2026-11-30T10:15:04Z,r1,c1,\"Vance, Adele \"\"FAKE\"\"\",adele@contoso-fake.example,app,50125,\"line one\r\nline two\"\r\n"
                    "2026-11-30T10:16:04Z,r2,c2,Lee,lee@contoso-fake.example,app,50126,bad,extra\r\n";
  std::string message = readError("quoted.csv", csv);
  CHECK(message == "line 4: record 2 has 9 fields, the header has 8");
  auto records = readAll(testutil::writeScratch("SigninLogTest-quoted-ok.csv", kCsvHeader +
      "2026-11-30T10:15:04Z,r1,c1,\"Vance, Adele \"\"FAKE\"\"\",adele@contoso-fake.example,app,50125,\"line one\r\nline two\"\r\n"));
  REQUIRE(records.size() == 1);
  CHECK(records[0].userDisplayName == "Vance, Adele \"FAKE\"");
  CHECK(records[0].failureReason == "line one\r\nline two");
}

TEST_CASE("bad JSON names the byte offset of the problem") {
  CHECK(readError("empty.json", "[{\"id\":\"a\"},") == "byte 12: record 2: the file ends inside the list of sign-ins");
  CHECK(readError("string.json", "[{\"id\":\"a\nb\"}]") == "byte 9: record 1: control character in a string");
  CHECK(readError("not-object.json", "[{\"id\":1},2]") == "byte 10: record 2: expected a sign-in object");
  CHECK(readError("no-value.json", "{\"@odata.context\":\"x\",\"items\":[]}") ==
        "byte 32: not a sign-in log: no \"value\" list of sign-ins");
  CHECK(readError("trailing.json", "[{\"id\":\"a\"}] x") == "byte 13: unexpected bytes after the sign-ins");
  CHECK(readError("deep.json", "[" + std::string(100, '{').insert(1, "\"a\":") + "]").find("record 1:") != std::string::npos);
}

TEST_CASE("a CSV without the sign-in columns, or with a broken quote, is rejected with its line") {
  CHECK(readError("no-columns.csv", "a,b\r\n1,2\r\n").find("not a sign-in log") != std::string::npos);
  CHECK(readError("quote.csv", kCsvHeader + "x,r\"1,c,u,n,a,1,f\r\n") == "line 2: a quote inside unquoted field 2");
  CHECK(readError("after-quote.csv", kCsvHeader + "x,\"r1\"z,c,u,n,a,1,f\r\n") ==
        "line 2: text after the closing quote of field 2");
}

TEST_CASE("a record larger than the limit is an error, not unbounded memory") {
  std::string huge = "[{\"id\":\"" + std::string((16u << 20) + 10, 'a') + "\"}]";
  CHECK(readError("huge.json", huge) == "byte 1: record 1: a value larger than 16 MiB");
  std::string hugeCsv = kCsvHeader + "x," + std::string((16u << 20) + 10, 'a') + ",c,u,n,a,1,f\r\n";
  CHECK(readError("huge.csv", hugeCsv) == "line 2: a record larger than 16 MiB");
}

TEST_CASE("many records stream through one at a time") {
  std::string json = "{\"@odata.context\":\"x\",\"value\":[";
  const std::size_t n = 20000;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) json += ",\n";
    json += "{\"id\":\"r" + std::to_string(i) + "\",\"correlationId\":\"c\",\"status\":{\"errorCode\":" +
            std::to_string(i % 2 ? 50125 : 0) + ",\"failureReason\":\"" + std::string(80, 'x') + "\"}}";
  }
  json += "],\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x\"}";
  auto log = openSigninLog(testutil::writeScratch("SigninLogTest-many.json", json));
  REQUIRE(log);
  FindOptions options;
  auto found = findSigninErrors(*log.value(), options);
  REQUIRE(found);
  CHECK(found->records == n);
  CHECK(found->findings.size() == n / 2);
  CHECK(found->findings.back().finding.traceId == "r" + std::to_string(n - 1));
}

TEST_CASE("sniffing tells sign-in logs from traces") {
  CHECK(looksLikeSigninLog("[\n  {\"id\": \"x\", \"createdDateTime\": \"t\", \"correlationId\": \"c\"}"));
  // Any other JSON array or Graph collection is not a sign-in log (its secrets would pass through).
  CHECK_FALSE(looksLikeSigninLog("[\n  {\"id\": \"x\"}"));
  CHECK_FALSE(looksLikeSigninLog("[{\"password\":\"FAKE-pw\"}]"));
  CHECK_FALSE(looksLikeSigninLog("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[{\"id\":\"1\"}]}"));
  CHECK(looksLikeSigninLog("\xEF\xBB\xBF[]"));
  CHECK(looksLikeSigninLog("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\""));
  CHECK(looksLikeSigninLog("{ \"value\": [{\"createdDateTime\": \"t\", \"correlationId\": \"c\"}"));
  CHECK_FALSE(looksLikeSigninLog("{ \"value\": ["));
  CHECK(looksLikeSigninLog("\xEF\xBB\xBF" "Date (UTC),Request ID,User agent,Correlation ID\r\n"));
  CHECK_FALSE(looksLikeSigninLog("{\"log\":{\"version\":\"1.2\""));
  CHECK_FALSE(looksLikeSigninLog("PK\x03\x04"));
  CHECK_FALSE(looksLikeSigninLog("a,b,c\n"));
  CHECK_FALSE(isSigninLogFile(std::string(TRACESAN_SAMPLES_DIR) + "/har/signin-aadsts50125.har"));
  CHECK(isSigninLogFile(signinsPath("interactive.csv")));
}

TEST_CASE("a failing record is a signin-log finding with the code's name and the request ID as trace ID") {
  auto log = openSigninLog(signinsPath("interactive.json"));
  REQUIRE(log);
  auto found = findSigninErrors(*log.value(), FindOptions{});
  REQUIRE(found);
  REQUIRE(found->findings.size() == 2);
  const Finding& f = found->findings[0].finding;
  CHECK(f.code == 50125);
  CHECK(f.name == "PasswordResetRegistrationRequiredInterrupt");
  CHECK(f.traceId == "a2f83dce-be20-d15b-1812-a64fc36f485c");
  CHECK(f.sources.front().kind == "signin-log");
  CHECK(f.user.empty());
  CHECK(found->findings[0].record.raw.empty());
}

TEST_CASE("a finding joins the record with its correlation ID, in any letter case") {
  std::vector<Finding> findings{traceFinding("38F60679-6AA7-18A0-4D67-6F88F45CD414", "", "")};
  auto joins = join(findings, signinsPath("interactive.csv"));
  REQUIRE(joins[0].size() == 1);
  CHECK(joins[0][0].exact);
  CHECK(joins[0][0].record.number == 1);
}

TEST_CASE("without the correlation ID, the same app within the window is a weaker match") {
  const std::string app = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d";
  std::vector<Finding> findings{
      traceFinding("11111111-0000-0000-0000-000000000000", app, "2026-11-30 11:02:11Z"),  // 89 s before
      traceFinding("22222222-0000-0000-0000-000000000000", app, "2026-11-30T10:50:00"),   // 820 s before
      traceFinding("33333333-0000-0000-0000-000000000000", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "2026-11-30 11:03:40Z"),
  };
  auto joins = join(findings, signinsPath("noninteractive.json"));
  REQUIRE(joins[0].size() == 1);
  CHECK_FALSE(joins[0][0].exact);
  CHECK(joins[0][0].secondsApart == 89);
  CHECK(joins[1].empty());  // outside the ten-minute window
  CHECK(joins[2].empty());  // another app
}

TEST_CASE("an exact match drops the weaker guesses") {
  const std::string app = "4a1b2c3d-0000-4e5f-fa4e-00000000c11d";
  // Same app and within minutes of records 2 (10:20:11) and 1 (10:15:04); correlation ID of record 1.
  std::vector<Finding> findings{traceFinding("38f60679-6aa7-18a0-4d67-6f88f45cd414", app, "2026-11-30T10:16:00")};
  auto joins = join(findings, signinsPath("graph-signins.json"));
  REQUIRE(joins[0].size() == 1);
  CHECK(joins[0][0].exact);
}

TEST_CASE("sign-in records are not joined to themselves") {
  auto log = openSigninLog(signinsPath("interactive.json"));
  REQUIRE(log);
  auto found = findSigninErrors(*log.value(), FindOptions{});
  REQUIRE(found);
  std::vector<Finding> findings{found->findings[0].finding};
  CHECK(join(findings, signinsPath("interactive.json"))[0].empty());
}

TEST_CASE("sanitizing replaces personal values only and keeps every other byte") {
  std::string original = testutil::readFile(signinsPath("interactive.json"));
  std::string clean = sanitized(signinsPath("interactive.json"), "interactive.json");
  for (const char* pii : {"adele.vance@contoso-fake.example", "Adele Vance (FAKE)", "198.51.100.23", "Redmond", "ADELE-LAPTOP-FAKE",
                          "5e7f1a2b-0000-4c3d-fa4e-0000000de71c", "47.674"})
    CHECK(clean.find(pii) == std::string::npos);
  // Evidence and harmless values stay, byte for byte.
  for (const char* kept : {"\"correlationId\": \"38f60679-6aa7-18a0-4d67-6f88f45cd414\"", "\"errorCode\": 50125",
                           "\"userId\": \"0d3e8a51-0000-4b6c-fa4e-0000000000a1\"", "\"operatingSystem\": \"Windows10\"",
                           "\"appDisplayName\": \"Contoso Fake Expenses\"", "\"trustType\": \"\"", "\"altitude\": null"})
    CHECK(clean.find(kept) != std::string::npos);
  CHECK(clean.find("\"userPrincipalName\": \"REDACTED-upn-32\"") != std::string::npos);
  CHECK(clean.find("\"latitude\": 0,") != std::string::npos);
  // Same number of lines: only values inside lines changed.
  CHECK(std::count(clean.begin(), clean.end(), '\n') == std::count(original.begin(), original.end(), '\n'));
}

TEST_CASE("a personal value hidden behind JSON escapes is found and replaced") {
  std::string json =
      "[{\"id\":\"r\",\"userPrincipalName\":\"adele.vance\\u0040contoso-fake.example\","
      "\"userDisplayName\":\"Ad\\u00e8le\",\"appDisplayName\":\"Location Tracker\",\"ipAddress\":null}]";
  std::string path = testutil::writeScratch("SigninLogTest-escaped.json", json);
  std::string clean = sanitized(path, "escaped.json");
  CHECK(clean.find("adele.vance") == std::string::npos);
  CHECK(clean.find("\"REDACTED-upn-32\"") != std::string::npos);   // length of the decoded value
  CHECK(clean.find("\"REDACTED-name-6\"") != std::string::npos);
  CHECK(clean.find("\"Location Tracker\"") != std::string::npos);  // a harmless value under a scary name
  CHECK(clean.find("\"ipAddress\":null") != std::string::npos);
}

TEST_CASE("sanitized CSV fields are quoted when the placeholder needs it and the rest stays") {
  std::string csv = kCsvHeader + "2026-11-30T10:15:04Z,r1,c1,\"Vance, Adele\",adele@contoso-fake.example,app,50125,\"a, b\"\r\n";
  std::string path = testutil::writeScratch("SigninLogTest-sanitize.csv", csv);
  std::string clean = sanitized(path, "sanitize.csv");
  CHECK(clean == kCsvHeader + "2026-11-30T10:15:04Z,r1,c1,REDACTED-name-12,REDACTED-upn-26,app,50125,\"a, b\"\r\n");
}

TEST_CASE("the JSON walk reports paths and spans and rejects what is not JSON") {
  std::vector<std::string> paths;
  std::string text = R"({"a":{"b":[1,"x"]},"c":null})";
  auto error = signin::walkJson(text, [&](const signin::JsonScalar& s) {
    paths.push_back(s.path + "=" + std::string(text.substr(s.begin, s.end - s.begin)));
  });
  CHECK(error.message.empty());
  CHECK(paths == std::vector<std::string>{"a.b[]=1", "a.b[]=\"x\"", "c=null"});
  CHECK(signin::walkJson("{\"a\":01x}", [](const signin::JsonScalar&) {}).message == "expected ',' or '}' in an object");
  CHECK(signin::walkJson("{\"a\":\"\\q\"}", [](const signin::JsonScalar&) {}).message == "invalid escape in a string");
  CHECK(signin::jsonValueEnd("{\"a\":\"}\"} ,", 0) == 9);
  CHECK(signin::jsonValueEnd("{\"a\":", 0) == std::string::npos);
}

namespace {

// The findings of `path` as one formatFindingsWithSignins call, the way the non-streaming path writes them.
std::string formattedAtOnce(const std::string& path, FindingFormat format) {
  auto log = openSigninLog(path);
  REQUIRE(log);
  auto found = findSigninErrors(*log.value(), FindOptions{});
  REQUIRE(found);
  std::vector<Finding> findings;
  std::vector<SigninAnnotation> annotations;
  for (SigninFinding& f : found->findings) {
    findings.push_back(f.finding);
    annotations.push_back({f.record, {}});
  }
  return formatFindingsWithSignins(findings, annotations, format);
}

std::string streamed(const std::vector<std::string>& paths, FindingFormat format, SigninStreamResult* result = nullptr) {
  std::string out;
  auto r = streamSigninFindings(paths, FindOptions{}, format, [&](std::string_view piece) {
    out.append(piece);
    return Status::ok();
  });
  REQUIRE(r);
  if (result) *result = *r;
  return out;
}

}  // namespace

TEST_CASE("streamed findings of an export are byte for byte the findings formatted at once") {
  std::string json = "[";
  for (std::size_t i = 0; i < 1500; ++i)  // three batches and a bit
    json += std::string(i ? "," : "") + "{\"id\":\"r" + std::to_string(i) + "\",\"correlationId\":\"c" + std::to_string(i) +
            "\",\"appId\":\"a\",\"createdDateTime\":\"2026-11-30T10:15:04Z\",\"status\":{\"errorCode\":" +
            std::to_string(i % 3 ? 50125 : 50126) + ",\"failureReason\":\"why, \\\"quoted\\\"\"}}";
  json += "]";
  std::string path = testutil::writeScratch("SigninLogTest-stream.json", json);
  for (FindingFormat format : {FindingFormat::Json, FindingFormat::Csv}) {
    SigninStreamResult result;
    CHECK(streamed({path}, format, &result) == formattedAtOnce(path, format));
    CHECK(result.findings == 1500);
    CHECK(result.perCode[50125] == 1000);
  }
  CHECK(streamed({signinsPath("interactive.csv")}, FindingFormat::Json) ==
        formattedAtOnce(signinsPath("interactive.csv"), FindingFormat::Json));
}

TEST_CASE("streaming an export without failures writes an empty list, and a bad file is reported, not fatal") {
  std::string ok = testutil::writeScratch("SigninLogTest-ok.json", "[{\"id\":\"r\",\"status\":{\"errorCode\":0}}]");
  CHECK(streamed({ok}, FindingFormat::Json) == "[]\n");
  CHECK(streamed({ok}, FindingFormat::Csv) == formatFindings({}, FindingFormat::Csv));
  std::string bad = testutil::writeScratch("SigninLogTest-bad.json", "[{\"id\":\"r\",\"status\":{\"errorCode\":50125}},{");
  SigninStreamResult result;
  std::string out = streamed({bad, signinsPath("interactive.json")}, FindingFormat::Json, &result);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message().find("SigninLogTest-bad.json: byte 41: record 2:") != std::string::npos);
  CHECK(result.findings == 3);  // the bad file's first record, and the good file's two
  CHECK(nlohmann::json::parse(out).size() == 3);
}
