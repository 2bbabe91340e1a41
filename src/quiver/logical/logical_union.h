#pragma once

#include <quiver/logical/logical_plan.h>

#include <vector>

namespace quiver {

/// \brief UNION ALL of its inputs: every row of each, duplicates kept. The inputs have the same
/// column types (the binder casts them); names come from the first input, unqualified, and a
/// column is nullable when it is in any input. UNION (distinct), INTERSECT and EXCEPT are built
/// from this, joins and aggregates.
class LogicalUnion : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalUnion>> Make(std::vector<LogicalPlanPtr> inputs);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kUnion; }
  std::string_view name() const override { return "Union"; }
  std::vector<LogicalPlanPtr> inputs() const override { return inputs_; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override {
    return Make(std::move(inputs));
  }
  std::string to_string() const override { return "Union"; }

 private:
  LogicalUnion(LogicalSchema schema, std::vector<LogicalPlanPtr> inputs)
      : LogicalPlan(std::move(schema)), inputs_(std::move(inputs)) {}
  std::vector<LogicalPlanPtr> inputs_;
};

/// \brief Its input with every column re-qualified by `alias` (a derived table, a CTE or a
/// view referenced as `alias`).
class LogicalSubqueryAlias : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalSubqueryAlias>> Make(LogicalPlanPtr input,
                                                                   std::string alias);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kSubqueryAlias; }
  std::string_view name() const override { return "SubqueryAlias"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::string to_string() const override { return "SubqueryAlias: " + alias_; }

  const LogicalPlanPtr& input() const { return input_; }
  const std::string& alias() const { return alias_; }

 private:
  LogicalSubqueryAlias(LogicalSchema schema, LogicalPlanPtr input, std::string alias)
      : LogicalPlan(std::move(schema)), input_(std::move(input)), alias_(std::move(alias)) {}
  LogicalPlanPtr input_;
  std::string alias_;
};

/// \brief The value of an uncorrelated scalar subquery: passes its input's single row; no row
/// becomes one row of NULLs; a second row is an error at run time ("scalar subquery returned
/// more than one row").
class LogicalMaxOneRow : public LogicalPlan {
 public:
  static arrow::Result<std::shared_ptr<LogicalMaxOneRow>> Make(LogicalPlanPtr input);

  LogicalPlanKind kind() const override { return LogicalPlanKind::kMaxOneRow; }
  std::string_view name() const override { return "MaxOneRow"; }
  std::vector<LogicalPlanPtr> inputs() const override { return {input_}; }
  arrow::Result<LogicalPlanPtr> with_new_inputs(std::vector<LogicalPlanPtr> inputs) const override;
  std::string to_string() const override { return "MaxOneRow"; }

  const LogicalPlanPtr& input() const { return input_; }

 private:
  LogicalMaxOneRow(LogicalSchema schema, LogicalPlanPtr input)
      : LogicalPlan(std::move(schema)), input_(std::move(input)) {}
  LogicalPlanPtr input_;
};

}  // namespace quiver
