#include <arrow/api.h>
#include <gtest/gtest.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/distributed/broadcast_exec.h>
#include <quiver/distributed/distributed_codec.h>
#include <quiver/distributed/distributed_exec.h>
#include <quiver/distributed/distributed_planner.h>
#include <quiver/distributed/network_broadcast_exec.h>
#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/distributed/stage_reader.h>
#include <quiver/distributed/stage_registration.h>
#include <quiver/distributed/task_ticket.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/filter/filter_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/test_util.h>
#include <quiver/physical/union/union_exec.h>
#include <quiver/proto/testing/batch_source_codec.h>
#include <functional>

namespace quiver {
namespace {

using testing::Col;
using testing::MakeAggregate;
using testing::MakeBatch;

// Small scans split into as many tasks as they have units (one byte per task).
SessionConfig ManyTasks() {
  SessionConfig config;
  config.distributed_bytes_per_task = 1;
  return config;
}

// The head stage of a distributed plan (below its DistributedExec root).
ExecutionPlanPtr Head(const DistributedPlan& planned) {
  auto* root = dynamic_cast<const DistributedExec*>(planned.plan.get());
  EXPECT_NE(root, nullptr) << planned.plan->to_string();
  return root ? root->head() : nullptr;
}

const std::vector<std::string> kWorkers = {"grpc://w0:1", "grpc://w1:1", "grpc://w2:1"};

class DistributedPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InitCompute();
    functions_ = FunctionRegistry::MakeDefault();
    schema_ = arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
    // 5 batches = 5 scan units over 2 partitions.
    MemoryExec::Partitions partitions(2);
    for (int i = 0; i < 5; ++i) {
      partitions[i % 2].push_back(
          MakeBatch(schema_, {R"(["a", "b", "c", "a"])", "[" + std::to_string(i) + ", 1, 2, 3]"}));
    }
    scan_ = MemoryExec::Make(schema_, partitions).ValueOrDie();
    ctx_ = std::make_shared<TaskContext>(SessionConfig{}, functions_);
  }

  std::vector<AggregateExpr> Aggs() {
    return {MakeAggregate(*functions_, "sum", {Col("v", 1)}, {arrow::int64()}, "sum(v)"),
            MakeAggregate(*functions_, "count", {Col("v", 1)}, {arrow::int64()}, "count(v)")};
  }

  // Q1's shape: partial agg → hash repartition → final agg → sort → merge.
  ExecutionPlanPtr Q1Shape(ExecutionPlanPtr leaf) {
    auto partial =
        HashAggregateExec::Make(AggregateMode::kPartial, {{Col("k", 0), "k"}}, Aggs(), leaf)
            .ValueOrDie();
    auto repartition =
        std::make_shared<RepartitionExec>(partial, Partitioning::Hash({Col("k", 0)}, 4));
    auto final_agg =
        HashAggregateExec::Make(AggregateMode::kFinal, {{Col("k", 0), "k"}}, Aggs(), repartition)
            .ValueOrDie();
    LexOrdering order = {{Col("k", 0), false, false}};
    auto sort = std::make_shared<SortExec>(order, final_agg, std::nullopt, true);
    return std::make_shared<SortPreservingMergeExec>(order, sort);
  }

  // Q6's shape: partial agg → coalesce → final agg.
  ExecutionPlanPtr Q6Shape() {
    auto partial = HashAggregateExec::Make(AggregateMode::kPartial, {}, Aggs(), scan_).ValueOrDie();
    auto coalesce = std::make_shared<CoalescePartitionsExec>(partial);
    return HashAggregateExec::Make(AggregateMode::kFinal, {}, Aggs(), coalesce).ValueOrDie();
  }

  std::shared_ptr<FunctionRegistry> functions_;
  std::shared_ptr<arrow::Schema> schema_;
  ExecutionPlanPtr scan_;
  TaskContextPtr ctx_;
};

