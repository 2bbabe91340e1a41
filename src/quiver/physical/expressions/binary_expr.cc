#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/decimal_fast_path.h>
#include <quiver/physical/expressions/expr_util.h>

#include <algorithm>
#include <limits>

namespace quiver {
namespace {

const char* ComputeFunctionName(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return "add_checked";
    case BinaryOperator::kMinus:
      return "subtract_checked";
    case BinaryOperator::kMultiply:
      return "multiply_checked";
    case BinaryOperator::kDivide:
      return "divide_checked";
    case BinaryOperator::kModulo:
      return "modulo_checked";
    case BinaryOperator::kEq:
      return "equal";
    case BinaryOperator::kNotEq:
      return "not_equal";
    case BinaryOperator::kLt:
      return "less";
    case BinaryOperator::kLtEq:
      return "less_equal";
    case BinaryOperator::kGt:
      return "greater";
    case BinaryOperator::kGtEq:
      return "greater_equal";
    case BinaryOperator::kAnd:
      return "and_kleene";
    case BinaryOperator::kOr:
      return "or_kleene";
  }
  return "";
}

int Precedence(BinaryOperator op) {
  if (op == BinaryOperator::kOr) return 1;
  if (op == BinaryOperator::kAnd) return 2;
  if (IsComparison(op)) return 3;
  if (op == BinaryOperator::kPlus || op == BinaryOperator::kMinus) return 4;
  return 5;
}

std::string ChildString(const PhysicalExprPtr& child, int parent_precedence, bool right) {
  if (!child) return "<null>";
  std::string s = child->to_string();
  if (auto* bin = dynamic_cast<const BinaryExpr*>(child.get())) {
    int p = Precedence(bin->op());
    if (p < parent_precedence || (right && p == parent_precedence)) return "(" + s + ")";
  }
  return s;
}

// ---- DATE ± INTERVAL ---------------------------------------------------------------------
// Arrow has no kernel adding a month_day_nano interval to a date32, so the calendar arithmetic
// is a typed loop here: months first (clamped to the month's last day, as SQL engines do:
// Jan 31 + 1 month = Feb 28/29), then days.

bool IsDate(const arrow::DataType& t) { return t.id() == arrow::Type::DATE32; }
bool IsInterval(const arrow::DataType& t) { return t.id() == arrow::Type::INTERVAL_MONTH_DAY_NANO; }

// The date operand's index (0 or 1) when `l op r` is DATE ± INTERVAL or INTERVAL + DATE.
int DateIntervalSide(BinaryOperator op, const arrow::DataType& l, const arrow::DataType& r) {
  if (op != BinaryOperator::kPlus && op != BinaryOperator::kMinus) return -1;
  if (IsDate(l) && IsInterval(r)) return 0;
  if (op == BinaryOperator::kPlus && IsInterval(l) && IsDate(r)) return 1;
  return -1;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

arrow::Result<int32_t> AddInterval(int32_t date,
                                   const arrow::MonthDayNanoIntervalType::MonthDayNanos& iv,
                                   int64_t sign) {
  if (iv.nanoseconds != 0) {
    return arrow::Status::NotImplemented(
        "adding an interval with a time part to a DATE (cast the DATE to TIMESTAMP)");
  }
  int64_t days = date;
  if (iv.months != 0) {
    int64_t y, m, d;
    CivilFromDays(days, &y, &m, &d);
    const int64_t total = y * 12 + (m - 1) + sign * iv.months;
    const int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
    const int64_t nm = total - ny * 12 + 1;
    days = DaysFromCivil(ny, nm, std::min(d, DaysInMonth(ny, nm)));
  }
  days += sign * iv.days;
  if (days < kMinDateDays || days > kMaxDateDays) {
    return arrow::Status::Invalid(
        "date out of range after adding an interval (DATE holds years -32767 to 32767)");
  }
  return static_cast<int32_t>(days);
}

arrow::Result<arrow::Datum> DateIntervalArithmetic(const arrow::Datum& date,
                                                   const arrow::Datum& interval, int64_t sign,
                                                   int64_t num_rows) {
  using MonthDayNanos = arrow::MonthDayNanoIntervalType::MonthDayNanos;
  if (date.is_scalar() && interval.is_scalar()) {
    const auto& ds = date.scalar_as<arrow::Date32Scalar>();
    const auto& is = interval.scalar_as<arrow::MonthDayNanoIntervalScalar>();
    if (!ds.is_valid || !is.is_valid) return arrow::MakeNullScalar(arrow::date32());
    ARROW_ASSIGN_OR_RAISE(int32_t out, AddInterval(ds.value, is.value, sign));
    return arrow::Datum(std::make_shared<arrow::Date32Scalar>(out));
  }
  // Scalars (the usual INTERVAL literal) are read once, not broadcast.
  std::shared_ptr<arrow::Date32Array> dates;
  std::shared_ptr<arrow::MonthDayNanoIntervalArray> intervals;
  if (date.is_array()) dates = std::make_shared<arrow::Date32Array>(date.array());
  if (interval.is_array()) {
    intervals = std::make_shared<arrow::MonthDayNanoIntervalArray>(interval.array());
  }
  const int64_t n = dates ? dates->length() : intervals ? intervals->length() : num_rows;
  const auto* date_scalar = dates ? nullptr : &date.scalar_as<arrow::Date32Scalar>();
  const auto* iv_scalar =
      intervals ? nullptr : &interval.scalar_as<arrow::MonthDayNanoIntervalScalar>();
  arrow::Date32Builder builder;
  ARROW_RETURN_NOT_OK(builder.Reserve(n));
  for (int64_t i = 0; i < n; ++i) {
    const bool valid = (dates ? dates->IsValid(i) : date_scalar->is_valid) &&
                       (intervals ? intervals->IsValid(i) : iv_scalar->is_valid);
    if (!valid) {
      builder.UnsafeAppendNull();
      continue;
    }
    const int32_t d = dates ? dates->Value(i) : date_scalar->value;
    const MonthDayNanos iv = intervals ? intervals->Value(i) : iv_scalar->value;
    ARROW_ASSIGN_OR_RAISE(int32_t out, AddInterval(d, iv, sign));
    builder.UnsafeAppend(out);
  }
  ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
  return arrow::Datum(std::move(out));
}

// DATE - DATE: days between the dates as int64 (PostgreSQL, DuckDB); Arrow would give a
// duration in seconds.
bool IsDateDifference(BinaryOperator op, const arrow::DataType& l, const arrow::DataType& r) {
  return op == BinaryOperator::kMinus && IsDate(l) && IsDate(r);
}

arrow::Result<arrow::Datum> DateDifference(const arrow::Datum& l, const arrow::Datum& r) {
  namespace cp = arrow::compute;
  // date32 is days since the epoch: int32 → int64 is exact.
  ARROW_ASSIGN_OR_RAISE(auto l_days, cp::Cast(l, arrow::int32()));
  ARROW_ASSIGN_OR_RAISE(l_days, cp::Cast(l_days, arrow::int64()));
  ARROW_ASSIGN_OR_RAISE(auto r_days, cp::Cast(r, arrow::int32()));
  ARROW_ASSIGN_OR_RAISE(r_days, cp::Cast(r_days, arrow::int64()));
  return cp::CallFunction("subtract", {l_days, r_days});
}

// ---- % ------------------------------------------------------------------------------------
// SQL's % is the remainder of truncated division: it has the dividend's sign (-7 % 2 = -1,
// 7 % -2 = 1, as in C, PostgreSQL and DuckDB). Arrow's modulo floors (the divisor's sign), so
// a non-zero result whose sign differs from the dividend's is moved by one divisor.
arrow::Result<arrow::Datum> SqlRemainder(const arrow::Datum& a, const arrow::Datum& b) {
  namespace cp = arrow::compute;
  ARROW_ASSIGN_OR_RAISE(auto r, cp::CallFunction("modulo_checked", {a, b}));
  auto zero_of = [](const arrow::Datum& d) -> arrow::Result<arrow::Datum> {
    if (d.type()->id() == arrow::Type::DECIMAL128) {
      return arrow::Datum(
          std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(0), d.type()));
    }
    ARROW_ASSIGN_OR_RAISE(auto zero, arrow::MakeScalar(d.type(), 0));
    return arrow::Datum(zero);
  };
  ARROW_ASSIGN_OR_RAISE(auto r_zero, zero_of(r));
  ARROW_ASSIGN_OR_RAISE(auto a_zero, zero_of(a));
  ARROW_ASSIGN_OR_RAISE(auto r_nonzero, cp::CallFunction("not_equal", {r, r_zero}));
  ARROW_ASSIGN_OR_RAISE(auto r_negative, cp::CallFunction("less", {r, r_zero}));
  ARROW_ASSIGN_OR_RAISE(auto a_negative, cp::CallFunction("less", {a, a_zero}));
  ARROW_ASSIGN_OR_RAISE(auto signs_differ, cp::CallFunction("xor", {r_negative, a_negative}));
  ARROW_ASSIGN_OR_RAISE(auto fix, cp::CallFunction("and", {r_nonzero, signs_differ}));
  ARROW_ASSIGN_OR_RAISE(auto moved, cp::CallFunction("subtract_checked", {r, b}));
  if (!moved.type()->Equals(*r.type())) {
    ARROW_ASSIGN_OR_RAISE(moved, cp::Cast(moved, r.type()));
  }
  return cp::CallFunction("if_else", {fix, moved, r});
}

arrow::Status Annotate(const arrow::Status& st, const BinaryExpr& expr) {
  if (st.ok()) return st;
  return st.WithMessage(st.message(), " (in ", expr.to_string(), ")");
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> BinaryExpr::data_type(
    const arrow::Schema& input_schema) const {
  if (!left_ || !right_) return arrow::Status::Invalid("BinaryExpr with a null operand");
  ARROW_ASSIGN_OR_RAISE(auto lt, left_->data_type(input_schema));
  ARROW_ASSIGN_OR_RAISE(auto rt, right_->data_type(input_schema));
  if (IsLogical(op_)) {
    for (const auto& t : {lt, rt}) {
      if (t->id() != arrow::Type::BOOL && t->id() != arrow::Type::NA) {
        return arrow::Status::TypeError("operator ", BinaryOperatorSymbol(op_),
                                        " expects boolean operands, got ", t->ToString(), " in ",
                                        to_string());
      }
    }
    return arrow::boolean();
  }
  if (DateIntervalSide(op_, *lt, *rt) >= 0) return arrow::date32();
  if (IsDateDifference(op_, *lt, *rt)) return arrow::int64();
  auto result = internal::ComputeResultType(ComputeFunctionName(op_), {lt, rt});
  if (!result.ok()) {
    return arrow::Status::TypeError("cannot apply ", BinaryOperatorSymbol(op_), " to ",
                                    lt->ToString(), " and ", rt->ToString(), " in ", to_string(),
                                    ": ", result.status().message());
  }
  return result;
}

bool BinaryExpr::nullable(const arrow::Schema& input_schema) const {
  return !left_ || !right_ || left_->nullable(input_schema) || right_->nullable(input_schema);
}

arrow::Result<arrow::Datum> BinaryExpr::evaluate(const arrow::RecordBatch& batch) const {
  if (!left_ || !right_) return arrow::Status::Invalid("BinaryExpr with a null operand");
  ARROW_ASSIGN_OR_RAISE(auto l, left_->evaluate(batch));
  ARROW_ASSIGN_OR_RAISE(auto r, right_->evaluate(batch));
  const int date_side = DateIntervalSide(op_, *l.type(), *r.type());
  if (date_side >= 0) {
    const int64_t sign = op_ == BinaryOperator::kMinus ? -1 : 1;
    auto out = date_side == 0 ? DateIntervalArithmetic(l, r, sign, batch.num_rows())
                              : DateIntervalArithmetic(r, l, sign, batch.num_rows());
    if (!out.ok()) return Annotate(out.status(), *this);
    return out;
  }
  if (IsDateDifference(op_, *l.type(), *r.type())) {
    auto out = DateDifference(l, r);
    if (!out.ok()) return Annotate(out.status(), *this);
    return out;
  }
  ARROW_ASSIGN_OR_RAISE(auto fast, IsComparison(op_) ? internal::TryDecimalCompare(op_, l, r)
                                                     : internal::TryDecimalArithmetic(op_, l, r));
  if (fast) return *std::move(fast);
  auto out = op_ == BinaryOperator::kModulo
                 ? SqlRemainder(l, r)
                 : arrow::compute::CallFunction(ComputeFunctionName(op_), {l, r});
  if (!out.ok()) return Annotate(out.status(), *this);
  return out;
}

std::vector<PhysicalExprPtr> BinaryExpr::children() const { return {left_, right_}; }

arrow::Result<PhysicalExprPtr> BinaryExpr::with_new_children(
    std::vector<PhysicalExprPtr> children) const {
  ARROW_RETURN_NOT_OK(internal::CheckChildCount("BinaryExpr", children, 2));
  return std::make_shared<BinaryExpr>(op_, children[0], children[1]);
}

std::string BinaryExpr::to_string() const {
  int p = Precedence(op_);
  return ChildString(left_, p, false) + " " + std::string(BinaryOperatorSymbol(op_)) + " " +
         ChildString(right_, p, true);
}

}  // namespace quiver
