// Operators that buffer (sort, hash aggregate, join build sides) under a memory limit: the
// sort spills and answers the same; the others fail with the limit's error naming them; and
// every reservation and spill file is gone when the stream is.
#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/runtime/runtime_env.h>

#include <random>

namespace quiver {
namespace {

using namespace quiver::testing;  // NOLINT

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("k", arrow::int64()), arrow::field("s", arrow::utf8())});
}

// `batches` batches of `rows` rows: k random (with NULLs), s a distinct string per row.
std::shared_ptr<BatchSourceExec> RandomSource(int batches, int rows, int partitions = 1) {
  std::mt19937_64 rng(42);
  BatchSourceExec::Partitions parts(partitions);
  int64_t id = 0;
  for (int b = 0; b < batches; ++b) {
    arrow::Int64Builder k;
    arrow::StringBuilder s;
    for (int r = 0; r < rows; ++r, ++id) {
      if (rng() % 50 == 0) {
        EXPECT_TRUE(k.AppendNull().ok());
      } else {
        EXPECT_TRUE(k.Append(static_cast<int64_t>(rng() % 100000)).ok());
      }
      EXPECT_TRUE(s.Append("row-" + std::to_string(id)).ok());
    }
    parts[b % partitions].push_back(arrow::RecordBatch::Make(
        Schema(), rows, {k.Finish().ValueOrDie(), s.Finish().ValueOrDie()}));
  }
  return std::make_shared<BatchSourceExec>(Schema(), std::move(parts));
}

std::shared_ptr<RuntimeEnv> Runtime(int64_t limit, bool spill = true) {
  RuntimeOptions options;
  options.memory_limit = limit;
  options.spill_enabled = spill;
  return RuntimeEnv::Make(options);
}

TaskContextPtr ContextWith(std::shared_ptr<RuntimeEnv> runtime, int64_t batch_size = 1000) {
  SessionConfig config;
  config.batch_size = batch_size;
  return std::make_shared<TaskContext>(config, FunctionRegistry::MakeDefault(),
                                       std::move(runtime));
}

std::shared_ptr<SortExec> SortByKeyThenString(ExecutionPlanPtr input) {
  return std::make_shared<SortExec>(
      LexOrdering{{Col("k", 0), /*descending=*/true, /*nulls_first=*/false},
                  {Col("s", 1), false, false}},
      std::move(input));
}

TEST(MemoryLimitTest, SortSpillsSortedRunsAndAnswersAsInMemory) {
  InitCompute();
  auto source = RandomSource(/*batches=*/100, /*rows=*/1000, /*partitions=*/3);
  auto expected = CollectTable(SortByKeyThenString(source), MakeContext(1000));
  ASSERT_NE(expected, nullptr);
  ASSERT_EQ(expected->num_rows(), 100000);

  // ~2 MB of input against a 256 KiB limit: many runs.
  auto runtime = Runtime(256 << 10);
  auto actual = CollectTable(SortByKeyThenString(source), ContextWith(runtime));
  ASSERT_NE(actual, nullptr);
  EXPECT_TRUE(actual->Equals(*expected));
  EXPECT_GE(runtime->disk_manager->files_created(), 4);
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
  EXPECT_LE(runtime->memory_pool->peak(), 256 << 10);
}

TEST(MemoryLimitTest, ASortStoppedEarlyRemovesItsSpillFiles) {
  InitCompute();
  auto runtime = Runtime(256 << 10);
  auto ctx = ContextWith(runtime);
  auto sort = SortByKeyThenString(RandomSource(60, 1000));
  {
    auto stream = sort->execute(0, ctx).ValueOrDie();
    std::shared_ptr<arrow::RecordBatch> batch;
    ASSERT_TRUE(stream->ReadNext(&batch).ok());
    ASSERT_NE(batch, nullptr);
    EXPECT_GT(runtime->disk_manager->live_files(), 0);  // runs exist while merging
    EXPECT_GT(runtime->memory_pool->reserved(), 0);
  }  // the consumer went away (LIMIT satisfied, cancel, error elsewhere)
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);

  // An input that fails after some runs were written: the error, and nothing left behind.
  auto failing = RandomSource(60, 1000);
  failing->fail_after(40, arrow::Status::IOError("disk went away"));
  auto result = CollectPlan(SortByKeyThenString(failing), ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("disk went away"), std::string::npos);
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
}

