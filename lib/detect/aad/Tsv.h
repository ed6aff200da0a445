// Splits the compiled-in data/*.tsv tables into rows: '#' comments and blank lines are skipped,
// the header row is dropped, CR before LF is tolerated.
#pragma once

#include <string_view>
#include <vector>

namespace tracesan::aad {

using TsvRow = std::vector<std::string_view>;

// Rows after the header, each split on tabs (fields keep their bytes; empty fields stay).
std::vector<TsvRow> parseTsv(std::string_view table);

}  // namespace tracesan::aad
