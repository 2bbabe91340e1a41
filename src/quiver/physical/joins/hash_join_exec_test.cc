#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/join_test_util.h>
#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/repartition/repartition_exec.h>

#include <numeric>
#include <string>
#include <tuple>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

JoinOn ExampleOn() { return {{Col("lk", 0), Col("rk", 0)}}; }

// lv < rv over the intermediate schema [lv, rv].
JoinFilter LvLessThanRv() {
  JoinFilter filter;
  filter.schema =
      arrow::schema({arrow::field("lv", arrow::int64()), arrow::field("rv", arrow::int64())});
  filter.column_indices = {{1, JoinSide::kLeft}, {1, JoinSide::kRight}};
  filter.expression = std::make_shared<BinaryExpr>(BinaryOperator::kLt, Col("lv", 0), Col("rv", 1));
  return filter;
}

std::shared_ptr<HashJoinExec> MakeJoin(ExecutionPlanPtr left, ExecutionPlanPtr right, JoinOn on,
                                       std::optional<JoinFilter> filter, JoinType type,
                                       PartitionMode mode, bool null_equals_null = false,
                                       bool null_aware = false,
                                       std::shared_ptr<DynamicFilterExpr> dynamic = nullptr) {
  auto join =
      HashJoinExec::Make(std::move(left), std::move(right), std::move(on), std::move(filter), type,
                         mode, null_equals_null, null_aware, std::move(dynamic));
  EXPECT_TRUE(join.ok()) << join.status().ToString();
  return join.ok() ? *join : nullptr;
}

// The example inputs for `mode`: as they are for CollectLeft; both hash-repartitioned on the
// key into three partitions for Partitioned.
std::pair<ExecutionPlanPtr, ExecutionPlanPtr> ExampleInputs(PartitionMode mode) {
  if (mode == PartitionMode::kCollectLeft) return {ExampleLeft(), ExampleRight()};
  return {std::make_shared<RepartitionExec>(ExampleLeft(), Partitioning::Hash({Col("lk", 0)}, 3)),
          std::make_shared<RepartitionExec>(ExampleRight(), Partitioning::Hash({Col("rk", 0)}, 3))};
}

class HashJoinExampleTest
    : public ::testing::TestWithParam<std::tuple<ExampleCase, PartitionMode, int64_t>> {
 protected:
  void SetUp() override { InitCompute(); }
};

TEST_P(HashJoinExampleTest, OnKeys) {
  const auto& [c, mode, batch_size] = GetParam();
  auto [left, right] = ExampleInputs(mode);
  auto join = MakeJoin(left, right, ExampleOn(), std::nullopt, c.type, mode);
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->output_partition_count(), 3);
  ExpectRows(join, MakeContext(batch_size), c.on_keys);
}

TEST_P(HashJoinExampleTest, OnKeysWithFilter) {
  const auto& [c, mode, batch_size] = GetParam();
  auto [left, right] = ExampleInputs(mode);
  auto join = MakeJoin(left, right, ExampleOn(), LvLessThanRv(), c.type, mode);
  ASSERT_NE(join, nullptr);
  ExpectRows(join, MakeContext(batch_size), c.on_keys_and_lv_lt_rv);
}

std::string CaseName(
    const ::testing::TestParamInfo<std::tuple<ExampleCase, PartitionMode, int64_t>>& info) {
  const auto& [c, mode, batch_size] = info.param;
  return std::string(JoinTypeName(c.type)) + "_" + std::string(PartitionModeName(mode)) + "_batch" +
         std::to_string(batch_size);
}

INSTANTIATE_TEST_SUITE_P(AllJoinTypes, HashJoinExampleTest,
                         ::testing::Combine(::testing::ValuesIn(ExampleCases()),
                                            ::testing::Values(PartitionMode::kCollectLeft,
                                                              PartitionMode::kPartitioned),
                                            ::testing::Values<int64_t>(1, 2, 8192)),
                         CaseName);

// ---- Empty sides -------------------------------------------------------------------------

struct EmptySideCase {
  JoinType type;
  JsonBatch empty_build;  // expected with no left rows
  JsonBatch empty_probe;  // expected with no right rows
  bool probe_skipped;     // with no left rows the right input is never read
};

class HashJoinEmptySideTest : public ::testing::TestWithParam<EmptySideCase> {
 protected:
  void SetUp() override { InitCompute(); }
};

TEST_P(HashJoinEmptySideTest, EmptyBuildSide) {
  const auto& c = GetParam();
  // One empty batch and no batch at all, over two right partitions.
  auto left = JsonSource(ExampleLeftSchema(), {{{"[]", "[]"}}});
  auto right = ExampleRight();
  auto join = MakeJoin(left, right, ExampleOn(), std::nullopt, c.type, PartitionMode::kCollectLeft);
  ExpectRows(join, MakeContext(), c.empty_build);
  if (c.probe_skipped) EXPECT_EQ(right->pulled(), 0);
}

TEST_P(HashJoinEmptySideTest, EmptyProbeSide) {
  const auto& c = GetParam();
  auto right = JsonSource(ExampleRightSchema(), {{}, {{"[]", "[]"}}});
  auto join = MakeJoin(ExampleLeft(), right, ExampleOn(), std::nullopt, c.type,
                       PartitionMode::kCollectLeft);
  ExpectRows(join, MakeContext(), c.empty_probe);
}

