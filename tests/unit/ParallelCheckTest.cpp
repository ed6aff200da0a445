// ParallelCheck, the library side of `--check -j`: whatever the number of worker threads, the
// leaks come back in entry order, one call per entry with leaks, equal to checkEntryInPlace's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "TestUtil.h"
#include "tracesan/ParallelCheck.h"
#include "tracesan/Rules.h"

using namespace tracesan;
using testutil::text;

namespace {

// Entry n: a token in the URL for some, a cookie for others, nothing for the rest.
Entry entryNumber(std::size_t n) {
  Entry e;
  e.index = n - 1;
  e.number = n;
  e.request.method = text("GET");
  std::string url = "https://app.example/" + std::to_string(n);
  if (n % 3 == 0) url += "?access_token=tok" + std::to_string(n) + "abcdefghijklmnopq";
  e.request.url = text(url);
  if (n % 7 == 0) e.request.cookies.push_back(testutil::field("ESTSAUTH", "cookie" + std::to_string(n) + "zyxwvutsrq"));
  if (n % 50 == 0) {  // now and then a big body, so batches close on size too
    e.request.body.present = true;
    e.request.body.mimeType = text("application/x-www-form-urlencoded");
    e.request.body.text = text("password=Pw" + std::to_string(n) + "&pad=" + std::string(3u << 20, 'p'));
  }
  return e;
}

Redactor makeRedactor() { return testutil::keyedRedactor("0123456789abcdef"); }

std::vector<std::string> run(const Redactor& redactor, std::size_t workers, std::size_t count) {
  std::vector<std::string> lines;
  std::size_t calls = 0;
  {
    ParallelCheck check(redactor, workers, [&](std::vector<Leak> leaks) {
      ++calls;
      for (const auto& l : leaks) lines.push_back(std::to_string(l.entry) + " " + l.location + " " + l.kind);
    });
    for (std::size_t n = 1; n <= count; ++n) check.add(entryNumber(n));
    check.finish();
  }
  lines.push_back("calls " + std::to_string(calls));
  return lines;
}

}  // namespace

TEST_CASE("leaks come back in entry order, the same for any number of workers") {
  Redactor redactor = makeRedactor();
  constexpr std::size_t kCount = 400;
  std::vector<std::string> expected;
  std::size_t withLeaks = 0;
  for (std::size_t n = 1; n <= kCount; ++n) {
    Entry e = entryNumber(n);
    auto leaks = redactor.checkEntryInPlace(e);
    withLeaks += leaks.empty() ? 0 : 1;
    for (const auto& l : leaks) expected.push_back(std::to_string(l.entry) + " " + l.location + " " + l.kind);
  }
  expected.push_back("calls " + std::to_string(withLeaks));
  REQUIRE(withLeaks > 100);
  for (std::size_t workers : {0, 1, 3}) {
    INFO("workers " << workers);
    CHECK(run(redactor, workers, kCount) == expected);
  }
}

TEST_CASE("finish() delivers everything added before it, and checking can go on after it") {
  Redactor redactor = makeRedactor();
  std::vector<std::size_t> seen;
  ParallelCheck check(redactor, 2, [&](std::vector<Leak> leaks) { seen.push_back(leaks.front().entry); });
  for (std::size_t n = 1; n <= 9; ++n) check.add(entryNumber(n));
  check.finish();
  CHECK(seen == std::vector<std::size_t>{3, 6, 7, 9});
  for (std::size_t n = 10; n <= 15; ++n) check.add(entryNumber(n));
  check.finish();
  CHECK(seen == std::vector<std::size_t>{3, 6, 7, 9, 12, 14, 15});
}
