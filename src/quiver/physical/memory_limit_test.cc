// Operators that buffer (sort, hash aggregate, join build sides) under a memory limit: sort
// and aggregation spill and answer the same; join build sides fail with the limit's error
// naming them; and every reservation and spill file is gone when the stream is.
#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/joins/grace_hash_join_stream.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
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

// The operator spilled (at least `min_files` spill files made), every file is gone, nothing
// stays reserved, and the pool never held more than `limit`.
void ExpectSpilledWithinAndReleased(const RuntimeEnv& runtime, int64_t min_files, int64_t limit) {
  EXPECT_GE(runtime.disk_manager->files_created(), min_files);
  EXPECT_EQ(runtime.disk_manager->live_files(), 0);
  EXPECT_EQ(runtime.memory_pool->reserved(), 0);
  EXPECT_LE(runtime.memory_pool->peak(), limit);
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
  ExpectSpilledWithinAndReleased(*runtime, 4, 256 << 10);
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

// GROUP BY s (one group per row) then k: count(*), sum(k), min(s), max(k).
std::shared_ptr<HashAggregateExec> GroupBy(AggregateMode mode, int key, const FunctionRegistry& fns,
                                           ExecutionPlanPtr input, bool distinct = false) {
  const std::string name = key == 0 ? "k" : "s";
  std::vector<AggregateExpr> aggs{
      MakeAggregate(fns, "count", {}, {}, "count(*)"),
      MakeAggregate(fns, "sum", {Col("k", 0)}, {arrow::int64()}, "sum(k)"),
      MakeAggregate(fns, "min", {Col("s", 1)}, {arrow::utf8()}, "min(s)"),
      MakeAggregate(fns, "max", {Col("k", 0)}, {arrow::int64()}, "max(k)"),
  };
  if (distinct) {
    aggs.push_back(
        MakeAggregate(fns, "count", {Col("s", 1)}, {arrow::utf8()}, "count(DISTINCT s)", true));
  }
  return std::make_shared<HashAggregateExec>(
      mode, std::vector<HashAggregateExec::NamedExpr>{{Col(name, key), name}}, std::move(aggs),
      std::move(input));
}

TEST(MemoryLimitTest, HashAggregateSpillsSortedStatesAndAnswersAsInMemory) {
  InitCompute();
  const auto fns = FunctionRegistry::MakeDefault();
  for (int key : {1, 0}) {  // GROUP BY s: 100000 groups; GROUP BY k: ~63000 groups and NULL
    SCOPED_TRACE(key == 0 ? "GROUP BY k" : "GROUP BY s");
    auto source = RandomSource(/*batches=*/100, /*rows=*/1000);
    auto expected = CollectTable(GroupBy(AggregateMode::kSingle, key, *fns, source), MakeContext());
    ASSERT_NE(expected, nullptr);

    auto runtime = Runtime(1 << 20);
    auto actual =
        CollectTable(GroupBy(AggregateMode::kSingle, key, *fns, source), ContextWith(runtime));
    ASSERT_NE(actual, nullptr);
    EXPECT_EQ(actual->num_rows(), expected->num_rows());
    EXPECT_TRUE(SortedTable(actual)->Equals(*SortedTable(expected)));
    ExpectSpilledWithinAndReleased(*runtime, 3, 1 << 20);
  }
}

TEST(MemoryLimitTest, PartialAggregateEmitsEarlyAndTheFinalOneSpills) {
  InitCompute();
  const auto fns = FunctionRegistry::MakeDefault();
  auto source = RandomSource(/*batches=*/60, /*rows=*/1000, /*partitions=*/3);
  auto two_phase = [&] {
    auto partial = GroupBy(AggregateMode::kPartial, 1, *fns, source);
    auto aggregates = partial->aggregates();
    return std::make_shared<HashAggregateExec>(
        AggregateMode::kFinal, std::vector<HashAggregateExec::NamedExpr>{{Col("s", 0), "s"}},
        std::move(aggregates), std::make_shared<CoalescePartitionsExec>(std::move(partial)));
  };
  auto expected = CollectTable(two_phase(), MakeContext());
  ASSERT_NE(expected, nullptr);
  ASSERT_EQ(expected->num_rows(), 60000);

  auto runtime = Runtime(1 << 20);
  auto actual = CollectTable(two_phase(), ContextWith(runtime));
  ASSERT_NE(actual, nullptr);
  EXPECT_TRUE(SortedTable(actual)->Equals(*SortedTable(expected)));
  EXPECT_GE(runtime->disk_manager->files_created(), 2);  // only the final aggregate spills
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);

  // A partial GROUP BY k (keys recur) alone under the limit: it emitted early, so groups come
  // out more often than without a limit (the final aggregate merges them), and it wrote
  // nothing to disk.
  auto unlimited = CollectTable(GroupBy(AggregateMode::kPartial, 0, *fns, source), MakeContext());
  ASSERT_NE(unlimited, nullptr);
  auto before = runtime->disk_manager->files_created();
  auto partial = CollectTable(GroupBy(AggregateMode::kPartial, 0, *fns, source),
                              ContextWith(runtime, /*batch_size=*/100));
  ASSERT_NE(partial, nullptr);
  EXPECT_GT(partial->num_rows(), unlimited->num_rows() + 2000);
  EXPECT_EQ(runtime->disk_manager->files_created(), before);
}

