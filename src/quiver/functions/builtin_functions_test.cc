#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/json/from_string.h>
#include <gtest/gtest.h>
#include <quiver/functions/function_registry.h>

#include <limits>

namespace quiver {
namespace {

std::shared_ptr<arrow::Array> A(const std::shared_ptr<arrow::DataType>& t,
                                const std::string& json) {
  return arrow::json::ArrayFromJSONString(t, json).ValueOrDie();
}

class BuiltinFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    registry_ = FunctionRegistry::MakeDefault();
  }
  std::shared_ptr<arrow::Array> Call(const std::string& name, std::vector<arrow::Datum> args) {
    auto fn = registry_->scalar(name);
    EXPECT_TRUE(fn.ok()) << name;
    DataTypeVector types;
    for (auto& a : args) types.push_back(a.type());
    auto type = (*fn)->return_type(types);
    EXPECT_TRUE(type.ok()) << type.status().ToString();
    auto out = (*fn)->invoke(args, 3);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok()) return nullptr;
    EXPECT_TRUE(out->type()->Equals(**type))
        << name << ": " << out->type()->ToString() << " vs " << (*type)->ToString();
    return out->make_array();
  }
  void ExpectEq(const std::shared_ptr<arrow::Array>& expected,
                const std::shared_ptr<arrow::Array>& actual) {
    ASSERT_TRUE(actual);
    EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\nvs\n"
                                           << actual->ToString();
  }
  std::shared_ptr<FunctionRegistry> registry_;
};

TEST_F(BuiltinFunctionsTest, DatePart) {
  // 1998-09-02 (Wednesday, day 245), 2024-02-29 (Thursday, day 60), null
  auto dates = arrow::compute::Cast(A(arrow::utf8(), R"(["1998-09-02", "2024-02-29", null])"),
                                    arrow::date32())
                   .ValueOrDie();
  auto unit = [](const char* u) { return arrow::Datum(std::make_shared<arrow::StringScalar>(u)); };
  ExpectEq(A(arrow::int64(), "[1998, 2024, null]"), Call("date_part", {unit("year"), dates}));
  ExpectEq(A(arrow::int64(), "[3, 1, null]"), Call("date_part", {unit("quarter"), dates}));
  ExpectEq(A(arrow::int64(), "[9, 2, null]"), Call("date_part", {unit("MONTH"), dates}));
  ExpectEq(A(arrow::int64(), "[2, 29, null]"), Call("date_part", {unit("day"), dates}));
  ExpectEq(A(arrow::int64(), "[3, 4, null]"), Call("date_part", {unit("dow"), dates}));
  ExpectEq(A(arrow::int64(), "[245, 60, null]"), Call("date_part", {unit("doy"), dates}));
  auto bad = registry_->scalar("date_part").ValueOrDie()->invoke({unit("fortnight"), dates}, 3);
  EXPECT_FALSE(bad.ok());
}

TEST_F(BuiltinFunctionsTest, Numeric) {
  ExpectEq(A(arrow::int64(), "[3, 0, null]"), Call("abs", {A(arrow::int64(), "[-3, 0, null]")}));
  ExpectEq(A(arrow::float64(), "[3.0, -3.0, 1.0]"),
           Call("round", {A(arrow::float64(), "[2.5, -2.5, 0.9]")}));
  ExpectEq(
      A(arrow::float64(), "[1.38, -1.24, null]"),
      Call("round", {A(arrow::float64(), "[1.375, -1.2449, null]"), arrow::Datum(int64_t{2})}));
}

