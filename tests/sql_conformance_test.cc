// SQL conformance corpus: every tests/sql/<name>.sql and tests/sql/joins/<name>.sql runs single
// node and on a real loopback cluster; both must equal DuckDB's answer
// (tests/expected/sql/[joins/]<name>.csv, made by scripts/make_expected.py) and the distributed
// answer must equal the single-node one exactly. tests/sql/joins/errors/<name>.sql must fail,
// both ways, with a message containing tests/sql/joins/errors/<name>.error.
#include <algorithm>
#include <cctype>
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

// Queries as paths under tests/sql without ".sql", e.g. "agg_int" or "joins/semi_exists".
std::vector<std::string> FilesIn(const std::string& subdir, const std::string& extension) {
  std::vector<std::string> names;
  std::error_code ec;
  const std::string dir = CorpusDir() + (subdir.empty() ? "" : "/" + subdir);
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == extension) {
      names.push_back((subdir.empty() ? "" : subdir + "/") + entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The corpus is discovered when the binary starts, so adding a .sql file (and its expected
// answer) adds a test without touching this file.
std::vector<std::string> CorpusNames() {
  auto names = FilesIn("", ".sql");
  auto joins = FilesIn("joins", ".sql");
  names.insert(names.end(), joins.begin(), joins.end());
  return names;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (auto& c : name) {
    if (c == '/') c = '_';
  }
  return name;
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

TEST_P(SqlConformanceTest, DistributedMatchesSingleNodeExactly) {
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

INSTANTIATE_TEST_SUITE_P(Sql, SqlConformanceTest, ::testing::ValuesIn(CorpusNames()), TestName);

// Queries that must fail, with the same error on one node and on workers.
class SqlErrorTest : public TpchClusterTest {
 protected:
  static std::string Query() { return ReadText(CorpusDir() + "/" + GetParam() + ".sql"); }
  static std::string Error() {
    std::string text = ReadText(CorpusDir() + "/" + GetParam() + ".error");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }
  static ::testing::AssertionResult FailsWith(SessionContext& ctx) {
    auto df = ctx.sql(Query());
    arrow::Status st = df.status();
    if (st.ok()) st = ToCsv(*df).status();
    if (st.ok()) return ::testing::AssertionFailure() << "the query did not fail";
    std::string message = st.message();
    std::string lower_message = message, lower_error = Error();
    for (auto& c : lower_message) c = static_cast<char>(std::tolower(c));
    for (auto& c : lower_error) c = static_cast<char>(std::tolower(c));
    if (lower_message.find(lower_error) == std::string::npos) {
      return ::testing::AssertionFailure() << "expected '" << Error() << "' in: " << message;
    }
    return ::testing::AssertionSuccess();
  }
};

TEST_P(SqlErrorTest, FailsOnOneNodeAndOnWorkers) {
  ASSERT_FALSE(Error().empty()) << "no .error file";
  auto single = SingleNode();
  EXPECT_TRUE(FailsWith(single));
  auto dist = Distributed();
  EXPECT_TRUE(FailsWith(dist));
}

INSTANTIATE_TEST_SUITE_P(Sql, SqlErrorTest, ::testing::ValuesIn(FilesIn("joins/errors", ".sql")),
                         TestName);

}  // namespace
}  // namespace quiver::testing
