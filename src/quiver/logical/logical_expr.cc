#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/logical/logical_expr.h>
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
        e.is(LogicalExprKind::kLike)) {
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
#define QUIVER_NEW_EXPR(var, k) \
  auto var = NewExpr();         \
  var->kind_ = (k)

LogicalExprPtr LogicalExpr::Col(Column column) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kColumn);
  e->column_ = std::move(column);
  return e;
}

LogicalExprPtr LogicalExpr::Col(std::string relation, std::string name) {
  return Col(Column(std::move(relation), std::move(name)));
}

LogicalExprPtr LogicalExpr::Lit(std::shared_ptr<arrow::Scalar> value) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kLiteral);
  e->value_ = std::move(value);
  return e;
}

LogicalExprPtr LogicalExpr::Alias(LogicalExprPtr arg, std::string name) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kAlias);
  e->name_ = std::move(name);
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Binary(LogicalExprPtr left, BinaryOperator op, LogicalExprPtr right) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kBinary);
  e->op_ = op;
  e->children_ = {std::move(left), std::move(right)};
  return e;
}

LogicalExprPtr LogicalExpr::Not(LogicalExprPtr arg) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kNot);
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Negative(LogicalExprPtr arg) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kNegative);
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::IsNull(LogicalExprPtr arg, bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kIsNull);
  e->negated_ = negated;
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::InList(LogicalExprPtr arg, std::vector<LogicalExprPtr> list,
                                   bool negated) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kInList);
  e->negated_ = negated;
  e->children_.push_back(std::move(arg));
  for (auto& item : list) e->children_.push_back(std::move(item));
  return e;
}

LogicalExprPtr LogicalExpr::Like(LogicalExprPtr arg, std::string pattern, bool negated,
                                 bool case_insensitive) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kLike);
  e->name_ = std::move(pattern);
  e->negated_ = negated;
  e->case_insensitive_ = case_insensitive;
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::Case(LogicalExprPtr operand,
                                 std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> when_then,
                                 LogicalExprPtr else_expr) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kCase);
  e->has_operand_ = operand != nullptr;
  e->has_else_ = else_expr != nullptr;
  if (operand) e->children_.push_back(std::move(operand));
  for (auto& [w, t] : when_then) {
    e->children_.push_back(std::move(w));
    e->children_.push_back(std::move(t));
  }
  if (else_expr) e->children_.push_back(std::move(else_expr));
  return e;
}

LogicalExprPtr LogicalExpr::Cast(LogicalExprPtr arg, std::shared_ptr<arrow::DataType> type) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kCast);
  e->type_ = std::move(type);
  e->children_ = {std::move(arg)};
  return e;
}

LogicalExprPtr LogicalExpr::ScalarFn(std::shared_ptr<ScalarFunction> fn,
                                     std::vector<LogicalExprPtr> args) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kScalarFunction);
  e->scalar_fn_ = std::move(fn);
  e->children_ = std::move(args);
  return e;
}

LogicalExprPtr LogicalExpr::AggregateFn(std::shared_ptr<AggregateFunction> fn,
                                        std::vector<LogicalExprPtr> args, bool distinct) {
  QUIVER_NEW_EXPR(e, LogicalExprKind::kAggregateFunction);
  e->aggregate_fn_ = std::move(fn);
  e->distinct_ = distinct;
  e->children_ = std::move(args);
  return e;
}

#undef QUIVER_NEW_EXPR

std::vector<LogicalExprPtr> LogicalExpr::list() const {
  return std::vector<LogicalExprPtr>(children_.begin() + 1, children_.end());
}

LogicalExprPtr LogicalExpr::case_operand() const { return has_operand_ ? children_[0] : nullptr; }

std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> LogicalExpr::when_then() const {
  std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> out;
  size_t begin = has_operand_ ? 1 : 0;
  size_t end = children_.size() - (has_else_ ? 1 : 0);
  for (size_t i = begin; i + 2 <= end; i += 2) {
    out.emplace_back(children_[i], children_[i + 1]);
  }
  return out;
}

LogicalExprPtr LogicalExpr::else_expr() const { return has_else_ ? children_.back() : nullptr; }

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
      ARROW_ASSIGN_OR_RAISE(int i, schema.index_of(column_));
      return schema.field(i)->type();
    }
    case LogicalExprKind::kLiteral:
      return value_->type;
    case LogicalExprKind::kAlias:
    case LogicalExprKind::kNegative:
      return children_[0]->data_type(schema);
    case LogicalExprKind::kBinary: {
      ARROW_ASSIGN_OR_RAISE(auto lt, children_[0]->data_type(schema));
      ARROW_ASSIGN_OR_RAISE(auto rt, children_[1]->data_type(schema));
      return BinaryResultType(op_, lt, rt);
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
      if (has_else_) return children_.back()->data_type(schema);
      return out;
    }
    case LogicalExprKind::kCast:
      return type_;
    case LogicalExprKind::kScalarFunction:
    case LogicalExprKind::kAggregateFunction: {
      DataTypeVector types;
      for (const auto& c : children_) {
        ARROW_ASSIGN_OR_RAISE(auto t, c->data_type(schema));
        types.push_back(std::move(t));
      }
      if (scalar_fn_) return scalar_fn_->return_type(types);
      return aggregate_fn_->return_type(types);
    }
  }
  return arrow::Status::Invalid("unknown expression kind");
}

