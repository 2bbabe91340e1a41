// All 22 TPC-H queries at SF0.01: single node and on a real 4-worker loopback cluster, against
// DuckDB's answers (tests/expected/tpch-sf0.01, made by scripts/make_expected.py); the
// distributed run must equal the single-node one and must really be distributed (several
// stages, network boundaries, tasks on the workers).
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/local_cluster.h>

#include "test_util.h"

namespace quiver::testing {
namespace {

class TpchTest : public TpchClusterTest {};

// Q1, Q6, Q12, Q14 and Q19 only add up floating-point averages or decimals; the others are
// compared exactly between single node and workers too.
bool SumsDoubles(const std::string& q) {
  return q == "q1" || q == "q8" || q == "q14" || q == "q17" || q == "q22";
}

TEST_P(TpchTest, SingleNodeMatchesDuckDB) {
  auto ctx = SingleNode();
  auto df = ctx.sql(TpchQuery(GetParam()));
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto csv = ToCsv(*df);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_TRUE(CsvMatches(ExpectedCsv(GetParam()), *csv));
}

TEST_P(TpchTest, FourWorkersMatchSingleNodeAndDuckDB) {
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
  if (SumsDoubles(GetParam())) {
    EXPECT_TRUE(CsvMatches(*single_csv, *dist_csv));
  } else {
    EXPECT_EQ(*single_csv, *dist_csv);
  }
  EXPECT_TRUE(CsvMatches(ExpectedCsv(GetParam()), *dist_csv));
}

TEST_P(TpchTest, ExplainShowsStagesOnEveryWorker) {
  auto ctx = Distributed();
  auto df = ctx.sql(ExplainEveryQuery(TpchQuery(GetParam())));
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  auto csv = ToCsv(*df);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->find("not distributed"), std::string::npos) << *csv;
  EXPECT_NE(csv->find("Stage 1 ("), std::string::npos) << *csv;
  EXPECT_NE(csv->find("NetworkCoalesceExec"), std::string::npos) << *csv;
  // Every worker of the cluster runs a task of some stage.
  for (const auto& url : cluster_->urls()) EXPECT_NE(csv->find(url), std::string::npos) << *csv;
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchTest, ::testing::ValuesIn(AllTpchQueries()));

}  // namespace
}  // namespace quiver::testing
