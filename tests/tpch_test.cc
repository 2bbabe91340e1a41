// All 22 TPC-H queries at SF0.01: single node and on a real 4-worker loopback cluster, against
// DuckDB's answers (tests/expected/tpch-sf0.01, made by scripts/make_expected.py); the
// distributed run must equal the single-node one and must really be distributed (several
// stages, network boundaries, tasks on the workers).
#include <cctype>
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

// The file's statements with EXPLAIN in front of each query (Q15 keeps its CREATE / DROP VIEW).
std::string ExplainEveryQuery(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::string statement = text.substr(start, end - start);
    // Skip comment lines and blanks to see the statement's first word.
    size_t pos = 0;
    while (pos < statement.size()) {
      if (std::isspace(static_cast<unsigned char>(statement[pos]))) {
        ++pos;
      } else if (statement.compare(pos, 2, "--") == 0) {
        pos = statement.find('\n', pos);
        if (pos == std::string::npos) pos = statement.size();
      } else {
        break;
      }
    }
    if (pos < statement.size()) {
      const std::string body = statement.substr(pos);
      const bool ddl = body.rfind("create", 0) == 0 || body.rfind("drop", 0) == 0;
      out += (ddl ? "" : "EXPLAIN ") + body + ";\n";
    }
    start = end + 1;
  }
  return out;
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

std::vector<std::string> AllQueries() {
  std::vector<std::string> names;
  for (int i = 1; i <= 22; ++i) names.push_back("q" + std::to_string(i));
  return names;
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchTest, ::testing::ValuesIn(AllQueries()));

}  // namespace
}  // namespace quiver::testing
