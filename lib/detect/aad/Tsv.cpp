#include "detect/aad/Tsv.h"

namespace tracesan::aad {

std::vector<TsvRow> parseTsv(std::string_view table) {
  std::vector<TsvRow> rows;
  bool headerSeen = false;
  while (!table.empty()) {
    std::size_t eol = table.find('\n');
    std::string_view line = table.substr(0, eol);
    table = eol == std::string_view::npos ? std::string_view{} : table.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    TsvRow row;
    for (;;) {
      std::size_t tab = line.find('\t');
      row.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace tracesan::aad