// Any int64 is a valid `digits` (a fuzzed INT64_MIN once overflowed a negation; INT64_MAX hung
// Arrow's decimal kernel and overflowed its float one): past every digit a value has is 0,
// past the last decimal place changes nothing.
TEST_F(BuiltinFunctionsTest, RoundAtExtremeDigits) {
  const auto dec = arrow::decimal128(5, 3);
  auto x = A(dec, R"(["12.345", "-99.999", null])");
  const auto rounded = arrow::decimal128(6, 3);
  for (int64_t digits : {int64_t{3}, int64_t{400}, std::numeric_limits<int64_t>::max()}) {
    SCOPED_TRACE(digits);
    ExpectEq(A(rounded, R"(["12.345", "-99.999", null])"),
             Call("round", {x, arrow::Datum(digits)}));
  }
  for (int64_t digits : {int64_t{-3}, int64_t{-400}, std::numeric_limits<int64_t>::min()}) {
    SCOPED_TRACE(digits);
    ExpectEq(A(rounded, R"(["0.000", "0.000", null])"), Call("round", {x, arrow::Datum(digits)}));
  }
  auto d = A(arrow::float64(), "[1.5, -1234.5, null]");
  ExpectEq(d, Call("round", {d, arrow::Datum(std::numeric_limits<int64_t>::max())}));
  ExpectEq(d, Call("round", {d, arrow::Datum(int64_t{331})}));
  ExpectEq(A(arrow::float64(), "[0.0, -0.0, null]"),
           Call("round", {d, arrow::Datum(std::numeric_limits<int64_t>::min())}));

  // Integers: nothing to round at digits >= 0, 0 past every digit (a fuzzed huge `digits`
  // crashed Arrow's kernel), an error where the result would not fit.
  auto i = A(arrow::int64(), "[2, -1234, null]");
  ExpectEq(i, Call("round", {i, arrow::Datum(int64_t{223372036854775807})}));
  ExpectEq(A(arrow::int64(), "[0, -1000, null]"), Call("round", {i, arrow::Datum(int64_t{-3})}));
  for (int64_t digits : {int64_t{-19}, int64_t{-400}, std::numeric_limits<int64_t>::min()}) {
    ExpectEq(A(arrow::int64(), "[0, 0, null]"), Call("round", {i, arrow::Datum(digits)}));
  }
  auto huge = A(arrow::int64(), "[9223372036854775807]");
  auto fn = registry_->scalar("round").ValueOrDie();
  auto overflow = fn->invoke({huge, arrow::Datum(int64_t{-19})}, 1);
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("out of range"), std::string::npos);
}

TEST_F(BuiltinFunctionsTest, Strings) {
  auto s = A(arrow::utf8(), R"(["Hello", "  ab ", null])");
  ExpectEq(A(arrow::utf8(), R"(["HELLO", "  AB ", null])"), Call("upper", {s}));
  ExpectEq(A(arrow::utf8(), R"(["hello", "  ab ", null])"), Call("lower", {s}));
  ExpectEq(A(arrow::int64(), "[5, 5, null]"), Call("length", {s}));
  ExpectEq(A(arrow::int64(), "[5, 5, null]"), Call("char_length", {s}));
  ExpectEq(A(arrow::utf8(), R"(["ell", " ab", null])"),
           Call("substr", {s, arrow::Datum(int64_t{2}), arrow::Datum(int64_t{3})}));
  ExpectEq(A(arrow::utf8(), R"(["llo", "ab ", null])"),
           Call("substring", {s, arrow::Datum(int64_t{3})}));
  ExpectEq(A(arrow::utf8(), R"(["H", " ", null])"),
           Call("substr", {s, arrow::Datum(int64_t{0}), arrow::Datum(int64_t{2})}));
  ExpectEq(A(arrow::utf8(), R"(["Hello", "ab", null])"), Call("trim", {s}));
  ExpectEq(A(arrow::boolean(), "[true, false, null]"),
           Call("starts_with", {s, arrow::Datum(std::make_shared<arrow::StringScalar>("He"))}));
  // concat skips nulls; numbers are converted
  ExpectEq(A(arrow::utf8(), R"(["Hello1", "  ab 2", "3"])"),
           Call("concat", {s, A(arrow::int64(), "[1, 2, 3]")}));
  // || (string_concat) is null when an operand is, as in PostgreSQL: NULL || 'x' is NULL.
  ExpectEq(A(arrow::utf8(), R"(["Hello1", null, null])"),
           Call("string_concat", {s, A(arrow::int64(), "[1, null, 3]")}));
}

