#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/decimal_fast_path.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using internal::TryDecimalArithmetic;
using internal::TryDecimalRelabel;
using testing::MakeArray;

const char* ArrowName(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kPlus:
      return "add_checked";
    case BinaryOperator::kMinus:
      return "subtract_checked";
    default:
      return "multiply_checked";
  }
}

class DecimalFastPathTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::InitCompute(); }

  /// The fast path must answer, and answer exactly what Arrow's kernel answers (type too).
  void ExpectSameAsArrow(BinaryOperator op, const arrow::Datum& l, const arrow::Datum& r) {
    auto fast = TryDecimalArithmetic(op, l, r);
    ASSERT_TRUE(fast.ok()) << fast.status().ToString();
    ASSERT_TRUE(fast->has_value()) << "fast path declined " << ArrowName(op);
    auto arrow_out = arrow::compute::CallFunction(ArrowName(op), {l, r});
    ASSERT_TRUE(arrow_out.ok()) << arrow_out.status().ToString();
    auto got = (**fast).make_array();
    auto want = arrow_out->make_array();
    EXPECT_TRUE(got->type()->Equals(*want->type()))
        << got->type()->ToString() << " vs " << want->type()->ToString();
    EXPECT_TRUE(got->Equals(*want)) << got->ToString() << "\nvs Arrow\n" << want->ToString();
  }
};

TEST_F(DecimalFastPathTest, MatchesArrowOnArraysScalarsAndNulls) {
  auto price = MakeArray(arrow::decimal128(15, 2),
                         R"(["1.50", "2.25", null, "-3.00", "9999999999999.99", "0.01"])");
  auto disc =
      MakeArray(arrow::decimal128(15, 2), R"(["0.05", null, "0.10", "0.00", "0.07", "1.00"])");
  auto big = MakeArray(arrow::decimal128(18, 3),
                       R"(["999999999999999.999", "-999999999999999.999", "0.001", null, "5.500",
                           "-0.500"])");
  arrow::Datum one(int64_t{1});
  arrow::Datum small_int(std::make_shared<arrow::Int8Scalar>(-7));
  arrow::Datum dec_scalar(
      std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(125), arrow::decimal128(4, 3)));
  for (auto op : {BinaryOperator::kPlus, BinaryOperator::kMinus, BinaryOperator::kMultiply}) {
    SCOPED_TRACE(ArrowName(op));
    ExpectSameAsArrow(op, price, disc);  // nulls on both sides
    ExpectSameAsArrow(op, price, big);   // different scales: rescaling
    ExpectSameAsArrow(op, big, price);
    ExpectSameAsArrow(op, one, disc);  // Q1's 1 - l_discount
    ExpectSameAsArrow(op, disc, one);
    ExpectSameAsArrow(op, price, small_int);
    ExpectSameAsArrow(op, dec_scalar, big);
    ExpectSameAsArrow(op, price->Slice(2, 3), disc->Slice(1, 3));  // offsets
  }
  // Q1's chain: l_extendedprice * (1 - l_discount), then by (1 + l_tax) after a cast.
  auto one_minus = *TryDecimalArithmetic(BinaryOperator::kMinus, one, disc);
  ASSERT_TRUE(one_minus.has_value());
  ExpectSameAsArrow(BinaryOperator::kMultiply, price, *one_minus);
}

