#include <arrow/type.h>
#include <quiver/logical/logical_table_scan.h>

namespace quiver {

arrow::Result<std::shared_ptr<LogicalTableScan>> LogicalTableScan::Make(
    std::string table_name, TableProviderPtr provider, std::optional<std::vector<int>> projection,
    std::vector<LogicalExprPtr> filters, std::optional<int64_t> fetch) {
  if (!provider) return arrow::Status::Invalid("table '", table_name, "' has no provider");
  auto source = LogicalSchema::Qualified(provider->schema(), table_name);
  LogicalSchema schema = source;
  if (projection) {
    for (int i : *projection) {
      if (i < 0 || i >= source.num_fields()) {
        return arrow::Status::Invalid("projection index ", i, " out of range for table '",
                                      table_name, "'");
      }
    }
    schema = source.project(*projection);
  }
  for (const auto& f : filters) {
    ARROW_RETURN_NOT_OK(f->data_type(source).status());
  }
  return std::shared_ptr<LogicalTableScan>(
      new LogicalTableScan(std::move(schema), std::move(source), std::move(table_name),
                           std::move(provider), std::move(projection), std::move(filters), fetch));
}

arrow::Result<LogicalPlanPtr> LogicalTableScan::with_new_inputs(
    std::vector<LogicalPlanPtr> inputs) const {
  if (!inputs.empty()) return arrow::Status::Invalid("TableScan takes no inputs");
  return std::const_pointer_cast<LogicalPlan>(shared_from_this());
}

arrow::Result<LogicalPlanPtr> LogicalTableScan::with_new_expressions(
    std::vector<LogicalExprPtr> exprs) const {
  return Make(table_name_, provider_, projection_, std::move(exprs), fetch_);
}

std::string LogicalTableScan::to_string() const {
  std::string out = "TableScan: " + table_name_;
  if (projection_) {
    out += " projection=[";
    for (size_t i = 0; i < projection_->size(); ++i) {
      if (i > 0) out += ", ";
      out += source_schema_.field((*projection_)[i])->name();
    }
    out += "]";
  }
  if (!filters_.empty()) out += " filters=[" + ExprListToString(filters_) + "]";
  if (fetch_) out += " fetch=" + std::to_string(*fetch_);
  return out;
}

}  // namespace quiver
