#include <arrow/compute/api.h>
#include <arrow/table.h>
#include <arrow/type.h>
#include <arrow/util/byte_size.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_util.h>
#include <quiver/physical/sort/sorted_merge.h>
#include <quiver/physical/sort/sorted_runs.h>

namespace quiver {
namespace {

/// Buffers one input stream, sorts it (trimming to `fetch` as it goes for top-K) and emits
/// the result in batch_size slices.
///
/// Memory: it reserves twice what it buffers (the batches, then their sorted copy). When the
/// pool refuses, the buffered rows are sorted and written to a spill file as one sorted run,
/// and buffering starts again; at the end the runs and the in-memory rest are merged
/// (SortedMerge), one batch per run in memory at a time. Without a disk manager, or for top-K,
/// a refusal is the query's error.
class SortStream : public PlanStream {
 public:
  SortStream(LexOrdering ordering, std::optional<int64_t> fetch, RecordBatchStreamPtr input,
             int partition, TaskContextPtr ctx)
      : PlanStream(input->schema(), ctx),
        ordering_(std::move(ordering)),
        fetch_(fetch),
        input_(std::move(input)),
        reservation_(ctx ? ctx->reserve("SortExec", partition,
                                        fetch || !ctx->disk_manager() ? Spill::kNo : Spill::kYes)
                         : MemoryReservation()) {}

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (!consumed_) {
      consumed_ = true;
      ARROW_RETURN_NOT_OK(ConsumeAll());
    }
    if (merge_) return merge_->Next(BatchSizeOf(ctx()), out);
    if (!sorted_ || offset_ >= sorted_->num_rows()) return arrow::Status::OK();
    const int64_t len = std::min(BatchSizeOf(ctx()), sorted_->num_rows() - offset_);
    *out = (offset_ == 0 && len == sorted_->num_rows()) ? sorted_ : sorted_->Slice(offset_, len);
    offset_ += len;
    return arrow::Status::OK();
  }
  arrow::Status CloseInputs() override {
    merge_.reset();
    runs_.clear();  // removes the spill files
    reservation_.Free();
    return input_->Close();
  }

 private:
  arrow::Status ConsumeAll() {
    std::vector<std::shared_ptr<arrow::RecordBatch>> buffered;
    int64_t buffered_rows = 0;
    // Top-K: re-sort and trim whenever the buffer holds well over `fetch` rows, so memory
    // stays proportional to fetch rather than to the input.
    const int64_t trim_at = fetch_ ? std::max<int64_t>(2 * *fetch_, BatchSizeOf(ctx())) : -1;
    while (true) {
      if (ctx() && ctx()->is_cancelled()) return arrow::Status::Cancelled("query cancelled");
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(input_->ReadNext(&batch));
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      const int64_t bytes = 2 * arrow::util::TotalBufferSize(*batch);
      arrow::Status grown = reservation_.TryGrow(bytes);
      if (!grown.ok()) {
        if (!IsMemoryLimitExceeded(grown) || fetch_ || !ctx()->disk_manager() ||
            buffered.empty()) {
          return grown;
        }
        ARROW_RETURN_NOT_OK(Spill(std::move(buffered)));
        buffered.clear();
        buffered_rows = 0;
        ARROW_RETURN_NOT_OK(reservation_.TryGrow(bytes));
      }
      buffered_rows += batch->num_rows();
      buffered.push_back(std::move(batch));
      if (fetch_ && buffered_rows > trim_at) {
        ARROW_ASSIGN_OR_RAISE(auto trimmed,
                              SortBatches(schema(), std::move(buffered), ordering_, fetch_));
        buffered = {trimmed};
        buffered_rows = trimmed->num_rows();
        ARROW_RETURN_NOT_OK(reservation_.TryResize(2 * arrow::util::TotalBufferSize(*trimmed)));
      }
    }
    ARROW_RETURN_NOT_OK(input_->Close());
    ARROW_ASSIGN_OR_RAISE(sorted_, SortBatches(schema(), std::move(buffered), ordering_, fetch_));
    // Sorted, the run is held once, not twice: give the room for the copy back.
    reservation_.Shrink(reservation_.size() - arrow::util::TotalBufferSize(*sorted_));
    if (runs_.empty()) return arrow::Status::OK();
    // Merge the spilled runs with the in-memory one.
    ARROW_ASSIGN_OR_RAISE(merge_,
                          MergeSortedRuns(schema(), ordering_, runs_, sorted_, BatchSizeOf(ctx())));
    return arrow::Status::OK();
  }

  // Sorts `batches` into one run on disk (written in batch_size slices, so merging reads one
  // slice per run at a time) and returns their memory.
  arrow::Status Spill(std::vector<std::shared_ptr<arrow::RecordBatch>> batches) {
    ARROW_ASSIGN_OR_RAISE(auto run, WriteSortedRun(ctx()->disk_manager(), "sort", schema(),
                                                   std::move(batches), ordering_,
                                                   BatchSizeOf(ctx())));
    runs_.push_back(std::move(run));
    reservation_.Free();
    return arrow::Status::OK();
  }

  LexOrdering ordering_;
  std::optional<int64_t> fetch_;
  RecordBatchStreamPtr input_;
  MemoryReservation reservation_;
  bool consumed_ = false;
  std::shared_ptr<arrow::RecordBatch> sorted_;  // the in-memory (last) run
  int64_t offset_ = 0;
  std::vector<std::shared_ptr<SpillFile>> runs_;
  std::unique_ptr<SortedMerge> merge_;
};

}  // namespace

std::shared_ptr<arrow::Schema> SortExec::schema() const { return SchemaOf(input_); }

Partitioning SortExec::output_partitioning() const {
  if (preserve_partitioning_) return input_->output_partitioning();
  return Partitioning::Unknown(1);
}

std::vector<Distribution> SortExec::required_input_distribution() const {
  return {preserve_partitioning_ ? Distribution::Unspecified() : Distribution::SinglePartition()};
}

Statistics SortExec::statistics() const {
  Statistics in = input_->statistics();
  if (fetch_ && in.num_rows && *in.num_rows > *fetch_)
    return in.scaled(double(*fetch_) / *in.num_rows);
  return in;
}

arrow::Result<ExecutionPlanPtr> SortExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<SortExec>(ordering_, children[0], fetch_, preserve_partitioning_);
}

arrow::Result<RecordBatchStreamPtr> SortExec::execute(int partition,
                                                      const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (ordering_.empty()) return arrow::Status::Invalid("SortExec without sort keys");
  if (fetch_ && *fetch_ < 0) return arrow::Status::Invalid("SortExec: negative fetch");
  RecordBatchStreamPtr input;
  if (preserve_partitioning_ || input_->output_partition_count() == 1) {
    ARROW_ASSIGN_OR_RAISE(input, input_->execute(preserve_partitioning_ ? partition : 0, ctx));
  } else {
    auto coalesce = std::make_shared<CoalescePartitionsExec>(input_);
    ARROW_ASSIGN_OR_RAISE(input, coalesce->execute(0, ctx));
  }
  return std::make_shared<SortStream>(ordering_, fetch_, std::move(input), partition, ctx);
}

std::string SortExec::to_string() const {
  std::string out = "SortExec: ";
  if (fetch_) out += "TopK(fetch=" + std::to_string(*fetch_) + "), ";
  out += "expr=[" + OrderingToString(ordering_) + "], preserve_partitioning=";
  out += preserve_partitioning_ ? "true" : "false";
  return out;
}

}  // namespace quiver
