#include <arrow/api.h>
#include <arrow/flight/api.h>
#include <arrow/util/align_util.h>
#include <gtest/gtest.h>
#include <quiver/datasource/datasource_test_util.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/distributed_exec.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/stage.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/task_ticket.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/expressions/scalar_function_expr.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/projection/projection_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/testing/batch_source_codec.h>
#include <quiver/worker/worker.h>
#include <quiver/worker/worker_service.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

namespace quiver {
namespace {

using testing::Col;
using testing::MakeAggregate;
using testing::MakeBatch;

/// A worker serving on 127.0.0.1 at a port the OS picked.
struct RunningWorker {
  std::unique_ptr<arrow::flight::FlightServerBase> server;
  std::string url;

  explicit RunningWorker(const Worker& worker) : server(worker.into_flight_server()) {
    auto location = arrow::flight::Location::ForGrpcTcp("127.0.0.1", 0).ValueOrDie();
    auto st = server->Init(arrow::flight::FlightServerOptions(location));
    EXPECT_TRUE(st.ok()) << st.ToString();
    url = "grpc://127.0.0.1:" + std::to_string(server->port());
  }
  ~RunningWorker() { (void)server->Shutdown(); }
  WorkerService* service() { return static_cast<WorkerService*>(server.get()); }
};

std::shared_ptr<ScalarFunction> TimesTen() {
  return ScalarUDF::Make("times_ten", arrow::int64(),
                         [](const std::vector<arrow::Datum>& args, int64_t) {
                           return arrow::compute::Multiply(args[0], arrow::MakeScalar(int64_t{10}));
                         });
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    functions_ = FunctionRegistry::MakeDefault();
    schema_ = arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
    MemoryExec::Partitions partitions(2);
    for (int i = 0; i < 6; ++i) {
      partitions[i % 2].push_back(MakeBatch(
          schema_, {R"(["a", "b", "c", "a", "d"])", "[" + std::to_string(i) + ", 1, 2, 3, 4]"}));
    }
    scan_ = MemoryExec::Make(schema_, partitions).ValueOrDie();
    ctx_ = std::make_shared<TaskContext>(SessionConfig{}, functions_);
  }

  std::vector<AggregateExpr> Aggs() {
    return {MakeAggregate(*functions_, "sum", {Col("v", 1)}, {arrow::int64()}, "sum(v)"),
            MakeAggregate(*functions_, "count", {Col("v", 1)}, {arrow::int64()}, "count(v)")};
  }

  ExecutionPlanPtr Partial(ExecutionPlanPtr input) {
    return HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}}, Aggs(), input)
        .ValueOrDie();
  }

  // `plan` as stage 1, run by `urls`, read back through a NetworkCoalesceExec under a
  // DistributedExec (which registers the stage with the workers, then releases the query).
  ExecutionPlanPtr Remote(ExecutionPlanPtr plan, std::vector<std::string> urls) {
    Stage stage = StageOf(NewQueryId(), 1, urls, plan);
    auto head = NetworkCoalesceExec::Make(plan)->with_stage(stage);
    return std::make_shared<DistributedExec>(head, stage.query_id,
                                             std::vector<StagePlan>{Registered(stage)});
  }

  // Stage `id` of `query`: `plan` run by `urls`, each task giving all of `plan`'s partitions.
  static Stage StageOf(std::string query, int id, std::vector<std::string> urls,
                       ExecutionPlanPtr plan) {
    Stage stage;
    stage.query_id = std::move(query);
    stage.stage_id = id;
    stage.task_urls = std::move(urls);
    stage.partitions_per_task = plan->output_partition_count();
    stage.plan = std::move(plan);
    return stage;
  }

  // What a DistributedExec registers for `stage`: its plan serialized once.
  StagePlan Registered(const Stage& stage) {
    DistributedCodec codec(ctx_->extension<PhysicalExtensionCodec>());
    StagePlan registered;
    registered.stage_id = stage.stage_id;
    registered.task_urls = stage.task_urls;
    registered.plan = stage.plan;
    registered.bytes =
        std::make_shared<const std::string>(SerializePlan(stage.plan, &codec).ValueOrDie());
    return registered;
  }

  std::shared_ptr<FunctionRegistry> functions_;
  std::shared_ptr<arrow::Schema> schema_;
  ExecutionPlanPtr scan_;
  TaskContextPtr ctx_;
};

