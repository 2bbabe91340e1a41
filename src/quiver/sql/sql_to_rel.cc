#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/decimal.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/logical/logical_explain.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/sql_to_rel.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace quiver {
namespace {

using sql::Expr;
using sql::ExprKind;
using sql::Location;

// An error at a SQL position; messages already carrying a position are passed through.
arrow::Status At(Location loc, const arrow::Status& status) {
  if (status.ok()) return status;
  const std::string& msg = status.message();
  if (msg.rfind("SQL error", 0) == 0 || loc.line == 0) return status;
  std::string text = "SQL error at line " + std::to_string(loc.line) + ", column " +
                     std::to_string(loc.column) + ": " + msg;
  if (status.IsNotImplemented()) return arrow::Status::NotImplemented(text);
  return arrow::Status::Invalid(text);
}

template <typename... Args>
arrow::Status InvalidAt(Location loc, Args&&... args) {
  return At(loc, arrow::Status::Invalid(std::forward<Args>(args)...));
}

#define QUIVER_AT(loc, expr)              \
  do {                                    \
    ::arrow::Status _st = (expr);         \
    if (!_st.ok()) return At((loc), _st); \
  } while (false)

#define QUIVER_ASSIGN_AT_IMPL(tmp, lhs, loc, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return At((loc), tmp.status());    \
  lhs = std::move(tmp).ValueUnsafe();

#define QUIVER_CONCAT_INNER(a, b) a##b
#define QUIVER_CONCAT(a, b) QUIVER_CONCAT_INNER(a, b)
#define QUIVER_ASSIGN_AT(lhs, loc, rexpr) \
  QUIVER_ASSIGN_AT_IMPL(QUIVER_CONCAT(_res_, __LINE__), lhs, loc, rexpr)

bool IsIntegerText(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 42 → int64; 0.06 → decimal128(2, 2); 1e3 (or too many digits) → float64.
arrow::Result<std::shared_ptr<arrow::Scalar>> NumberLiteral(const std::string& text) {
  if (IsIntegerText(text)) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size()) {
      return std::make_shared<arrow::Int64Scalar>(v);
    }
  }
  bool has_exponent = text.find_first_of("eE") != std::string::npos;
  if (!has_exponent) {
    arrow::Decimal128 value;
    int32_t precision = 0, scale = 0;
    if (arrow::Decimal128::FromString(text, &value, &precision, &scale).ok()) {
      precision = std::max({precision, scale, 1});
      if (precision <= 38 && scale >= 0) {
        return std::make_shared<arrow::Decimal128Scalar>(value,
                                                         arrow::decimal128(precision, scale));
      }
    }
  }
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    return arrow::Status::Invalid("invalid number '", text, "'");
  }
  return std::make_shared<arrow::DoubleScalar>(d);
}

bool IsNumericType(const arrow::DataType& t) {
  return arrow::is_integer(t.id()) || arrow::is_floating(t.id()) ||
         t.id() == arrow::Type::DECIMAL128 || t.id() == arrow::Type::INTERVAL_MONTH_DAY_NANO;
}

bool IsStringType(const arrow::DataType& t) {
  return t.id() == arrow::Type::STRING || t.id() == arrow::Type::LARGE_STRING;
}

// -literal evaluated now so comparisons see a literal (x > -1).
arrow::Result<LogicalExprPtr> Negate(const LogicalExprPtr& arg) {
  if (arg->is(LogicalExprKind::kLiteral) && arg->value()->is_valid &&
      arg->value()->type->id() != arrow::Type::INTERVAL_MONTH_DAY_NANO) {
    auto negated = arrow::compute::CallFunction("negate_checked", {arrow::Datum(arg->value())});
    if (negated.ok() && negated->is_scalar()) return LogicalExpr::Lit(negated->scalar());
  }
  if (arg->is(LogicalExprKind::kLiteral) &&
      arg->value()->type->id() == arrow::Type::INTERVAL_MONTH_DAY_NANO && arg->value()->is_valid) {
    auto v = static_cast<const arrow::MonthDayNanoIntervalScalar&>(*arg->value()).value;
    v.months = -v.months;
    v.days = -v.days;
    v.nanoseconds = -v.nanoseconds;
    return LogicalExpr::Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(v));
  }
  return LogicalExpr::Negative(arg);
}