TEST_F(DistributedPlannerTest, Q1ShapeBecomesThreeStages) {
  auto planned = DistributedPlanner::plan(Q1Shape(scan_), kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  EXPECT_EQ(planned->query_id.size(), 32u);

  // Head: merge over a coalesce of stage 1.
  auto head = Head(*planned);
  ASSERT_EQ(head->name(), "SortPreservingMergeExec");
  auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(head->children()[0].get());
  ASSERT_NE(coalesce, nullptr);
  const Stage& stage1 = coalesce->stage();
  EXPECT_EQ(stage1.stage_id, 1);
  EXPECT_EQ(stage1.query_id, planned->query_id);
  // Stage 1 reads a shuffle of 3 producer tasks: 3 tasks too, placed after stage 2's.
  EXPECT_EQ(stage1.task_urls,
            (std::vector<std::string>{"grpc://w1:1", "grpc://w2:1", "grpc://w0:1"}));
  EXPECT_EQ(stage1.partitions_per_task, 4);
  EXPECT_EQ(coalesce->output_partition_count(), 12);
  EXPECT_TRUE(coalesce->children().empty());  // remote

  // Stage 1: sort → final → shuffle read of stage 2.
  ASSERT_EQ(stage1.plan->name(), "SortExec");
  auto final_agg = stage1.plan->children()[0];
  auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(final_agg->children()[0].get());
  ASSERT_NE(shuffle, nullptr);
  EXPECT_EQ(shuffle->output_partition_count(), 4);
  const Stage& stage2 = shuffle->stage();
  EXPECT_EQ(stage2.stage_id, 2);
  // 5 scan units, 3 workers: 3 tasks.
  EXPECT_EQ(stage2.task_urls, kWorkers);
  // Stage 2's repartition fans out to 4 partitions for each of stage 1's 3 tasks.
  auto* repartition = dynamic_cast<const RepartitionExec*>(stage2.plan.get());
  ASSERT_NE(repartition, nullptr);
  EXPECT_EQ(repartition->partitioning().partition_count, 12);
  EXPECT_EQ(repartition->partitioning().kind, Partitioning::Kind::kHash);
  EXPECT_EQ(stage2.partitions_per_task, 12);

  // Every stage is serialized once, for its registrations.
  auto* root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  ASSERT_EQ(root->stages().size(), 2u);
  EXPECT_EQ(root->stages()[0].stage_id, 1);
  EXPECT_EQ(root->stages()[0].boundary, "coalesce");
  EXPECT_EQ(root->stages()[1].boundary, "shuffle");
  for (const auto& stage : root->stages()) {
    ASSERT_TRUE(stage.bytes && !stage.bytes->empty());
  }

  auto text = DisplayDistributedPlan(*planned);
  EXPECT_NE(text.find("┌── Stage 0 (coordinator"), std::string::npos) << text;
  EXPECT_NE(text.find("┌── Stage 1 (coalesce, 3 tasks, 4 partitions per task)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("┌── Stage 2 (shuffle, 3 tasks, 12 partitions per task)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("task 2 → grpc://w2:1"), std::string::npos) << text;
  EXPECT_NE(text.find("NetworkShuffleExec"), std::string::npos) << text;
}

TEST_F(DistributedPlannerTest, TaskCountsFollowScanBytes) {
  // By default (32 MiB a task) this tiny scan is one task's work.
  auto planned = DistributedPlanner::plan(Q1Shape(scan_), kWorkers, SessionConfig{});
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  auto* root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  for (const auto& stage : root->stages()) EXPECT_EQ(stage.task_urls.size(), 1u);
  // One byte a task: as many tasks as scan units, at most one per worker.
  planned = DistributedPlanner::plan(Q1Shape(scan_), {"grpc://w0:1", "grpc://w1:1"}, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed);
  root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  for (const auto& stage : root->stages()) EXPECT_EQ(stage.task_urls.size(), 2u);
}

TEST_F(DistributedPlannerTest, Q6ShapeCoalescesIntoTheHead) {
  auto planned = DistributedPlanner::plan(Q6Shape(), {"grpc://only:1"}, SessionConfig{});
  ASSERT_TRUE(planned.ok());
  ASSERT_TRUE(planned->distributed) << planned->reason;
  auto head = Head(*planned);
  ASSERT_EQ(head->name(), "HashAggregateExec");
  auto coalesce = head->children()[0];
  ASSERT_EQ(coalesce->name(), "CoalescePartitionsExec");
  auto* network = dynamic_cast<const NetworkCoalesceExec*>(coalesce->children()[0].get());
  ASSERT_NE(network, nullptr);
  EXPECT_EQ(network->stage().task_urls, (std::vector<std::string>{"grpc://only:1"}));
  EXPECT_EQ(network->stage().plan->name(), "HashAggregateExec");
}

TEST_F(DistributedPlannerTest, AMultiPartitionRootIsGatheredOnTop) {
  // No exchange at all, but several partitions: the workers scan and filter, the head merges.
  auto filter = FilterExec::Make(testing::Lit(arrow::MakeScalar(true)), scan_).ValueOrDie();
  auto planned = DistributedPlanner::plan(filter, kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  auto head = Head(*planned);
  ASSERT_EQ(head->name(), "CoalescePartitionsExec");
  auto* network = dynamic_cast<const NetworkCoalesceExec*>(head->children()[0].get());
  ASSERT_NE(network, nullptr);
  EXPECT_EQ(network->stage().task_count(), 3);
  EXPECT_EQ(network->stage().plan->name(), "FilterExec");
}

TEST_F(DistributedPlannerTest, OpaqueLeavesRunAsOneTask) {
  auto leaf = std::make_shared<testing::BatchSourceExec>(
      schema_, testing::BatchSourceExec::Partitions{{MakeBatch(schema_, {R"(["a"])", "[1]"})}});
  testing::BatchSourceCodec codec;
  auto planned =
      DistributedPlanner::plan(Q1Shape(leaf), kWorkers, ManyTasks(),
                               std::shared_ptr<PhysicalExtensionCodec>(&codec, [](auto*) {}));
  ASSERT_TRUE(planned.ok());
  ASSERT_TRUE(planned->distributed) << planned->reason;
  auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(Head(*planned)->children()[0].get());
  auto final_agg = coalesce->stage().plan->children()[0];
  auto* shuffle = dynamic_cast<const NetworkShuffleExec*>(final_agg->children()[0].get());
  EXPECT_EQ(shuffle->stage().task_count(), 1);
}

TEST_F(DistributedPlannerTest, PlansItCannotDistributeComeBackUnchanged) {
  auto plan = Q1Shape(scan_);
  auto no_workers = DistributedPlanner::plan(plan, {}, SessionConfig{});
  ASSERT_TRUE(no_workers.ok());
  EXPECT_FALSE(no_workers->distributed);
  EXPECT_EQ(no_workers->plan, plan);
  EXPECT_EQ(DisplayDistributedPlan(*no_workers), "not distributed: no workers\n");

  MemoryExec::Partitions one(1);
  one[0].push_back(MakeBatch(schema_, {R"(["a"])", "[1]"}));
  auto single = MemoryExec::Make(schema_, one).ValueOrDie();
  auto filter = FilterExec::Make(testing::Lit(arrow::MakeScalar(true)), single).ValueOrDie();
  auto no_boundary = DistributedPlanner::plan(filter, kWorkers, SessionConfig{});
  ASSERT_TRUE(no_boundary.ok());
  EXPECT_FALSE(no_boundary->distributed);
  EXPECT_EQ(no_boundary->plan, filter);
  EXPECT_NE(no_boundary->reason.find("one partition and no exchange"), std::string::npos)
      << no_boundary->reason;

  // A user node no codec can send.
  auto leaf = std::make_shared<testing::BatchSourceExec>(
      schema_, testing::BatchSourceExec::Partitions{{MakeBatch(schema_, {R"(["a"])", "[1]"})}});
  auto unsendable = DistributedPlanner::plan(Q1Shape(leaf), kWorkers, SessionConfig{});
  ASSERT_TRUE(unsendable.ok());
  EXPECT_FALSE(unsendable->distributed);
  EXPECT_NE(unsendable->reason.find("BatchSourceExec"), std::string::npos) << unsendable->reason;
}

TEST_F(DistributedPlannerTest, LocalBoundariesRunLikeTheOriginal) {
  // Fresh plans for each run: a RepartitionExec instance runs once.
  for (bool q1 : {true, false}) {
    auto plan = q1 ? Q1Shape(scan_) : Q6Shape();
    auto local = DistributedPlanner::insert_boundaries(q1 ? Q1Shape(scan_) : Q6Shape());
    ASSERT_TRUE(local.ok()) << local.status().ToString();
    EXPECT_NE(DisplayPlan(**local), DisplayPlan(*plan));  // boundaries were added
    auto expected = testing::CollectTable(plan, ctx_);
    auto actual = testing::CollectTable(*local, ctx_);
    ASSERT_TRUE(expected && actual);
    EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << actual->ToString();
  }
}

TEST_F(DistributedPlannerTest, EachQueryGetsAFreshId) {
  auto a = DistributedPlanner::plan(Q6Shape(), kWorkers, SessionConfig{});
  auto b = DistributedPlanner::plan(Q6Shape(), kWorkers, SessionConfig{});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->query_id, b->query_id);
}

TEST_F(DistributedPlannerTest, StagesRoundTripThroughTheCodec) {
  auto planned = DistributedPlanner::plan(Q1Shape(scan_), kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed);
  auto* root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  DistributedCodec codec;
  for (const auto& stage : root->stages()) {
    auto decoded = DeserializePlan(*stage.bytes, *functions_, &codec);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(DisplayPlan(**decoded), DisplayPlan(*stage.plan));
  }
}

TEST_F(DistributedPlannerTest, BroadcastReplaysEachPartitionOncePerConsumer) {
  auto source = std::make_shared<testing::BatchSourceExec>(
      schema_,
      testing::BatchSourceExec::Partitions{{MakeBatch(schema_, {R"(["a", "b"])", "[1, 2]"}),
                                            MakeBatch(schema_, {R"(["c"])", "[3]"})},
                                           {MakeBatch(schema_, {R"(["d"])", "[4]"})}});
  auto broadcast = std::make_shared<BroadcastExec>(source, 3);
  ASSERT_EQ(broadcast->output_partition_count(), 6);
  auto table = testing::CollectTable(broadcast, ctx_);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->num_rows(), 12);  // 4 rows, 3 times
  EXPECT_EQ(source->pulled(), 3);    // each input batch pulled once
}

TEST_F(DistributedPlannerTest, SlicingSplitsScansAcrossTasks) {
  int64_t rows = 0;
  for (int t = 0; t < 3; ++t) {
    auto sliced = SliceLeavesForTask(Q6Shape(), t, 3);
    ASSERT_TRUE(sliced.ok());
    auto table = testing::CollectTable(*sliced, ctx_);
    rows += std::static_pointer_cast<arrow::Int64Array>(testing::Column(table, 1))->Value(0);
  }
  EXPECT_EQ(rows, 20);  // every one of the 20 rows counted once
}

// ---- Joins

// `batches` batches of ("a", i), ("z", i) dealt over `partitions` partitions: the join key "a"
// matches the fixture scan's "a" rows, "z" matches nothing.
ExecutionPlanPtr SmallScan(const std::shared_ptr<arrow::Schema>& schema, int partitions,
                           int batches) {
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

// A collect-left join as EnforceDistribution leaves it: the build side coalesced.
ExecutionPlanPtr BroadcastJoin(ExecutionPlanPtr build, ExecutionPlanPtr probe) {
  return KeyJoin(std::make_shared<CoalescePartitionsExec>(std::move(build)), std::move(probe),
                 PartitionMode::kCollectLeft);
}

ExecutionPlanPtr PartitionedJoin(ExecutionPlanPtr left, ExecutionPlanPtr right) {
  auto hash = [](ExecutionPlanPtr side) {
    return std::make_shared<RepartitionExec>(std::move(side), Partitioning::Hash({Col("k", 0)}, 4));
  };
  return KeyJoin(hash(std::move(left)), hash(std::move(right)), PartitionMode::kPartitioned);
}

// Stage 1 of a plan whose head gathers one stage: the plan under the head's NetworkCoalesceExec.
const Stage* FirstStage(const DistributedPlan& planned) {
  auto head = Head(planned);
  if (!head || head->name() != "CoalescePartitionsExec") {
    ADD_FAILURE() << DisplayDistributedPlan(planned);
    return nullptr;
  }
  auto* coalesce = dynamic_cast<const NetworkCoalesceExec*>(head->children()[0].get());
  if (!coalesce) {
    ADD_FAILURE() << DisplayDistributedPlan(planned);
    return nullptr;
  }
  return &coalesce->stage();
}

// The collect-left join's build input read from a broadcast stage: Coalesce ← NetworkBroadcast.
const NetworkBroadcastExec* BroadcastRead(const ExecutionPlanPtr& join) {
  if (!join || join->name() != "HashJoinExec") return nullptr;
  auto build = join->children()[0];
  if (build->name() != "CoalescePartitionsExec") return nullptr;
  return dynamic_cast<const NetworkBroadcastExec*>(build->children()[0].get());
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(DistributedPlannerTest, BroadcastJoinReadsItsBuildSideFromABroadcastStage) {
  auto build = SmallScan(schema_, 2, 2);
  auto planned = DistributedPlanner::plan(BroadcastJoin(build, scan_), kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  const Stage* probe = FirstStage(*planned);
  ASSERT_NE(probe, nullptr);
  // Stage 1 scans the probe side (5 units, 3 workers: 3 tasks) and reads the broadcast: a
  // broadcast does not force its consumer into one task.
  EXPECT_EQ(probe->task_count(), 3);
  auto* read = BroadcastRead(probe->plan);
  ASSERT_NE(read, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(probe->plan->children()[1], scan_);  // the probe scan stays in the stage
  EXPECT_TRUE(read->children().empty());         // remote
  EXPECT_EQ(read->partitions_per_consumer(), 2);
  EXPECT_EQ(read->output_partition_count(), 2);

  // Stage 2: the build scan (2 units: 2 tasks) under a BroadcastExec serving stage 1's 3 tasks.
  const Stage& producer = read->stage();
  EXPECT_EQ(producer.stage_id, 2);
  EXPECT_EQ(producer.task_count(), 2);
  auto* head = dynamic_cast<const BroadcastExec*>(producer.plan.get());
  ASSERT_NE(head, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(head->consumers(), 3);
  EXPECT_EQ(head->input(), build);
  EXPECT_EQ(producer.partitions_per_task, 2 * 3);

  auto* root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  ASSERT_EQ(root->stages().size(), 2u);
  EXPECT_EQ(root->stages()[0].boundary, "coalesce");
  EXPECT_EQ(root->stages()[1].boundary, "broadcast");

  auto text = DisplayDistributedPlan(*planned);
  EXPECT_TRUE(Contains(text, "┌── Stage 1 (coalesce, 3 tasks, 2 partitions per task)")) << text;
  EXPECT_TRUE(Contains(text, "┌── Stage 2 (broadcast, 2 tasks, 6 partitions per task)")) << text;
  EXPECT_TRUE(Contains(text, "BroadcastExec: input_partitions=2, consumers=3")) << text;
  EXPECT_TRUE(Contains(text, "NetworkBroadcastExec: partitions_per_consumer=2, input_tasks=2"))
      << text;
  EXPECT_TRUE(Contains(text, "HashJoinExec: mode=CollectLeft")) << text;
}

TEST_F(DistributedPlannerTest, BroadcastConsumersFollowTheProbeStageTaskCount) {
  // Default bytes a task: the tiny probe scan is one task, so the build is offered once.
  auto planned =
      DistributedPlanner::plan(BroadcastJoin(SmallScan(schema_, 2, 2), scan_), kWorkers, {});
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  const Stage* probe = FirstStage(*planned);
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(probe->task_count(), 1);
  auto* read = BroadcastRead(probe->plan);
  ASSERT_NE(read, nullptr) << DisplayDistributedPlan(*planned);
  auto* head = dynamic_cast<const BroadcastExec*>(read->stage().plan.get());
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->consumers(), 1);
  // Two workers, a byte a task: two probe tasks, two consumers.
  planned = DistributedPlanner::plan(BroadcastJoin(SmallScan(schema_, 2, 2), scan_),
                                     {"grpc://w0:1", "grpc://w1:1"}, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  probe = FirstStage(*planned);
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(probe->task_count(), 2);
  read = BroadcastRead(probe->plan);
  ASSERT_NE(read, nullptr);
  head = dynamic_cast<const BroadcastExec*>(read->stage().plan.get());
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->consumers(), 2);
}

TEST_F(DistributedPlannerTest, SinglePartitionBuildSideStillBecomesABroadcast) {
  // EnforceDistribution adds nothing over a one-partition build side; each probe task would
  // read only its own slice of it unless the planner marks it as a broadcast.
  auto build = SmallScan(schema_, 1, 3);
  auto join = KeyJoin(build, scan_, PartitionMode::kCollectLeft);
  auto local = DistributedPlanner::insert_boundaries(join);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  auto local_join = (*local)->children()[0]->children()[0];  // gather ← coalesce stage ← join
  ASSERT_NE(BroadcastRead(local_join), nullptr) << DisplayPlan(**local);

  auto planned = DistributedPlanner::plan(join, kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  const Stage* probe = FirstStage(*planned);
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(probe->task_count(), 3);
  auto* read = BroadcastRead(probe->plan);
  ASSERT_NE(read, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(read->partitions_per_consumer(), 1);
  auto* head = dynamic_cast<const BroadcastExec*>(read->stage().plan.get());
  ASSERT_NE(head, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(head->consumers(), 3);
  EXPECT_EQ(head->input(), build);
  EXPECT_EQ(read->stage().task_count(), 3);  // 3 batches of build scan, 3 workers
}

TEST_F(DistributedPlannerTest, PartitionedJoinShufflesBothSidesToTheJoinStage) {
  auto right = SmallScan(schema_, 2, 2);
  auto planned = DistributedPlanner::plan(PartitionedJoin(scan_, right), kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_TRUE(planned->distributed) << planned->reason;
  const Stage* join_stage = FirstStage(*planned);
  ASSERT_NE(join_stage, nullptr);
  ASSERT_EQ(join_stage->plan->name(), "HashJoinExec");
  // The join stage has as many tasks as its larger producer (3: 5 scan units, 3 workers).
  EXPECT_EQ(join_stage->task_count(), 3);
  EXPECT_EQ(join_stage->partitions_per_task, 4);
  std::vector<int> producer_tasks;
  for (int side = 0; side < 2; ++side) {
    SCOPED_TRACE(side == 0 ? "left" : "right");
    auto* shuffle =
        dynamic_cast<const NetworkShuffleExec*>(join_stage->plan->children()[side].get());
    ASSERT_NE(shuffle, nullptr) << DisplayDistributedPlan(*planned);
    EXPECT_EQ(shuffle->output_partition_count(), 4);
    EXPECT_EQ(shuffle->partitioning().kind, Partitioning::Kind::kHash);
    // Each producer task fans out to 4 partitions for each of the 3 join tasks.
    auto* repartition = dynamic_cast<const RepartitionExec*>(shuffle->stage().plan.get());
    ASSERT_NE(repartition, nullptr);
    EXPECT_EQ(repartition->partitioning().partition_count, 4 * 3);
    EXPECT_EQ(shuffle->stage().partitions_per_task, 12);
    EXPECT_EQ(repartition->input(), side == 0 ? scan_ : right);
    producer_tasks.push_back(shuffle->stage().task_count());
  }
  EXPECT_EQ(producer_tasks, (std::vector<int>{3, 2}));  // 5 and 2 scan units

  auto* root = dynamic_cast<const DistributedExec*>(planned->plan.get());
  ASSERT_EQ(root->stages().size(), 3u);
  EXPECT_EQ(root->stages()[1].boundary, "shuffle");
  EXPECT_EQ(root->stages()[2].boundary, "shuffle");
  auto text = DisplayDistributedPlan(*planned);
  EXPECT_TRUE(Contains(text, "┌── Stage 1 (coalesce, 3 tasks, 4 partitions per task)")) << text;
  EXPECT_TRUE(Contains(text, "┌── Stage 2 (shuffle, 3 tasks, 12 partitions per task)")) << text;
  EXPECT_TRUE(Contains(text, "┌── Stage 3 (shuffle, 2 tasks, 12 partitions per task)")) << text;
  EXPECT_TRUE(Contains(text, "HashJoinExec: mode=Partitioned")) << text;
  EXPECT_FALSE(Contains(text, "broadcast")) << text;
}

TEST_F(DistributedPlannerTest, JoinPlansWithLocalBoundariesRunLikeTheOriginal) {
  // Fresh plans for each run (a plan instance runs once). Rows by hand: the fixture scan has
  // "a" in 2 of its 4 rows per batch × 5 batches = 10 rows; each build batch has one "a".
  struct Case {
    std::string name;
    std::function<ExecutionPlanPtr()> make;
    int64_t rows;
  };
  std::vector<Case> cases = {
      {"broadcast", [&] { return BroadcastJoin(SmallScan(schema_, 2, 2), scan_); }, 10 * 2},
      {"one-partition build",
       [&] { return KeyJoin(SmallScan(schema_, 1, 3), scan_, PartitionMode::kCollectLeft); },
       10 * 3},
      {"partitioned", [&] { return PartitionedJoin(scan_, SmallScan(schema_, 2, 2)); }, 10 * 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto local = DistributedPlanner::insert_boundaries(c.make());
    ASSERT_TRUE(local.ok()) << local.status().ToString();
    auto expected = testing::SortedTable(testing::CollectTable(c.make(), ctx_));
    auto actual = testing::SortedTable(testing::CollectTable(*local, ctx_));
    ASSERT_TRUE(expected && actual);
    EXPECT_EQ(actual->num_rows(), c.rows);
    EXPECT_TRUE(expected->Equals(*actual)) << expected->ToString() << actual->ToString();
  }
}

TEST_F(DistributedPlannerTest, TaskCountsFollowBytesPerTaskCappedByWorkersAndUnits) {
  auto bytes = scan_->statistics().total_byte_size;
  ASSERT_TRUE(bytes.has_value() && *bytes > 4);
  auto tasks = [&](int64_t per_task, int workers) {
    std::vector<std::string> urls;
    for (int i = 0; i < workers; ++i) urls.push_back("grpc://w" + std::to_string(i) + ":1");
    SessionConfig config;
    config.distributed_bytes_per_task = per_task;
    auto filter = FilterExec::Make(testing::Lit(arrow::MakeScalar(true)), scan_).ValueOrDie();
    auto planned = DistributedPlanner::plan(filter, urls, config);
    if (!planned.ok() || !planned->distributed) {
      ADD_FAILURE() << (planned.ok() ? planned->reason : planned.status().ToString());
      return -1;
    }
    const Stage* stage = FirstStage(*planned);
    return stage ? stage->task_count() : -1;
  };
  EXPECT_EQ(tasks(*bytes, 3), 1);            // all of it fits one task
  EXPECT_EQ(tasks((*bytes + 1) / 2, 3), 2);  // ceil(bytes / half) = 2
  EXPECT_EQ(tasks(1, 3), 3);                 // capped by the workers
  EXPECT_EQ(tasks(1, 8), 5);                 // capped by the 5 scan units
}

TEST_F(DistributedPlannerTest, StagesThatCannotSplitRunAsOneTask) {
  // The probe side is a leaf that cannot be split: its stage runs once, and the broadcast
  // serves that one task.
  auto opaque = std::make_shared<testing::BatchSourceExec>(
      schema_, testing::BatchSourceExec::Partitions{{MakeBatch(schema_, {R"(["a"])", "[1]"})},
                                                    {MakeBatch(schema_, {R"(["b"])", "[2]"})}});
  auto codec = std::make_shared<testing::BatchSourceCodec>();
  auto planned = DistributedPlanner::plan(BroadcastJoin(SmallScan(schema_, 2, 2), opaque), kWorkers,
                                          ManyTasks(), codec);
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  const Stage* probe = FirstStage(*planned);
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(probe->task_count(), 1);
  auto* read = BroadcastRead(probe->plan);
  ASSERT_NE(read, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(dynamic_cast<const BroadcastExec&>(*read->stage().plan).consumers(), 1);
  EXPECT_EQ(read->stage().task_count(), 2);  // the build scan still splits

  // A stage that scans (5 units: would be 3 tasks) but also merges another stage into one
  // partition runs once, or every task would repeat the merged rows.
  auto other = SmallScan(schema_, 2, 2);
  auto union_plan =
      UnionExec::Make({scan_, std::make_shared<CoalescePartitionsExec>(other)}).ValueOrDie();
  planned = DistributedPlanner::plan(union_plan, kWorkers, ManyTasks());
  ASSERT_TRUE(planned.ok() && planned->distributed) << planned->reason;
  const Stage* merging = FirstStage(*planned);
  ASSERT_NE(merging, nullptr);
  EXPECT_EQ(merging->task_count(), 1) << DisplayDistributedPlan(*planned);
  ASSERT_EQ(merging->plan->name(), "UnionExec");
  auto merged = merging->plan->children()[1];
  ASSERT_EQ(merged->name(), "CoalescePartitionsExec");
  auto* gathered = dynamic_cast<const NetworkCoalesceExec*>(merged->children()[0].get());
  ASSERT_NE(gathered, nullptr) << DisplayDistributedPlan(*planned);
  EXPECT_EQ(gathered->stage().task_count(), 2);
}

TEST(TaskTicketTest, RoundTripAndGarbage) {
  TaskTicket ticket;
  ticket.query_id = "q1";
  ticket.stage_id = 2;
  ticket.task_index = 1;
  ticket.partition = 5;
  auto bytes = ticket.serialize();
  ASSERT_TRUE(bytes.ok());
  auto back = TaskTicket::Deserialize(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->query_id, "q1");
  EXPECT_EQ(back->stage_id, 2);
  EXPECT_EQ(back->task_index, 1);
  EXPECT_EQ(back->partition, 5);

  EXPECT_TRUE(TaskTicket::Deserialize("").status().IsInvalid());
  EXPECT_TRUE(TaskTicket::Deserialize("\xff\xff\xff garbage").status().IsInvalid());
  ticket.task_index = -1;
  EXPECT_TRUE(TaskTicket::Deserialize(*ticket.serialize()).status().IsInvalid());
}

TEST(StageRegistrationTest, RoundTripAndGarbage) {
  StageRegistration r;
  r.query_id = "q";
  r.stage_id = 3;
  r.task_count = 2;
  r.plan = std::make_shared<const std::string>("plan-bytes");
  r.config.batch_size = 77;
  r.config.extensions["custom.x"] = "y";
  auto back = StageRegistration::Deserialize(*r.serialize());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->query_id, "q");
  EXPECT_EQ(back->stage_id, 3);
  EXPECT_EQ(back->task_count, 2);
  EXPECT_EQ(*back->plan, "plan-bytes");
  EXPECT_EQ(back->config.batch_size, 77);
  EXPECT_EQ(back->config.extensions.at("custom.x"), "y");
  EXPECT_TRUE(StageRegistration::Deserialize("junk").status().IsInvalid());
  r.task_count = 0;
  EXPECT_TRUE(StageRegistration::Deserialize(*r.serialize()).status().IsInvalid());
}

TEST_F(DistributedPlannerTest, UnreachableWorkerIsAnErrorNamingIt) {
  auto partial = HashAggregateExec::Make(AggregateMode::kPartial, {}, Aggs(), scan_).ValueOrDie();
  auto planned = DistributedPlanner::plan(std::make_shared<CoalescePartitionsExec>(partial),
                                          {"grpc://127.0.0.1:1"},  // nothing listens on port 1
                                          SessionConfig{});
  ASSERT_TRUE(planned.ok() && planned->distributed);
  auto result = CollectPlan(planned->plan, ctx_);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("worker grpc://127.0.0.1:1 failed stage 1"),
            std::string::npos)
      << result.status().ToString();
}

}  // namespace
}  // namespace quiver
