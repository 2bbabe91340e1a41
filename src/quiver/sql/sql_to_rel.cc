// Statements, WITH, and the ORDER BY / LIMIT / OFFSET of a whole query.
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/logical/logical_explain.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_union.h>
#include <quiver/sql/binder_support.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/sql_to_rel.h>

#include <cstdlib>

namespace quiver {

using sql::At;
using sql::ExprKind;
using sql::InvalidAt;
using sql::IsIntegerText;

arrow::Result<LogicalPlanPtr> SqlToRel::plan_statement(const sql::Statement& statement) const {
  switch (statement.kind) {
    case sql::Statement::Kind::kQuery:
      return plan_query(*statement.query);
    case sql::Statement::Kind::kExplain: {
      ARROW_ASSIGN_OR_RAISE(auto inner, plan_query(*statement.query));
      return LogicalExplain::Make(std::move(inner), statement.verbose);
    }
    case sql::Statement::Kind::kSet:
      return arrow::Status::Invalid("SET ", statement.set_key,
                                    " is applied by the session, it has no plan");
    case sql::Statement::Kind::kCreateView:
    case sql::Statement::Kind::kDropView:
      return InvalidAt(statement.loc, "views are created and dropped by the session");
  }
  return arrow::Status::Invalid("unknown statement kind");
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_view(const sql::Statement& statement) const {
  if (statement.kind != sql::Statement::Kind::kCreateView) {
    return InvalidAt(statement.loc, "not a CREATE VIEW statement");
  }
  ARROW_ASSIGN_OR_RAISE(auto plan, plan_query(*statement.query));
  if (statement.view_columns.empty()) return plan;
  return RenameColumns(std::move(plan), statement.view_columns, statement.loc);
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_query(const sql::Query& query) const {
  return plan_query(query, Scopes());
}

arrow::Result<LogicalPlanPtr> SqlToRel::RenameColumns(LogicalPlanPtr plan,
                                                      const std::vector<sql::Identifier>& names,
                                                      sql::Location loc) {
  const LogicalSchema& schema = plan->logical_schema();
  if (static_cast<int>(names.size()) > schema.num_fields()) {
    return InvalidAt(loc, names.size(), " column names given for ", schema.num_fields(),
                     " columns");
  }
  std::vector<LogicalExprPtr> exprs;
  for (int i = 0; i < schema.num_fields(); ++i) {
    auto column = LogicalExpr::Col(schema.column(i));
    exprs.push_back(i < static_cast<int>(names.size())
                        ? LogicalExpr::Alias(column, names[i].normalized())
                        : column);
  }
  QUIVER_ASSIGN_AT(auto renamed, loc, LogicalProjection::Make(std::move(exprs), plan));
  return renamed;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_query(const sql::Query& query,
                                                   const Scopes& scopes) const {
  // WITH: each CTE sees the ones before it; the body sees them all.
  Scopes inner = scopes;
  for (const auto& cte : query.with) {
    ARROW_ASSIGN_OR_RAISE(auto plan, plan_query(*cte.query, inner));
    if (!cte.columns.empty()) {
      ARROW_ASSIGN_OR_RAISE(plan, RenameColumns(std::move(plan), cte.columns, cte.loc));
    }
    const std::string name = cte.name.normalized();
    QUIVER_ASSIGN_AT(auto aliased, cte.loc, LogicalSubqueryAlias::Make(std::move(plan), name));
    inner.ctes.emplace_back(name, std::move(aliased));
  }
  LogicalPlanPtr plan;
  if (query.body->kind == sql::SetExpr::Kind::kSelect) {
    // A single SELECT orders by anything its inputs hold.
    ARROW_ASSIGN_OR_RAISE(plan, plan_select(*query.body->select, query.order_by, inner));
  } else {
    ARROW_ASSIGN_OR_RAISE(plan, plan_set_expr(*query.body, inner));
    ARROW_ASSIGN_OR_RAISE(plan, plan_order_by(query, std::move(plan), inner));
  }

  // LIMIT / OFFSET
  int64_t skip = 0;
  std::optional<int64_t> fetch;
  if (query.offset) {
    ARROW_ASSIGN_OR_RAISE(skip, bind_count(*query.offset, "OFFSET"));
  }
  if (query.limit) {
    ARROW_ASSIGN_OR_RAISE(auto n, bind_count(*query.limit, "LIMIT"));
    fetch = n;
  }
  if (skip > 0 || fetch) {
    ARROW_ASSIGN_OR_RAISE(plan, LogicalLimit::Make(plan, skip, fetch));
  }
  return plan;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_order_by(const sql::Query& query, LogicalPlanPtr plan,
                                                      const Scopes& scopes) const {
  if (query.order_by.empty()) return plan;
  // Over a set operation (or a parenthesized query) only its output columns are visible.
  const LogicalSchema& schema = plan->logical_schema();
  std::vector<SortExpr> keys;
  for (const auto& item : query.order_by) {
    const sql::Expr& e = *item.expr;
    LogicalExprPtr key;
    if (e.kind == ExprKind::kNumber && IsIntegerText(e.text)) {
      int64_t k = std::atoll(e.text.c_str());
      if (k < 1 || k > schema.num_fields()) {
        return InvalidAt(e.loc, "ORDER BY position ", e.text, " is not in the select list");
      }
      key = LogicalExpr::Col(schema.column(static_cast<int>(k - 1)));
    } else {
      BindContext ctx{&schema, "ORDER BY"};
      ctx.scopes = &scopes;
      ARROW_ASSIGN_OR_RAISE(key, bind(e, ctx));
    }
    keys.push_back(
        SortExpr{std::move(key), item.ascending, item.nulls_first.value_or(!item.ascending)});
  }
  QUIVER_ASSIGN_AT(auto sorted, query.loc, LogicalSort::Make(std::move(plan), std::move(keys)));
  return sorted;
}

arrow::Result<int64_t> SqlToRel::bind_count(const sql::Expr& expr, const char* clause) const {
  LogicalSchema empty;
  BindContext ctx{&empty, clause};
  ARROW_ASSIGN_OR_RAISE(auto bound, bind(expr, ctx));
  if (bound->is(LogicalExprKind::kLiteral) && bound->value()->is_valid &&
      arrow::is_integer(bound->value()->type->id())) {
    auto v = bound->value()->CastTo(arrow::int64());
    if (v.ok()) {
      int64_t n = static_cast<const arrow::Int64Scalar&>(**v).value;
      if (n >= 0) return n;
    }
  }
  return InvalidAt(expr.loc, clause, " must be a non-negative integer constant");
}

}  // namespace quiver
