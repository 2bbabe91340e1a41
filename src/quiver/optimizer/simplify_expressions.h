#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Constant folding and expression simplification in every node:
/// - expressions over literals only are evaluated (through the physical expressions, on a
///   one-row batch, so folding and execution agree): `0.06 - 0.01` → 0.05;
/// - DATE/TIMESTAMP literal ± INTERVAL literal, months and years clamped to the month's end
///   (`DATE '2024-01-31' + INTERVAL '1' MONTH` → 2024-02-29);
/// - `x AND true` → x, `x AND false` → false, `x OR true` → true, `x OR false` → x,
///   `NOT NOT x` → x;
/// - a literal compared with a column adopts the column's type when that is exact.
/// Projection and aggregate outputs keep their names (an alias is added when folding would
/// rename them).
class SimplifyExpressions : public OptimizerRule {
 public:
  std::string_view name() const override { return "simplify_expressions"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;

  /// Simplifies one expression written against `schema`.
  static arrow::Result<LogicalExprPtr> Simplify(const LogicalExprPtr& expr,
                                                const LogicalSchema& schema);
};

}  // namespace quiver
