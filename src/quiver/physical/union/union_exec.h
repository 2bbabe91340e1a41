#pragma once

#include <arrow/result.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief UNION ALL of its inputs: output partitions are the inputs' partitions one after the
/// other (input 0's first), each streamed as is. Inputs must have the same field types; the
/// output takes input 0's field names and is nullable wherever any input is.
class UnionExec : public ExecutionPlan {
 public:
  /// Invalid for no inputs or inputs whose field counts or types differ.
  static arrow::Result<std::shared_ptr<UnionExec>> Make(std::vector<ExecutionPlanPtr> inputs);

  const std::vector<ExecutionPlanPtr>& inputs() const { return inputs_; }

  std::string_view name() const override { return "UnionExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// The sum of the inputs' partition counts, no particular partitioning.
  Partitioning output_partitioning() const override;
  /// Every output partition is one input partition, in its order.
  std::vector<bool> maintains_input_order() const override;
  /// Union only concatenates: more input partitions buy it nothing.
  bool benefits_from_input_partitioning() const override { return false; }
  /// The sum of the inputs' statistics (exact when all are).
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return inputs_; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  /// `UnionExec`
  std::string to_string() const override { return "UnionExec"; }

 private:
  UnionExec(std::vector<ExecutionPlanPtr> inputs, std::shared_ptr<arrow::Schema> schema)
      : inputs_(std::move(inputs)), schema_(std::move(schema)) {}

  std::vector<ExecutionPlanPtr> inputs_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace quiver
