#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
#include <quiver/physical/joins/hash_join_exec.h>
#include <quiver/physical/limit/global_limit_exec.h>
#include <quiver/physical/limit/local_limit_exec.h>
#include <quiver/physical/optimizer/enforce_distribution.h>
#include <quiver/physical/optimizer/physical_optimizer.h>
#include <quiver/physical/optimizer/sanity_checker.h>
#include <quiver/physical/repartition/coalesce_partitions_exec.h>
#include <quiver/physical/repartition/repartition_exec.h>
#include <quiver/physical/sort/sort_exec.h>
#include <quiver/physical/sort/sort_preserving_merge_exec.h>
#include <quiver/physical/testing/batch_source_exec.h>
#include <quiver/physical/testing/test_util.h>

namespace quiver::testing {
namespace {

std::shared_ptr<arrow::Schema> KV() {
  return arrow::schema({arrow::field("k", arrow::utf8()), arrow::field("v", arrow::int64())});
}

// `partitions` partitions of two rows each: ("a", i), ("b", i).
ExecutionPlanPtr Source(int partitions) {
  BatchSourceExec::Partitions parts;
  for (int i = 0; i < partitions; ++i) {
    parts.push_back({MakeBatch(KV(), {R"(["a", "b"])", "[" + std::to_string(i) + ", 1]"})});
  }
  return std::make_shared<BatchSourceExec>(KV(), std::move(parts));
}

SessionConfig Config(int target_partitions) {
  SessionConfig config;
  config.target_partitions = target_partitions;
  return config;
}

ExecutionPlanPtr Enforce(const ExecutionPlanPtr& plan, int target_partitions = 4) {
  auto out = EnforceDistribution().optimize(plan, Config(target_partitions));
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return *out;
}

std::string Display(const ExecutionPlanPtr& plan) { return DisplayPlan(*plan); }

TEST(EnforceDistributionTest, GroupedAggregateGetsHashRepartition) {
  InitCompute();
  auto functions = FunctionRegistry::MakeDefault();
  auto sum = MakeAggregate(*functions, "sum", {Col("v", 1)}, {arrow::int64()}, "s");
  auto single =
      HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, {sum}, Source(3))
          .ValueOrDie();
  auto plan = Enforce(single);
  auto* agg = dynamic_cast<const HashAggregateExec*>(plan.get());
  ASSERT_NE(agg, nullptr) << Display(plan);
  auto* repartition = dynamic_cast<const RepartitionExec*>(agg->input().get());
  ASSERT_NE(repartition, nullptr) << Display(plan);
  EXPECT_EQ(repartition->partitioning().kind, Partitioning::Kind::kHash);
  EXPECT_EQ(repartition->partitioning().partition_count, 4);
  EXPECT_EQ(repartition->partitioning().exprs[0]->to_string(), "k@0");
  // Grouping is right across partitions: a=0+1+2, b=1+1+1.
  auto table = SortedTable(CollectTable(plan, MakeContext()));
  EXPECT_EQ(Column(table, 1)->ToString(), MakeArray(arrow::int64(), "[3, 3]")->ToString());
}

TEST(EnforceDistributionTest, UngroupedAggregateGetsCoalesce) {
  InitCompute();
  auto functions = FunctionRegistry::MakeDefault();
  auto sum = MakeAggregate(*functions, "sum", {Col("v", 1)}, {arrow::int64()}, "s");
  auto single = HashAggregateExec::Make(AggregateMode::kSingle, {}, {sum}, Source(3)).ValueOrDie();
  auto plan = Enforce(single);
  auto* agg = dynamic_cast<const HashAggregateExec*>(plan.get());
  ASSERT_NE(agg, nullptr);
  EXPECT_NE(dynamic_cast<const CoalescePartitionsExec*>(agg->input().get()), nullptr)
      << Display(plan);
}

TEST(EnforceDistributionTest, SortOverManyPartitionsSortsEachThenMerges) {
  InitCompute();
  LexOrdering ordering{{Col("v", 1), /*descending=*/true, /*nulls_first=*/false}};
  auto sort = std::make_shared<SortExec>(ordering, Source(3), /*fetch=*/2);
  auto plan = Enforce(sort);
  auto* merge = dynamic_cast<const SortPreservingMergeExec*>(plan.get());
  ASSERT_NE(merge, nullptr) << Display(plan);
  EXPECT_EQ(merge->fetch(), 2);
  auto* inner = dynamic_cast<const SortExec*>(merge->input().get());
  ASSERT_NE(inner, nullptr) << Display(plan);
  EXPECT_TRUE(inner->preserve_partitioning());
  auto table = CollectTable(plan, MakeContext());
  EXPECT_EQ(Column(table, 1)->ToString(), MakeArray(arrow::int64(), "[2, 1]")->ToString());
}

TEST(EnforceDistributionTest, GlobalLimitGetsCoalesceAboveLocalLimits) {
  auto local = std::make_shared<LocalLimitExec>(Source(3), 1);
  auto plan = Enforce(std::make_shared<GlobalLimitExec>(local, 0, 1));
  auto* global = dynamic_cast<const GlobalLimitExec*>(plan.get());
  ASSERT_NE(global, nullptr);
  auto* coalesce = dynamic_cast<const CoalescePartitionsExec*>(global->input().get());
  ASSERT_NE(coalesce, nullptr) << Display(plan);
  EXPECT_NE(dynamic_cast<const LocalLimitExec*>(coalesce->input().get()), nullptr);
  EXPECT_EQ(CollectTable(plan, MakeContext())->num_rows(), 1);
}

TEST(EnforceDistributionTest, MetRequirementsAddNothingAndItIsIdempotent) {
  // One input partition meets "single" and "hash" alike.
  auto functions = FunctionRegistry::MakeDefault();
  auto sum = MakeAggregate(*functions, "sum", {Col("v", 1)}, {arrow::int64()}, "s");
  auto agg = HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, {sum}, Source(1))
                 .ValueOrDie();
  EXPECT_EQ(Enforce(agg), agg);
  auto twice_input =
      HashAggregateExec::Make(AggregateMode::kSingle, {{Col("k", 0), "k"}}, {sum}, Source(3))
          .ValueOrDie();
  auto once = Enforce(twice_input);
  EXPECT_EQ(Display(Enforce(once)), Display(once));
}

