#include <arrow/type.h>
#include <quiver/logical/logical_plan.h>

namespace quiver {

arrow::Result<LogicalPlanPtr> LogicalPlan::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  if (!exprs.empty()) {
    return arrow::Status::Invalid(name(), " has no expressions to replace");
  }
  return std::const_pointer_cast<LogicalPlan>(shared_from_this());
}

std::string DisplayLogicalPlan(const LogicalPlan& plan, int indent) {
  std::string out(static_cast<size_t>(indent) * 2, ' ');
  out += plan.to_string();
  out += "\n";
  for (const auto& input : plan.inputs()) out += DisplayLogicalPlan(*input, indent + 1);
  return out;
}

std::string DisplayLogicalPlan(const std::shared_ptr<LogicalPlan>& plan) {
  return plan ? DisplayLogicalPlan(*plan, 0) : std::string("<no plan>\n");
}

arrow::Result<std::pair<std::shared_ptr<arrow::Field>, std::string>> ExprField(
    const LogicalExpr& expr, const LogicalSchema& input, bool qualified_names) {
  ARROW_ASSIGN_OR_RAISE(auto type, expr.data_type(input));
  bool nullable = expr.nullable(input);
  std::string qualifier;
  std::string name;
  if (expr.is(LogicalExprKind::kAlias)) {
    name = expr.alias();
  } else if (expr.is(LogicalExprKind::kColumn)) {
    ARROW_ASSIGN_OR_RAISE(int i, input.index_of(expr.column()));
    name = input.field(i)->name();
    qualifier = input.qualifier(i);
  } else {
    name = qualified_names ? expr.to_string() : expr.display_name();
  }
  return std::make_pair(arrow::field(name, type, nullable), qualifier);
}

std::string ExprListToString(const std::vector<LogicalExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i]->to_string();
  }
  return out;
}

}  // namespace quiver
