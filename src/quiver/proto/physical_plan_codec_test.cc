#include <arrow/api.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>
#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/common/limits.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/like_expr.h>
#include <quiver/physical/expressions/negative_expr.h>
#include <quiver/physical/expressions/not_expr.h>
#include <quiver/physical/expressions/scalar_function_expr.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/joins/cross_join_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/joins/join_test_util.h>
#include <quiver/physical/joins/nested_loop_join_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/limit/max_one_row_exec.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/physical/union/union_exec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>
#include <quiver/proto/testing/batch_source_codec.h>

#include <filesystem>
#include <random>

namespace quiver {
namespace {

using testing::Col;
using testing::Lit;
using testing::MakeAggregate;
using testing::MakeBatch;

std::shared_ptr<ScalarFunction> TimesTen() {
  return ScalarUDF::Make("times_ten", arrow::int64(),
                         [](const std::vector<arrow::Datum>& args, int64_t) {
                           return arrow::compute::Multiply(args[0], arrow::MakeScalar(int64_t{10}));
                         });
}

PhysicalExprPtr Bin(BinaryOperator op, PhysicalExprPtr l, PhysicalExprPtr r) {
  return std::make_shared<BinaryExpr>(op, std::move(l), std::move(r));
}

class PlanCodecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    functions_ = FunctionRegistry::MakeDefault();
    functions_->register_scalar(TimesTen());
    schema_ = arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("a", arrow::int64()),
                             arrow::field("x", arrow::float64())});
    auto b1 = MakeBatch(schema_,
                        {R"(["a", "b", "a", null])", "[1, 2, 3, null]", "[1.5, 2.5, -1.0, 4.0]"});
    auto b2 = MakeBatch(schema_, {R"(["b", "c", "a"])", "[10, 20, 30]", "[0.5, 0.25, 8.0]"});
    auto b3 = MakeBatch(schema_, {R"(["c"])", "[7]", "[1.0]"});
    source_ = std::make_shared<testing::BatchSourceExec>(
        schema_, testing::BatchSourceExec::Partitions{{b1}, {b2, b3}});
    ctx_ = std::make_shared<TaskContext>(SessionConfig{}, functions_);
  }

  ExecutionPlanPtr RoundTrip(const ExecutionPlanPtr& plan) {
    auto bytes = SerializePlan(plan, &codec_);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    if (!bytes.ok()) return nullptr;
    auto decoded = DeserializePlan(*bytes, *functions_, &codec_);
    EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
    return decoded.ok() ? *decoded : nullptr;
  }

  // The plan decoded from its bytes shows and runs like the original.
  /// `same_rows`: false for plans whose row choice depends on thread timing (a limit over
  /// partitions coalesced concurrently); then only the counts are compared.
  void ExpectSameAfterRoundTrip(const ExecutionPlanPtr& plan, bool same_rows = true) {
    auto decoded = RoundTrip(plan);
    ASSERT_NE(decoded, nullptr);
    EXPECT_EQ(DisplayPlan(*decoded), DisplayPlan(*plan));
    EXPECT_TRUE(decoded->schema()->Equals(*plan->schema()));
    EXPECT_EQ(decoded->output_partition_count(), plan->output_partition_count());
    auto expected = testing::CollectTable(plan, ctx_);
    auto actual = testing::CollectTable(decoded, ctx_);
    ASSERT_TRUE(expected && actual);
    EXPECT_EQ(expected->num_rows(), actual->num_rows());
    if (expected->num_columns() == 0 || !same_rows) return;
    expected = testing::SortedTable(expected);
    actual = testing::SortedTable(actual);
    EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\nvs\n"
                                           << actual->ToString();
  }

  // `plan` and the plan decoded from its bytes display alike, and both give `expected`
  // (hand-computed rows, one JSON array per column, in any order). Each runs once: a join
  // instance shares its build state between its partitions and runs a single time.
  void ExpectRoundTripRows(const ExecutionPlanPtr& plan, const testing::JsonBatch& expected) {
    auto decoded = RoundTrip(plan);
    ASSERT_NE(decoded, nullptr);
    EXPECT_EQ(DisplayPlan(*decoded), DisplayPlan(*plan));
    EXPECT_TRUE(decoded->schema()->Equals(*plan->schema()))
        << decoded->schema()->ToString() << "\nvs\n"
        << plan->schema()->ToString();
    EXPECT_EQ(decoded->output_partition_count(), plan->output_partition_count());
    {
      SCOPED_TRACE("original plan");
      testing::ExpectRows(plan, ctx_, expected);
    }
    {
      SCOPED_TRACE("decoded plan");
      testing::ExpectRows(decoded, ctx_, expected);
    }
  }

  arrow::Status DecodeStatus(const proto::PhysicalPlanNode& node) {
    return DeserializePlan(node.SerializeAsString(), *functions_, &codec_).status();
  }

  // Truncations and random byte flips of `bytes`: decoding either fails with Invalid or yields
  // a plan; with `run`, each plan decoded from flipped bytes that has at most 16 output
  // partitions is also executed (any status, but no crash). Returns how many flipped variants
  // decoded.
  int ExpectCorruptionsInvalid(const std::string& bytes, bool run) {
    for (size_t n = 0; n < bytes.size(); n += 7) {
      auto r = DeserializePlan(std::string_view(bytes).substr(0, n), *functions_, &codec_);
      if (!r.ok()) EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
    }
    std::mt19937 rng(42);
    int invalid = 0, decoded = 0;
    for (int i = 0; i < 500; ++i) {
      // One to three flips: single flips mostly still parse, so they reach the decoders' checks.
      std::string corrupt = bytes;
      for (int j = 0; j <= i % 3; ++j) corrupt[rng() % corrupt.size()] = static_cast<char>(rng());
      auto r = DeserializePlan(corrupt, *functions_, &codec_);
      if (!r.ok()) {
        ++invalid;
        EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
        continue;
      }
      ++decoded;
      // CollectPlan starts a thread per output partition: a flipped partition count may ask
      // for thousands.
      if (run && (*r)->output_partition_count() <= 16) {
        (void)CollectPlan(*r, ctx_);
      }
    }
    EXPECT_GT(invalid, 0);
    return decoded;
  }

  std::shared_ptr<FunctionRegistry> functions_;
  std::shared_ptr<arrow::Schema> schema_;
  std::shared_ptr<testing::BatchSourceExec> source_;
  TaskContextPtr ctx_;
  testing::BatchSourceCodec codec_;
};

