#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/decimal.h>
#include <quiver/sql/binder_support.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace quiver::sql {

arrow::Status At(Location loc, const arrow::Status& status) {
  if (status.ok()) return status;
  const std::string& msg = status.message();
  if (msg.rfind("SQL error", 0) == 0 || loc.line == 0) return status;
  std::string text = "SQL error at line " + std::to_string(loc.line) + ", column " +
                     std::to_string(loc.column) + ": " + msg;
  if (status.IsNotImplemented()) return arrow::Status::NotImplemented(text);
  return arrow::Status::Invalid(text);
}

bool IsIntegerText(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

arrow::Result<std::shared_ptr<arrow::Scalar>> NumberLiteral(const std::string& text) {
  if (IsIntegerText(text)) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size()) {
      return std::make_shared<arrow::Int64Scalar>(v);
    }
  }
  bool has_exponent = text.find_first_of("eE") != std::string::npos;
  if (!has_exponent) {
    arrow::Decimal128 value;
    int32_t precision = 0, scale = 0;
    if (arrow::Decimal128::FromString(text, &value, &precision, &scale).ok()) {
      precision = std::max({precision, scale, 1});
      if (precision <= 38 && scale >= 0) {
        return std::make_shared<arrow::Decimal128Scalar>(value,
                                                         arrow::decimal128(precision, scale));
      }
    }
  }
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    return arrow::Status::Invalid("invalid number '", text, "'");
  }
  return std::make_shared<arrow::DoubleScalar>(d);
}

bool IsNumericType(const arrow::DataType& t) {
  return arrow::is_integer(t.id()) || arrow::is_floating(t.id()) ||
         t.id() == arrow::Type::DECIMAL128 || t.id() == arrow::Type::INTERVAL_MONTH_DAY_NANO;
}

bool IsStringType(const arrow::DataType& t) {
  return t.id() == arrow::Type::STRING || t.id() == arrow::Type::LARGE_STRING;
}

arrow::Result<LogicalExprPtr> Negate(const LogicalExprPtr& arg) {
  if (arg->is(LogicalExprKind::kLiteral) && arg->value()->is_valid &&
      arg->value()->type->id() != arrow::Type::INTERVAL_MONTH_DAY_NANO) {
    auto negated = arrow::compute::CallFunction("negate_checked", {arrow::Datum(arg->value())});
    if (negated.ok() && negated->is_scalar()) return LogicalExpr::Lit(negated->scalar());
  }
  if (arg->is(LogicalExprKind::kLiteral) &&
      arg->value()->type->id() == arrow::Type::INTERVAL_MONTH_DAY_NANO && arg->value()->is_valid) {
    auto v = static_cast<const arrow::MonthDayNanoIntervalScalar&>(*arg->value()).value;
    v.months = -v.months;
    v.days = -v.days;
    v.nanoseconds = -v.nanoseconds;
    return LogicalExpr::Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(v));
  }
  return LogicalExpr::Negative(arg);
}

}  // namespace quiver::sql