// Replaces group keys and aggregate calls by references to the Aggregate's output columns.
arrow::Result<LogicalExprPtr> RewriteForAggregate(const LogicalExprPtr& expr,
                                                  const std::vector<LogicalExprPtr>& groups,
                                                  const std::vector<LogicalExprPtr>& aggs,
                                                  const LogicalSchema& agg_schema) {
  return TransformDown(expr, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    size_t i = 0;
    if (ContainsExpr(groups, *e, &i)) {
      return LogicalExpr::Col(agg_schema.column(static_cast<int>(i)));
    }
    if (e->is(LogicalExprKind::kAggregateFunction) && ContainsExpr(aggs, *e, &i)) {
      return LogicalExpr::Col(agg_schema.column(static_cast<int>(groups.size() + i)));
    }
    return e;
  });
}

// Every column left after RewriteForAggregate must be an Aggregate output.
arrow::Status CheckGrouped(const LogicalExprPtr& expr, const LogicalSchema& agg_schema,
                           Location loc) {
  for (const auto& col : ExprColumns(expr)) {
    auto found = agg_schema.find(col);
    if (!found.ok() || !*found) {
      return InvalidAt(loc, "column '", col.name,
                       "' must appear in the GROUP BY clause or be used in an aggregate function");
    }
  }
  return arrow::Status::OK();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Statements and queries

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
      return sql::NotSupported(statement.loc, "CREATE VIEW");
    case sql::Statement::Kind::kDropView:
      return sql::NotSupported(statement.loc, "DROP VIEW");
  }
  return arrow::Status::Invalid("unknown statement kind");
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_table_ref(const sql::TableRef& ref) const {
  switch (ref.kind) {
    case sql::TableRef::Kind::kTable: {
      if (!ref.column_aliases.empty()) {
        return sql::NotSupported(ref.column_aliases[0].loc, "a column alias list in FROM");
      }
      // Only the last part of a qualified name names a table (one catalog, one schema).
      const sql::Identifier& id = ref.name.back();
      auto provider = catalog_->table(id.normalized());
      if (!provider.ok() && !id.quoted) provider = catalog_->table(id.value);
      if (!provider.ok()) return InvalidAt(id.loc, "table '", id.value, "' not found");
      std::string qualifier = ref.alias ? ref.alias->normalized() : id.normalized();
      QUIVER_ASSIGN_AT(auto scan, ref.loc, LogicalTableScan::Make(qualifier, *provider));
      return scan;
    }
    case sql::TableRef::Kind::kSubquery:
      return At(ref.loc, arrow::Status::NotImplemented("subqueries in FROM are not supported yet"));
    case sql::TableRef::Kind::kJoin:
      return At(ref.loc, arrow::Status::NotImplemented("joins are not supported yet"));
  }
  return arrow::Status::Invalid("unknown FROM entry");
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

arrow::Result<LogicalPlanPtr> SqlToRel::plan_query(const sql::Query& query) const {
  if (!query.with.empty()) return sql::NotSupported(query.loc, "WITH");
  const sql::Select* single = query.single_select();
  if (!single) {
    const sql::SetExpr& body = *query.body;
    if (body.kind == sql::SetExpr::Kind::kSetOperation) {
      static constexpr const char* kNames[] = {"UNION", "INTERSECT", "EXCEPT"};
      return sql::NotSupported(body.loc, kNames[static_cast<int>(body.op)]);
    }
    return sql::NotSupported(body.loc, "a parenthesized query with its own ORDER BY / LIMIT");
  }
  const sql::Select& select = *single;

  // FROM
  LogicalPlanPtr plan;
  if (select.from.empty()) {
    plan = LogicalEmptyRelation::Make(/*produce_one_row=*/true);
  } else if (select.from.size() > 1) {
    return At(select.from[1]->loc, arrow::Status::NotImplemented("joins are not supported yet"));
  } else {
    ARROW_ASSIGN_OR_RAISE(plan, plan_table_ref(*select.from[0]));
  }

  // WHERE
  if (select.where) {
    BindContext ctx{&plan->logical_schema(), "WHERE"};
    ARROW_ASSIGN_OR_RAISE(auto predicate, bind(*select.where, ctx));
    QUIVER_ASSIGN_AT(predicate, select.where->loc,
                     CoerceToBoolean(predicate, plan->logical_schema(), "WHERE"));
    QUIVER_ASSIGN_AT(plan, select.where->loc, LogicalFilter::Make(predicate, plan));
  }
  const LogicalSchema& input_schema = plan->logical_schema();

  // SELECT list, bound against the FROM/WHERE output.
  std::vector<LogicalExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<Location> locs;
  std::vector<bool> aliased;
  std::vector<std::pair<std::string, LogicalExprPtr>> aliases;
  for (const auto& item : select.items) {
    switch (item.kind) {
      case sql::SelectItem::Kind::kWildcard:
      case sql::SelectItem::Kind::kQualifiedWildcard: {
        std::string qualifier = item.qualifier.empty() ? "" : item.qualifier.back().normalized();
        bool any = false;
        for (int i = 0; i < input_schema.num_fields(); ++i) {
          if (!qualifier.empty() && input_schema.qualifier(i) != qualifier) continue;
          exprs.push_back(LogicalExpr::Col(input_schema.column(i)));
          names.push_back(input_schema.field(i)->name());
          locs.push_back(item.loc);
          aliased.push_back(false);
          any = true;
        }
        if (!any) {
          if (!qualifier.empty()) return InvalidAt(item.loc, "table '", qualifier, "' not found");
          if (select.from.empty()) return InvalidAt(item.loc, "SELECT * with no tables");
        }
        break;
      }
      case sql::SelectItem::Kind::kExpr: {
        BindContext ctx{&input_schema, "SELECT", /*allow_aggregates=*/true};
        ARROW_ASSIGN_OR_RAISE(auto e, bind(*item.expr, ctx));
        std::string name = item.alias ? item.alias->normalized() : OutputName(*e);
        if (item.alias) aliases.emplace_back(name, e);
        exprs.push_back(std::move(e));
        names.push_back(std::move(name));
        locs.push_back(item.loc);
        aliased.push_back(item.alias.has_value());
        break;
      }
    }
  }

  // GROUP BY: expressions, 1-based select ordinals, select aliases.
  std::vector<LogicalExprPtr> groups;
  for (const auto& g : select.group_by) {
    LogicalExprPtr e;
    if (g->kind == ExprKind::kNumber && IsIntegerText(g->text)) {
      int64_t k = std::atoll(g->text.c_str());
      if (k < 1 || k > static_cast<int64_t>(exprs.size())) {
        return InvalidAt(g->loc, "GROUP BY position ", g->text, " is not in the select list");
      }
      e = exprs[k - 1];
      if (ContainsAggregate(e)) {
        return InvalidAt(g->loc, "GROUP BY position ", g->text, " refers to an aggregate");
      }
    } else {
      BindContext ctx{&input_schema, "GROUP BY", false, false, &aliases};
      ARROW_ASSIGN_OR_RAISE(e, bind(*g, ctx));
      if (ContainsAggregate(e)) {
        return InvalidAt(g->loc, "aggregate functions are not allowed in GROUP BY");
      }
    }
    if (!ContainsExpr(groups, *e)) groups.push_back(std::move(e));
  }

  // HAVING
  LogicalExprPtr having;
  if (select.having) {
    BindContext ctx{&input_schema, "HAVING", true, false, &aliases};
    ARROW_ASSIGN_OR_RAISE(having, bind(*select.having, ctx));
  }

  // ORDER BY: an output position (ordinal / alias) or an expression over the input.
  struct OrderKey {
    int output = -1;
    LogicalExprPtr expr;
    bool ascending = true;
    bool nulls_first = false;
    Location loc;
  };
  std::vector<OrderKey> order;
  for (const auto& item : query.order_by) {
    OrderKey key;
    key.ascending = item.ascending;
    key.nulls_first = item.nulls_first.value_or(!item.ascending);
    key.loc = item.loc;
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kNumber && IsIntegerText(e.text)) {
      int64_t k = std::atoll(e.text.c_str());
      if (k < 1 || k > static_cast<int64_t>(exprs.size())) {
        return InvalidAt(e.loc, "ORDER BY position ", e.text, " is not in the select list");
      }
      key.output = static_cast<int>(k - 1);
    } else {
      if (e.kind == ExprKind::kIdentifier && e.names.size() == 1) {
        // A select alias wins over an input column of the same name (SQL's rule for ORDER BY).
        std::string name = e.names[0].normalized();
        for (size_t j = 0; j < names.size(); ++j) {
          if (aliased[j] && names[j] == name) {
            key.output = static_cast<int>(j);
            break;
          }
        }
      }
      if (key.output < 0) {
        BindContext ctx{&input_schema, "ORDER BY", true, false, &aliases};
        ARROW_ASSIGN_OR_RAISE(key.expr, bind(e, ctx));
      }
    }
    order.push_back(std::move(key));
  }

  // Aggregation.
  std::vector<LogicalExprPtr> aggs;
  for (const auto& e : exprs) CollectAggregates(e, &aggs);
  if (having) CollectAggregates(having, &aggs);
  for (const auto& k : order) {
    if (k.expr) CollectAggregates(k.expr, &aggs);
  }
  if (!aggs.empty() || !groups.empty()) {
    QUIVER_ASSIGN_AT(auto agg, select.loc, LogicalAggregate::Make(plan, groups, aggs));
    const LogicalSchema& agg_schema = agg->logical_schema();
    for (size_t i = 0; i < exprs.size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(exprs[i], RewriteForAggregate(exprs[i], groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(exprs[i], agg_schema, locs[i]));
    }
    if (having) {
      ARROW_ASSIGN_OR_RAISE(having, RewriteForAggregate(having, groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(having, agg_schema, select.having->loc));
    }
    for (auto& k : order) {
      if (!k.expr) continue;
      ARROW_ASSIGN_OR_RAISE(k.expr, RewriteForAggregate(k.expr, groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(k.expr, agg_schema, k.loc));
    }
    plan = agg;
  } else if (having) {
    return InvalidAt(select.having->loc, "HAVING needs GROUP BY or an aggregate function");
  }
  if (having) {
    QUIVER_ASSIGN_AT(having, select.having->loc,
                     CoerceToBoolean(having, plan->logical_schema(), "HAVING"));
    QUIVER_ASSIGN_AT(plan, select.having->loc, LogicalFilter::Make(having, plan));
  }

  // Projection, with ORDER BY expressions that are not selected appended as hidden columns.
  std::vector<LogicalExprPtr> projection;
  for (size_t i = 0; i < exprs.size(); ++i) {
    projection.push_back(
        OutputName(*exprs[i]) == names[i] ? exprs[i] : LogicalExpr::Alias(exprs[i], names[i]));
  }
  const size_t visible = projection.size();
  for (auto& k : order) {
    if (k.output >= 0) continue;
    size_t i = 0;
    if (ContainsExpr(exprs, *k.expr, &i)) {
      k.output = static_cast<int>(i);
      continue;
    }
    if (select.distinct) {
      return InvalidAt(k.loc,
                       "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
    }
    size_t hidden = 0;
    std::vector<LogicalExprPtr> extra(projection.begin() + visible, projection.end());
    if (ContainsExpr(extra, *k.expr, &hidden)) {
      k.output = static_cast<int>(visible + hidden);
      continue;
    }
    k.output = static_cast<int>(projection.size());
    projection.push_back(k.expr);
  }
  QUIVER_ASSIGN_AT(plan, select.loc, LogicalProjection::Make(projection, plan));

  if (select.distinct) {
    std::vector<LogicalExprPtr> keys;
    for (int i = 0; i < plan->logical_schema().num_fields(); ++i) {
      keys.push_back(LogicalExpr::Col(plan->logical_schema().column(i)));
    }
    QUIVER_ASSIGN_AT(plan, select.loc, LogicalAggregate::Make(plan, std::move(keys), {}));
  }

  if (!order.empty()) {
    std::vector<SortExpr> keys;
    for (const auto& k : order) {
      keys.push_back(SortExpr{LogicalExpr::Col(plan->logical_schema().column(k.output)),
                              k.ascending, k.nulls_first});
    }
    QUIVER_ASSIGN_AT(plan, query.loc, LogicalSort::Make(plan, std::move(keys)));
  }
  if (projection.size() > visible) {
    std::vector<LogicalExprPtr> keep;
    for (size_t i = 0; i < visible; ++i) {
      keep.push_back(LogicalExpr::Col(plan->logical_schema().column(static_cast<int>(i))));
    }
    QUIVER_ASSIGN_AT(plan, query.loc, LogicalProjection::Make(std::move(keep), plan));
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

arrow::Result<LogicalExprPtr> SqlToRel::plan_expr(const sql::Expr& expr,
                                                  const LogicalSchema& schema) const {
  BindContext ctx{&schema, "expression"};
  return bind(expr, ctx);
}

// ---------------------------------------------------------------------------------------------
// Expressions

arrow::Result<LogicalExprPtr> SqlToRel::bind_identifier(const sql::Expr& expr,
                                                        const BindContext& ctx) const {
  const auto& parts = expr.names;
  const sql::Identifier& col_id = parts.back();
  std::string relation;
  bool relation_quoted = false;
  if (parts.size() >= 2) {
    relation = parts[parts.size() - 2].normalized();
    relation_quoted = parts[parts.size() - 2].quoted;
  }
  Column wanted(relation, col_id.normalized());
  std::vector<int> found = ctx.schema->matches(wanted, /*case_insensitive=*/false);
  if (found.empty() && !(col_id.quoted || relation_quoted)) {
    // Bare names also find columns whose stored names use other letter cases.
    found = ctx.schema->matches(Column(relation, col_id.value), /*case_insensitive=*/true);
  }
  if (found.size() > 1) {
    return InvalidAt(expr.loc, "column reference '", expr.to_string(), "' is ambiguous");
  }
  if (found.size() == 1) return LogicalExpr::Col(ctx.schema->column(found[0]));
  if (parts.size() == 1 && ctx.aliases) {
    for (const auto& [alias, e] : *ctx.aliases) {
      if (alias == wanted.name) return e;
    }
  }
  if (!relation.empty()) {
    bool relation_known =
        std::any_of(ctx.schema->qualifiers().begin(), ctx.schema->qualifiers().end(),
                    [&](const std::string& q) { return q == relation; });
    if (!relation_known) {
      return InvalidAt(expr.loc, "table '", parts[parts.size() - 2].value,
                       "' not found (referenced by '", expr.to_string(), "')");
    }
  }
  return InvalidAt(expr.loc, "column '", expr.to_string(), "' not found");
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_function(const sql::Expr& expr,
                                                      const BindContext& ctx) const {
  std::string name = expr.names.back().normalized();
  if (functions_->has_aggregate(name)) {
    if (!ctx.allow_aggregates) {
      return InvalidAt(expr.loc, "aggregate functions are not allowed in ", ctx.clause);
    }
    if (ctx.inside_aggregate) {
      return InvalidAt(expr.loc, "aggregate function calls cannot be nested");
    }
    ARROW_ASSIGN_OR_RAISE(auto fn, functions_->aggregate(name));
    BindContext inner = ctx;
    inner.inside_aggregate = true;
    inner.allow_aggregates = true;
    std::vector<LogicalExprPtr> args;
    DataTypeVector types;
    if (expr.star && name != "count") {
      return InvalidAt(expr.loc, name, "(*) is not allowed; only count(*)");
    }
    for (const auto& a : expr.args) {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*a, inner));
      QUIVER_ASSIGN_AT(auto type, a->loc, arg->data_type(*ctx.schema));
      types.push_back(std::move(type));
      args.push_back(std::move(arg));
    }
    auto ret = fn->return_type(types);
    if (!ret.ok()) return InvalidAt(expr.loc, ret.status().message());
    if (expr.distinct && args.size() != 1) {
      return At(expr.loc,
                arrow::Status::NotImplemented(name, "(DISTINCT ...) needs exactly one argument"));
    }
    return LogicalExpr::AggregateFn(std::move(fn), std::move(args), expr.distinct);
  }
  if (functions_->has_scalar(name)) {
    if (expr.star || expr.distinct) {
      return InvalidAt(expr.loc, "'*' and DISTINCT are only allowed in aggregate functions");
    }
    ARROW_ASSIGN_OR_RAISE(auto fn, functions_->scalar(name));
    std::vector<LogicalExprPtr> args;
    DataTypeVector types;
    for (const auto& a : expr.args) {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*a, ctx));
      QUIVER_ASSIGN_AT(auto type, a->loc, arg->data_type(*ctx.schema));
      types.push_back(std::move(type));
      args.push_back(std::move(arg));
    }
    auto ret = fn->return_type(types);
    if (!ret.ok()) return InvalidAt(expr.loc, ret.status().message());
    return LogicalExpr::ScalarFn(std::move(fn), std::move(args));
  }
  return InvalidAt(expr.loc, "unknown function '", expr.names.back().value, "'");
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_case(const sql::Expr& expr,
                                                  const BindContext& ctx) const {
  const LogicalSchema& schema = *ctx.schema;
  LogicalExprPtr operand;
  if (expr.operand) {
    ARROW_ASSIGN_OR_RAISE(operand, bind(*expr.operand, ctx));
  }
  std::vector<LogicalExprPtr> whens, thens;
  for (const auto& [w, t] : expr.when_then) {
    ARROW_ASSIGN_OR_RAISE(auto when, bind(*w, ctx));
    ARROW_ASSIGN_OR_RAISE(auto then, bind(*t, ctx));
    whens.push_back(std::move(when));
    thens.push_back(std::move(then));
  }
  LogicalExprPtr else_expr;
  if (expr.else_expr) {
    ARROW_ASSIGN_OR_RAISE(else_expr, bind(*expr.else_expr, ctx));
  }
  if (operand) {
    // CASE x WHEN v ...: every v is compared with x in one common type.
    QUIVER_ASSIGN_AT(auto common, expr.loc, operand->data_type(schema));
    for (const auto& w : whens) {
      QUIVER_ASSIGN_AT(auto wt, expr.loc, w->data_type(schema));
      QUIVER_ASSIGN_AT(common, expr.loc, ComparisonCommonType(common, wt));
    }
    QUIVER_ASSIGN_AT(operand, expr.loc, CastTo(operand, common, schema));
    for (auto& w : whens) {
      QUIVER_ASSIGN_AT(w, expr.loc, CastTo(w, common, schema));
    }
  } else {
    for (auto& w : whens) {
      QUIVER_ASSIGN_AT(w, expr.loc, CoerceToBoolean(w, schema, "CASE WHEN"));
    }
  }
  std::shared_ptr<arrow::DataType> result = arrow::null();
  for (const auto& t : thens) {
    QUIVER_ASSIGN_AT(auto tt, expr.loc, t->data_type(schema));
    QUIVER_ASSIGN_AT(result, expr.loc, ComparisonCommonType(result, tt));
  }
  if (else_expr) {
    QUIVER_ASSIGN_AT(auto et, expr.loc, else_expr->data_type(schema));
    QUIVER_ASSIGN_AT(result, expr.loc, ComparisonCommonType(result, et));
  }
  std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> when_then;
  for (size_t i = 0; i < whens.size(); ++i) {
    QUIVER_ASSIGN_AT(auto t, expr.loc, CastTo(thens[i], result, schema));
    when_then.emplace_back(whens[i], std::move(t));
  }
  if (else_expr) {
    QUIVER_ASSIGN_AT(else_expr, expr.loc, CastTo(else_expr, result, schema));
  }
  return LogicalExpr::Case(std::move(operand), std::move(when_then), std::move(else_expr));
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_in_list(const sql::Expr& expr,
                                                     const BindContext& ctx) const {
  const LogicalSchema& schema = *ctx.schema;
  ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
  QUIVER_ASSIGN_AT(auto arg_type, expr.loc, arg->data_type(schema));
  std::vector<LogicalExprPtr> items;
  bool all_fit = true;
  for (size_t i = 1; i < expr.args.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto item, bind(*expr.args[i], ctx));
    QUIVER_ASSIGN_AT(auto t, expr.args[i]->loc, item->data_type(schema));
    if (!t->Equals(*arg_type)) {
      if (item->is(LogicalExprKind::kLiteral)) {
        if (auto cast = ExactLiteralCast(*item->value(), arg_type)) {
          item = LogicalExpr::Lit(cast);
        } else {
          all_fit = false;
        }
      } else {
        all_fit = false;
      }
    }
    items.push_back(std::move(item));
  }
  if (!all_fit) {
    auto common = arg_type;
    for (const auto& item : items) {
      QUIVER_ASSIGN_AT(auto t, expr.loc, item->data_type(schema));
      QUIVER_ASSIGN_AT(common, expr.loc, ComparisonCommonType(common, t));
    }
    QUIVER_ASSIGN_AT(arg, expr.loc, CastTo(arg, common, schema));
    for (auto& item : items) {
      QUIVER_ASSIGN_AT(item, expr.loc, CastTo(item, common, schema));
    }
  }
  return LogicalExpr::InList(std::move(arg), std::move(items), expr.negated);
}

arrow::Result<LogicalExprPtr> SqlToRel::bind(const sql::Expr& expr, const BindContext& ctx) const {
  const LogicalSchema& schema = *ctx.schema;
  switch (expr.kind) {
    case ExprKind::kIdentifier:
      return bind_identifier(expr, ctx);
    case ExprKind::kNumber: {
      QUIVER_ASSIGN_AT(auto value, expr.loc, NumberLiteral(expr.text));
      return LogicalExpr::Lit(std::move(value));
    }
    case ExprKind::kString:
      return LogicalExpr::Lit(std::make_shared<arrow::StringScalar>(expr.text));
    case ExprKind::kBoolean:
      return LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(expr.bool_value));
    case ExprKind::kNull:
      return LogicalExpr::Lit(std::make_shared<arrow::NullScalar>());
    case ExprKind::kTypedString: {
      auto cast = arrow::compute::Cast(
          arrow::Datum(std::make_shared<arrow::StringScalar>(expr.text)), expr.type);
      if (!cast.ok()) {
        return InvalidAt(expr.loc, "invalid ", expr.type->ToString(), " literal '", expr.text, "'");
      }
      return LogicalExpr::Lit(cast->scalar());
    }
    case ExprKind::kInterval:
      return LogicalExpr::Lit(std::make_shared<arrow::MonthDayNanoIntervalScalar>(
          arrow::MonthDayNanoIntervalType::MonthDayNanos{expr.months, expr.days, expr.nanos}));
    case ExprKind::kUnary: {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
      if (expr.unary_op == sql::UnaryOperator::kNot) {
        QUIVER_ASSIGN_AT(arg, expr.loc, CoerceToBoolean(arg, schema, "NOT"));
        return LogicalExpr::Not(std::move(arg));
      }
      QUIVER_ASSIGN_AT(auto type, expr.loc, arg->data_type(schema));
      if (!IsNumericType(*type) && type->id() != arrow::Type::NA) {
        return InvalidAt(expr.loc, "unary ",
                         expr.unary_op == sql::UnaryOperator::kMinus ? "-" : "+",
                         " needs a number, got ", type->ToString());
      }
      if (expr.unary_op == sql::UnaryOperator::kPlus) return arg;
      return Negate(arg);
    }
    case ExprKind::kBinary: {
      ARROW_ASSIGN_OR_RAISE(auto left, bind(*expr.args[0], ctx));
      ARROW_ASSIGN_OR_RAISE(auto right, bind(*expr.args[1], ctx));
      QUIVER_ASSIGN_AT(auto out, expr.loc,
                       CoerceBinary(std::move(left), expr.binary_op, std::move(right), schema));
      return out;
    }
    case ExprKind::kIsNull: {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
      return LogicalExpr::IsNull(std::move(arg), expr.negated);
    }
    case ExprKind::kBetween: {
      // x BETWEEN a AND b ≡ x >= a AND x <= b; NOT BETWEEN ≡ x < a OR x > b.
      ARROW_ASSIGN_OR_RAISE(auto x, bind(*expr.args[0], ctx));
      ARROW_ASSIGN_OR_RAISE(auto low, bind(*expr.args[1], ctx));
      ARROW_ASSIGN_OR_RAISE(auto high, bind(*expr.args[2], ctx));
      BinaryOperator lo_op = expr.negated ? BinaryOperator::kLt : BinaryOperator::kGtEq;
      BinaryOperator hi_op = expr.negated ? BinaryOperator::kGt : BinaryOperator::kLtEq;
      QUIVER_ASSIGN_AT(auto lo, expr.loc, CoerceBinary(x, lo_op, std::move(low), schema));
      QUIVER_ASSIGN_AT(auto hi, expr.loc, CoerceBinary(x, hi_op, std::move(high), schema));
      return LogicalExpr::Binary(
          std::move(lo), expr.negated ? BinaryOperator::kOr : BinaryOperator::kAnd, std::move(hi));
    }
    case ExprKind::kInList:
      return bind_in_list(expr, ctx);
    case ExprKind::kLike: {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
      QUIVER_ASSIGN_AT(auto type, expr.loc, arg->data_type(schema));
      if (!IsStringType(*type)) {
        return InvalidAt(expr.loc, "LIKE needs a string, got ", type->ToString());
      }
      if (expr.args[1]->kind != ExprKind::kString) {
        return At(expr.args[1]->loc,
                  arrow::Status::NotImplemented("LIKE patterns must be string literals"));
      }
      return LogicalExpr::Like(std::move(arg), expr.args[1]->text, expr.negated,
                               expr.case_insensitive);
    }
    case ExprKind::kCase:
      return bind_case(expr, ctx);
    case ExprKind::kCast: {
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
      auto out = CastTo(arg, expr.type, schema);
      if (!out.ok() && arg->is(LogicalExprKind::kLiteral) && arg->value()->is_valid &&
          (arrow::is_decimal(arg->value()->type->id()) ||
           arrow::is_floating(arg->value()->type->id())) &&
          (arrow::is_integer(expr.type->id()) || arrow::is_decimal(expr.type->id()))) {
        // CAST(2.5 AS INT) rounds; the exact literal conversion refuses to. Leave it to the
        // runtime cast, which rounds as SQL does (and which the optimizer folds).
        return LogicalExpr::Cast(arg, expr.type);
      }
      if (!out.ok()) return At(expr.loc, out.status());
      return *out;
    }
    case ExprKind::kFunction:
      return bind_function(expr, ctx);
    case ExprKind::kSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantifiedComparison:
      return At(expr.loc, arrow::Status::NotImplemented("subqueries are not supported yet"));
  }
  return InvalidAt(expr.loc, "unsupported expression");
}

}  // namespace quiver
