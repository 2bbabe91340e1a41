#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/logical/logical_expr.h>
#include <quiver/logical/logical_plan.h>
#include <quiver/logical/type_coercion.h>

namespace quiver {
namespace {

std::shared_ptr<LogicalExpr> NewExpr() {
  // LogicalExpr's constructor is private; the factories below are its only users.
  struct Access : LogicalExpr {};
  return std::make_shared<Access>();
}

int Precedence(const LogicalExpr& e) {
  if (!e.is(LogicalExprKind::kBinary)) {
    if (e.is(LogicalExprKind::kIsNull) || e.is(LogicalExprKind::kInList) ||
        e.is(LogicalExprKind::kLike) || e.is(LogicalExprKind::kInSubquery)) {
      return 3;
    }
    if (e.is(LogicalExprKind::kNot)) return 2;
    return 10;
  }
  switch (e.op()) {
    case BinaryOperator::kOr:
      return 1;
    case BinaryOperator::kAnd:
      return 2;
    case BinaryOperator::kPlus:
    case BinaryOperator::kMinus:
      return 4;
    case BinaryOperator::kMultiply:
    case BinaryOperator::kDivide:
    case BinaryOperator::kModulo:
      return 5;
    default:
      return 3;
  }
}

}  // namespace

// The factories construct through a derived helper because the constructor is private.
#define QUIVER_NEW_EXPR(var, k, ...) \
  auto var = NewExpr();              \
  var->kind_ = (k);                  \
  var->payload_ = __VA_ARGS__

namespace ep = expr_payload;

LogicalExprPtr LogicalExpr::Col(Column column) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kColumn, ep::ColumnRef{std::move(column)});
  return e;
}

LogicalExprPtr LogicalExpr::Col(std::string relation, std::string name) {
  return Col(Column(std::move(relation), std::move(name)));
}

LogicalExprPtr LogicalExpr::Lit(std::shared_ptr<arrow::Scalar> value) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kLiteral, ep::Literal{std::move(value)});
  return e;
}

LogicalExprPtr LogicalExpr::Alias(LogicalExprPtr arg, std::string name) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kAlias, ep::Alias{std::move(name)});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Binary(LogicalExprPtr left, BinaryOperator op, LogicalExprPtr right) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kBinary, ep::Binary{op});
  e->children_ = {std::move(left), std::move(right)};
  return e;
}

LogicalExprPtr LogicalExpr::Not(LogicalExprPtr arg) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kNot, std::monostate{});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Negative(LogicalExprPtr arg) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kNegative, std::monostate{});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::IsNull(LogicalExprPtr arg, bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kIsNull, ep::Negatable{negated});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::InList(LogicalExprPtr arg, std::vector<LogicalExprPtr> list,
                                   bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kInList, ep::Negatable{negated});
  e->children_.push_back(std::move(arg));
  for (auto& item : list) e->children_.push_back(std::move(item));
  return e;
}

LogicalExprPtr LogicalExpr::Like(LogicalExprPtr arg, std::string pattern, bool negated,
                                 bool case_insensitive) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kLike,
                  ep::Like{std::move(pattern), negated, case_insensitive});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Case(LogicalExprPtr operand,
                                 std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> when_then,
                                 LogicalExprPtr else_expr) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kCase, ep::Case{operand != nullptr, else_expr != nullptr});
  if (operand) e->children_.push_back(std::move(operand));
  for (auto& [w, t] : when_then) {
    e->children_.push_back(std::move(w));
    e->children_.push_back(std::move(t));
  }
  if (else_expr) e->children_.push_back(std::move(else_expr));
  return e;
}

LogicalExprPtr LogicalExpr::Cast(LogicalExprPtr arg, std::shared_ptr<arrow::DataType> type) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kCast, ep::Cast{std::move(type)});
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::ScalarFn(std::shared_ptr<ScalarFunction> fn,
                                     std::vector<LogicalExprPtr> args) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kScalarFunction, ep::ScalarCall{std::move(fn)});
  e->children_ = std::move(args);
  return e;
}