TEST_F(WorkerTest, PartialAggregateStageStreamsCorrectResults) {
  RunningWorker w0{Worker()}, w1{Worker()};
  auto partial = Partial(scan_);
  auto expected = testing::SortedTable(testing::CollectTable(partial, ctx_));
  // One task: the whole scan on one worker.
  auto one = testing::SortedTable(testing::CollectTable(Remote(partial, {w0.url}), ctx_));
  ASSERT_TRUE(expected && one);
  EXPECT_TRUE(expected->Equals(*one)) << expected->ToString() << one->ToString();
  // Two tasks, each a slice of the scan: the partial states differ, a final aggregate over
  // them does not.
  auto final_of = [&](ExecutionPlanPtr input) {
    return HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, Aggs(),
                                   std::make_shared<CoalescePartitionsExec>(input))
        .ValueOrDie();
  };
  auto local = testing::SortedTable(testing::CollectTable(final_of(partial), ctx_));
  auto two = testing::SortedTable(
      testing::CollectTable(final_of(Remote(partial, {w0.url, w1.url})), ctx_));
  ASSERT_TRUE(local && two);
  EXPECT_TRUE(local->Equals(*two)) << local->ToString() << two->ToString();
  // Every partition was consumed: the workers forgot the tasks.
  EXPECT_EQ(w0.service()->task_count(), 0u);
  EXPECT_EQ(w1.service()->task_count(), 0u);
}

TEST_F(WorkerTest, BatchesFromWorkersAreAlignedForTheirTypes) {
  // gRPC hands the IPC body over at whatever address it landed in its slice; the engine's typed
  // loops (accumulators, the merge's row comparator) read values through typed pointers, which
  // is undefined behaviour (UBSan: "load of misaligned address") unless buffers are aligned.
  RunningWorker w{Worker()};
  auto batches = CollectPlan(Remote(scan_, {w.url}), ctx_);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  int64_t rows = 0;
  for (const auto& batch : *batches) {
    rows += batch->num_rows();
    for (int c = 0; c < batch->num_columns(); ++c) {
      EXPECT_TRUE(arrow::util::CheckAlignment(*batch->column(c), arrow::util::kValueAlignment))
          << "column " << batch->schema()->field(c)->name();
    }
  }
  EXPECT_EQ(rows, 30);
}

TEST_F(WorkerTest, GarbageTicketIsInvalidAndTheWorkerKeepsServing) {
  RunningWorker w{Worker()};
  auto location = arrow::flight::Location::Parse(w.url).ValueOrDie();
  auto client = arrow::flight::FlightClient::Connect(location).ValueOrDie();
  auto stream = client->DoGet(arrow::flight::Ticket{"not a ticket"});
  arrow::Status st = stream.status();
  if (st.ok()) st = (*stream)->ToTable().status();
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("bad task ticket"), std::string::npos) << st.ToString();

  auto actions = client->ListActions();
  ASSERT_TRUE(actions.ok());
  std::vector<std::string> types;
  for (const auto& a : *actions) types.push_back(a.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"health", "quiver.register_stage", "quiver.release_query",
                                      "quiver.list_tasks"}));
  auto bad_registration = client->DoAction(
      arrow::flight::Action{"quiver.register_stage", arrow::Buffer::FromString("junk")});
  arrow::Status bad_st = bad_registration.status();
  if (bad_st.ok()) bad_st = (*bad_registration)->Next().status();
  EXPECT_TRUE(bad_st.IsInvalid()) << bad_st.ToString();
  auto results = client->DoAction(arrow::flight::Action{"health", nullptr});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  auto first = (*results)->Next().ValueOrDie();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->body->ToString(), "ok");
  auto unknown = client->DoAction(arrow::flight::Action{"nope", nullptr});
  arrow::Status unknown_st = unknown.status();
  if (unknown_st.ok()) unknown_st = (*unknown)->Next().status();  // errors may come lazily
  EXPECT_TRUE(unknown_st.IsNotImplemented()) << unknown_st.ToString();

  // Still serving real work.
  auto partial = Partial(scan_);
  EXPECT_TRUE(CollectPlan(Remote(partial, {w.url}), ctx_).ok());
}

