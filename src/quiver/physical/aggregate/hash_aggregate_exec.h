#pragma once

#include <arrow/status.h>
#include <quiver/physical/aggregate/aggregate_expr.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Hash aggregation per partition: `arrow::compute::Grouper` assigns group ids, one
/// GroupsAccumulator per aggregate folds whole batches. Output is produced once the input
/// partition is exhausted, in batches of at most `batch_size` rows.
///
/// Schemas: kPartial emits group columns then each aggregate's state columns (`name[i]`);
/// kFinal/kSingle emit group columns then one column per aggregate (`name`). Without group
/// keys the output is exactly one row, also for empty input.
class HashAggregateExec : public ExecutionPlan {
 public:
  using NamedExpr = std::pair<PhysicalExprPtr, std::string>;

  /// A type error in the aggregates makes `execute` fail; use Make to catch it at plan time.
  HashAggregateExec(AggregateMode mode, std::vector<NamedExpr> group_by,
                    std::vector<AggregateExpr> aggregates, ExecutionPlanPtr input);
  static arrow::Result<std::shared_ptr<HashAggregateExec>> Make(
      AggregateMode mode, std::vector<NamedExpr> group_by, std::vector<AggregateExpr> aggregates,
      ExecutionPlanPtr input);

  AggregateMode mode() const { return mode_; }
  const std::vector<NamedExpr>& group_by() const { return group_by_; }
  const std::vector<AggregateExpr>& aggregates() const { return aggregates_; }
  const ExecutionPlanPtr& input() const { return input_; }

  std::string_view name() const override { return "HashAggregateExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override;
  /// Final / Single: each group's rows together (hash on the group keys, or one partition
  /// without keys); Partial: any.
  std::vector<Distribution> required_input_distribution() const override;
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// e.g. `HashAggregateExec: mode=Partial, gby=[l_returnflag@0 as l_returnflag],
  /// aggr=[sum(l_quantity)]`
  std::string to_string() const override;

 private:
  AggregateMode mode_;
  std::vector<NamedExpr> group_by_;
  std::vector<AggregateExpr> aggregates_;
  ExecutionPlanPtr input_;
  std::shared_ptr<arrow::Schema> schema_;
  arrow::Status schema_status_;
};

}  // namespace quiver
