// Memory limits on real loopback workers: workers under --memory-limit spill their sorts and
// answer as one node does, and so do their aggregations; an aggregation that cannot spill
// fails the query with the limit's error naming the operator, worker and stage; and nothing
// stays reserved or on disk after.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/runtime/runtime_env.h>
#include <quiver/worker/local_cluster.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

class MemoryLimitTest : public ::testing::Test {
 protected:
  // What the process's tasks still hold, once they had a second to stop: after a failed query
  // the workers' other tasks are cancelled by the query's release and wind down on their own.
  int64_t ReservedAfterASecond() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (runtime_->memory_pool->reserved() != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return runtime_->memory_pool->reserved();
  }

  // The pool never passed the 4 MB limit, and no reservation or spill file outlived the query.
  void ExpectWithinTheLimitAndNothingLeft() {
    EXPECT_LE(runtime_->memory_pool->peak(), 4 << 20);
    EXPECT_EQ(ReservedAfterASecond(), 0);
    EXPECT_EQ(runtime_->disk_manager->live_files(), 0);
  }

  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
    spill_root_ = std::filesystem::temp_directory_path() /
                  ("quiver-memory-limit-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(spill_root_);
    RuntimeOptions options;
    options.memory_limit = 4 << 20;
    options.spill_dir = spill_root_.string();
    runtime_ = RuntimeEnv::Make(options);
    // Two workers of one process share its runtime, as `quiver query --workers 2
    // --memory-limit 4MB` has it.
    WorkerOptions worker_options;
    worker_options.runtime = runtime_;
    auto cluster = LocalCluster::Start(2, Worker().with_options(worker_options));
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }
  void TearDown() override {
    if (cluster_) EXPECT_TRUE(cluster_->Shutdown().ok());
    cluster_.reset();
    runtime_.reset();
    std::filesystem::remove_all(spill_root_);
  }

  arrow::Result<SessionContext> Session(bool distributed) {
    SessionConfig config = SpreadOverWorkers();
    config.batch_size = 1024;
    return TpchSession(config, distributed ? cluster_.get() : nullptr);
  }

  std::filesystem::path spill_root_;
  std::shared_ptr<RuntimeEnv> runtime_;
  std::unique_ptr<LocalCluster> cluster_;
};

TEST_F(MemoryLimitTest, WorkersSpillTheirSortsAndAnswerAsOneNode) {
  const std::string sql =
      "select l_orderkey, l_linenumber, l_comment, l_extendedprice from lineitem "
      "order by l_comment, l_orderkey, l_linenumber";
  auto single = Session(false);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  auto expected_df = single->sql(sql);
  ASSERT_TRUE(expected_df.ok());
  auto expected = ToCsv(*expected_df);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();

  auto distributed = Session(true);
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  auto explain = distributed->sql("explain " + sql).ValueOrDie();
  auto plan = ToCsv(explain).ValueOrDie();
  EXPECT_NE(plan.find("Stage 1"), std::string::npos) << plan;  // the sorts run on the workers
  auto df = distributed->sql(sql);
  ASSERT_TRUE(df.ok());
  auto actual = ToCsv(*df);
  ASSERT_TRUE(actual.ok()) << actual.status().ToString();
  EXPECT_EQ(*actual, *expected);

  EXPECT_GE(runtime_->disk_manager->files_created(), 1);  // it did spill, on the workers
  ExpectWithinTheLimitAndNothingLeft();
}

// The lines of a CSV answer, sorted (for queries without ORDER BY).
std::vector<std::string> SortedLines(const std::string& csv) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// Only the aggregation buffers here (a top-K on top would compete for the same memory); about
// 120 bytes per group for 60,000 groups is well past 4 MB however the tasks split it.
constexpr const char* kWideGroupBy =
    "select l_comment, l_shipinstruct, l_orderkey, l_partkey, l_suppkey, l_linenumber, "
    "count(*), sum(l_quantity), min(l_shipdate) from lineitem group by l_comment, "
    "l_shipinstruct, l_orderkey, l_partkey, l_suppkey, l_linenumber";