TEST_F(WorkerTest, RequestHeadersReachTheSessionBuilder) {
  auto seen = std::make_shared<std::vector<WorkerHeaders>>();
  auto mutex = std::make_shared<std::mutex>();
  RunningWorker w{Worker::from_session_builder(
      [seen, mutex](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
        std::lock_guard<std::mutex> lock(*mutex);
        seen->push_back(ctx.headers);
        return ctx.builder.build();
      })};
  auto passthrough = std::make_shared<PassthroughHeaders>();
  passthrough->headers = {{"x-tenant-id", "acme"}};
  ctx_->set_extension<PassthroughHeaders>(passthrough);
  ASSERT_TRUE(CollectPlan(Remote(Partial(scan_), {w.url}), ctx_).ok());
  std::lock_guard<std::mutex> lock(*mutex);
  ASSERT_EQ(seen->size(), 1u);  // one session for the task, shared by its partitions
  auto it = seen->front().find("x-tenant-id");
  ASSERT_NE(it, seen->front().end());
  EXPECT_EQ(it->second, "acme");
}

TEST_F(WorkerTest, UdfFromTheSessionBuilderRunsInsideATask) {
  functions_->register_scalar(TimesTen());
  auto udf = std::make_shared<ScalarFunctionExpr>(
      TimesTen(), std::vector<PhysicalExprPtr>{Col("v", 1)}, arrow::int64());
  auto projection = ProjectionExec::Make({{udf, "v10"}}, scan_).ValueOrDie();

  RunningWorker with_udf{
      Worker::from_session_builder([](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
        return ctx.builder.with_scalar_functions({TimesTen()}).build();
      })};
  auto expected = testing::SortedTable(testing::CollectTable(projection, ctx_));
  auto actual =
      testing::SortedTable(testing::CollectTable(Remote(projection, {with_udf.url}), ctx_));
  ASSERT_TRUE(expected && actual);
  EXPECT_TRUE(expected->Equals(*actual));
  EXPECT_EQ(expected->num_rows(), 30);

  RunningWorker plain{Worker()};
  auto result = CollectPlan(Remote(projection, {plain.url}), ctx_);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("unknown scalar function 'times_ten'"),
            std::string::npos)
      << result.status().ToString();
}

