#include <arrow/type.h>
#include <quiver/physical/limit/limit_stream.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/repartition/batch_queue.h>
#include <quiver/physical/repartition/queue_producer.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/sort/sort_util.h>
#include <quiver/physical/sort/sorted_merge.h>

namespace quiver {
namespace {

/// One producer thread per input partition feeds a small queue; SortedMerge merges the
/// queues' batches into batch_size output batches.
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
    if (!merge_) Start();
    const int64_t batch_size = BatchSizeOf(ctx());
    int64_t target = batch_size;
    if (remaining_) target = std::min(target, *remaining_);
    if (target <= 0) return arrow::Status::OK();
    ARROW_RETURN_NOT_OK(merge_->Next(target, out));
    if (*out && remaining_) *remaining_ -= (*out)->num_rows();
    return arrow::Status::OK();
  }

  arrow::Status CloseInputs() override {
    for (auto& q : queues_) q->Cancel();
    JoinTasks(&tasks_);
    return arrow::Status::OK();
  }

 private:
  void Start() {
    const int n = input_->output_partition_count();
    for (int i = 0; i < n; ++i) queues_.push_back(std::make_shared<BatchQueue>(2, 1));
    std::vector<SortedMerge::Source> sources;
    for (int i = 0; i < n; ++i) {
      // A producer that cannot start reports that to its queue: its input fails the merge.
      (void)StartQueueProducer("SortPreservingMergeExec", input_, i, ctx(), queues_[i],
                               EmptyBatches::kDrop, &tasks_);
      sources.push_back([queue = queues_[i]](std::shared_ptr<arrow::RecordBatch>* batch) {
        return queue->Pop(batch);
      });
    }
    merge_ = std::make_unique<SortedMerge>(schema(), ordering_, std::move(sources));
  }

  ExecutionPlanPtr input_;
  LexOrdering ordering_;
  std::optional<int64_t> remaining_;
  std::vector<std::shared_ptr<BatchQueue>> queues_;
  std::vector<TaskHandle> tasks_;
  std::unique_ptr<SortedMerge> merge_;
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
