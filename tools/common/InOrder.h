// Runs jobs 0..n-1 on up to `threads` threads and hands each result back on the calling thread in
// job order, as soon as it and every job before it are done: a batch of files gives the same
// output (messages, report, exit code) for any thread count.
//
//   runInOrder(files.size(), 4, [&](std::size_t i) { results[i] = process(files[i]); },
//              [&](std::size_t i) { print(results[i]); });
#pragma once

#include <cstddef>
#include <functional>

namespace tracesan::cli {

void runInOrder(std::size_t n, std::size_t threads, const std::function<void(std::size_t)>& job,
                const std::function<void(std::size_t)>& deliver);

}  // namespace tracesan::cli