TEST_F(WorkerTest, FailingTaskNamesWorkerAndStage) {
  auto codec = std::make_shared<testing::BatchSourceCodec>();
  RunningWorker w{
      Worker::from_session_builder([codec](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
        return ctx.builder.with_physical_extension_codec(codec).build();
      })};
  ctx_->set_extension<PhysicalExtensionCodec>(codec);
  auto b = MakeBatch(schema_, {R"(["a"])", "[1]"});
  auto failing = std::make_shared<testing::FailingSourceExec>(
      schema_, testing::BatchSourceExec::Partitions{{b, b, b}}, 1, "boom on purpose");
  auto start = std::chrono::steady_clock::now();
  auto result = CollectPlan(Remote(Partial(failing), {w.url}), ctx_);
  ASSERT_FALSE(result.ok());
  const auto& message = result.status().message();
  EXPECT_NE(message.find("worker " + w.url + " failed stage 1 task 0"), std::string::npos)
      << result.status().ToString();
  EXPECT_NE(message.find("boom on purpose"), std::string::npos) << result.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(WorkerTest, ErrorsCrossTwoStagesWithEveryHopNamed) {
  auto codec = std::make_shared<testing::BatchSourceCodec>();
  auto with_codec = [codec](WorkerQueryContext ctx) -> arrow::Result<SessionState> {
    return ctx.builder.with_physical_extension_codec(codec).build();
  };
  RunningWorker w0{Worker::from_session_builder(with_codec)};
  RunningWorker w1{Worker::from_session_builder(with_codec)};
  ctx_->set_extension<PhysicalExtensionCodec>(codec);
  auto b = MakeBatch(schema_, {R"(["a", "b"])", "[1, 2]"});
  auto failing = std::make_shared<testing::FailingSourceExec>(
      schema_, testing::BatchSourceExec::Partitions{{b, b, b}}, 2, "leaf exploded");
  auto repartition =
      std::make_shared<RepartitionExec>(Partial(failing), Partitioning::Hash({Col("k", 0)}, 2));
  auto final_agg =
      HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, Aggs(), repartition)
          .ValueOrDie();
  ExecutionPlanPtr plan = std::make_shared<CoalescePartitionsExec>(final_agg);
  auto planned = DistributedPlanner::plan(plan, {w0.url, w1.url}, SessionConfig{}, codec);
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  auto result = CollectPlan(planned->plan, ctx_);
  ASSERT_FALSE(result.ok());
  const auto& message = result.status().message();
  EXPECT_NE(message.find("failed stage 1 task"), std::string::npos) << message;
  EXPECT_NE(message.find("failed stage 2 task 0"), std::string::npos) << message;
  EXPECT_NE(message.find("leaf exploded"), std::string::npos) << message;
  EXPECT_EQ(message.find("gRPC client debug context"), std::string::npos) << message;
}

