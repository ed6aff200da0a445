// The library jobs of Pipeline.h over the piece stream: whatever the number of workers, each job
// gives the same calls, in the same order, with the same results, as on the caller's thread alone;
// and a patching writer given the pieces writes the input back unchanged.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "tracesan/Har.h"
#include "tracesan/NetLog.h"
#include "tracesan/Pipeline.h"
#include "tracesan/Rules.h"

using namespace tracesan;
using testutil::text;

namespace {

// Entry n: a token in the URL for some, a cookie for others, an AADSTS error now and then,
// nothing for the rest.
Entry entryNumber(std::size_t n) {
  Entry e;
  e.index = n - 1;
  e.number = n;
  e.request.method = text("GET");
  std::string url = "https://login.microsoftonline.com/common/oauth2/authorize/" + std::to_string(n);
  if (n % 3 == 0) url += "?access_token=tok" + std::to_string(n) + "abcdefghijklmnopq";
  if (n % 11 == 0) url = "https://app.example/cb?error=interaction_required&error_description=AADSTS50125%3a+x";
  e.request.url = text(url);
  if (n % 7 == 0) e.request.cookies.push_back(testutil::field("ESTSAUTH", "cookie" + std::to_string(n) + "zyxwvutsrq"));
  if (n % 50 == 0) {  // now and then a big body, so batches close on size too
    e.request.body.present = true;
    e.request.body.mimeType = text("application/x-www-form-urlencoded");
    e.request.body.text = text("password=Pw" + std::to_string(n) + "&pad=" + std::string(3u << 20, 'p'));
  }
  e.response.present = true;
  e.response.status.value = 200;
  e.response.status.present = true;
  return e;
}

// A trace in memory: outside text before, between some and after the entries.
class MemoryReader final : public TraceReader {
public:
  explicit MemoryReader(std::size_t count) : count_(count) {}
  TraceFormat format() const override { return TraceFormat::Har; }
  const std::string& name() const override { return name_; }
  Expected<Piece> read() override {
    ++step_;
    if (step_ % 2 == 1) {  // outside text first, then an entry
      outside_ = "{\"comment\":\"piece " + std::to_string(step_) + " access_token=outside" + std::to_string(step_) +
                 "ABCDEFGHIJKLMNOP\"}";
      return Piece{Piece::Kind::Outside, outside_, step_, nullptr};
    }
    if (n_ >= count_) return Piece{};
    entry_ = entryNumber(++n_);
    return Piece{Piece::Kind::Entry, {}, 0, &entry_};
  }

private:
  std::size_t count_, n_ = 0, step_ = 0;
  std::string name_ = "memory.har", outside_;
  Entry entry_;
};

// Records what it is given, as text.
class RecordingWriter final : public TraceWriter {
public:
  Status write(const Piece& piece) override {
    if (piece.kind == Piece::Kind::Entry) {
      log.push_back("entry " + std::to_string(piece.entry->number) + " " + piece.entry->request.url.value + " " +
                    (piece.entry->request.cookies.empty() ? "" : piece.entry->request.cookies[0].value.value));
    } else {
      log.push_back("outside " + std::to_string(piece.offset) + " " + std::string(piece.bytes));
    }
    return Status::ok();
  }
  Status finish() override {
    log.push_back("finished");
    return Status::ok();
  }
  std::vector<std::string> log;
};

constexpr std::size_t kCount = 300;

}  // namespace

TEST_CASE("sanitize gives the same pieces, results and session for any number of workers") {
  Redactor redactor = testutil::keyedRedactor("0123456789abcdef");
  std::vector<std::string> expected;
  for (std::size_t workers : {0, 1, 3}) {
    INFO("workers " << workers);
    MemoryReader reader(kCount);
    RecordingWriter writer;
    RedactionSession session;
    std::vector<std::string> results;
    std::size_t seen = 0;
    SanitizeOptions options;
    options.workers = workers;
    options.onEntry = [&](const Entry& e) { CHECK(e.number == ++seen); };
    options.onResult = [&](const RedactionResult& r) {
      std::string line;
      for (const auto& rec : r.records) line += std::to_string(rec.entry) + ":" + rec.location + " ";
      results.push_back(line);
    };
    auto stats = sanitize(reader, writer, redactor, session, options);
    REQUIRE(stats);
    CHECK(stats->entries == kCount);
    CHECK(seen == kCount);
    std::vector<std::string> all = writer.log;
    all.insert(all.end(), results.begin(), results.end());
    all.push_back("known " + std::to_string(session.size()));
    REQUIRE(writer.log.back() == "finished");
    for (const auto& line : writer.log) CHECK(line.find("abcdefghijklmnopq") == std::string::npos);
    if (expected.empty()) expected = all;
    else CHECK(all == expected);
  }
  REQUIRE(expected.size() > 2 * kCount);
}

