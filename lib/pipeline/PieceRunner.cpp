#include "pipeline/PieceRunner.h"

namespace tracesan::pipeline {

HeldPiece::HeldPiece(const Piece& piece, bool keepSource) : piece_(piece) {
  if (piece.kind != Piece::Kind::Entry) {
    bytes_.assign(piece.bytes);
    repoint();
    return;
  }
  entry_ = std::make_unique<Entry>(std::move(*piece.entry));
  EntrySource& src = entry_->source;
  if (keepSource) {
    source_ = std::make_unique<std::string[]>(5);
    source_[0].assign(src.json);
    source_[1].assign(src.request);
    source_[2].assign(src.response);
    source_[3].assign(src.metadata);
    source_[4].assign(src.webSocket);
    if (src.detail) detail_ = src.detail->clone();
  }
  repoint();
}

HeldPiece::HeldPiece(HeldPiece&& other) noexcept
    : piece_(other.piece_), bytes_(std::move(other.bytes_)), entry_(std::move(other.entry_)),
      source_(std::move(other.source_)), detail_(std::move(other.detail_)) {
  repoint();
}

HeldPiece::~HeldPiece() = default;

// Points the piece at what this object owns (a moved std::string may move its characters).
void HeldPiece::repoint() {
  if (!entry_) {
    piece_.bytes = bytes_;
    piece_.entry = nullptr;
    return;
  }
  piece_.entry = entry_.get();
  EntrySource& src = entry_->source;
  if (source_) src = {source_[0], source_[1], source_[2], source_[3], source_[4], detail_.get()};
  else src = {};
}

std::size_t HeldPiece::size() const {
  if (!entry_) return 64 + bytes_.size();
  std::size_t n = 1024 + entry_->request.url.value.size() + entry_->request.body.text.value.size() +
                  entry_->response.body.text.value.size();
  if (source_)
    for (int i = 0; i < 5; ++i) n += source_[i].size();
  return n;
}

}  // namespace tracesan::pipeline
