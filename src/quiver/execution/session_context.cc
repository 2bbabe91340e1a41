#include <quiver/execution/session_context.h>

#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/memory_table.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/sql/parser.h>

namespace quiver {
namespace {

SessionState DefaultState() {
  // The default builder has nothing that can fail.
  return SessionStateBuilder().build().ValueOrDie();
}

}  // namespace

SessionContext::SessionContext() : state_(DefaultState()) {}

SessionContext::SessionContext(SessionState state) : state_(std::move(state)) {}

arrow::Status SessionContext::register_parquet(const std::string& name, const std::string& path) {
  ARROW_ASSIGN_OR_RAISE(auto table, ParquetTable::Make(path));
  return register_table(name, std::move(table));
}

arrow::Status SessionContext::register_csv(const std::string& name, const std::string& path,
                                           const CsvReadOptions& options) {
  CsvFormatOptions format;
  format.has_header = options.has_header;
  format.delimiter = options.delimiter;
  format.schema = options.schema;
  ARROW_ASSIGN_OR_RAISE(auto table, CsvTable::Make(path, std::move(format)));
  return register_table(name, std::move(table));
}

arrow::Status SessionContext::register_batches(
    const std::string& name, std::vector<std::shared_ptr<arrow::RecordBatch>> batches) {
  ARROW_ASSIGN_OR_RAISE(auto table, MemoryTable::Make(std::move(batches)));
  return register_table(name, std::move(table));
}

arrow::Status SessionContext::register_table(const std::string& name, TableProviderPtr table) {
  return state_.catalog()->register_table(name, std::move(table));
}

arrow::Status SessionContext::deregister_table(const std::string& name) {
  return state_.catalog()->deregister_table(name);
}

arrow::Result<DataFrame> SessionContext::sql(const std::string& text) {
  ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(text));
  if (statements.size() != 1) {
    return arrow::Status::Invalid("expected exactly one SQL statement, got ", statements.size());
  }
  if (statements.front().kind == Statement::Kind::kSet) {
    ARROW_RETURN_NOT_OK(
        state_.mutable_config().set(statements.front().set_key, statements.front().set_value));
    return DataFrame(state_, LogicalEmptyRelation::Make(/*produce_one_row=*/false));
  }
  ARROW_ASSIGN_OR_RAISE(auto plan, state_.statement_to_plan(statements.front()));
  return DataFrame(state_, std::move(plan));
}

}  // namespace quiver
