#pragma once

#include <quiver/datasource/table_provider.h>
#include <quiver/logical/logical_plan.h>

#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief Reads a table. Carries what the optimizer pushed into it: the columns to read
/// (`projection`, indices into the table schema), `filters` (conjuncts over the table's
/// columns; a hint for pruning, the plan keeps its Filter) and `fetch` (a row-count hint).
class LogicalTableScan : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalTableScan>> Make(
      std::string table_name, TableProviderPtr provider,
      std::optional<std::vector<int>> projection = std::nullopt,
      std::vector<LogicalExprPtr> filters = {}, std::optional<int64_t> fetch = std::nullopt);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kTableScan; }
  std::string_view name() const override { return "TableScan"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::vector<LogicalExprPtr> expressions() const override { return filters_; }
  arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const override;
  std::string to_string() const override;

  /// The name columns are qualified with (the alias when the query gave one).
  const std::string& table_name() const { return table_name_; }
  const TableProviderPtr& provider() const { return provider_; }
  const std::optional<std::vector<int>>& projection() const { return projection_; }
  const std::vector<LogicalExprPtr>& filters() const { return filters_; }
  const std::optional<int64_t>& fetch() const { return fetch_; }
  /// The whole table's schema, qualified by table_name(): what `filters` are bound to.
  const LogicalSchema& source_schema() const { return source_schema_; }

 private:
  LogicalTableScan(LogicalSchema schema, LogicalSchema source_schema, std::string table_name,
                   TableProviderPtr provider, std::optional<std::vector<int>> projection,
                   std::vector<LogicalExprPtr> filters, std::optional<int64_t> fetch)
      : LogicalPlan(std::move(schema)),
        source_schema_(std::move(source_schema)),
        table_name_(std::move(table_name)),
        provider_(std::move(provider)),
        projection_(std::move(projection)),
        filters_(std::move(filters)),
        fetch_(fetch) {}

  LogicalSchema source_schema_;
  std::string table_name_;
  TableProviderPtr provider_;
  std::optional<std::vector<int>> projection_;
  std::vector<LogicalExprPtr> filters_;
  std::optional<int64_t> fetch_;
};

}  // namespace quiver
