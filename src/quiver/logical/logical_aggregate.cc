#include <arrow/type.h>
#include <quiver/logical/logical_aggregate.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalAggregate>> LogicalAggregate::Make(
    LogicalPlanPtr input, std::vector<LogicalExprPtr> group_exprs,
    std::vector<LogicalExprPtr> aggr_exprs) {
  arrow::FieldVector fields;
  std::vector<std::string> qualifiers;
  const LogicalSchema& in = input->logical_schema();
  for (const auto& g : group_exprs) {
    if (ContainsAggregate(g)) {
      return arrow::Status::Invalid("aggregate functions are not allowed in GROUP BY: ",
                                    g->to_string());
    }
    ARROW_ASSIGN_OR_RAISE(auto field, ExprField(*g, in, /*qualified_names=*/true));
    fields.push_back(std::move(field.first));
    qualifiers.push_back(std::move(field.second));
  }
  for (const auto& a : aggr_exprs) {
    if (!Unalias(a)->is(LogicalExprKind::kAggregateFunction)) {
      return arrow::Status::Invalid("not an aggregate function call: ", a->to_string());
    }
    for (const auto& arg : Unalias(a)->args()) {
      if (ContainsAggregate(arg)) {
        return arrow::Status::Invalid("aggregate function calls cannot be nested: ",
                                      a->to_string());
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto field, ExprField(*a, in, /*qualified_names=*/true));
    fields.push_back(std::move(field.first));
    qualifiers.emplace_back();
  }
  LogicalSchema schema(arrow::schema(std::move(fields)), std::move(qualifiers));
  return std::shared_ptr<LogicalAggregate>(new LogicalAggregate(
      std::move(schema), std::move(input), std::move(group_exprs), std::move(aggr_exprs)));
}

arrow::Result<LogicalPlanPtr> LogicalAggregate::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (inputs.size() != 1) return arrow::Status::Invalid("Aggregate takes one input");
  return Make(std::move(inputs[0]), group_exprs_, aggr_exprs_);
}

std::vector<LogicalExprPtr> LogicalAggregate::expressions() const {
  std::vector<LogicalExprPtr> out = group_exprs_;
  out.insert(out.end(), aggr_exprs_.begin(), aggr_exprs_.end());
  return out;
}

arrow::Result<LogicalPlanPtr> LogicalAggregate::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  if (exprs.size() != group_exprs_.size() + aggr_exprs_.size()) {
    return arrow::Status::Invalid("Aggregate expects ", group_exprs_.size() + aggr_exprs_.size(),
                                  " expressions");
  }
  std::vector<LogicalExprPtr> groups(exprs.begin(), exprs.begin() + group_exprs_.size());
  std::vector<LogicalExprPtr> aggrs(exprs.begin() + group_exprs_.size(), exprs.end());
  return Make(input_, std::move(groups), std::move(aggrs));
}

std::string LogicalAggregate::to_string() const {
  return "Aggregate: groupBy=[" + ExprListToString(group_exprs_) + "], aggr=[" +
         ExprListToString(aggr_exprs_) + "]";
}

}  // namespace quiver