TEST_F(DecimalFastPathTest, DeclinesWhatItCannotProveExact) {
  auto price = MakeArray(arrow::decimal128(15, 2), R"(["1.50", "2.25"])");
  // An operand value past 64 bits.
  auto wide = MakeArray(arrow::decimal128(30, 2), R"(["1.00", "100000000000000000000.00"])");
  auto r = TryDecimalArithmetic(BinaryOperator::kMultiply, price, wide);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  // A result type beyond precision 38: 15 + 30 + 1.
  auto fits = MakeArray(arrow::decimal128(30, 2), R"(["1.00", "2.00"])");
  r = TryDecimalArithmetic(BinaryOperator::kMultiply, price, fits);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  // Values beyond their declared precision: 5000 as decimal(3, 0), so 5000 * 5000 does not fit
  // the result's decimal(7, 0) (Arrow would not notice; the fast path leaves it to Arrow).
  auto data = MakeArray(arrow::decimal128(10, 0), R"(["5000", "1"])")->data()->Copy();
  data->type = arrow::decimal128(3, 0);
  auto oversized = arrow::MakeArray(data);
  r = TryDecimalArithmetic(BinaryOperator::kMultiply, oversized, oversized);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  // 5000 + 1 does fit the result's decimal(4, 0): accepted, exact.
  auto ones = MakeArray(arrow::decimal128(3, 0), R"(["1", "1"])");
  r = TryDecimalArithmetic(BinaryOperator::kPlus, oversized, ones);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_TRUE((**r).make_array()->Equals(*MakeArray(arrow::decimal128(4, 0), R"(["5001", "2"])")));
  // 9999 + 1 does not: declined.
  auto data2 = MakeArray(arrow::decimal128(10, 0), R"(["9999", "1"])")->data()->Copy();
  data2->type = arrow::decimal128(3, 0);
  r = TryDecimalArithmetic(BinaryOperator::kPlus, arrow::MakeArray(data2), ones);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  // Not for division, floats, null scalars, two scalars or unequal lengths.
  for (auto op : {BinaryOperator::kDivide, BinaryOperator::kModulo, BinaryOperator::kLt}) {
    r = TryDecimalArithmetic(op, price, price);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
  }
  r = TryDecimalArithmetic(BinaryOperator::kPlus, price, arrow::Datum(1.5));
  EXPECT_FALSE(r->has_value());
  r = TryDecimalArithmetic(BinaryOperator::kPlus, price,
                           arrow::MakeNullScalar(arrow::decimal128(15, 2)));
  EXPECT_FALSE(r->has_value());
  r = TryDecimalArithmetic(BinaryOperator::kPlus, arrow::Datum(int64_t{1}),
                           arrow::Datum(int64_t{2}));
  EXPECT_FALSE(r->has_value());
  r = TryDecimalArithmetic(BinaryOperator::kPlus, price, price->Slice(1));
  EXPECT_FALSE(r->has_value());
  r = TryDecimalArithmetic(BinaryOperator::kPlus, price,
                           arrow::Datum(std::make_shared<arrow::UInt64Scalar>(1)));
  EXPECT_FALSE(r->has_value());
}

TEST_F(DecimalFastPathTest, ComparisonsMatchArrow) {
  auto disc = MakeArray(arrow::decimal128(15, 2),
                        R"(["0.05", null, "0.06", "0.07", "0.04", "-0.05", "0.08", "0.05"])");
  auto other =
      MakeArray(arrow::decimal128(12, 3),
                R"(["0.050", "0.060", null, "0.071", "-1.000", "-0.050", "0.080", "0.049"])");
  arrow::Datum lo(
      std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(5), arrow::decimal128(3, 2)));
  arrow::Datum lo3(
      std::make_shared<arrow::Decimal128Scalar>(arrow::Decimal128(60), arrow::decimal128(4, 3)));
  arrow::Datum zero(int32_t{0});
  const std::pair<BinaryOperator, const char*> ops[] = {
      {BinaryOperator::kEq, "equal"},   {BinaryOperator::kNotEq, "not_equal"},
      {BinaryOperator::kLt, "less"},    {BinaryOperator::kLtEq, "less_equal"},
      {BinaryOperator::kGt, "greater"}, {BinaryOperator::kGtEq, "greater_equal"}};
  for (const auto& [op, name] : ops) {
    SCOPED_TRACE(name);
    for (const auto& [l, r] : std::vector<std::pair<arrow::Datum, arrow::Datum>>{
             {disc, lo},
             {lo, disc},
             {disc, lo3},
             {disc, other},
             {other, disc},
             {disc, zero},
             {zero, other},
             {arrow::Datum(disc->Slice(1, 5)), arrow::Datum(other->Slice(2, 5))}}) {
      auto fast = internal::TryDecimalCompare(op, l, r);
      ASSERT_TRUE(fast.ok()) << fast.status().ToString();
      ASSERT_TRUE(fast->has_value());
      auto want = arrow::compute::CallFunction(name, {l, r});
      ASSERT_TRUE(want.ok()) << want.status().ToString();
      EXPECT_TRUE((**fast).make_array()->Equals(*want->make_array()))
          << (**fast).make_array()->ToString() << "\nvs Arrow\n"
          << want->make_array()->ToString();
    }
  }
  // Declines: a value past 64 bits, a scale gap over 18 digits, no decimal side, arithmetic.
  auto wide = MakeArray(arrow::decimal128(30, 2), R"(["100000000000000000000.00"])");
  EXPECT_FALSE(internal::TryDecimalCompare(BinaryOperator::kLt, wide, lo)->has_value());
  auto fine = MakeArray(arrow::decimal128(38, 20), R"(["0.00000000000000000001"])");
  auto coarse = MakeArray(arrow::decimal128(18, 0), R"(["1"])");
  EXPECT_FALSE(internal::TryDecimalCompare(BinaryOperator::kLt, fine, coarse)->has_value());
  auto ints = MakeArray(arrow::int64(), "[1, 2]");
  EXPECT_FALSE(internal::TryDecimalCompare(BinaryOperator::kLt, ints, zero)->has_value());
  EXPECT_FALSE(internal::TryDecimalCompare(BinaryOperator::kPlus, disc, lo)->has_value());
}

