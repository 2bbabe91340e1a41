// Distributed joins on real loopback workers (LocalCluster): broadcast and shuffle joins over
// in-memory and Parquet tables give the single-node answer, a broadcast computes its build side
// once per producer task however many tasks read it, a dead worker fails the query naming it,
// and distributed.require_distribution refuses plans that stay on the coordinator.
#include <array>
#include <atomic>
#include <memory>
#include <sstream>

#include <arrow/io/memory.h>
#include <arrow/ipc/api.h>
#include <gtest/gtest.h>

#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/splittable_scan.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/stage.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/proto/physical_extension_codec.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>
#include <quiver/worker/local_cluster.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

// ---- A leaf that counts its executions in this process: the coordinator and the workers of a
// LocalCluster share the counters, so a test sees how often each partition really ran.

constexpr int kMaxPartitions = 8;
std::array<std::atomic<int>, kMaxPartitions> g_executions;

void ResetExecutions() {
  for (auto& e : g_executions) e = 0;
}

std::vector<int> Executions(int partitions) {
  std::vector<int> out;
  for (int p = 0; p < partitions; ++p) out.push_back(g_executions[p].load());
  return out;
}

/// A splittable in-memory leaf: its units are its batches (task t of T keeps batch i when
/// i % T == t), its statistics its batches' buffer bytes, and every execute(p) bumps
/// g_executions[p].
class CountingSourceExec : public BatchSourceExec, public SplittableScan {
 public:
  CountingSourceExec(std::shared_ptr<arrow::Schema> schema, Partitions partitions)
      : BatchSourceExec(schema, partitions), parts_(std::move(partitions)) {}

  const Partitions& parts() const { return parts_; }
  std::string_view name() const override { return "CountingSourceExec"; }
  Statistics statistics() const override {
    Statistics s;
    int64_t rows = 0, bytes = 0;
    for (const auto& p : parts_) {
      for (const auto& b : p) {
        rows += b->num_rows();
        for (const auto& c : b->columns()) {
          for (const auto& buffer : c->data()->buffers) bytes += buffer ? buffer->size() : 0;
        }
      }
    }
    s.num_rows = rows;
    s.total_byte_size = bytes;
    return s;
  }
  arrow::Result<ExecutionPlanPtr> with_new_children(std::vector<ExecutionPlanPtr>) const override {
    return std::make_shared<CountingSourceExec>(schema(), parts_);
  }
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override {
    if (partition >= 0 && partition < kMaxPartitions) ++g_executions[partition];
    return BatchSourceExec::execute(partition, ctx);
  }
  std::string to_string() const override {
    return "CountingSourceExec: partitions=" + std::to_string(parts_.size());
  }

  int scan_unit_count() const override {
    int n = 0;
    for (const auto& p : parts_) n += static_cast<int>(p.size());
    return n;
  }
  arrow::Result<ExecutionPlanPtr> slice_for_task(int task_index, int task_count) const override {
    Partitions sliced(parts_.size());
    int unit = 0;
    for (size_t p = 0; p < parts_.size(); ++p) {
      for (const auto& b : parts_[p]) {
        if (unit++ % task_count == task_index) sliced[p].push_back(b);
      }
    }
    return std::make_shared<CountingSourceExec>(schema(), std::move(sliced));
  }

 private:
  Partitions parts_;
};