TEST_F(PlanCodecTest, EveryExpressionRoundTrips) {
  auto one = arrow::MakeScalar(int64_t{1});
  std::vector<std::pair<PhysicalExprPtr, std::string>> exprs = {
      {Col("a", 1), "col"},
      {Lit(arrow::MakeScalar(std::string("lit"))), "lit_str"},
      {Lit(arrow::MakeNullScalar(arrow::int64())), "lit_null"},
      {Bin(BinaryOperator::kPlus, Col("a", 1), Lit(one)), "plus"},
      {Bin(BinaryOperator::kAnd, Bin(BinaryOperator::kGt, Col("x", 2), Lit(arrow::MakeScalar(1.0))),
           Bin(BinaryOperator::kNotEq, Col("k", 0), Lit(arrow::MakeScalar(std::string("b"))))),
       "and"},
      {std::make_shared<NotExpr>(Bin(BinaryOperator::kLt, Col("a", 1), Lit(one))), "not"},
      {std::make_shared<NegativeExpr>(Col("x", 2)), "neg"},
      {std::make_shared<IsNullExpr>(Col("k", 0), false), "is_null"},
      {std::make_shared<IsNullExpr>(Col("k", 0), true), "is_not_null"},
      {std::make_shared<InListExpr>(
           Col("a", 1),
           std::vector<std::shared_ptr<arrow::Scalar>>{one, arrow::MakeScalar(int64_t{20})}, true),
       "not_in"},
      {std::make_shared<LikeExpr>(Col("k", 0), "a%", false, true), "ilike"},
      {std::make_shared<CaseExpr>(
           nullptr,
           std::vector<CaseExpr::WhenThen>{
               {Bin(BinaryOperator::kGt, Col("a", 1), Lit(one)), Col("x", 2)}},
           Lit(arrow::MakeScalar(0.0))),
       "case_when"},
      {std::make_shared<CaseExpr>(
           Col("k", 0),
           std::vector<CaseExpr::WhenThen>{{Lit(arrow::MakeScalar(std::string("a"))), Lit(one)}},
           nullptr),
       "case_operand"},
      {std::make_shared<CastExpr>(Col("a", 1), arrow::float64()), "cast"},
      {std::make_shared<ScalarFunctionExpr>(TimesTen(), std::vector<PhysicalExprPtr>{Col("a", 1)},
                                            arrow::int64()),
       "udf"},
  };
  auto projection = ProjectionExec::Make(exprs, source_);
  ASSERT_TRUE(projection.ok()) << projection.status().ToString();
  ExpectSameAfterRoundTrip(*projection);
}

TEST_F(PlanCodecTest, FilterProjectionLimitsRoundTrip) {
  auto filter = FilterExec::Make(
      Bin(BinaryOperator::kGtEq, Col("a", 1), Lit(arrow::MakeScalar(int64_t{2}))), source_);
  ASSERT_TRUE(filter.ok());
  ExpectSameAfterRoundTrip(*filter);
  ExpectSameAfterRoundTrip(std::make_shared<LocalLimitExec>(*filter, 1));
  auto coalesce = std::make_shared<CoalescePartitionsExec>(*filter, std::optional<int64_t>(3));
  ExpectSameAfterRoundTrip(coalesce, /*same_rows=*/false);
  ExpectSameAfterRoundTrip(
      std::make_shared<GlobalLimitExec>(std::make_shared<CoalescePartitionsExec>(source_), 1,
                                        std::optional<int64_t>(2)),
      /*same_rows=*/false);
  ExpectSameAfterRoundTrip(std::make_shared<EmptyExec>(schema_, false));
  ExpectSameAfterRoundTrip(std::make_shared<EmptyExec>(arrow::schema({}), true));
}

TEST_F(PlanCodecTest, SortsAndRepartitionRoundTrip) {
  LexOrdering ordering = {{Col("a", 1), true, false}, {Col("k", 0), false, true}};
  auto sort = std::make_shared<SortExec>(ordering, source_, std::optional<int64_t>(), true);
  ExpectSameAfterRoundTrip(sort);
  ExpectSameAfterRoundTrip(
      std::make_shared<SortPreservingMergeExec>(ordering, sort, std::optional<int64_t>(4)));
  ExpectSameAfterRoundTrip(std::make_shared<SortExec>(ordering, source_, 2, false));
  ExpectSameAfterRoundTrip(
      std::make_shared<RepartitionExec>(source_, Partitioning::Hash({Col("k", 0)}, 3)));
  ExpectSameAfterRoundTrip(std::make_shared<RepartitionExec>(source_, Partitioning::RoundRobin(2)));
}

TEST_F(PlanCodecTest, PartialAndFinalAggregatesRoundTrip) {
  std::vector<AggregateExpr> aggs = {
      MakeAggregate(*functions_, "sum", {Col("a", 1)}, {arrow::int64()}, "sum(a)"),
      MakeAggregate(*functions_, "avg", {Col("x", 2)}, {arrow::float64()}, "avg(x)"),
      MakeAggregate(*functions_, "count", {Col("a", 1)}, {arrow::int64()}, "count(a)")};
  auto partial =
      HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}}, aggs, source_);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  ExpectSameAfterRoundTrip(*partial);
  auto final_agg = HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, aggs,
                                           std::make_shared<CoalescePartitionsExec>(*partial));
  ASSERT_TRUE(final_agg.ok()) << final_agg.status().ToString();
  ExpectSameAfterRoundTrip(*final_agg);
  auto single = HashAggregateExec::Make(AggregateMode::kSingle, {}, aggs, source_);
  ASSERT_TRUE(single.ok());
  ExpectSameAfterRoundTrip(*single);
}