INSTANTIATE_TEST_SUITE_P(
    AllJoinTypes, HashJoinEmptySideTest,
    ::testing::Values(
        EmptySideCase{JoinType::kInner, {"[]", "[]", "[]", "[]"}, {"[]", "[]", "[]", "[]"}, true},
        EmptySideCase{JoinType::kLeft,
                      {"[]", "[]", "[]", "[]"},
                      {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]",
                       "[null, null, null, null, null]", "[null, null, null, null, null]"},
                      true},
        EmptySideCase{JoinType::kRight,
                      {"[null, null, null, null, null]", "[null, null, null, null, null]",
                       "[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]"},
                      {"[]", "[]", "[]", "[]"},
                      false},
        EmptySideCase{JoinType::kFull,
                      {"[null, null, null, null, null]", "[null, null, null, null, null]",
                       "[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]"},
                      {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]",
                       "[null, null, null, null, null]", "[null, null, null, null, null]"},
                      false},
        EmptySideCase{JoinType::kLeftSemi, {"[]", "[]"}, {"[]", "[]"}, true},
        EmptySideCase{JoinType::kLeftAnti,
                      {"[]", "[]"},
                      {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]"},
                      true},
        EmptySideCase{JoinType::kRightSemi, {"[]", "[]"}, {"[]", "[]"}, true},
        EmptySideCase{JoinType::kRightAnti,
                      {"[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]"},
                      {"[]", "[]"},
                      false},
        EmptySideCase{
            JoinType::kLeftMark,
            {"[]", "[]", "[]"},
            {"[1, 2, 2, null, 4]", "[10, 20, 21, 30, 40]", "[false, false, false, false, false]"},
            true},
        EmptySideCase{
            JoinType::kRightMark,
            {"[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]", "[false, false, false, false, false]"},
            {"[]", "[]", "[]"},
            false}),
    [](const ::testing::TestParamInfo<EmptySideCase>& info) {
      return std::string(JoinTypeName(info.param.type));
    });

// ---- Plan properties ----------------------------------------------------------------------

// A leaf that counts how often its partitioning is asked for.
class CountingSource : public BatchSourceExec {
 public:
  using BatchSourceExec::BatchSourceExec;
  Partitioning output_partitioning() const override {
    ++*asked_;
    return BatchSourceExec::output_partitioning();
  }
  int asked() const { return *asked_; }

 private:
  std::shared_ptr<int> asked_ = std::make_shared<int>(0);
};

TEST(HashJoinExecTest, PartitioningOfAJoinChainAsksEachInputOnce) {
  // 20 joins, each probing the one below: asking a child twice per level made planning such a
  // chain take 2^n calls (minutes at 28 joins).
  InitCompute();
  auto probe = std::make_shared<CountingSource>(
      ExampleRightSchema(),
      BatchSourceExec::Partitions{{MakeBatch(ExampleRightSchema(), {"[1]", "[2]"})}});
  ExecutionPlanPtr plan = probe;
  constexpr int kJoins = 20;
  for (int i = 0; i < kJoins; ++i) {
    for (auto mode : {PartitionMode::kCollectLeft, PartitionMode::kPartitioned}) {
      auto join = HashJoinExec::Make(ExampleLeft(), plan, {{Col("lk", 0), Col("k", 0)}},
                                     std::nullopt, JoinType::kInner, mode);
      ASSERT_TRUE(join.ok()) << join.status().ToString();
      if (mode == PartitionMode::kCollectLeft) plan = *join;
    }
  }
  const int before = probe->asked();
  EXPECT_EQ(plan->output_partitioning().partition_count, 1);
  EXPECT_LE(probe->asked() - before, 1);
}

// ---- Keys --------------------------------------------------------------------------------

TEST(HashJoinExecTest, NullEqualsNullMatchesNullKeys) {
  InitCompute();
  for (auto mode : {PartitionMode::kCollectLeft, PartitionMode::kPartitioned}) {
    auto [left, right] = ExampleInputs(mode);
    auto join = MakeJoin(left, right, ExampleOn(), std::nullopt, JoinType::kInner, mode,
                         /*null_equals_null=*/true);
    ExpectRows(join, MakeContext(2),
               {"[1, 2, 2, 2, 2, null]", "[10, 20, 20, 21, 21, 30]", "[1, 2, 2, 2, 2, null]",
                "[5, 25, 15, 25, 15, 45]"});
    EXPECT_NE(join->to_string().find("null_equals_null=true"), std::string::npos);
  }
  // LeftAnti (EXCEPT): the NULL row is matched away too.
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt,
                       JoinType::kLeftAnti, PartitionMode::kCollectLeft, true);
  ExpectRows(join, MakeContext(), {"[4]", "[40]"});
}

