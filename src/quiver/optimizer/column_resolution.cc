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