/// Carries CountingSourceExec to the workers (batches as IPC streams in a MemoryExecNode).
class CountingCodec : public PhysicalExtensionCodec {
 public:
  arrow::Status try_encode(const ExecutionPlanPtr& node, std::string* name,
                           std::string* payload) const override {
    auto* source = dynamic_cast<const CountingSourceExec*>(node.get());
    if (!source) return PhysicalExtensionCodec::try_encode(node, name, payload);
    proto::MemoryExecNode msg;
    ARROW_ASSIGN_OR_RAISE(auto schema, SerializeSchemaBytes(*source->schema()));
    msg.set_schema(schema);
    for (const auto& partition : source->parts()) {
      auto* part = msg.add_partitions();
      for (const auto& batch : partition) {
        ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
        ARROW_ASSIGN_OR_RAISE(auto writer, arrow::ipc::MakeStreamWriter(sink, batch->schema()));
        ARROW_RETURN_NOT_OK(writer->WriteRecordBatch(*batch));
        ARROW_RETURN_NOT_OK(writer->Close());
        ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());
        part->add_batches(buffer->ToString());
      }
    }
    *name = "CountingSourceExec";
    *payload = msg.SerializeAsString();
    return arrow::Status::OK();
  }

  arrow::Result<ExecutionPlanPtr> try_decode(const std::string& name, std::string_view payload,
                                             std::vector<ExecutionPlanPtr> inputs,
                                             const FunctionRegistry& functions) const override {
    if (name != "CountingSourceExec") {
      return PhysicalExtensionCodec::try_decode(name, payload, std::move(inputs), functions);
    }
    proto::MemoryExecNode msg;
    if (!msg.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return arrow::Status::Invalid("bad CountingSourceExec payload");
    }
    ARROW_ASSIGN_OR_RAISE(auto schema, DeserializeSchemaBytes(msg.schema()));
    BatchSourceExec::Partitions partitions;
    for (const auto& part : msg.partitions()) {
      partitions.emplace_back();
      for (const auto& bytes : part.batches()) {
        auto input = std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(bytes));
        ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(input));
        std::shared_ptr<arrow::RecordBatch> batch;
        ARROW_RETURN_NOT_OK(reader->ReadNext(&batch));
        if (!batch) return arrow::Status::Invalid("empty batch payload");
        partitions.back().push_back(batch);
      }
    }
    return std::make_shared<CountingSourceExec>(schema, std::move(partitions));
  }
};

// ---- Fixture tables. probe(k int64, v int64): 600 rows in 6 batches, row i = (i % 10, i).
// build(k int64, name utf8): 10 rows (k, "n<k>") in 2 batches, plus k = 99 that matches nothing.
// So each build key k matches 60 probe rows whose v sum to sum_{j<60} (10 j + k) = 17700 + 60 k.

std::shared_ptr<arrow::Schema> ProbeSchema() {
  return arrow::schema({arrow::field("k", arrow::int64()), arrow::field("v", arrow::int64())});
}
std::shared_ptr<arrow::Schema> BuildSchema() {
  return arrow::schema({arrow::field("k", arrow::int64()), arrow::field("name", arrow::utf8())});
}

std::vector<std::shared_ptr<arrow::RecordBatch>> ProbeBatches() {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  for (int b = 0; b < 6; ++b) {
    std::ostringstream k, v;
    k << "[";
    v << "[";
    for (int i = b * 100; i < (b + 1) * 100; ++i) {
      k << (i > b * 100 ? ", " : "") << i % 10;
      v << (i > b * 100 ? ", " : "") << i;
    }
    k << "]";
    v << "]";
    batches.push_back(MakeBatch(ProbeSchema(), {k.str(), v.str()}));
  }
  return batches;
}

std::vector<std::shared_ptr<arrow::RecordBatch>> BuildBatches() {
  return {MakeBatch(BuildSchema(),
                    {"[0, 1, 2, 3, 4, 99]", R"(["n0", "n1", "n2", "n3", "n4", "none"])"}),
          MakeBatch(BuildSchema(), {"[5, 6, 7, 8, 9]", R"(["n5", "n6", "n7", "n8", "n9"])"})};
}

// The answer of kFixtureJoin, by hand (see above).
std::string FixtureJoinAnswer() {
  std::string out = "name,n,total\n";
  for (int k = 0; k < 10; ++k) {
    out += "n" + std::to_string(k) + ",60," + std::to_string(17700 + 60 * k) + "\n";
  }
  return out;
}

constexpr const char* kFixtureJoin =
    "select b.name, count(*) as n, sum(p.v) as total from probe p join build b on p.k = b.k "
    "group by b.name order by b.name";

// Every customer has a nation: the counts add up to the 1500 customers of SF0.01.
constexpr const char* kTpchBroadcastJoin =
    "select n_name, count(*) as customers, sum(c_acctbal) as balance from customer join nation "
    "on c_nationkey = n_nationkey group by n_name order by n_name";
// Every line item has an order: the counts add up to the 60175 line items of SF0.01.
constexpr const char* kTpchShuffleJoin =
    "select o_orderpriority, count(*) as items, sum(l_quantity) as quantity from orders join "
    "lineitem on o_orderkey = l_orderkey group by o_orderpriority order by o_orderpriority";

