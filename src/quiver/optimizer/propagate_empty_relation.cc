#include <arrow/scalar.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/optimizer/propagate_empty_relation.h>

#include <algorithm>

namespace quiver {
namespace {

bool IsEmpty(const LogicalPlanPtr& plan) {
  return plan->kind() == LogicalPlanKind::kEmptyRelation &&
         !static_cast<const LogicalEmptyRelation&>(*plan).produce_one_row();
}

// A predicate no row passes: the literal false, or NULL of any type.
bool NeverTrue(const LogicalExprPtr& predicate) {
  if (!predicate->is(LogicalExprKind::kLiteral)) return false;
  const auto& value = *predicate->value();
  if (!value.is_valid) return true;
  return value.type->id() == arrow::Type::BOOL &&
         !static_cast<const arrow::BooleanScalar&>(value).value;
}

// Whether `join` outputs no row when its empty sides are those flagged.
bool JoinIsEmpty(JoinType type, bool left_empty, bool right_empty) {
  switch (type) {
    case JoinType::kInner:
    case JoinType::kLeftSemi:
    case JoinType::kRightSemi:
      return left_empty || right_empty;
    case JoinType::kLeft:
    case JoinType::kLeftAnti:
    case JoinType::kLeftMark:
      return left_empty;
    case JoinType::kRight:
    case JoinType::kRightAnti:
    case JoinType::kRightMark:
      return right_empty;
    case JoinType::kFull:
      return left_empty && right_empty;
  }
  return false;
}

}  // namespace

arrow::Result<LogicalPlanPtr> PropagateEmptyRelation::rewrite(const LogicalPlanPtr& plan,
                                                              const SessionConfig&) const {
  return TransformPlanUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
    const auto empty = [&] {
      return LogicalEmptyRelation::Make(/*produce_one_row=*/false, node->logical_schema());
    };
    const auto inputs = node->inputs();
    switch (node->kind()) {
      case LogicalPlanKind::kFilter:
        if (NeverTrue(static_cast<const LogicalFilter&>(*node).predicate()) ||
            IsEmpty(inputs[0])) {
          return empty();
        }
        return node;
      case LogicalPlanKind::kProjection:
      case LogicalPlanKind::kSort:
      case LogicalPlanKind::kLimit:
      case LogicalPlanKind::kSubqueryAlias:
        return IsEmpty(inputs[0]) ? empty() : node;
      case LogicalPlanKind::kAggregate:
        // Without GROUP BY an aggregate answers one row even over no input.
        return IsEmpty(inputs[0]) &&
                       !static_cast<const LogicalAggregate&>(*node).group_exprs().empty()
                   ? empty()
                   : node;
      case LogicalPlanKind::kJoin:
        return JoinIsEmpty(static_cast<const LogicalJoin&>(*node).join_type(),
                           IsEmpty(inputs[0]), IsEmpty(inputs[1]))
                   ? empty()
                   : node;
      case LogicalPlanKind::kUnion:
        return std::all_of(inputs.begin(), inputs.end(), IsEmpty) ? empty() : node;
      default:
        return node;
    }
  });
}

}  // namespace quiver
