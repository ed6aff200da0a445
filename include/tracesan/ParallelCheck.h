// Checks the entries of one trace on several threads, with the leaks delivered in entry order on
// the caller's thread, exactly as a serial loop of Redactor::checkEntryInPlace would give them.
// (Each check is independent: --check keeps no memory across entries.) Entries are moved in and
// checked in batches; at most a few batches per thread are in flight, so memory stays bounded.
//
//   tracesan::ParallelCheck check(redactor, 4, [&](std::vector<tracesan::Leak> leaks) { print(leaks); });
//   while (Entry* e = reader->next().value()) check.add(std::move(*e));
//   check.finish();   // the last leaks; also call it before printing anything found outside entries
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "tracesan/Redactor.h"

namespace tracesan {

class ParallelCheck {
public:
  using Sink = std::function<void(std::vector<Leak>)>;
  // `workers` 0 checks on the caller's thread, inside add().
  ParallelCheck(const Redactor& redactor, std::size_t workers, Sink sink);
  ~ParallelCheck();  // waits for the workers; leaks not yet delivered are dropped
  ParallelCheck(const ParallelCheck&) = delete;
  ParallelCheck& operator=(const ParallelCheck&) = delete;

  // Takes the entry (its source views are not used). May deliver the leaks of earlier entries,
  // and waits while too much is in flight.
  void add(Entry&& entry);
  // Delivers the leaks of every entry added so far.
  void finish();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracesan
