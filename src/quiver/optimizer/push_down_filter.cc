#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/optimizer/push_down_filter.h>

namespace quiver {
namespace {

// Conjuncts a source can use for pruning: deterministic and made of columns and literals.
bool Pushable(const LogicalExprPtr& expr) {
  bool ok = true;
  VisitExpr(expr, [&](const LogicalExprPtr& e) {
    if (e->is(LogicalExprKind::kAggregateFunction)) ok = false;
    if (e->is(LogicalExprKind::kScalarFunction) && e->args().empty()) ok = false;
  });
  return ok && !expr->is(LogicalExprKind::kLiteral);
}

}  // namespace

arrow::Result<LogicalPlanPtr> PushDownFilter::rewrite(const LogicalPlanPtr& plan,
                                                      const SessionConfig&) const {
  return TransformPlanUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
    if (node->kind() != LogicalPlanKind::kFilter) return node;
    const auto& filter = static_cast<const LogicalFilter&>(*node);
    if (filter.input()->kind() != LogicalPlanKind::kTableScan) return node;
    const auto& scan = static_cast<const LogicalTableScan&>(*filter.input());
    std::vector<LogicalExprPtr> filters = scan.filters();
    bool added = false;
    for (const auto& conjunct : SplitConjunction(filter.predicate())) {
      if (!Pushable(conjunct) || ContainsExpr(filters, *conjunct)) continue;
      // The scan's filters are bound to the whole table; the Filter's columns resolve there.
      if (!conjunct->data_type(scan.source_schema()).ok()) continue;
      filters.push_back(conjunct);
      added = true;
    }
    if (!added) return node;
    ARROW_ASSIGN_OR_RAISE(auto new_scan, scan.with_new_expressions(std::move(filters)));
    return node->with_new_inputs({std::move(new_scan)});
  });
}

}  // namespace quiver
