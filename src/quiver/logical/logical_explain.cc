#include <arrow/type.h>
#include <quiver/logical/logical_explain.h>

namespace quiver {

LogicalExplain::LogicalExplain(LogicalPlanPtr plan, bool verbose)
    : LogicalPlan(LogicalSchema(arrow::schema({arrow::field("plan_type", arrow::utf8(), false),
                                               arrow::field("plan", arrow::utf8(), false)}),
                                {"", ""})),
      plan_(std::move(plan)),
      verbose_(verbose) {}

std::shared_ptr<LogicalExplain> LogicalExplain::Make(LogicalPlanPtr plan, bool verbose) {
  return std::shared_ptr<LogicalExplain>(new LogicalExplain(std::move(plan), verbose));
}

arrow::Result<LogicalPlanPtr> LogicalExplain::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Explain takes one input");
  return Make(std::move(inputs[0]), verbose_);
}

std::string LogicalExplain::to_string() const {
  return std::string("Explain") + (verbose_ ? " verbose" : "");
}

}  // namespace quiver