// --- Joins, unions and MaxOneRowExec -------------------------------------------------------

// In-memory leaves the built-in codec carries (MemoryExec), from JSON columns.
ExecutionPlanPtr Memory(const std::shared_ptr<arrow::Schema>& schema,
                        const std::vector<std::vector<testing::JsonBatch>>& partitions) {
  MemoryExec::Partitions parts;
  for (const auto& partition : partitions) {
    parts.emplace_back();
    for (const auto& columns : partition) parts.back().push_back(MakeBatch(schema, columns));
  }
  auto memory = MemoryExec::Make(schema, std::move(parts));
  EXPECT_TRUE(memory.ok()) << memory.status().ToString();
  return memory.ok() ? *memory : nullptr;
}

// The join example of physical/joins/join_test_util.h, whose expected rows for every join
// type (ExampleCases) were worked out by hand:
//   left  lk: 1 2 2 null 4, lv: 10 20 21 30 40      (one partition, two batches)
//   right rk: 2 2 3 null 1, rv: 25 15 35 45 5       (three partitions: [2, 2], [3], [null, 1])
ExecutionPlanPtr JoinLeft() {
  return Memory(testing::ExampleLeftSchema(),
                {{{"[1, 2, 2]", "[10, 20, 21]"}, {"[null, 4]", "[30, 40]"}}});
}

ExecutionPlanPtr JoinRight() {
  return Memory(testing::ExampleRightSchema(),
                {{{"[2, 2]", "[25, 15]"}}, {{"[3]", "[35]"}}, {{"[null, 1]", "[45, 5]"}}});
}

JoinOn KeysOn() { return {{Col("lk", 0), Col("rk", 0)}}; }

// lv < rv over the filter schema [lv, rv] (left column 1, right column 1).
JoinFilter LvLessThanRv() {
  JoinFilter filter;
  filter.schema =
      arrow::schema({arrow::field("lv", arrow::int64()), arrow::field("rv", arrow::int64())});
  filter.column_indices = {{1, JoinSide::kLeft}, {1, JoinSide::kRight}};
  filter.expression = Bin(BinaryOperator::kLt, Col("lv", 0), Col("rv", 1));
  return filter;
}

// lk = rk [AND lv < rv] over the filter schema [rk, lv, lk, rv]: the fields are not in input
// order and every column is int64, so a decoder that mixed up sides or indices would still
// pass validation and only the rows would show it.
JoinFilter ScrambledFilter(bool with_lv_lt_rv) {
  JoinFilter filter;
  filter.schema =
      arrow::schema({arrow::field("rk", arrow::int64()), arrow::field("lv", arrow::int64()),
                     arrow::field("lk", arrow::int64()), arrow::field("rv", arrow::int64())});
  filter.column_indices = {
      {0, JoinSide::kRight}, {1, JoinSide::kLeft}, {0, JoinSide::kLeft}, {1, JoinSide::kRight}};
  filter.expression = Bin(BinaryOperator::kEq, Col("lk", 2), Col("rk", 0));
  if (with_lv_lt_rv) {
    filter.expression = Bin(BinaryOperator::kAnd, filter.expression,
                            Bin(BinaryOperator::kLt, Col("lv", 1), Col("rv", 3)));
  }
  return filter;
}

// CollectLeft: the inputs as they are; Partitioned: both hash-repartitioned on their key.
std::pair<ExecutionPlanPtr, ExecutionPlanPtr> JoinInputs(PartitionMode mode) {
  if (mode == PartitionMode::kCollectLeft) return {JoinLeft(), JoinRight()};
  return {std::make_shared<RepartitionExec>(JoinLeft(), Partitioning::Hash({Col("lk", 0)}, 3)),
          std::make_shared<RepartitionExec>(JoinRight(), Partitioning::Hash({Col("rk", 0)}, 3))};
}

TEST_F(PlanCodecTest, HashJoinsRoundTripEveryTypeAndMode) {
  for (const auto& c : testing::ExampleCases()) {
    for (PartitionMode mode : {PartitionMode::kCollectLeft, PartitionMode::kPartitioned}) {
      for (bool with_filter : {false, true}) {
        SCOPED_TRACE(std::string(JoinTypeName(c.type)) + " " +
                     std::string(PartitionModeName(mode)) + (with_filter ? " with filter" : ""));
        auto [left, right] = JoinInputs(mode);
        std::optional<JoinFilter> filter;
        if (with_filter) filter = LvLessThanRv();
        auto join = HashJoinExec::Make(left, right, KeysOn(), filter, c.type, mode);
        ASSERT_TRUE(join.ok()) << join.status().ToString();
        ExpectRoundTripRows(*join, with_filter ? c.on_keys_and_lv_lt_rv : c.on_keys);
      }
    }
  }
}

TEST_F(PlanCodecTest, HashJoinFlagsRoundTrip) {
  // NULL = NULL: the left NULL key (lv 30) now meets the right NULL key (rv 45).
  auto join = HashJoinExec::Make(JoinLeft(), JoinRight(), KeysOn(), std::nullopt, JoinType::kInner,
                                 PartitionMode::kCollectLeft,
                                 /*null_equals_null=*/true);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  ExpectRoundTripRows(*join, {"[1, 2, 2, 2, 2, null]", "[10, 20, 20, 21, 21, 30]",
                              "[1, 2, 2, 2, 2, null]", "[5, 25, 15, 25, 15, 45]"});

  // Null-aware (NOT IN) over a build side without NULLs {1, 2, 2, 4}: rk NOT IN gives 3 only
  // (NULL NOT IN a non-empty set is unknown), where a plain RightAnti also keeps the NULL row.
  auto no_null_left = [] {
    return Memory(testing::ExampleLeftSchema(), {{{"[1, 2, 2, 4]", "[10, 20, 21, 40]"}}});
  };
  join = HashJoinExec::Make(no_null_left(), JoinRight(), KeysOn(), std::nullopt,
                            JoinType::kRightAnti, PartitionMode::kCollectLeft, false,
                            /*null_aware=*/true);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  ExpectRoundTripRows(*join, {"[3]", "[35]"});
  join = HashJoinExec::Make(no_null_left(), JoinRight(), KeysOn(), std::nullopt,
                            JoinType::kRightMark, PartitionMode::kCollectLeft, false,
                            /*null_aware=*/true);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  ExpectRoundTripRows(
      *join, {"[2, 2, 3, null, 1]", "[25, 15, 35, 45, 5]", "[true, true, false, null, true]"});
}

