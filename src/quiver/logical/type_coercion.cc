#include <arrow/compute/api.h>
#include <arrow/compute/expression.h>
#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/decimal.h>
#include <quiver/logical/type_coercion.h>

#include <algorithm>
#include <cstdlib>

namespace quiver {
namespace {

namespace cp = arrow::compute;
using TypePtr = std::shared_ptr<arrow::DataType>;

constexpr int32_t kMaxPrecision = 38;

bool IsInt(const TypePtr& t) { return arrow::is_integer(t->id()); }
bool IsDecimal(const TypePtr& t) { return t->id() == arrow::Type::DECIMAL128; }
bool IsFloat(const TypePtr& t) { return arrow::is_floating(t->id()); }
bool IsNumeric(const TypePtr& t) { return IsInt(t) || IsDecimal(t) || IsFloat(t); }
bool IsNull(const TypePtr& t) { return t->id() == arrow::Type::NA; }
bool IsString(const TypePtr& t) {
  return t->id() == arrow::Type::STRING || t->id() == arrow::Type::LARGE_STRING;
}
bool IsTemporal(const TypePtr& t) {
  return t->id() == arrow::Type::DATE32 || t->id() == arrow::Type::DATE64 ||
         t->id() == arrow::Type::TIMESTAMP;
}
bool IsInterval(const TypePtr& t) { return t->id() == arrow::Type::INTERVAL_MONTH_DAY_NANO; }

int32_t Precision(const TypePtr& t) {
  return static_cast<const arrow::Decimal128Type&>(*t).precision();
}
int32_t Scale(const TypePtr& t) { return static_cast<const arrow::Decimal128Type&>(*t).scale(); }

// Decimal digits needed for any value of an integer type.
int32_t IntegerDigits(const TypePtr& t) {
  switch (t->id()) {
    case arrow::Type::INT8:
    case arrow::Type::UINT8:
      return 3;
    case arrow::Type::INT16:
    case arrow::Type::UINT16:
      return 5;
    case arrow::Type::INT32:
    case arrow::Type::UINT32:
      return 10;
    case arrow::Type::INT64:
      return 19;
    default:
      return 20;
  }
}

int IntegerRank(const TypePtr& t) {
  switch (t->id()) {
    case arrow::Type::INT8:
      return 1;
    case arrow::Type::INT16:
    case arrow::Type::UINT8:
      return 2;
    case arrow::Type::INT32:
    case arrow::Type::UINT16:
      return 3;
    default:
      return 4;
  }
}

TypePtr WiderInteger(const TypePtr& a, const TypePtr& b) {
  if (a->Equals(*b)) return a;
  int rank = std::max(IntegerRank(a), IntegerRank(b));
  switch (rank) {
    case 1:
      return arrow::int8();
    case 2:
      return arrow::int16();
    case 3:
      return arrow::int32();
    default:
      return arrow::int64();
  }
}

// The decimal type an integer expression converts to: literals need only their own digits.
TypePtr DecimalForInteger(const LogicalExprPtr& expr, const TypePtr& type) {
  if (expr->is(LogicalExprKind::kLiteral) && expr->value()->is_valid) {
    auto as_int = expr->value()->CastTo(arrow::int64());
    if (as_int.ok()) {
      int64_t v = static_cast<const arrow::Int64Scalar&>(**as_int).value;
      uint64_t magnitude = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
      std::string digits = std::to_string(magnitude);
      return arrow::decimal128(static_cast<int32_t>(digits.size()), 0);
    }
  }
  return arrow::decimal128(IntegerDigits(type), 0);
}

TypePtr CommonDecimal(const TypePtr& a, const TypePtr& b) {
  int32_t scale = std::max(Scale(a), Scale(b));
  int32_t int_digits = std::max(Precision(a) - Scale(a), Precision(b) - Scale(b));
  return arrow::decimal128(std::min(kMaxPrecision, int_digits + scale), scale);
}

const char* ArrowFunctionName(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return "add";
    case BinaryOperator::kMinus:
      return "subtract";
    case BinaryOperator::kMultiply:
      return "multiply";
    case BinaryOperator::kDivide:
      return "divide";
    case BinaryOperator::kModulo:
      return "modulo";
    default:
      return nullptr;
  }
}

arrow::Status EnsureComputeInitialized() {
  static const arrow::Status status = cp::Initialize();
  return status;
}

// Casts a scalar. Arrow refuses integer → decimal casts whose precision cannot hold every
// value of the integer type (decimal(15,2) for an int64), so literals are converted here by
// value, checking that the value fits.
arrow::Result<std::shared_ptr<arrow::Scalar>> CastScalar(
    const std::shared_ptr<arrow::Scalar>& value, const TypePtr& type,
    const cp::CastOptions& options) {
  if (value->is_valid && IsInt(value->type) && IsDecimal(type)) {
    ARROW_ASSIGN_OR_RAISE(auto as_int, value->CastTo(arrow::int64()));
    int64_t v = static_cast<const arrow::Int64Scalar&>(*as_int).value;
    ARROW_ASSIGN_OR_RAISE(auto dec, arrow::Decimal128(v).Rescale(0, Scale(type)));
    if (!dec.FitsInPrecision(Precision(type))) {
      return arrow::Status::Invalid("value ", v, " does not fit in ", type->ToString());
    }
    return std::make_shared<arrow::Decimal128Scalar>(dec, type);
  }
  ARROW_ASSIGN_OR_RAISE(auto cast, cp::Cast(arrow::Datum(value), type, options));
  return cast.scalar();
}

}  // namespace

