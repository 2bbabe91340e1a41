#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/optimizer/cardinality.h>
#include <quiver/optimizer/column_resolution.h>
#include <quiver/optimizer/reorder_joins.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

namespace quiver {
namespace {

bool IsInnerJoin(const LogicalPlanPtr& plan) {
  if (plan->kind() != LogicalPlanKind::kJoin) return false;
  const auto& join = static_cast<const LogicalJoin&>(*plan);
  return join.join_type() == JoinType::kInner && !join.null_equals_null();
}

// The leaves and conditions of a tree of inner joins.
void Flatten(const LogicalPlanPtr& plan, std::vector<LogicalPlanPtr>* leaves,
             std::vector<LogicalExprPtr>* conditions) {
  if (!IsInnerJoin(plan)) {
    leaves->push_back(plan);
    return;
  }
  const auto& join = static_cast<const LogicalJoin&>(*plan);
  Flatten(join.left(), leaves, conditions);
  Flatten(join.right(), leaves, conditions);
  for (const auto& [l, r] : join.on()) {
    conditions->push_back(LogicalExpr::Binary(l, BinaryOperator::kEq, r));
  }
  if (join.filter()) {
    for (auto& c : SplitConjunction(join.filter())) conditions->push_back(std::move(c));
  }
}

// The conditions a single inner join applies (its keys as equalities, then its filter),
// each as text with an equality's sides in a fixed order, sorted: comparable across joins
// that hold them as keys or as a filter, in either orientation.
std::vector<std::string> ConditionKeys(const LogicalJoin& join) {
  std::vector<LogicalExprPtr> conditions;
  for (const auto& [l, r] : join.on()) {
    conditions.push_back(LogicalExpr::Binary(l, BinaryOperator::kEq, r));
  }
  if (join.filter()) {
    for (auto& c : SplitConjunction(join.filter())) conditions.push_back(std::move(c));
  }
  std::vector<std::string> keys;
  for (const auto& c : conditions) {
    if (c->is(LogicalExprKind::kBinary) && c->op() == BinaryOperator::kEq) {
      std::string a = c->left()->to_string(), b = c->right()->to_string();
      if (b < a) std::swap(a, b);
      keys.push_back(a + " = " + b);
    } else {
      keys.push_back(c->to_string());
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// True when the inner-join trees `a` and `b` join the same leaves in the same places with the
// same conditions: reordering chose the order the plan already has.
bool SameJoinTree(const LogicalPlanPtr& a, const LogicalPlanPtr& b) {
  if (!IsInnerJoin(a) || !IsInnerJoin(b)) return a == b;
  const auto& ja = static_cast<const LogicalJoin&>(*a);
  const auto& jb = static_cast<const LogicalJoin&>(*b);
  return SameJoinTree(ja.left(), jb.left()) && SameJoinTree(ja.right(), jb.right()) &&
         ConditionKeys(ja) == ConditionKeys(jb);
}

// `plan`'s tree of inner joins with its leaves replaced, in order, by `leaves`.
arrow::Result<LogicalPlanPtr> WithLeaves(const LogicalPlanPtr& plan,
                                         const std::vector<LogicalPlanPtr>& leaves, size_t* next) {
  if (!IsInnerJoin(plan)) return leaves[(*next)++];
  const auto& join = static_cast<const LogicalJoin&>(*plan);
  ARROW_ASSIGN_OR_RAISE(auto left, WithLeaves(join.left(), leaves, next));
  ARROW_ASSIGN_OR_RAISE(auto right, WithLeaves(join.right(), leaves, next));
  if (left == join.left() && right == join.right()) return plan;
  return plan->with_new_inputs({std::move(left), std::move(right)});
}

bool HasDuplicateColumns(const LogicalSchema& schema) {
  std::set<Column> seen;
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (!seen.insert(schema.column(i)).second) return true;
  }
  return false;
}

struct Component {
  LogicalPlanPtr plan;
  CardinalityEstimate estimate;
};

// True when `c` is an equality whose sides lie in a and b respectively.
bool Connects(const LogicalExprPtr& c, const LogicalSchema& a, const LogicalSchema& b) {
  if (!c->is(LogicalExprKind::kBinary) || c->op() != BinaryOperator::kEq) return false;
  return (ColumnsResolveIn(c->left(), a) && ColumnsResolveIn(c->right(), b) &&
          !ExprColumns(c->left()).empty() && !ExprColumns(c->right()).empty()) ||
         (ColumnsResolveIn(c->left(), b) && ColumnsResolveIn(c->right(), a) &&
          !ExprColumns(c->left()).empty() && !ExprColumns(c->right()).empty());
}

arrow::Result<LogicalPlanPtr> Visit(const LogicalPlanPtr& plan);

arrow::Result<LogicalPlanPtr> Reorder(const LogicalPlanPtr& root) {
  std::vector<LogicalPlanPtr> leaves;
  std::vector<LogicalExprPtr> conditions;
  Flatten(root, &leaves, &conditions);
  bool leaves_changed = false;
  for (auto& leaf : leaves) {
    ARROW_ASSIGN_OR_RAISE(auto v, Visit(leaf));
    leaves_changed = leaves_changed || v != leaf;
    leaf = std::move(v);
  }
  // Two inputs: keep them; the physical planner picks the build side. The same table twice
  // under one name (`from t1, t1, t2`) holds columns no name selects, so no projection could
  // restore the column order of another tree: keep that tree's order too.
  if (leaves.size() < 3 || HasDuplicateColumns(root->logical_schema())) {
    if (!leaves_changed) return root;
    size_t next = 0;
    return WithLeaves(root, leaves, &next);
  }
  std::vector<Component> parts;
  for (const auto& leaf : leaves) parts.push_back({leaf, EstimateCardinality(*leaf)});
  std::vector<bool> used(conditions.size(), false);
  while (parts.size() > 1) {
    size_t best_i = 0, best_j = 1;
    double best = std::numeric_limits<double>::infinity();
    bool best_connected = false;
    CardinalityEstimate best_estimate;
    for (size_t i = 0; i < parts.size(); ++i) {
      for (size_t j = i + 1; j < parts.size(); ++j) {
        const auto& a = parts[i].plan->logical_schema();
        const auto& b = parts[j].plan->logical_schema();
        bool connected = false;
        CardinalityEstimate e = EstimateJoin(parts[i].estimate, parts[j].estimate, false);
        for (size_t k = 0; k < conditions.size(); ++k) {
          if (used[k] || !Connects(conditions[k], a, b)) continue;
          // Orient the equality: its left side over `a`.
          const auto& c = conditions[k];
          const bool straight = ColumnsResolveIn(c->left(), a);
          const auto& ea = straight ? c->left() : c->right();
          const auto& eb = straight ? c->right() : c->left();
          auto candidate = EstimateEquiJoin(parts[i].estimate, parts[j].estimate,
                                            EstimateDistinct(*parts[i].plan, ea),
                                            EstimateDistinct(*parts[j].plan, eb));
          if (!connected || candidate.rows < e.rows) e = candidate;
          connected = true;
        }
        // A connected pair always wins over a cross product.
        if ((connected && !best_connected) || (connected == best_connected && e.rows < best)) {
          best = e.rows;
          best_estimate = e;
          best_i = i;
          best_j = j;
          best_connected = connected;
        }
      }
    }
    Component& a = parts[best_i];
    Component& b = parts[best_j];
    // The larger input on the left: the physical planner builds on the smaller one.
    LogicalPlanPtr left = a.estimate.rows >= b.estimate.rows ? a.plan : b.plan;
    LogicalPlanPtr right = a.estimate.rows >= b.estimate.rows ? b.plan : a.plan;
    LogicalSchema combined = left->logical_schema().join(right->logical_schema());
    std::vector<LogicalExprPtr> here;
    for (size_t k = 0; k < conditions.size(); ++k) {
      if (!used[k] && ColumnsResolveIn(conditions[k], combined)) {
        here.push_back(conditions[k]);
        used[k] = true;
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto joined,
                          LogicalJoin::Make(left, right, JoinType::kInner, {}, Conjunction(here)));
    Component merged{joined, best_estimate};
    parts.erase(parts.begin() + best_j);
    parts[best_i] = std::move(merged);
  }
  LogicalPlanPtr out = parts[0].plan;
  std::vector<LogicalExprPtr> rest;
  for (size_t k = 0; k < conditions.size(); ++k) {
    if (!used[k]) rest.push_back(conditions[k]);
  }
  // The order the tree already has (a second optimizer run over an ordered tree): keep it as
  // it is, so the rule is idempotent.
  if (rest.empty() && !leaves_changed && SameJoinTree(out, root)) return root;
  if (!rest.empty()) {
    ARROW_ASSIGN_OR_RAISE(out, LogicalFilter::Make(Conjunction(rest), out));
  }
  // The original column order, unless the new tree already has it.
  const LogicalSchema& schema = root->logical_schema();
  const LogicalSchema& reordered = out->logical_schema();
  bool same_order = reordered.num_fields() == schema.num_fields();
  for (int i = 0; same_order && i < schema.num_fields(); ++i) {
    same_order = reordered.column(i) == schema.column(i);
  }
  if (same_order) return out;
  std::vector<LogicalExprPtr> columns;
  for (int i = 0; i < schema.num_fields(); ++i)
    columns.push_back(LogicalExpr::Col(schema.column(i)));
  ARROW_ASSIGN_OR_RAISE(auto projected, LogicalProjection::Make(std::move(columns), out));
  return projected;
}

arrow::Result<LogicalPlanPtr> Visit(const LogicalPlanPtr& plan) {
  if (IsInnerJoin(plan)) return Reorder(plan);
  auto inputs = plan->inputs();
  bool changed = false;
  for (auto& input : inputs) {
    ARROW_ASSIGN_OR_RAISE(auto v, Visit(input));
    changed = changed || v != input;
    input = std::move(v);
  }
  if (!changed) return plan;
  return plan->with_new_inputs(std::move(inputs));
}

}  // namespace

arrow::Result<LogicalPlanPtr> ReorderJoins::rewrite(const LogicalPlanPtr& plan,
                                                    const SessionConfig&) const {
  return Visit(plan);
}

}  // namespace quiver
