// SQL conformance corpus: every tests/sql/<name>.sql runs single node and on a real 3-worker
// loopback cluster; both must equal DuckDB's answer (tests/expected/sql/<name>.csv, made by
// scripts/make_expected.py) and the distributed answer must equal the single-node one exactly.
#include <algorithm>
#include <filesystem>
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

// A query whose file contains this line sums floating-point values (see tests/sql/README.md).
constexpr const char* kInexactMarker = "-- inexact: float sums";

std::string CorpusDir() { return SourceDir() + "/tests/sql"; }

// The corpus is discovered when the binary starts, so adding a .sql file (and its expected
// answer) adds a test without touching this file.
std::vector<std::string> CorpusNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(CorpusDir(), ec)) {
    if (entry.path().extension() == ".sql") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SqlConformanceTest : public TpchClusterTest {
 protected:
  static std::string Query() { return ReadText(CorpusDir() + "/" + GetParam() + ".sql"); }
  static std::string Expected() {
    return ReadText(SourceDir() + "/tests/expected/sql/" + GetParam() + ".csv");
  }

  static arrow::Result<std::string> Run(SessionContext& ctx) {
    ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql(Query()));
    return ToCsv(df);
  }
};

TEST_P(SqlConformanceTest, SingleNodeMatchesDuckDB) {
  ASSERT_FALSE(Expected().empty()) << "no expected answer: run scripts/make_expected.py";
  auto ctx = SingleNode();
  auto csv = Run(ctx);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_TRUE(CsvMatches(Expected(), *csv));
}

TEST_P(SqlConformanceTest, ThreeWorkersMatchSingleNodeExactly) {
  auto single_ctx = SingleNode();
  auto dist_ctx = Distributed();
  auto single = Run(single_ctx);
  auto dist = Run(dist_ctx);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  ASSERT_TRUE(dist.ok()) << dist.status().ToString();
  if (Query().find(kInexactMarker) == std::string::npos) {
    EXPECT_EQ(*single, *dist);
  } else {
    // Floating-point sums depend on the order rows are added in, which depends on how the
    // rows are partitioned: equal within rounding, not bit for bit.
    EXPECT_TRUE(CsvMatches(*single, *dist));
  }
  EXPECT_TRUE(CsvMatches(Expected(), *dist));
}

INSTANTIATE_TEST_SUITE_P(Sql, SqlConformanceTest, ::testing::ValuesIn(CorpusNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace quiver::testing