// A coordinator that registers a stage, reads part of it and goes away without releasing
// the query: the worker drops the stage once its TTL (from the registration, capped by the
// worker) has passed.
TEST_F(WorkerTest, AbandonedStagesAreReapedAfterTheirTtl) {
  RunningWorker w{Worker()};
  auto location = arrow::flight::Location::Parse(w.url).ValueOrDie();
  auto client = arrow::flight::FlightClient::Connect(location).ValueOrDie();
  StageRegistration registration;
  registration.query_id = NewQueryId();
  registration.stage_id = 1;
  registration.task_count = 1;
  registration.config.worker_task_ttl_seconds = 1;
  auto partial = Partial(scan_);  // 2 partitions
  registration.plan = std::make_shared<const std::string>(SerializePlan(partial).ValueOrDie());
  auto ack = client->DoAction(arrow::flight::Action{
      StageRegistration::kAction, arrow::Buffer::FromString(*registration.serialize())});
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  ASSERT_TRUE((*ack)->Drain().ok());
  EXPECT_EQ(w.service()->stage_count(), 1u);

  TaskTicket ticket{registration.query_id, 1, 0, 0};
  auto stream = client->DoGet(arrow::flight::Ticket{*ticket.serialize()});
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  ASSERT_TRUE((*stream)->ToTable().ok());
  EXPECT_EQ(w.service()->task_count(), 1u);  // partition 1 never asked for

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (w.service()->stage_count() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(w.service()->stage_count(), 0u);
  EXPECT_EQ(w.service()->task_count(), 0u);

  // The stage is gone: asking for it again is NOT_FOUND, naming the stage.
  ticket.partition = 1;
  auto gone = client->DoGet(arrow::flight::Ticket{*ticket.serialize()});
  arrow::Status st = gone.status();
  if (st.ok()) st = (*gone)->ToTable().status();
  EXPECT_TRUE(st.IsKeyError()) << st.ToString();
  EXPECT_NE(st.message().find("stage 1 of query " + registration.query_id), std::string::npos)
      << st.ToString();
}

TEST_F(WorkerTest, EndOfQueryReleasesEverythingOnTheWorkers) {
  RunningWorker w0{Worker()}, w1{Worker()};
  // A limit stops reading early, so tasks are left unfinished until the release.
  auto planned = DistributedPlanner::plan(
      std::make_shared<CoalescePartitionsExec>(Partial(scan_), /*fetch=*/1), {w0.url, w1.url}, [] {
        SessionConfig c;
        c.distributed_bytes_per_task = 1;
        return c;
      }());
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  auto batches = CollectPlan(planned->plan, ctx_);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  EXPECT_EQ(w0.service()->stage_count() + w1.service()->stage_count(), 0u);
  EXPECT_EQ(w0.service()->task_count() + w1.service()->task_count(), 0u);
}

// ---- Joins on real workers. The fixture scan has "a" twice in each of its 6 batches (12 rows);
// each batch of Build(n) holds one "a" (and a "z" that matches nothing), so the inner join on k
// has 12 · n rows.

ExecutionPlanPtr Build(const std::shared_ptr<arrow::Schema>& schema, int partitions, int batches) {
  MemoryExec::Partitions parts(partitions);
  for (int i = 0; i < batches; ++i) {
    parts[i % partitions].push_back(
        MakeBatch(schema, {R"(["a", "z"])", "[" + std::to_string(100 + i) + ", 7]"}));
  }
  return MemoryExec::Make(schema, parts).ValueOrDie();
}

ExecutionPlanPtr KeyJoin(ExecutionPlanPtr left, ExecutionPlanPtr right, PartitionMode mode) {
  return HashJoinExec::Make(std::move(left), std::move(right), {{Col("k", 0), Col("k", 0)}},
                            std::nullopt, JoinType::kInner, mode)
      .ValueOrDie();
}

SessionConfig OneByteATask() {
  SessionConfig c;
  c.distributed_bytes_per_task = 1;
  return c;
}

// Runs `make()` on one node and on `workers`, expecting `rows` rows both ways and the same
// rows; `boundary` must name one of the distributed plan's stages. Afterwards no worker holds
// anything of the query.
void ExpectJoinRunsLikeOneNode(const std::function<ExecutionPlanPtr()>& make,
                               std::vector<RunningWorker*> workers, const TaskContextPtr& ctx,
                               int64_t rows, const std::string& boundary) {
  std::vector<std::string> urls;
  for (auto* w : workers) urls.push_back(w->url);
  auto expected = testing::SortedTable(testing::CollectTable(make(), ctx));
  auto planned = DistributedPlanner::plan(make(), urls, OneByteATask());
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  const std::string text = DisplayDistributedPlan(*planned);
  EXPECT_NE(text.find("(" + boundary + ", "), std::string::npos) << text;
  auto actual = testing::SortedTable(testing::CollectTable(planned->plan, ctx));
  ASSERT_TRUE(expected && actual);
  EXPECT_EQ(expected->num_rows(), rows);
  EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\n"
                                         << actual->ToString() << "\n"
                                         << text;
  for (auto* w : workers) {
    EXPECT_EQ(w->service()->stage_count(), 0u) << w->url;
    EXPECT_EQ(w->service()->task_count(), 0u) << w->url;
  }
}

TEST_F(WorkerTest, BroadcastJoinOnThreeWorkersEqualsOneNode) {
  RunningWorker w0{Worker()}, w1{Worker()}, w2{Worker()};
  // Build: 2 batches over 2 partitions (2 tasks); probe: the 6-batch scan (3 tasks).
  ExpectJoinRunsLikeOneNode(
      [&] {
        return KeyJoin(std::make_shared<CoalescePartitionsExec>(Build(schema_, 2, 2)), scan_,
                       PartitionMode::kCollectLeft);
      },
      {&w0, &w1, &w2}, ctx_, 12 * 2, "broadcast");
  // A one-partition build side, broadcast all the same.
  ExpectJoinRunsLikeOneNode(
      [&] { return KeyJoin(Build(schema_, 1, 3), scan_, PartitionMode::kCollectLeft); },
      {&w0, &w1, &w2}, ctx_, 12 * 3, "broadcast");
}

TEST_F(WorkerTest, ShuffleJoinOnThreeWorkersEqualsOneNode) {
  RunningWorker w0{Worker()}, w1{Worker()}, w2{Worker()};
  auto hash = [](ExecutionPlanPtr side) -> ExecutionPlanPtr {
    return std::make_shared<RepartitionExec>(std::move(side), Partitioning::Hash({Col("k", 0)}, 4));
  };
  ExpectJoinRunsLikeOneNode(
      [&] { return KeyJoin(hash(scan_), hash(Build(schema_, 2, 2)), PartitionMode::kPartitioned); },
      {&w0, &w1, &w2}, ctx_, 12 * 2, "shuffle");
}

TEST_F(WorkerTest, ThreeWorkersRunAQ1ShapedPlanLikeOneNode) {
  RunningWorker w0{Worker()}, w1{Worker()}, w2{Worker()};
  auto partial = Partial(scan_);
  auto repartition =
      std::make_shared<RepartitionExec>(partial, Partitioning::Hash({Col("k", 0)}, 4));
  auto final_agg =
      HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, Aggs(), repartition)
          .ValueOrDie();
  LexOrdering order = {{Col("k", 0), false, false}};
  auto sort = std::make_shared<SortExec>(order, final_agg, std::nullopt, true);
  ExecutionPlanPtr plan = std::make_shared<SortPreservingMergeExec>(order, sort);

  auto expected = testing::CollectTable(plan, ctx_);
  auto planned = DistributedPlanner::plan(plan, {w0.url, w1.url, w2.url}, SessionConfig{});
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  auto actual = testing::CollectTable(planned->plan, ctx_);
  ASSERT_TRUE(expected && actual);
  EXPECT_EQ(expected->num_rows(), 4);  // a, b, c, d
  EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << "\n"
                                         << actual->ToString() << "\n"
                                         << DisplayDistributedPlan(*planned);
  // Run it twice: the second query has its own id and its own task instances.
  auto again = DistributedPlanner::plan(plan, {w0.url, w1.url, w2.url}, SessionConfig{});
  auto actual2 = testing::CollectTable(again->plan, ctx_);
  ASSERT_TRUE(actual2);
  EXPECT_TRUE(expected->Equals(*actual2));
}