TEST(MemoryLimitTest, ASpilledAggregateStoppedEarlyRemovesItsFiles) {
  InitCompute();
  const auto fns = FunctionRegistry::MakeDefault();
  auto runtime = Runtime(512 << 10);
  auto ctx = ContextWith(runtime);
  {
    auto stream = GroupBy(AggregateMode::kSingle, 1, *fns, RandomSource(60, 1000))
                      ->execute(0, ctx)
                      .ValueOrDie();
    std::shared_ptr<arrow::RecordBatch> batch;
    ASSERT_TRUE(stream->ReadNext(&batch).ok());
    ASSERT_NE(batch, nullptr);
    EXPECT_GT(runtime->disk_manager->live_files(), 0);  // runs exist while merging
  }
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);

  auto failing = RandomSource(60, 1000);
  failing->fail_after(40, arrow::Status::IOError("disk went away"));
  auto result = CollectPlan(GroupBy(AggregateMode::kSingle, 1, *fns, failing), ctx);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("disk went away"), std::string::npos);
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
}

TEST(MemoryLimitTest, AnAggregateThatCannotSpillFailsNamingOperatorGroupsAndWhy) {
  InitCompute();
  const auto fns = FunctionRegistry::MakeDefault();
  struct Case {
    bool spill;
    bool distinct;
    std::string why;
  };
  for (const Case& c : {Case{false, false, "cannot spill: spilling is off"},
                        Case{true, true, "count(DISTINCT s) is DISTINCT and has no partial state"}}) {
    SCOPED_TRACE(c.why);
    auto runtime = Runtime(256 << 10, c.spill);
    auto ctx = ContextWith(runtime);
    auto result =
        CollectPlan(GroupBy(AggregateMode::kSingle, 1, *fns, RandomSource(50, 1000), c.distinct),
                    ctx);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.status().IsOutOfMemory());
    const std::string& message = result.status().message();
    EXPECT_NE(message.find("memory limit exceeded: HashAggregateExec partition 0"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(" groups (hash aggregation cannot spill: "), std::string::npos)
        << message;
    EXPECT_NE(message.find(c.why), std::string::npos) << message;
    EXPECT_EQ(runtime->memory_pool->reserved(), 0);
    EXPECT_EQ(runtime->disk_manager ? runtime->disk_manager->live_files() : 0, 0);
  }
}

// A partitioned join whose build side is past the limit: a grace hash join over spilled parts,
// the same rows as in memory for every join type (NULL and duplicate keys on both sides).
TEST(MemoryLimitTest, APartitionedJoinPastTheLimitSpillsIntoPartsAndAnswersAsInMemory) {
  InitCompute();
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                        JoinType::kLeftSemi, JoinType::kLeftAnti, JoinType::kRightSemi,
                        JoinType::kRightAnti, JoinType::kLeftMark, JoinType::kRightMark}) {
    SCOPED_TRACE(JoinTypeName(type));
    auto join = HashJoinExec::Make(RandomSource(50, 1000), RandomSource(20, 1000),
                                   {{Col("k", 0), Col("k", 0)}}, std::nullopt, type,
                                   PartitionMode::kPartitioned)
                    .ValueOrDie();
    auto expected = CollectTable(join, MakeContext(1000));
    ASSERT_NE(expected, nullptr);
    auto runtime = Runtime(256 << 10);
    auto actual = CollectTable(join, ContextWith(runtime));
    ASSERT_NE(actual, nullptr);
    EXPECT_EQ(actual->num_rows(), expected->num_rows());
    EXPECT_TRUE(SortedTable(actual)->Equals(*SortedTable(expected)));
    // Both sides in 16 parts each; all gone after.
    ExpectSpilledWithinAndReleased(*runtime, 2 * GraceHashJoinStream::kFanout, 256 << 10);
  }
}

TEST(MemoryLimitTest, AGraceJoinPartThatStillDoesNotFitFailsNamingIt) {
  InitCompute();
  auto runtime = Runtime(24 << 10);
  auto join = HashJoinExec::Make(RandomSource(50, 1000), RandomSource(5, 1000),
                                 {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                                 PartitionMode::kPartitioned)
                  .ValueOrDie();
  auto result = CollectPlan(join, ContextWith(runtime));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.status().IsOutOfMemory()) << result.status().ToString();
  EXPECT_NE(result.status().message().find(
                "HashJoinExec build side partition 0 (spilled part 1 of 16)"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("a grace hash join part of"), std::string::npos);
  EXPECT_EQ(runtime->disk_manager->live_files(), 0);
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
}

// What RepartitionExec's queues hold is reserved: an output whose consumer does not keep up
// (here: never reads) while the others drain grows until the limit fails the query naming it.
TEST(MemoryLimitTest, ARepartitionOutputThatGrowsPastTheLimitFailsNamingIt) {
  InitCompute();
  auto runtime = Runtime(256 << 10);
  auto ctx = ContextWith(runtime);
  auto repartition =
      std::make_shared<RepartitionExec>(RandomSource(100, 1000), Partitioning::RoundRobin(2));
  auto read = repartition->execute(0, ctx).ValueOrDie();
  auto stalled = repartition->execute(1, ctx).ValueOrDie();
  arrow::Status st;
  int64_t rows = 0;
  while (true) {
    std::shared_ptr<arrow::RecordBatch> batch;
    st = read->ReadNext(&batch);
    if (!st.ok() || !batch) break;
    rows += batch->num_rows();
  }
  ASSERT_FALSE(st.ok()) << "read " << rows << " rows";
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_NE(st.message().find("memory limit exceeded: RepartitionExec output partition "),
            std::string::npos)
      << st.message();
  read.reset();
  stalled.reset();
  repartition.reset();
  EXPECT_EQ(runtime->memory_pool->reserved(), 0);
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