// Multi-column keys (int32, string) where the string arrives dictionary-encoded on both sides,
// each batch with its own dictionary.
TEST(HashJoinExecTest, MultiColumnKeysWithDictionaryStrings) {
  InitCompute();
  auto ls = arrow::schema({arrow::field("a", arrow::int32()), arrow::field("s", arrow::utf8()),
                           arrow::field("v", arrow::int64())});
  auto rs = arrow::schema({arrow::field("b", arrow::int32()), arrow::field("t", arrow::utf8()),
                           arrow::field("w", arrow::int64())});
  auto l1 = DictionaryEncodeColumn(
      MakeBatch(ls, {"[1, 1, 2]", R"(["a", "b", "a"])", "[100, 101, 102]"}), 1);
  auto l2 = DictionaryEncodeColumn(MakeBatch(ls, {"[null, 2]", R"(["a", null])", "[103, 104]"}), 1);
  auto r1 =
      DictionaryEncodeColumn(MakeBatch(rs, {"[1, 1, 2]", R"(["a", "a", "b"])", "[1, 2, 3]"}), 1);
  auto r2 =
      DictionaryEncodeColumn(MakeBatch(rs, {"[2, 1, 2]", R"(["a", "b", null])", "[4, 5, 6]"}), 1);
  auto left =
      std::make_shared<BatchSourceExec>(l1->schema(), BatchSourceExec::Partitions{{l1, l2}});
  auto right =
      std::make_shared<BatchSourceExec>(r1->schema(), BatchSourceExec::Partitions{{r1}, {r2}});
  JoinOn on = {{Col("a", 0), Col("b", 0)}, {Col("s", 1), Col("t", 1)}};
  auto inner =
      MakeJoin(left, right, on, std::nullopt, JoinType::kInner, PartitionMode::kCollectLeft);
  ExpectRows(inner, MakeContext(),
             {"[1, 1, 1, 2]", R"(["a", "a", "b", "a"])", "[100, 100, 101, 102]", "[1, 1, 1, 2]",
              R"(["a", "a", "b", "a"])", "[1, 2, 5, 4]"});
  auto anti =
      MakeJoin(left, right, on, std::nullopt, JoinType::kLeftAnti, PartitionMode::kCollectLeft);
  ExpectRows(anti, MakeContext(), {"[null, 2]", R"(["a", null])", "[103, 104]"});
  // A plain string build key against a dictionary probe key compares by value too.
  auto plain_left = JsonSource(ls, {{{"[1, 2]", R"(["b", "a"])", "[7, 8]"}}});
  auto mixed = MakeJoin(plain_left, right, on, std::nullopt, JoinType::kRightSemi,
                        PartitionMode::kCollectLeft);
  ExpectRows(mixed, MakeContext(), {"[1, 2]", R"(["b", "a"])", "[5, 4]"});
}

// Every supported key type: left ids 0..3 with keys [1, 2, null, 3], right ids 10..13 with
// keys [3, 1, 1, null] match as (0, 11), (0, 12), (3, 10).
TEST(HashJoinExecTest, KeyTypes) {
  InitCompute();
  const std::string numbers_left = "[1, 2, null, 3]";
  const std::string numbers_right = "[3, 1, 1, null]";
  const std::string strings_left = R"(["1", "2", null, "3"])";
  const std::string strings_right = R"(["3", "1", "1", null])";
  const std::string decimals_left = R"(["1.00", "2.00", null, "3.00"])";
  const std::string decimals_right = R"(["3.00", "1.00", "1.00", null])";
  struct KeyType {
    std::shared_ptr<arrow::DataType> type;
    bool strings;
  };
  std::vector<KeyType> types = {
      {arrow::int8(), false},    {arrow::int16(), false},     {arrow::int32(), false},
      {arrow::int64(), false},   {arrow::uint8(), false},     {arrow::uint16(), false},
      {arrow::uint32(), false},  {arrow::uint64(), false},    {arrow::float32(), false},
      {arrow::float64(), false}, {arrow::date32(), false},    {arrow::decimal128(12, 2), true},
      {arrow::utf8(), true},     {arrow::large_utf8(), true}, {arrow::binary(), true},
  };
  for (const auto& kt : types) {
    SCOPED_TRACE(kt.type->ToString());
    auto ls = arrow::schema({arrow::field("k", kt.type), arrow::field("id", arrow::int64())});
    auto rs = arrow::schema({arrow::field("k", kt.type), arrow::field("id", arrow::int64())});
    const bool decimal = kt.type->id() == arrow::Type::DECIMAL128;
    auto left = JsonSource(ls, {{{decimal      ? decimals_left
                                  : kt.strings ? strings_left
                                               : numbers_left,
                                  "[0, 1, 2, 3]"}}});
    auto right = JsonSource(rs, {{{decimal      ? decimals_right
                                   : kt.strings ? strings_right
                                                : numbers_right,
                                   "[10, 11, 12, 13]"}}});
    auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                         PartitionMode::kCollectLeft);
    ASSERT_NE(join, nullptr);
    auto batches = CollectPlan(join, MakeContext());
    ASSERT_TRUE(batches.ok()) << batches.status().ToString();
    auto table = arrow::Table::FromRecordBatches(join->schema(), *batches).ValueOrDie();
    auto ids = table->SelectColumns({1, 3}).ValueOrDie();
    auto ids_schema =
        arrow::schema({arrow::field("id", arrow::int64()), arrow::field("id", arrow::int64())});
    auto expected = arrow::Table::FromRecordBatches(
                        ids_schema, {MakeBatch(ids_schema, {"[0, 0, 3]", "[11, 12, 10]"})})
                        .ValueOrDie();
    EXPECT_TRUE(SortedTable(ids)->Equals(*SortedTable(expected))) << SortedTable(ids)->ToString();
  }
}

