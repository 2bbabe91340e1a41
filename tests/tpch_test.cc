// TPC-H at SF0.01: single node and a real 3-worker loopback cluster give identical results,
// equal to DuckDB's answers (tests/expected, made by scripts/make_expected.py).
#include <memory>

#include <gtest/gtest.h>

#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/local_cluster.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

class TpchTest : public TpchClusterTest {};

TEST_P(TpchTest, SingleNodeMatchesDuckDB) {
  auto ctx = SingleNode();
  auto df = ctx.sql(TpchQuery(GetParam()));
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto csv = ToCsv(*df);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_TRUE(CsvMatches(ExpectedCsv(GetParam()), *csv));
}

TEST_P(TpchTest, ThreeWorkersMatchSingleNodeExactly) {
  auto single_ctx = SingleNode();
  auto dist_ctx = Distributed();
  auto single = single_ctx.sql(TpchQuery(GetParam()));
  auto dist = dist_ctx.sql(TpchQuery(GetParam()));
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  ASSERT_TRUE(dist.ok()) << dist.status().ToString();
  auto single_csv = ToCsv(*single);
  auto dist_csv = ToCsv(*dist);
  ASSERT_TRUE(single_csv.ok()) << single_csv.status().ToString();
  ASSERT_TRUE(dist_csv.ok()) << dist_csv.status().ToString();
  EXPECT_EQ(*single_csv, *dist_csv);
  EXPECT_TRUE(CsvMatches(ExpectedCsv(GetParam()), *dist_csv));
}

TEST_P(TpchTest, ExplainShowsStagesOnWorkers) {
  auto ctx = Distributed();
  auto df = ctx.sql("EXPLAIN " + TpchQuery(GetParam()));
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto csv = ToCsv(*df);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_NE(csv->find("distributed_plan"), std::string::npos) << *csv;
  EXPECT_NE(csv->find("Stage 1"), std::string::npos) << *csv;
  EXPECT_EQ(csv->find("not distributed"), std::string::npos) << *csv;
  // Every worker of the cluster gets a task of the leaf stage (3 files, 3 workers).
  for (const auto& url : cluster_->urls()) EXPECT_NE(csv->find(url), std::string::npos) << *csv;
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchTest, ::testing::Values("q1", "q6"));

}  // namespace
}  // namespace quiver::testing
