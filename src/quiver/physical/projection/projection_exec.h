#pragma once

#include <arrow/status.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quiver {

/// \brief Computes one output column per `(expr, name)` for every input batch, streaming.
/// Column references that pass straight through are zero-copy.
class ProjectionExec : public ExecutionPlan {
 public:
  using NamedExpr = std::pair<PhysicalExprPtr, std::string>;

  /// An expression whose type cannot be derived makes `execute` fail; use Make to catch it
  /// at plan time.
  ProjectionExec(std::vector<NamedExpr> exprs, ExecutionPlanPtr input);
  static arrow::Result<std::shared_ptr<ProjectionExec>> Make(std::vector<NamedExpr> exprs,
                                                             ExecutionPlanPtr input);

  const std::vector<NamedExpr>& exprs() const { return exprs_; }
  const ExecutionPlanPtr& input() const { return input_; }

  std::string_view name() const override { return "ProjectionExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// The input's partition count; hash keys and orderings survive only where they are plain
  /// columns that the projection keeps.
  Partitioning output_partitioning() const override;
  std::optional<LexOrdering> output_ordering() const override;
  std::vector<bool> maintains_input_order() const override { return {true}; }
  /// Through columns that are plain input columns.
  arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const override;
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  std::vector<NamedExpr> exprs_;
  ExecutionPlanPtr input_;
  std::shared_ptr<arrow::Schema> schema_;
  arrow::Status schema_status_;
};

}  // namespace quiver