TEST(HashJoinExecTest, BooleanDecimalAndFloatEdgeKeys) {
  InitCompute();
  {
    auto s =
        arrow::schema({arrow::field("k", arrow::boolean()), arrow::field("id", arrow::int64())});
    auto left = JsonSource(s, {{{"[true, false, null, true]", "[0, 1, 2, 3]"}}});
    auto right = JsonSource(s, {{{"[true, true, false, null]", "[10, 11, 12, 13]"}}});
    auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                         PartitionMode::kCollectLeft);
    ExpectRows(join, MakeContext(),
               {"[true, true, true, true, false]", "[0, 0, 3, 3, 1]",
                "[true, true, true, true, false]", "[10, 11, 10, 11, 12]"});
  }
  {
    // Negative decimals and equal values at different magnitudes.
    auto s = arrow::schema(
        {arrow::field("k", arrow::decimal128(12, 2)), arrow::field("id", arrow::int64())});
    auto left = JsonSource(s, {{{R"(["1.50", "-3.25", "2.00"])", "[0, 1, 2]"}}});
    auto right =
        JsonSource(s, {{{R"(["2.00", "1.50", "-3.25", "9.99", "1.50"])", "[10, 11, 12, 13, 14]"}}});
    auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                         JoinType::kLeftMark, PartitionMode::kCollectLeft);
    ExpectRows(join, MakeContext(),
               {R"(["1.50", "-3.25", "2.00"])", "[0, 1, 2]", "[true, true, true]"});
    auto inner = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                          PartitionMode::kCollectLeft);
    ExpectRows(inner, MakeContext(),
               {R"(["1.50", "1.50", "-3.25", "2.00"])", "[0, 0, 1, 2]",
                R"(["1.50", "1.50", "-3.25", "2.00"])", "[11, 14, 12, 10]"});
  }
  {
    // -0.0 equals 0.0 and NaN equals NaN, as they hash alike.
    auto s =
        arrow::schema({arrow::field("k", arrow::float64()), arrow::field("id", arrow::int64())});
    auto left = JsonSource(s, {{{"[0.0, NaN, 1.5]", "[0, 1, 2]"}}});
    auto right = JsonSource(s, {{{"[-0.0, NaN, 2.5]", "[10, 11, 12]"}}});
    auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                         JoinType::kLeftSemi, PartitionMode::kCollectLeft);
    // (Table equality never calls NaN equal, so compare the ids.)
    auto table = CollectTable(join, MakeContext());
    ASSERT_EQ(table->num_rows(), 2);
    auto ids = SortedTable(table->SelectColumns({1}).ValueOrDie());
    QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[0, 1]"), Column(ids, 0));
  }
}

TEST(HashJoinExecTest, RejectsMismatchedOrUnhashableKeys) {
  InitCompute();
  auto ls = arrow::schema({arrow::field("k", arrow::int32())});
  auto rs = arrow::schema({arrow::field("k", arrow::int64())});
  auto left = JsonSource(ls, {{{"[1]"}}});
  auto right = JsonSource(rs, {{{"[1]"}}});
  auto r = HashJoinExec::Make(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                              JoinType::kInner, PartitionMode::kCollectLeft);
  EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
  auto list_schema = arrow::schema({arrow::field("k", arrow::list(arrow::int32()))});
  auto lists = JsonSource(list_schema, {{{"[[1]]"}}});
  r = HashJoinExec::Make(lists, lists, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                         PartitionMode::kCollectLeft);
  EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
  r = HashJoinExec::Make(left, left, {}, std::nullopt, JoinType::kInner,
                         PartitionMode::kCollectLeft);
  EXPECT_TRUE(r.status().IsInvalid());
  // A filter whose schema does not match the input column it names.
  JoinFilter bad = LvLessThanRv();
  r = HashJoinExec::Make(
      ExampleLeft(), ExampleRight(), ExampleOn(),
      JoinFilter{bad.expression, {{5, JoinSide::kLeft}, {1, JoinSide::kRight}}, bad.schema},
      JoinType::kInner, PartitionMode::kCollectLeft);
  EXPECT_TRUE(r.status().IsInvalid());
}

// ---- Null-aware anti / mark (NOT IN) -----------------------------------------------------

struct NullAwareCase {
  std::string name;
  JsonBatch build;
  JsonBatch anti;        // null-aware RightAnti
  JsonBatch mark;        // null-aware RightMark
  JsonBatch plain_anti;  // ordinary RightAnti, for contrast
};

class HashJoinNullAwareTest : public ::testing::TestWithParam<NullAwareCase> {
 protected:
  void SetUp() override { InitCompute(); }
};

TEST_P(HashJoinNullAwareTest, AntiAndMark) {
  const auto& c = GetParam();
  auto s = arrow::schema({arrow::field("k", arrow::int64())});
  auto ps = arrow::schema({arrow::field("x", arrow::int64()), arrow::field("id", arrow::int64())});
  auto build = JsonSource(s, {{c.build}});
  // Probe x in (1, 3, NULL) over two partitions.
  auto probe = JsonSource(ps, {{{"[1, 3]", "[0, 1]"}}, {{"[null]", "[2]"}}});
  JoinOn on = {{Col("k", 0), Col("x", 0)}};
  ExpectRows(MakeJoin(build, probe, on, std::nullopt, JoinType::kRightAnti,
                      PartitionMode::kCollectLeft, false, true),
             MakeContext(), c.anti);
  ExpectRows(MakeJoin(build, probe, on, std::nullopt, JoinType::kRightMark,
                      PartitionMode::kCollectLeft, false, true),
             MakeContext(), c.mark);
  ExpectRows(
      MakeJoin(build, probe, on, std::nullopt, JoinType::kRightAnti, PartitionMode::kCollectLeft),
      MakeContext(), c.plain_anti);
}

