#include <quiver/execution/dataframe.h>

#include <quiver/distributed/worker_loss.h>
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

namespace {

// CollectPlan that ends with Cancelled soon after `stop` is requested.
arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> CollectUntilStopped(
    const ExecutionPlanPtr& plan, const TaskContextPtr& ctx, const arrow::StopToken& stop) {
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

}  // namespace

arrow::Result<DataFrame::Collected> DataFrame::collect_retrying(
    const arrow::StopToken* stop) const {
  lost_workers_->clear();
  const int64_t attempts = state_.distributed() ? state_.config().distributed_max_attempts : 1;
  arrow::Status failure;
  for (int64_t attempt = 1;; ++attempt) {
    auto plan = state_.create_physical_plan(plan_, *lost_workers_);
    if (!plan.ok()) {
      if (lost_workers_->empty()) return plan.status();
      // Every worker was lost: the last loss is the error.
      return failure.WithMessage(failure.message(), " (attempt ", attempt - 1, " of ", attempts,
                                 "; no worker left: lost ", JoinLostWorkers(), ")");
    }
    TaskContextPtr ctx = state_.task_context();
    auto batches = stop ? CollectUntilStopped(*plan, ctx, *stop) : CollectPlan(*plan, ctx);
    if (batches.ok()) return Collected{(*plan)->schema(), std::move(*batches)};
    failure = batches.status();
    // A lost worker fails every attempt that plans on it; a task's own error fails any
    // attempt: only the first is worth another run, on the workers still there.
    auto lost = LostWorker(failure);
    const bool stopped = stop && stop->IsStopRequested();
    if (!lost || stopped || attempt >= attempts) {
      if (lost_workers_->empty()) return failure;
      return failure.WithMessage(failure.message(), " (attempt ", attempt, " of ", attempts,
                                 "; lost earlier: ", JoinLostWorkers(), ")");
    }
    lost_workers_->push_back(*lost);
  }
}

std::string DataFrame::JoinLostWorkers() const {
  std::string out;
  for (const auto& url : *lost_workers_) out += (out.empty() ? "" : ", ") + url;
  return out;
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> DataFrame::collect() const {
  ARROW_ASSIGN_OR_RAISE(auto collected, collect_retrying(nullptr));
  return std::move(collected.batches);
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> DataFrame::collect(
    const arrow::StopToken& stop) const {
  ARROW_ASSIGN_OR_RAISE(auto collected, collect_retrying(&stop));
  return std::move(collected.batches);
}

arrow::Result<std::shared_ptr<arrow::Table>> DataFrame::to_table() const {
  // The batches carry the physical plan's schema, whose nullability may be looser than the
  // logical one (an aggregate's count column is nullable there), so build the table on it.
  ARROW_ASSIGN_OR_RAISE(auto collected, collect_retrying(nullptr));
  return arrow::Table::FromRecordBatches(collected.schema, collected.batches);
}

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> DataFrame::execute_stream() const {
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  if (plan->output_partition_count() != 1) {
    plan = std::make_shared<CoalescePartitionsExec>(plan, std::nullopt);
  }
  return plan->execute(0, state_.task_context());
}

}  // namespace quiver
