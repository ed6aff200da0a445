// The AADSTS finder over an entry built from fuzz input: the input is split at 0x01 bytes into
// URL, request headers, request body, response headers and response body (headers one per line as
// `Name: value`); the first byte picks method, status and options. Findings format as text, JSON
// and CSV; the finder never returns the planted fake password.
#include "FuzzCheck.h"
#include "tracesan/AadErrors.h"

using namespace tracesan;

namespace {

constexpr std::string_view kSecret = "P@ssw0rd-FAKE-1";

std::vector<std::string_view> splitAt(std::string_view s, char sep, std::size_t maxParts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < maxParts) {
    std::size_t at = s.find(sep);
    if (at == std::string_view::npos) break;
    parts.push_back(s.substr(0, at));
    s.remove_prefix(at + 1);
  }
  parts.push_back(s);
  return parts;
}

Text textOf(std::string_view v) {
  Text t;
  t.value.assign(v);
  t.present = true;
  return t;
}

std::vector<Field> headersOf(std::string_view block) {
  std::vector<Field> out;
  for (std::string_view line : splitAt(block, '\n', 64)) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    out.push_back({textOf(line.substr(0, colon)), textOf(value)});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::uint8_t sel = data[0];
  auto parts = splitAt(fuzz::asText(data + 1, size - 1), '\x01', 5);
  parts.resize(5);
  Entry e;
  e.number = 1;
  e.request.method = textOf((sel & 1) ? "POST" : "GET");
  e.request.url = textOf(parts[0]);
  e.request.headers = headersOf(parts[1]);
  if (!parts[2].empty()) {
    e.request.body.present = true;
    e.request.body.text = textOf(parts[2]);
  }
  e.response.present = true;
  e.response.status.value = (sel & 2) ? 400 : 200;
  e.response.status.present = true;
  e.response.headers = headersOf(parts[3]);
  e.response.body.present = true;
  e.response.body.text = textOf(parts[4]);
  // Plant a password as the last query parameter (only where the URL has no fragment, which the
  // parameter would otherwise join) and at the end of the response body.
  // (Inputs that already hold the secret text are not planted: it would be data, not a parameter.)
  const bool planted = (sel & 4) != 0 && parts[0].find('#') == std::string_view::npos &&
                       fuzz::asText(data, size).find(kSecret) == std::string_view::npos;
  if (planted) {
    e.response.body.text = textOf(std::string(parts[4]) + "&password=" + std::string(kSecret));
    const char* sep = parts[0].find('?') == std::string_view::npos ? "?" : "&";
    e.request.url = textOf(std::string(parts[0]) + sep + "password=" + std::string(kSecret));
  }

  FindOptions o;
  o.file = "fuzz.har";
  o.includeExpected = (sel & 8) != 0;
  std::vector<Finding> findings = findAadErrors(e, o);
  for (const Finding& f : findings) {
    FUZZ_CHECK(f.entry == 1 && f.code >= 0);
    FUZZ_CHECK(!f.sources.empty());
    if (planted) FUZZ_CHECK(f.url.find(kSecret) == std::string::npos);
  }
  for (auto format : {FindingFormat::Text, FindingFormat::Json, FindingFormat::Csv}) {
    std::string out = formatFindings(findings, format);
    if (planted && out.find("password=" + std::string(kSecret)) != std::string::npos) {
      std::fprintf(stderr, "planted password in formatted findings:\n%s\n", out.c_str());
      std::abort();
    }
  }
  return 0;
}