TEST_CASE("check gives the same leaks in trace order for any number of workers") {
  Redactor redactor = testutil::keyedRedactor("0123456789abcdef");
  std::vector<std::string> expected;
  for (std::size_t workers : {0, 1, 3}) {
    INFO("workers " << workers);
    MemoryReader reader(kCount);
    std::vector<std::string> lines;
    CheckOptions options;
    options.workers = workers;
    options.onLeaks = [&](const std::vector<Leak>& leaks) {
      for (const auto& l : leaks) lines.push_back(std::to_string(l.entry) + " " + l.location + " " + l.kind);
    };
    auto stats = check(reader, redactor, options);
    REQUIRE(stats);
    CHECK(stats->entries == kCount);
    CHECK(stats->leaks == lines.size());
    if (expected.empty()) expected = lines;
    else CHECK(lines == expected);
  }
  // Every entry with a token or a cookie, and every outside text (it holds an access_token).
  CHECK(expected.size() > kCount);
  CHECK(expected.front().rfind("0 log", 0) == 0);
}

TEST_CASE("findErrors gives the same findings with their context for any number of workers") {
  std::string expected;
  for (std::size_t workers : {0, 1, 3}) {
    INFO("workers " << workers);
    MemoryReader reader(kCount);
    JobOptions jobs;
    jobs.workers = workers;
    auto found = findErrors(reader, FindOptions{}, jobs);
    REQUIRE(found);
    CHECK(found->size() == kCount / 11);
    std::string text = formatFindings(*found, FindingFormat::Json);
    if (expected.empty()) expected = text;
    else CHECK(text == expected);
  }
  CHECK(expected.find("\"before\"") != std::string::npos);
}

TEST_CASE("convert hands every piece to the writer in order and finishes it") {
  MemoryReader reader(5);
  RecordingWriter writer;
  auto entries = convert(reader, writer);
  REQUIRE(entries);
  CHECK(*entries == 5);
  REQUIRE(writer.log.size() == 5 + 6 + 1);
  CHECK(writer.log[0].rfind("outside 1 ", 0) == 0);
  CHECK(writer.log[1].rfind("entry 1 ", 0) == 0);
  CHECK(writer.log.back() == "finished");
}

TEST_CASE("a patching writer given every piece unchanged writes each sample byte for byte") {
  std::vector<std::string> inputs = testutil::sampleHars();
  for (const char* netlog : {"netlog/signin-default.json", "netlog/signin-everything.json"})
    inputs.push_back((std::filesystem::path(TRACESAN_SAMPLES_DIR) / netlog).string());
  for (const std::string& input : inputs) {
    INFO(input);
    for (std::size_t workers : {0, 2}) {
      auto reader = openTrace(input);
      REQUIRE(reader);
      std::string out = (testutil::scratchDir() / "pipeline-copy.out").string();
      auto writer = createWriter(*reader.value(), out, TraceFormat::Unknown);
      REQUIRE(writer);
      JobOptions jobs;
      jobs.workers = workers;
      REQUIRE(convert(*reader.value(), *writer.value(), jobs));
      CHECK(testutil::readFile(out) == testutil::readFile(input));
    }
  }
}

TEST_CASE("a patching writer refuses entries of another format, and the error names the trace and the entry") {
  for (TraceFormat format : {TraceFormat::Har, TraceFormat::NetLog}) {
    MemoryReader reader(3);
    std::string out = (testutil::scratchDir() / "pipeline-foreign.out").string();
    auto file = OutputFile::create(out);
    REQUIRE(file);
    // The registry pairs a patching writer with a reader of its own format; a caller who does not
    // gets an error, never a trace with the entry silently missing.
    std::unique_ptr<TraceWriter> writer;
    if (format == TraceFormat::Har) writer = createHarPatchWriter(std::move(file.value()));
    else writer = createNetLogPatchWriter(std::move(file.value()));
    auto copied = convert(reader, *writer);
    REQUIRE_FALSE(copied);
    CHECK(copied.error().message().rfind("memory.har: entry 1: not read from a", 0) == 0);
    writer.reset();
    CHECK_FALSE(std::filesystem::exists(out));
  }
}