INSTANTIATE_TEST_SUITE_P(NotIn, HashJoinNullAwareTest,
                         ::testing::Values(
                             // x NOT IN (1, 2): 3 is in the answer, NULL NOT IN (...) is unknown.
                             NullAwareCase{"NoNullInBuild",
                                           {"[1, 2]"},
                                           {"[3]", "[1]"},
                                           {"[1, 3, null]", "[0, 1, 2]", "[true, false, null]"},
                                           {"[3, null]", "[1, 2]"}},
                             // x NOT IN (1, NULL) is never true.
                             NullAwareCase{"NullInBuild",
                                           {"[1, null]"},
                                           {"[]", "[]"},
                                           {"[1, 3, null]", "[0, 1, 2]", "[true, null, null]"},
                                           {"[3, null]", "[1, 2]"}},
                             // x NOT IN (empty) is true for every x, NULL included.
                             NullAwareCase{"EmptyBuild",
                                           {"[]"},
                                           {"[1, 3, null]", "[0, 1, 2]"},
                                           {"[1, 3, null]", "[0, 1, 2]", "[false, false, false]"},
                                           {"[1, 3, null]", "[0, 1, 2]"}}),
                         [](const ::testing::TestParamInfo<NullAwareCase>& info) {
                           return info.param.name;
                         });

TEST(HashJoinExecTest, NullAwareRequiresSingleKeyRightAntiOrMarkCollectLeft) {
  InitCompute();
  auto make = [](JoinOn on, JoinType type, PartitionMode mode,
                 std::optional<JoinFilter> filter = std::nullopt) {
    return HashJoinExec::Make(ExampleLeft(), ExampleRight(), std::move(on), std::move(filter), type,
                              mode, false, /*null_aware=*/true)
        .status();
  };
  EXPECT_TRUE(make(ExampleOn(), JoinType::kRightAnti, PartitionMode::kCollectLeft).ok());
  EXPECT_TRUE(make(ExampleOn(), JoinType::kRightMark, PartitionMode::kCollectLeft).ok());
  EXPECT_TRUE(make(ExampleOn(), JoinType::kLeftAnti, PartitionMode::kCollectLeft).IsInvalid());
  EXPECT_TRUE(make(ExampleOn(), JoinType::kRightAnti, PartitionMode::kPartitioned).IsInvalid());
  EXPECT_TRUE(make({{Col("lk", 0), Col("rk", 0)}, {Col("lv", 1), Col("rv", 1)}},
                   JoinType::kRightAnti, PartitionMode::kCollectLeft)
                  .IsInvalid());
  EXPECT_TRUE(make(ExampleOn(), JoinType::kRightAnti, PartitionMode::kCollectLeft, LvLessThanRv())
                  .IsNotImplemented());
}

// ---- Batching ----------------------------------------------------------------------------

// Build keys 0..9 (each three times for `dups`), one probe batch of 1000 rows with keys i % 10.
std::pair<ExecutionPlanPtr, ExecutionPlanPtr> BigInputs(int dups, int64_t unmatched_build) {
  auto s = arrow::schema({arrow::field("k", arrow::int64())});
  arrow::Int64Builder lb, rb;
  for (int d = 0; d < dups; ++d) {
    for (int64_t k = 0; k < 10; ++k) EXPECT_TRUE(lb.Append(k).ok());
  }
  for (int64_t k = 0; k < unmatched_build; ++k) EXPECT_TRUE(lb.Append(1000 + k).ok());
  for (int64_t i = 0; i < 1000; ++i) EXPECT_TRUE(rb.Append(i % 10).ok());
  auto la = lb.Finish().ValueOrDie();
  auto ra = rb.Finish().ValueOrDie();
  auto left = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{arrow::RecordBatch::Make(s, la->length(), {la})}});
  auto right = std::make_shared<BatchSourceExec>(
      s, BatchSourceExec::Partitions{{arrow::RecordBatch::Make(s, ra->length(), {ra})}});
  return {left, right};
}

TEST(HashJoinExecTest, BigProbeBatchIsSplitIntoBatchSizeOutputs) {
  InitCompute();
  auto [left, right] = BigInputs(1, 0);
  auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft);
  auto sizes = BatchSizes(join, MakeContext(64));
  // 1000 pairs: fifteen full batches and the rest.
  std::vector<int64_t> expected(15, 64);
  expected.push_back(1000 - 15 * 64);
  EXPECT_EQ(sizes, expected);

  // Three build rows per key: 3000 pairs, still in batches of at most 64.
  auto [left3, right3] = BigInputs(3, 0);
  auto join3 = MakeJoin(left3, right3, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                        PartitionMode::kCollectLeft);
  sizes = BatchSizes(join3, MakeContext(64));
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), 3000);
  for (size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ(sizes[i], i + 1 < sizes.size() ? 64 : 3000 % 64) << "batch " << i;
  }
}

TEST(HashJoinExecTest, ThinOutputsOfManyProbeBatchesAreGathered) {
  // 100 probe batches of 10 rows, one match each: 100 one-row results leave as batches of 64
  // (and the rest), not one per probe batch.
  InitCompute();
  auto s = arrow::schema({arrow::field("k", arrow::int64())});
  auto build = MakeBatch(s, {"[0]"});
  std::vector<std::shared_ptr<arrow::RecordBatch>> probe;
  for (int b = 0; b < 100; ++b) probe.push_back(MakeBatch(s, {"[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"}));
  auto join = MakeJoin(std::make_shared<BatchSourceExec>(s, BatchSourceExec::Partitions{{build}}),
                       std::make_shared<BatchSourceExec>(s, BatchSourceExec::Partitions{probe}),
                       {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft);
  EXPECT_EQ(BatchSizes(join, MakeContext(64)), (std::vector<int64_t>{64, 36}));
}

TEST(HashJoinExecTest, TailsAreSplitIntoBatchSizeOutputs) {
  InitCompute();
  // Left join: 1000 pairs, then 200 unmatched build rows.
  auto [left, right] = BigInputs(1, 200);
  auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kLeft,
                       PartitionMode::kCollectLeft);
  auto sizes = BatchSizes(join, MakeContext(64));
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), 1200);
  for (auto s : sizes) EXPECT_LE(s, 64);
  // RightMark: every one of the 1000 probe rows once, in batches of 64.
  auto mark = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                       JoinType::kRightMark, PartitionMode::kCollectLeft);
  sizes = BatchSizes(mark, MakeContext(64));
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), 1000);
  for (auto s : sizes) EXPECT_LE(s, 64);
}

