#include <arrow/type.h>
#include <quiver/logical/logical_projection.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalProjection>> LogicalProjection::Make(
    std::vector<LogicalExprPtr> exprs, LogicalPlanPtr input, std::vector<bool> hidden) {
  arrow::FieldVector fields;
  std::vector<std::string> qualifiers;
  for (const auto& e : exprs) {
    if (ContainsAggregate(e)) {
      return arrow::Status::Invalid("aggregate ", e->to_string(),
                                    " must be computed by an Aggregate below the projection");
    }
    ARROW_ASSIGN_OR_RAISE(auto field,
                          ExprField(*e, input->logical_schema(), /*qualified_names=*/false));
    fields.push_back(std::move(field.first));
    qualifiers.push_back(std::move(field.second));
  }
  if (!hidden.empty() && hidden.size() != exprs.size()) {
    return arrow::Status::Invalid("projection of ", exprs.size(), " expressions given ",
                                  hidden.size(), " hidden flags");
  }
  LogicalSchema schema = LogicalSchema(arrow::schema(std::move(fields)), std::move(qualifiers))
                             .with_hidden(std::move(hidden));
  return std::shared_ptr<LogicalProjection>(
      new LogicalProjection(std::move(schema), std::move(exprs), std::move(input)));
}

arrow::Result<LogicalPlanPtr> LogicalProjection::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Projection takes one input");
  return Make(exprs_, std::move(inputs[0]), logical_schema().hidden_flags());
}

arrow::Result<LogicalPlanPtr> LogicalProjection::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  // Rewritten expressions (optimizer rules) keep the outputs' visibility when they keep
  // their number.
  std::vector<bool> hidden = logical_schema().hidden_flags();
  if (hidden.size() != exprs.size()) hidden.clear();
  return Make(std::move(exprs), input_, std::move(hidden));
}

}  // namespace quiver
