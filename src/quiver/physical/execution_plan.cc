#include <arrow/status.h>
#include <quiver/common/exception_boundary.h>
#include <quiver/physical/execution_plan.h>
#include <quiver/runtime/executor.h>

#include <atomic>
#include <mutex>

namespace quiver {

std::vector<Distribution> ExecutionPlan::required_input_distribution() const {
  return std::vector<Distribution>(children().size(), Distribution::Unspecified());
}

std::vector<std::optional<LexOrdering>> ExecutionPlan::required_input_ordering() const {
  return std::vector<std::optional<LexOrdering>>(children().size());
}

std::vector<bool> ExecutionPlan::maintains_input_order() const {
  return std::vector<bool>(children().size(), false);
}

std::string DisplayPlan(const ExecutionPlan& plan, int indent) {
  std::string out(static_cast<size_t>(indent) * 2, ' ');
  out += plan.to_string();
  out += '\n';
  for (const auto& child : plan.children()) {
    if (child) out += DisplayPlan(*child, indent + 1);
  }
  return out;
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> CollectPlan(
    const ExecutionPlanPtr& plan, const TaskContextPtr& ctx) {
  if (!plan) return arrow::Status::Invalid("CollectPlan: null plan");
  const int n = plan->output_partition_count();
  std::vector<std::vector<std::shared_ptr<arrow::RecordBatch>>> per_partition(n);
  std::mutex mutex;
  arrow::Status first_error;
  std::atomic<bool> failed{false};

  auto run = [&](int i) {
    auto st = CatchExceptions(plan->name(), [&]() -> arrow::Status {
      ARROW_ASSIGN_OR_RAISE(auto stream, plan->execute(i, ctx));
      while (!failed.load()) {
        std::shared_ptr<arrow::RecordBatch> batch;
        ARROW_RETURN_NOT_OK(stream->ReadNext(&batch));
        if (!batch) break;
        per_partition[i].push_back(std::move(batch));
      }
      return stream->Close();
    });
    if (!st.ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (first_error.ok()) first_error = st;
      failed.store(true);
    }
  };

  // Every partition is a task on the executor, one partition too: the caller's thread only
  // waits, so the work stays on the executor's threads.
  std::vector<TaskHandle> tasks;
  for (int i = 0; i < n; ++i) {
    arrow::Status started = StartTask(ExecutorOf(ctx), &tasks, plan->name(), [&run, i] { run(i); });
    if (!started.ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (first_error.ok()) first_error = started;
      failed.store(true);  // the started partitions stop early
      break;
    }
  }
  JoinTasks(&tasks);
  ARROW_RETURN_NOT_OK(first_error);
  std::vector<std::shared_ptr<arrow::RecordBatch>> out;
  for (auto& part : per_partition) {
    for (auto& b : part) out.push_back(std::move(b));
  }
  return out;
}

arrow::Status CheckPartition(const ExecutionPlan& plan, int partition) {
  const int n = plan.output_partition_count();
  if (partition < 0 || partition >= n) {
    return arrow::Status::Invalid(plan.name(), ": partition ", partition, " out of range (", n,
                                  " output partitions)");
  }
  return arrow::Status::OK();
}

}  // namespace quiver
