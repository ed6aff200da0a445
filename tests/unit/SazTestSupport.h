// Helpers for the SAZ tests: fixture paths, building small zip archives with libzip, and reading
// every member of an archive (decompressed and as stored).
#pragma once

#include <zip.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "tracesan/Trace.h"

namespace saztest {

inline std::string fixture(const std::string& name) {
  return (std::filesystem::path(TRACESAN_BINARY_DIR) / "samples" / "saz" / (name + ".saz")).string();
}

inline std::string scratch(const std::string& name) {
  auto path = testutil::scratchDir() / name;
  std::filesystem::remove(path);
  return path.string();
}

struct MemberSpec {
  std::string name;
  std::string bytes;
  zip_int32_t method = ZIP_CM_DEFLATE;
};

// Writes a zip with the given members (in order); returns "" or an error.
inline std::string makeZip(const std::string& path, const std::vector<MemberSpec>& members,
                           const std::string& password = "", std::uint16_t encryption = ZIP_EM_AES_256) {
  std::filesystem::remove(path);
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!zip) return "cannot create zip";
  for (const auto& m : members) {
    zip_source_t* src = zip_source_buffer(zip, m.bytes.data(), m.bytes.size(), 0);
    zip_int64_t index = zip_file_add(zip, m.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(src);
      zip_discard(zip);
      return "cannot add " + m.name;
    }
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), m.method, 0);
    if (!password.empty()) zip_file_set_encryption(zip, static_cast<zip_uint64_t>(index), encryption, password.c_str());
  }
  if (zip_close(zip) != 0) {
    zip_discard(zip);
    return "cannot write zip";
  }
  return "";
}

struct StoredMember {
  std::string bytes;       // decompressed
  std::string compressed;  // as stored in the archive
  zip_int32_t method = 0;
  std::uint16_t encryption = 0;
};

// name -> member; throws nothing, returns an empty map when the archive cannot be opened.
inline std::map<std::string, StoredMember> readZip(const std::string& path, const std::string& password = "") {
  std::map<std::string, StoredMember> out;
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!zip) return out;
  if (!password.empty()) zip_set_default_password(zip, password.c_str());
  zip_int64_t n = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    zip_stat_index(zip, index, 0, &st);
    StoredMember m;
    m.method = st.comp_method;
    m.encryption = st.encryption_method;
    for (int pass = 0; pass < 2; ++pass) {
      zip_file_t* f = zip_fopen_index(zip, index, pass == 0 ? 0 : ZIP_FL_COMPRESSED);
      if (!f) continue;
      std::string& target = pass == 0 ? m.bytes : m.compressed;
      char buf[8192];
      zip_int64_t r;
      while ((r = zip_fread(f, buf, sizeof buf)) > 0) target.append(buf, static_cast<std::size_t>(r));
      zip_fclose(f);
    }
    out[st.name] = std::move(m);
  }
  std::string comment;
  int length = 0;
  if (const char* c = zip_get_archive_comment(zip, &length, ZIP_FL_ENC_RAW)) comment.assign(c, static_cast<std::size_t>(length));
  out["<comment>"].bytes = comment;
  zip_discard(zip);
  return out;
}

// Reads every entry of a trace, keeping copies (source views dropped).
inline std::string readEntries(const std::string& path, std::vector<tracesan::Entry>& entries,
                               tracesan::ReadOptions options = {}) {
  entries.clear();
  std::size_t count = 0;
  return testutil::readAll(
      path, count,
      [&](tracesan::Entry& e) {
        entries.push_back(e);
        entries.back().source = {};
      },
      options);
}

}  // namespace saztest