// ---- Sharing, errors, plan properties ----------------------------------------------------

TEST(HashJoinExecTest, CollectLeftBuildsOnceForAllPartitions) {
  InitCompute();
  auto left = ExampleLeft();
  auto join = MakeJoin(left, ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft);
  ASSERT_TRUE(CollectPlan(join, MakeContext()).ok());
  EXPECT_EQ(left->pulled(), 2);  // the two build batches, read once for three partitions
}

TEST(HashJoinExecTest, BuildErrorReachesEveryPartition) {
  InitCompute();
  auto left = ExampleLeft();
  left->fail_after(1, arrow::Status::IOError("build side broke"));
  auto join = MakeJoin(left, ExampleRight(), ExampleOn(), std::nullopt, JoinType::kLeft,
                       PartitionMode::kCollectLeft);
  auto ctx = MakeContext();
  for (int p = 0; p < 3; ++p) {
    auto stream = join->execute(p, ctx).ValueOrDie();
    std::shared_ptr<arrow::RecordBatch> batch;
    auto st = stream->ReadNext(&batch);
    EXPECT_TRUE(st.IsIOError()) << "partition " << p << ": " << st.ToString();
  }
}

TEST(HashJoinExecTest, PartitionCountsAreCheckedAtExecute) {
  InitCompute();
  // Planners build joins before exchanges exist: Make accepts, execute refuses.
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                       PartitionMode::kPartitioned);
  ASSERT_NE(join, nullptr);
  EXPECT_TRUE(join->execute(0, MakeContext()).status().IsInvalid());
  auto two_left = JsonSource(ExampleLeftSchema(), {{{"[1]", "[1]"}}, {{"[2]", "[2]"}}});
  auto collect = MakeJoin(two_left, ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                          PartitionMode::kCollectLeft);
  EXPECT_TRUE(collect->execute(0, MakeContext()).status().IsInvalid());
}

TEST(HashJoinExecTest, CancellationStopsTheProbe) {
  InitCompute();
  auto [left, right] = BigInputs(1, 0);
  auto join = MakeJoin(left, right, {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft);
  auto ctx = MakeContext(64);
  auto stream = join->execute(0, ctx).ValueOrDie();
  std::shared_ptr<arrow::RecordBatch> batch;
  ASSERT_TRUE(stream->ReadNext(&batch).ok());
  ASSERT_NE(batch, nullptr);
  ctx->cancel();
  EXPECT_TRUE(stream->ReadNext(&batch).IsCancelled());
}

TEST(HashJoinExecTest, PlanProperties) {
  InitCompute();
  auto left =
      std::make_shared<RepartitionExec>(ExampleLeft(), Partitioning::Hash({Col("lk", 0)}, 3));
  auto right =
      std::make_shared<RepartitionExec>(ExampleRight(), Partitioning::Hash({Col("rk", 0)}, 3));
  auto part = MakeJoin(left, right, ExampleOn(), LvLessThanRv(), JoinType::kInner,
                       PartitionMode::kPartitioned);
  EXPECT_EQ(part->to_string(),
            "HashJoinExec: mode=Partitioned, join_type=Inner, on=[(lk@0, rk@0)], "
            "filter=lv@0 < rv@1");
  auto dist = part->required_input_distribution();
  ASSERT_EQ(dist.size(), 2u);
  EXPECT_EQ(dist[0].to_string(), "HashPartitioned([lk@0])");
  EXPECT_EQ(dist[1].to_string(), "HashPartitioned([rk@0])");
  EXPECT_EQ(part->output_partitioning().to_string(), "Hash([lk@0], 3)");
  auto right_join = MakeJoin(left, right, ExampleOn(), std::nullopt, JoinType::kRight,
                             PartitionMode::kPartitioned);
  EXPECT_EQ(right_join->output_partitioning().to_string(), "Hash([rk@2], 3)");
  auto full = MakeJoin(left, right, ExampleOn(), std::nullopt, JoinType::kFull,
                       PartitionMode::kPartitioned);
  EXPECT_EQ(full->output_partitioning().to_string(), "UnknownPartitioning(3)");
  auto semi = MakeJoin(left, right, ExampleOn(), std::nullopt, JoinType::kRightSemi,
                       PartitionMode::kPartitioned);
  EXPECT_EQ(semi->output_partitioning().to_string(), "Hash([rk@0], 3)");

  auto collect = MakeJoin(ExampleLeft(), right, ExampleOn(), std::nullopt, JoinType::kInner,
                          PartitionMode::kCollectLeft);
  dist = collect->required_input_distribution();
  EXPECT_EQ(dist[0].to_string(), "Broadcast");
  EXPECT_EQ(dist[1].to_string(), "Unspecified");
  EXPECT_EQ(collect->output_partitioning().to_string(), "Hash([rk@2], 3)");
  auto collect_left = MakeJoin(ExampleLeft(), right, ExampleOn(), std::nullopt, JoinType::kLeft,
                               PartitionMode::kCollectLeft);
  EXPECT_EQ(collect_left->output_partitioning().to_string(), "UnknownPartitioning(3)");
  auto collect_mark = MakeJoin(ExampleLeft(), right, ExampleOn(), std::nullopt,
                               JoinType::kRightMark, PartitionMode::kCollectLeft);
  EXPECT_EQ(collect_mark->output_partitioning().to_string(), "Hash([rk@0], 3)");
  // Right side not hash-partitioned: nothing to report.
  auto plain = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                        PartitionMode::kCollectLeft);
  EXPECT_EQ(plain->output_partitioning().to_string(), "UnknownPartitioning(3)");

  // with_new_children keeps every argument.
  auto copy = part->with_new_children({left, right}).ValueOrDie();
  EXPECT_EQ(copy->to_string(), part->to_string());
  EXPECT_TRUE(part->with_new_children({left}).status().IsInvalid());
}

