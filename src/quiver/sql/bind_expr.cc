// Expressions: names through the scope chain, functions, CASE, IN lists, subqueries.
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/common/limits.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/sql/binder_support.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/sql_to_rel.h>

#include <algorithm>

namespace quiver {

using sql::At;
using sql::Expr;
using sql::ExprKind;
using sql::InvalidAt;
using sql::IsNumericType;
using sql::IsStringType;
using sql::Location;
using sql::Negate;
using sql::NumberLiteral;

namespace {

// Functions declare no signatures, and kernels reject Arrow's null type even where a function
// says it accepts it: a bare NULL argument takes the first type, among the other arguments'
// types and a few common ones, that the function accepts with the same result type (as a
// signature-driven coercion would: upper(NULL) is a NULL string, abs(NULL) a NULL integer).
// `fn` is a scalar or aggregate function; returns its result type.
template <typename Function>
arrow::Result<std::shared_ptr<arrow::DataType>> ResolveNullArguments(
    const Function& fn, std::vector<LogicalExprPtr>* args, DataTypeVector* types,
    const LogicalSchema& schema) {
  auto ret = fn.return_type(*types);
  std::vector<size_t> nulls;
  for (size_t i = 0; i < types->size(); ++i) {
    if ((*types)[i]->id() == arrow::Type::NA) nulls.push_back(i);
  }
  if (nulls.empty()) return ret;
  DataTypeVector candidates;
  for (const auto& t : *types) {
    if (t->id() != arrow::Type::NA) candidates.push_back(t);
  }
  for (const auto& t : {arrow::utf8(), arrow::int64(), arrow::float64(), arrow::boolean(),
                        arrow::date32()}) {
    candidates.push_back(t);
  }
  for (const auto& candidate : candidates) {
    DataTypeVector tried = *types;
    for (size_t i : nulls) tried[i] = candidate;
    auto tried_ret = fn.return_type(tried);
    if (!tried_ret.ok()) continue;
    if (ret.ok() && (*ret)->id() != arrow::Type::NA && !(*tried_ret)->Equals(**ret)) continue;
    for (size_t i : nulls) {
      ARROW_ASSIGN_OR_RAISE((*args)[i], CastTo((*args)[i], candidate, schema));
    }
    *types = std::move(tried);
    return tried_ret;
  }
  return ret;
}

}  // namespace

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
  // Enclosing queries, innermost first: a correlated reference.
  if (ctx.scopes) {
    for (const LogicalSchema* outer : ctx.scopes->outer) {
      std::vector<int> hits = outer->matches(wanted, /*case_insensitive=*/false);
      if (hits.empty() && !(col_id.quoted || relation_quoted)) {
        hits = outer->matches(Column(relation, col_id.value), /*case_insensitive=*/true);
      }
      if (hits.size() > 1) {
        return InvalidAt(expr.loc, "column reference '", expr.to_string(), "' is ambiguous");
      }
      if (hits.size() == 1) {
        const auto& field = outer->field(hits[0]);
        return LogicalExpr::OuterCol(outer->column(hits[0]), field->type(), field->nullable());
      }
    }
  }
  if (!relation.empty()) {
    auto knows = [&](const LogicalSchema& s) {
      return std::any_of(s.qualifiers().begin(), s.qualifiers().end(),
                         [&](const std::string& q) { return q == relation; });
    };
    bool relation_known = knows(*ctx.schema);
    if (ctx.scopes) {
      for (const LogicalSchema* outer : ctx.scopes->outer) relation_known |= knows(*outer);
    }
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
    auto ret = ResolveNullArguments(*fn, &args, &types, *ctx.schema);
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
    auto ret = ResolveNullArguments(*fn, &args, &types, *ctx.schema);
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
  // Deep expressions are refused here, once, with the place they start: every later layer
  // (optimizer, physical planner, codec, execution) recurses over the bound tree.
  DepthScope depth(&bind_depth_);
  if (bind_depth_ > kMaxExpressionDepth) {
    return InvalidAt(expr.loc, "expression nested too deeply (limit ", kMaxExpressionDepth,
                     " levels)");
  }
  if (expr.kind == ExprKind::kBinary &&
      (expr.binary_op == BinaryOperator::kAnd || expr.binary_op == BinaryOperator::kOr)) {
    return bind_logical_chain(expr, ctx);
  }
  return bind_node(expr, ctx);
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_logical_chain(const sql::Expr& expr,
                                                           const BindContext& ctx) const {
  // The parser folds `a OR b OR c` to the left: ((a OR b) OR c). Walk that spine iteratively
  // and combine the operands pairwise, so n terms nest log2(n) deep instead of n (AND and OR
  // are associative under SQL's three-valued logic, so the answer is the same).
  const BinaryOperator op = expr.binary_op;
  std::vector<const sql::Expr*> terms;
  std::vector<Location> locs;
  const sql::Expr* e = &expr;
  while (e->kind == ExprKind::kBinary && e->binary_op == op) {
    terms.push_back(e->args[1].get());
    locs.push_back(e->loc);
    e = e->args[0].get();
  }
  terms.push_back(e);
  std::reverse(terms.begin(), terms.end());
  std::reverse(locs.begin(), locs.end());  // locs[i]: the operator before terms[i + 1]
  std::vector<LogicalExprPtr> bound;
  bound.reserve(terms.size());
  for (const sql::Expr* term : terms) {
    ARROW_ASSIGN_OR_RAISE(auto b, bind(*term, ctx));
    bound.push_back(std::move(b));
  }
  const LogicalSchema& schema = *ctx.schema;
  while (bound.size() > 1) {
    std::vector<LogicalExprPtr> next;
    std::vector<Location> next_locs;
    for (size_t i = 0; i + 1 < bound.size(); i += 2) {
      QUIVER_ASSIGN_AT(auto pair, locs[i],
                       CoerceBinary(std::move(bound[i]), op, std::move(bound[i + 1]), schema));
      next.push_back(std::move(pair));
      if (i + 2 < bound.size()) next_locs.push_back(locs[i + 1]);
    }
    if (bound.size() % 2 == 1) next.push_back(std::move(bound.back()));
    bound = std::move(next);
    locs = std::move(next_locs);
  }
  return bound[0];
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_node(const sql::Expr& expr,
                                                  const BindContext& ctx) const {
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
      if (type->id() == arrow::Type::NA) {
        QUIVER_ASSIGN_AT(arg, expr.loc, CastTo(arg, arrow::utf8(), schema));  // NULL LIKE p
        type = arrow::utf8();
      }
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
      return bind_subquery(expr, ctx);
    case ExprKind::kQuantifiedComparison:
      return sql::NotSupported(expr.loc, expr.all ? "ALL (subquery)" : "ANY (subquery)");
  }
  return InvalidAt(expr.loc, "unsupported expression");
}
SqlToRel::Scopes SqlToRel::Scopes::enter(const LogicalSchema* schema) const {
  Scopes inner = *this;
  inner.outer.insert(inner.outer.begin(), schema);
  return inner;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_subquery(const sql::Query& query,
                                                      const BindContext& ctx) const {
  Scopes scopes = ctx.scopes ? ctx.scopes->enter(ctx.schema) : Scopes().enter(ctx.schema);
  return plan_query(query, scopes);
}

arrow::Result<LogicalExprPtr> SqlToRel::bind_subquery(const sql::Expr& expr,
                                                      const BindContext& ctx) const {
  ARROW_ASSIGN_OR_RAISE(auto plan, plan_subquery(*expr.subquery, ctx));
  switch (expr.kind) {
    case ExprKind::kExists:
      return LogicalExpr::Exists(std::move(plan), expr.negated);
    case ExprKind::kSubquery: {
      if (plan->schema()->num_fields() != 1) {
        return InvalidAt(expr.loc, "a scalar subquery must return one column, it returns ",
                         plan->schema()->num_fields());
      }
      return LogicalExpr::ScalarSubquery(std::move(plan));
    }
    case ExprKind::kInSubquery: {
      if (plan->schema()->num_fields() != 1) {
        return InvalidAt(expr.loc, "the subquery of IN must return one column, it returns ",
                         plan->schema()->num_fields());
      }
      ARROW_ASSIGN_OR_RAISE(auto arg, bind(*expr.args[0], ctx));
      QUIVER_ASSIGN_AT(auto arg_type, expr.loc, arg->data_type(*ctx.schema));
      auto sub_type = plan->schema()->field(0)->type();
      if (!arg_type->Equals(*sub_type)) {
        // Compare in one type: cast the tested value and the subquery's column to it.
        QUIVER_ASSIGN_AT(auto common, expr.loc, ComparisonCommonType(arg_type, sub_type));
        QUIVER_ASSIGN_AT(arg, expr.loc, CastTo(arg, common, *ctx.schema));
        const LogicalSchema& sub_schema = plan->logical_schema();
        QUIVER_ASSIGN_AT(auto column, expr.loc,
                         CastTo(LogicalExpr::Col(sub_schema.column(0)), common, sub_schema));
        if (!column->is(LogicalExprKind::kColumn)) {
          column = LogicalExpr::Alias(column, sub_schema.field(0)->name());
        }
        QUIVER_ASSIGN_AT(plan, expr.loc, LogicalProjection::Make({column}, plan));
      }
      return LogicalExpr::InSubquery(std::move(arg), std::move(plan), expr.negated);
    }
    default:
      return InvalidAt(expr.loc, "not a subquery expression");
  }
}

}  // namespace quiver