TEST_F(DecimalFastPathTest, RelabelNarrowsPrecisionOnlyWhenEveryValueFits) {
  auto wide = arrow::decimal128(38, 4);
  auto narrow = arrow::decimal128(21, 4);
  // 17 integer digits fit decimal(21, 4).
  auto ok = MakeArray(wide, R"(["12345678901234567.1234", "-0.0001", "99999999999999999.9999"])");
  auto relabelled = TryDecimalRelabel(ok, narrow);
  ASSERT_TRUE(relabelled.has_value());
  auto out = relabelled->make_array();
  EXPECT_TRUE(out->type()->Equals(*narrow));
  EXPECT_TRUE(out->Equals(
      *MakeArray(narrow, R"(["12345678901234567.1234", "-0.0001", "99999999999999999.9999"])")));

  // 18 integer digits: no relabel, and CastExpr reports Arrow's error.
  auto bad = MakeArray(wide, R"(["1.0000", "100000000000000000.0000"])");
  EXPECT_FALSE(TryDecimalRelabel(bad, narrow).has_value());
  auto schema = arrow::schema({arrow::field("x", wide)});
  CastExpr cast(testing::Col("x", 0), narrow);
  EXPECT_FALSE(cast.evaluate(*arrow::RecordBatch::Make(schema, 2, {bad})).ok());
  // The same value under a null slot is not checked.
  auto masked = bad->data()->Copy();
  auto bitmap = arrow::AllocateEmptyBitmap(2).ValueOrDie();
  arrow::bit_util::SetBit(bitmap->mutable_data(), 0);
  masked->buffers[0] = bitmap;
  masked->null_count = 1;
  auto masked_batch = arrow::RecordBatch::Make(schema, 2, {arrow::MakeArray(masked)});
  auto evaluated = cast.evaluate(*masked_batch);
  ASSERT_TRUE(evaluated.ok()) << evaluated.status().ToString();
  EXPECT_TRUE(evaluated->make_array()->Equals(*MakeArray(narrow, R"(["1.0000", null])")));
  // Sliced before the bad value it relabels too.
  auto sliced = TryDecimalRelabel(bad->Slice(0, 1), narrow);
  ASSERT_TRUE(sliced.has_value());
  EXPECT_TRUE(sliced->make_array()->Equals(*MakeArray(narrow, R"(["1.0000"])")));
  // A different scale is a rescale, not a relabel.
  EXPECT_FALSE(TryDecimalRelabel(ok, arrow::decimal128(38, 2)).has_value());
  EXPECT_FALSE(TryDecimalRelabel(ok, arrow::float64()).has_value());
}

}  // namespace
}  // namespace quiver
