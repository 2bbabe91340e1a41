#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace quiver {

/// \brief Gathers small batches into batches of `target_rows` rows.
///
/// Operators that split or thin their input (hash repartition, selective joins) otherwise
/// emit batches of a handful of rows, and every downstream operator and every network
/// message pays its per-batch cost for each of them. A batch of at least half the target
/// that arrives with nothing pending passes through unchanged (no copy); larger ones are
/// cut into zero-copy slices of `target_rows`. Single-threaded: one coalescer per stream.
class BatchCoalescer {
 public:
  explicit BatchCoalescer(int64_t target_rows);

  /// Takes a batch; afterwards `Next` may have batches ready.
  arrow::Status Push(std::shared_ptr<arrow::RecordBatch> batch);

  /// The next ready batch, or nullptr when fewer than `target_rows` rows are pending.
  std::shared_ptr<arrow::RecordBatch> Next();

  /// At end of input: makes what is still pending ready, as one last batch.
  arrow::Status Finish();

  int64_t pending_rows() const { return pending_rows_; }

 private:
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConcatenatePending();

  int64_t target_rows_;
  std::vector<std::shared_ptr<arrow::RecordBatch>> pending_;
  int64_t pending_rows_ = 0;
  std::deque<std::shared_ptr<arrow::RecordBatch>> ready_;
};

}  // namespace quiver
