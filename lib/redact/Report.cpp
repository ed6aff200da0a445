// The run report: counts and locations of redactions, never values.
#include <nlohmann/json.hpp>

#include <array>

#include "tracesan/Redactor.h"

namespace tracesan {
namespace {

std::vector<std::string_view> splitDots(std::string_view s, std::size_t maxParts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < maxParts) {
    auto dot = s.find('.');
    if (dot == std::string_view::npos) break;
    parts.push_back(s.substr(0, dot));
    s.remove_prefix(dot + 1);
  }
  parts.push_back(s);
  return parts;
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

constexpr std::array<std::string_view, 15> kSubKinds{"query",  "fragment", "userinfo", "form",    "json",
                                                     "html",   "config",   "multipart", "params", "jwt",
                                                     "pattern", "cookie",  "set-cookie", "known", "param"};

}  // namespace

std::string locationKind(std::string_view location) {
  std::string prefix;
  if (location.rfind("webSocketMessages[", 0) == 0) {
    auto close = location.find("].");
    prefix = "websocket";
    location = close == std::string_view::npos ? std::string_view() : location.substr(close + 2);
    if (location.empty()) return prefix;
  } else if (location.rfind("request.", 0) == 0) {
    location.remove_prefix(8);
  } else if (location.rfind("response.", 0) == 0) {
    location.remove_prefix(9);
  }
  auto parts = splitDots(location, 4);
  std::string first(parts[0]);
  if (!prefix.empty()) {
    // websocket.<scanner>
    return prefix + "." + first;
  }
  if (first == "header" && parts.size() >= 2) {
    std::string name = lowerAscii(parts[1]);
    if (name == "cookie") return "header.cookie";
    if (name == "set-cookie") return "header.set-cookie";
    if (parts.size() >= 3) {
      std::string sub = lowerAscii(parts[2]);
      for (auto k : kSubKinds)
        if (sub == k) return "header." + sub;
    }
    return "header";
  }
  if (parts.size() >= 2) {
    std::string sub = lowerAscii(parts[1]);
    for (auto k : kSubKinds)
      if (sub == k) return first + "." + sub;
  }
  return first;
}

void Report::addFile(const std::string& input, const std::string& output, std::string_view format,
                     std::size_t entries) {
  files_.push_back({input, output, std::string(format), entries});
}

void Report::add(const RedactionResult& result, const std::string& file) {
  for (const auto& r : result.records) {
    ++byKind_[r.kind];
    ++byLocationKind_[locationKind(r.location)];
    redactions_.push_back({file, r});
  }
  for (const auto& f : result.failClosed) failClosed_.push_back({file, f});
}

void Report::addLeaks(const std::vector<Leak>& leaks, const std::string& file) {
  RedactionResult r;
  r.records = leaks;
  add(r, file);
}

void Report::merge(Report&& other) {
  for (auto& f : other.files_) files_.push_back(std::move(f));
  for (auto& r : other.redactions_) redactions_.push_back(std::move(r));
  for (auto& f : other.failClosed_) failClosed_.push_back(std::move(f));
  for (const auto& [kind, n] : other.byKind_) byKind_[kind] += n;
  for (const auto& [kind, n] : other.byLocationKind_) byLocationKind_[kind] += n;
  other = Report{};
}

std::string Report::toJson() const {
  using nlohmann::ordered_json;
  ordered_json doc = ordered_json::object();
  doc["tool"] = "tracesan";
  ordered_json files = ordered_json::array();
  for (const auto& f : files_)
    files.push_back({{"input", f.input}, {"output", f.output}, {"format", f.format}, {"entries", f.entries}});
  doc["files"] = std::move(files);
  doc["total"] = redactions_.size();
  doc["byKind"] = byKind_;
  doc["byLocationKind"] = byLocationKind_;
  ordered_json fail = ordered_json::array();
  for (const auto& f : failClosed_)
    fail.push_back({{"file", f.file}, {"entry", f.body.entry}, {"location", f.body.location}, {"reason", f.body.reason}});
  doc["failClosedBodies"] = std::move(fail);
  ordered_json items = ordered_json::array();
  for (const auto& i : redactions_)
    items.push_back({{"file", i.file}, {"entry", i.record.entry}, {"location", i.record.location}, {"kind", i.record.kind}});
  doc["redactions"] = std::move(items);
  // Locations are names from the trace and may hold arbitrary bytes: never fail on invalid UTF-8.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace tracesan
