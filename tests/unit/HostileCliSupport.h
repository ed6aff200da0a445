// Runs the built tools (sanitize-trace, extract-errors) as a user would, without a shell: every
// argument is passed as is, stdout and stderr are captured separately, and the exit code is kept.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "TestUtil.h"

namespace clitest {

// TRACESAN_TOOLS_DIR points the tests at other builds of the tools (e.g. an installed bin/).
inline std::string toolPath(const std::string& tool) {
  const char* dir = std::getenv("TRACESAN_TOOLS_DIR");
  if (dir && *dir) return (std::filesystem::path(dir) / tool).string();
  return (std::filesystem::path(TRACESAN_BINARY_DIR) / "tools" / tool).string();
}

struct Run {
  int exitCode = -1;  // 128 + signal when killed by one
  std::string out, err;
};

inline std::filesystem::path workDir(const std::string& name) {
  auto dir = testutil::scratchDir() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Starts `tool` with `args`, stdout and stderr redirected to files in `captureDir`; returns the pid.
inline pid_t start(const std::string& tool, const std::vector<std::string>& args, const std::filesystem::path& captureDir,
                   const std::vector<std::string>& env = {}) {
  std::string exe = toolPath(tool);
  std::string outPath = (captureDir / ".stdout").string(), errPath = (captureDir / ".stderr").string();
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) ::_exit(120);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(exe.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

inline Run finish(pid_t pid, const std::filesystem::path& captureDir) {
  Run r;
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) r.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exitCode = 128 + WTERMSIG(status);
  r.out = testutil::readFile((captureDir / ".stdout").string());
  r.err = testutil::readFile((captureDir / ".stderr").string());
  std::filesystem::remove(captureDir / ".stdout");
  std::filesystem::remove(captureDir / ".stderr");
  return r;
}

inline Run run(const std::string& tool, const std::vector<std::string>& args, const std::filesystem::path& captureDir,
               const std::vector<std::string>& env = {}) {
  return finish(start(tool, args, captureDir, env), captureDir);
}

// Names of files in `dir` (not recursive), for "nothing was left behind" checks.
inline std::vector<std::string> filesIn(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

inline bool anyNameContains(const std::filesystem::path& dir, const std::string& part) {
  for (const auto& n : filesIn(dir))
    if (n.find(part) != std::string::npos) return true;
  return false;
}

inline unsigned modeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0xFFFF;
  return st.st_mode & 0777;
}

inline std::size_t lineCount(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace clitest
