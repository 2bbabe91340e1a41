// Distributed queries through the public API on real loopback workers: UDFs registered on the
// coordinator and the workers, failures naming the worker and stage, SQL errors with positions.
#include <future>
#include <memory>

#include <arrow/compute/api_scalar.h>
#include <arrow/compute/cast.h>
#include <arrow/flight/client.h>
#include <gtest/gtest.h>

#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/local_cluster.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

// times_two(x): x * 2 over a whole column, as a user's vectorized UDF would be.
std::shared_ptr<ScalarUDF> TimesTwo() {
  return std::make_shared<ScalarUDF>(
      "times_two",
      [](const DataTypeVector& types) -> arrow::Result<std::shared_ptr<arrow::DataType>> {
        if (types.size() != 1) return arrow::Status::Invalid("times_two takes one argument");
        return arrow::float64();
      },
      [](const std::vector<arrow::Datum>& args, int64_t) -> arrow::Result<arrow::Datum> {
        ARROW_ASSIGN_OR_RAISE(auto as_double, arrow::compute::Cast(args[0], arrow::float64()));
        return arrow::compute::Multiply(as_double, arrow::Datum(2.0));
      });
}

class DistributedQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
  }

  static arrow::Result<SessionContext> Coordinator(const std::vector<std::string>& urls,
                                                   bool with_udf, const std::string& token) {
    SessionStateBuilder builder;
    builder.with_config(SpreadOverWorkers())
        .with_distributed_planner()
        .with_distributed_worker_resolver(std::make_shared<StaticWorkerResolver>(urls))
        .with_distributed_auth_token(token);
    if (with_udf) builder.with_scalar_functions({TimesTwo()});
    ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
    SessionContext ctx(std::move(state));
    ARROW_RETURN_NOT_OK(RegisterTpchTables(&ctx, TpchDir()));
    return ctx;
  }
};

constexpr const char* kUdfQuery =
    "select l_returnflag, sum(times_two(l_quantity)) as doubled from lineitem "
    "group by l_returnflag order by l_returnflag";
constexpr const char* kPlainQuery =
    "select l_returnflag, sum(l_quantity) * 2 as doubled from lineitem "
    "group by l_returnflag order by l_returnflag";

TEST_F(DistributedQueryTest, UdfRegisteredOnCoordinatorAndWorkersRunsDistributed) {
  auto worker =
      Worker::from_session_builder([](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
        return ctx.builder.with_scalar_functions({TimesTwo()}).build();
      });
  auto cluster = LocalCluster::Start(3, worker);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ctx = Coordinator((*cluster)->urls(), /*with_udf=*/true, (*cluster)->auth_token());
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();

  auto explain = ctx->sql(std::string("EXPLAIN ") + kUdfQuery);
  ASSERT_TRUE(explain.ok()) << explain.status().ToString();
  auto plan_text = ToCsv(*explain);
  ASSERT_TRUE(plan_text.ok()) << plan_text.status().ToString();
  EXPECT_NE(plan_text->find("times_two"), std::string::npos) << *plan_text;
  EXPECT_EQ(plan_text->find("not distributed"), std::string::npos) << *plan_text;

  auto with_udf = ctx->sql(kUdfQuery);
  auto plain = ctx->sql(kPlainQuery);
  ASSERT_TRUE(with_udf.ok()) << with_udf.status().ToString();
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  auto udf_csv = ToCsv(*with_udf);
  auto plain_csv = ToCsv(*plain);
  ASSERT_TRUE(udf_csv.ok()) << udf_csv.status().ToString();
  ASSERT_TRUE(plain_csv.ok()) << plain_csv.status().ToString();
  // Same numbers (the UDF yields doubles, the plain query decimals): compare numerically.
  EXPECT_TRUE(CsvMatches(*plain_csv, *udf_csv)) << *udf_csv;
  EXPECT_EQ(ParseCsv(*udf_csv).size(), 4u);  // header + flags A, N, R
}