// The join's dynamic filter and the copies pushed below its probe side travel with the plan
// and still share one state after decoding: the decoded join's build fills the decoded scan's
// (here: filter's) predicate.
TEST_F(PlanCodecTest, HashJoinDynamicFilterTravelsAndStaysShared) {
  auto dynamic = std::make_shared<DynamicFilterExpr>(std::vector<PhysicalExprPtr>{Col("rk", 0)});
  auto probe = FilterExec::Make(dynamic, JoinRight()).ValueOrDie();
  auto join = HashJoinExec::Make(JoinLeft(), probe, KeysOn(), std::nullopt, JoinType::kInner,
                                 PartitionMode::kCollectLeft, false, false, dynamic);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  auto decoded = RoundTrip(*join);
  ASSERT_NE(decoded, nullptr);
  auto* decoded_join = dynamic_cast<const HashJoinExec*>(decoded.get());
  ASSERT_NE(decoded_join, nullptr);
  ASSERT_NE(decoded_join->dynamic_filter(), nullptr);
  auto* decoded_filter = dynamic_cast<const FilterExec*>(decoded_join->right().get());
  ASSERT_NE(decoded_filter, nullptr);
  auto* below = dynamic_cast<const DynamicFilterExpr*>(decoded_filter->predicate().get());
  ASSERT_NE(below, nullptr);
  EXPECT_EQ(below->state_id(), decoded_join->dynamic_filter()->state_id());
  EXPECT_NE(below->state_id(), dynamic->state_id());  // a state of its own, not the sender's
  EXPECT_EQ(DisplayPlan(*decoded), DisplayPlan(**join));
  testing::ExpectRows(
      decoded, ctx_,
      {"[1, 2, 2, 2, 2]", "[10, 20, 20, 21, 21]", "[1, 2, 2, 2, 2]", "[5, 25, 15, 25, 15]"});
  // Running it filled the shared filter from the build side's keys.
  EXPECT_TRUE(below->complete());
}

TEST_F(PlanCodecTest, NestedLoopJoinsRoundTripEveryType) {
  for (const auto& c : testing::ExampleCases()) {
    for (bool with_lv_lt_rv : {false, true}) {
      SCOPED_TRACE(std::string(JoinTypeName(c.type)) +
                   (with_lv_lt_rv ? " lk = rk AND lv < rv" : " lk = rk"));
      auto join =
          NestedLoopJoinExec::Make(JoinLeft(), JoinRight(), ScrambledFilter(with_lv_lt_rv), c.type);
      ASSERT_TRUE(join.ok()) << join.status().ToString();
      ExpectRoundTripRows(*join, with_lv_lt_rv ? c.on_keys_and_lv_lt_rv : c.on_keys);
    }
  }
  // Without a filter every pair matches.
  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  auto t = arrow::schema({arrow::field("b", arrow::utf8())});
  auto left = [&] { return Memory(s, {{{"[1, 2]"}}}); };
  auto right = [&] { return Memory(t, {{{R"(["x"])"}}, {{R"(["y", "z"])"}}}); };
  auto inner = NestedLoopJoinExec::Make(left(), right(), std::nullopt, JoinType::kInner);
  ASSERT_TRUE(inner.ok());
  ExpectRoundTripRows(*inner, {"[1, 2, 1, 2, 1, 2]", R"(["x", "x", "y", "y", "z", "z"])"});
  auto right_semi = NestedLoopJoinExec::Make(left(), right(), std::nullopt, JoinType::kRightSemi);
  ASSERT_TRUE(right_semi.ok());
  ExpectRoundTripRows(*right_semi, {R"(["x", "y", "z"])"});
}

TEST_F(PlanCodecTest, CrossJoinUnionAndMaxOneRowRoundTrip) {
  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  auto t = arrow::schema({arrow::field("b", arrow::utf8())});
  ExpectRoundTripRows(
      std::make_shared<CrossJoinExec>(Memory(s, {{{"[1, 2]"}}}),
                                      Memory(t, {{{R"(["x"])"}}, {{R"(["y", "z"])"}}})),
      {"[1, 2, 1, 2, 1, 2]", R"(["x", "x", "y", "y", "z", "z"])"});

  // Three inputs of 2 + 1 + 1 partitions, the second with other field names.
  auto u = arrow::schema({arrow::field("c", arrow::int64())});
  auto with_names = UnionExec::Make(
      {Memory(s, {{{"[1, 2]"}}, {{"[3]"}}}), Memory(u, {{{"[4]"}}}), Memory(s, {{{"[null, 5]"}}})});
  ASSERT_TRUE(with_names.ok()) << with_names.status().ToString();
  EXPECT_EQ((*with_names)->output_partition_count(), 4);
  ExpectRoundTripRows(*with_names, {"[1, 2, 3, 4, null, 5]"});
  auto single = UnionExec::Make({Memory(t, {{{R"(["x"])"}}})});
  ASSERT_TRUE(single.ok());
  ExpectRoundTripRows(*single, {R"(["x"])"});

  // A scalar subquery's value: its only row, or one row of NULLs when it has none; crossed
  // with the outer rows as the planner does for an uncorrelated subquery.
  auto one_row = Memory(t, {{{R"(["v"])"}}});
  ExpectRoundTripRows(std::make_shared<MaxOneRowExec>(one_row), {R"(["v"])"});
  ExpectRoundTripRows(
      std::make_shared<MaxOneRowExec>(Memory(t, {std::vector<testing::JsonBatch>{}})), {"[null]"});
  auto subquery = std::make_shared<MaxOneRowExec>(
      std::make_shared<CoalescePartitionsExec>(Memory(t, {{{"[]"}}, {{R"(["only"])"}}})));
  ExpectRoundTripRows(std::make_shared<CrossJoinExec>(subquery, Memory(s, {{{"[7, 8]"}}})),
                      {R"(["only", "only"])", "[7, 8]"});
}