arrow::Result<TypePtr> BinaryResultType(BinaryOperator op, const TypePtr& left,
                                        const TypePtr& right) {
  if (IsComparison(op) || IsLogical(op)) return arrow::boolean();
  if ((op == BinaryOperator::kPlus || op == BinaryOperator::kMinus) && IsTemporal(left) &&
      IsInterval(right)) {
    return left;
  }
  if (op == BinaryOperator::kPlus && IsInterval(left) && IsTemporal(right)) return right;
  // DATE - DATE is the number of days between them (PostgreSQL, DuckDB), not a duration.
  if (op == BinaryOperator::kMinus && left->id() == arrow::Type::DATE32 &&
      right->id() == arrow::Type::DATE32) {
    return arrow::int64();
  }
  if (IsNull(left) && IsNull(right)) return arrow::null();
  const char* fname = ArrowFunctionName(op);
  ARROW_RETURN_NOT_OK(EnsureComputeInitialized());
  auto schema = arrow::schema({arrow::field("l", left), arrow::field("r", right)});
  auto bound = cp::call(fname, {cp::field_ref("l"), cp::field_ref("r")}).Bind(*schema);
  if (!bound.ok()) {
    return arrow::Status::Invalid("cannot apply operator '", BinaryOperatorSymbol(op), "' to ",
                                  left->ToString(), " and ", right->ToString(), ": ",
                                  bound.status().message());
  }
  return bound->type()->GetSharedPtr();
}

arrow::Result<TypePtr> ComparisonCommonType(const TypePtr& left, const TypePtr& right) {
  if (left->Equals(*right)) return left;
  if (IsNull(left)) return right;
  if (IsNull(right)) return left;
  if (IsNumeric(left) && IsNumeric(right)) {
    if (IsFloat(left) || IsFloat(right)) return arrow::float64();
    if (IsInt(left) && IsInt(right)) return WiderInteger(left, right);
    TypePtr l = IsInt(left) ? arrow::decimal128(IntegerDigits(left), 0) : left;
    TypePtr r = IsInt(right) ? arrow::decimal128(IntegerDigits(right), 0) : right;
    return CommonDecimal(l, r);
  }
  if (IsString(left) && IsString(right)) return arrow::large_utf8();
  if (IsTemporal(left) && IsString(right)) return left;
  if (IsString(left) && IsTemporal(right)) return right;
  if (IsTemporal(left) && IsTemporal(right)) {
    return left->id() == arrow::Type::TIMESTAMP ? left : right;
  }
  return arrow::Status::Invalid("cannot compare ", left->ToString(), " with ", right->ToString());
}