class DistributedJoinTest : public ::testing::Test {
 protected:
  static constexpr int kWorkers = 4;

  static void SetUpTestSuite() {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    auto cluster = LocalCluster::Start(kWorkers);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(cluster).ValueOrDie();
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
  }

  // Tables: probe and build (in memory) and the TPC-H tables (Parquet).
  static arrow::Status RegisterTables(SessionContext* ctx) {
    ARROW_RETURN_NOT_OK(ctx->register_batches("probe", ProbeBatches()));
    ARROW_RETURN_NOT_OK(ctx->register_batches("build", BuildBatches()));
    return RegisterTpchTables(ctx, TpchDir());
  }

  static SessionContext SingleNode() {
    SessionContext ctx;
    EXPECT_TRUE(RegisterTables(&ctx).ok());
    return ctx;
  }

  static SessionContext Distributed(std::vector<std::string> urls) {
    auto state = SessionStateBuilder()
                     .with_config(SpreadOverWorkers())
                     .with_distributed_planner()
                     .with_distributed_worker_resolver(
                         std::make_shared<StaticWorkerResolver>(std::move(urls)))
                     .with_distributed_auth_token(cluster_->auth_token())
                     .build();
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    SessionContext ctx(*state);
    EXPECT_TRUE(RegisterTables(&ctx).ok());
    return ctx;
  }
  static SessionContext Distributed() { return Distributed(cluster_->urls()); }

  // The query's result as CSV, or the error text.
  static std::string Run(SessionContext& ctx, const std::string& sql) {
    auto df = ctx.sql(sql);
    if (!df.ok()) return "error: " + df.status().ToString();
    auto csv = ToCsv(*df);
    return csv.ok() ? *csv : "error: " + csv.status().ToString();
  }

  // Runs `settings` (SET statements, may be empty) on both sessions, checks EXPLAIN of `sql` on
  // the distributed one with `check_explain`, and expects both results to match each other.
  static std::string RunBothWays(const std::string& settings, const std::string& sql,
                                 const std::function<void(const std::string&)>& check_explain) {
    SessionContext single = SingleNode();
    SessionContext distributed = Distributed();
    if (!settings.empty()) {
      EXPECT_TRUE(single.sql(settings).ok());
      EXPECT_TRUE(distributed.sql(settings).ok());
    }
    check_explain(Run(distributed, "EXPLAIN " + sql));
    const std::string expected = Run(single, sql);
    const std::string actual = Run(distributed, sql);
    EXPECT_TRUE(CsvMatches(expected, actual)) << expected << "\nvs\n" << actual;
    return actual;
  }

  static inline std::unique_ptr<LocalCluster> cluster_;
};

// Every stage header of an EXPLAIN names its boundary kind (or the coordinator) and its tasks.
void ExpectStageHeadersNameKindAndTasks(const std::string& explain) {
  std::istringstream lines(explain);
  std::string line;
  int stages = 0;
  while (std::getline(lines, line)) {
    auto at = line.find("┌── Stage ");
    if (at == std::string::npos) continue;
    ++stages;
    const bool kind = line.find("(coordinator, 1 task)") != std::string::npos ||
                      line.find("(shuffle, ") != std::string::npos ||
                      line.find("(broadcast, ") != std::string::npos ||
                      line.find("(coalesce, ") != std::string::npos;
    EXPECT_TRUE(kind) << line;
    EXPECT_NE(line.find(" task"), std::string::npos) << line;
  }
  EXPECT_GE(stages, 3) << explain;
}

