#include <catch2/catch.hpp>

#include <string>

#include "ScannerTestSupport.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;
using scannertest::rawOf;
using scannertest::findPath;

namespace {

const std::string kFakeIdToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhbGljZUBjb250b3NvLmV4YW1wbGUifQ.RkFLRS1zaWc";

}  // namespace

TEST_CASE("form_post hidden inputs are reported with exact raw attribute spans") {
  const std::string html =
      "<html><body onload=\"document.forms[0].submit()\"><form method=\"POST\" name=\"hiddenform\" "
      "action=\"https://app.example/signin-oidc\">"
      "<input type=\"hidden\" name=\"code\" value=\"0.AXYA-FAKEcode_AAAA.AgABAAIAAAD--FAKE\" />"
      "<input type=\"hidden\" name=\"id_token\" value=\"" + kFakeIdToken + "\" />"
      "<input type=\"hidden\" name=\"state\" value=\"OpenIdConnect.AuthenticationProperties=FAKE&amp;x\" />"
      "<input type=\"hidden\" name=\"session_state\" value=\"11111111-2222-3333-4444-555555555555\" />"
      "<noscript><p>Script is disabled.</p><input type=\"submit\" value=\"Continue\" /></noscript>"
      "</form></body></html>";
  auto values = scanHtmlInputs(html);
  REQUIRE(values.size() == 4);
  CHECK(values[0].name == "code");
  CHECK(values[0].path == "html.input.code");
  CHECK(values[0].encoding == ValueEncoding::HtmlAttribute);
  CHECK(rawOf(html, values[0]) == "0.AXYA-FAKEcode_AAAA.AgABAAIAAAD--FAKE");
  CHECK(rawOf(html, values[1]) == kFakeIdToken);
  CHECK(rawOf(html, values[2]) == "OpenIdConnect.AuthenticationProperties=FAKE&amp;x");
  CHECK(values[2].value == "OpenIdConnect.AuthenticationProperties=FAKE&x");
}

TEST_CASE("input attributes in any order, case and quoting are understood") {
  const std::string html =
      "<INPUT VALUE='v1' TYPE=hidden NAME='flowToken'>"
      "<input value=v2 name=canary>"
      "<Input\n\tname = \"ctx\"\n\tvalue = \"v3&#x2F;&#47;&quot;\"/>";
  auto values = scanHtmlInputs(html);
  REQUIRE(values.size() == 3);
  CHECK(values[0].name == "flowToken");
  CHECK(rawOf(html, values[0]) == "v1");
  CHECK(values[1].name == "canary");
  CHECK(rawOf(html, values[1]) == "v2");
  CHECK(values[2].name == "ctx");
  CHECK(rawOf(html, values[2]) == "v3&#x2F;&#47;&quot;");
  CHECK(values[2].value == "v3//\"");
}

TEST_CASE("inputs without a name or value, and other tags, are ignored") {
  auto values = scanHtmlInputs("<input type=submit value=Go><input name=x><inputs name=a value=b><p name=a value=b>");
  CHECK(values.empty());
}

TEST_CASE("empty input values give an empty span inside the quotes") {
  const std::string html = "<input name=\"passwd\" value=\"\">";
  auto values = scanHtmlInputs(html);
  REQUIRE(values.size() == 1);
  CHECK(values[0].begin == html.find("value=\"") + 7);
  CHECK(values[0].begin == values[0].end);
}

TEST_CASE("values containing the other quote and angle brackets keep their span") {
  const std::string html = "<input name='a' value='say \"hi\" > there'><input name=\"b\" value=\"it's\">";
  auto values = scanHtmlInputs(html);
  REQUIRE(values.size() == 2);
  CHECK(rawOf(html, values[0]) == "say \"hi\" > there");
  CHECK(rawOf(html, values[1]) == "it's");
}

TEST_CASE("meta tags are reported with their content") {
  const std::string html = "<head><meta name=\"PageID\" content=\"ConvergedError\" /><meta charset=utf-8></head>";
  auto values = scanHtmlInputs(html);
  REQUIRE(values.size() == 1);
  CHECK(values[0].path == "html.meta.PageID");
  CHECK(rawOf(html, values[0]) == "ConvergedError");
}

