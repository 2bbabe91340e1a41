#include <quiver/logical/logical_empty_relation.h>

namespace quiver {

std::shared_ptr<LogicalEmptyRelation> LogicalEmptyRelation::Make(bool produce_one_row,
                                                                 LogicalSchema schema) {
  return std::shared_ptr<LogicalEmptyRelation>(
      new LogicalEmptyRelation(produce_one_row, std::move(schema)));
}

arrow::Result<LogicalPlanPtr> LogicalEmptyRelation::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (!inputs.empty()) return arrow::Status::Invalid("EmptyRelation takes no inputs");
  return std::const_pointer_cast<LogicalPlan>(shared_from_this());
}

std::string LogicalEmptyRelation::to_string() const {
  return std::string("EmptyRelation: rows=") + (produce_one_row_ ? "1" : "0");
}

}  // namespace quiver
