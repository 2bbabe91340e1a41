#pragma once

#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

/// \brief A leaf with one partition and no rows, or exactly one row when `produce_one_row`
/// (`SELECT 1` without FROM; every column of that row is null).
class EmptyExec : public ExecutionPlan {
 public:
  EmptyExec(std::shared_ptr<arrow::Schema> schema, bool produce_one_row = false)
      : schema_(std::move(schema)), produce_one_row_(produce_one_row) {}

  bool produce_one_row() const { return produce_one_row_; }

  std::string_view name() const override { return "EmptyExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override { return Partitioning::Unknown(1); }
  std::vector<ExecutionPlanPtr> children() const override { return {}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  std::shared_ptr<arrow::Schema> schema_;
  bool produce_one_row_;
};

}  // namespace quiver