TEST_F(DistributedQueryTest, UdfMissingOnWorkersFailsNamingWorkerAndFunction) {
  auto cluster = LocalCluster::Start(2);  // default workers: no times_two
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ctx = Coordinator((*cluster)->urls(), /*with_udf=*/true, (*cluster)->auth_token());
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  auto df = ctx->sql(kUdfQuery);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto result = df->collect();
  ASSERT_FALSE(result.ok());
  const std::string message = result.status().message();
  EXPECT_NE(message.find("times_two"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1:"), std::string::npos) << message;
  EXPECT_NE(message.find("stage"), std::string::npos) << message;
  // A task failing on a healthy worker fails every attempt alike: one run, its own error.
  EXPECT_EQ(message.find("worker lost"), std::string::npos) << message;
  EXPECT_EQ(message.find("attempt"), std::string::npos) << message;
  EXPECT_TRUE(df->lost_workers().empty());
}

TEST_F(DistributedQueryTest, StoppedWorkerFailsTheQueryNamingIt) {
  auto cluster = LocalCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto urls = (*cluster)->urls();
  // A fourth URL where nothing listens.
  testing::RefusingPort refusing;
  ASSERT_FALSE(refusing.url().empty());
  const std::string dead_url = refusing.url();
  urls.push_back(dead_url);
  auto ctx = Coordinator(urls, /*with_udf=*/false, (*cluster)->auth_token());
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  ASSERT_TRUE(ctx->sql("set distributed.max_attempts = 1").ok());
  auto df = ctx->sql(kPlainQuery);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto result = df->collect();
  ASSERT_FALSE(result.ok()) << "a query with a task on a stopped worker must fail";
  const std::string message = result.status().message();
  EXPECT_NE(message.find(dead_url.substr(dead_url.find("127.0.0.1"))), std::string::npos)
      << message;
  EXPECT_NE(message.find("stage"), std::string::npos) << message;
  EXPECT_NE(message.find("worker lost: "), std::string::npos) << message;

  // With retries (the default) the query runs again without the dead worker, and answers.
  ASSERT_TRUE(ctx->sql("set distributed.max_attempts = 3").ok());
  auto retried = ctx->sql(kPlainQuery);
  ASSERT_TRUE(retried.ok());
  auto csv = ToCsv(*retried);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(retried->lost_workers(), std::vector<std::string>{dead_url});
  SessionContext single;
  ASSERT_TRUE(RegisterTpchTables(&single, TpchDir()).ok());
  EXPECT_EQ(*csv, ToCsv(single.sql(kPlainQuery).ValueOrDie()).ValueOrDie());
}

TEST_F(DistributedQueryTest, DeepExpressionsRunOnWorkersAsOnOneNode) {
  // Expressions nested past protobuf's default 100 message levels: a 300-term OR over several
  // columns (not foldable into one IN list), 150 nested calls and a 900-term sum. Each was
  // written by the coordinator and refused by the workers as "cannot parse".
  std::string ors = "select count(*) as n from lineitem where l_orderkey = 0";
  const char* columns[] = {"l_orderkey", "l_partkey", "l_suppkey", "l_linenumber"};
  for (int i = 1; i < 300; ++i) {
    ors += std::string(" or ") + columns[i % 4] + " = " + std::to_string(i);
  }
  std::string calls = "select sum(";
  for (int i = 0; i < 150; ++i) calls += "abs(";
  calls += "l_quantity" + std::string(150, ')') + ") as s from lineitem";
  std::string sums = "select sum(l_quantity";
  for (int i = 0; i < 900; ++i) sums += " + l_quantity";
  sums += ") as s from lineitem";

  auto cluster = LocalCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto distributed =
      Coordinator((*cluster)->urls(), /*with_udf=*/false, (*cluster)->auth_token());
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  SessionContext single;
  ASSERT_TRUE(RegisterTpchTables(&single, TpchDir()).ok());
  for (const std::string& sql : {ors, calls, sums}) {
    SCOPED_TRACE(sql.substr(0, 60));
    auto explain = distributed->sql("EXPLAIN " + sql);
    ASSERT_TRUE(explain.ok()) << explain.status().ToString();
    auto plan_text = ToCsv(*explain);
    ASSERT_TRUE(plan_text.ok());
    EXPECT_NE(plan_text->find("Stage 1"), std::string::npos) << *plan_text;
    auto on_workers = distributed->sql(sql);
    ASSERT_TRUE(on_workers.ok()) << on_workers.status().ToString();
    auto expected = single.sql(sql);
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    auto actual_csv = ToCsv(*on_workers);
    auto expected_csv = ToCsv(*expected);
    ASSERT_TRUE(actual_csv.ok()) << actual_csv.status().ToString();
    ASSERT_TRUE(expected_csv.ok()) << expected_csv.status().ToString();
    EXPECT_TRUE(CsvMatches(*expected_csv, *actual_csv)) << *actual_csv << "\nvs\n"
                                                        << *expected_csv;
  }
}

TEST_F(DistributedQueryTest, EmbeddedWorkersRefuseCoordinatorsWithoutTheirToken) {
  // An embedded cluster makes a random token: another local user who finds the loopback ports
  // cannot run anything on the workers.
  auto cluster = LocalCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  for (const std::string token : {std::string(), std::string("not-the-token")}) {
    SCOPED_TRACE(token.empty() ? "no token" : "wrong token");
    SessionStateBuilder builder;
    builder.with_config(SpreadOverWorkers())
        .with_distributed_planner()
        .with_distributed_worker_resolver(
            std::make_shared<StaticWorkerResolver>((*cluster)->urls()));
    if (!token.empty()) builder.with_distributed_auth_token(token);
    auto state = builder.build();
    ASSERT_TRUE(state.ok());
    SessionContext ctx(*state);
    ASSERT_TRUE(RegisterTpchTables(&ctx, TpchDir()).ok());
    auto df = ctx.sql(kPlainQuery);
    ASSERT_TRUE(df.ok()) << df.status().ToString();
    auto result = df->collect();
    ASSERT_FALSE(result.ok()) << "the workers ran a query without the cluster's token";
    const std::string message = result.status().message();
    EXPECT_NE(message.find("token"), std::string::npos) << message;
    EXPECT_NE(message.find("127.0.0.1:"), std::string::npos) << message;
  }
  // With it, a query whose workers also read each other's stages (a shuffle join): the token
  // is forwarded worker to worker.
  auto ctx = Coordinator((*cluster)->urls(), /*with_udf=*/false, (*cluster)->auth_token());
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  const std::string join =
      "select count(*) as n from lineitem join orders on l_orderkey = o_orderkey";
  ASSERT_TRUE(ctx->sql("set optimizer.hash_join_single_partition_threshold = 0").ok());
  auto plan = ctx->sql("explain " + join);
  ASSERT_TRUE(plan.ok());
  auto plan_text = ToCsv(*plan);
  ASSERT_TRUE(plan_text.ok());
  ASSERT_NE(plan_text->find("NetworkShuffleExec"), std::string::npos) << *plan_text;
  auto joined = ctx->sql(join);
  ASSERT_TRUE(joined.ok());
  auto csv = ToCsv(*joined);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_NE(csv->find("60175"), std::string::npos) << *csv;  // every lineitem row has its order
}

TEST_F(DistributedQueryTest, FiftyConcurrentQueriesAnswerAndLeaveNoTasks) {
  // 50 TPC-H queries at once from one coordinator session on 4 workers (shuffles, broadcasts,
  // subqueries): every answer matches DuckDB's, and afterwards no worker holds a task.
  auto cluster = LocalCluster::Start(4);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ctx = Coordinator((*cluster)->urls(), /*with_udf=*/false, (*cluster)->auth_token());
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  const std::vector<std::string> names = {"q1", "q3", "q5", "q10", "q12", "q14", "q18", "q19"};
  std::vector<std::future<arrow::Result<std::string>>> running;
  for (int i = 0; i < 50; ++i) {
    const std::string name = names[i % names.size()];
    auto run = [&ctx, name]() -> arrow::Result<std::string> {
      ARROW_ASSIGN_OR_RAISE(auto df, ctx->sql(TpchQuery(name)));
      return ToCsv(df);
    };
    running.push_back(std::async(std::launch::async, run));
  }
  for (int i = 0; i < 50; ++i) {
    const std::string name = names[i % names.size()];
    SCOPED_TRACE(name + " #" + std::to_string(i));
    auto csv = running[i].get();
    ASSERT_TRUE(csv.ok()) << csv.status().ToString();
    EXPECT_TRUE(CsvMatches(ExpectedCsv(name), *csv)) << *csv;
  }
  arrow::flight::FlightCallOptions options;
  options.headers.emplace_back("authorization", "Bearer " + (*cluster)->auth_token());
  for (const auto& url : (*cluster)->urls()) {
    SCOPED_TRACE(url);
    auto client = arrow::flight::FlightClient::Connect(
        arrow::flight::Location::Parse(url).ValueOrDie());
    ASSERT_TRUE(client.ok());
    auto results = (*client)->DoAction(options, arrow::flight::Action{kListTasksAction, nullptr});
    ASSERT_TRUE(results.ok()) << results.status().ToString();
    auto listed = (*results)->Next();
    ASSERT_TRUE(listed.ok() && *listed);
    EXPECT_EQ((*listed)->body->ToString(), "[]");
  }
}

TEST_F(DistributedQueryTest, SyntaxErrorNamesLineAndColumn) {
  SessionContext ctx;
  ASSERT_TRUE(RegisterTpchTables(&ctx, TpchDir()).ok());
  auto df = ctx.sql("select l_quantity\nfrom lineitem\nwhere l_quantity <");
  ASSERT_FALSE(df.ok());
  EXPECT_TRUE(df.status().IsInvalid());
  EXPECT_NE(df.status().message().find("line 3, column"), std::string::npos)
      << df.status().message();
}

TEST_F(DistributedQueryTest, ToTableHoldsAggregateResults) {
  auto cluster = LocalCluster::Start(2);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  for (bool distributed : {false, true}) {
    const std::string& token = (*cluster)->auth_token();
    auto ctx = distributed ? Coordinator((*cluster)->urls(), false, token) : [] {
      SessionContext single;
      EXPECT_TRUE(RegisterTpchTables(&single, TpchDir()).ok());
      return arrow::Result<SessionContext>(std::move(single));
    }();
    ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
    auto df = ctx->sql("select count(*) as n, max(n_nationkey) as m from nation");
    ASSERT_TRUE(df.ok()) << df.status().ToString();
    auto table = df->to_table();
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ASSERT_EQ((*table)->num_rows(), 1);
    auto n = (*table)->column(0)->GetScalar(0);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ((*n)->ToString(), "25");
  }
}

TEST_F(DistributedQueryTest, SetChangesTheSessionConfig) {
  SessionContext ctx;
  ASSERT_TRUE(ctx.sql("SET target_partitions = 7").ok());
  EXPECT_EQ(ctx.state().config().target_partitions, 7);
  auto bad = ctx.sql("SET target_partitions = 'many'");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("target_partitions"), std::string::npos);
}

}  // namespace
}  // namespace quiver::testing