LogicalExprPtr LogicalExpr::AggregateFn(std::shared_ptr<AggregateFunction> fn,
                                        std::vector<LogicalExprPtr> args, bool distinct) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kAggregateFunction,
                  ep::AggregateCall{std::move(fn), distinct});
  e->children_ = std::move(args);
  return e;
}

LogicalExprPtr LogicalExpr::OuterCol(Column column, std::shared_ptr<arrow::DataType> type,
                                     bool nullable) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kOuterColumn,
                  ep::OuterColumnRef{std::move(column), std::move(type), nullable});
  return e;
}

LogicalExprPtr LogicalExpr::ScalarSubquery(std::shared_ptr<LogicalPlan> plan) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kScalarSubquery, ep::Subquery{std::move(plan), false});
  return e;
}

LogicalExprPtr LogicalExpr::Exists(std::shared_ptr<LogicalPlan> plan, bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kExists, ep::Subquery{std::move(plan), negated});
  return e;
}

LogicalExprPtr LogicalExpr::InSubquery(LogicalExprPtr arg, std::shared_ptr<LogicalPlan> plan,
                                       bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kInSubquery, ep::Subquery{std::move(plan), negated});
  e->children_ = {std::move(arg)};
  return e;
}

#undef QUIVER_NEW_EXPR

// Accessors: asking a kind for a payload it does not have is a bug in the caller, which
// std::get reports by throwing inside the engine's own code (never across the API).
const Column& LogicalExpr::column() const {
  if (kind_ == LogicalExprKind::kOuterColumn) return std::get<ep::OuterColumnRef>(payload_).column;
  return std::get<ep::ColumnRef>(payload_).column;
}
const std::shared_ptr<arrow::Scalar>& LogicalExpr::value() const {
  return std::get<ep::Literal>(payload_).value;
}
const std::string& LogicalExpr::alias() const { return std::get<ep::Alias>(payload_).name; }
BinaryOperator LogicalExpr::op() const { return std::get<ep::Binary>(payload_).op; }
bool LogicalExpr::negated() const {
  if (auto* n = std::get_if<ep::Negatable>(&payload_)) return n->negated;
  if (auto* l = std::get_if<ep::Like>(&payload_)) return l->negated;
  return std::get<ep::Subquery>(payload_).negated;
}
const std::string& LogicalExpr::pattern() const { return std::get<ep::Like>(payload_).pattern; }
bool LogicalExpr::case_insensitive() const { return std::get<ep::Like>(payload_).case_insensitive; }
const std::shared_ptr<arrow::DataType>& LogicalExpr::cast_type() const {
  return std::get<ep::Cast>(payload_).type;
}
bool LogicalExpr::has_operand() const { return std::get<ep::Case>(payload_).has_operand; }
bool LogicalExpr::has_else() const { return std::get<ep::Case>(payload_).has_else; }
const std::shared_ptr<ScalarFunction>& LogicalExpr::scalar_function() const {
  return std::get<ep::ScalarCall>(payload_).fn;
}
const std::shared_ptr<AggregateFunction>& LogicalExpr::aggregate_function() const {
  return std::get<ep::AggregateCall>(payload_).fn;
}
bool LogicalExpr::distinct() const { return std::get<ep::AggregateCall>(payload_).distinct; }
const std::shared_ptr<LogicalPlan>& LogicalExpr::subquery() const {
  return std::get<ep::Subquery>(payload_).plan;
}
const std::shared_ptr<arrow::DataType>& LogicalExpr::outer_type() const {
  return std::get<ep::OuterColumnRef>(payload_).type;
}

std::vector<LogicalExprPtr> LogicalExpr::list() const {
  return std::vector<LogicalExprPtr>(children_.begin() + 1, children_.end());
}

LogicalExprPtr LogicalExpr::case_operand() const { return has_operand() ? children_[0] : nullptr; }

