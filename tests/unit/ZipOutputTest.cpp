// The streaming zip writer behind SAZ output: what it writes must read back with libzip (and with
// Info-ZIP's unzip when it is installed) member for member: generated members deflated or stored,
// copied members as their source's compressed bytes, dates, names, the comment, ZIP64 records.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "SazTestSupport.h"
#include "saz/SazArchive.h"
#include "saz/ZipTarget.h"

using namespace tracesan;
using namespace tracesan::saz;

namespace {

std::unique_ptr<ZipOutput> streaming(const std::string& path, bool forceZip64 = false) {
  auto target = ZipTarget::create(path, "");
  REQUIRE(target);
  return makeStreamingZip(std::move(target.value()), forceZip64);
}

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string randomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Info-ZIP's own test of every member's CRC, when the tool is there (an independent reader).
void checkWithUnzip(const std::string& path) {
  if (!std::filesystem::exists("/usr/bin/unzip")) return;
  std::string command = "/usr/bin/unzip -tq '" + path + "' >/dev/null 2>&1";
  CHECK(std::system(command.c_str()) == 0);
}

std::time_t localTime(int year, int month, int day, int hour, int minute, int second) {
  struct tm tm {};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

// A source archive with a deflated, a stored and a bzip2 member, and a directory.
std::string makeSource() {
  std::string path = saztest::scratch("zipout-source.zip");
  std::string text(5000, 'a');
  REQUIRE(saztest::makeZip(path, {{"dir/", ""},
                                  {"deflated.txt", text + "deflated"},
                                  {"stored.bin", randomBytes(300, 7), ZIP_CM_STORE},
                                  {"bzip2.txt", text + "bzip2", ZIP_CM_BZIP2}}) == "");
  return path;
}

void writeAndCheck(bool forceZip64) {
  std::string source = makeSource();
  auto archive = SazArchive::open(source, "source.zip", ReadOptions{});
  REQUIRE(archive);
  std::string path = saztest::scratch(forceZip64 ? "zipout-64.zip" : "zipout.zip");
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a compressible member\n";
  std::string noise = randomBytes(70000, 1);  // larger than a flush, incompressible
  std::time_t when = localTime(2024, 5, 17, 13, 45, 30);
  {
    auto out = streaming(path, forceZip64);
    REQUIRE(out->addDirectory("raw/"));
    REQUIRE(out->add("raw/1_c.txt", text, when));
    REQUIRE(out->add("raw/2_c.txt", noise, when));
    REQUIRE(out->add("raw/empty.txt", "", when));
    REQUIRE(out->add("raw/caf\xc3\xa9.txt", "utf-8 name", when));
    for (std::uint64_t i = 0; i < archive.value()->members().size(); ++i) REQUIRE(out->copy(*archive.value(), i));
    REQUIRE(out->setComment("archive comment"));
    REQUIRE(out->commit());
  }
  auto members = saztest::readZip(path);
  auto sourceMembers = saztest::readZip(source);
  REQUIRE(members.size() == 10);  // 9 members and the comment
  CHECK(members["<comment>"].bytes == "archive comment");
  CHECK(members["raw/1_c.txt"].bytes == text);
  CHECK(members["raw/1_c.txt"].method == ZIP_CM_DEFLATE);
  CHECK(members["raw/1_c.txt"].compressed.size() < text.size() / 4);
  CHECK(members["raw/2_c.txt"].bytes == noise);
  CHECK(members["raw/2_c.txt"].method == ZIP_CM_STORE);
  CHECK(members["raw/empty.txt"].bytes.empty());
  CHECK(members["raw/caf\xc3\xa9.txt"].bytes == "utf-8 name");
  CHECK(members.count("raw/") == 1);
  for (const char* name : {"dir/", "deflated.txt", "stored.bin", "bzip2.txt"}) {
    INFO(name);
    REQUIRE(members.count(name) == 1);
    CHECK(members[name].bytes == sourceMembers[name].bytes);
    CHECK(members[name].compressed == sourceMembers[name].compressed);
    CHECK(members[name].method == sourceMembers[name].method);
  }
  CHECK(members["bzip2.txt"].method == ZIP_CM_BZIP2);

  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  REQUIRE(zip);
  zip_stat_t st;
  REQUIRE(zip_stat(zip, "raw/1_c.txt", 0, &st) == 0);
  CHECK(st.mtime == when);
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  zip_int64_t dir = zip_name_locate(zip, "raw/", 0);
  REQUIRE(dir >= 0);
  REQUIRE(zip_file_get_external_attributes(zip, static_cast<zip_uint64_t>(dir), 0, &opsys, &attributes) == 0);
  CHECK(opsys == ZIP_OPSYS_UNIX);
  CHECK((attributes >> 16 & 0170000) == 0040000);
  zip_discard(zip);

  std::string bytes = fileBytes(path);
  CHECK((bytes.find(std::string("PK\x06\x06", 4)) != std::string::npos) == forceZip64);
  checkWithUnzip(path);
}

}  // namespace

TEST_CASE("the streaming writer's archive reads back member for member") { writeAndCheck(false); }

TEST_CASE("zip64 records, as written past 4 GB, read back the same") { writeAndCheck(true); }

TEST_CASE("more than 65535 members get a zip64 end record and all read back") {
  std::string path = saztest::scratch("zipout-many.zip");
  constexpr int kCount = 70000;
  {
    auto out = streaming(path);
    for (int i = 0; i < kCount; ++i) REQUIRE(out->add("m" + std::to_string(i), std::to_string(i * 7), 0));
    REQUIRE(out->commit());
  }
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  REQUIRE(zip);
  CHECK(zip_get_num_entries(zip, 0) == kCount);
  for (int i : {0, 65534, 65535, 65536, kCount - 1}) {
    zip_file_t* f = zip_fopen(zip, ("m" + std::to_string(i)).c_str(), 0);
    REQUIRE(f);
    char buf[32];
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    zip_fclose(f);
    CHECK(std::string(buf, static_cast<std::size_t>(n)) == std::to_string(i * 7));
  }
  zip_discard(zip);
  CHECK(fileBytes(path).find(std::string("PK\x06\x06", 4)) != std::string::npos);
  checkWithUnzip(path);
}

TEST_CASE("a streaming archive dropped before commit leaves nothing behind") {
  auto dir = testutil::scratchDir() / "zipout-drop";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.zip").string();
  {
    auto out = streaming(path);
    REQUIRE(out->add("a.txt", std::string(3u << 20, 'x'), 0));  // large enough to reach the file
  }
  CHECK(std::filesystem::is_empty(dir));
}
