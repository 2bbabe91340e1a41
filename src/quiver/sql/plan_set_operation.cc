// Set operations. UNION ALL is a LogicalUnion; UNION (distinct) groups it by every column;
// INTERSECT / EXCEPT are semi / anti joins on every column in which NULL equals NULL, grouped
// by every column (SQL's set semantics: duplicates go, NULLs are equal).
#include <arrow/type.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/sql/binder_support.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/sql_to_rel.h>

namespace quiver {

using sql::At;
using sql::InvalidAt;

namespace {

// Every column of `plan` as a group key: its distinct rows.
arrow::Result<LogicalPlanPtr> Distinct(LogicalPlanPtr plan) {
  std::vector<LogicalExprPtr> keys;
  for (int i = 0; i < plan->logical_schema().num_fields(); ++i) {
    keys.push_back(LogicalExpr::Col(plan->logical_schema().column(i)));
  }
  ARROW_ASSIGN_OR_RAISE(auto agg, LogicalAggregate::Make(std::move(plan), std::move(keys), {}));
  return agg;
}

// `plan` with column i cast to types[i] where it differs (names kept).
arrow::Result<LogicalPlanPtr> CastColumns(
    LogicalPlanPtr plan, const std::vector<std::shared_ptr<arrow::DataType>>& types) {
  const LogicalSchema& schema = plan->logical_schema();
  bool needed = false;
  std::vector<LogicalExprPtr> exprs;
  for (int i = 0; i < schema.num_fields(); ++i) {
    auto column = LogicalExpr::Col(schema.column(i));
    if (schema.field(i)->type()->Equals(*types[i])) {
      exprs.push_back(column);
      continue;
    }
    needed = true;
    ARROW_ASSIGN_OR_RAISE(auto cast, CastTo(column, types[i], schema));
    exprs.push_back(LogicalExpr::Alias(cast, schema.field(i)->name()));
  }
  if (!needed) return plan;
  ARROW_ASSIGN_OR_RAISE(auto projected, LogicalProjection::Make(std::move(exprs), plan));
  return projected;
}

const char* OperatorName(sql::SetOperator op) {
  switch (op) {
    case sql::SetOperator::kUnion:
      return "UNION";
    case sql::SetOperator::kIntersect:
      return "INTERSECT";
    case sql::SetOperator::kExcept:
      return "EXCEPT";
  }
  return "?";
}

}  // namespace

arrow::Result<LogicalPlanPtr> SqlToRel::plan_set_expr(const sql::SetExpr& body,
                                                      const Scopes& scopes) const {
  switch (body.kind) {
    case sql::SetExpr::Kind::kSelect:
      return plan_select(*body.select, {}, scopes);
    case sql::SetExpr::Kind::kQuery:
      return plan_query(*body.query, scopes);
    case sql::SetExpr::Kind::kSetOperation:
      break;
  }
  const bool all = body.quantifier == sql::SetQuantifier::kAll;
  if (all && body.op != sql::SetOperator::kUnion) {
    return sql::NotSupported(body.loc, std::string(OperatorName(body.op)) + " ALL");
  }
  ARROW_ASSIGN_OR_RAISE(auto left, plan_set_expr(*body.left, scopes));
  ARROW_ASSIGN_OR_RAISE(auto right, plan_set_expr(*body.right, scopes));
  const LogicalSchema& ls = left->logical_schema();
  const LogicalSchema& rs = right->logical_schema();
  if (ls.num_fields() != rs.num_fields()) {
    return InvalidAt(body.loc, "each side of ", OperatorName(body.op),
                     " must have the same number of columns: ", ls.num_fields(), " and ",
                     rs.num_fields());
  }
  // One type per column for both sides.
  std::vector<std::shared_ptr<arrow::DataType>> types;
  for (int i = 0; i < ls.num_fields(); ++i) {
    auto common = ComparisonCommonType(ls.field(i)->type(), rs.field(i)->type());
    if (!common.ok()) {
      return InvalidAt(body.loc, OperatorName(body.op), " column ", i + 1, " ('",
                       ls.field(i)->name(), "'): ", common.status().message());
    }
    types.push_back(*common);
  }
  QUIVER_ASSIGN_AT(left, body.loc, CastColumns(std::move(left), types));
  QUIVER_ASSIGN_AT(right, body.loc, CastColumns(std::move(right), types));

  if (body.op == sql::SetOperator::kUnion) {
    // Flatten chains of UNION ALL into one union.
    std::vector<LogicalPlanPtr> inputs;
    for (const auto& side : {left, right}) {
      if (side->kind() == LogicalPlanKind::kUnion) {
        for (const auto& in : side->inputs()) inputs.push_back(in);
      } else {
        inputs.push_back(side);
      }
    }
    QUIVER_ASSIGN_AT(LogicalPlanPtr u, body.loc, LogicalUnion::Make(std::move(inputs)));
    if (all) return u;
    QUIVER_ASSIGN_AT(auto distinct, body.loc, Distinct(std::move(u)));
    return distinct;
  }
  JoinKeys keys;
  const LogicalSchema& lsc = left->logical_schema();
  const LogicalSchema& rsc = right->logical_schema();
  for (int i = 0; i < lsc.num_fields(); ++i) {
    keys.emplace_back(LogicalExpr::Col(lsc.column(i)), LogicalExpr::Col(rsc.column(i)));
  }
  const JoinType type =
      body.op == sql::SetOperator::kIntersect ? JoinType::kLeftSemi : JoinType::kLeftAnti;
  QUIVER_ASSIGN_AT(auto join, body.loc,
                   LogicalJoin::Make(std::move(left), std::move(right), type, std::move(keys),
                                     nullptr, /*null_equals_null=*/true));
  QUIVER_ASSIGN_AT(auto distinct, body.loc, Distinct(std::move(join)));
  return distinct;
}

}  // namespace quiver