TEST_F(MemoryLimitTest, WorkersSpillTheirAggregationsAndAnswerAsOneNode) {
  auto single = Session(false);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  auto expected = ToCsv(single->sql(kWideGroupBy).ValueOrDie());
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  const int64_t spilled_before = runtime_->disk_manager->files_created();

  auto distributed = Session(true);
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  auto plan = ToCsv(distributed->sql(std::string("explain ") + kWideGroupBy).ValueOrDie());
  ASSERT_TRUE(plan.ok());
  EXPECT_NE(plan->find("Stage 1"), std::string::npos) << *plan;
  auto actual = ToCsv(distributed->sql(kWideGroupBy).ValueOrDie());
  ASSERT_TRUE(actual.ok()) << actual.status().ToString();
  EXPECT_EQ(SortedLines(*actual), SortedLines(*expected));
  EXPECT_GT(SortedLines(*actual).size(), 60000u);

  EXPECT_GE(runtime_->disk_manager->files_created() - spilled_before, 2);  // on the workers
  ExpectWithinTheLimitAndNothingLeft();
}

TEST_F(MemoryLimitTest, WorkersSpillTheirJoinsIntoGracePartsAndAnswerAsOneNode) {
  // A self join of lineitem on its order key, both sides shuffled (no broadcast): every
  // build partition holds about 3 MB of keys, quantities and comments.
  const std::string sql =
      "select count(*) as n, sum(a.l_quantity) as q, min(a.l_comment) as ca, "
      "max(b.l_comment) as cb from lineitem a join lineitem b on a.l_orderkey = b.l_orderkey "
      "and a.l_linenumber <> b.l_linenumber";
  auto single = Session(false);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  auto expected = ToCsv(single->sql(sql).ValueOrDie());
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  const int64_t spilled_before = runtime_->disk_manager->files_created();

  auto distributed = Session(true);
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  for (const char* set : {"set optimizer.hash_join_single_partition_threshold = 0",
                          "set optimizer.hash_join_single_partition_threshold_rows = 0",
                          "set distributed.broadcast_joins = false"}) {
    auto done = distributed->sql(set);
    ASSERT_TRUE(done.ok()) << set << ": " << done.status().ToString();
  }
  auto plan = ToCsv(distributed->sql("explain " + sql).ValueOrDie());
  ASSERT_TRUE(plan.ok());
  EXPECT_NE(plan->find("HashJoinExec: mode=Partitioned"), std::string::npos) << *plan;
  EXPECT_NE(plan->find("NetworkShuffleExec"), std::string::npos) << *plan;
  auto actual = ToCsv(distributed->sql(sql).ValueOrDie());
  ASSERT_TRUE(actual.ok()) << actual.status().ToString();
  EXPECT_EQ(*actual, *expected);

  // Both sides of at least one partition went to disk in parts, on the workers.
  EXPECT_GE(runtime_->disk_manager->files_created() - spilled_before, 32);
  ExpectWithinTheLimitAndNothingLeft();
}

TEST_F(MemoryLimitTest, AnAggregationThatCannotSpillFailsNamingOperatorWorkerAndStage) {
  auto distributed = Session(true);
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  // A DISTINCT aggregate has no partial state to spill.
  auto df = distributed->sql(
      "select l_comment, l_shipinstruct, l_orderkey, l_partkey, l_suppkey, l_linenumber, "
      "count(distinct l_quantity) from lineitem group by l_comment, l_shipinstruct, "
      "l_orderkey, l_partkey, l_suppkey, l_linenumber");
  ASSERT_TRUE(df.ok());
  auto result = df->collect();
  ASSERT_FALSE(result.ok());
  const std::string message = result.status().message();
  EXPECT_TRUE(result.status().IsOutOfMemory()) << result.status().ToString();
  EXPECT_NE(message.find("worker grpc+tcp://127.0.0.1:"), std::string::npos) << message;
  EXPECT_NE(message.find("memory limit exceeded: HashAggregateExec partition"), std::string::npos)
      << message;
  EXPECT_NE(message.find("the process memory pool has"), std::string::npos) << message;
  EXPECT_NE(message.find("is DISTINCT and has no partial state"), std::string::npos) << message;
  EXPECT_EQ(ReservedAfterASecond(), 0);

  // The workers keep serving: a query that fits runs on them right after.
  auto again = distributed->sql("select count(*) from lineitem").ValueOrDie().collect();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

}  // namespace
}  // namespace quiver::testing
