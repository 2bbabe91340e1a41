// Queries over real worker processes that stop answering or stop being wanted: a worker frozen
// with SIGSTOP mid-query fails the query within distributed.worker_timeout_ms, naming the
// worker and stage, instead of hanging it; a worker that is merely slow (computing longer than
// the timeout before its first batch) keeps its query alive with heartbeats; a query cancelled
// mid-flight ends at once and its workers stop computing.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include <arrow/compute/initialize.h>
#include <arrow/flight/client.h>
#include <gtest/gtest.h>

#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>

#include "test_util.h"

extern char** environ;

namespace quiver::testing {
namespace {

// A `quiver worker --port 0` process; its URL is read from what it prints.
class WorkerProcess {
 public:
  WorkerProcess() {
    log_ = ::testing::TempDir() + "quiver_worker_" + std::to_string(::getpid()) + "_" +
           std::to_string(counter_++) + ".log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const char* argv[] = {QUIVER_BINARY, "worker", "--port", "0", nullptr};
    if (posix_spawn(&pid_, QUIVER_BINARY, &actions, nullptr, const_cast<char**>(argv),
                    environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    const std::regex listening("listening on (grpc\\+tcp://127\\.0\\.0\\.1:[0-9]+)");
    for (int i = 0; i < 200 && pid_ > 0 && url_.empty(); ++i) {
      std::smatch m;
      std::string text = ReadText(log_);
      if (std::regex_search(text, m, listening)) url_ = m[1];
      if (url_.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~WorkerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGCONT);
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::remove(log_.c_str());
  }
  const std::string& url() const { return url_; }
  /// CPU time the process used so far, in clock ticks (user + system).
  int64_t cpu_ticks() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    int64_t utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stoll(field);
      if (i == 15) stime = std::stoll(field);
    }
    return utime + stime;
  }
  void Stop() { ::kill(pid_, SIGSTOP); }
  /// The worker's answer to quiver.list_tasks (a JSON array), or the error.
  arrow::Result<std::string> ListTasks() const {
    ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::Parse(url_));
    ARROW_ASSIGN_OR_RAISE(auto client, arrow::flight::FlightClient::Connect(location));
    ARROW_ASSIGN_OR_RAISE(auto results,
                          client->DoAction(arrow::flight::Action{kListTasksAction, nullptr}));
    ARROW_ASSIGN_OR_RAISE(auto result, results->Next());
    if (!result) return arrow::Status::Invalid("no answer to ", kListTasksAction);
    return result->body->ToString();
  }
  void Kill() { ::kill(pid_, SIGKILL); }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  std::string log_;
  std::string url_;
};

// A nested-loop join whose workers compute for seconds before their first (only) batch.
constexpr const char* kSlowQuery =
    "select count(*) as n from lineitem a join orders b on a.l_partkey + b.o_custkey < 1000";

arrow::Result<SessionContext> Coordinator(const std::vector<std::string>& urls,
                                          int64_t timeout_ms, int64_t max_attempts = 3) {
  SessionStateBuilder builder;
  builder.with_config(SpreadOverWorkers())
      .with_distributed_planner()
      .with_distributed_worker_resolver(std::make_shared<StaticWorkerResolver>(urls));
  ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
  SessionContext ctx(std::move(state));
  ARROW_RETURN_NOT_OK(RegisterTpchTables(&ctx, TpchDir()));
  ARROW_RETURN_NOT_OK(
      ctx.sql("set distributed.worker_timeout_ms = " + std::to_string(timeout_ms)).status());
  ARROW_RETURN_NOT_OK(
      ctx.sql("set distributed.max_attempts = " + std::to_string(max_attempts)).status());
  return ctx;
}

class HungWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
    ASSERT_FALSE(first_.url().empty()) << "worker process did not start";
    ASSERT_FALSE(second_.url().empty()) << "worker process did not start";
  }
  WorkerProcess first_;
  WorkerProcess second_;
};

