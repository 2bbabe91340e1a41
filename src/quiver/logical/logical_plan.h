#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_schema.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quiver {

class LogicalPlan;
using LogicalPlanPtr = std::shared_ptr<LogicalPlan>;

enum class LogicalPlanKind {
  kTableScan,
  kFilter,
  kProjection,
  kAggregate,
  kSort,
  kLimit,
  kEmptyRelation,
  kExplain,
  kJoin,
  kUnion,
  kSubqueryAlias,
  kMaxOneRow,
};

/// \brief A node of a logical plan: what to compute, not how. Immutable; rewrites build new
/// nodes (`with_new_inputs`, `with_new_expressions`) whose schemas are derived again.
///
/// Columns are referenced by name (Column: relation qualifier + name) against the input's
/// LogicalSchema, so dropping unused columns below a node never invalidates it.
class LogicalPlan : public std::enable_shared_from_this<LogicalPlan> {
 public:
  virtual ~LogicalPlan() = default;

  virtual LogicalPlanKind kind() const = 0;
  /// "TableScan", "Projection", ...
  virtual std::string_view name() const = 0;

  /// Output schema with relation qualifiers.
  const LogicalSchema& logical_schema() const { return schema_; }
  /// Output schema as Arrow sees it.
  std::shared_ptr<arrow::Schema> schema() const { return schema_.arrow_schema(); }

  virtual std::vector<LogicalPlanPtr> inputs() const = 0;
  /// This node over new inputs (same count); the schema is derived again.
  virtual arrow::Result<LogicalPlanPtr> with_new_inputs(
      std::vector<LogicalPlanPtr> inputs) const = 0;

  /// The node's expressions in a fixed order (filters, projections, keys, aggregates...).
  virtual std::vector<LogicalExprPtr> expressions() const { return {}; }
  /// This node with `exprs` (same count and order as expressions()) in place of its own.
  virtual arrow::Result<LogicalPlanPtr> with_new_expressions(
      std::vector<LogicalExprPtr> exprs) const;

  /// One-line description, e.g. "Filter: lineitem.l_quantity < 24".
  virtual std::string to_string() const = 0;

 protected:
  explicit LogicalPlan(LogicalSchema schema) : schema_(std::move(schema)) {}
  LogicalSchema schema_;
};

/// Indented tree of `plan`, one node a line, children indented two more spaces.
std::string DisplayLogicalPlan(const LogicalPlan& plan, int indent = 0);
std::string DisplayLogicalPlan(const std::shared_ptr<LogicalPlan>& plan);

/// The field a projection or aggregate produces for `expr` over `input`, with its qualifier:
/// aliases and computed expressions are unqualified, a bare column keeps its qualifier.
/// Computed expressions are named by `to_string()` when `qualified_names`, else
/// `display_name()`.
arrow::Result<std::pair<std::shared_ptr<arrow::Field>, std::string>> ExprField(
    const LogicalExpr& expr, const LogicalSchema& input, bool qualified_names);

/// Comma-separated to_string() of `exprs`.
std::string ExprListToString(const std::vector<LogicalExprPtr>& exprs);

}  // namespace quiver