std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> LogicalExpr::when_then() const {
  std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> out;
  size_t begin = has_operand() ? 1 : 0;
  size_t end = children_.size() - (has_else() ? 1 : 0);
  for (size_t i = begin; i + 2 <= end; i += 2) {
    out.emplace_back(children_[i], children_[i + 1]);
  }
  return out;
}

LogicalExprPtr LogicalExpr::else_expr() const { return has_else() ? children_.back() : nullptr; }

LogicalExprPtr LogicalExpr::with_new_children(std::vector<LogicalExprPtr> children) const {
  struct Access : LogicalExpr {
    explicit Access(const LogicalExpr& other) : LogicalExpr(other) {}
  };
  auto copy = std::make_shared<Access>(*this);
  copy->children_ = std::move(children);
  return copy;
}

arrow::Result<std::shared_ptr<arrow::DataType>> LogicalExpr::data_type(
    const LogicalSchema& schema) const {
  switch (kind_) {
    case LogicalExprKind::kColumn: {
      ARROW_ASSIGN_OR_RAISE(int i, schema.index_of(column()));
      return schema.field(i)->type();
    }
    case LogicalExprKind::kOuterColumn:
      return outer_type();
    case LogicalExprKind::kLiteral:
      return value()->type;
    case LogicalExprKind::kScalarSubquery: {
      auto sub = subquery()->schema();
      if (sub->num_fields() != 1) {
        return arrow::Status::Invalid("a scalar subquery must return one column, got ",
                                      sub->num_fields());
      }
      return sub->field(0)->type();
    }
    case LogicalExprKind::kExists:
    case LogicalExprKind::kInSubquery:
      return arrow::boolean();
    case LogicalExprKind::kAlias:
    case LogicalExprKind::kNegative:
      return children_[0]->data_type(schema);
    case LogicalExprKind::kBinary: {
      ARROW_ASSIGN_OR_RAISE(auto lt, children_[0]->data_type(schema));
      ARROW_ASSIGN_OR_RAISE(auto rt, children_[1]->data_type(schema));
      return BinaryResultType(op(), lt, rt);
    }
    case LogicalExprKind::kNot:
    case LogicalExprKind::kIsNull:
    case LogicalExprKind::kInList:
    case LogicalExprKind::kLike:
      return arrow::boolean();
    case LogicalExprKind::kCase: {
      // The binder casts every branch to one type; the first non-null branch tells it.
      std::shared_ptr<arrow::DataType> out = arrow::null();
      for (const auto& [w, t] : when_then()) {
        ARROW_ASSIGN_OR_RAISE(auto tt, t->data_type(schema));
        if (tt->id() != arrow::Type::NA) return tt;
      }
      if (has_else()) return children_.back()->data_type(schema);
      return out;
    }
    case LogicalExprKind::kCast:
      return cast_type();
    case LogicalExprKind::kScalarFunction:
    case LogicalExprKind::kAggregateFunction: {
      DataTypeVector types;
      for (const auto& c : children_) {
        ARROW_ASSIGN_OR_RAISE(auto t, c->data_type(schema));
        types.push_back(std::move(t));
      }
      if (kind_ == LogicalExprKind::kScalarFunction) return scalar_function()->return_type(types);
      return aggregate_function()->return_type(types);
    }
  }
  return arrow::Status::Invalid("unknown expression kind");
}

bool LogicalExpr::nullable(const LogicalSchema& schema) const {
  switch (kind_) {
    case LogicalExprKind::kColumn: {
      auto found = schema.find(column());
      if (!found.ok() || !*found) return true;
      return schema.field(**found)->nullable();
    }
    case LogicalExprKind::kOuterColumn:
      return std::get<expr_payload::OuterColumnRef>(payload_).nullable;
    case LogicalExprKind::kLiteral:
      return !value()->is_valid;
    case LogicalExprKind::kIsNull:
    case LogicalExprKind::kExists:
      return false;
    case LogicalExprKind::kScalarSubquery:
      return true;  // no row is NULL
    case LogicalExprKind::kAggregateFunction:
      return aggregate_function()->name() != "count";
    case LogicalExprKind::kCase:
      if (!has_else()) return true;
      break;
    default:
      break;
  }
  for (const auto& c : children_) {
    if (c->nullable(schema)) return true;
  }
  return false;
}

