#include <arrow/type.h>
#include <quiver/sql/ast.h>

#include <algorithm>
#include <cctype>

namespace quiver::sql {
namespace {

std::string JoinNames(const std::vector<Identifier>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ".";
    out += names[i].to_string();
  }
  return out;
}

std::string IdentifierList(const std::vector<Identifier>& names) {
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i].to_string();
  }
  return out + ")";
}

std::string Str(const ExprPtr& e) { return e ? e->to_string() : "<null>"; }
std::string Str(const QueryPtr& q) { return q ? q->to_string() : "<null>"; }

// Moves a child into `stack` when this is its last owner, so that the loop below, not a nested
// destructor call, frees it.
template <typename T>
void TakeChild(std::shared_ptr<T>& child, std::vector<std::shared_ptr<T>>* stack) {
  if (child && child.use_count() == 1) {
    stack->push_back(std::move(child));
  } else {
    child.reset();
  }
}

// Frees the subtree below `root` with an explicit stack: `take_children(node, stack)` moves a
// node's children of the same type into the stack, so each node is destroyed childless.
template <typename T, typename TakeChildren>
void DestroyIteratively(T* root, TakeChildren take_children) {
  std::vector<std::shared_ptr<T>> stack;
  take_children(root, &stack);
  while (!stack.empty()) {
    std::shared_ptr<T> node = std::move(stack.back());
    stack.pop_back();
    take_children(node.get(), &stack);
  }
}

}  // namespace

Expr::~Expr() {
  DestroyIteratively(this, [](Expr* e, std::vector<ExprPtr>* stack) {
    for (auto& a : e->args) TakeChild(a, stack);
    TakeChild(e->operand, stack);
    for (auto& [w, t] : e->when_then) {
      TakeChild(w, stack);
      TakeChild(t, stack);
    }
    TakeChild(e->else_expr, stack);
  });
}

TableRef::~TableRef() {
  DestroyIteratively(this, [](TableRef* t, std::vector<TableRefPtr>* stack) {
    TakeChild(t->left, stack);
    TakeChild(t->right, stack);
  });
}

SetExpr::~SetExpr() {
  DestroyIteratively(this, [](SetExpr* s, std::vector<SetExprPtr>* stack) {
    TakeChild(s->left, stack);
    TakeChild(s->right, stack);
  });
}

std::string Identifier::normalized() const {
  if (quoted) return value;
  std::string out = value;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Identifier::to_string() const { return quoted ? "\"" + value + "\"" : value; }

std::string Expr::to_string() const {
  switch (kind) {
    case ExprKind::kIdentifier:
      return JoinNames(names);
    case ExprKind::kNumber:
      return text;
    case ExprKind::kString:
      return "'" + text + "'";
    case ExprKind::kBoolean:
      return bool_value ? "TRUE" : "FALSE";
    case ExprKind::kNull:
      return "NULL";
    case ExprKind::kTypedString:
      return type->ToString() + " '" + text + "'";
    case ExprKind::kInterval:
      return "INTERVAL(" + std::to_string(months) + " months " + std::to_string(days) + " days " +
             std::to_string(nanos) + " ns)";
    case ExprKind::kUnary: {
      const char* op = unary_op == UnaryOperator::kMinus  ? "-"
                       : unary_op == UnaryOperator::kPlus ? "+"
                                                          : "NOT ";
      return "(" + std::string(op) + Str(args[0]) + ")";
    }
    case ExprKind::kBinary:
      return "(" + Str(args[0]) + " " + std::string(BinaryOperatorSymbol(binary_op)) + " " +
             Str(args[1]) + ")";
    case ExprKind::kIsNull:
      return "(" + Str(args[0]) + (negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::kBetween:
      return "(" + Str(args[0]) + (negated ? " NOT BETWEEN " : " BETWEEN ") + Str(args[1]) +
             " AND " + Str(args[2]) + ")";
    case ExprKind::kInList: {
      std::string out = "(" + Str(args[0]) + (negated ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < args.size(); ++i) {
        if (i > 1) out += ", ";
        out += Str(args[i]);
      }
      return out + "))";
    }
    case ExprKind::kInSubquery:
      return "(" + Str(args[0]) + (negated ? " NOT IN (" : " IN (") + Str(subquery) + "))";
    case ExprKind::kLike:
      return "(" + Str(args[0]) + (negated ? " NOT" : "") +
             (case_insensitive ? " ILIKE " : " LIKE ") + Str(args[1]) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      if (operand) out += " " + Str(operand);
      for (const auto& [w, t] : when_then) out += " WHEN " + Str(w) + " THEN " + Str(t);
      if (else_expr) out += " ELSE " + Str(else_expr);
      return out + " END";
    }
    case ExprKind::kCast:
      return "CAST(" + Str(args[0]) + " AS " + type->ToString() + ")";
    case ExprKind::kFunction: {
      std::string out = JoinNames(names) + "(";
      if (distinct) out += "DISTINCT ";
      if (star) out += "*";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ", ";
        out += Str(args[i]);
      }
      return out + ")";
    }
    case ExprKind::kSubquery:
      return "(" + Str(subquery) + ")";
    case ExprKind::kExists:
      return std::string(negated ? "NOT EXISTS (" : "EXISTS (") + Str(subquery) + ")";
    case ExprKind::kQuantifiedComparison:
      return "(" + Str(args[0]) + " " + std::string(BinaryOperatorSymbol(binary_op)) +
             (all ? " ALL (" : " ANY (") + Str(subquery) + "))";
  }
  return "?";
}

