#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/like_expr.h>
#include <quiver/physical/expressions/negative_expr.h>
#include <quiver/physical/expressions/not_expr.h>
#include <quiver/physical/expressions/scalar_function_expr.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using testing::Col;
using testing::Lit;
using testing::MakeArray;
using testing::MakeBatch;

class ExpressionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    schema_ = arrow::schema({arrow::field("a", arrow::int64()), arrow::field("b", arrow::int64()),
                             arrow::field("s", arrow::utf8()),
                             arrow::field("d", arrow::decimal128(15, 2)),
                             arrow::field("flag", arrow::boolean())});
    batch_ = MakeBatch(
        schema_, {"[1, 2, null, 4]", "[10, 0, 5, 2]", R"(["apple", "Banana", null, "cherry"])",
                  R"(["1.50", "2.25", null, "-3.00"])", "[true, false, null, true]"});
  }
  std::shared_ptr<arrow::Array> Eval(const PhysicalExprPtr& e) {
    auto out = EvaluateToArray(*e, *batch_);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : nullptr;
  }
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<arrow::RecordBatch> batch_;
};

PhysicalExprPtr Bin(BinaryOperator op, PhysicalExprPtr l, PhysicalExprPtr r) {
  return std::make_shared<BinaryExpr>(op, std::move(l), std::move(r));
}

TEST_F(ExpressionsTest, ColumnAndLiteral) {
  auto col = Col("a", 0);
  EXPECT_EQ(col->to_string(), "a@0");
  EXPECT_TRUE(Eval(col)->Equals(*batch_->column(0)));
  auto lit = Lit(arrow::MakeScalar(int64_t{7}));
  auto v = lit->evaluate(*batch_);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->is_scalar());  // literals stay scalars
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[7, 7, 7, 7]"), Eval(lit));
  EXPECT_FALSE(Col("x", 9)->evaluate(*batch_).ok());
}

TEST_F(ExpressionsTest, ArithmeticAndComparison) {
  auto sum = Bin(BinaryOperator::kPlus, Col("a", 0), Col("b", 1));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[11, 2, null, 6]"), Eval(sum));
  auto lt = Bin(BinaryOperator::kLtEq, Col("a", 0), Lit(arrow::MakeScalar(int64_t{2})));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[true, true, null, false]"), Eval(lt));
  EXPECT_EQ(lt->to_string(), "a@0 <= 2");
  auto nested = Bin(BinaryOperator::kMultiply, sum, Col("b", 1));
  EXPECT_EQ(nested->to_string(), "(a@0 + b@1) * b@1");
  auto type = nested->data_type(*schema_);
  ASSERT_TRUE(type.ok());
  EXPECT_TRUE((*type)->Equals(*arrow::int64()));
}

TEST_F(ExpressionsTest, DivisionByZeroIsAnError) {
  auto div = Bin(BinaryOperator::kDivide, Col("a", 0), Col("b", 1));  // b has a 0
  auto out = div->evaluate(*batch_);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("by zero"), std::string::npos) << out.status().ToString();
}

TEST_F(ExpressionsTest, TypeMismatchIsAStatus) {
  auto bad = Bin(BinaryOperator::kPlus, Col("a", 0), Col("s", 2));
  EXPECT_FALSE(bad->data_type(*schema_).ok());
  EXPECT_FALSE(bad->evaluate(*batch_).ok());
  auto bad_and = Bin(BinaryOperator::kAnd, Col("a", 0), Col("flag", 4));
  EXPECT_FALSE(bad_and->data_type(*schema_).ok());
}

TEST_F(ExpressionsTest, DecimalArithmetic) {
  // d * (1 - 0.10): decimal(15,2) * decimal(…,2) → scale 4.
  auto one_minus = Bin(BinaryOperator::kMinus, Lit(arrow::MakeScalar(int64_t{1})),
                       Lit(std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(10),
                                                                     arrow::decimal128(3, 2))));
  auto prod = Bin(BinaryOperator::kMultiply, Col("d", 3), one_minus);
  auto type = prod->data_type(*schema_);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  ASSERT_EQ((*type)->id(), arrow::Type::DECIMAL128);
  EXPECT_EQ(static_cast<const arrow::Decimal128Type&>(**type).scale(), 4);
  auto out = Eval(prod);
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->type()->Equals(**type));
  // 1.50*0.90 = 1.35, 2.25*0.90 = 2.025, null, -3.00*0.90 = -2.70
  auto expected = MakeArray(*type, R"(["1.3500", "2.0250", null, "-2.7000"])");
  QUIVER_EXPECT_ARRAY_EQ(expected, out);
}