TEST(MemoryLimitTest, SortWithoutSpillingFailsNamingTheOperator) {
  InitCompute();
  auto runtime = Runtime(256 << 10, /*spill=*/false);
  auto result = CollectPlan(SortByKeyThenString(RandomSource(20, 1000)), ContextWith(runtime));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsOutOfMemory()) << result.status().ToString();
  EXPECT_NE(result.status().message().find("memory limit exceeded: SortExec partition 0"),
            std::string::npos)
      << result.status().message();
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
}

TEST(MemoryLimitTest, TheQueryLimitCapsOneQueryInsideTheProcessLimit) {
  InitCompute();
  auto runtime = Runtime(64 << 20, /*spill=*/false);
  SessionConfig config;
  config.memory_limit = 128 << 10;  // SET memory_limit = '128KB'
  auto ctx = std::make_shared<TaskContext>(config, FunctionRegistry::MakeDefault(), runtime);
  auto result = CollectPlan(SortByKeyThenString(RandomSource(20, 1000)), ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("the query's memory pool (memory_limit 128.0 KiB)"),
            std::string::npos)
      << result.status().message();
}

TEST(MemoryLimitTest, HashAggregateOverTheLimitFailsNamingOperatorAndGroups) {
  InitCompute();
  auto runtime = Runtime(256 << 10);
  auto ctx = ContextWith(runtime);
  auto source = RandomSource(50, 1000);
  // GROUP BY s: one group per row.
  auto agg = std::make_shared<HashAggregateExec>(
      AggregateMode::kSingle, std::vector<HashAggregateExec::NamedExpr>{{Col("s", 1), "s"}},
      std::vector<AggregateExpr>{
          MakeAggregate(*ctx->functions(), "count", {}, {}, "count(*)")},
      source);
  auto result = CollectPlan(agg, ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsOutOfMemory());
  EXPECT_NE(result.status().message().find("memory limit exceeded: HashAggregateExec partition 0"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("groups (hash aggregation does not spill yet)"),
            std::string::npos);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);

  // GROUP BY k (at most 100000 keys, but over few rows) fits, and gives its memory back.
  auto small = std::make_shared<HashAggregateExec>(
      AggregateMode::kSingle, std::vector<HashAggregateExec::NamedExpr>{{Col("k", 0), "k"}},
      std::vector<AggregateExpr>{
          MakeAggregate(*ctx->functions(), "count", {}, {}, "count(*)")},
      RandomSource(2, 1000));
  auto fits = CollectPlan(small, ctx);
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
  EXPECT_GT(runtime->memory_pool->peak(), 0);
}

TEST(MemoryLimitTest, AJoinBuildSideOverTheLimitFailsNamingIt) {
  InitCompute();
  auto runtime = Runtime(256 << 10);
  auto ctx = ContextWith(runtime);
  auto build = RandomSource(50, 1000);
  auto probe = RandomSource(2, 1000);
  auto join = HashJoinExec::Make(build, probe, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                                 JoinType::kInner, PartitionMode::kCollectLeft)
                  .ValueOrDie();
  auto result = CollectPlan(join, ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsOutOfMemory());
  EXPECT_NE(result.status().message().find("HashJoinExec build side partition 0"),
            std::string::npos)
      << result.status().message();
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);

  // The same join with the small side built: answers; a collect-left build side is shared by
  // the plan's partitions, so its bytes come back with the plan (at the end of the query).
  auto swapped = HashJoinExec::Make(probe, build, {{Col("k", 0), Col("k", 0)}}, std::nullopt,
                                    JoinType::kInner, PartitionMode::kCollectLeft)
                     .ValueOrDie();
  auto ok = CollectPlan(swapped, ctx);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_GT(runtime->memory_pool->reserved(), 2 * 1000 * 8);
  swapped.reset();
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
}

}  // namespace
}  // namespace quiver
