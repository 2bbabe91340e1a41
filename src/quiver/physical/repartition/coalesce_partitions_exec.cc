#include <quiver/physical/limit/limit_stream.h>
#include <quiver/physical/plan_stream.h>
#include <quiver/physical/repartition/batch_queue.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/queue_producer.h>

namespace quiver {
namespace {

/// Reads every input partition in a task of its own into one bounded queue.
class CoalesceStream : public PlanStream {
 public:
  CoalesceStream(ExecutionPlanPtr input, TaskContextPtr ctx)
      : PlanStream(input->schema(), std::move(ctx)), input_(std::move(input)) {}
  ~CoalesceStream() override { (void)Close(); }

 protected:
  arrow::Status Next(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (!queue_) Start();
    return queue_->Pop(out);
  }
  arrow::Status CloseInputs() override {
    if (queue_) {
      queue_->Cancel();
      JoinTasks(&tasks_);
    }
    return arrow::Status::OK();
  }

 private:
  void Start() {
    const int n = input_->output_partition_count();
    queue_ = std::make_shared<BatchQueue>(static_cast<size_t>(std::max(2, 2 * n)), n);
    for (int i = 0; i < n; ++i) {
      arrow::Status started = StartQueueProducer("CoalescePartitionsExec", input_, i, ctx(), queue_,
                                                 EmptyBatches::kForward, &tasks_);
      if (!started.ok()) {
        for (int j = i + 1; j < n; ++j) queue_->ProducerDone(started);  // never started
        break;
      }
    }
  }

  ExecutionPlanPtr input_;
  std::shared_ptr<BatchQueue> queue_;
  std::vector<TaskHandle> tasks_;
};

}  // namespace

std::shared_ptr<arrow::Schema> CoalescePartitionsExec::schema() const { return SchemaOf(input_); }

arrow::Result<ExecutionPlanPtr> CoalescePartitionsExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  ARROW_RETURN_NOT_OK(CheckOneChild(name(), children));
  return std::make_shared<CoalescePartitionsExec>(children[0], fetch_);
}

arrow::Result<RecordBatchStreamPtr> CoalescePartitionsExec::execute(
    int partition, const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  RecordBatchStreamPtr stream;
  if (input_->output_partition_count() == 1) {
    ARROW_ASSIGN_OR_RAISE(stream, input_->execute(0, ctx));
  } else {
    stream = std::make_shared<CoalesceStream>(input_, ctx);
  }
  if (!fetch_) return stream;
  return std::make_shared<LimitStream>(std::move(stream), 0, fetch_, ctx);
}

std::string CoalescePartitionsExec::to_string() const {
  std::string out = "CoalescePartitionsExec";
  if (fetch_) out += ": fetch=" + std::to_string(*fetch_);
  return out;
}

}  // namespace quiver
