#include <gtest/gtest.h>
#include <quiver/physical/empty/empty_exec.h>
#include <quiver/physical/expressions/binary_expr.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("x", arrow::int64()), arrow::field("s", arrow::utf8())});
}

std::shared_ptr<BatchSourceExec> Source(int partitions = 1) {
  auto schema = Schema();
  BatchSourceExec::Partitions parts;
  for (int p = 0; p < partitions; ++p) {
    parts.push_back({MakeBatch(schema, {"[1, 2, 3]", R"(["a", "b", "c"])"}),
                     MakeBatch(schema, {"[4, null, 6]", R"(["d", "e", null])"}),
                     MakeBatch(schema, {"[7, 8, 9, 10]", R"(["f", "g", "h", "i"])"})});
  }
  return std::make_shared<BatchSourceExec>(schema, std::move(parts));
}

TEST(FilterExecTest, KeepsTrueRowsDropsNulls) {
  InitCompute();
  auto pred = std::make_shared<BinaryExpr>(BinaryOperator::kGt, Col("x", 0),
                                           Lit(arrow::MakeScalar(int64_t{3})));
  auto filter = FilterExec::Make(pred, Source());
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ((*filter)->to_string(), "FilterExec: x@0 > 3");
  auto table = CollectTable(*filter, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[4, 6, 7, 8, 9, 10]"), Column(table, 0));
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::utf8(), R"(["d", null, "f", "g", "h", "i"])"),
                         Column(table, 1));
}

// A source that claims 10,000 rows and 80,000 bytes.
class SizedSourceExec : public BatchSourceExec {
 public:
  SizedSourceExec() : BatchSourceExec(Schema(), {{}}) {}
  Statistics statistics() const override { return {10000, 80000, true}; }
};

TEST(FilterExecTest, EstimatesRowsPerConjunct) {
  auto source = std::make_shared<SizedSourceExec>();
  auto lit = [](int64_t v) { return Lit(arrow::MakeScalar(v)); };
  auto cmp = [&](BinaryOperator op, int64_t v) {
    return std::make_shared<BinaryExpr>(op, Col("x", 0), lit(v));
  };
  // One comparison keeps a fifth, an equality a tenth, a two-sided range a fifth of a fifth:
  // join build sides depend on a range counting as more selective than one comparison.
  auto rows = [&](PhysicalExprPtr predicate) {
    return FilterExec(std::move(predicate), source).statistics();
  };
  auto one = rows(cmp(BinaryOperator::kGt, 3));
  EXPECT_NEAR(*one.num_rows, 2000, 1);  // rounded up
  EXPECT_NEAR(*one.total_byte_size, 16000, 1);
  EXPECT_FALSE(one.exact);
  EXPECT_NEAR(*rows(cmp(BinaryOperator::kEq, 3)).num_rows, 1000, 1);
  auto range = std::make_shared<BinaryExpr>(BinaryOperator::kAnd, cmp(BinaryOperator::kGtEq, 3),
                                            cmp(BinaryOperator::kLt, 9));
  EXPECT_NEAR(*rows(range).num_rows, 400, 1);
  // OR is one conjunct; the estimate never drops below a thousandth.
  EXPECT_NEAR(*rows(std::make_shared<BinaryExpr>(BinaryOperator::kOr, cmp(BinaryOperator::kEq, 1),
                                                 cmp(BinaryOperator::kEq, 2)))
                   .num_rows,
              2000, 1);
  PhysicalExprPtr many = cmp(BinaryOperator::kEq, 0);
  for (int i = 1; i < 6; ++i) {
    many = std::make_shared<BinaryExpr>(BinaryOperator::kAnd, many, cmp(BinaryOperator::kEq, i));
  }
  EXPECT_NEAR(*rows(many).num_rows, 10, 1);
}

TEST(FilterExecTest, RejectsNonBooleanPredicateAndIsLazy) {
  InitCompute();
  auto source = Source();
  EXPECT_FALSE(FilterExec::Make(Col("x", 0), source).ok());
  auto filter =
      std::make_shared<FilterExec>(std::make_shared<BinaryExpr>(BinaryOperator::kEq, Col("x", 0),
                                                                Lit(arrow::MakeScalar(int64_t{1}))),
                                   source);
  auto stream = filter->execute(0, MakeContext());
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(source->pulled(), 0);  // nothing read before ReadNext
}