std::string SelectItem::to_string() const {
  switch (kind) {
    case Kind::kWildcard:
      return "*";
    case Kind::kQualifiedWildcard:
      return JoinNames(qualifier) + ".*";
    case Kind::kExpr:
      break;
  }
  std::string out = Str(expr);
  if (alias) out += " AS " + alias->to_string();
  return out;
}

std::string TableRef::to_string() const {
  std::string out;
  switch (kind) {
    case Kind::kTable:
      out = JoinNames(name);
      break;
    case Kind::kSubquery:
      out = "(" + Str(subquery) + ")";
      break;
    case Kind::kJoin: {
      static constexpr const char* kJoinWords[] = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN",
                                                   "CROSS JOIN"};
      out = "(" + (left ? left->to_string() : "<null>") + " " + (natural ? "NATURAL " : "") +
            kJoinWords[static_cast<int>(join_type)] + " " + (right ? right->to_string() : "<null>");
      if (condition) out += " ON " + condition->to_string();
      if (!using_cols.empty()) out += " USING " + IdentifierList(using_cols);
      out += ")";
      break;
    }
  }
  if (alias) out += " AS " + alias->to_string();
  if (!column_aliases.empty()) out += " " + IdentifierList(column_aliases);
  return out;
}

std::string OrderByItem::to_string() const {
  std::string out = Str(expr) + (ascending ? "" : " DESC");
  if (nulls_first) out += *nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

std::string Select::to_string() const {
  std::string out = distinct ? "SELECT DISTINCT " : "SELECT ";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i].to_string();
  }
  for (size_t i = 0; i < from.size(); ++i) {
    out += i == 0 ? " FROM " : ", ";
    out += from[i] ? from[i]->to_string() : "<null>";
  }
  if (where) out += " WHERE " + where->to_string();
  for (size_t i = 0; i < group_by.size(); ++i) {
    out += i == 0 ? " GROUP BY " : ", ";
    out += Str(group_by[i]);
  }
  if (having) out += " HAVING " + having->to_string();
  return out;
}

std::string SetExpr::to_string() const {
  switch (kind) {
    case Kind::kSelect:
      return select ? select->to_string() : "<null>";
    case Kind::kQuery:
      return "(" + Str(query) + ")";
    case Kind::kSetOperation:
      break;
  }
  static constexpr const char* kOpWords[] = {"UNION", "INTERSECT", "EXCEPT"};
  static constexpr const char* kQuantifierWords[] = {"", " ALL", " DISTINCT"};
  return "(" + (left ? left->to_string() : "<null>") + " " + kOpWords[static_cast<int>(op)] +
         kQuantifierWords[static_cast<int>(quantifier)] + " " +
         (right ? right->to_string() : "<null>") + ")";
}

std::string Cte::to_string() const {
  std::string out = name.to_string();
  if (!columns.empty()) out += " " + IdentifierList(columns);
  return out + " AS (" + Str(query) + ")";
}

const Select* Query::single_select() const {
  return body && body->kind == SetExpr::Kind::kSelect ? body->select.get() : nullptr;
}

std::string Query::to_string() const {
  std::string out;
  for (size_t i = 0; i < with.size(); ++i) {
    out += i == 0 ? "WITH " : ", ";
    out += with[i].to_string();
  }
  if (!with.empty()) out += " ";
  out += body ? body->to_string() : "<null>";
  for (size_t i = 0; i < order_by.size(); ++i) {
    out += i == 0 ? " ORDER BY " : ", ";
    out += order_by[i].to_string();
  }
  if (limit) out += " LIMIT " + limit->to_string();
  if (offset) out += " OFFSET " + offset->to_string();
  return out;
}

std::string Statement::to_string() const {
  switch (kind) {
    case Kind::kQuery:
      return Str(query);
    case Kind::kExplain:
      return std::string(verbose ? "EXPLAIN VERBOSE " : "EXPLAIN ") + Str(query);
    case Kind::kSet:
      return "SET " + set_key + " = '" + set_value + "'";
    case Kind::kCreateView: {
      std::string out = or_replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ";
      out += JoinNames(view_name);
      if (!view_columns.empty()) out += " " + IdentifierList(view_columns);
      return out + " AS " + Str(query);
    }
    case Kind::kDropView:
      return std::string(if_exists ? "DROP VIEW IF EXISTS " : "DROP VIEW ") + JoinNames(view_name);
  }
  return "?";
}

}  // namespace quiver::sql
