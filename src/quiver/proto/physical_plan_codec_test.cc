#include <arrow/api.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>
#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/expressions/case_expr.h>
#include <quiver/physical/expressions/cast_expr.h>
#include <quiver/physical/expressions/in_list_expr.h>
#include <quiver/physical/expressions/is_null_expr.h>
#include <quiver/physical/expressions/like_expr.h>
#include <quiver/physical/expressions/negative_expr.h>
#include <quiver/physical/expressions/not_expr.h>
#include <quiver/physical/expressions/scalar_function_expr.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/test_util.h>
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

  arrow::Status DecodeStatus(const proto::PhysicalPlanNode& node) {
    return DeserializePlan(node.SerializeAsString(), *functions_, &codec_).status();
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
  auto bytes = *SerializePlan(*partial, &codec_);
  // Truncations.
  for (size_t n = 0; n < bytes.size(); n += 7) {
    auto r = DeserializePlan(std::string_view(bytes).substr(0, n), *functions_, &codec_);
    if (!r.ok()) EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
  }
  // Random byte flips: decoding either fails with Invalid or yields a plan.
  std::mt19937 rng(42);
  int invalid = 0;
  for (int i = 0; i < 500; ++i) {
    std::string corrupt = bytes;
    for (int j = 0; j < 3; ++j) corrupt[rng() % corrupt.size()] = static_cast<char>(rng());
    auto r = DeserializePlan(corrupt, *functions_, &codec_);
    if (!r.ok()) {
      ++invalid;
      EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
    }
  }
  EXPECT_GT(invalid, 0);
  EXPECT_TRUE(DeserializePlan("garbage", *functions_, &codec_).status().IsInvalid());
  EXPECT_TRUE(DeserializePlan("", *functions_, &codec_).status().IsInvalid());
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
