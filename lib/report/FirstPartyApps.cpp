// Names of well-known first-party apps (data/first-party-apps.tsv), for the report's header.
#include <map>

#include "detect/aad/Tsv.h"
#include "tracesan/HtmlReport.h"
#include "text/TextCodec.h"

namespace tracesan::data {
extern const std::string_view first_party_apps;
}

namespace tracesan {

std::string_view firstPartyAppName(std::string_view clientId) {
  static const std::map<std::string, std::string, std::less<>> names = [] {
    std::map<std::string, std::string, std::less<>> m;
    for (const aad::TsvRow& row : aad::parseTsv(data::first_party_apps))
      if (row.size() >= 2) m.emplace(text::toLower(row[0]), std::string(row[1]));
    return m;
  }();
  auto it = names.find(text::toLower(clientId));
  return it == names.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace tracesan
