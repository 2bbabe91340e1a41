// All 22 TPC-H queries at SF0.01 with the coordinator and 3 loopback workers of this process
// sharing one executor of a single thread, 16 partitions per node: every repartition, merge,
// join build and network hand-over waits on another task at some point, so this only answers
// if a waiting task gives the thread up (docs/runtime.md, "Executor"). Answers against DuckDB's.
#include <memory>
#include <string>
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

class OneThreadTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
    RuntimeOptions options;
    options.threads = 1;
    runtime_ = RuntimeEnv::Make(options);
    WorkerOptions worker_options;
    worker_options.runtime = runtime_;
    auto cluster = LocalCluster::Start(3, Worker().with_options(worker_options));
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }
  static void TearDownTestSuite() {
    cluster_.reset();
    runtime_.reset();
  }

  static arrow::Result<SessionContext> Session(bool distributed) {
    SessionConfig config = SpreadOverWorkers();
    config.target_partitions = 16;
    return TpchSession(config, distributed ? cluster_.get() : nullptr, runtime_);
  }

  void ExpectAnswer(bool distributed) {
    ASSERT_EQ(runtime_->executor->thread_count(), 1);
    auto ctx = Session(distributed);
    ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
    if (distributed) {
      // Stages on the workers, not the coordinator alone.
      auto explain = ctx->sql(ExplainEveryQuery(TpchQuery(GetParam())));
      ASSERT_TRUE(explain.ok()) << explain.status().ToString();
      auto plan = ToCsv(*explain);
      ASSERT_TRUE(plan.ok()) << plan.status().ToString();
      EXPECT_NE(plan->find("Stage 1 ("), std::string::npos) << *plan;
    }
    auto df = ctx->sql(TpchQuery(GetParam()));
    ASSERT_TRUE(df.ok()) << df.status().ToString();
    auto csv = ToCsv(*df);
    ASSERT_TRUE(csv.ok()) << csv.status().ToString();
    EXPECT_TRUE(CsvMatches(ExpectedCsv(GetParam()), *csv));
  }

  static inline std::shared_ptr<RuntimeEnv> runtime_;
  static inline std::unique_ptr<LocalCluster> cluster_;
};

TEST_P(OneThreadTest, SingleNodeAnswers) { ExpectAnswer(false); }

TEST_P(OneThreadTest, ThreeWorkersSharingTheThreadAnswer) { ExpectAnswer(true); }

INSTANTIATE_TEST_SUITE_P(Tpch, OneThreadTest, ::testing::ValuesIn(AllTpchQueries()));

}  // namespace
}  // namespace quiver::testing