std::shared_ptr<arrow::Scalar> ExactLiteralCast(const arrow::Scalar& value, const TypePtr& type) {
  if (value.type->Equals(*type)) return nullptr;
  if (!value.is_valid) return arrow::MakeNullScalar(type);
  const TypePtr& from = value.type;
  bool allowed = false;
  if (IsInt(from)) {
    allowed = IsNumeric(type);
  } else if (IsDecimal(from)) {
    allowed = IsDecimal(type) || IsFloat(type);
  } else if (IsFloat(from)) {
    allowed = IsFloat(type);
  } else if (IsString(from)) {
    allowed =
        IsTemporal(type) || IsNumeric(type) || IsString(type) || type->id() == arrow::Type::BOOL;
  }
  if (!allowed) return nullptr;
  if (EnsureComputeInitialized().ok()) {
    auto cast = CastScalar(value.GetSharedPtr(), type, cp::CastOptions::Safe());
    if (cast.ok()) return *cast;
  }
  return nullptr;
}

arrow::Result<LogicalExprPtr> CastTo(const LogicalExprPtr& expr, const TypePtr& type,
                                     const LogicalSchema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto current, expr->data_type(schema));
  if (current->Equals(*type)) return expr;
  if (expr->is(LogicalExprKind::kLiteral)) {
    ARROW_RETURN_NOT_OK(EnsureComputeInitialized());
    auto cast = CastScalar(expr->value(), type, cp::CastOptions::Safe());
    if (!cast.ok()) {
      return arrow::Status::Invalid("cannot cast ", LiteralToString(*expr->value()), " to ",
                                    type->ToString(), ": ", cast.status().message());
    }
    return LogicalExpr::Lit(*cast);
  }
  return LogicalExpr::Cast(expr, type);
}

arrow::Result<LogicalExprPtr> CoerceToBoolean(const LogicalExprPtr& expr,
                                              const LogicalSchema& schema, const char* context) {
  ARROW_ASSIGN_OR_RAISE(auto type, expr->data_type(schema));
  if (type->id() == arrow::Type::BOOL) return expr;
  if (IsNull(type)) return CastTo(expr, arrow::boolean(), schema);
  return arrow::Status::Invalid("argument of ", context, " must be boolean, got ", type->ToString(),
                                " (", expr->to_string(), ")");
}

