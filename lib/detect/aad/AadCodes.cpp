// The AADSTS code table (data/aadsts-codes.tsv) joined with the guidance (data/aadsts-guidance.tsv),
// parsed once on first use and shared read-only.
#include <algorithm>
#include <charconv>

#include "detect/aad/Tsv.h"
#include "tracesan/AadErrors.h"

namespace tracesan::data {
extern const std::string_view aadsts_codes;
extern const std::string_view aadsts_guidance;
}  // namespace tracesan::data

namespace tracesan {
namespace {

struct CodeTable {
  std::vector<CodeInfo> codes;  // sorted by code
  std::vector<std::string> genericCollect;
};

bool parseCode(std::string_view text, long& code) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  return ec == std::errc{} && end == text.data() + text.size() && code > 0;
}

CodeInfo* findOrAdd(std::vector<CodeInfo>& codes, long code) {
  auto it = std::lower_bound(codes.begin(), codes.end(), code,
                             [](const CodeInfo& info, long c) { return info.code < c; });
  if (it != codes.end() && it->code == code) return &*it;
  CodeInfo info;
  info.code = code;
  return &*codes.insert(it, std::move(info));
}

void addGuidance(CodeInfo& info, std::string_view field, std::string_view text) {
  CodeGuidance& g = info.guidance;
  if (field == "meaning") g.meaning = text;
  else if (field == "cause") g.causes.emplace_back(text);
  else if (field == "resolution") g.resolution.emplace_back(text);
  else if (field == "collect") g.collect.emplace_back(text);
  else if (field == "expected") info.expected = (text == "yes");
}

CodeTable buildTable() {
  CodeTable table;
  for (const aad::TsvRow& row : aad::parseTsv(data::aadsts_codes)) {
    long code = 0;
    if (row.empty() || !parseCode(row[0], code)) continue;
    CodeInfo info;
    info.code = code;
    if (row.size() > 1) info.name = row[1];
    table.codes.push_back(std::move(info));
  }
  std::sort(table.codes.begin(), table.codes.end(),
            [](const CodeInfo& a, const CodeInfo& b) { return a.code < b.code; });
  for (const aad::TsvRow& row : aad::parseTsv(data::aadsts_guidance)) {
    if (row.size() < 3) continue;
    if (row[0] == "*") {
      if (row[1] == "collect") table.genericCollect.emplace_back(row[2]);
      continue;
    }
    long code = 0;
    if (!parseCode(row[0], code)) continue;
    addGuidance(*findOrAdd(table.codes, code), row[1], row[2]);
  }
  return table;
}

const CodeTable& codeTable() {
  static const CodeTable table = buildTable();
  return table;
}

}  // namespace

const CodeInfo* lookupAadCode(long code) {
  const auto& codes = codeTable().codes;
  auto it = std::lower_bound(codes.begin(), codes.end(), code,
                             [](const CodeInfo& info, long c) { return info.code < c; });
  return it != codes.end() && it->code == code ? &*it : nullptr;
}

const std::vector<CodeInfo>& allAadCodes() { return codeTable().codes; }

const std::vector<std::string>& genericCollectGuidance() { return codeTable().genericCollect; }

}  // namespace tracesan
