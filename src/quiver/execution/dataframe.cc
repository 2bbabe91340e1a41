#include <quiver/execution/dataframe.h>

#include <quiver/logical/logical_plan.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>

namespace quiver {

std::shared_ptr<arrow::Schema> DataFrame::schema() const { return plan_->schema(); }

arrow::Result<ExecutionPlanPtr> DataFrame::create_physical_plan() const {
  return state_.create_physical_plan(plan_);
}

arrow::Result<std::vector<std::shared_ptr<arrow::RecordBatch>>> DataFrame::collect() const {
  ARROW_ASSIGN_OR_RAISE(auto plan, create_physical_plan());
  return CollectPlan(plan, state_.task_context());
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
