#pragma once

#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_schema.h>

namespace quiver {

/// True when every column `expr` references resolves, unambiguously, in `schema` (and it
/// references no outer column): `expr` can be evaluated over rows of that schema.
bool ColumnsResolveIn(const LogicalExprPtr& expr, const LogicalSchema& schema);

/// ColumnsResolveIn for one input `side` of a node whose input schema is `whole` (a join's
/// combined schema): also false when a column means another field of `whole` than the one it
/// finds in `side` (an unqualified `count(*)` of the left input is not the right input's
/// `__sq_1.count(*)`).
bool ColumnsResolveInSide(const LogicalExprPtr& expr, const LogicalSchema& side,
                          const LogicalSchema& whole);

/// `expr` rewritten for evaluation below a projection: each column of the projection's output
/// replaced by the projection expression defining it; null when a column cannot be (it is
/// not an output of the projection).
LogicalExprPtr SubstituteProjection(const LogicalExprPtr& expr, const LogicalSchema& output,
                                    const std::vector<LogicalExprPtr>& exprs);

}  // namespace quiver