int CountOf(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Sum of column `column` over the CSV rows (header skipped).
double SumColumn(const std::string& csv, size_t column) {
  double sum = 0;
  auto rows = ParseCsv(csv);
  for (size_t r = 1; r < rows.size(); ++r) {
    if (column < rows[r].size()) sum += std::stod(rows[r][column]);
  }
  return sum;
}

TEST_F(DistributedJoinTest, BroadcastJoinOfMemoryTablesEqualsSingleNode) {
  auto actual = RunBothWays("", kFixtureJoin, [](const std::string& explain) {
    EXPECT_NE(explain.find("HashJoinExec: mode=CollectLeft"), std::string::npos) << explain;
    EXPECT_NE(explain.find("(broadcast, "), std::string::npos) << explain;
    EXPECT_NE(explain.find("NetworkBroadcastExec"), std::string::npos) << explain;
    EXPECT_NE(explain.find("BroadcastExec: input_partitions="), std::string::npos) << explain;
    ExpectStageHeadersNameKindAndTasks(explain);
  });
  EXPECT_TRUE(CsvMatches(FixtureJoinAnswer(), actual)) << actual;
}

TEST_F(DistributedJoinTest, ShuffleJoinOfMemoryTablesEqualsSingleNode) {
  auto actual = RunBothWays(
      "SET distributed.broadcast_joins = false", kFixtureJoin, [](const std::string& explain) {
        EXPECT_NE(explain.find("HashJoinExec: mode=Partitioned"), std::string::npos) << explain;
        EXPECT_EQ(explain.find("(broadcast, "), std::string::npos) << explain;
        // Both join inputs arrive through shuffles (plus the aggregate's own).
        EXPECT_GE(CountOf(explain, "(shuffle, "), 2) << explain;
        ExpectStageHeadersNameKindAndTasks(explain);
      });
  EXPECT_TRUE(CsvMatches(FixtureJoinAnswer(), actual)) << actual;
}

TEST_F(DistributedJoinTest, BroadcastJoinOverParquetEqualsSingleNode) {
  auto actual = RunBothWays("", kTpchBroadcastJoin, [](const std::string& explain) {
    EXPECT_NE(explain.find("HashJoinExec: mode=CollectLeft"), std::string::npos) << explain;
    EXPECT_NE(explain.find("(broadcast, "), std::string::npos) << explain;
    ExpectStageHeadersNameKindAndTasks(explain);
  });
  EXPECT_EQ(ParseCsv(actual).size(), 26u) << actual;  // header + 25 nations
  EXPECT_EQ(SumColumn(actual, 1), 1500) << actual;
}

TEST_F(DistributedJoinTest, ShuffleJoinOverParquetEqualsSingleNode) {
  auto actual = RunBothWays(
      "SET distributed.broadcast_joins = false", kTpchShuffleJoin, [](const std::string& explain) {
        EXPECT_NE(explain.find("HashJoinExec: mode=Partitioned"), std::string::npos) << explain;
        EXPECT_GE(CountOf(explain, "(shuffle, "), 2) << explain;
        ExpectStageHeadersNameKindAndTasks(explain);
      });
  EXPECT_EQ(ParseCsv(actual).size(), 6u) << actual;  // header + 5 priorities
  EXPECT_EQ(SumColumn(actual, 1), 60175) << actual;
}

TEST_F(DistributedJoinTest, BroadcastComputesEachBuildPartitionOncePerProducerTask) {
  // Build: a counting leaf of 2 partitions × 1 batch (2 units: 2 producer tasks); probe: the
  // 6-batch scan (4 consumer tasks on 4 workers). Every consumer task reads the whole build
  // side, yet each producer task runs each of its partitions once: 2 executions per partition,
  // not 2 × 4.
  auto codec = std::make_shared<CountingCodec>();
  auto worker =
      Worker::from_session_builder([codec](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
        return ctx.builder.with_physical_extension_codec(codec).build();
      });
  auto cluster = LocalCluster::Start(kWorkers, worker);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();

  auto batches = BuildBatches();
  auto make = [&] {
    auto build = std::make_shared<CountingSourceExec>(
        BuildSchema(), BatchSourceExec::Partitions{{batches[0]}, {batches[1]}});
    MemoryExec::Partitions probe_parts(2);
    auto probe_batches = ProbeBatches();
    for (size_t i = 0; i < probe_batches.size(); ++i)
      probe_parts[i % 2].push_back(probe_batches[i]);
    auto probe = MemoryExec::Make(ProbeSchema(), probe_parts).ValueOrDie();
    return HashJoinExec::Make(std::make_shared<CoalescePartitionsExec>(build), probe,
                              {{Col("k", 0), Col("k", 0)}}, std::nullopt, JoinType::kInner,
                              PartitionMode::kCollectLeft)
        .ValueOrDie();
  };
  auto planned = DistributedPlanner::plan(make(), (*cluster)->urls(), SpreadOverWorkers(), codec);
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  const std::string text = DisplayDistributedPlan(*planned);
  ASSERT_NE(text.find("(broadcast, 2 tasks, 8 partitions per task)"), std::string::npos) << text;
  ASSERT_NE(text.find("BroadcastExec: input_partitions=2, consumers=4"), std::string::npos) << text;
  ASSERT_NE(text.find("(coalesce, 4 tasks"), std::string::npos) << text;

  auto ctx = std::make_shared<TaskContext>(SpreadOverWorkers(), FunctionRegistry::MakeDefault());
  ctx->set_extension<PhysicalExtensionCodec>(codec);
  auto token = std::make_shared<PassthroughHeaders>();
  token->headers = {{"authorization", "Bearer " + (*cluster)->auth_token()}};
  ctx->set_extension<PassthroughHeaders>(token);
  ResetExecutions();
  auto distributed = SortedTable(CollectTable(planned->plan, ctx));
  const auto executions = Executions(2);
  auto local = SortedTable(CollectTable(make(), ctx));
  ASSERT_TRUE(distributed && local);
  EXPECT_EQ(distributed->num_rows(), 600);  // every probe row has one build match
  EXPECT_TRUE(local->Equals(*distributed)) << local->ToString() << distributed->ToString();
  EXPECT_EQ(executions, (std::vector<int>{2, 2})) << text;
}

TEST_F(DistributedJoinTest, DeadWorkerFailsTheJoinNamingItOrIsRunAroundOnRetry) {
  testing::RefusingPort refusing;  // where nothing listens
  ASSERT_FALSE(refusing.url().empty());
  const std::string dead = refusing.url();
  // The dead worker first: the first stage planned puts a task on it.
  std::vector<std::string> urls = {dead};
  for (const auto& url : cluster_->urls()) urls.push_back(url);
  SessionContext ctx = Distributed(urls);
  ASSERT_TRUE(ctx.sql("SET distributed.max_attempts = 1").ok());
  auto df = ctx.sql(kTpchBroadcastJoin);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto result = df->collect();
  ASSERT_FALSE(result.ok()) << "a join with a task on a stopped worker must fail";
  const std::string message = result.status().message();
  EXPECT_NE(message.find("worker " + dead + " failed stage "), std::string::npos) << message;

  // Retried (the default), the join runs again on the live workers and answers.
  ASSERT_TRUE(ctx.sql("SET distributed.max_attempts = 3").ok());
  auto retried = ctx.sql(kTpchBroadcastJoin);
  ASSERT_TRUE(retried.ok());
  SessionContext single = SingleNode();
  EXPECT_EQ(Run(ctx, kTpchBroadcastJoin), Run(single, kTpchBroadcastJoin));
  auto again = retried->collect();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(retried->lost_workers(), std::vector<std::string>{dead});
}

TEST_F(DistributedJoinTest, RequireDistributionRefusesAPlanLeftOnTheCoordinator) {
  // A one-batch table scans as one partition with no exchange: nothing to distribute.
  SessionContext ctx = Distributed();
  ASSERT_TRUE(ctx.register_batches("one", {BuildBatches()[0]}).ok());
  const std::string one = "select k, name from one where k = 99";
  EXPECT_EQ(Run(ctx, one), "k,name\n99,none\n");  // runs on the coordinator alone
  ASSERT_TRUE(ctx.sql("SET distributed.require_distribution = true").ok());
  auto df = ctx.sql(one);
  arrow::Status st = df.status();
  if (st.ok()) st = df->collect().status();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cannot be distributed"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("distributed.require_distribution"), std::string::npos)
      << st.ToString();
  // A join does distribute, so it still runs.
  EXPECT_TRUE(CsvMatches(FixtureJoinAnswer(), Run(ctx, kFixtureJoin)));

  // No workers at all: the reason is named.
  SessionContext none = Distributed({});
  ASSERT_TRUE(none.sql("SET distributed.require_distribution = true").ok());
  auto refused = none.sql(kFixtureJoin);
  arrow::Status refused_st = refused.status();
  if (refused_st.ok()) refused_st = refused->collect().status();
  ASSERT_FALSE(refused_st.ok());
  EXPECT_NE(refused_st.message().find("no workers"), std::string::npos) << refused_st.ToString();
}

}  // namespace
}  // namespace quiver::testing
