#include <arrow/array/concatenate.h>
#include <arrow/builder.h>
#include <arrow/compute/api_vector.h>
#include <quiver/physical/sort/sorted_merge.h>

namespace quiver {

arrow::Status SortedMerge::Start() {
  started_ = true;
  cursors_.resize(sources_.size());
  for (size_t i = 0; i < sources_.size(); ++i) ARROW_RETURN_NOT_OK(Advance(static_cast<int>(i)));
  return arrow::Status::OK();
}

arrow::Status SortedMerge::Next(int64_t max_rows, std::shared_ptr<arrow::RecordBatch>* out) {
  out->reset();
  if (!started_) ARROW_RETURN_NOT_OK(Start());
  // The picks as runs of consecutive rows of one batch; `batches` holds each batch a run
  // comes from once.
  struct Run {
    int batch;
    int64_t start;
    int64_t length;
  };
  std::vector<Run> runs;
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  std::vector<int> batch_of_cursor(cursors_.size(), -1);
  int64_t rows = 0;
  while (rows < max_rows && !heap_.empty()) {
    const int c = PopHeap();
    Cursor& cur = cursors_[c];
    if (batch_of_cursor[c] < 0) {
      batch_of_cursor[c] = static_cast<int>(batches.size());
      batches.push_back(cur.batch);
    }
    const int b = batch_of_cursor[c];
    if (!runs.empty() && runs.back().batch == b &&
        runs.back().start + runs.back().length == cur.row) {
      ++runs.back().length;
    } else {
      runs.push_back({b, cur.row, 1});
    }
    ++cur.row;
    ++rows;
    if (cur.row >= cur.batch->num_rows()) {
      batch_of_cursor[c] = -1;  // its next batch is another one
      ARROW_RETURN_NOT_OK(Advance(c));
    } else {
      PushHeap(c);
    }
  }
  if (rows == 0) return arrow::Status::OK();
  if (runs.size() == 1) {
    *out = batches[runs[0].batch]->Slice(runs[0].start, runs[0].length);
    return arrow::Status::OK();
  }
  std::vector<std::shared_ptr<arrow::Array>> columns;
  if (static_cast<int64_t>(runs.size()) * 16 <= rows) {
    // Long runs (inputs that interleave little): zero-copy slices, concatenated.
    for (int col = 0; col < schema_->num_fields(); ++col) {
      arrow::ArrayVector parts;
      for (const auto& r : runs) {
        parts.push_back(batches[r.batch]->column(col)->Slice(r.start, r.length));
      }
      ARROW_ASSIGN_OR_RAISE(auto merged, arrow::Concatenate(parts));
      columns.push_back(std::move(merged));
    }
  } else {
    // Short runs: one gather per column over the batches involved, not a slice per run.
    std::vector<int64_t> base(batches.size(), 0);
    for (size_t b = 1; b < batches.size(); ++b) base[b] = base[b - 1] + batches[b - 1]->num_rows();
    arrow::Int64Builder indices;
    ARROW_RETURN_NOT_OK(indices.Reserve(rows));
    for (const auto& r : runs) {
      for (int64_t i = 0; i < r.length; ++i) indices.UnsafeAppend(base[r.batch] + r.start + i);
    }
    ARROW_ASSIGN_OR_RAISE(auto take, indices.Finish());
    for (int col = 0; col < schema_->num_fields(); ++col) {
      arrow::ArrayVector parts;
      for (const auto& batch : batches) parts.push_back(batch->column(col));
      std::shared_ptr<arrow::Array> all = parts[0];
      if (parts.size() > 1) {
        ARROW_ASSIGN_OR_RAISE(all, arrow::Concatenate(parts));
      }
      ARROW_ASSIGN_OR_RAISE(auto gathered, arrow::compute::Take(*all, *take));
      columns.push_back(std::move(gathered));
    }
  }
  *out = arrow::RecordBatch::Make(schema_, rows, std::move(columns));
  return arrow::Status::OK();
}

arrow::Status SortedMerge::Advance(int c) {
  Cursor& cur = cursors_[c];
  std::shared_ptr<arrow::RecordBatch> batch;
  do {
    ARROW_RETURN_NOT_OK(sources_[c](&batch));
  } while (batch && batch->num_rows() == 0);
  cur.batch = batch;
  cur.row = 0;
  cur.keys.clear();
  if (!batch) return arrow::Status::OK();
  for (const auto& key : ordering_) {
    ARROW_ASSIGN_OR_RAISE(auto array, EvaluateToArray(*key.expr, *batch));
    ARROW_ASSIGN_OR_RAISE(auto column, KeyColumn::Make(std::move(array)));
    cur.keys.push_back(std::move(column));
  }
  PushHeap(c);
  return arrow::Status::OK();
}

bool SortedMerge::Less(int a, int b) const {
  const Cursor& x = cursors_[a];
  const Cursor& y = cursors_[b];
  int c = CompareKeyRows(x.keys, x.row, y.keys, y.row, ordering_);
  return c < 0 || (c == 0 && a < b);
}

void SortedMerge::PushHeap(int c) {
  heap_.push_back(c);
  size_t i = heap_.size() - 1;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!Less(heap_[i], heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

int SortedMerge::PopHeap() {
  int top = heap_[0];
  heap_[0] = heap_.back();
  heap_.pop_back();
  size_t i = 0;
  const size_t n = heap_.size();
  while (true) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && Less(heap_[l], heap_[m])) m = l;
    if (r < n && Less(heap_[r], heap_[m])) m = r;
    if (m == i) break;
    std::swap(heap_[i], heap_[m]);
    i = m;
  }
  return top;
}

}  // namespace quiver
