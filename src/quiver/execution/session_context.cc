#include <quiver/execution/session_context.h>

#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/memory_table.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/execution/session_state_builder.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/logical/view_table.h>
#include <quiver/sql/parser.h>

#include <optional>

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

arrow::Status SessionContext::apply_view_statement(const sql::Statement& statement) {
  const std::string name = statement.view_name.back().normalized();
  auto existing = state_.catalog()->table(name);
  const bool is_view = existing.ok() && std::dynamic_pointer_cast<ViewTable>(*existing) != nullptr;
  if (statement.kind == Statement::Kind::kDropView) {
    if (!existing.ok()) {
      if (statement.if_exists) return arrow::Status::OK();
      return arrow::Status::Invalid("DROP VIEW: view '", name, "' does not exist");
    }
    if (!is_view) return arrow::Status::Invalid("DROP VIEW: '", name, "' is a table, not a view");
    return state_.catalog()->deregister_table(name);
  }
  if (existing.ok()) {
    if (!is_view) return arrow::Status::Invalid("CREATE VIEW: '", name, "' is a table");
    if (!statement.or_replace) {
      return arrow::Status::Invalid("CREATE VIEW: view '", name, "' already exists");
    }
    ARROW_RETURN_NOT_OK(state_.catalog()->deregister_table(name));
  }
  ARROW_ASSIGN_OR_RAISE(auto plan, state_.view_plan(statement));
  return state_.catalog()->register_table(
      name, std::make_shared<ViewTable>(statement.query->to_string(), std::move(plan)));
}

arrow::Result<DataFrame> SessionContext::sql(const std::string& text) {
  ARROW_ASSIGN_OR_RAISE(auto statements, ParseSql(text));
  if (statements.empty()) return arrow::Status::Invalid("no SQL statement");
  // Statements run in order; the answer is the last query's (later SET / view statements
  // still apply: the query's plan already holds what it read of the session).
  std::optional<DataFrame> answer;
  for (const auto& statement : statements) {
    switch (statement.kind) {
      case Statement::Kind::kSet:
        ARROW_RETURN_NOT_OK(state_.mutable_config().set(statement.set_key, statement.set_value));
        break;
      case Statement::Kind::kCreateView:
      case Statement::Kind::kDropView:
        ARROW_RETURN_NOT_OK(apply_view_statement(statement));
        break;
      case Statement::Kind::kQuery:
      case Statement::Kind::kExplain: {
        ARROW_ASSIGN_OR_RAISE(auto plan, state_.statement_to_plan(statement));
        answer = DataFrame(state_, std::move(plan));
        break;
      }
    }
  }
  if (answer) return *answer;
  return DataFrame(state_, LogicalEmptyRelation::Make(/*produce_one_row=*/false));
}

}  // namespace quiver
