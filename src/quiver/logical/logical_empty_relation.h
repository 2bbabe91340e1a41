#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief A relation without a table: one row with no columns (`SELECT 1`) or no rows.
class LogicalEmptyRelation : public LogicalPlan {
 public:
  static std::shared_ptr<LogicalEmptyRelation> Make(bool produce_one_row,
                                                    LogicalSchema schema = LogicalSchema());

  LogicalPlanKind kind() const override { return LogicalPlanKind::kEmptyRelation; }
  std::string_view name() const override { return "EmptyRelation"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::string to_string() const override;

  bool produce_one_row() const { return produce_one_row_; }

 private:
  LogicalEmptyRelation(bool produce_one_row, LogicalSchema schema)
      : LogicalPlan(std::move(schema)), produce_one_row_(produce_one_row) {}

  bool produce_one_row_;
};

}  // namespace quiver