std::string LogicalExpr::render(bool qualified) const {
  auto sub = [&](const LogicalExprPtr& c) { return c->render(qualified); };
  auto wrap = [&](const LogicalExprPtr& c, int min_prec) {
    std::string s = c->render(qualified);
    return Precedence(*c) < min_prec ? "(" + s + ")" : s;
  };
  auto subquery_text = [&]() { return "(" + subquery()->to_string() + ")"; };
  switch (kind_) {
    case LogicalExprKind::kColumn:
      return qualified ? column().flat_name() : column().name;
    case LogicalExprKind::kOuterColumn:
      return "outer(" + column().flat_name() + ")";
    case LogicalExprKind::kLiteral:
      return LiteralToString(*value());
    case LogicalExprKind::kAlias:
      return sub(children_[0]) + " AS " + alias();
    case LogicalExprKind::kBinary: {
      int prec = Precedence(*this);
      // Left-associative: the right side needs parentheses at equal precedence, except for
      // AND / OR, which are associative.
      bool associative = op() == BinaryOperator::kAnd || op() == BinaryOperator::kOr;
      return wrap(children_[0], prec) + " " + std::string(BinaryOperatorSymbol(op())) + " " +
             wrap(children_[1], associative ? prec : prec + 1);
    }
    case LogicalExprKind::kNot:
      return "NOT " + wrap(children_[0], 3);
    case LogicalExprKind::kNegative:
      return "-" + wrap(children_[0], 10);
    case LogicalExprKind::kIsNull:
      return wrap(children_[0], 4) + (negated() ? " IS NOT NULL" : " IS NULL");
    case LogicalExprKind::kInList: {
      std::string out = wrap(children_[0], 4) + (negated() ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < children_.size(); ++i) {
        if (i > 1) out += ", ";
        out += sub(children_[i]);
      }
      return out + ")";
    }
    case LogicalExprKind::kLike: {
      arrow::StringScalar text(pattern());
      return wrap(children_[0], 4) + (negated() ? " NOT" : "") +
             (case_insensitive() ? " ILIKE " : " LIKE ") + LiteralToString(text);
    }
    case LogicalExprKind::kCase: {
      std::string out = "CASE";
      if (has_operand()) out += " " + sub(children_[0]);
      for (const auto& [w, t] : when_then()) out += " WHEN " + sub(w) + " THEN " + sub(t);
      if (has_else()) out += " ELSE " + sub(children_.back());
      return out + " END";
    }
    case LogicalExprKind::kCast:
      return "CAST(" + sub(children_[0]) + " AS " + cast_type()->ToString() + ")";
    case LogicalExprKind::kScalarFunction:
    case LogicalExprKind::kAggregateFunction: {
      const bool aggregate = kind_ == LogicalExprKind::kAggregateFunction;
      const std::string& fname =
          aggregate ? aggregate_function()->name() : scalar_function()->name();
      if (aggregate && children_.empty() && fname == "count") return "count(*)";
      std::string out = fname + "(";
      if (aggregate && distinct()) out += "DISTINCT ";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i > 0) out += ", ";
        out += sub(children_[i]);
      }
      return out + ")";
    }
    case LogicalExprKind::kScalarSubquery:
      return subquery_text();
    case LogicalExprKind::kExists:
      return std::string(negated() ? "NOT EXISTS " : "EXISTS ") + subquery_text();
    case LogicalExprKind::kInSubquery:
      return wrap(children_[0], 4) + (negated() ? " NOT IN " : " IN ") + subquery_text();
  }
  return "?";
}

std::string LogicalExpr::to_string() const { return render(true); }
std::string LogicalExpr::display_name() const { return render(false); }

