#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/physical/physical_expr.h>
#include <quiver/physical/sort/row_comparator.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace quiver {

/// \brief K-way merge of sources that each yield batches sorted by `ordering`: a binary heap
/// of cursors picks the smallest head row; consecutive picks from one batch become one
/// zero-copy slice, and slices are concatenated into the output batch. Ties go to the lower
/// source (a stable merge). Used by SortPreservingMergeExec (sources: input partitions) and,
/// through MergeSortedRuns, by SortExec and HashAggregateExec (sources: their spilled runs).
class SortedMerge {
 public:
  /// Sets `*batch` to the source's next batch, or null at its end.
  using Source = std::function<arrow::Status(std::shared_ptr<arrow::RecordBatch>* batch)>;

  SortedMerge(std::shared_ptr<arrow::Schema> schema, LexOrdering ordering,
              std::vector<Source> sources)
      : schema_(std::move(schema)), ordering_(std::move(ordering)), sources_(std::move(sources)) {}

  /// The next merged batch of at most `max_rows` rows (max_rows > 0), or null when every
  /// source is exhausted.
  arrow::Status Next(int64_t max_rows, std::shared_ptr<arrow::RecordBatch>* out);

 private:
  struct Cursor {
    std::shared_ptr<arrow::RecordBatch> batch;
    std::vector<KeyColumn> keys;
    int64_t row = 0;
  };

  arrow::Status Start();
  // Loads cursor c's next non-empty batch and puts it in the heap (or drops it at its end).
  arrow::Status Advance(int c);
  bool Less(int a, int b) const;
  void PushHeap(int c);
  int PopHeap();

  std::shared_ptr<arrow::Schema> schema_;
  LexOrdering ordering_;
  std::vector<Source> sources_;
  bool started_ = false;
  std::vector<Cursor> cursors_;
  std::vector<int> heap_;
};

}  // namespace quiver