// --- Decoding refuses bad plans ------------------------------------------------------------

proto::PhysicalPlanNode Encode(const ExecutionPlanPtr& plan, const PhysicalExtensionCodec* codec) {
  proto::PhysicalPlanNode node;
  EXPECT_TRUE(PhysicalPlanCodec(nullptr, codec).to_proto(plan, &node).ok());
  return node;
}

TEST_F(PlanCodecTest, ColumnIndexOutsideInputIsInvalid) {
  auto filter = FilterExec::Make(
      Bin(BinaryOperator::kGt, Col("a", 1), Lit(arrow::MakeScalar(int64_t{0}))), source_);
  auto node = Encode(*filter, &codec_);
  node.mutable_filter()
      ->mutable_predicate()
      ->mutable_binary()
      ->mutable_left()
      ->mutable_column()
      ->set_index(7);
  auto st = DecodeStatus(node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("index 7"), std::string::npos) << st.ToString();
  node.mutable_filter()
      ->mutable_predicate()
      ->mutable_binary()
      ->mutable_left()
      ->mutable_column()
      ->set_index(-1);
  EXPECT_TRUE(DecodeStatus(node).IsInvalid());
}

TEST_F(PlanCodecTest, TypeMismatchIsInvalid) {
  // `a + k` (int64 + utf8), and a filter whose predicate is not boolean.
  auto filter = FilterExec::Make(
      Bin(BinaryOperator::kGt, Col("a", 1), Lit(arrow::MakeScalar(int64_t{0}))), source_);
  auto node = Encode(*filter, &codec_);
  auto* binary = node.mutable_filter()->mutable_predicate()->mutable_binary();
  binary->mutable_right()->mutable_column()->set_name("k");
  binary->mutable_right()->mutable_column()->set_index(0);
  binary->set_op(proto::PLUS);
  auto st = DecodeStatus(node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();

  auto node2 = Encode(*filter, &codec_);
  auto* pred = node2.mutable_filter()->mutable_predicate();
  pred->Clear();
  pred->mutable_column()->set_name("a");
  pred->mutable_column()->set_index(1);
  st = DecodeStatus(node2);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("boolean"), std::string::npos) << st.ToString();
}

TEST_F(PlanCodecTest, UnknownFunctionsAndNodesAreInvalid) {
  auto udf = std::make_shared<ScalarFunctionExpr>(
      TimesTen(), std::vector<PhysicalExprPtr>{Col("a", 1)}, arrow::int64());
  auto projection = ProjectionExec::Make({{udf, "t"}}, source_);
  auto bytes = SerializePlan(*projection, &codec_);
  ASSERT_TRUE(bytes.ok());
  auto bare = FunctionRegistry::MakeDefault();  // no times_ten
  auto st = DeserializePlan(*bytes, *bare, &codec_).status();
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("times_ten"), std::string::npos) << st.ToString();

  auto partial = HashAggregateExec::Make(
      AggregateMode::kPartial, {},
      {MakeAggregate(*functions_, "sum", {Col("a", 1)}, {arrow::int64()}, "s")}, source_);
  auto node = Encode(*partial, &codec_);
  node.mutable_hash_aggregate()->mutable_aggregates(0)->set_function("no_such_agg");
  st = DecodeStatus(node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("no_such_agg"), std::string::npos);

  // A user node without the codec that knows it.
  auto source_bytes = SerializePlan(source_, &codec_);
  st = DeserializePlan(*source_bytes, *functions_, nullptr).status();
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("BatchSourceExec"), std::string::npos) << st.ToString();
  // ... and without any codec at encoding time.
  EXPECT_TRUE(SerializePlan(source_, nullptr).status().IsNotImplemented());

  // An empty node and a missing input.
  proto::PhysicalPlanNode empty;
  EXPECT_TRUE(DecodeStatus(empty).IsInvalid());
  auto filter_node = Encode(*FilterExec::Make(Lit(arrow::MakeScalar(true)), source_), &codec_);
  filter_node.mutable_filter()->clear_input();
  st = DecodeStatus(filter_node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("no input"), std::string::npos) << st.ToString();
}

// A decoded `node` is refused as a bad plan naming `needle`.
#define QUIVER_EXPECT_BAD_PLAN(node, needle)                                        \
  do {                                                                              \
    auto _st = DecodeStatus(node);                                                  \
    EXPECT_TRUE(_st.IsInvalid()) << _st.ToString();                                 \
    EXPECT_NE(_st.message().find("bad plan"), std::string::npos) << _st.ToString(); \
    EXPECT_NE(_st.message().find(needle), std::string::npos)                        \
        << needle << " in " << _st.ToString();                                      \
  } while (0)

