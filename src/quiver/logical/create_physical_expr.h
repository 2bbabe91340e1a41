#pragma once

#include <arrow/result.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_schema.h>
#include <quiver/physical/physical_expr.h>

namespace quiver {

/// \brief Lowers a logical expression to a physical one bound to `input_schema` (columns
/// become `ColumnExpr(name, index)` by resolving names there). Lives in the logical layer so
/// both the optimizer (constant folding evaluates literal-only expressions) and the physical
/// planner use the same lowering. Aliases are dropped; IN lists must hold only literals;
/// aggregate calls are Invalid here (HashAggregateExec lowers them).
arrow::Result<PhysicalExprPtr> CreatePhysicalExpr(const LogicalExpr& expr,
                                                  const LogicalSchema& input_schema);

}  // namespace quiver