TEST_F(WorkerTest, ConfinedWorkerRefusesPlansReadingOutsideItsDataRoots) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(::testing::TempDir()) / ("quiver_roots_" + NewQueryId());
  const fs::path root = base / "data", outside = base / "private";
  fs::create_directories(root);
  fs::create_directories(outside);
  ASSERT_TRUE(testing::WriteFlagAndTextParquet((root / "in.parquet").string()).ok());
  ASSERT_TRUE(testing::WriteFlagAndTextParquet((outside / "secret.parquet").string()).ok());
  fs::create_symlink(outside / "secret.parquet", root / "link.parquet");

  RunningWorker confined{Worker().with_data_roots({root.string()})};
  auto scan_of = [&](const fs::path& path) {
    auto table = ParquetTable::Make(path.string()).ValueOrDie();
    return table->scan(ScanArgs{}).ValueOrDie();
  };
  // Inside the root: served.
  auto inside = CollectPlan(Remote(scan_of(root / "in.parquet"), {confined.url}), ctx_);
  ASSERT_TRUE(inside.ok()) << inside.status().ToString();
  // Outside, through '..', and through a link inside the root: PERMISSION_DENIED, named.
  const fs::path dotdot = root / ".." / "private" / "secret.parquet";
  for (const fs::path& path : {outside / "secret.parquet", dotdot, root / "link.parquet"}) {
    SCOPED_TRACE(path.string());
    auto refused = CollectPlan(Remote(scan_of(path), {confined.url}), ctx_);
    ASSERT_FALSE(refused.ok()) << "a confined worker read " << path;
    auto detail = arrow::flight::FlightStatusDetail::UnwrapStatus(refused.status());
    ASSERT_NE(detail, nullptr) << refused.status().ToString();
    EXPECT_EQ(detail->code(), arrow::flight::FlightStatusCode::Unauthorized);
    EXPECT_NE(refused.status().message().find("data roots"), std::string::npos)
        << refused.status().ToString();
  }
  // The same plans run on a worker without roots, and the confined one keeps serving.
  RunningWorker open{Worker()};
  EXPECT_TRUE(CollectPlan(Remote(scan_of(outside / "secret.parquet"), {open.url}), ctx_).ok());
  EXPECT_TRUE(CollectPlan(Remote(scan_of(root / "in.parquet"), {confined.url}), ctx_).ok());
  fs::remove_all(base);
}

