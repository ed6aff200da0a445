// OutputFile: what is written arrives whole and in order (full buffers go through a second
// thread), nothing is visible before commit, nothing is left after a discard, and a failed write
// is an error, never a silent short file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "TestUtil.h"
#include "tracesan/Io.h"

namespace fs = std::filesystem;
using namespace tracesan;

TEST_CASE("writes of every size arrive whole and in order, and only at commit") {
  auto dir = testutil::scratchDir() / "outputfile-order";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "out.bin").string();
  auto out = OutputFile::create(path);
  REQUIRE(out);
  std::mt19937 rng(5);
  std::string expected;
  for (int i = 0; i < 200; ++i) {
    // Mostly small pieces, some past the 1 MB buffer, each with its own bytes.
    std::size_t size = i % 37 == 0 ? (rng() % (3u << 20)) : rng() % 5000;
    std::string piece(size, static_cast<char>('a' + i % 26));
    if (!piece.empty()) piece[0] = static_cast<char>(i);
    expected += piece;
    REQUIRE(out.value()->write(piece));
  }
  CHECK_FALSE(fs::exists(path));
  REQUIRE(out.value()->commit());
  CHECK(out.value()->bytesWritten() == expected.size());
  CHECK(testutil::readFile(path) == expected);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temporary left
}

TEST_CASE("an output dropped while its writer thread is busy leaves nothing") {
  auto dir = testutil::scratchDir() / "outputfile-drop";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto out = OutputFile::create((dir / "out.bin").string());
    REQUIRE(out);
    for (int i = 0; i < 8; ++i) REQUIRE(out.value()->write(std::string(1u << 20, 'x')));
  }
  CHECK(fs::is_empty(dir));
}

TEST_CASE("a write that fails (a full device) is an error with the output named, not a short file") {
  if (!fs::exists("/dev/full")) return;
  std::string tool = (fs::path(TRACESAN_BINARY_DIR) / "tools" / "sanitize-trace").string();
  std::string input = testutil::sampleHars().front();
  std::string out = (testutil::scratchDir() / "outputfile-full.out").string();
  std::string err = (testutil::scratchDir() / "outputfile-full.err").string();
  std::string command = "'" + tool + "' '" + input + "' -o - >/dev/full 2>'" + err + "'";
  int rc = std::system(command.c_str());
  REQUIRE(WIFEXITED(rc));
  CHECK(WEXITSTATUS(rc) == 2);
  std::string message = testutil::readFile(err);
  INFO(message);
  CHECK(message.find("<stdout>") != std::string::npos);
  CHECK(message.find("write failed") != std::string::npos);
}