TEST(ProjectionExecTest, ComputesColumns) {
  InitCompute();
  auto plus = std::make_shared<BinaryExpr>(BinaryOperator::kMultiply, Col("x", 0),
                                           Lit(arrow::MakeScalar(int64_t{10})));
  auto proj = ProjectionExec::Make({{Col("s", 1), "s"}, {plus, "x10"}}, Source());
  ASSERT_TRUE(proj.ok());
  EXPECT_EQ((*proj)->schema()->ToString(), "s: string\nx10: int64");
  EXPECT_EQ((*proj)->to_string(), "ProjectionExec: expr=[s@1 as s, x@0 * 10 as x10]");
  auto table = CollectTable(*proj, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[10, 20, 30, 40, null, 60, 70, 80, 90, 100]"),
                         Column(table, 1));
  auto bad = ProjectionExec::Make(
      {{std::make_shared<BinaryExpr>(BinaryOperator::kPlus, Col("x", 0), Col("s", 1)), "bad"}},
      Source());
  EXPECT_FALSE(bad.ok());
}

TEST(LimitExecTest, GlobalLimitSkipsAcrossBatchesAndStopsEarly) {
  InitCompute();
  auto source = Source();
  // skip 4 (batch 1 and one row of batch 2), take 3: rows 5, 6, 7 → x = null, 6, 7
  auto limit = std::make_shared<GlobalLimitExec>(source, 4, 3);
  auto table = CollectTable(limit, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[null, 6, 7]"), Column(table, 0));
  auto first_two = std::make_shared<GlobalLimitExec>(Source(), 0, 2);
  auto source2 = std::static_pointer_cast<BatchSourceExec>(first_two->input());
  table = CollectTable(first_two, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[1, 2]"), Column(table, 0));
  EXPECT_EQ(source2->pulled(), 1);  // satisfied by the first batch: no more pulled
  auto skip_all = std::make_shared<GlobalLimitExec>(Source(), 20, std::nullopt);
  EXPECT_EQ(CollectTable(skip_all, MakeContext())->num_rows(), 0);
  EXPECT_EQ(limit->to_string(), "GlobalLimitExec: skip=4, fetch=3");
}

TEST(LimitExecTest, LocalLimitPerPartition) {
  InitCompute();
  auto limit = std::make_shared<LocalLimitExec>(Source(2), 4);
  auto table = CollectTable(limit, MakeContext());
  QUIVER_EXPECT_ARRAY_EQ(MakeArray(arrow::int64(), "[1, 2, 3, 4, 1, 2, 3, 4]"), Column(table, 0));
  auto global = std::make_shared<GlobalLimitExec>(Source(2), 0, 1);
  EXPECT_FALSE(CollectPlan(global, MakeContext()).ok());  // needs one input partition
}

TEST(EmptyExecTest, NoRowsOrOneRow) {
  InitCompute();
  auto schema = Schema();
  EXPECT_EQ(CollectTable(std::make_shared<EmptyExec>(schema, false), MakeContext())->num_rows(), 0);
  auto one = CollectTable(std::make_shared<EmptyExec>(schema, true), MakeContext());
  EXPECT_EQ(one->num_rows(), 1);
  EXPECT_EQ(Column(one, 0)->null_count(), 1);
}

TEST(CollectPlanTest, PropagatesErrorsAndDisplaysTree) {
  InitCompute();
  auto source = Source(3);
  source->fail_after(1, arrow::Status::IOError("disk on fire"));
  auto filter =
      std::make_shared<FilterExec>(std::make_shared<BinaryExpr>(BinaryOperator::kGt, Col("x", 0),
                                                                Lit(arrow::MakeScalar(int64_t{0}))),
                                   source);
  auto result = CollectPlan(filter, MakeContext());
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsIOError());
  EXPECT_EQ(DisplayPlan(*filter), "FilterExec: x@0 > 0\n  BatchSourceExec: partitions=3\n");
  EXPECT_FALSE(filter->execute(3, MakeContext()).ok());  // partition out of range
}

}  // namespace
}  // namespace quiver
