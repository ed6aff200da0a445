// The format registry: sniffs a trace's format from its first bytes and opens the reader and
// writer of each format (lib/har, lib/saz, lib/netlog, lib/convert). It sits above the formats, so none of
// them knows the others; a new format adds its reader and writers here.
#include <array>
#include <cstring>

#include "convert/ConvertFormat.h"
#include "tracesan/Har.h"
#include "tracesan/NetLog.h"
#include "saz/SazFormat.h"
#include "support/PrefixSource.h"
#include "tracesan/Trace.h"

namespace tracesan {

TraceFormat sniffFormat(std::string_view head) {
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return TraceFormat::Saz;
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("PK\x05\x06", 4)) return TraceFormat::Saz;  // empty zip
  std::size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
  if (i >= head.size() || head[i] != '{') return TraceFormat::Unknown;
  // The first member name decides (a bounded look-ahead: the head the caller read).
  ++i;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
  std::string_view rest = head.substr(i);
  if (rest.substr(0, 11) == "\"constants\"" || rest.substr(0, 8) == "\"events\"") return TraceFormat::NetLog;
  return TraceFormat::Har;
}

Expected<std::unique_ptr<TraceReader>> openTrace(const std::string& path, const ReadOptions& options) {
  auto source = openFileSource(path);
  if (!source) return source.error();
  std::string head;
  std::array<char, 512> buf{};
  while (head.size() < 64) {
    auto n = source.value()->read(buf.data(), buf.size());
    if (!n) return n.error();
    if (*n == 0) break;
    head.append(buf.data(), *n);
  }
  const std::string& name = source.value()->name();
  if (head.empty()) return invalidInput(name + ": empty file, not a HAR or SAZ trace");
  switch (sniffFormat(head)) {
    case TraceFormat::Har:
      return openHarReader(std::make_unique<PrefixSource>(std::move(head), std::move(source.value())), options);
    case TraceFormat::NetLog:
      return openNetLogReader(std::make_unique<PrefixSource>(std::move(head), std::move(source.value())), options);
    case TraceFormat::Saz: {
      if (path == "-" || source.value()->size() == 0) {
        auto spooled = spoolToTemporaryFile(std::move(head), *source.value());
        if (!spooled) return spooled.error();
        return openSazReader(spooled.value()->path(), name, options, spooled.value());
      }
      return openSazReader(path, name, options, nullptr);
    }
    case TraceFormat::Unknown: break;
  }
  return invalidInput(name + ": byte offset 0: not a HAR (JSON) or SAZ (zip) trace");
}

Expected<std::unique_ptr<TraceWriter>> createWriter(const TraceReader& reader, const std::string& path,
                                                    TraceFormat format, const WriteOptions& options) {
  if (format == TraceFormat::Unknown) format = reader.format();
  const bool same = format == reader.format();  // the writer patches the original bytes
  switch (format) {
    case TraceFormat::Har: {
      auto out = OutputFile::create(path, reader.name());
      if (!out) return out.error();
      return same ? createHarPatchWriter(std::move(out.value())) : createHarConvertWriter(std::move(out.value()));
    }
    case TraceFormat::Saz:
      return same ? createSazPatchWriter(reader.name(), path, options) : createSazConvertWriter(reader.name(), path, options);
    case TraceFormat::NetLog: {
      if (!same) return invalidInput(reader.name() + ": only a NetLog can be written as a NetLog (use .har or .saz)");
      auto out = OutputFile::create(path, reader.name());
      if (!out) return out.error();
      return createNetLogPatchWriter(std::move(out.value()));
    }
    case TraceFormat::Unknown: break;
  }
  return internalError(reader.name() + ": no writer for this format");
}

}  // namespace tracesan
