#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/optimizer/cardinality.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace quiver {
namespace {

// A column compared for equality with constants: the column and how many constants.
std::optional<std::pair<LogicalExprPtr, size_t>> EqualityWithConstants(const LogicalExprPtr& c) {
  auto constant = [](const LogicalExprPtr& e) { return ExprColumns(e).empty(); };
  if (c->is(LogicalExprKind::kBinary) && c->op() == BinaryOperator::kEq) {
    if (Unalias(c->left())->is(LogicalExprKind::kColumn) && constant(c->right())) {
      return std::make_pair(c->left(), size_t{1});
    }
    if (Unalias(c->right())->is(LogicalExprKind::kColumn) && constant(c->left())) {
      return std::make_pair(c->right(), size_t{1});
    }
  }
  if (c->is(LogicalExprKind::kInList) && !c->negated() &&
      Unalias(c->arg())->is(LogicalExprKind::kColumn)) {
    const auto list = c->list();
    if (std::all_of(list.begin(), list.end(), constant)) {
      return std::make_pair(c->arg(), list.size());
    }
  }
  return std::nullopt;
}

// A column equal to one of k constants keeps k / (its distinct values) of the rows when the
// source can estimate those (dictionary sizes, integer ranges). Otherwise each conjunct keeps
// a fifth of the rows, an equality a tenth (DuckDB and DataFusion use comparable defaults).
double ConjunctSelectivity(const LogicalExprPtr& c, const LogicalPlan& input) {
  if (auto equality = EqualityWithConstants(c)) {
    if (auto ndv = EstimateDistinct(input, equality->first); ndv && *ndv >= 1) {
      return std::min(1.0, static_cast<double>(equality->second) / *ndv);
    }
  }
  if (c->is(LogicalExprKind::kBinary) && c->op() == BinaryOperator::kEq) return 0.1;
  return 0.2;
}

// Rows assumed for a source that cannot say.
constexpr double kUnknownRows = 1000;

}  // namespace

CardinalityEstimate EstimateJoin(const CardinalityEstimate& a, const CardinalityEstimate& b,
                                 bool connected) {
  if (!connected) return {a.rows * b.rows, std::max(a.base_rows, b.base_rows)};
  // A foreign-key join keeps the rows of the larger side that find the smaller side's keys:
  // as many as the smaller side kept of its table.
  const CardinalityEstimate& big = a.rows >= b.rows ? a : b;
  const CardinalityEstimate& small = a.rows >= b.rows ? b : a;
  double kept = small.base_rows > 0 ? std::min(1.0, small.rows / small.base_rows) : 1.0;
  return {std::max(1.0, big.rows * kept), big.base_rows};
}

CardinalityEstimate EstimateEquiJoin(const CardinalityEstimate& a, const CardinalityEstimate& b,
                                     std::optional<double> ndv_a, std::optional<double> ndv_b) {
  if (!ndv_a || !ndv_b) return EstimateJoin(a, b, true);
  const double ndv = std::max({*ndv_a, *ndv_b, 1.0});
  return {std::max(1.0, a.rows * b.rows / ndv), std::max(a.base_rows, b.base_rows)};
}

