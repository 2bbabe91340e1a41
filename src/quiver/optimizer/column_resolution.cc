#include <quiver/optimizer/column_resolution.h>

namespace quiver {

bool ColumnsResolveIn(const LogicalExprPtr& expr, const LogicalSchema& schema) {
  if (ContainsOuterColumn(expr)) return false;
  for (const auto& c : ExprColumns(expr)) {
    auto found = schema.find(c);
    if (!found.ok() || !*found) return false;
  }
  return true;
}

bool ColumnsResolveInSide(const LogicalExprPtr& expr, const LogicalSchema& side,
                          const LogicalSchema& whole) {
  if (!ColumnsResolveIn(expr, side)) return false;
  for (const auto& c : ExprColumns(expr)) {
    auto in_whole = whole.find(c);
    // Ambiguous in `whole` (a self join without aliases): the side's reading stands.
    if (!in_whole.ok() || !*in_whole) continue;
    const int i = **in_whole;
    const int j = **side.find(c);
    if (whole.qualifier(i) != side.qualifier(j) ||
        whole.field(i)->name() != side.field(j)->name()) {
      return false;
    }
  }
  return true;
}

LogicalExprPtr SubstituteProjection(const LogicalExprPtr& expr, const LogicalSchema& output,
                                    const std::vector<LogicalExprPtr>& exprs) {
  bool ok = true;
  auto rewritten = TransformUp(expr, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    if (!e->is(LogicalExprKind::kColumn)) return e;
    auto found = output.find(e->column());
    if (!found.ok() || !*found) {
      ok = false;
      return e;
    }
    return Unalias(exprs[**found]);
  });
  if (!ok || !rewritten.ok()) return nullptr;
  return *rewritten;
}

}  // namespace quiver
