#pragma once

#include <quiver/datasource/table_provider.h>
#include <quiver/logical/logical_plan.h>

#include <memory>
#include <string>

namespace quiver {

/// \brief A view (CREATE VIEW name AS query): a named logical plan in the catalog. The binder
/// inlines it where it is referenced, so it has no scan of its own.
class ViewTable : public TableProvider {
 public:
  ViewTable(std::string sql, LogicalPlanPtr plan) : sql_(std::move(sql)), plan_(std::move(plan)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return plan_->schema(); }
  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs&) const override {
    return arrow::Status::Invalid("a view is inlined by the planner and is never scanned");
  }

  const LogicalPlanPtr& plan() const { return plan_; }
  const std::string& sql() const { return sql_; }

 private:
  std::string sql_;
  LogicalPlanPtr plan_;
};

}  // namespace quiver