class FixedStatsExec : public BatchSourceExec {
 public:
  FixedStatsExec(std::shared_ptr<arrow::Schema> schema, Statistics stats)
      : BatchSourceExec(std::move(schema), BatchSourceExec::Partitions(1)), stats_(stats) {}
  Statistics statistics() const override { return stats_; }

 private:
  Statistics stats_;
};

TEST(HashJoinExecTest, StatisticsAreEstimates) {
  InitCompute();
  auto left = std::make_shared<FixedStatsExec>(ExampleLeftSchema(), Statistics{100, 1600, true});
  auto right =
      std::make_shared<FixedStatsExec>(ExampleRightSchema(), Statistics{1000, 16000, true});
  auto stats = [&](JoinType t) {
    return MakeJoin(left, right, ExampleOn(), std::nullopt, t, PartitionMode::kCollectLeft)
        ->statistics();
  };
  auto inner = stats(JoinType::kInner);
  EXPECT_EQ(inner.num_rows, 1000);
  EXPECT_EQ(inner.total_byte_size, 1000 * 32);
  EXPECT_FALSE(inner.exact);
  EXPECT_EQ(stats(JoinType::kLeftSemi).num_rows, 100);
  EXPECT_FALSE(stats(JoinType::kLeftSemi).exact);
  EXPECT_EQ(stats(JoinType::kRightAnti).num_rows, 1000);
  EXPECT_EQ(stats(JoinType::kFull).num_rows, 1000);
  auto unknown = MakeJoin(ExampleLeft(), right, ExampleOn(), std::nullopt, JoinType::kInner,
                          PartitionMode::kCollectLeft);
  EXPECT_FALSE(unknown->statistics().num_rows.has_value());
}

// The declared requirements are enough for EnforceDistribution to make either mode runnable.
TEST(HashJoinExecTest, EnforceDistributionMakesThePlanRunnable) {
  InitCompute();
  const ExampleCase left_case = ExampleCases()[1];
  ASSERT_EQ(left_case.type, JoinType::kLeft);
  SessionConfig config;
  config.target_partitions = 4;
  auto two_left = JsonSource(ExampleLeftSchema(),
                             {{{"[1, 2, 2]", "[10, 20, 21]"}}, {{"[null, 4]", "[30, 40]"}}});
  for (auto mode : {PartitionMode::kPartitioned, PartitionMode::kCollectLeft}) {
    auto join =
        MakeJoin(two_left, ExampleRight(), ExampleOn(), std::nullopt, JoinType::kLeft, mode);
    auto plan = EnforceDistribution().optimize(join, config).ValueOrDie();
    SCOPED_TRACE(DisplayPlan(*plan));
    EXPECT_EQ(plan->output_partition_count(), mode == PartitionMode::kPartitioned ? 4 : 3);
    ExpectRows(plan, MakeContext(2), left_case.on_keys);
  }
}

// ---- Dynamic filter ----------------------------------------------------------------------

TEST(HashJoinExecTest, DynamicFilterGetsBuildBoundsBeforeTheProbe) {
  InitCompute();
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft, false, false, dynamic);
  EXPECT_EQ(dynamic->to_string(), "DynamicFilter [ true ]");
  ExpectRows(join, MakeContext(),
             {"[1, 2, 2, 2, 2]", "[10, 20, 20, 21, 21]", "[1, 2, 2, 2, 2]", "[5, 25, 15, 25, 15]"});
  EXPECT_TRUE(dynamic->complete());
  // Build keys 1, 2, 2, NULL, 4.
  EXPECT_EQ(dynamic->current()->to_string(), "rk@0 >= 1 AND rk@0 <= 4 AND rk@0 IN (1, 2, 4)");
}

TEST(HashJoinExecTest, DynamicFilterValueSetObeysMaxValues) {
  InitCompute();
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt,
                       JoinType::kLeftSemi, PartitionMode::kCollectLeft, false, false, dynamic);
  auto ctx = MakeContext();
  SessionConfig config = ctx->config();
  config.extensions["quiver.dynamic_filter_max_values"] = "2";
  auto ctx2 = std::make_shared<TaskContext>(config, ctx->functions());
  ASSERT_TRUE(CollectPlan(join, ctx2).ok());
  EXPECT_EQ(dynamic->current()->to_string(), "rk@0 >= 1 AND rk@0 <= 4");

  config.extensions["quiver.dynamic_filter_max_values"] = "lots";
  auto bad = std::make_shared<TaskContext>(config, ctx->functions());
  auto join2 = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                        PartitionMode::kCollectLeft);
  EXPECT_TRUE(join2->execute(0, bad).status().IsInvalid());
}

