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
    out += names[i].quoted ? "\"" + names[i].value + "\"" : names[i].value;
  }
  return out;
}

std::string Str(const ExprPtr& e) { return e ? e->to_string() : "<null>"; }

}  // namespace

std::string Identifier::normalized() const {
  if (quoted) return value;
  std::string out = value;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

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
      return "(" + Str(args[0]) + (negated ? " NOT IN (<subquery>))" : " IN (<subquery>))");
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
      return "(<subquery>)";
    case ExprKind::kExists:
      return "EXISTS(<subquery>)";
  }
  return "?";
}

}  // namespace quiver::sql
