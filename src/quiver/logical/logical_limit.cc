#include <quiver/logical/logical_limit.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalLimit>> LogicalLimit::Make(LogicalPlanPtr input, int64_t skip,
                                                                std::optional<int64_t> fetch) {
  if (skip < 0) return arrow::Status::Invalid("OFFSET must not be negative");
  if (fetch && *fetch < 0) return arrow::Status::Invalid("LIMIT must not be negative");
  return std::shared_ptr<LogicalLimit>(new LogicalLimit(std::move(input), skip, fetch));
}

arrow::Result<LogicalPlanPtr> LogicalLimit::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Limit takes one input");
  return Make(std::move(inputs[0]), skip_, fetch_);
}

std::string LogicalLimit::to_string() const {
  return "Limit: skip=" + std::to_string(skip_) +
         ", fetch=" + (fetch_ ? std::to_string(*fetch_) : std::string("None"));
}

}  // namespace quiver