namespace {

struct PayloadEquals {
  bool operator()(const std::monostate&, const std::monostate&) const { return true; }
  bool operator()(const ep::ColumnRef& a, const ep::ColumnRef& b) const {
    return a.column == b.column;
  }
  bool operator()(const ep::OuterColumnRef& a, const ep::OuterColumnRef& b) const {
    return a.column == b.column && a.type->Equals(*b.type);
  }
  bool operator()(const ep::Literal& a, const ep::Literal& b) const {
    return a.value->Equals(*b.value);
  }
  bool operator()(const ep::Alias& a, const ep::Alias& b) const { return a.name == b.name; }
  bool operator()(const ep::Binary& a, const ep::Binary& b) const { return a.op == b.op; }
  bool operator()(const ep::Negatable& a, const ep::Negatable& b) const {
    return a.negated == b.negated;
  }
  bool operator()(const ep::Like& a, const ep::Like& b) const {
    return a.pattern == b.pattern && a.negated == b.negated &&
           a.case_insensitive == b.case_insensitive;
  }
  bool operator()(const ep::Case& a, const ep::Case& b) const {
    return a.has_operand == b.has_operand && a.has_else == b.has_else;
  }
  bool operator()(const ep::Cast& a, const ep::Cast& b) const { return a.type->Equals(*b.type); }
  bool operator()(const ep::ScalarCall& a, const ep::ScalarCall& b) const {
    return a.fn->name() == b.fn->name();
  }
  bool operator()(const ep::AggregateCall& a, const ep::AggregateCall& b) const {
    return a.fn->name() == b.fn->name() && a.distinct == b.distinct;
  }
  // Subqueries are equal only as the same plan.
  bool operator()(const ep::Subquery& a, const ep::Subquery& b) const {
    return a.plan == b.plan && a.negated == b.negated;
  }
  template <typename A, typename B>
  bool operator()(const A&, const B&) const {
    return false;
  }
};

}  // namespace

bool LogicalExpr::equals(const LogicalExpr& other) const {
  if (this == &other) return true;
  if (kind_ != other.kind_ || children_.size() != other.children_.size()) return false;
  if (!std::visit(PayloadEquals{}, payload_, other.payload_)) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i]->equals(*other.children_[i])) return false;
  }
  return true;
}

std::string SortExpr::to_string() const {
  return expr->to_string() + (ascending ? " ASC" : " DESC") +
         (nulls_first ? " NULLS FIRST" : " NULLS LAST");
}

// ---------------------------------------------------------------------------------------------

arrow::Result<LogicalExprPtr> TransformUp(const LogicalExprPtr& expr, const ExprRewriter& fn) {
  const auto& children = expr->children();
  LogicalExprPtr node = expr;
  if (!children.empty()) {
    std::vector<LogicalExprPtr> new_children;
    new_children.reserve(children.size());
    bool changed = false;
    for (const auto& c : children) {
      ARROW_ASSIGN_OR_RAISE(auto nc, TransformUp(c, fn));
      changed = changed || nc != c;
      new_children.push_back(std::move(nc));
    }
    if (changed) node = expr->with_new_children(std::move(new_children));
  }
  return fn(node);
}

arrow::Result<LogicalExprPtr> TransformDown(const LogicalExprPtr& expr, const ExprRewriter& fn) {
  ARROW_ASSIGN_OR_RAISE(auto node, fn(expr));
  if (node != expr) return node;
  const auto& children = expr->children();
  if (children.empty()) return expr;
  std::vector<LogicalExprPtr> new_children;
  bool changed = false;
  for (const auto& c : children) {
    ARROW_ASSIGN_OR_RAISE(auto nc, TransformDown(c, fn));
    changed = changed || nc != c;
    new_children.push_back(std::move(nc));
  }
  return changed ? expr->with_new_children(std::move(new_children)) : expr;
}

void VisitExpr(const LogicalExprPtr& expr, const std::function<void(const LogicalExprPtr&)>& fn) {
  fn(expr);
  for (const auto& c : expr->children()) VisitExpr(c, fn);
}