TEST_F(BuiltinFunctionsTest, Coalesce) {
  ExpectEq(A(arrow::int64(), "[1, 20, null]"),
           Call("coalesce",
                {A(arrow::int64(), "[1, null, null]"), A(arrow::int32(), "[10, 20, null]")}));
}

TEST_F(BuiltinFunctionsTest, TypeErrorsAreStatuses) {
  auto upper = registry_->scalar("upper").ValueOrDie();
  EXPECT_FALSE(upper->return_type({arrow::int64()}).ok());
  EXPECT_FALSE(registry_->scalar("substr").ValueOrDie()->return_type({arrow::utf8()}).ok());
  EXPECT_FALSE(registry_->scalar("no_such_fn").ok());
}

TEST_F(BuiltinFunctionsTest, AggregatesRegisteredWithTypes) {
  auto sum = registry_->aggregate("SUM").ValueOrDie();
  EXPECT_TRUE(sum->return_type({arrow::int32()}).ValueOrDie()->Equals(*arrow::int64()));
  EXPECT_TRUE(
      sum->return_type({arrow::decimal128(15, 2)}).ValueOrDie()->Equals(*arrow::decimal128(38, 2)));
  auto avg = registry_->aggregate("avg").ValueOrDie();
  EXPECT_EQ(avg->state_types({arrow::decimal128(15, 2)}, false).ValueOrDie().size(), 2u);
  EXPECT_TRUE(avg->state_types({arrow::int64()}, true).status().IsNotImplemented());
  auto min = registry_->aggregate("min").ValueOrDie();
  EXPECT_TRUE(min->return_type({arrow::date32()}).ValueOrDie()->Equals(*arrow::date32()));
  EXPECT_TRUE(registry_->has_aggregate("count"));
  EXPECT_TRUE(registry_->has_aggregate("max"));
}

TEST_F(BuiltinFunctionsTest, MinMaxAccumulatorsByGroup) {
  auto max = registry_->aggregate("max").ValueOrDie();
  auto acc = max->create_accumulator({arrow::date32()}, false).ValueOrDie();
  auto values = A(arrow::date32(), "[10, null, 30, 5]");
  uint32_t groups[] = {0, 1, 0, 1};
  ASSERT_TRUE(acc->update({values}, groups, 4, 2).ok());
  auto out = acc->finish(3).ValueOrDie();  // a third group never seen → null
  ExpectEq(A(arrow::date32(), "[30, 5, null]"), out);
}

TEST_F(BuiltinFunctionsTest, DecimalSumByGroupIsExactAndFailsOnOverflow) {
  auto sum = registry_->aggregate("sum").ValueOrDie();
  auto type = arrow::decimal128(38, 2);
  auto acc = sum->create_accumulator({type}, false).ValueOrDie();
  // Values past 64 bits and of both signs; group 1 sees only a null, group 2 nothing.
  auto values = A(type, R"(["92233720368547758.07", "-1.50", null, "92233720368547758.07",
                           "0.25", "-100000000000000000000.00"])");
  uint32_t groups[] = {0, 0, 1, 0, 3, 3};
  ASSERT_TRUE(acc->update({values}, groups, 6, 4).ok());
  // 2 * (2^63 - 1) cents - 150 cents = 184467440737095515.64 (worked by hand)
  ExpectEq(A(type, R"(["184467440737095514.64", null, null, "-99999999999999999999.75"])"),
           acc->finish(4).ValueOrDie());

  // Merging a partial state (decimal(38, 2) sums) adds per group too.
  auto merged = sum->create_accumulator({type}, false).ValueOrDie();
  auto state = A(type, R"(["1.00", "-2.00", "3.00"])");
  uint32_t merge_groups[] = {1, 1, 0};
  ASSERT_TRUE(merged->merge({state}, merge_groups, 3, 2).ok());
  ExpectEq(A(type, R"(["3.00", "-1.00"])"), merged->finish(2).ValueOrDie());

  // Beyond 128 bits the sum fails instead of wrapping, in either direction.
  auto big = arrow::decimal128(38, 0);
  for (const char* json : {R"(["99999999999999999999999999999999999999",
                              "99999999999999999999999999999999999999"])",
                           R"(["-99999999999999999999999999999999999999",
                              "-99999999999999999999999999999999999999"])"}) {
    auto over = sum->create_accumulator({big}, false).ValueOrDie();
    uint32_t same[] = {0, 0};
    auto st = over->update({A(big, json)}, same, 2, 1);
    EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  }
  // Just inside the range is fine: 10^38 - 1 + 10^38 - 1 - (10^38 - 1).
  auto edge = sum->create_accumulator({big}, false).ValueOrDie();
  uint32_t one_group[] = {0, 0, 0};
  ASSERT_TRUE(edge->update({A(big, R"(["99999999999999999999999999999999999999",
                                       "-99999999999999999999999999999999999999",
                                       "99999999999999999999999999999999999999"])")},
                           one_group, 3, 1)
                  .ok());
  ExpectEq(A(big, R"(["99999999999999999999999999999999999999"])"), edge->finish(1).ValueOrDie());
}

