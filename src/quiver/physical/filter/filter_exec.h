#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief Keeps the rows where `predicate` is true (null counts as false), per partition,
/// streaming. Schema, partitioning and ordering are the input's.
class FilterExec : public ExecutionPlan {
 public:
  FilterExec(PhysicalExprPtr predicate, ExecutionPlanPtr input);
  /// Like the constructor, but checks that the predicate is boolean over the input schema.
  static arrow::Result<std::shared_ptr<FilterExec>> Make(PhysicalExprPtr predicate,
                                                         ExecutionPlanPtr input);

  const PhysicalExprPtr& predicate() const { return predicate_; }
  const ExecutionPlanPtr& input() const { return input_; }

  std::string_view name() const override { return "FilterExec"; }
  std::shared_ptr<arrow::Schema> schema() const override;
  Partitioning output_partitioning() const override;
  std::optional<LexOrdering> output_ordering() const override;
  std::vector<bool> maintains_input_order() const override { return {true}; }
  arrow::Result<ExecutionPlanPtr> try_push_dynamic_filter(
      const PhysicalExprPtr& filter) const override;
  /// The input's, scaled by the predicate's default selectivity (no column statistics yet):
  /// the same rules as the logical cardinality estimate, so both layers agree on which side
  /// of a join is smaller.
  Statistics statistics() const override;
  std::vector<ExecutionPlanPtr> children() const override { return {input_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  PhysicalExprPtr predicate_;
  ExecutionPlanPtr input_;
};

}  // namespace quiver