std::optional<double> EstimateDistinct(const LogicalPlan& plan, const LogicalExprPtr& expr) {
  const LogicalExprPtr& e = Unalias(expr);
  if (!e->is(LogicalExprKind::kColumn)) return std::nullopt;
  auto index = plan.logical_schema().find(e->column());
  if (!index.ok() || !*index) return std::nullopt;
  const int i = **index;
  const double rows = EstimateCardinality(plan).rows;
  auto cap = [&](std::optional<double> v) -> std::optional<double> {
    if (!v) return v;
    return std::min(*v, rows);
  };
  switch (plan.kind()) {
    case LogicalPlanKind::kTableScan: {
      const auto& scan = static_cast<const LogicalTableScan&>(plan);
      const int source = scan.projection() ? (*scan.projection())[i] : i;
      auto bound = scan.provider()->distinct_estimate(source);
      if (!bound) return std::nullopt;
      return cap(static_cast<double>(*bound));
    }
    case LogicalPlanKind::kFilter:
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kLimit:
      return cap(EstimateDistinct(*plan.inputs()[0], e));
    case LogicalPlanKind::kSubqueryAlias: {
      auto input = plan.inputs()[0];
      return cap(EstimateDistinct(*input, LogicalExpr::Col(input->logical_schema().column(i))));
    }
    case LogicalPlanKind::kProjection:
    case LogicalPlanKind::kAggregate: {
      auto exprs = plan.expressions();
      if (i >= static_cast<int>(exprs.size())) return std::nullopt;
      return cap(EstimateDistinct(*plan.inputs()[0], exprs[i]));
    }
    case LogicalPlanKind::kJoin: {
      for (const auto& input : plan.inputs()) {
        auto found = input->logical_schema().find(e->column());
        if (found.ok() && *found) return cap(EstimateDistinct(*input, e));
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

CardinalityEstimate EstimateCardinality(const LogicalPlan& plan) {
  switch (plan.kind()) {
    case LogicalPlanKind::kTableScan: {
      auto stats = static_cast<const LogicalTableScan&>(plan).provider()->statistics();
      double rows = stats.num_rows ? static_cast<double>(*stats.num_rows) : kUnknownRows;
      return {rows, rows};
    }
    case LogicalPlanKind::kFilter: {
      auto in = EstimateCardinality(*plan.inputs()[0]);
      double s = 1;
      for (const auto& c : SplitConjunction(static_cast<const LogicalFilter&>(plan).predicate())) {
        s *= ConjunctSelectivity(c, *plan.inputs()[0]);
      }
      return {std::max(1.0, in.rows * std::max(s, 0.001)), in.base_rows};
    }
    case LogicalPlanKind::kAggregate: {
      auto in = EstimateCardinality(*plan.inputs()[0]);
      if (static_cast<const LogicalAggregate&>(plan).group_exprs().empty()) return {1, 1};
      return {std::max(1.0, in.rows / 10), std::max(1.0, in.rows / 10)};
    }
    case LogicalPlanKind::kLimit: {
      auto in = EstimateCardinality(*plan.inputs()[0]);
      const auto& limit = static_cast<const LogicalLimit&>(plan);
      if (limit.fetch()) in.rows = std::min(in.rows, static_cast<double>(*limit.fetch()));
      return in;
    }
    case LogicalPlanKind::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(plan);
      auto l = EstimateCardinality(*join.left());
      auto r = EstimateCardinality(*join.right());
      switch (join.join_type()) {
        case JoinType::kLeftSemi:
        case JoinType::kLeftAnti:
        case JoinType::kLeftMark:
          return l;
        case JoinType::kRightSemi:
        case JoinType::kRightAnti:
        case JoinType::kRightMark:
          return r;
        default: {
          CardinalityEstimate best{std::numeric_limits<double>::infinity(), 0};
          if (join.on().empty()) {
            best = EstimateJoin(l, r, false);
          } else {
            // The most selective key decides.
            for (const auto& [lk, rk] : join.on()) {
              auto e = EstimateEquiJoin(l, r, EstimateDistinct(*join.left(), lk),
                                        EstimateDistinct(*join.right(), rk));
              if (e.rows < best.rows) best = e;
            }
          }
          // An outer join keeps every row of its preserved side(s), matched or not.
          const JoinType type = join.join_type();
          if (type == JoinType::kLeft || type == JoinType::kFull) {
            best.rows = std::max(best.rows, l.rows);
          }
          if (type == JoinType::kRight || type == JoinType::kFull) {
            best.rows = std::max(best.rows, r.rows);
          }
          return best;
        }
      }
    }
    case LogicalPlanKind::kEmptyRelation:
      return {1, 1};
    case LogicalPlanKind::kMaxOneRow:
      return {1, 1};
    default: {
      CardinalityEstimate sum;
      for (const auto& in : plan.inputs()) {
        auto e = EstimateCardinality(*in);
        sum.rows += e.rows;
        sum.base_rows = std::max(sum.base_rows, e.base_rows);
      }
      return sum;
    }
  }
}

}  // namespace quiver
