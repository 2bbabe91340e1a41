#pragma once

#include <arrow/result.h>
#include <quiver/datasource/catalog.h>
#include <quiver/functions/function_registry.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/sql/ast.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief The binder: turns a parsed statement into a logical plan.
///
/// Resolves table, column and function names (unknown or ambiguous ones are Invalid naming
/// them, with the SQL position), coerces types (logical/type_coercion.h) and plans each clause;
/// one file per clause:
///
/// - sql_to_rel.cc: statements, WITH, the ORDER BY / LIMIT of a whole query;
/// - plan_from.cc: FROM — tables, views, CTE references, derived tables, joins (ON, USING,
///   NATURAL, CROSS, comma lists);
/// - plan_select.cc: one SELECT — WHERE → Aggregate (GROUP BY / aggregates) → HAVING →
///   Projection (plus hidden ORDER BY columns) → DISTINCT → Sort → Projection;
/// - plan_set_operation.cc: UNION [ALL], INTERSECT, EXCEPT;
/// - bind_expr.cc: expressions, including subqueries (scalar, EXISTS, IN) whose references to
///   enclosing queries become outer columns.
///
/// Names resolve through a chain of scopes: the current FROM first, then each enclosing
/// query's, innermost first; CTEs shadow tables of the same name.
class SqlToRel {
 public:
  SqlToRel(std::shared_ptr<Catalog> catalog, std::shared_ptr<FunctionRegistry> functions)
      : catalog_(std::move(catalog)), functions_(std::move(functions)) {}

  /// A query, or EXPLAIN of one (a LogicalExplain over the query's plan). SET and view
  /// statements are applied by the session and are Invalid here.
  arrow::Result<LogicalPlanPtr> plan_statement(const sql::Statement& statement) const;
  arrow::Result<LogicalPlanPtr> plan_query(const sql::Query& query) const;
  /// The query of a CREATE VIEW, with the view's column names (unoptimized: it is inlined
  /// where the view is used and optimized there).
  arrow::Result<LogicalPlanPtr> plan_view(const sql::Statement& statement) const;
  /// An expression over `schema` (no aggregates, no select aliases).
  arrow::Result<LogicalExprPtr> plan_expr(const sql::Expr& expr, const LogicalSchema& schema) const;

 private:
  /// What is visible from inside a query: the enclosing queries' rows (for correlated
  /// references) and the CTEs in scope.
  struct Scopes {
    std::vector<const LogicalSchema*> outer;                   ///< innermost first
    std::vector<std::pair<std::string, LogicalPlanPtr>> ctes;  ///< innermost last
    /// These scopes as seen from a subquery of a query whose rows are `schema`.
    Scopes enter(const LogicalSchema* schema) const;
  };

  /// What an expression may refer to while it is bound.
  struct BindContext {
    const LogicalSchema* schema = nullptr;
    /// Clause name for messages ("WHERE", "GROUP BY", ...).
    const char* clause = "";
    bool allow_aggregates = false;
    bool inside_aggregate = false;
    /// Select-list aliases, usable where a name does not resolve to a column.
    const std::vector<std::pair<std::string, LogicalExprPtr>>* aliases = nullptr;
    const Scopes* scopes = nullptr;
  };

  // sql_to_rel.cc
  arrow::Result<LogicalPlanPtr> plan_query(const sql::Query& query, const Scopes& scopes) const;
  arrow::Result<LogicalPlanPtr> plan_order_by(const sql::Query& query, LogicalPlanPtr plan,
                                              const Scopes& scopes) const;
  /// `plan` with its first columns renamed to `names` (a projection of aliases).
  static arrow::Result<LogicalPlanPtr> RenameColumns(LogicalPlanPtr plan,
                                                     const std::vector<sql::Identifier>& names,
                                                     sql::Location loc);
  arrow::Result<int64_t> bind_count(const sql::Expr& expr, const char* clause) const;

  // plan_from.cc
  arrow::Result<LogicalPlanPtr> plan_from(const std::vector<sql::TableRefPtr>& from,
                                          const Scopes& scopes) const;
  arrow::Result<LogicalPlanPtr> plan_table_ref(const sql::TableRef& ref,
                                               const Scopes& scopes) const;
  arrow::Result<LogicalPlanPtr> plan_join(const sql::TableRef& ref, const Scopes& scopes) const;
  arrow::Result<LogicalPlanPtr> plan_using_join(const sql::TableRef& ref, LogicalPlanPtr left,
                                                LogicalPlanPtr right,
                                                std::vector<sql::Identifier> columns) const;

  // plan_select.cc: the SELECT with the query's ORDER BY (which may use its inputs).
  arrow::Result<LogicalPlanPtr> plan_select(const sql::Select& select,
                                            const std::vector<sql::OrderByItem>& order_by,
                                            const Scopes& scopes) const;

  // plan_set_operation.cc
  arrow::Result<LogicalPlanPtr> plan_set_expr(const sql::SetExpr& body, const Scopes& scopes) const;

  // bind_expr.cc
  /// Binds `expr`; Invalid at its location past kMaxExpressionDepth.
  arrow::Result<LogicalExprPtr> bind(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_node(const sql::Expr& expr, const BindContext& ctx) const;
  /// A chain `a OR b OR ...` (or AND) of any length, as a balanced tree.
  arrow::Result<LogicalExprPtr> bind_logical_chain(const sql::Expr& expr,
                                                   const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_identifier(const sql::Expr& expr,
                                                const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_function(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_case(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_in_list(const sql::Expr& expr, const BindContext& ctx) const;
  arrow::Result<LogicalExprPtr> bind_subquery(const sql::Expr& expr, const BindContext& ctx) const;
  /// The plan of a subquery seen from a query whose rows are `ctx.schema`.
  arrow::Result<LogicalPlanPtr> plan_subquery(const sql::Query& query,
                                              const BindContext& ctx) const;

  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<FunctionRegistry> functions_;
  // Nesting of bind() calls in progress (one statement is bound on one thread).
  mutable int bind_depth_ = 0;
};

}  // namespace quiver