TEST_CASE("unterminated tags and attributes do not crash or hang") {
  CHECK(scanHtmlInputs("<input name=\"a\" value=\"never closed").size() == 1);
  CHECK(scanHtmlInputs("<input name=a value=").size() == 1);
  CHECK(scanHtmlInputs("<input").empty());
  CHECK(scanHtmlInputs("<").empty());
  CHECK(scanHtmlInputs("<input name='x' value='\xff\xfe'>").size() == 1);
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "<input name=a value=b ";
  CHECK(scanHtmlInputs(many).size() == 1);
}

TEST_CASE("the entra $Config blob reports members with config paths and offsets in the page") {
  const std::string html =
      "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
      "<script type=\"text/javascript\">//<![CDATA[\n"
      "$Config={\"pgid\":\"ConvergedSignIn\",\"sFT\":\"AQABAAEAAAD--DLA3VO7QrddgJg7WevrFAKEflowtoken_x\","
      "\"sCtx\":\"rQQIARAA-FAKEctx\",\"canary\":\"C4n4ry\\/FAKE\\u002b\",\"iErrorCode\":50126,"
      "\"arrSessions\":[{\"name\":\"alice@contoso.example\"}],\"urlPost\":\"\\/common\\/login\"};\n"
      "//]]></script></body></html>";
  auto values = scanConfigBlob(html);
  REQUIRE(values.size() == 7);
  const NamedValue* sft = findPath(values, "config.sFT");
  REQUIRE(sft);
  CHECK(sft->name == "sFT");
  CHECK(sft->encoding == ValueEncoding::JsonString);
  CHECK(rawOf(html, *sft) == "AQABAAEAAAD--DLA3VO7QrddgJg7WevrFAKEflowtoken_x");
  const NamedValue* canary = findPath(values, "config.canary");
  REQUIRE(canary);
  CHECK(rawOf(html, *canary) == "C4n4ry\\/FAKE\\u002b");
  CHECK(canary->value == "C4n4ry/FAKE+");
  const NamedValue* code = findPath(values, "config.iErrorCode");
  REQUIRE(code);
  CHECK(code->value == "50126");
  const NamedValue* session = findPath(values, "config.arrSessions[0].name");
  REQUIRE(session);
  CHECK(rawOf(html, *session) == "alice@contoso.example");
  CHECK(findPath(values, "config.urlPost")->value == "/common/login");
}

TEST_CASE("the $Config blob may have spaces around the equals sign and no trailing script") {
  const std::string html = "var x = 1; $Config = \n {\"sFT\":\"flow-FAKE\",\"nested\":{\"a\":\"}\"}} ; more()";
  auto values = scanConfigBlob(html);
  REQUIRE(values.size() == 2);
  CHECK(rawOf(html, values[0]) == "flow-FAKE");
  CHECK(values[1].path == "config.nested.a");
  CHECK(rawOf(html, values[1]) == "}");
}

TEST_CASE("a broken $Config blob yields the members before the damage") {
  const std::string html = "$Config={\"sFT\":\"flow-FAKE\",\"canary\":\"unterminated";
  auto values = scanConfigBlob(html);
  REQUIRE(values.size() == 1);
  CHECK(rawOf(html, values[0]) == "flow-FAKE");
  CHECK(scanConfigBlob("$Config.x = 1; $Config=").empty());
  CHECK(scanConfigBlob("$Config=null;").empty());
}

TEST_CASE("pages without $Config report nothing") { CHECK(scanConfigBlob("<html>Config={\"a\":\"b\"}</html>").empty()); }

TEST_CASE("the msa ServerData blob is read like $Config") {
  const std::string html = "<script>var ServerData = {\"sFTTag\":\"<input name=\\\"PPFT\\\" value=\\\"ppft-FAKE\\\"/>\",\"sErrorCode\":\"80041012\"};</script>";
  auto values = scanConfigBlob(html);
  REQUIRE(values.size() == 2);
  CHECK(values[0].path == "config.sFTTag");
  CHECK(values[0].value == "<input name=\"PPFT\" value=\"ppft-FAKE\"/>");
  CHECK(values[1].value == "80041012");
  CHECK(scanConfigBlob("window.ServerData.x = {\"a\":\"b\"};").empty());
}
