// Built-in scalar functions, each a thin vectorized wrapper over Arrow compute kernels.

#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/common/ascii.h>
#include <quiver/functions/function_registry.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <string>

namespace quiver {
namespace {

namespace cp = arrow::compute;
using TypePtr = std::shared_ptr<arrow::DataType>;
using Args = std::vector<arrow::Datum>;

arrow::Status Arity(const std::string& fn, size_t got, size_t min, size_t max) {
  if (got < min || got > max) {
    if (min == max) return arrow::Status::TypeError(fn, " expects ", min, " arguments, got ", got);
    return arrow::Status::TypeError(fn, " expects ", min, " to ", max, " arguments, got ", got);
  }
  return arrow::Status::OK();
}

bool IsString(const TypePtr& t) {
  return t->id() == arrow::Type::STRING || t->id() == arrow::Type::LARGE_STRING ||
         t->id() == arrow::Type::NA;
}

arrow::Status ExpectString(const std::string& fn, const TypePtr& t) {
  if (!IsString(t)) return arrow::Status::TypeError(fn, " expects a string, got ", t->ToString());
  return arrow::Status::OK();
}

// The output type of compute function `name` for `types` (Arrow's own rules), found by
// calling it on empty arrays.
arrow::Result<TypePtr> KernelType(const std::string& name, const std::vector<TypePtr>& types,
                                  const cp::FunctionOptions* options = nullptr) {
  std::vector<arrow::Datum> args;
  for (const auto& t : types) {
    ARROW_ASSIGN_OR_RAISE(auto a, arrow::MakeEmptyArray(t));
    args.emplace_back(std::move(a));
  }
  ARROW_ASSIGN_OR_RAISE(auto out, cp::CallFunction(name, args, options));
  return out.type();
}

// A constant argument (a literal in SQL); functions like substr take their positions so.
arrow::Result<std::shared_ptr<arrow::Scalar>> ConstantArg(const std::string& fn,
                                                          const arrow::Datum& d, const char* what) {
  if (!d.is_scalar()) {
    return arrow::Status::NotImplemented(fn, ": ", what, " must be a constant");
  }
  return d.scalar();
}

arrow::Result<int64_t> ConstantInt(const std::string& fn, const arrow::Datum& d, const char* what) {
  ARROW_ASSIGN_OR_RAISE(auto s, ConstantArg(fn, d, what));
  if (!s->is_valid) return arrow::Status::Invalid(fn, ": ", what, " is null");
  ARROW_ASSIGN_OR_RAISE(auto cast, s->CastTo(arrow::int64()));
  return static_cast<const arrow::Int64Scalar&>(*cast).value;
}

arrow::Result<std::string> ConstantString(const std::string& fn, const arrow::Datum& d,
                                          const char* what) {
  ARROW_ASSIGN_OR_RAISE(auto s, ConstantArg(fn, d, what));
  if (!s->is_valid) return arrow::Status::Invalid(fn, ": ", what, " is null");
  ARROW_ASSIGN_OR_RAISE(auto cast, s->CastTo(arrow::utf8()));
  return std::string(static_cast<const arrow::StringScalar&>(*cast).view());
}

void Register(FunctionRegistry* registry, const std::string& name, ScalarUDF::ReturnTypeFn rt,
              ScalarUDF::InvokeFn fn) {
  registry->register_scalar(std::make_shared<ScalarUDF>(name, std::move(rt), std::move(fn)));
}

// ---- date_part ----------------------------------------------------------------------------

arrow::Result<arrow::Datum> DatePart(const Args& args, int64_t) {
  ARROW_ASSIGN_OR_RAISE(auto unit, ConstantString("date_part", args[0], "the unit"));
  unit = AsciiLower(unit);
  const arrow::Datum& v = args[1];
  arrow::Result<arrow::Datum> out;
  if (unit == "year") {
    out = cp::Year(v);
  } else if (unit == "quarter") {
    out = cp::Quarter(v);
  } else if (unit == "month") {
    out = cp::Month(v);
  } else if (unit == "day") {
    out = cp::Day(v);
  } else if (unit == "dow") {
    // SQL numbering: Sunday = 0 … Saturday = 6.
    out = cp::DayOfWeek(v, cp::DayOfWeekOptions(/*count_from_zero=*/true, /*week_start=*/7));
  } else if (unit == "doy") {
    out = cp::DayOfYear(v);
  } else if (unit == "week") {
    out = cp::ISOWeek(v);
  } else if (unit == "hour") {
    out = cp::Hour(v);
  } else if (unit == "minute") {
    out = cp::Minute(v);
  } else if (unit == "second") {
    out = cp::Second(v);
  } else {
    return arrow::Status::Invalid("date_part: unknown unit '", unit, "'");
  }
  ARROW_RETURN_NOT_OK(out.status());
  if (out->type()->id() == arrow::Type::INT64) return out;
  return cp::Cast(*out, arrow::int64());
}

arrow::Result<TypePtr> DatePartType(const DataTypeVector& t) {
  ARROW_RETURN_NOT_OK(Arity("date_part", t.size(), 2, 2));
  ARROW_RETURN_NOT_OK(ExpectString("date_part", t[0]));
  if (!arrow::is_temporal(t[1]->id()) && t[1]->id() != arrow::Type::NA) {
    return arrow::Status::TypeError("date_part expects a date or timestamp, got ",
                                    t[1]->ToString());
  }
  return arrow::int64();
}

// ---- substr --------------------------------------------------------------------------------

arrow::Result<arrow::Datum> Substr(const Args& args, int64_t) {
  ARROW_ASSIGN_OR_RAISE(int64_t start, ConstantInt("substr", args[1], "start"));
  // SQL positions are 1-based; the window [start, start + len) is clipped to the string, so
  // substr('abc', 0, 2) = 'a'.
  int64_t begin = start - 1;
  int64_t stop = std::numeric_limits<int64_t>::max();
  if (args.size() == 3) {
    ARROW_ASSIGN_OR_RAISE(int64_t len, ConstantInt("substr", args[2], "length"));
    if (len < 0) return arrow::Status::Invalid("substr: negative length ", len);
    stop = begin + len;
  }
  begin = std::max<int64_t>(begin, 0);
  stop = std::max(stop, begin);
  cp::SliceOptions options(begin, stop);
  return cp::CallFunction("utf8_slice_codeunits", {args[0]}, &options);
}

// ---- concat / coalesce ---------------------------------------------------------------------

// concat() skips nulls; the || operator (string_concat) is null when any operand is.
arrow::Result<arrow::Datum> ConcatStrings(const Args& args, bool skip_nulls) {
  std::vector<arrow::Datum> parts;
  for (const auto& a : args) {
    if (a.type()->id() == arrow::Type::STRING) {
      parts.push_back(a);
    } else {
      ARROW_ASSIGN_OR_RAISE(auto s, cp::Cast(a, arrow::utf8()));
      parts.push_back(std::move(s));
    }
  }
  parts.emplace_back(std::make_shared<arrow::StringScalar>(""));  // the separator
  cp::JoinOptions options(skip_nulls ? cp::JoinOptions::REPLACE : cp::JoinOptions::EMIT_NULL, "");
  return cp::CallFunction("binary_join_element_wise", parts, &options);
}

arrow::Result<TypePtr> ConcatType(const std::string& fn, const DataTypeVector& t) {
  if (t.empty()) return arrow::Status::TypeError(fn, " expects at least one argument");
  for (const auto& type : t) {
    if (!IsString(type) && !cp::CanCast(*type, *arrow::utf8())) {
      return arrow::Status::TypeError(fn, " cannot take ", type->ToString());
    }
  }
  return arrow::utf8();
}

arrow::Result<TypePtr> CommonType(const std::string& fn, const DataTypeVector& t) {
  TypePtr out;
  for (const auto& type : t) {
    if (type->id() == arrow::Type::NA) continue;
    if (!out) {
      out = type;
    } else if (!out->Equals(*type)) {
      // Let Arrow's numeric promotion decide (int32 + int64 → int64, decimals widen).
      auto promoted = KernelType("add", {out, type});
      if (promoted.ok() && arrow::is_numeric((*promoted)->id())) {
        out = *promoted;
      } else if (promoted.ok() && (*promoted)->id() == arrow::Type::DECIMAL128) {
        out = *promoted;
      } else if (!cp::CanCast(*type, *out)) {
        return arrow::Status::TypeError(fn, ": incompatible argument types ", out->ToString(),
                                        " and ", type->ToString());
      }
    }
  }
  return out ? out : arrow::null();
}

arrow::Result<arrow::Datum> Coalesce(const Args& args, int64_t) {
  DataTypeVector types;
  for (const auto& a : args) types.push_back(a.type());
  ARROW_ASSIGN_OR_RAISE(auto type, CommonType("coalesce", types));
  std::vector<arrow::Datum> cast;
  for (const auto& a : args) {
    if (a.type()->Equals(*type)) {
      cast.push_back(a);
    } else if (a.type()->id() == arrow::Type::NA) {
      cast.emplace_back(arrow::MakeNullScalar(type));
    } else {
      ARROW_ASSIGN_OR_RAISE(auto c, cp::Cast(a, type));
      cast.push_back(std::move(c));
    }
  }
  return cp::CallFunction("coalesce", cast);
}

// round of a decimal(p, s) is a decimal(p + 1, s): rounding may carry into one more integer
// digit (round(9.5) = 10), which the input type cannot hold (DuckDB lowers the scale instead).
TypePtr RoundedDecimalType(const TypePtr& type) {
  const auto& dec = static_cast<const arrow::Decimal128Type&>(*type);
  return arrow::decimal128(std::min(dec.precision() + 1, arrow::Decimal128Type::kMaxPrecision),
                           dec.scale());
}

// round(x, digits). SQL rounds halves away from zero. Rounding away every digit a value can
// have gives 0 (round(x, -400) = 0, as in PostgreSQL and DuckDB) where Arrow refuses decimals
// and leaves floats unchanged; rounding at a place past every digit changes nothing. `digits`
// may be any int64 (a fuzzed INT64_MIN found the negation that overflowed here).
arrow::Result<arrow::Datum> Round(const arrow::Datum& x, int64_t digits) {
  cp::RoundOptions options(digits, cp::RoundMode::HALF_TOWARDS_INFINITY);
  if (x.type()->id() == arrow::Type::DECIMAL128) {
    const auto& dec = static_cast<const arrow::Decimal128Type&>(*x.type());
    const TypePtr out = RoundedDecimalType(x.type());
    if (digits < -(dec.precision() - dec.scale())) {  // no negation: digits may be INT64_MIN
      ARROW_ASSIGN_OR_RAISE(auto valid, cp::CallFunction("is_valid", {x}));
      auto zero = std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(0), out);
      return cp::CallFunction("if_else", {valid, arrow::Datum(zero),
                                          arrow::Datum(arrow::MakeNullScalar(out))});
    }
    ARROW_ASSIGN_OR_RAISE(auto widened, cp::Cast(x, out));
    // Nothing past the scale to round (and Arrow's kernel would count to a huge `digits`).
    if (digits >= dec.scale()) return widened;
    return cp::CallFunction("round", {widened}, &options);
  }
  if (arrow::is_integer(x.type()->id())) {
    // An integer has no fractional digit to round; past 10^18 Arrow's kernel would index its
    // powers of ten out of range (a fuzzed round(2, 223372036854775807) crashed in it).
    if (digits >= 0) return x;
    if (digits < -18) {
      // Every int64 is below 10^19: it rounds to 0, unless its magnitude reaches 5 * 10^18,
      // which would round to 10^19, past int64.
      auto big = arrow::MakeScalar(int64_t{5'000'000'000'000'000'000});
      auto small = arrow::MakeScalar(int64_t{-5'000'000'000'000'000'000});
      ARROW_ASSIGN_OR_RAISE(auto wide, cp::Cast(x, arrow::int64()));
      ARROW_ASSIGN_OR_RAISE(auto high, cp::CallFunction("greater_equal", {wide, big}));
      ARROW_ASSIGN_OR_RAISE(auto low, cp::CallFunction("less_equal", {wide, small}));
      ARROW_ASSIGN_OR_RAISE(auto out, cp::CallFunction("or", {high, low}));
      ARROW_ASSIGN_OR_RAISE(auto any, cp::CallFunction("any", {out}));
      const auto& flag = any.scalar_as<arrow::BooleanScalar>();
      if (flag.is_valid && flag.value) {
        return arrow::Status::Invalid("round(): the result is out of range for ",
                                      x.type()->ToString(), " at ", digits, " digits");
      }
      ARROW_ASSIGN_OR_RAISE(auto valid, cp::CallFunction("is_valid", {x}));
      ARROW_ASSIGN_OR_RAISE(auto zero, arrow::MakeScalar(x.type(), 0));
      return cp::CallFunction("if_else", {valid, arrow::Datum(zero),
                                          arrow::Datum(arrow::MakeNullScalar(x.type()))});
    }
  }
  // A double has no digit past the 324th decimal place: such a round changes nothing (Arrow's
  // kernel reports an overflow computing 10^digits instead).
  if (arrow::is_floating(x.type()->id()) && digits > 330) return x;
  if (arrow::is_floating(x.type()->id()) && digits < -308) {
    // 10^-digits is beyond double: every finite value rounds to 0; NaN and infinities stay.
    ARROW_ASSIGN_OR_RAISE(auto finite, cp::CallFunction("is_finite", {x}));
    ARROW_ASSIGN_OR_RAISE(auto zero, arrow::MakeScalar(x.type(), 0.0));
    return cp::CallFunction("if_else", {finite, arrow::Datum(zero), x});
  }
  return cp::CallFunction("round", {x}, &options);
}

}  // namespace

