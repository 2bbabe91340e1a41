#pragma once

#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_schema.h>

namespace quiver {

/// True when every column `expr` references resolves, unambiguously, in `schema` (and it
/// references no outer column): `expr` can be evaluated over rows of that schema.
bool ColumnsResolveIn(const LogicalExprPtr& expr, const LogicalSchema& schema);

/// `expr` rewritten for evaluation below a projection: each column of the projection's output
/// replaced by the projection expression defining it; null when a column cannot be (it is
/// not an output of the projection).
LogicalExprPtr SubstituteProjection(const LogicalExprPtr& expr, const LogicalSchema& output,
                                    const std::vector<LogicalExprPtr>& exprs);

}  // namespace quiver
