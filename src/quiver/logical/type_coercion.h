#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/operators.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_schema.h>

#include <memory>
#include <vector>

/// \file
/// Implicit type coercion. The binder calls these so that every binary expression reaching
/// the physical layer has operand types an Arrow kernel accepts, with the result types Arrow
/// will actually produce:
/// - int vs int: the wider integer; int vs decimal: the int becomes decimal(digits, 0);
///   decimal or int vs float: float64; decimal / decimal: float64 (as in DuckDB);
/// - decimal products and sums whose exact precision would exceed 38 digits get an operand
///   narrowed by a (checked) cast, so the result is decimal(38, s) instead of an error;
/// - comparisons against a literal cast the literal to the other side's type when that is
///   exact (24 vs decimal(15,2) → 24.00; '1998-12-01' vs date32 → a date), otherwise both
///   sides go to a common type.

namespace quiver {

/// The result type of `left op right` for operands already coerced. Arithmetic types come
/// from Arrow's kernel dispatch (add, subtract, multiply, divide, modulo); date/timestamp
/// ± month_day_nano interval keeps the temporal type. Invalid when no kernel fits.
arrow::Result<std::shared_ptr<arrow::DataType>> BinaryResultType(
    BinaryOperator op, const std::shared_ptr<arrow::DataType>& left,
    const std::shared_ptr<arrow::DataType>& right);

/// `left op right` with casts inserted where the operand types need them.
arrow::Result<LogicalExprPtr> CoerceBinary(LogicalExprPtr left, BinaryOperator op,
                                           LogicalExprPtr right, const LogicalSchema& schema);

/// The type two values are compared (or unified, for CASE branches and IN lists) in.
arrow::Result<std::shared_ptr<arrow::DataType>> ComparisonCommonType(
    const std::shared_ptr<arrow::DataType>& left, const std::shared_ptr<arrow::DataType>& right);

/// `expr` as `type`: unchanged when it already is; a literal is cast now (Invalid when the
/// value does not convert); anything else gets a Cast node.
arrow::Result<LogicalExprPtr> CastTo(const LogicalExprPtr& expr,
                                     const std::shared_ptr<arrow::DataType>& type,
                                     const LogicalSchema& schema);

/// `value` cast to `type` when the conversion is one a comparison may apply silently and
/// loses nothing (int → decimal, decimal → wider decimal, string → date, ...); else nullptr.
std::shared_ptr<arrow::Scalar> ExactLiteralCast(const arrow::Scalar& value,
                                                const std::shared_ptr<arrow::DataType>& type);

/// `expr` as a boolean (NULL literals become boolean NULL); Invalid naming `context`
/// ("WHERE", "AND", ...) for any other type.
arrow::Result<LogicalExprPtr> CoerceToBoolean(const LogicalExprPtr& expr,
                                              const LogicalSchema& schema, const char* context);

}  // namespace quiver