// ---- Joins. Source(n) joined with Source(m) on k: "a" appears n times on the left and m times
// on the right, "b" likewise, so an inner join gives 2 · n · m rows.

ExecutionPlanPtr KeyJoin(ExecutionPlanPtr left, ExecutionPlanPtr right, PartitionMode mode,
                         JoinType type = JoinType::kInner) {
  return HashJoinExec::Make(std::move(left), std::move(right), {{Col("k", 0), Col("k", 0)}},
                            std::nullopt, type, mode)
      .ValueOrDie();
}

// The hash repartition over `side`, or null (with a failure) when there is none.
const RepartitionExec* HashRepartition(const ExecutionPlanPtr& side, int partitions) {
  auto* repartition = dynamic_cast<const RepartitionExec*>(side.get());
  EXPECT_NE(repartition, nullptr) << Display(side);
  if (!repartition) return nullptr;
  EXPECT_EQ(repartition->partitioning().kind, Partitioning::Kind::kHash);
  EXPECT_EQ(repartition->partitioning().partition_count, partitions);
  EXPECT_EQ(repartition->partitioning().exprs.size(), 1u);
  if (!repartition->partitioning().exprs.empty()) {
    EXPECT_EQ(repartition->partitioning().exprs[0]->to_string(), "k@0");
  }
  // Never a repartition of a repartition.
  EXPECT_EQ(dynamic_cast<const RepartitionExec*>(repartition->input().get()), nullptr)
      << Display(side);
  return repartition;
}

int64_t Rows(const ExecutionPlanPtr& plan) {
  auto table = CollectTable(plan, MakeContext());
  return table ? table->num_rows() : -1;
}

TEST(EnforceDistributionTest, PartitionedJoinGetsEqualHashRepartitionsOnBothSides) {
  InitCompute();
  for (auto [left, right] : std::vector<std::pair<int, int>>{{3, 2}, {2, 3}, {4, 4}}) {
    SCOPED_TRACE(std::to_string(left) + " x " + std::to_string(right));
    auto plan = Enforce(KeyJoin(Source(left), Source(right), PartitionMode::kPartitioned));
    ASSERT_EQ(plan->name(), "HashJoinExec") << Display(plan);
    HashRepartition(plan->children()[0], 4);
    HashRepartition(plan->children()[1], 4);
    EXPECT_EQ(plan->output_partition_count(), 4);
    EXPECT_EQ(Rows(plan), 2 * left * right);
    // A second pass changes nothing (the same plan comes back).
    EXPECT_EQ(Enforce(plan), plan) << Display(plan);
  }
}

