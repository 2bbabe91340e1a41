#include <quiver/execution/dataframe.h>

#include <quiver/logical/logical_plan.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace quiver {

std::shared_ptr<arrow::Schema> DataFrame::schema() const { return plan_->schema(); }

arrow::Result<ExecutionPlanPtr> DataFrame::create_physical_plan() const {
  return state_.create_physical_plan(plan_);
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> DataFrame::collect() const {
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  return CollectPlan(plan, state_.task_context());
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> DataFrame::collect(
    const arrow::StopToken& stop) const {
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  TaskContextPtr ctx = state_.task_context();
  // The token is polled, not signalled: a watcher turns a stop request into the context's
  // cancellation, which every stream checks.
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::thread watcher([&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (!done) {
      if (stop.IsStopRequested()) {
        ctx->cancel();
        return;
      }
      done_cv.wait_for(lock, std::chrono::milliseconds(20));
    }
  });
  auto result = CollectPlan(plan, ctx);
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  done_cv.notify_all();
  watcher.join();
  if (stop.IsStopRequested()) {
    auto st = stop.Poll();
    return st.ok() ? arrow::Status::Cancelled("query cancelled")
                   : st.WithMessage("query cancelled: ", st.message());
  }
  return result;
}

arrow::Result<std::shared_ptr<arrow::Table>> DataFrame::to_table() const {
  // The batches carry the physical plan's schema, whose nullability may be looser than the
  // logical one (an aggregate's count column is nullable there), so build the table on it.
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  ARROW_ASSIGN_OR_RAISE(auto batches, CollectPlan(plan, state_.task_context()));
  return arrow::Table::FromRecordBatches(plan->schema(), batches);
}

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> DataFrame::execute_stream() const {
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  if (plan->output_partition_count() != 1) {
    plan = std::make_shared<CoalescePartitionsExec>(plan, std::nullopt);
  }
  return plan->execute(0, state_.task_context());
}

}  // namespace quiver