TEST_F(PlanCodecTest, BadHashJoinFieldsAreInvalid) {
  auto join = HashJoinExec::Make(JoinLeft(), JoinRight(), KeysOn(), LvLessThanRv(),
                                 JoinType::kInner, PartitionMode::kCollectLeft);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  const proto::PhysicalPlanNode good = Encode(*join, nullptr);
  ASSERT_TRUE(DecodeStatus(good).ok()) << DecodeStatus(good).ToString();
  auto mutated = [&](auto mutate) {
    proto::PhysicalPlanNode node = good;
    mutate(node.mutable_hash_join());
    return node;
  };
  using J = proto::HashJoinExecNode;

  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->clear_left(); }), "no left input");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->clear_right(); }), "no right input");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_left()->Clear(); }),
                         "unknown plan node kind");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->clear_join_type(); }), "unknown join type 0");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->set_join_type(static_cast<proto::JoinType>(42)); }),
                         "unknown join type 42");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->clear_mode(); }), "unknown partition mode 0");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->set_mode(static_cast<proto::PartitionMode>(-3)); }),
                         "unknown partition mode -3");

  // Keys: none, half a pair, columns outside their side, types that differ.
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->clear_on(); }), "without join keys");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_on(0)->clear_right(); }),
                         "misses its right key");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_on(0)->clear_left(); }),
                         "misses its left key");
  // Each key is bound to its own side (two columns each here).
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_on(0)->mutable_right()->mutable_column()->set_index(2); }),
      "HashJoinExec right key 0: column 'rk' has index 2");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_on(0)->mutable_left()->mutable_column()->set_index(-1); }),
      "HashJoinExec left key 0: column 'lk' has index -1");
  {
    // With three left columns, right column 2 would exist on the wrong side.
    auto wide =
        arrow::schema({arrow::field("lk", arrow::int64()), arrow::field("lv", arrow::int64()),
                       arrow::field("lx", arrow::int64())});
    auto wide_join =
        HashJoinExec::Make(Memory(wide, {{{"[1]", "[2]", "[3]"}}}), JoinRight(), KeysOn(),
                           std::nullopt, JoinType::kInner, PartitionMode::kCollectLeft);
    ASSERT_TRUE(wide_join.ok()) << wide_join.status().ToString();
    auto node = Encode(*wide_join, nullptr);
    ASSERT_TRUE(DecodeStatus(node).ok());
    node.mutable_hash_join()->mutable_on(0)->mutable_right()->mutable_column()->set_index(2);
    QUIVER_EXPECT_BAD_PLAN(node, "HashJoinExec right key 0: column 'rk' has index 2");
  }
  auto utf8_literal = *SerializeScalar(arrow::MakeScalar(std::string("x")));
  QUIVER_EXPECT_BAD_PLAN(
      mutated([&](J* j) {
        j->mutable_on(0)->mutable_right()->mutable_literal()->mutable_value()->set_ipc_batch(
            utf8_literal);
      }),
      "join key types differ");

  // What HashJoinExec::Make refuses: null-aware on an inner join; null-aware with a filter
  // (Make says NotImplemented; on the wire it is a bad plan like the rest).
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->set_null_aware(true); }), "null-aware");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) {
                           j->set_null_aware(true);
                           j->set_join_type(proto::JOIN_TYPE_RIGHT_ANTI);
                         }),
                         "join filter");

  // The filter: its schema, expression and column indices.
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_filter()->set_schema("junk"); }),
                         "HashJoinExec filter: bad schema bytes");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_filter()->clear_schema(); }),
                         "missing schema");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) { j->mutable_filter()->clear_expression(); }),
                         "filter has no expression");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_filter()->mutable_column_indices(0)->set_index(9); }),
      "left column 9 of 2");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_filter()->mutable_column_indices(1)->set_index(-2); }),
      "right column -2 of 2");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_filter()->mutable_column_indices(1)->clear_side(); }),
      "unknown side 0");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) {
        j->mutable_filter()->mutable_column_indices(1)->set_side(static_cast<proto::JoinSide>(7));
      }),
      "unknown side 7");
  QUIVER_EXPECT_BAD_PLAN(
      mutated([](J* j) { j->mutable_filter()->mutable_column_indices()->RemoveLast(); }),
      "2 fields for 1 column indices");
  // The expression is bound to the filter schema [lv, rv], not to either input.
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) {
                           j->mutable_filter()
                               ->mutable_expression()
                               ->mutable_binary()
                               ->mutable_right()
                               ->mutable_column()
                               ->set_index(2);
                         }),
                         "HashJoinExec filter: column 'rv' has index 2");
  QUIVER_EXPECT_BAD_PLAN(mutated([](J* j) {
                           auto* e = j->mutable_filter()->mutable_expression();
                           e->Clear();
                           e->mutable_column()->set_name("lv");
                           e->mutable_column()->set_index(0);
                         }),
                         "not boolean");
  // A filter schema whose types are not the inputs' columns' (float64 for int64 lv, rv).
  auto float_schema = *SerializeSchemaBytes(
      *arrow::schema({arrow::field("lv", arrow::float64()), arrow::field("rv", arrow::float64())}));
  QUIVER_EXPECT_BAD_PLAN(mutated([&](J* j) { j->mutable_filter()->set_schema(float_schema); }),
                         "but its input column is int64");
}

