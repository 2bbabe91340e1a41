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
  /// Runs the query and gathers every batch, in output order.
  arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> collect() const;
  /// collect() that ends with Cancelled soon after `stop` is requested (for example by SIGINT,
  /// through arrow::SetSignalStopSource): every operator sees the cancellation, and the
  /// workers of a distributed query are told to drop its tasks.
  arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> collect(
      const arrow::StopToken& stop) const;
  /// Runs the query and gathers the result as one table.
  arrow::Result<std::shared_ptr<arrow::Table>> to_table() const;
  /// Runs the query lazily: batches are produced as the reader is pulled.
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> execute_stream() const;

 private:
  SessionState state_;
  std::shared_ptr<LogicalPlan> plan_;
};

}  // namespace quiver
