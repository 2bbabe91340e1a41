#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/record_batch.h>
#include <arrow/result.h>

#include <quiver/execution/dataframe.h>
#include <quiver/execution/session_state.h>

namespace quiver {
namespace sql {
struct Statement;
}  // namespace sql

/// \brief Options for register_csv.
struct CsvReadOptions {
  bool has_header = true;
  char delimiter = ',';
  /// Explicit schema; inferred from the first file when null.
  std::shared_ptr<arrow::Schema> schema;
};

/// \brief The entry point for running SQL: register tables, then `sql(text)`.
///
/// \code
/// quiver::SessionContext ctx;
/// ARROW_RETURN_NOT_OK(ctx.register_parquet("lineitem", "/data/tpch/lineitem"));
/// ARROW_ASSIGN_OR_RAISE(auto df, ctx.sql("SELECT count(*) FROM lineitem"));
/// ARROW_ASSIGN_OR_RAISE(auto batches, df.collect());
/// \endcode
class SessionContext {
 public:
  /// A single-node session with default settings.
  SessionContext();
  explicit SessionContext(SessionState state);

  const SessionState& state() const { return state_; }
  SessionState& mutable_state() { return state_; }

  /// A Parquet file, or a directory whose *.parquet files (recursively) form one table.
  arrow::Status register_parquet(const std::string& name, const std::string& path);
  /// A CSV file, or a directory of *.csv files.
  arrow::Status register_csv(const std::string& name, const std::string& path,
                             const CsvReadOptions& options = {});
  /// In-memory batches (all with the same schema), each batch a unit of parallelism.
  arrow::Status register_batches(const std::string& name,
                                 std::vector<std::shared_ptr<arrow::RecordBatch>> batches);
  arrow::Status register_table(const std::string& name, TableProviderPtr table);
  arrow::Status deregister_table(const std::string& name);

  /// Runs the statements of `text` (separated by ';') in order and returns the last query's
  /// DataFrame. `SET k = v` applies to this context; `CREATE [OR REPLACE] VIEW` / `DROP VIEW
  /// [IF EXISTS]` change its catalog; `EXPLAIN q` yields the plans as rows. Text without a query
  /// yields an empty DataFrame.
  arrow::Result<DataFrame> sql(const std::string& text);

 private:
  arrow::Status apply_view_statement(const sql::Statement& statement);

  SessionState state_;
};

}  // namespace quiver