void RegisterBuiltinScalarFunctions(FunctionRegistry* registry) {
  Register(registry, "date_part", DatePartType, DatePart);

  Register(
      registry, "abs",
      [](const DataTypeVector& t) -> arrow::Result<TypePtr> {
        ARROW_RETURN_NOT_OK(Arity("abs", t.size(), 1, 1));
        return KernelType("abs_checked", {t[0]});
      },
      [](const Args& a, int64_t) { return cp::CallFunction("abs_checked", {a[0]}); });

  Register(
      registry, "round",
      [](const DataTypeVector& t) -> arrow::Result<TypePtr> {
        ARROW_RETURN_NOT_OK(Arity("round", t.size(), 1, 2));
        if (!arrow::is_numeric(t[0]->id()) && !arrow::is_decimal(t[0]->id())) {
          return arrow::Status::TypeError("round expects a number, got ", t[0]->ToString());
        }
        if (t[0]->id() == arrow::Type::DECIMAL128) return RoundedDecimalType(t[0]);
        return KernelType("round", {t[0]});
      },
      [](const Args& a, int64_t) -> arrow::Result<arrow::Datum> {
        int64_t digits = 0;
        if (a.size() == 2) {
          ARROW_ASSIGN_OR_RAISE(digits, ConstantInt("round", a[1], "digits"));
        }
        return Round(a[0], digits);
      });

  for (const char* name : {"upper", "lower"}) {
    std::string fn = name;
    std::string kernel = std::string("utf8_") + name;
    Register(
        registry, fn,
        [fn](const DataTypeVector& t) -> arrow::Result<TypePtr> {
          ARROW_RETURN_NOT_OK(Arity(fn, t.size(), 1, 1));
          ARROW_RETURN_NOT_OK(ExpectString(fn, t[0]));
          return t[0]->id() == arrow::Type::NA ? arrow::utf8() : t[0];
        },
        [kernel](const Args& a, int64_t) { return cp::CallFunction(kernel, {a[0]}); });
  }

  for (const char* name : {"length", "char_length", "character_length"}) {
    std::string fn = name;
    Register(
        registry, fn,
        [fn](const DataTypeVector& t) -> arrow::Result<TypePtr> {
          ARROW_RETURN_NOT_OK(Arity(fn, t.size(), 1, 1));
          ARROW_RETURN_NOT_OK(ExpectString(fn, t[0]));
          return arrow::int64();
        },
        [](const Args& a, int64_t) -> arrow::Result<arrow::Datum> {
          ARROW_ASSIGN_OR_RAISE(auto len, cp::CallFunction("utf8_length", {a[0]}));
          return cp::Cast(len, arrow::int64());
        });
  }

  for (const char* name : {"substr", "substring"}) {
    std::string fn = name;
    Register(
        registry, fn,
        [fn](const DataTypeVector& t) -> arrow::Result<TypePtr> {
          ARROW_RETURN_NOT_OK(Arity(fn, t.size(), 2, 3));
          ARROW_RETURN_NOT_OK(ExpectString(fn, t[0]));
          for (size_t i = 1; i < t.size(); ++i) {
            if (!arrow::is_integer(t[i]->id())) {
              return arrow::Status::TypeError(fn, " expects integer positions, got ",
                                              t[i]->ToString());
            }
          }
          return t[0]->id() == arrow::Type::NA ? arrow::utf8() : t[0];
        },
        Substr);
  }

  Register(
      registry, "concat", [](const DataTypeVector& t) { return ConcatType("concat", t); },
      [](const Args& a, int64_t) { return ConcatStrings(a, /*skip_nulls=*/true); });
  // The || operator.
  Register(
      registry, "string_concat",
      [](const DataTypeVector& t) { return ConcatType("string_concat", t); },
      [](const Args& a, int64_t) { return ConcatStrings(a, /*skip_nulls=*/false); });

  Register(
      registry, "coalesce",
      [](const DataTypeVector& t) -> arrow::Result<TypePtr> {
        if (t.empty()) return arrow::Status::TypeError("coalesce expects at least one argument");
        return CommonType("coalesce", t);
      },
      Coalesce);

  Register(
      registry, "trim",
      [](const DataTypeVector& t) -> arrow::Result<TypePtr> {
        ARROW_RETURN_NOT_OK(Arity("trim", t.size(), 1, 2));
        ARROW_RETURN_NOT_OK(ExpectString("trim", t[0]));
        return t[0]->id() == arrow::Type::NA ? arrow::utf8() : t[0];
      },
      [](const Args& a, int64_t) -> arrow::Result<arrow::Datum> {
        if (a.size() == 1) {
          cp::TrimOptions spaces(" ");
          return cp::CallFunction("utf8_trim", {a[0]}, &spaces);
        }
        ARROW_ASSIGN_OR_RAISE(auto chars, ConstantString("trim", a[1], "the characters"));
        cp::TrimOptions options(chars);
        return cp::CallFunction("utf8_trim", {a[0]}, &options);
      });

  Register(
      registry, "starts_with",
      [](const DataTypeVector& t) -> arrow::Result<TypePtr> {
        ARROW_RETURN_NOT_OK(Arity("starts_with", t.size(), 2, 2));
        ARROW_RETURN_NOT_OK(ExpectString("starts_with", t[0]));
        return arrow::boolean();
      },
      [](const Args& a, int64_t) -> arrow::Result<arrow::Datum> {
        ARROW_ASSIGN_OR_RAISE(auto prefix, ConstantString("starts_with", a[1], "the prefix"));
        cp::MatchSubstringOptions options(prefix);
        return cp::CallFunction("starts_with", {a[0]}, &options);
      });
}

}  // namespace quiver