TEST_F(ExpressionsTest, LogicalNotNegateIsNull) {
  auto flag = Col("flag", 4);
  auto or_expr = Bin(BinaryOperator::kOr, flag,
                     Bin(BinaryOperator::kGt, Col("b", 1), Lit(arrow::MakeScalar(int64_t{3}))));
  // Kleene: null OR (5 > 3) = true
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[true, false, true, true]"), Eval(or_expr));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, true, null, false]"),
                         Eval(std::make_shared<NotExpr>(flag)));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[-1, -2, null, -4]"),
                         Eval(std::make_shared<NegativeExpr>(Col("a", 0))));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, false, true, false]"),
                         Eval(std::make_shared<IsNullExpr>(Col("a", 0), false)));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[true, true, false, true]"),
                         Eval(std::make_shared<IsNullExpr>(Col("s", 2), true)));
}

TEST_F(ExpressionsTest, InList) {
  auto in = std::make_shared<InListExpr>(
      Col("a", 0),
      std::vector<std::shared_ptr<arrow::Scalar>>{arrow::MakeScalar(int32_t{1}),
                                                  arrow::MakeScalar(int32_t{4})},
      false);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[true, false, null, true]"), Eval(in));
  EXPECT_EQ(in->to_string(), "a@0 IN (1, 4)");
  auto not_in = std::make_shared<InListExpr>(
      Col("s", 2), std::vector<std::shared_ptr<arrow::Scalar>>{arrow::MakeScalar("apple")}, true);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, true, null, true]"), Eval(not_in));
}

TEST_F(ExpressionsTest, Like) {
  auto like = std::make_shared<LikeExpr>(Col("s", 2), "%an%", false, false);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, true, null, false]"), Eval(like));
  auto ilike = std::make_shared<LikeExpr>(Col("s", 2), "b_n%", false, true);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, true, null, false]"), Eval(ilike));
  auto not_like = std::make_shared<LikeExpr>(Col("s", 2), "a%", true, false);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::boolean(), "[false, true, null, true]"), Eval(not_like));
  EXPECT_EQ(not_like->to_string(), "s@2 NOT LIKE 'a%'");
}

TEST_F(ExpressionsTest, CaseSearchedAndSimple) {
  // CASE WHEN b = 0 THEN 0 ELSE a / b END: the division only sees rows with b != 0.
  auto guarded = std::make_shared<CaseExpr>(
      nullptr,
      std::vector<CaseExpr::WhenThen>{
          {Bin(BinaryOperator::kEq, Col("b", 1), Lit(arrow::MakeScalar(int64_t{0}))),
           Lit(arrow::MakeScalar(int64_t{0}))}},
      Bin(BinaryOperator::kDivide, Col("a", 0), Col("b", 1)));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0, 0, null, 2]"), Eval(guarded));
  // CASE a WHEN 1 THEN 'one' WHEN 4 THEN 'four' END (no else → null)
  auto simple = std::make_shared<CaseExpr>(
      Col("a", 0),
      std::vector<CaseExpr::WhenThen>{
          {Lit(arrow::MakeScalar(int64_t{1})), Lit(arrow::MakeScalar("one"))},
          {Lit(arrow::MakeScalar(int64_t{4})), Lit(arrow::MakeScalar("four"))}},
      nullptr);
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["one", null, null, "four"])"), Eval(simple));
  EXPECT_EQ(simple->to_string(), "CASE a@0 WHEN 1 THEN 'one' WHEN 4 THEN 'four' END");
}

