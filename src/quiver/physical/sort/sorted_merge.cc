#include <arrow/array/concatenate.h>
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
  std::vector<std::shared_ptr<arrow::RecordBatch>> slices;
  int64_t rows = 0;
  // Current run: rows [run_start, run_end) of cursor run_cursor's batch.
  int run_cursor = -1;
  int64_t run_start = 0, run_end = 0;
  auto flush_run = [&] {
    if (run_cursor >= 0 && run_end > run_start) {
      slices.push_back(cursors_[run_cursor].batch->Slice(run_start, run_end - run_start));
    }
    run_cursor = -1;
  };
  while (rows < max_rows && !heap_.empty()) {
    const int c = PopHeap();
    Cursor& cur = cursors_[c];
    if (run_cursor != c || run_end != cur.row) {
      flush_run();
      run_cursor = c;
      run_start = cur.row;
    }
    run_end = cur.row + 1;
    ++cur.row;
    ++rows;
    if (cur.row >= cur.batch->num_rows()) {
      flush_run();  // the slice must be cut before the cursor moves to its next batch
      ARROW_RETURN_NOT_OK(Advance(c));
    } else {
      PushHeap(c);
    }
  }
  flush_run();
  if (rows == 0) return arrow::Status::OK();
  if (slices.size() == 1) {
    *out = slices[0];
    return arrow::Status::OK();
  }
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (int col = 0; col < schema_->num_fields(); ++col) {
    arrow::ArrayVector parts;
    for (const auto& s : slices) parts.push_back(s->column(col));
    ARROW_ASSIGN_OR_RAISE(auto merged, arrow::Concatenate(parts));
    columns.push_back(std::move(merged));
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
