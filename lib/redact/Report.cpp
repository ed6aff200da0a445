// The run report: counts and locations of redactions, never values.
#include <nlohmann/json.hpp>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

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

// Each redaction's JSON text, written to an unlinked temporary file as it comes.
struct Report::Spool {
  std::FILE* file = nullptr;
  ~Spool() {
    if (file != nullptr) std::fclose(file);
  }
  void append(std::string_view text) {
    if (file == nullptr) file = std::tmpfile();
    if (file == nullptr || std::fwrite(text.data(), 1, text.size(), file) != text.size())
      throw std::runtime_error(std::string("report: cannot write its temporary file: ") + std::strerror(errno));
  }
};

Report::Report() : spool_(std::make_unique<Spool>()) {}
Report::~Report() = default;
Report::Report(Report&&) noexcept = default;
Report& Report::operator=(Report&&) noexcept = default;

namespace {

using nlohmann::ordered_json;

// Locations are names from the trace and may hold arbitrary bytes: never fail on invalid UTF-8.
std::string dumpIndented(const ordered_json& value, int indent) {
  std::string text = value.dump(2, ' ', false, ordered_json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 64);
  out.append(static_cast<std::size_t>(indent), ' ');
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(static_cast<std::size_t>(indent), ' ');
  }
  return out;
}

}  // namespace

void Report::addFile(const std::string& input, const std::string& output, std::string_view format,
                     std::size_t entries) {
  files_.push_back({input, output, std::string(format), entries});
}

void Report::add(const RedactionResult& result, const std::string& file) {
  for (const auto& r : result.records) {
    ++byKind_[r.kind];
    ++byLocationKind_[locationKind(r.location)];
    ordered_json item = {{"file", file}, {"entry", r.entry}, {"location", r.location}, {"kind", r.kind}};
    if (!spool_) spool_ = std::make_unique<Spool>();
    spool_->append((redactions_ == 0 ? "" : ",\n") + dumpIndented(item, 4));
    ++redactions_;
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
  if (other.redactions_ > 0) {
    std::FILE* from = other.spool_->file;
    std::rewind(from);
    if (!spool_) spool_ = std::make_unique<Spool>();
    if (redactions_ > 0) spool_->append(",\n");
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, from)) > 0;) spool_->append({buffer, n});
    redactions_ += other.redactions_;
  }
  for (auto& f : other.failClosed_) failClosed_.push_back(std::move(f));
  for (const auto& [kind, n] : other.byKind_) byKind_[kind] += n;
  for (const auto& [kind, n] : other.byLocationKind_) byLocationKind_[kind] += n;
  other = Report{};
}

Status Report::write(const std::function<Status(std::string_view)>& sink) const {
  // The document nlohmann would print for the whole report, with "redactions" last so that it can
  // be copied from the spool.
  ordered_json doc = ordered_json::object();
  doc["tool"] = "tracesan";
  ordered_json files = ordered_json::array();
  for (const auto& f : files_)
    files.push_back({{"input", f.input}, {"output", f.output}, {"format", f.format}, {"entries", f.entries}});
  doc["files"] = std::move(files);
  doc["total"] = redactions_;
  doc["byKind"] = byKind_;
  doc["byLocationKind"] = byLocationKind_;
  ordered_json fail = ordered_json::array();
  for (const auto& f : failClosed_)
    fail.push_back({{"file", f.file}, {"entry", f.body.entry}, {"location", f.body.location}, {"reason", f.body.reason}});
  doc["failClosedBodies"] = std::move(fail);
  doc["redactions"] = ordered_json::array();
  std::string head = doc.dump(2, ' ', false, ordered_json::error_handler_t::replace);
  if (redactions_ == 0) return sink(head + "\n");
  // head ends with `"redactions": []\n}`: open the array, copy the spool, close it.
  head.resize(head.size() - std::string_view("[]\n}").size());
  if (auto s = sink(head + "[\n"); !s) return s;
  std::FILE* from = spool_->file;
  std::fflush(from);
  std::rewind(from);
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, from)) > 0;)
    if (auto s = sink({buffer, n}); !s) return s;
  std::fseek(from, 0, SEEK_END);
  return sink("\n  ]\n}\n");
}

Status Report::writeJson(OutputFile& out) const {
  return write([&](std::string_view bytes) { return out.write(bytes); });
}

std::string Report::toJson() const {
  std::string json;
  (void)write([&](std::string_view bytes) {
    json.append(bytes);
    return Status::ok();
  });
  return json;
}

}  // namespace tracesan