TEST(EnforceDistributionTest, PartitionedJoinWithASinglePartitionSideStillGetsEqualCounts) {
  // One partition meets a hash requirement alone, but not next to a side of four.
  InitCompute();
  for (bool single_left : {true, false}) {
    SCOPED_TRACE(single_left ? "left has one partition" : "right has one partition");
    auto plan = Enforce(KeyJoin(Source(single_left ? 1 : 3), Source(single_left ? 3 : 1),
                                PartitionMode::kPartitioned));
    ASSERT_EQ(plan->name(), "HashJoinExec") << Display(plan);
    auto* l = HashRepartition(plan->children()[0], 4);
    auto* r = HashRepartition(plan->children()[1], 4);
    ASSERT_TRUE(l && r);
    EXPECT_EQ(l->input()->output_partition_count(), single_left ? 1 : 3);
    EXPECT_EQ(r->input()->output_partition_count(), single_left ? 3 : 1);
    EXPECT_EQ(Rows(plan), 2 * 1 * 3);
    EXPECT_EQ(Enforce(plan), plan) << Display(plan);
  }
  // Both sides in one partition: the requirement is met, nothing is added.
  auto both_single = KeyJoin(Source(1), Source(1), PartitionMode::kPartitioned);
  EXPECT_EQ(Enforce(both_single), both_single);
  EXPECT_EQ(Rows(both_single), 2);
}

TEST(EnforceDistributionTest, PartitionedJoinKeepsAMatchingRepartitionAndRedoesAnOddOne) {
  InitCompute();
  // Left already hash-partitioned on k into target_partitions: kept as it is.
  ExecutionPlanPtr ready =
      std::make_shared<RepartitionExec>(Source(3), Partitioning::Hash({Col("k", 0)}, 4));
  auto plan = Enforce(KeyJoin(ready, Source(1), PartitionMode::kPartitioned));
  EXPECT_EQ(plan->children()[0], ready) << Display(plan);
  HashRepartition(plan->children()[1], 4);
  EXPECT_EQ(Rows(plan), 2 * 3 * 1);
  // Left hash-partitioned into 3 next to a 1-partition right: both brought to 4, the left by
  // replacing its repartition (not stacking another on it).
  ExecutionPlanPtr odd =
      std::make_shared<RepartitionExec>(Source(2), Partitioning::Hash({Col("k", 0)}, 3));
  plan = Enforce(KeyJoin(odd, Source(1), PartitionMode::kPartitioned));
  auto* l = HashRepartition(plan->children()[0], 4);
  HashRepartition(plan->children()[1], 4);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->input()->name(), "BatchSourceExec");
  EXPECT_EQ(Rows(plan), 2 * 2 * 1);
  EXPECT_EQ(Enforce(plan), plan);
}

TEST(EnforceDistributionTest, CollectLeftJoinGetsACoalesceOnTheBuildSideOnly) {
  InitCompute();
  auto probe = Source(2);
  auto plan = Enforce(KeyJoin(Source(3), probe, PartitionMode::kCollectLeft));
  ASSERT_EQ(plan->name(), "HashJoinExec") << Display(plan);
  auto* coalesce = dynamic_cast<const CoalescePartitionsExec*>(plan->children()[0].get());
  ASSERT_NE(coalesce, nullptr) << Display(plan);
  EXPECT_EQ(coalesce->children()[0]->output_partition_count(), 3);
  EXPECT_EQ(plan->children()[1], probe) << Display(plan);  // the probe side as it was
  EXPECT_EQ(plan->output_partition_count(), 2);
  EXPECT_EQ(Rows(plan), 2 * 3 * 2);
  EXPECT_EQ(Enforce(plan), plan) << Display(plan);
  // A build side of one partition already is what the join needs.
  auto single = KeyJoin(Source(1), Source(3), PartitionMode::kCollectLeft);
  EXPECT_EQ(Enforce(single), single);
}

TEST(SanityCheckerTest, RefusesAnUnmetRequirement) {
  auto global = std::make_shared<GlobalLimitExec>(Source(3), 0, 1);
  auto checked = SanityChecker().optimize(global, Config(4));
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.status().message().find("SinglePartition"), std::string::npos)
      << checked.status().ToString();
  EXPECT_TRUE(PhysicalOptimizer().optimize(global, Config(4)).ok());
}

}  // namespace
}  // namespace quiver::testing
