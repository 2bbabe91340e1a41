#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_union.h>
#include <quiver/optimizer/pull_up_correlated.h>

namespace quiver {
namespace {

bool PlanHasOuterColumn(const LogicalPlan& plan) {
  for (const auto& e : plan.expressions()) {
    if (ContainsOuterColumn(e)) return true;
  }
  for (const auto& in : plan.inputs()) {
    if (PlanHasOuterColumn(*in)) return true;
  }
  return false;
}

arrow::Status NotDecorrelated(const LogicalPlan& node) {
  return arrow::Status::NotImplemented("a correlated subquery with an outer reference under ",
                                       node.name(), " cannot be decorrelated");
}

void AddMissingColumns(const std::vector<LogicalExprPtr>& preds, const LogicalSchema& input,
                       std::vector<LogicalExprPtr>* exprs) {
  for (const auto& p : preds) {
    for (const auto& c : ExprColumns(p)) {
      bool present = false;
      for (const auto& e : *exprs) {
        present = present || (e->is(LogicalExprKind::kColumn) && e->column() == c);
      }
      auto found = input.find(c);
      if (!present && found.ok() && *found) exprs->push_back(LogicalExpr::Col(c));
    }
  }
}

arrow::Result<PulledSubquery> PullUp(const LogicalPlanPtr& plan) {
  PulledSubquery out;
  switch (plan->kind()) {
    case LogicalPlanKind::kFilter: {
      const auto& filter = static_cast<const LogicalFilter&>(*plan);
      ARROW_ASSIGN_OR_RAISE(out, PullUp(filter.input()));
      std::vector<LogicalExprPtr> kept;
      for (const auto& c : SplitConjunction(filter.predicate())) {
        if (ContainsOuterColumn(c)) {
          if (ContainsSubquery(c)) return NotDecorrelated(*plan);
          out.predicates.push_back(c);
        } else {
          kept.push_back(c);
        }
      }
      if (!kept.empty()) {
        ARROW_ASSIGN_OR_RAISE(out.plan, LogicalFilter::Make(Conjunction(kept), out.plan));
      }
      return out;
    }
    case LogicalPlanKind::kProjection: {
      const auto& projection = static_cast<const LogicalProjection&>(*plan);
      for (const auto& e : projection.exprs()) {
        if (ContainsOuterColumn(e)) return NotDecorrelated(*plan);
      }
      ARROW_ASSIGN_OR_RAISE(out, PullUp(projection.input()));
      std::vector<LogicalExprPtr> exprs = projection.exprs();
      // The predicates still need the columns they use above this projection.
      AddMissingColumns(out.predicates, out.plan->logical_schema(), &exprs);
      ARROW_ASSIGN_OR_RAISE(out.plan, LogicalProjection::Make(std::move(exprs), out.plan));
      return out;
    }
    case LogicalPlanKind::kAggregate: {
      const auto& agg = static_cast<const LogicalAggregate&>(*plan);
      for (const auto& e : agg.expressions()) {
        if (ContainsOuterColumn(e)) return NotDecorrelated(*plan);
      }
      ARROW_ASSIGN_OR_RAISE(out, PullUp(agg.input()));
      if (out.predicates.empty()) {
        ARROW_ASSIGN_OR_RAISE(out.plan, agg.with_new_inputs({out.plan}));
        return out;
      }
      // Per enclosing row, the aggregate runs over the matching rows only: group by the
      // columns the (equality) predicates compare.
      std::vector<LogicalExprPtr> groups = agg.group_exprs();
      for (const auto& p : out.predicates) {
        auto inner = InnerSideOfEquality(p);
        if (!inner) {
          return arrow::Status::NotImplemented(
              "a correlated subquery whose aggregate is correlated by ", p->to_string(),
              " (only equalities) cannot be decorrelated");
        }
      }
      AddMissingColumns(out.predicates, out.plan->logical_schema(), &groups);
      ARROW_ASSIGN_OR_RAISE(out.plan,
                            LogicalAggregate::Make(out.plan, std::move(groups), agg.aggr_exprs()));
      out.grouped_by_correlation = true;
      return out;
    }
    case LogicalPlanKind::kSubqueryAlias: {
      const auto& alias = static_cast<const LogicalSubqueryAlias&>(*plan);
      ARROW_ASSIGN_OR_RAISE(out, PullUp(alias.input()));
      const LogicalSchema& inner = out.plan->logical_schema();
      for (auto& p : out.predicates) {
        ARROW_ASSIGN_OR_RAISE(p, Requalify(p, inner, alias.alias()));
      }
      ARROW_ASSIGN_OR_RAISE(out.plan, LogicalSubqueryAlias::Make(out.plan, alias.alias()));
      return out;
    }
    case LogicalPlanKind::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(*plan);
      for (const auto& e : join.expressions()) {
        if (ContainsOuterColumn(e)) return NotDecorrelated(*plan);
      }
      ARROW_ASSIGN_OR_RAISE(auto left, PullUp(join.left()));
      ARROW_ASSIGN_OR_RAISE(auto right, PullUp(join.right()));
      // Moving a predicate above a join is only sound for the side it keeps as it is.
      const JoinType t = join.join_type();
      const bool left_ok = t == JoinType::kInner || t == JoinType::kLeft ||
                           t == JoinType::kLeftSemi || t == JoinType::kLeftAnti;
      const bool right_ok = t == JoinType::kInner || t == JoinType::kRight;
      if ((!left.predicates.empty() && !left_ok) || (!right.predicates.empty() && !right_ok)) {
        return NotDecorrelated(*plan);
      }
      ARROW_ASSIGN_OR_RAISE(out.plan, join.with(left.plan, right.plan, join.on(), join.filter()));
      out.predicates = std::move(left.predicates);
      for (auto& p : right.predicates) out.predicates.push_back(std::move(p));
      out.grouped_by_correlation = left.grouped_by_correlation || right.grouped_by_correlation;
      return out;
    }
    default:
      if (PlanHasOuterColumn(*plan)) return NotDecorrelated(*plan);
      out.plan = plan;
      return out;
  }
}

}  // namespace