TEST_F(PlanCodecTest, BadJoinUnionAndMaxOneRowFieldsAreInvalid) {
  auto nested =
      NestedLoopJoinExec::Make(JoinLeft(), JoinRight(), ScrambledFilter(true), JoinType::kLeftAnti);
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  const auto nested_node = Encode(*nested, nullptr);
  ASSERT_TRUE(DecodeStatus(nested_node).ok());
  auto node = nested_node;
  node.mutable_nested_loop_join()->clear_left();
  QUIVER_EXPECT_BAD_PLAN(node, "NestedLoopJoinExec has no left input");
  node = nested_node;
  node.mutable_nested_loop_join()->set_join_type(static_cast<proto::JoinType>(11));
  QUIVER_EXPECT_BAD_PLAN(node, "NestedLoopJoinExec has unknown join type 11");
  node = nested_node;
  // Filter field 0 is right column 0; the right input has 2 columns.
  node.mutable_nested_loop_join()->mutable_filter()->mutable_column_indices(0)->set_index(2);
  QUIVER_EXPECT_BAD_PLAN(node,
                         "NestedLoopJoinExec filter: join filter column 0 names right column 2");
  node = nested_node;
  node.mutable_nested_loop_join()->mutable_filter()->mutable_column_indices(0)->set_side(
      proto::JOIN_SIDE_LEFT);  // left column 0 is lk: still int64, still a valid plan
  EXPECT_TRUE(DecodeStatus(node).ok()) << DecodeStatus(node).ToString();

  auto cross = std::make_shared<CrossJoinExec>(JoinLeft(), JoinRight());
  node = Encode(cross, nullptr);
  ASSERT_TRUE(DecodeStatus(node).ok());
  node.mutable_cross_join()->clear_right();
  QUIVER_EXPECT_BAD_PLAN(node, "CrossJoinExec has no right input");

  auto s = arrow::schema({arrow::field("a", arrow::int64())});
  auto t = arrow::schema({arrow::field("b", arrow::utf8())});
  auto union_plan = UnionExec::Make({Memory(s, {{{"[1]"}}}), Memory(s, {{{"[2]"}}})});
  ASSERT_TRUE(union_plan.ok());
  const auto union_node = Encode(*union_plan, nullptr);
  ASSERT_TRUE(DecodeStatus(union_node).ok());
  node = union_node;
  node.mutable_union_all()->clear_inputs();
  QUIVER_EXPECT_BAD_PLAN(node, "UnionExec without inputs");
  node = union_node;
  node.mutable_union_all()->add_inputs();  // an empty node
  QUIVER_EXPECT_BAD_PLAN(node, "unknown plan node kind 0");
  node = union_node;
  *node.mutable_union_all()->add_inputs() = Encode(Memory(t, {{{R"(["x"])"}}}), nullptr);
  QUIVER_EXPECT_BAD_PLAN(node, "UnionExec: column 0 of input 2 is string");

  node = Encode(std::make_shared<MaxOneRowExec>(Memory(s, {{{"[1]"}}})), nullptr);
  ASSERT_TRUE(DecodeStatus(node).ok());
  node.mutable_max_one_row()->clear_input();
  QUIVER_EXPECT_BAD_PLAN(node, "MaxOneRowExec has no input");
}

// `a + 1 + 1 + ...` with `terms` additions: a left-deep tree `terms` levels deep.
PhysicalExprPtr PlusChain(int terms) {
  PhysicalExprPtr e = Col("a", 1);
  for (int i = 0; i < terms; ++i) {
    e = Bin(BinaryOperator::kPlus, e, Lit(arrow::MakeScalar(int64_t{1})));
  }
  return e;
}

TEST_F(PlanCodecTest, DeepExpressionsAndPlansRoundTripUpToTheSharedLimits) {
  // 150 levels is already past protobuf's default recursion limit of 100 message levels (each
  // expression node is two): the worker must read what the coordinator writes.
  auto deep = FilterExec::Make(
      Bin(BinaryOperator::kGt, PlusChain(kMaxSerializedExpressionDepth - 2),
          Lit(arrow::MakeScalar(int64_t{0}))),
      source_);
  ASSERT_TRUE(deep.ok());
  ExpectSameAfterRoundTrip(*deep);

  ExecutionPlanPtr tall = source_;
  for (int i = 0; i < kMaxPlanDepth - 1; ++i) tall = std::make_shared<LocalLimitExec>(tall, 100);
  auto decoded = RoundTrip(tall);
  ASSERT_NE(decoded, nullptr);
  EXPECT_EQ(DisplayPlan(*decoded), DisplayPlan(*tall));
}

