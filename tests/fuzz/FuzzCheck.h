// Shared by the libFuzzer targets: an invariant that must hold for every input. A failure
// aborts, which libFuzzer reports as a crash and saves the input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "fuzz check failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace tracesan::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Output limit for decoders under fuzzing: large enough to exercise growth, small enough to stay
// far below libFuzzer's memory limit.
constexpr std::size_t kMaxOut = 4u << 20;

}  // namespace tracesan::fuzz
