// zip-fixture: zips an unpacked SAZ fixture directory the way Fiddler lays out an archive
// (raw/ first, sessions in numeric order with c, m, s, w members, then [Content_Types].xml and
// _index.htm; deflate; Fiddler's archive comment; fixed timestamps so builds are reproducible).
//
//   zip-fixture OUT.saz DIR [--password P] [--comment TEXT]
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Sort key: raw/ members by session number, then c, m, s, w; other files after.
std::tuple<int, unsigned long long, int, std::string> orderOf(const std::string& name) {
  if (name.rfind("raw/", 0) == 0) {
    std::string file = name.substr(4);
    unsigned long long number = std::strtoull(file.c_str(), nullptr, 10);
    std::size_t underscore = file.find('_');
    char part = underscore == std::string::npos || underscore + 1 >= file.size() ? '?' : file[underscore + 1];
    int rank = std::string("cmsw").find(part);
    return {0, number, rank, name};
  }
  return {name == "_index.htm" ? 2 : 1, 0, 0, name};
}

int fail(const std::string& message) {
  std::fprintf(stderr, "zip-fixture: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return fail("usage: zip-fixture OUT.saz DIR [--password P] [--comment TEXT]");
  std::string out = argv[1];
  fs::path dir = argv[2];
  std::string password;
  std::string comment = "Fiddler (v5.0.20204.45441) Session Archive. See https://fiddler2.com";
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--password") password = argv[i + 1];
    else if (flag == "--comment") comment = argv[i + 1];
    else return fail("unknown option " + flag);
  }
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    names.push_back(fs::relative(e.path(), dir).generic_string());
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return orderOf(a) < orderOf(b); });

  std::string temp = out + ".tmp";
  std::remove(temp.c_str());
  int code = 0;
  zip_t* zip = zip_open(temp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!zip) return fail("cannot create " + temp);
  const std::time_t kStamp = 1772442900;  // 2026-03-02 09:15:00 UTC
  zip_int64_t dirIndex = zip_dir_add(zip, "raw", ZIP_FL_ENC_UTF_8);
  if (dirIndex < 0) return fail("cannot add raw/");
  zip_file_set_mtime(zip, static_cast<zip_uint64_t>(dirIndex), kStamp, 0);
  std::vector<std::string> contents;
  contents.reserve(names.size());
  for (const auto& name : names) {
    if (name.find('/') != std::string::npos && name.rfind("raw/", 0) != 0) continue;
    if (name.find("make_fixtures") != std::string::npos) continue;
    std::ifstream in(dir / name, std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    contents.push_back(data.str());
    const std::string& bytes = contents.back();
    zip_source_t* src = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    if (!src) return fail("cannot read " + name);
    zip_int64_t index = zip_file_add(zip, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(src);
      return fail("cannot add " + name + ": " + zip_strerror(zip));
    }
    auto i = static_cast<zip_uint64_t>(index);
    zip_set_file_compression(zip, i, ZIP_CM_DEFLATE, 9);
    zip_file_set_mtime(zip, i, kStamp, 0);
    if (!password.empty() && zip_file_set_encryption(zip, i, ZIP_EM_AES_256, password.c_str()) != 0)
      return fail("cannot encrypt " + name);
  }
  zip_set_archive_comment(zip, comment.data(), static_cast<zip_uint16_t>(comment.size()));
  if (zip_close(zip) != 0) {
    std::string why = zip_strerror(zip);
    zip_discard(zip);
    return fail("cannot write " + out + ": " + why);
  }
  if (std::rename(temp.c_str(), out.c_str()) != 0) return fail("cannot move " + temp + " to " + out);
  return 0;
}
