#include <arrow/array/concatenate.h>
#include <arrow/type.h>
#include <quiver/physical/limit/limit_stream.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/repartition/batch_queue.h>
#include <quiver/physical/sort/row_comparator.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/sort/sort_util.h>

#include <thread>

namespace quiver {
namespace {

/// K-way merge: one producer thread per input partition feeds a small queue; a binary heap
/// of input cursors picks the smallest head row; consecutive picks from one batch become a
/// zero-copy slice, and slices are concatenated into batch_size output batches.
class MergeStream : public PlanStream {
 public:
  MergeStream(ExecutionPlanPtr input, LexOrdering ordering, std::optional<int64_t> fetch,
              TaskContextPtr ctx)
      : PlanStream(input->schema(), std::move(ctx)),
        input_(std::move(input)),
        ordering_(std::move(ordering)),
        remaining_(fetch) {}
  ~MergeStream() override { (void)Close(); }

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (!started_) ARROW_RETURN_NOT_OK(Start());
    const int64_t batch_size = ctx() ? std::max<int64_t>(1, ctx()->config().batch_size) : 8192;
    int64_t target = batch_size;
    if (remaining_) target = std::min(target, *remaining_);
    if (target <= 0) return arrow::Status::OK();
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
    while (rows < target && !heap_.empty()) {
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
    if (remaining_) *remaining_ -= rows;
    if (slices.size() == 1) {
      *out = slices[0];
      return arrow::Status::OK();
    }
    std::vector<std::shared_ptr<arrow::Array>> columns;
    for (int col = 0; col < schema()->num_fields(); ++col) {
      arrow::ArrayVector parts;
      for (const auto& s : slices) parts.push_back(s->column(col));
      ARROW_ASSIGN_OR_RAISE(auto merged, arrow::Concatenate(parts));
      columns.push_back(std::move(merged));
    }
    *out = arrow::RecordBatch::Make(schema(), rows, std::move(columns));
    return arrow::Status::OK();
  }

  arrow::Status CloseInputs() override {
    for (auto& q : queues_) q->Cancel();
    for (auto& t : threads_) t.join();
    threads_.clear();
    return arrow::Status::OK();
  }

 private:
  struct Cursor {
    std::shared_ptr<arrow::RecordBatch> batch;
    std::vector<KeyColumn> keys;
    int64_t row = 0;
  };

  arrow::Status Start() {
    started_ = true;
    const int n = input_->output_partition_count();
    cursors_.resize(n);
    for (int i = 0; i < n; ++i) queues_.push_back(std::make_shared<BatchQueue>(2, 1));
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([queue = queues_[i], input = input_, ctx = ctx(), i] {
        auto st = [&]() -> arrow::Status {
          ARROW_ASSIGN_OR_RAISE(auto stream, input->execute(i, ctx));
          while (true) {
            if (ctx && ctx->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
            std::shared_ptr<arrow::RecordBatch> batch;
            ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
            if (!batch) break;
            if (batch->num_rows() == 0) continue;
            if (!queue->Push(std::move(batch))) break;
          }
          return stream->Close();
        }();
        queue->ProducerDone(st);
      });
    }
    for (int i = 0; i < n; ++i) ARROW_RETURN_NOT_OK(Advance(i));
    return arrow::Status::OK();
  }

  // Loads cursor c's next batch and puts it back in the heap (or drops it at its end).
  arrow::Status Advance(int c) {
    Cursor& cur = cursors_[c];
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(queues_[c]->Pop(&batch));
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

  // Min-heap on the cursors' head rows; ties go to the lower partition (stable merge).
  bool Less(int a, int b) const {
    const Cursor& x = cursors_[a];
    const Cursor& y = cursors_[b];
    int c = CompareKeyRows(x.keys, x.row, y.keys, y.row, ordering_);
    return c < 0 || (c == 0 && a < b);
  }
  void PushHeap(int c) {
    heap_.push_back(c);
    size_t i = heap_.size() - 1;
    while (i > 0) {
      size_t parent = (i - 1) / 2;
      if (!Less(heap_[i], heap_[parent])) break;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }
  int PopHeap() {
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

  ExecutionPlanPtr input_;
  LexOrdering ordering_;
  std::optional<int64_t> remaining_;
  bool started_ = false;
  std::vector<std::shared_ptr<BatchQueue>> queues_;
  std::vector<std::thread> threads_;
  std::vector<Cursor> cursors_;
  std::vector<int> heap_;
};

}  // namespace

std::shared_ptr<arrow::Schema> SortPreservingMergeExec::schema() const { return SchemaOf(input_); }

arrow::Result<ExecutionPlanPtr> SortPreservingMergeExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<SortPreservingMergeExec>(ordering_, children[0], fetch_);
}

arrow::Result<RecordBatchStreamPtr> SortPreservingMergeExec::execute(
    int partition, const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (ordering_.empty()) return arrow::Status::Invalid("SortPreservingMergeExec without keys");
  if (input_->output_partition_count() == 1) {
    ARROW_ASSIGN_OR_RAISE(auto stream, input_->execute(0, ctx));
    if (!fetch_) return stream;
    return std::make_shared<LimitStream>(std::move(stream), 0, fetch_, ctx);
  }
  return std::make_shared<MergeStream>(input_, ordering_, fetch_, ctx);
}

std::string SortPreservingMergeExec::to_string() const {
  std::string out = "SortPreservingMergeExec: [" + OrderingToString(ordering_) + "]";
  if (fetch_) out += ", fetch=" + std::to_string(*fetch_);
  return out;
}

}  // namespace quiver