TEST_F(HungWorkerTest, StoppedWorkerFailsTheQueryWithinTheTimeoutNamingIt) {
  // No retry: the failure itself is what this checks.
  auto ctx = Coordinator({first_.url(), second_.url()}, 1000, /*max_attempts=*/1);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  auto plan = ctx->sql(std::string("explain ") + kSlowQuery);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto plan_text = ToCsv(*plan);
  ASSERT_TRUE(plan_text.ok());
  ASSERT_NE(plan_text->find("Stage 1"), std::string::npos) << *plan_text;

  auto df = ctx->sql(kSlowQuery);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  const auto start = std::chrono::steady_clock::now();
  auto result = std::async(std::launch::async, [&] { return df->collect(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  first_.Stop();
  second_.Stop();
  // Timeout (1 s) + the release of the query on the stopped workers (bounded at 2 s) + slack.
  const auto ready = result.wait_for(std::chrono::seconds(20));
  if (ready != std::future_status::ready) {
    // End the hung query (a killed worker's connection resets) so the test itself can end.
    first_.Kill();
    second_.Kill();
  }
  ASSERT_EQ(ready, std::future_status::ready) << "the query hung on stopped workers";
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto batches = result.get();
  ASSERT_FALSE(batches.ok()) << "a query whose workers are stopped cannot answer";
  const std::string message = batches.status().message();
  EXPECT_NE(message.find("not answering"), std::string::npos) << message;
  EXPECT_NE(message.find("stage"), std::string::npos) << message;
  const bool names_worker = message.find(first_.url()) != std::string::npos ||
                            message.find(second_.url()) != std::string::npos;
  EXPECT_TRUE(names_worker) << message;
  EXPECT_LT(seconds, 10.0) << message;
}

// The query over two workers where one is frozen or killed mid-query: the attempt fails on
// it, the query runs again on the other and answers as one node does, naming the lost one.
void ExpectRetriedAroundLostWorker(WorkerProcess* lost, WorkerProcess* kept, bool kill) {
  auto ctx = Coordinator({lost->url(), kept->url()}, 1000);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  // Killed: a query that keeps the workers busy for seconds, so the kill lands mid-query.
  const std::string sql = kill ? std::string(kSlowQuery)
                               : "select l_returnflag, count(*) as n, sum(l_quantity) as q "
                                 "from lineitem join orders on l_orderkey = o_orderkey "
                                 "group by l_returnflag order by l_returnflag";
  auto df = ctx->sql(sql);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto result = std::async(std::launch::async, [&] { return ToCsv(*df); });
  std::this_thread::sleep_for(std::chrono::milliseconds(kill ? 500 : 20));
  if (kill) {
    lost->Kill();
  } else {
    lost->Stop();
  }
  ASSERT_EQ(result.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto csv = result.get();
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  SessionContext single;
  ASSERT_TRUE(RegisterTpchTables(&single, TpchDir()).ok());
  auto expected = ToCsv(single.sql(sql).ValueOrDie());
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*csv, *expected);
  // It did lose the worker (the signal came before the end), and says so.
  ASSERT_EQ(df->lost_workers(), std::vector<std::string>{lost->url()});
}

TEST_F(HungWorkerTest, AQueryThatLosesAFrozenWorkerRunsAgainOnTheOthers) {
  // A worker frozen before the query's first call: registration waits out the 1 s timeout.
  first_.Stop();
  ExpectRetriedAroundLostWorker(&first_, &second_, /*kill=*/false);
}

TEST_F(HungWorkerTest, AQueryThatLosesAKilledWorkerMidQueryRunsAgainOnTheOthers) {
  ExpectRetriedAroundLostWorker(&first_, &second_, /*kill=*/true);
}

TEST_F(HungWorkerTest, SlowWorkerStaysAliveWithHeartbeats) {
  // The workers compute for about a second before sending anything; a 200 ms timeout holds
  // because they send heartbeats meanwhile.
  auto ctx = Coordinator({first_.url(), second_.url()}, 200);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  auto df = ctx->sql(kSlowQuery);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  const auto start = std::chrono::steady_clock::now();
  auto csv = ToCsv(*df);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  // The row count of the join, as the single-node engine computes it.
  SessionContext single;
  ASSERT_TRUE(RegisterTpchTables(&single, TpchDir()).ok());
  auto expected = single.sql(kSlowQuery);
  ASSERT_TRUE(expected.ok());
  auto expected_csv = ToCsv(*expected);
  ASSERT_TRUE(expected_csv.ok());
  EXPECT_EQ(*csv, *expected_csv);
  // Otherwise this checks nothing: the workers must have been quiet for longer than 200 ms.
  EXPECT_GT(seconds, 0.6) << "the query ran too fast to need heartbeats";
}

TEST_F(HungWorkerTest, CancelledQueryStopsItsWorkersWithinASecond) {
  // The query is cancelled mid-flight (as SIGINT does in `quiver query`): it ends at once with
  // Cancelled, and the workers stop computing instead of finishing a query nobody reads.
  auto ctx = Coordinator({first_.url(), second_.url()}, 30000);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  auto df = ctx->sql(
      "select count(*) as n from lineitem a join orders b on a.l_partkey + b.o_custkey < 100000");
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  arrow::StopSource stop;
  auto result = std::async(std::launch::async, [&] { return df->collect(stop.token()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  ASSERT_EQ(result.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the query ended before it could be cancelled: make it slower";
  auto busy_first = first_.ListTasks(), busy_second = second_.ListTasks();
  ASSERT_TRUE(busy_first.ok() && busy_second.ok()) << busy_first.status().ToString();
  EXPECT_NE(*busy_first + *busy_second, "[][]") << "no worker lists the running query's tasks";
  const auto cancelled_at = std::chrono::steady_clock::now();
  stop.RequestStop();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelled_at).count();
  auto batches = result.get();
  ASSERT_FALSE(batches.ok());
  EXPECT_TRUE(batches.status().IsCancelled()) << batches.status().ToString();
  EXPECT_LT(seconds, 2.0);
  // Within a second the workers have dropped the tasks: over the next second they use almost
  // no CPU (computing on, each would use about a core: ~100 ticks).
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int64_t first_before = first_.cpu_ticks(), second_before = second_.cpu_ticks();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_LT(first_.cpu_ticks() - first_before, 20);
  EXPECT_LT(second_.cpu_ticks() - second_before, 20);
  // And they hold nothing of it.
  EXPECT_EQ(first_.ListTasks().ValueOr("?"), "[]");
  EXPECT_EQ(second_.ListTasks().ValueOr("?"), "[]");
}

}  // namespace
}  // namespace quiver::testing
