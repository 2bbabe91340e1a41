#pragma once
// Internal to the binder (sql/*.cc): SQL-positioned errors and small helpers its clause files
// share.

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/sql/token.h>

#include <string>
#include <utility>

namespace quiver::sql {

/// `status` with "SQL error at line L, column C: " in front (NotImplemented stays
/// NotImplemented); messages already carrying a position pass through.
arrow::Status At(Location loc, const arrow::Status& status);

template <typename... Args>
arrow::Status InvalidAt(Location loc, Args&&... args) {
  return At(loc, arrow::Status::Invalid(std::forward<Args>(args)...));
}

#define QUIVER_AT(loc, expr)                             \
  do {                                                   \
    ::arrow::Status _st = (expr);                        \
    if (!_st.ok()) return ::quiver::sql::At((loc), _st); \
  } while (false)

#define QUIVER_ASSIGN_AT_IMPL(tmp, lhs, loc, rexpr)             \
  auto tmp = (rexpr);                                           \
  if (!tmp.ok()) return ::quiver::sql::At((loc), tmp.status()); \
  lhs = std::move(tmp).ValueUnsafe();

#define QUIVER_CONCAT_INNER(a, b) a##b
#define QUIVER_CONCAT(a, b) QUIVER_CONCAT_INNER(a, b)
#define QUIVER_ASSIGN_AT(lhs, loc, rexpr) \
  QUIVER_ASSIGN_AT_IMPL(QUIVER_CONCAT(_res_, __LINE__), lhs, loc, rexpr)

bool IsIntegerText(const std::string& text);
/// 42 → int64; 0.06 → decimal128(2, 2); 1e3 (or too many digits) → float64.
arrow::Result<std::shared_ptr<arrow::Scalar>> NumberLiteral(const std::string& text);
bool IsNumericType(const arrow::DataType& t);
bool IsStringType(const arrow::DataType& t);
/// -literal evaluated now so comparisons see a literal (x > -1).
arrow::Result<LogicalExprPtr> Negate(const LogicalExprPtr& arg);

}  // namespace quiver::sql