LogicalExprPtr InnerSideOfEquality(const LogicalExprPtr& pred) {
  if (!pred->is(LogicalExprKind::kBinary) || pred->op() != BinaryOperator::kEq) return nullptr;
  auto outer_only = [](const LogicalExprPtr& e) {
    return ContainsOuterColumn(e) && ExprColumns(e).empty();
  };
  auto inner_only = [](const LogicalExprPtr& e) { return !ContainsOuterColumn(e); };
  if (outer_only(pred->left()) && inner_only(pred->right())) return pred->right();
  if (outer_only(pred->right()) && inner_only(pred->left())) return pred->left();
  return nullptr;
}

arrow::Result<PulledSubquery> PullUpCorrelated(const LogicalPlanPtr& plan) {
  ARROW_ASSIGN_OR_RAISE(auto out, PullUp(plan));
  if (PlanHasOuterColumn(*out.plan)) return NotDecorrelated(*out.plan);
  return out;
}

arrow::Result<LogicalExprPtr> OuterToColumns(const LogicalExprPtr& expr) {
  return TransformUp(expr, [](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    if (e->is(LogicalExprKind::kOuterColumn)) return LogicalExpr::Col(e->column());
    return e;
  });
}

arrow::Result<LogicalExprPtr> Requalify(const LogicalExprPtr& expr, const LogicalSchema& schema,
                                        const std::string& alias) {
  return TransformUp(expr, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    if (!e->is(LogicalExprKind::kColumn)) return e;
    auto found = schema.find(e->column());
    if (!found.ok() || !*found) return e;
    return LogicalExpr::Col(Column(alias, schema.field(**found)->name()));
  });
}

}  // namespace quiver
