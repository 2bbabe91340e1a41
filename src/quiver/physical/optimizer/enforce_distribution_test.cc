#include <gtest/gtest.h>
#include <quiver/physical/aggregate/hash_aggregate_exec.h>
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