arrow::Result<LogicalExprPtr> CoerceBinary(LogicalExprPtr left, BinaryOperator op,
                                           LogicalExprPtr right, const LogicalSchema& schema) {
  if (IsLogical(op)) {
    const char* context = op == BinaryOperator::kAnd ? "AND" : "OR";
    ARROW_ASSIGN_OR_RAISE(left, CoerceToBoolean(left, schema, context));
    ARROW_ASSIGN_OR_RAISE(right, CoerceToBoolean(right, schema, context));
    return LogicalExpr::Binary(std::move(left), op, std::move(right));
  }
  ARROW_ASSIGN_OR_RAISE(auto lt, left->data_type(schema));
  ARROW_ASSIGN_OR_RAISE(auto rt, right->data_type(schema));
  if (IsNull(lt) && IsNull(rt)) {
    // NULL op NULL is NULL; the kernels need a concrete type, and any one gives that answer.
    const TypePtr as = IsComparison(op) ? arrow::boolean() : arrow::int64();
    ARROW_ASSIGN_OR_RAISE(left, CastTo(left, as, schema));
    ARROW_ASSIGN_OR_RAISE(right, CastTo(right, as, schema));
    return LogicalExpr::Binary(std::move(left), op, std::move(right));
  }

  if (IsComparison(op)) {
    if (!lt->Equals(*rt)) {
      bool l_lit = left->is(LogicalExprKind::kLiteral);
      bool r_lit = right->is(LogicalExprKind::kLiteral);
      // A literal adopts the other side's type when nothing is lost: the column keeps its
      // type (no per-row cast) and statistics pruning compares like with like.
      if (r_lit && !l_lit) {
        if (auto cast = ExactLiteralCast(*right->value(), lt)) {
          return LogicalExpr::Binary(std::move(left), op, LogicalExpr::Lit(cast));
        }
      }
      if (l_lit && !r_lit) {
        if (auto cast = ExactLiteralCast(*left->value(), rt)) {
          return LogicalExpr::Binary(LogicalExpr::Lit(cast), op, std::move(right));
        }
      }
      // Arrow compares decimals of different precision/scale directly, as long as one
      // decimal type holds both (else both are cast to the widest one there is, 38 digits).
      const bool direct_decimals = IsDecimal(lt) && IsDecimal(rt) &&
                                   std::max(Precision(lt) - Scale(lt), Precision(rt) - Scale(rt)) +
                                           std::max(Scale(lt), Scale(rt)) <=
                                       kMaxPrecision;
      if (IsDecimal(lt) && IsDecimal(rt) && !direct_decimals) {
        TypePtr common = CommonDecimal(lt, rt);
        ARROW_ASSIGN_OR_RAISE(left, CastTo(left, common, schema));
        ARROW_ASSIGN_OR_RAISE(right, CastTo(right, common, schema));
      } else if (!(IsDecimal(lt) && IsDecimal(rt))) {
        ARROW_ASSIGN_OR_RAISE(auto common, ComparisonCommonType(lt, rt));
        ARROW_ASSIGN_OR_RAISE(left, CastTo(left, common, schema));
        ARROW_ASSIGN_OR_RAISE(right, CastTo(right, common, schema));
      }
    }
    return LogicalExpr::Binary(std::move(left), op, std::move(right));
  }

  // Arithmetic.
  if (IsNull(lt) && !IsNull(rt)) {
    ARROW_ASSIGN_OR_RAISE(left, CastTo(left, rt, schema));
    lt = rt;
  } else if (IsNull(rt) && !IsNull(lt)) {
    ARROW_ASSIGN_OR_RAISE(right, CastTo(right, lt, schema));
    rt = lt;
  }
  if (IsNumeric(lt) && IsNumeric(rt) && !lt->Equals(*rt)) {
    TypePtr lt2 = lt, rt2 = rt;
    if (IsFloat(lt) || IsFloat(rt)) {
      lt2 = rt2 = arrow::float64();
    } else if (IsInt(lt) && IsInt(rt)) {
      lt2 = rt2 = WiderInteger(lt, rt);
    } else if (IsInt(lt)) {
      lt2 = DecimalForInteger(left, lt);
    } else if (IsInt(rt)) {
      rt2 = DecimalForInteger(right, rt);
    }
    ARROW_ASSIGN_OR_RAISE(left, CastTo(left, lt2, schema));
    ARROW_ASSIGN_OR_RAISE(right, CastTo(right, rt2, schema));
    lt = lt2;
    rt = rt2;
  }
  if (IsDecimal(lt) && IsDecimal(rt)) {
    TypePtr lt2 = lt, rt2 = rt;
    int32_t p1 = Precision(lt), s1 = Scale(lt), p2 = Precision(rt), s2 = Scale(rt);
    if (op == BinaryOperator::kDivide) {
      lt2 = rt2 = arrow::float64();
    } else if (op == BinaryOperator::kMultiply && p1 + p2 + 1 > kMaxPrecision) {
      // Exact products need p1 + p2 + 1 digits; narrow the wider operand (checked at run
      // time) so the product is decimal(38, s1 + s2).
      if (p1 >= p2) {
        int32_t p = kMaxPrecision - 1 - p2;
        if (p > s1)
          lt2 = arrow::decimal128(p, s1);
        else
          lt2 = rt2 = arrow::float64();
      } else {
        int32_t p = kMaxPrecision - 1 - p1;
        if (p > s2)
          rt2 = arrow::decimal128(p, s2);
        else
          lt2 = rt2 = arrow::float64();
      }
      if (IsFloat(lt2) || IsFloat(rt2)) lt2 = rt2 = arrow::float64();
    } else if ((op == BinaryOperator::kPlus || op == BinaryOperator::kMinus) &&
               std::max(p1 - s1, p2 - s2) + std::max(s1, s2) + 1 > kMaxPrecision) {
      int32_t scale = std::max(s1, s2);
      int32_t int_digits = kMaxPrecision - 1 - scale;
      if (int_digits < 1) {
        lt2 = rt2 = arrow::float64();
      } else {
        if (p1 - s1 > int_digits) lt2 = arrow::decimal128(int_digits + s1, s1);
        if (p2 - s2 > int_digits) rt2 = arrow::decimal128(int_digits + s2, s2);
      }
    }
    ARROW_ASSIGN_OR_RAISE(left, CastTo(left, lt2, schema));
    ARROW_ASSIGN_OR_RAISE(right, CastTo(right, rt2, schema));
    lt = lt2;
    rt = rt2;
  }
  ARROW_RETURN_NOT_OK(BinaryResultType(op, lt, rt).status());
  return LogicalExpr::Binary(std::move(left), op, std::move(right));
}

}  // namespace quiver