TEST_F(BuiltinFunctionsTest, AccumulatorsWithNoGroupsFinishEmpty) {
  // A grouped aggregate over empty input has zero groups. Building the outputs from empty value
  // vectors used to pass vector::data() == nullptr to memcpy (UBSan: "null pointer passed as
  // argument 2"), undefined behaviour even for zero bytes.
  struct Case {
    std::string fn;
    std::shared_ptr<arrow::DataType> arg;
    std::shared_ptr<arrow::DataType> out;
  };
  for (const auto& c : std::vector<Case>{{"sum", arrow::int64(), arrow::int64()},
                                         {"sum", arrow::float64(), arrow::float64()},
                                         {"avg", arrow::decimal128(15, 2), arrow::float64()},
                                         {"avg", arrow::int64(), arrow::float64()},
                                         {"min", arrow::int64(), arrow::int64()},
                                         {"count", arrow::int64(), arrow::int64()}}) {
    auto fn = registry_->aggregate(c.fn).ValueOrDie();
    auto acc = fn->create_accumulator({c.arg}, false).ValueOrDie();
    auto out = acc->finish(0);
    ASSERT_TRUE(out.ok()) << c.fn << ": " << out.status().ToString();
    EXPECT_EQ((*out)->length(), 0) << c.fn;
    EXPECT_TRUE((*out)->type()->Equals(*c.out)) << c.fn << ": " << (*out)->type()->ToString();
    auto acc2 = fn->create_accumulator({c.arg}, false).ValueOrDie();
    auto state = acc2->state(0);
    ASSERT_TRUE(state.ok()) << c.fn << ": " << state.status().ToString();
    for (const auto& column : *state) EXPECT_EQ(column->length(), 0) << c.fn;
  }
}

TEST_F(BuiltinFunctionsTest, MinAndMaxPutNaNAboveEveryNumberInAnyOrder) {
  // One total order, whatever order rows (or partial states) arrive in: NaN is the largest
  // value (as in PostgreSQL, DuckDB, DataFusion and ORDER BY).
  const uint32_t groups[] = {0, 0, 0, 1, 1, 2};
  for (const char* values : {"[NaN, 1.0, -2.5, NaN, NaN, 3.0]", "[1.0, NaN, -2.5, NaN, NaN, 3.0]",
                             "[-2.5, 1.0, NaN, NaN, NaN, 3.0]"}) {
    SCOPED_TRACE(values);
    auto input = A(arrow::float64(), values);
    for (const char* name : {"min", "max"}) {
      auto fn = registry_->aggregate(name).ValueOrDie();
      auto acc = fn->create_accumulator({arrow::float64()}, false).ValueOrDie();
      ASSERT_TRUE(acc->update({arrow::Datum(input)}, groups, input->length(), 3).ok());
      auto out = acc->finish(3).ValueOrDie();
      auto expected = A(arrow::float64(),
                        std::string(name) == "min" ? "[-2.5, NaN, 3.0]" : "[NaN, NaN, 3.0]");
      EXPECT_TRUE(out->Equals(*expected, arrow::EqualOptions().nans_equal(true)))
          << name << ": " << out->ToString();
    }
  }
}

}  // namespace
}  // namespace quiver