TEST_F(ExpressionsTest, ModuloHasTheDividendsSign) {
  // SQL (C, PostgreSQL): -7 % 2 = -1, 7 % -2 = 1, -7 % -2 = -1; -7.5 % 2 = -1.5.
  auto schema = arrow::schema({arrow::field("x", arrow::int64()), arrow::field("y", arrow::int32()),
                               arrow::field("f", arrow::float64()),
                               arrow::field("d", arrow::decimal128(10, 2))});
  auto batch = MakeBatch(schema, {"[7, -7, 7, -7, -8, null]", "[2, 2, -2, -2, 2, 3]",
                                  "[7.5, -7.5, 7.5, -7.5, -8.0, null]",
                                  R"(["7.50", "-7.50", "7.50", "-7.50", "-8.00", null])"});
  auto eval = [&](const PhysicalExprPtr& e) {
    auto out = EvaluateToArray(*e, *batch);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : nullptr;
  };
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[1, -1, 1, -1, 0, null]"),
                         eval(Bin(BinaryOperator::kModulo, Col("x", 0), Col("y", 1))));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::float64(), "[1.5, -1.5, 1.5, -1.5, 0.0, null]"),
                         eval(Bin(BinaryOperator::kModulo, Col("f", 2), Col("y", 1))));
  auto dec = eval(Bin(BinaryOperator::kModulo, Col("d", 3), Lit(arrow::MakeScalar(int64_t{-2}))));
  ASSERT_TRUE(dec);
  auto as_double = arrow::compute::Cast(*dec, arrow::float64());
  ASSERT_TRUE(as_double.ok());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::float64(), "[1.5, -1.5, 1.5, -1.5, 0.0, null]"),
                         *as_double);
  EXPECT_FALSE(Bin(BinaryOperator::kModulo, Col("x", 0), Lit(arrow::MakeScalar(int64_t{0})))
                   ->evaluate(*batch)
                   .ok());
}

TEST_F(ExpressionsTest, DatePlusMinusInterval) {
  // Expected day numbers computed with Python's datetime (days since 1970-01-01).
  auto schema = arrow::schema(
      {arrow::field("day", arrow::date32()), arrow::field("iv", arrow::month_day_nano_interval())});
  // 1994-01-31, 1996-02-29, 1998-12-01, null, 1969-12-31
  auto batch = MakeBatch(schema, {"[8796, 9555, 10561, null, -1]",
                                  "[[0, 1, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0], [2, 0, 0]]"});
  using Interval = arrow::MonthDayNanoIntervalType::MonthDayNanos;
  auto iv = [](int32_t months, int32_t days) {
    return Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(Interval{months, days, 0}));
  };
  auto eval_any = [&](const PhysicalExprPtr& e) {
    auto out = EvaluateToArray(*e, *batch);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : nullptr;
  };
  auto eval = [&](const PhysicalExprPtr& e) {
    EXPECT_TRUE(e->data_type(*schema).ValueOrDie()->Equals(arrow::date32()));
    auto out = EvaluateToArray(*e, *batch);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : nullptr;
  };
  // + 1 month clamps to the month's end: Jan 31 → Feb 28, Feb 29 → Mar 29.
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::date32(), "[8824, 9584, 10592, null, 30]"),
                         eval(Bin(BinaryOperator::kPlus, Col("day", 0), iv(1, 0))));
  // - 1 year: Feb 29 1996 → Feb 28 1995.
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::date32(), "[8431, 9189, 10196, null, -366]"),
                         eval(Bin(BinaryOperator::kMinus, Col("day", 0), iv(12, 0))));
  // INTERVAL + DATE, days only.
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::date32(), "[8696, 9455, 10461, null, -101]"),
                         eval(Bin(BinaryOperator::kPlus, iv(0, -100), Col("day", 0))));
  // An interval column: 1 day each, except 2 months for 1969-12-31 → 1970-02-28.
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::date32(), "[8797, 9556, 10562, null, 58]"),
                         eval(Bin(BinaryOperator::kPlus, Col("day", 0), Col("iv", 1))));
  // DATE - DATE is a number of days.
  auto diff = Bin(BinaryOperator::kMinus, Col("day", 0),
                  Lit(std::make_shared<arrow::Date32Scalar>(8796)));  // 1994-01-31
  EXPECT_TRUE(diff->data_type(*schema).ValueOrDie()->Equals(arrow::int64()));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0, 759, 1765, null, -8797]"), eval_any(diff));
  // A time part cannot be added to a DATE.
  auto nanos = Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(Interval{0, 0, 5}));
  EXPECT_TRUE(Bin(BinaryOperator::kPlus, Col("day", 0), nanos)
                  ->evaluate(*batch)
                  .status()
                  .IsNotImplemented());
}

