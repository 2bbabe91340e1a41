#pragma once
// Helpers shared by the integration tests: where the TPC-H data and expected answers are,
// rendering results as CSV (with the CLI's printer) and comparing against expected CSV.

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include <quiver/cli/result_printer.h>
#include <quiver/distributed/worker_resolver.h>
#include <quiver/execution/session_context.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/execution/tpch_tables.h>
#include <quiver/worker/local_cluster.h>

namespace quiver::testing {

inline std::string SourceDir() { return QUIVER_SOURCE_DIR; }

/// SF0.01 TPC-H data made by `make test` (tpchgen-cli, 3 parts per table).
inline std::string TpchDir() {
  const char* dir = std::getenv("QUIVER_TPCH_DIR");
  return dir ? dir : "";
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline std::string TpchQuery(const std::string& name) {
  return ReadText(SourceDir() + "/queries/tpch/" + name + ".sql");
}

/// \brief Registers the small CSV fixture tables of tests/data/sql/ used by the join, subquery
/// and set-operation corpus (tests/sql/joins/): t1, t2 (NULL and duplicate join keys, int32 vs
/// int64 keys, decimals of scales 2 and 3, dates), t_empty (no rows), s1, s2 (duplicate and
/// NULL rows for set operations).
///
/// The schemas are explicit so that an empty numeric or date field reads as NULL (text fields
/// in the fixtures are never empty: the CSV reader reads them as ''). scripts/make_expected.py
/// loads the same files into DuckDB with the same types and checks this list against its own.
inline arrow::Status RegisterSqlFixtureTables(SessionContext* ctx) {
  using arrow::field;
  const std::vector<std::pair<std::string, std::shared_ptr<arrow::Schema>>> tables = {
      {"t1", arrow::schema({field("id", arrow::int32()), field("k", arrow::int32()),
                            field("v", arrow::int64()), field("s", arrow::utf8()),
                            field("amt", arrow::decimal128(10, 2)), field("dt", arrow::date32())})},
      {"t2", arrow::schema({field("id", arrow::int32()), field("k", arrow::int64()),
                            field("w", arrow::utf8()), field("amt", arrow::decimal128(12, 3)),
                            field("dt", arrow::date32())})},
      {"t_empty", arrow::schema({field("k", arrow::int32()), field("s", arrow::utf8())})},
      {"s1", arrow::schema({field("a", arrow::int32()), field("b", arrow::utf8())})},
      {"s2", arrow::schema({field("a", arrow::int32()), field("b", arrow::utf8())})},
  };
  for (const auto& [name, schema] : tables) {
    CsvReadOptions options;
    options.schema = schema;
    ARROW_RETURN_NOT_OK(
        ctx->register_csv(name, SourceDir() + "/tests/data/sql/" + name + ".csv", options));
  }
  return arrow::Status::OK();
}

inline std::string ExpectedCsv(const std::string& name) {
  return ReadText(SourceDir() + "/tests/expected/tpch-sf0.01/" + name + ".csv");
}

inline arrow::Result<std::string> ToCsv(const DataFrame& df) {
  ARROW_ASSIGN_OR_RAISE(auto batches, df.collect());
  std::ostringstream out;
  ARROW_RETURN_NOT_OK(cli::PrintBatches(df.schema(), batches, cli::OutputFormat::kCsv, out));
  return out.str();
}

inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    std::string cell;
    while (std::getline(cs, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

/// Same header and rows; numbers equal within 1e-9 relative, text exactly.
inline ::testing::AssertionResult CsvMatches(const std::string& expected,
                                             const std::string& actual) {
  auto e = ParseCsv(expected), a = ParseCsv(actual);
  if (e.size() != a.size()) {
    return ::testing::AssertionFailure()
           << "expected " << e.size() << " lines, got " << a.size() << "\n"
           << actual;
  }
  for (size_t r = 0; r < e.size(); ++r) {
    if (e[r].size() != a[r].size()) {
      return ::testing::AssertionFailure()
             << "line " << r << " has " << a[r].size() << " cells, expected " << e[r].size();
    }
    for (size_t c = 0; c < e[r].size(); ++c) {
      char* end_e = nullptr;
      char* end_a = nullptr;
      double ve = std::strtod(e[r][c].c_str(), &end_e);
      double va = std::strtod(a[r][c].c_str(), &end_a);
      bool numeric =
          r > 0 && !e[r][c].empty() && *end_e == '\0' && !a[r][c].empty() && *end_a == '\0';
      if (numeric ? std::abs(ve - va) > 1e-9 * std::max(1.0, std::abs(ve)) : e[r][c] != a[r][c]) {
        return ::testing::AssertionFailure() << "line " << r << " column " << c << ": expected '"
                                             << e[r][c] << "', got '" << a[r][c] << "'";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

/// Settings that spread every scan over all workers (one scan unit a task at most): SF0.01 is
/// far below the default `distributed.bytes_per_task`, and the tests must run distributed.
/// \brief A loopback port bound but never listened on, held until destruction: connections
/// to url() are refused, and no worker of a test running alongside can take the port (a
/// stopped worker's port could be reused, and then answer).
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return;
    }
    url_ = "grpc+tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  /// Empty when no port could be bound.
  const std::string& url() const { return url_; }

 private:
  int fd_ = -1;
  std::string url_;
};

inline SessionConfig SpreadOverWorkers() {
  SessionConfig config;
  config.distributed_bytes_per_task = 1;
  return config;
}

/// A session over the SF0.01 TPC-H tables with `config`: on one node when `cluster` is null,
/// else over its workers with `distributed.require_distribution` (a plan that cannot be
/// distributed fails). `runtime` null: the process's.
inline arrow::Result<SessionContext> TpchSession(const SessionConfig& config,
                                                 const LocalCluster* cluster,
                                                 std::shared_ptr<RuntimeEnv> runtime = nullptr) {
  SessionStateBuilder builder;
  builder.with_config(config);
  if (runtime) builder.with_runtime_env(std::move(runtime));
  if (cluster) {
    builder.with_distributed_planner()
        .with_distributed_worker_resolver(std::make_shared<StaticWorkerResolver>(cluster->urls()))
        .with_distributed_auth_token(cluster->auth_token())
        .with_setting("distributed.require_distribution", "true");
  }
  ARROW_ASSIGN_OR_RAISE(auto state, builder.build());
  SessionContext ctx(std::move(state));
  ARROW_RETURN_NOT_OK(RegisterTpchTables(&ctx, TpchDir()));
  return ctx;
}

// The file's statements with EXPLAIN in front of each query (Q15 keeps its CREATE / DROP VIEW).
inline std::string ExplainEveryQuery(const std::string& text) {
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

/// "q1" .. "q22".
inline std::vector<std::string> AllTpchQueries() {
  std::vector<std::string> names;
  for (int i = 1; i <= 22; ++i) names.push_back("q" + std::to_string(i));
  return names;
}

/// \brief A suite over the SF0.01 TPC-H tables (and the small fixture tables of
/// tests/data/sql) with one real 4-worker loopback cluster shared by its tests: SingleNode()
/// and Distributed() sessions over the same files.
class TpchClusterTest : public ::testing::TestWithParam<std::string> {
 protected:
  static constexpr int kWorkers = 4;
  static void SetUpTestSuite() {
    ASSERT_TRUE(arrow::compute::Initialize().ok());
    ASSERT_FALSE(TpchDir().empty()) << "QUIVER_TPCH_DIR is not set: run the suite with make test";
    auto cluster = LocalCluster::Start(kWorkers);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(cluster).ValueOrDie();
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  static SessionContext SingleNode() {
    SessionContext ctx;
    EXPECT_TRUE(RegisterTpchTables(&ctx, TpchDir()).ok());
    EXPECT_TRUE(RegisterSqlFixtureTables(&ctx).ok());
    return ctx;
  }

  static SessionContext Distributed() {
    auto state = SessionStateBuilder()
                     .with_config(SpreadOverWorkers())
                     .with_distributed_planner()
                     .with_distributed_worker_resolver(
                         std::make_shared<StaticWorkerResolver>(cluster_->urls()))
                     .with_distributed_auth_token(cluster_->auth_token())
                     .build();
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    SessionContext ctx(*state);
    EXPECT_TRUE(RegisterTpchTables(&ctx, TpchDir()).ok());
    EXPECT_TRUE(RegisterSqlFixtureTables(&ctx).ok());
    return ctx;
  }

  static inline std::unique_ptr<LocalCluster> cluster_;
};

}  // namespace quiver::testing