// The value set is found slice by slice: few values over many rows still make one, and a value
// beyond the limit that first appears in the last rows still drops it.
TEST(HashJoinExecTest, DynamicFilterValueSetCountsDistinctValuesOfLargeBuildSides) {
  InitCompute();
  auto build_of = [](int rows, int distinct, std::optional<int> last_key) {
    std::string keys = "[";
    std::string values = "[";
    for (int i = 0; i < rows; ++i) {
      const bool last = i == rows - 1 && last_key.has_value();
      keys += (i ? ", " : "") + (i % 1000 == 999 ? std::string("null")
                                                 : std::to_string(last ? *last_key : i % distinct));
      values += (i ? ", " : "") + std::to_string(i);
    }
    return JsonSource(ExampleLeftSchema(), {{{keys + "]", values + "]"}}});
  };
  for (auto [last_key, want] : {std::pair<std::optional<int>, std::string>{
                                    std::nullopt, "rk@0 >= 0 AND rk@0 <= 2 AND rk@0 IN (0, 1, 2)"},
                                {std::optional<int>(1000), "rk@0 >= 0 AND rk@0 <= 1000"}}) {
    auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
    auto join = MakeJoin(build_of(20001, 3, last_key), ExampleRight(), ExampleOn(), std::nullopt,
                         JoinType::kInner, PartitionMode::kCollectLeft, false, false, dynamic);
    auto ctx = MakeContext();
    SessionConfig config = ctx->config();
    config.extensions["quiver.dynamic_filter_max_values"] = "3";
    ASSERT_TRUE(CollectPlan(join, std::make_shared<TaskContext>(config, ctx->functions())).ok());
    EXPECT_EQ(dynamic->current()->to_string(), want);
  }
}

TEST(HashJoinExecTest, DynamicFilterCompletesAfterEveryPartitionBuilt) {
  InitCompute();
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  auto [left, right] = ExampleInputs(PartitionMode::kPartitioned);
  auto join = MakeJoin(left, right, ExampleOn(), std::nullopt, JoinType::kInner,
                       PartitionMode::kPartitioned, false, false, dynamic);
  auto ctx = MakeContext();
  // Partition by partition: the filter stays `true` until the third build is done.
  std::vector<RecordBatchStreamPtr> streams;
  for (int p = 0; p < 3; ++p) streams.push_back(join->execute(p, ctx).ValueOrDie());
  EXPECT_EQ(dynamic->expected_contributors(), 3);
  for (int p = 0; p < 3; ++p) {
    EXPECT_FALSE(dynamic->complete()) << "before partition " << p;
    EXPECT_EQ(dynamic->current()->to_string(), "true");
    std::shared_ptr<arrow::RecordBatch> batch;
    do {
      ASSERT_TRUE(streams[p]->ReadNext(&batch).ok());
    } while (batch);
  }
  EXPECT_TRUE(dynamic->complete());
  // The union of the partitions' bounds; the value sets are merged (order may vary).
  auto current = dynamic->current()->to_string();
  EXPECT_EQ(current.rfind("rk@0 >= 1 AND rk@0 <= 4 AND rk@0 IN (", 0), 0u) << current;
  auto probe =
      MakeBatch(ExampleRightSchema(), {"[0, 1, 2, 3, 4, 5, null]", "[0, 0, 0, 0, 0, 0, 0]"});
  auto mask = EvaluateToArray(*dynamic, *probe).ValueOrDie();
  QUIVER_EXPECT_ARRAY_EQ(
      MakeArray(arrow::boolean(), "[false, true, true, false, true, false, null]"), mask);
}

TEST(HashJoinExecTest, DynamicFilterIsFalseForAnEmptyBuild) {
  InitCompute();
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  // Only a NULL key: nothing can match.
  auto left = JsonSource(ExampleLeftSchema(), {{{"[null]", "[1]"}}});
  auto join = MakeJoin(left, ExampleRight(), ExampleOn(), std::nullopt, JoinType::kRightSemi,
                       PartitionMode::kCollectLeft, false, false, dynamic);
  ExpectRows(join, MakeContext(), {"[]", "[]"});
  EXPECT_TRUE(dynamic->complete());
  EXPECT_EQ(dynamic->current()->to_string(), "false");
}

TEST(HashJoinExecTest, DynamicFilterOnlyWhereUnmatchedProbeRowsAreDropped) {
  InitCompute();
  for (JoinType t :
       {JoinType::kRight, JoinType::kFull, JoinType::kRightAnti, JoinType::kRightMark}) {
    auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
    auto r = HashJoinExec::Make(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, t,
                                PartitionMode::kCollectLeft, false, false, dynamic);
    EXPECT_TRUE(r.status().IsInvalid()) << JoinTypeName(t);
  }
  auto two_keys =
      std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0), Col("rv", 1)});
  auto r =
      HashJoinExec::Make(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                         PartitionMode::kCollectLeft, false, false, two_keys);
  EXPECT_TRUE(r.status().IsInvalid());
}

TEST(HashJoinExecTest, DynamicFilterLeavesNullMatchingKeysUnbounded) {
  InitCompute();
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  auto join = MakeJoin(ExampleLeft(), ExampleRight(), ExampleOn(), std::nullopt, JoinType::kInner,
                       PartitionMode::kCollectLeft, /*null_equals_null=*/true, false, dynamic);
  ASSERT_TRUE(CollectPlan(join, MakeContext()).ok());
  // A range would drop the NULL probe key that matches the NULL build key.
  EXPECT_EQ(dynamic->current()->to_string(), "true");
}

}  // namespace
}  // namespace quiver