TEST_F(PlanCodecTest, TooDeepIsRefusedWhenWrittenAndWhenRead) {
  // The coordinator refuses to write what a worker would refuse to read, with the limit named.
  auto deep = FilterExec::Make(Bin(BinaryOperator::kGt, PlusChain(kMaxSerializedExpressionDepth),
                                   Lit(arrow::MakeScalar(int64_t{0}))),
                               source_);
  ASSERT_TRUE(deep.ok());
  auto bytes = SerializePlan(*deep, &codec_);
  ASSERT_FALSE(bytes.ok());
  EXPECT_TRUE(bytes.status().IsInvalid());
  EXPECT_NE(bytes.status().message().find(std::to_string(kMaxSerializedExpressionDepth)),
            std::string::npos)
      << bytes.status().ToString();

  ExecutionPlanPtr tall = source_;
  for (int i = 0; i < kMaxPlanDepth + 1; ++i) tall = std::make_shared<LocalLimitExec>(tall, 100);
  auto tall_bytes = SerializePlan(tall, &codec_);
  ASSERT_FALSE(tall_bytes.ok());
  EXPECT_NE(tall_bytes.status().message().find("operators deep"), std::string::npos);

  // Hand-made bytes nesting deeper than any plan quiver writes: Invalid, not a stack overflow.
  proto::PhysicalPlanNode root;
  proto::PhysicalPlanNode* node = &root;
  for (int i = 0; i < 20000; ++i) {
    node = node->mutable_local_limit()->mutable_input();
  }
  node->mutable_empty()->set_produce_one_row(true);
  auto r = DeserializePlan(root.SerializeAsString(), *functions_, &codec_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
}

TEST_F(PlanCodecTest, CorruptedBytesNeverCrash) {
  std::vector<AggregateExpr> aggs = {
      MakeAggregate(*functions_, "sum", {Col("a", 1)}, {arrow::int64()}, "sum(a)")};
  auto partial = HashAggregateExec::Make(
      AggregateMode::kPartial, {{Col("k", 0), "k"}}, aggs,
      *FilterExec::Make(std::make_shared<InListExpr>(Col("k", 0),
                                                     std::vector<std::shared_ptr<arrow::Scalar>>{
                                                         arrow::MakeScalar(std::string("a"))},
                                                     false),
                        source_));
  ASSERT_TRUE(partial.ok());
  ExpectCorruptionsInvalid(*SerializePlan(*partial, &codec_), /*run=*/false);
  EXPECT_TRUE(DeserializePlan("garbage", *functions_, &codec_).status().IsInvalid());
  EXPECT_TRUE(DeserializePlan("", *functions_, &codec_).status().IsInvalid());
}

TEST_F(PlanCodecTest, CorruptedJoinBytesNeverCrash) {
  // A partitioned left join with a filter over repartitioned in-memory inputs, under a union
  // with a nested loop join: every field of the join messages is in reach of the flips.
  auto left = std::make_shared<RepartitionExec>(JoinLeft(), Partitioning::Hash({Col("lk", 0)}, 2));
  auto right =
      std::make_shared<RepartitionExec>(JoinRight(), Partitioning::Hash({Col("rk", 0)}, 2));
  auto join = HashJoinExec::Make(left, right, {{Col("lk", 0), Col("rk", 0)}}, LvLessThanRv(),
                                 JoinType::kLeft, PartitionMode::kPartitioned);
  ASSERT_TRUE(join.ok()) << join.status().ToString();
  auto nested =
      NestedLoopJoinExec::Make(JoinLeft(), JoinRight(), ScrambledFilter(true), JoinType::kLeft);
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  auto plan = UnionExec::Make({*join, *nested});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto bytes = SerializePlan(*plan, &codec_);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  ASSERT_TRUE(DeserializePlan(*bytes, *functions_, &codec_).ok());
  // Most flips land in data (IPC batches, names, literals) and still decode; those plans run.
  EXPECT_GT(ExpectCorruptionsInvalid(*bytes, /*run=*/true), 0);
}

TEST(ArrowSerdeTest, TypesSchemasAndScalarsRoundTrip) {
  for (auto type : {arrow::int32(), arrow::utf8(), arrow::decimal128(15, 2), arrow::date32(),
                    arrow::list(arrow::float64())}) {
    auto bytes = SerializeDataType(type);
    ASSERT_TRUE(bytes.ok());
    auto back = DeserializeDataType(*bytes);
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE((*back)->Equals(*type)) << type->ToString();
  }
  for (auto scalar : {arrow::MakeScalar(int64_t{-3}), arrow::MakeScalar(std::string("héllo")),
                      arrow::MakeNullScalar(arrow::date32()),
                      std::shared_ptr<arrow::Scalar>(std::make_shared<arrow::Decimal128Scalar>(
                          arrow::Decimal128(12345), arrow::decimal128(15, 2)))}) {
    auto bytes = SerializeScalar(scalar);
    ASSERT_TRUE(bytes.ok());
    auto back = DeserializeScalar(*bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_TRUE((*back)->Equals(*scalar)) << scalar->ToString();
  }
  EXPECT_TRUE(DeserializeScalar("xyz").status().IsInvalid());
  EXPECT_TRUE(DeserializeDataType("xyz").status().IsInvalid());
}

// --- Scans -----------------------------------------------------------------------------------

class ScanCodecTest : public PlanCodecTest {
 protected:
  void SetUp() override {
    PlanCodecTest::SetUp();
    char tmpl[] = "/tmp/quiver_scan_codec_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto b1 = MakeBatch(schema_, {R"(["a", "b"])", "[1, 2]", "[0.5, 1.5]"});
    auto b2 = MakeBatch(schema_, {R"(["c", null])", "[3, 4]", "[2.5, 3.5]"});
    auto table = arrow::Table::FromRecordBatches({b1, b2}).ValueOrDie();
    // Parquet with row groups of 2 rows: 2 scan units.
    auto out = arrow::io::FileOutputStream::Open(dir_ + "/t.parquet").ValueOrDie();
    ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 2).ok());
    ASSERT_TRUE(out->Close().ok());
    auto csv = arrow::io::FileOutputStream::Open(dir_ + "/t.csv").ValueOrDie();
    std::string text = "k,a,x\na,1,0.5\nb,2,1.5\nc,3,2.5\n";
    ASSERT_TRUE(csv->Write(text.data(), text.size()).ok());
    ASSERT_TRUE(csv->Close().ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(ScanCodecTest, MemoryParquetAndCsvScansRoundTrip) {
  ScanArgs args;
  args.projection = std::vector<int>{2, 0};
  auto b1 = MakeBatch(schema_, {R"(["a", "b"])", "[1, 2]", "[0.5, 1.5]"});
  auto memory = MemoryExec::Make(schema_, {{b1}, {}, {b1}}, std::vector<int>{1});
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  ExpectSameAfterRoundTrip(*memory);

  auto parquet_table = ParquetTable::Make(dir_ + "/t.parquet");
  ASSERT_TRUE(parquet_table.ok()) << parquet_table.status().ToString();
  auto parquet = (*parquet_table)->scan(args);
  ASSERT_TRUE(parquet.ok()) << parquet.status().ToString();
  ExpectSameAfterRoundTrip(*parquet);
  ExpectSameAfterRoundTrip((*parquet_table)->scan(ScanArgs{}).ValueOrDie());

  auto csv_table = CsvTable::Make(dir_ + "/t.csv");
  ASSERT_TRUE(csv_table.ok()) << csv_table.status().ToString();
  auto csv = (*csv_table)->scan(args);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  ExpectSameAfterRoundTrip(*csv);
}

TEST_F(ScanCodecTest, BadScanFieldsAreInvalid) {
  auto b1 = MakeBatch(schema_, {R"(["a", "b"])", "[1, 2]", "[0.5, 1.5]"});
  auto memory = MemoryExec::Make(schema_, {{b1}}, std::vector<int>{1});
  auto node = Encode(*memory, nullptr);
  node.mutable_memory_scan()->set_projection(0, 9);
  auto st = DecodeStatus(node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  node = Encode(*memory, nullptr);
  node.mutable_memory_scan()->mutable_partitions(0)->set_batches(0, "junk");
  EXPECT_TRUE(DecodeStatus(node).IsInvalid());
  node = Encode(*memory, nullptr);
  node.mutable_memory_scan()->clear_partitions();
  EXPECT_TRUE(DecodeStatus(node).IsInvalid());

  auto parquet =
      ParquetTable::Make(dir_ + "/t.parquet").ValueOrDie()->scan(ScanArgs{}).ValueOrDie();
  node = Encode(parquet, nullptr);
  node.mutable_parquet_scan()->set_file_schema("nope");
  st = DecodeStatus(node);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("ParquetExec"), std::string::npos);
}

}  // namespace
}  // namespace quiver