bool ContainsSubquery(const LogicalExprPtr& expr) {
  bool found = false;
  VisitExpr(expr, [&](const LogicalExprPtr& e) {
    found = found || e->is(LogicalExprKind::kScalarSubquery) || e->is(LogicalExprKind::kExists) ||
            e->is(LogicalExprKind::kInSubquery);
  });
  return found;
}

bool ContainsOuterColumn(const LogicalExprPtr& expr) {
  bool found = false;
  VisitExpr(expr, [&](const LogicalExprPtr& e) {
    found = found || e->is(LogicalExprKind::kOuterColumn);
  });
  return found;
}

std::vector<Column> ExprColumns(const LogicalExprPtr& expr) {
  std::vector<Column> out;
  VisitExpr(expr, [&](const LogicalExprPtr& e) {
    if (!e->is(LogicalExprKind::kColumn)) return;
    for (const auto& c : out) {
      if (c == e->column()) return;
    }
    out.push_back(e->column());
  });
  return out;
}

void CollectAggregates(const LogicalExprPtr& expr, std::vector<LogicalExprPtr>* out) {
  if (expr->is(LogicalExprKind::kAggregateFunction)) {
    if (!ContainsExpr(*out, *expr)) out->push_back(expr);
    return;
  }
  for (const auto& c : expr->children()) CollectAggregates(c, out);
}

bool ContainsAggregate(const LogicalExprPtr& expr) {
  std::vector<LogicalExprPtr> found;
  CollectAggregates(expr, &found);
  return !found.empty();
}

std::vector<LogicalExprPtr> SplitConjunction(const LogicalExprPtr& expr) {
  std::vector<LogicalExprPtr> out;
  std::function<void(const LogicalExprPtr&)> split = [&](const LogicalExprPtr& e) {
    if (e->is(LogicalExprKind::kBinary) && e->op() == BinaryOperator::kAnd) {
      split(e->left());
      split(e->right());
    } else if (e->is(LogicalExprKind::kAlias)) {
      split(e->arg());
    } else {
      out.push_back(e);
    }
  };
  split(expr);
  return out;
}

LogicalExprPtr Conjunction(const std::vector<LogicalExprPtr>& exprs) {
  LogicalExprPtr out;
  for (const auto& e : exprs) {
    out = out ? LogicalExpr::Binary(out, BinaryOperator::kAnd, e) : e;
  }
  return out;
}

const LogicalExprPtr& Unalias(const LogicalExprPtr& expr) {
  return expr->is(LogicalExprKind::kAlias) ? Unalias(expr->arg()) : expr;
}

bool ContainsExpr(const std::vector<LogicalExprPtr>& exprs, const LogicalExpr& expr,
                  size_t* index) {
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (exprs[i]->equals(expr)) {
      if (index) *index = i;
      return true;
    }
  }
  return false;
}

std::string OutputName(const LogicalExpr& expr) {
  if (expr.is(LogicalExprKind::kAlias)) return expr.alias();
  if (expr.is(LogicalExprKind::kColumn)) return expr.column().name;
  return expr.display_name();
}

std::string LiteralToString(const arrow::Scalar& value) {
  if (!value.is_valid) return "NULL";
  switch (value.type->id()) {
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::STRING_VIEW: {
      std::string s = value.ToString();
      std::string out = "'";
      for (char c : s) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'";
    }
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
      return "DATE '" + value.ToString() + "'";
    case arrow::Type::TIMESTAMP:
      return "TIMESTAMP '" + value.ToString() + "'";
    case arrow::Type::INTERVAL_MONTH_DAY_NANO: {
      auto v = static_cast<const arrow::MonthDayNanoIntervalScalar&>(value).value;
      return "INTERVAL '" + std::to_string(v.months) + " months " + std::to_string(v.days) +
             " days " + std::to_string(v.nanoseconds) + " nanos'";
    }
    case arrow::Type::BOOL:
      return static_cast<const arrow::BooleanScalar&>(value).value ? "true" : "false";
    default:
      return value.ToString();
  }
}

}  // namespace quiver