TEST_F(WorkerTest, UpstreamAllowListLimitsTheWorkersATaskConnectsTo) {
  // Stage 2 (the scan) runs on `upstream`; stage 1 (a partial aggregate reading stage 2 over
  // the network) runs on a worker whose allow-list does or does not name `upstream`.
  RunningWorker upstream{Worker()};
  const std::string upstream_url =
      "grpc+tcp://127.0.0.1:" + std::to_string(upstream.server->port());
  auto two_stages = [&](const std::string& reader_url) {
    const std::string query = NewQueryId();
    Stage scan_stage = StageOf(query, 2, {upstream_url}, scan_);
    // Stage 1's plan names stage 2 by its workers' URLs: no inputs of its own.
    Stage remote_scan = scan_stage;
    remote_scan.plan = nullptr;
    auto stage1_plan = Partial(NetworkCoalesceExec::Make(scan_)->with_stage(remote_scan));
    Stage agg_stage = StageOf(query, 1, {reader_url}, stage1_plan);
    auto head = NetworkCoalesceExec::Make(stage1_plan)->with_stage(agg_stage);
    return std::make_shared<DistributedExec>(
        head, query, std::vector<StagePlan>{Registered(agg_stage), Registered(scan_stage)});
  };
  auto expected = testing::SortedTable(testing::CollectTable(Partial(scan_), ctx_));

  WorkerOptions allowing;
  allowing.upstream_allow_list = {upstream_url};
  RunningWorker trusting{Worker().with_options(allowing)};
  auto allowed = testing::SortedTable(testing::CollectTable(
      two_stages("grpc+tcp://127.0.0.1:" + std::to_string(trusting.server->port())), ctx_));
  ASSERT_TRUE(expected && allowed);
  EXPECT_TRUE(expected->Equals(*allowed)) << expected->ToString() << allowed->ToString();

  WorkerOptions elsewhere;
  elsewhere.upstream_allow_list = {"grpc+tcp://127.0.0.1:1"};
  RunningWorker wary{Worker().with_options(elsewhere)};
  auto refused = CollectPlan(
      two_stages("grpc+tcp://127.0.0.1:" + std::to_string(wary.server->port())), ctx_);
  ASSERT_FALSE(refused.ok()) << "the worker read a stage from a worker it does not allow";
  auto detail = arrow::flight::FlightStatusDetail::UnwrapStatus(refused.status());
  ASSERT_NE(detail, nullptr) << refused.status().ToString();
  EXPECT_EQ(detail->code(), arrow::flight::FlightStatusCode::Unauthorized);
  EXPECT_NE(refused.status().message().find(upstream_url), std::string::npos)
      << refused.status().ToString();
}

TEST_F(WorkerTest, StageTtlIsCappedByTheWorker) {
  // A registration asking to be kept for an hour is dropped after the worker's own cap (1 s).
  WorkerOptions options;
  options.max_task_ttl = std::chrono::seconds(1);
  RunningWorker w{Worker().with_options(options)};
  StageRegistration registration;
  registration.query_id = NewQueryId();
  registration.stage_id = 1;
  registration.task_count = 1;
  registration.config.worker_task_ttl_seconds = 3600;
  registration.plan = std::make_shared<const std::string>(SerializePlan(scan_).ValueOrDie());
  auto client = arrow::flight::FlightClient::Connect(
                    arrow::flight::Location::Parse(w.url).ValueOrDie())
                    .ValueOrDie();
  auto body = registration.serialize().ValueOrDie();
  auto results = client->DoAction(
      arrow::flight::Action{StageRegistration::kAction, arrow::Buffer::FromString(body)});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_TRUE((*results)->Drain().ok());
  EXPECT_EQ(w.service()->stage_count(), 1u);
  for (int i = 0; i < 40 && w.service()->stage_count() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(w.service()->stage_count(), 0u) << "the sender's hour outlived the worker's cap";
}

}  // namespace
}  // namespace quiver