TEST_F(ExpressionsTest, Cast) {
  auto cast = std::make_shared<CastExpr>(Col("a", 0), arrow::float64());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::float64(), "[1.0, 2.0, null, 4.0]"), Eval(cast));
  auto bad = std::make_shared<CastExpr>(Col("s", 2), arrow::int32());
  EXPECT_FALSE(bad->evaluate(*batch_).ok());  // "apple" is no integer: a Status, not a crash
}

// Decimals round half away from zero, doubles half to even (PostgreSQL: 2.5::numeric::int = 3,
// 2.5::float8::int = 2).
TEST_F(ExpressionsTest, CastDropsFractionDigitsByRounding) {
  auto schema = arrow::schema(
      {arrow::field("d", arrow::decimal128(15, 2)), arrow::field("f", arrow::float64())});
  auto batch = MakeBatch(
      schema, {R"(["-2.50", "2.49", "0.50", null, "2.25"])", "[-2.5, 2.49, 0.5, null, 7.0]"});
  auto cast = [&](PhysicalExprPtr arg, std::shared_ptr<arrow::DataType> type) {
    auto out = EvaluateToArray(CastExpr(std::move(arg), type), *batch);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : nullptr;
  };
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[-3, 2, 1, null, 2]"),
                         cast(Col("d", 0), arrow::int64()));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int32(), "[-2, 2, 0, null, 7]"),
                         cast(Col("f", 1), arrow::int32()));
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::decimal128(10, 1), R"(["-2.5", "2.5", "0.5", null, "2.3"])"),
      cast(Col("d", 0), arrow::decimal128(10, 1)));
}

TEST_F(ExpressionsTest, CastIntegerToNarrowDecimalChecksValues) {
  // a = [1, 2, null, 4] (int64) fits DECIMAL(5, 2) although not every int64 would.
  auto narrow = std::make_shared<CastExpr>(Col("a", 0), arrow::decimal128(5, 2));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::decimal128(5, 2), R"(["1.00", "2.00", null, "4.00"])"),
                         Eval(narrow));
  // b = [10, 0, 5, 2]: 10.00 needs 4 digits, more than DECIMAL(3, 2) holds.
  auto too_small = std::make_shared<CastExpr>(Col("b", 1), arrow::decimal128(3, 2));
  EXPECT_TRUE(too_small->evaluate(*batch_).status().IsInvalid());
}

TEST_F(ExpressionsTest, ScalarFunctionCallsRegisteredFunction) {
  auto twice = ScalarUDF::Make(
      "twice", arrow::int64(),
      [](const std::vector<arrow::Datum>& args, int64_t) -> arrow::Result<arrow::Datum> {
        return arrow::compute::CallFunction("multiply", {args[0], arrow::Datum(int64_t{2})});
      });
  auto call = std::make_shared<ScalarFunctionExpr>(twice, std::vector<PhysicalExprPtr>{Col("a", 0)},
                                                   arrow::int64());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[2, 4, null, 8]"), Eval(call));
  EXPECT_EQ(call->to_string(), "twice(a@0)");
}

TEST_F(ExpressionsTest, WithNewChildrenRebuilds) {
  auto e = Bin(BinaryOperator::kPlus, Col("a", 0), Col("b", 1));
  auto swapped = e->with_new_children({Col("b", 1), Col("a", 0)});
  ASSERT_TRUE(swapped.ok());
  EXPECT_EQ((*swapped)->to_string(), "b@1 + a@0");
  EXPECT_FALSE(e->with_new_children({Col("a", 0)}).ok());
}

}  // namespace
}  // namespace quiver
