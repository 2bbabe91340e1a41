#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_expr_set.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/optimizer/column_resolution.h>
#include <quiver/optimizer/push_down_filter.h>


namespace quiver {
namespace {

using Conjuncts = std::vector<LogicalExprPtr>;

// Conjuncts that may move: deterministic, no aggregates, subqueries or outer references.
bool Movable(const LogicalExprPtr& expr) {
  bool ok =
      !expr->is(LogicalExprKind::kLiteral) && !ContainsSubquery(expr) && !ContainsOuterColumn(expr);
  VisitExpr(expr, [&](const LogicalExprPtr& e) {
    if (e->is(LogicalExprKind::kAggregateFunction)) ok = false;
    if (e->is(LogicalExprKind::kScalarFunction) && e->args().empty()) ok = false;
  });
  return ok;
}

arrow::Result<LogicalPlanPtr> Optimize(const LogicalPlanPtr& plan);
arrow::Result<LogicalPlanPtr> PushInto(const LogicalPlanPtr& plan, Conjuncts conjuncts);

arrow::Result<LogicalPlanPtr> FilterOver(LogicalPlanPtr plan, const Conjuncts& conjuncts) {
  if (conjuncts.empty()) return plan;
  ARROW_ASSIGN_OR_RAISE(auto filter, LogicalFilter::Make(Conjunction(conjuncts), std::move(plan)));
  return filter;
}

// Rewrites `conjuncts` over `to` where each is expressed over `from`'s columns positionally
// (column i of `from` is column i of `to`); false when a conjunct cannot be.
bool MapPositional(const LogicalSchema& from, const LogicalSchema& to, const LogicalExprPtr& e,
                   LogicalExprPtr* out) {
  std::vector<LogicalExprPtr> columns;
  for (int i = 0; i < to.num_fields(); ++i) columns.push_back(LogicalExpr::Col(to.column(i)));
  *out = SubstituteProjection(e, from, columns);
  return *out != nullptr;
}

void Disjuncts(const LogicalExprPtr& e, std::vector<LogicalExprPtr>* out) {
  if (e->is(LogicalExprKind::kBinary) && e->op() == BinaryOperator::kOr) {
    Disjuncts(e->left(), out);
    Disjuncts(e->right(), out);
  } else {
    out->push_back(e);
  }
}

// What an OR spanning both sides implies for one side: when every disjunct has conjuncts on
// `side` only, their OR (TPC-H Q7: (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND
// n2 = 'FRANCE') implies n1 IN both and n2 IN both). Null when it implies nothing there.
LogicalExprPtr ImpliedOn(const LogicalExprPtr& condition, const LogicalSchema& side,
                         const LogicalSchema& whole) {
  if (!condition->is(LogicalExprKind::kBinary) || condition->op() != BinaryOperator::kOr) {
    return nullptr;
  }
  std::vector<LogicalExprPtr> disjuncts;
  Disjuncts(condition, &disjuncts);
  LogicalExprPtr out;
  for (const auto& d : disjuncts) {
    std::vector<LogicalExprPtr> mine;
    for (const auto& c : SplitConjunction(d)) {
      if (Movable(c) && ColumnsResolveInSide(c, side, whole) && !ExprColumns(c).empty()) {
        mine.push_back(c);
      }
    }
    if (mine.empty()) return nullptr;
    auto conj = Conjunction(mine);
    out = out ? LogicalExpr::Binary(out, BinaryOperator::kOr, conj) : conj;
  }
  return out;
}

arrow::Result<LogicalPlanPtr> PushIntoJoin(const LogicalJoin& join, Conjuncts above) {
  const LogicalSchema& ls = join.left()->logical_schema();
  const LogicalSchema& rs = join.right()->logical_schema();
  const LogicalSchema& whole = join.combined_schema();
  const JoinType t = join.join_type();
  // Which sides keep their rows unchanged in the output (a filter there can go first).
  const bool left_kept = t == JoinType::kInner || t == JoinType::kLeft ||
                         t == JoinType::kLeftSemi || t == JoinType::kLeftAnti ||
                         t == JoinType::kLeftMark;
  const bool right_kept = t == JoinType::kInner || t == JoinType::kRight;
  Conjuncts to_left, to_right, stay_above, condition;
  for (auto& c : above) {
    if (!Movable(c)) {
      stay_above.push_back(std::move(c));
    } else if (left_kept && ColumnsResolveInSide(c, ls, whole)) {
      to_left.push_back(std::move(c));
    } else if (right_kept && ColumnsResolveInSide(c, rs, whole)) {
      to_right.push_back(std::move(c));
    } else if (t == JoinType::kInner && ColumnsResolveIn(c, join.combined_schema())) {
      condition.push_back(std::move(c));
    } else {
      stay_above.push_back(std::move(c));
    }
  }
  // The join's own condition: a side only looked up may be filtered first.
  const bool left_looked_up =
      t == JoinType::kInner || t == JoinType::kRight || t == JoinType::kLeftSemi;
  const bool right_looked_up = t == JoinType::kInner || t == JoinType::kLeft ||
                               t == JoinType::kLeftSemi || t == JoinType::kLeftAnti ||
                               t == JoinType::kLeftMark;
  if (join.filter() && !join.null_aware()) {
    for (auto& c : SplitConjunction(join.filter())) {
      if (Movable(c) && left_looked_up && ColumnsResolveInSide(c, ls, whole) &&
          !ExprColumns(c).empty()) {
        to_left.push_back(std::move(c));
      } else if (Movable(c) && right_looked_up && ColumnsResolveInSide(c, rs, whole) &&
                 !ExprColumns(c).empty()) {
        to_right.push_back(std::move(c));
      } else {
        condition.push_back(std::move(c));
      }
    }
  } else if (join.filter()) {
    condition.push_back(join.filter());
  }
  // ORs over both sides still narrow each side (they stay where they are, too).
  auto add_implied = [&](const LogicalExprPtr& c, bool into_left, bool into_right) {
    if (into_left) {
      if (auto l = ImpliedOn(c, ls, whole)) to_left.push_back(std::move(l));
    }
    if (into_right) {
      if (auto r = ImpliedOn(c, rs, whole)) to_right.push_back(std::move(r));
    }
  };
  for (const auto& c : stay_above) add_implied(c, left_kept, right_kept);
  for (const auto& c : condition) add_implied(c, left_looked_up, right_looked_up);
  ARROW_ASSIGN_OR_RAISE(auto left, PushInto(join.left(), std::move(to_left)));
  ARROW_ASSIGN_OR_RAISE(auto right, PushInto(join.right(), std::move(to_right)));
  ARROW_ASSIGN_OR_RAISE(auto rebuilt, join.with(left, right, join.on(), Conjunction(condition)));
  return FilterOver(rebuilt, stay_above);
}

// `plan` with `conjuncts` applied (as low as they can go), equivalent to Filter(conjuncts, plan).
arrow::Result<LogicalPlanPtr> PushInto(const LogicalPlanPtr& plan, Conjuncts conjuncts) {
  switch (plan->kind()) {
    case LogicalPlanKind::kFilter: {
      const auto& filter = static_cast<const LogicalFilter&>(*plan);
      LogicalExprSet seen(conjuncts);
      for (auto& c : SplitConjunction(filter.predicate())) {
        if (seen.insert(c)) conjuncts.push_back(std::move(c));
      }
      return PushInto(filter.input(), std::move(conjuncts));
    }
    case LogicalPlanKind::kJoin:
      return PushIntoJoin(static_cast<const LogicalJoin&>(*plan), std::move(conjuncts));
    case LogicalPlanKind::kProjection: {
      const auto& projection = static_cast<const LogicalProjection&>(*plan);
      Conjuncts below, above;
      for (auto& c : conjuncts) {
        LogicalExprPtr s = Movable(c)
                               ? SubstituteProjection(c, plan->logical_schema(), projection.exprs())
                               : nullptr;
        if (s && Movable(s)) {
          below.push_back(std::move(s));
        } else {
          above.push_back(std::move(c));
        }
      }
      ARROW_ASSIGN_OR_RAISE(auto input, PushInto(projection.input(), std::move(below)));
      ARROW_ASSIGN_OR_RAISE(auto rebuilt, plan->with_new_inputs({input}));
      return FilterOver(rebuilt, above);
    }
    case LogicalPlanKind::kSubqueryAlias:
    case LogicalPlanKind::kSort: {
      auto input = plan->inputs()[0];
      Conjuncts below, above;
      for (auto& c : conjuncts) {
        LogicalExprPtr mapped;
        if (Movable(c) &&
            MapPositional(plan->logical_schema(), input->logical_schema(), c, &mapped)) {
          below.push_back(std::move(mapped));
        } else {
          above.push_back(std::move(c));
        }
      }
      ARROW_ASSIGN_OR_RAISE(auto pushed, PushInto(input, std::move(below)));
      ARROW_ASSIGN_OR_RAISE(auto rebuilt, plan->with_new_inputs({pushed}));
      return FilterOver(rebuilt, above);
    }
    case LogicalPlanKind::kUnion: {
      Conjuncts movable, above;
      for (auto& c : conjuncts) (Movable(c) ? movable : above).push_back(std::move(c));
      std::vector<LogicalPlanPtr> inputs;
      for (const auto& input : plan->inputs()) {
        Conjuncts mine;
        for (const auto& c : movable) {
          LogicalExprPtr mapped;
          if (!MapPositional(plan->logical_schema(), input->logical_schema(), c, &mapped)) {
            return arrow::Status::Invalid("union column mapping failed for ", c->to_string());
          }
          mine.push_back(std::move(mapped));
        }
        ARROW_ASSIGN_OR_RAISE(auto pushed, PushInto(input, std::move(mine)));
        inputs.push_back(std::move(pushed));
      }
      ARROW_ASSIGN_OR_RAISE(auto rebuilt, plan->with_new_inputs(std::move(inputs)));
      return FilterOver(rebuilt, above);
    }
    case LogicalPlanKind::kAggregate: {
      const auto& agg = static_cast<const LogicalAggregate&>(*plan);
      // Group columns that are plain input columns map to those columns.
      const LogicalSchema& out = plan->logical_schema();
      std::vector<LogicalExprPtr> definitions(out.num_fields());
      for (size_t i = 0; i < agg.group_exprs().size(); ++i) {
        if (Unalias(agg.group_exprs()[i])->is(LogicalExprKind::kColumn)) {
          definitions[i] = Unalias(agg.group_exprs()[i]);
        }
      }
      Conjuncts below, above;
      // Without groups the aggregate yields one row even from no input (count(*) = 0): only
      // conjuncts on its output may decide that row, so nothing moves below it.
      const bool global = agg.group_exprs().empty();
      for (auto& c : conjuncts) {
        bool on_groups = !global && Movable(c);
        for (const auto& col : ExprColumns(c)) {
          auto found = out.find(col);
          on_groups = on_groups && found.ok() && *found && definitions[**found];
        }
        LogicalExprPtr s = on_groups ? SubstituteProjection(c, out, definitions) : nullptr;
        (s ? below : above).push_back(s ? s : c);
      }
      ARROW_ASSIGN_OR_RAISE(auto input, PushInto(agg.input(), std::move(below)));
      ARROW_ASSIGN_OR_RAISE(auto rebuilt, plan->with_new_inputs({input}));
      return FilterOver(rebuilt, above);
    }
    case LogicalPlanKind::kTableScan: {
      if (conjuncts.empty()) return plan;
      const auto& scan = static_cast<const LogicalTableScan&>(*plan);
      std::vector<LogicalExprPtr> filters = scan.filters();
      LogicalExprSet present(filters);
      bool added = false;
      for (const auto& c : conjuncts) {
        if (!Movable(c) || present.contains(c)) continue;
        // The scan's filters are bound to the whole table; the Filter's columns resolve there.
        if (!c->data_type(scan.source_schema()).ok()) continue;
        present.insert(c);
        filters.push_back(c);
        added = true;
      }
      LogicalPlanPtr out = plan;
      if (added) {
        ARROW_ASSIGN_OR_RAISE(out, scan.with_new_expressions(std::move(filters)));
      }
      return FilterOver(out, conjuncts);
    }
    default: {
      ARROW_ASSIGN_OR_RAISE(auto optimized, Optimize(plan));
      return FilterOver(optimized, conjuncts);
    }
  }
}

// The plan with every filter (and join condition) pushed down.
arrow::Result<LogicalPlanPtr> Optimize(const LogicalPlanPtr& plan) {
  if (plan->kind() == LogicalPlanKind::kFilter || plan->kind() == LogicalPlanKind::kJoin) {
    return PushInto(plan, {});
  }
  auto inputs = plan->inputs();
  bool changed = false;
  for (auto& input : inputs) {
    ARROW_ASSIGN_OR_RAISE(auto optimized, Optimize(input));
    changed = changed || optimized != input;
    input = std::move(optimized);
  }
  if (!changed) return plan;
  return plan->with_new_inputs(std::move(inputs));
}

}  // namespace

arrow::Result<LogicalPlanPtr> PushDownFilter::rewrite(const LogicalPlanPtr& plan,
                                                      const SessionConfig&) const {
  return Optimize(plan);
}

}  // namespace quiver
