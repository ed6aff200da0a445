// The one engine under every job of Pipeline.h: pieces of a reader go through `work` (entries
// only; on worker threads, any order) and then `inOrder` (every piece, in trace order, on the
// caller's thread), and, when given, `write` (every piece, in order, on one writing thread).
// With no workers each piece goes through all three at once, in place, without a copy; with
// workers the pieces are copied (the reader moves on) and batched, a few batches per worker in
// flight, so memory stays bounded. Both give the same calls in the same order for the same
// pieces, which is why every job's output is the same for any worker count.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/OrderedWork.h"
#include "tracesan/Trace.h"

namespace tracesan::pipeline {

// A piece the reader has moved past: its bytes and entry owned, the entry's source too when the
// writer needs it.
class HeldPiece {
public:
  HeldPiece(const Piece& piece, bool keepSource);
  HeldPiece(HeldPiece&&) noexcept;
  HeldPiece& operator=(HeldPiece&&) = delete;
  HeldPiece(const HeldPiece&) = delete;
  HeldPiece& operator=(const HeldPiece&) = delete;
  ~HeldPiece();

  Piece& piece() { return piece_; }
  std::size_t size() const;  // about how much memory it holds

private:
  void repoint();

  Piece piece_;
  std::string bytes_;
  std::unique_ptr<Entry> entry_;
  std::unique_ptr<std::string[]> source_;  // json, request, response, metadata, webSocket
  std::unique_ptr<SourceDetail> detail_;
};

template <class Out>
class PieceRunner {
public:
  using Step = std::function<Status(Piece&, Out&)>;
  using Work = std::function<void(Piece&, Out&)>;

  PieceRunner(std::size_t workers, bool keepSource, Work work, Step inOrder, Step write = {})
      : keepSource_(keepSource), work_(std::move(work)), inOrder_(std::move(inOrder)), write_(std::move(write)) {
    if (workers == 0) return;
    working_ = std::make_unique<OrderedWork<Batch>>(workers, [this](Batch& b) { doWork(b); });
    if (write_) writing_ = std::make_unique<OrderedWork<Batch>>(1, [this](Batch& b) { doWrite(b); });
  }
  // The writing thread stops first (finishing what it writes), then the workers.
  ~PieceRunner() {
    writing_.reset();
    working_.reset();
  }

  // Takes the piece just read; may finish earlier pieces.
  Status add(Piece& piece) {
    if (!working_) {
      Out out{};
      if (piece.kind == Piece::Kind::Entry) work_(piece, out);
      if (auto s = inOrder_(piece, out); !s) return s;
      return write_ ? write_(piece, out) : Status::ok();
    }
    Item item{HeldPiece(piece, keepSource_), Out{}};
    currentBytes_ += item.held.size();
    if (piece.kind == Piece::Kind::Entry) ++currentEntries_;
    current_->items.push_back(std::move(item));
    if (currentEntries_ >= kBatchEntries || currentBytes_ >= kBatchBytes) submit();
    return drain(kBatchesPerWorker * working_->workers());
  }

  // Finishes every piece added.
  Status finish() {
    if (!working_) return Status::ok();
    submit();
    if (auto s = drain(0); !s) return s;
    return collect(0);
  }

private:
  static constexpr std::size_t kBatchEntries = 16;
  static constexpr std::size_t kBatchBytes = 4u << 20;
  static constexpr std::size_t kBatchesPerWorker = 3;
  static constexpr std::size_t kWritingBatches = 4;  // batches waiting for the writing thread

  struct Item {
    HeldPiece held;
    Out out;
  };
  struct Batch {
    std::vector<Item> items;
    Status written = Status::ok();
  };

  void doWork(Batch& batch) const {
    for (Item& item : batch.items)
      if (item.held.piece().kind == Piece::Kind::Entry) work_(item.held.piece(), item.out);
  }

  void doWrite(Batch& batch) const {
    for (Item& item : batch.items)
      if (auto s = write_(item.held.piece(), item.out); !s) {
        batch.written = s;
        return;
      }
    std::vector<Item>().swap(batch.items);  // freed here
  }

  void submit() {
    if (current_->items.empty()) return;
    working_->submit(std::move(current_));
    current_ = std::make_shared<Batch>();
    currentBytes_ = 0;
    currentEntries_ = 0;
  }

  // Takes back written batches; waits while more than `keep` are out. The first failure wins.
  Status collect(std::size_t keep) {
    if (!writing_) return Status::ok();
    while (auto batch = writing_->next(keep))
      if (!batch->written) return batch->written;
    return Status::ok();
  }

  // Finishes worked batches from the front, in order, and hands them to the writing thread (or
  // frees them); waits while more than `keep` are out.
  Status drain(std::size_t keep) {
    while (auto batch = working_->next(keep)) {
      for (Item& item : batch->items)
        if (auto s = inOrder_(item.held.piece(), item.out); !s) return s;
      if (!writing_) continue;  // with workers, a write step always has its writing thread
      writing_->submit(std::move(batch));
      if (auto s = collect(kWritingBatches); !s) return s;
    }
    return Status::ok();
  }

  bool keepSource_;
  Work work_;
  Step inOrder_;
  Step write_;
  std::shared_ptr<Batch> current_ = std::make_shared<Batch>();
  std::size_t currentBytes_ = 0;
  std::size_t currentEntries_ = 0;
  std::unique_ptr<OrderedWork<Batch>> working_;
  std::unique_ptr<OrderedWork<Batch>> writing_;  // declared last: destroyed first
};

}  // namespace tracesan::pipeline
