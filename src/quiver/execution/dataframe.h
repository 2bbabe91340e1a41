#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <arrow/table.h>
#include <arrow/util/cancel.h>

#include <quiver/execution/session_state.h>

namespace quiver {

/// \brief A query ready to run: the optimized logical plan plus the session that made it.
/// Each collect()/execute_stream() plans physically anew, so a DataFrame can run many times.
class DataFrame {
 public:
  DataFrame(SessionState state, std::shared_ptr<LogicalPlan> plan)
      : state_(std::move(state)), plan_(std::move(plan)) {}

  /// Output schema.
  std::shared_ptr<arrow::Schema> schema() const;
  const std::shared_ptr<LogicalPlan>& logical_plan() const { return plan_; }

  /// The physical plan that collect() would run (distributed when the session is).
  arrow::Result<ExecutionPlanPtr> create_physical_plan() const;
  /// Runs the query and gathers every batch, in output order. A distributed query that loses a
  /// worker (unreachable, dropped, hung) runs again, planned anew on the workers left, up to
  /// `distributed.max_attempts` runs; lost_workers() then names the ones it went around.
  arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> collect() const;
  /// collect() that ends with Cancelled soon after `stop` is requested (for example by SIGINT,
  /// through arrow::SetSignalStopSource): every operator sees the cancellation, and the
  /// workers of a distributed query are told to drop its tasks.
  arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> collect(
      const arrow::StopToken& stop) const;
  /// Runs the query and gathers the result as one table.
  arrow::Result<std::shared_ptr<arrow::Table>> to_table() const;
  /// Runs the query lazily: batches are produced as the reader is pulled. Not retried: batches
  /// already handed out cannot be taken back.
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> execute_stream() const;

  /// The workers the last collect()/to_table() lost and ran again without, in order (empty
  /// when no attempt lost one). Copies of a DataFrame share it.
  const std::vector<std::string>& lost_workers() const { return *lost_workers_; }

 private:
  struct Collected {
    std::shared_ptr<arrow::Schema> schema;
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  };
  arrow::Result<Collected> collect_retrying(const arrow::StopToken* stop) const;
  std::string JoinLostWorkers() const;

  SessionState state_;
  std::shared_ptr<LogicalPlan> plan_;
  std::shared_ptr<std::vector<std::string>> lost_workers_ =
      std::make_shared<std::vector<std::string>>();
};

}  // namespace quiver
