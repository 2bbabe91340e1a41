#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>

namespace quiver {

/// \brief The value of an uncorrelated scalar subquery: exactly one output row. Passes its
/// input's only row; an empty input gives one row of NULLs; a second row fails the query
/// ("scalar subquery returned more than one row"). Reads one partition (the input is merged
/// first) and stops reading at the second row.
class MaxOneRowExec : public ExecutionPlan {
 public:
  explicit MaxOneRowExec(ExecutionPlanPtr input);

  const ExecutionPlanPtr& input() const { return input_; }

  std::string_view name() const override { return "MaxOneRowExec"; }
  /// The input's fields, all nullable.
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override { return Partitioning::Unknown(1); }
  std::vector<Distribution> required_input_distribution() const override {
    return {Distribution::SinglePartition()};
  }
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override { return "MaxOneRowExec"; }

 private:
  ExecutionPlanPtr input_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace quiver