bool LogicalExpr::nullable(const LogicalSchema& schema) const {
  switch (kind_) {
    case LogicalExprKind::kColumn: {
      auto found = schema.find(column_);
      if (!found.ok() || !*found) return true;
      return schema.field(**found)->nullable();
    }
    case LogicalExprKind::kLiteral:
      return !value_->is_valid;
    case LogicalExprKind::kIsNull:
      return false;
    case LogicalExprKind::kAggregateFunction:
      return aggregate_fn_->name() != "count";
    case LogicalExprKind::kCase:
      if (!has_else_) return true;
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
  switch (kind_) {
    case LogicalExprKind::kColumn:
      return qualified ? column_.flat_name() : column_.name;
    case LogicalExprKind::kLiteral:
      return LiteralToString(*value_);
    case LogicalExprKind::kAlias:
      return sub(children_[0]) + " AS " + name_;
    case LogicalExprKind::kBinary: {
      int prec = Precedence(*this);
      // Left-associative: the right side needs parentheses at equal precedence, except for
      // AND / OR, which are associative.
      bool associative = op_ == BinaryOperator::kAnd || op_ == BinaryOperator::kOr;
      return wrap(children_[0], prec) + " " + std::string(BinaryOperatorSymbol(op_)) + " " +
             wrap(children_[1], associative ? prec : prec + 1);
    }
    case LogicalExprKind::kNot:
      return "NOT " + wrap(children_[0], 3);
    case LogicalExprKind::kNegative:
      return "-" + wrap(children_[0], 10);
    case LogicalExprKind::kIsNull:
      return wrap(children_[0], 4) + (negated_ ? " IS NOT NULL" : " IS NULL");
    case LogicalExprKind::kInList: {
      std::string out = wrap(children_[0], 4) + (negated_ ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < children_.size(); ++i) {
        if (i > 1) out += ", ";
        out += sub(children_[i]);
      }
      return out + ")";
    }
    case LogicalExprKind::kLike: {
      arrow::StringScalar pattern(name_);
      return wrap(children_[0], 4) + (negated_ ? " NOT" : "") +
             (case_insensitive_ ? " ILIKE " : " LIKE ") + LiteralToString(pattern);
    }
    case LogicalExprKind::kCase: {
      std::string out = "CASE";
      if (has_operand_) out += " " + sub(children_[0]);
      for (const auto& [w, t] : when_then()) out += " WHEN " + sub(w) + " THEN " + sub(t);
      if (has_else_) out += " ELSE " + sub(children_.back());
      return out + " END";
    }
    case LogicalExprKind::kCast:
      return "CAST(" + sub(children_[0]) + " AS " + type_->ToString() + ")";
    case LogicalExprKind::kScalarFunction:
    case LogicalExprKind::kAggregateFunction: {
      const std::string& fname = scalar_fn_ ? scalar_fn_->name() : aggregate_fn_->name();
      if (aggregate_fn_ && children_.empty() && fname == "count") return "count(*)";
      std::string out = fname + "(";
      if (distinct_) out += "DISTINCT ";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i > 0) out += ", ";
        out += sub(children_[i]);
      }
      return out + ")";
    }
  }
  return "?";
}

std::string LogicalExpr::to_string() const { return render(true); }
std::string LogicalExpr::display_name() const { return render(false); }

bool LogicalExpr::equals(const LogicalExpr& other) const {
  if (this == &other) return true;
  if (kind_ != other.kind_ || children_.size() != other.children_.size()) return false;
  switch (kind_) {
    case LogicalExprKind::kColumn:
      if (!(column_ == other.column_)) return false;
      break;
    case LogicalExprKind::kLiteral:
      if (!value_->Equals(*other.value_)) return false;
      break;
    case LogicalExprKind::kAlias:
      if (name_ != other.name_) return false;
      break;
    case LogicalExprKind::kBinary:
      if (op_ != other.op_) return false;
      break;
    case LogicalExprKind::kIsNull:
    case LogicalExprKind::kInList:
      if (negated_ != other.negated_) return false;
      break;
    case LogicalExprKind::kLike:
      if (negated_ != other.negated_ || case_insensitive_ != other.case_insensitive_ ||
          name_ != other.name_) {
        return false;
      }
      break;
    case LogicalExprKind::kCase:
      if (has_operand_ != other.has_operand_ || has_else_ != other.has_else_) return false;
      break;
    case LogicalExprKind::kCast:
      if (!type_->Equals(*other.type_)) return false;
      break;
    case LogicalExprKind::kScalarFunction:
      if (scalar_fn_->name() != other.scalar_fn_->name()) return false;
      break;
    case LogicalExprKind::kAggregateFunction:
      if (aggregate_fn_->name() != other.aggregate_fn_->name() || distinct_ != other.distinct_) {
        return false;
      }
      break;
    default:
      break;
  }
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
