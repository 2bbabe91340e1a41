#include <quiver/physical/batch_coalescer.h>

#include <algorithm>

namespace quiver {

BatchCoalescer::BatchCoalescer(int64_t target_rows)
    : target_rows_(std::max<int64_t>(1, target_rows)) {}

arrow::Status BatchCoalescer::Push(std::shared_ptr<arrow::RecordBatch> batch) {
  if (!batch || batch->num_rows() == 0) return arrow::Status::OK();
  if (pending_.empty() && batch->num_rows() >= target_rows_ / 2) {
    // Big enough already: slice, never copy.
    int64_t offset = 0;
    const int64_t rows = batch->num_rows();
    while (rows - offset > target_rows_) {
      ready_.push_back(batch->Slice(offset, target_rows_));
      offset += target_rows_;
    }
    auto rest = offset == 0 ? std::move(batch) : batch->Slice(offset);
    if (rest->num_rows() >= target_rows_ / 2) {
      ready_.push_back(std::move(rest));
    } else {
      pending_rows_ = rest->num_rows();
      pending_.push_back(std::move(rest));
    }
    return arrow::Status::OK();
  }
  pending_rows_ += batch->num_rows();
  pending_.push_back(std::move(batch));
  if (pending_rows_ < target_rows_) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto all, ConcatenatePending());
  int64_t offset = 0;
  while (all->num_rows() - offset >= target_rows_) {
    ready_.push_back(all->Slice(offset, target_rows_));
    offset += target_rows_;
  }
  if (offset < all->num_rows()) {
    // The remainder is a slice of the concatenation; it is copied once more when the next
    // batches fill it up, which keeps every output batch contiguous.
    pending_.push_back(all->Slice(offset));
    pending_rows_ = all->num_rows() - offset;
  }
  return arrow::Status::OK();
}

std::shared_ptr<arrow::RecordBatch> BatchCoalescer::Next() {
  if (ready_.empty()) return nullptr;
  auto out = std::move(ready_.front());
  ready_.pop_front();
  return out;
}

arrow::Status BatchCoalescer::Finish() {
  if (pending_.empty()) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto rest, ConcatenatePending());
  ready_.push_back(std::move(rest));
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> BatchCoalescer::ConcatenatePending() {
  std::shared_ptr<arrow::RecordBatch> out;
  if (pending_.size() == 1) {
    out = std::move(pending_.front());
  } else {
    ARROW_ASSIGN_OR_RAISE(out, arrow::ConcatenateRecordBatches(pending_));
  }
  pending_.clear();
  pending_rows_ = 0;
  return out;
}

}  // namespace quiver
