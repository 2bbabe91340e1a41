#pragma once

#include <arrow/result.h>
#include <quiver/datasource/catalog.h>
#include <quiver/functions/function_registry.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/sql/ast.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief The binder: turns a parsed statement into a logical plan.
///
/// Resolves table, column and function names (unknown ones are Invalid naming them, with the
/// SQL position), coerces types (logical/type_coercion.h) and plans the SELECT pipeline:
///
///   TableScan → Filter (WHERE) → Aggregate (GROUP BY / aggregates) → Filter (HAVING)
///   → Projection (SELECT list, plus hidden ORDER BY columns) → Aggregate (DISTINCT)
///   → Sort → Projection (dropping hidden columns) → Limit
///
/// GROUP BY accepts expressions, select-list ordinals and select aliases; ORDER BY accepts
/// expressions (also over non-selected columns and aggregates), aliases and ordinals.
class SqlToRel {
 public:
  SqlToRel(std::shared_ptr<Catalog> catalog, std::shared_ptr<FunctionRegistry> functions)
      : catalog_(std::move(catalog)), functions_(std::move(functions)) {}

  /// A query, or EXPLAIN of one (a LogicalExplain over the query's plan). SET statements
  /// are applied by the session and are Invalid here.
  arrow::Result<LogicalPlanPtr> plan_statement(const sql::Statement& statement) const;
  arrow::Result<LogicalPlanPtr> plan_query(const sql::Query& query) const;
  /// An expression over `schema` (no aggregates, no select aliases).
  arrow::Result<LogicalExprPtr> plan_expr(const sql::Expr& expr, const LogicalSchema& schema) const;

 private:
  /// What an expression may refer to while it is bound.
  struct BindContext {
    const LogicalSchema* schema = nullptr;
    /// Clause name for messages ("WHERE", "GROUP BY", ...).
    const char* clause = "";
    bool allow_aggregates = false;
    bool inside_aggregate = false;
    /// Select-list aliases, usable where a name does not resolve to a column.
    const std::vector<std::pair<std::string, LogicalExprPtr>>* aliases = nullptr;
  };

  arrow::Result<LogicalPlanPtr> plan_table_ref(const sql::TableRef& ref) const;
  arrow::Result<LogicalExprPtr> bind(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_identifier(const sql::Expr& expr,
                                                const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_function(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_case(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_in_list(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<int64_t> bind_count(const sql::Expr& expr, const char* clause) const;

  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<FunctionRegistry> functions_;
};

}  // namespace quiver
