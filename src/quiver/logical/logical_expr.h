#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/operators.h>
#include <quiver/functions/aggregate_function.h>
#include <quiver/functions/scalar_function.h>
#include <quiver/logical/logical_schema.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace quiver {

class LogicalExpr;
using LogicalExprPtr = std::shared_ptr<const LogicalExpr>;
class LogicalPlan;

enum class LogicalExprKind {
  kColumn,
  kLiteral,
  kAlias,
  kBinary,
  kNot,
  kNegative,
  kIsNull,
  kInList,
  kLike,
  kCase,
  kCast,
  kScalarFunction,
  kAggregateFunction,
  kOuterColumn,     ///< a column of an enclosing query, inside a subquery
  kScalarSubquery,  ///< (SELECT ...) as a value: one column, at most one row
  kExists,          ///< [NOT] EXISTS (SELECT ...)
  kInSubquery,      ///< arg [NOT] IN (SELECT ...)
};

/// What each expression kind carries besides its children, one type per kind (or family), so
/// no field means different things for different kinds.
namespace expr_payload {
struct ColumnRef {
  Column column;
};
struct OuterColumnRef {
  Column column;
  std::shared_ptr<arrow::DataType> type;
  bool nullable = true;
};
struct Literal {
  std::shared_ptr<arrow::Scalar> value;
};
struct Alias {
  std::string name;
};
struct Binary {
  BinaryOperator op;
};
struct Negatable {  ///< IsNull, InList
  bool negated = false;
};
struct Like {
  std::string pattern;
  bool negated = false;
  bool case_insensitive = false;
};
struct Case {
  bool has_operand = false;
  bool has_else = false;
};
struct Cast {
  std::shared_ptr<arrow::DataType> type;
};
struct ScalarCall {
  std::shared_ptr<ScalarFunction> fn;
};
struct AggregateCall {
  std::shared_ptr<AggregateFunction> fn;
  bool distinct = false;
};
struct Subquery {  ///< ScalarSubquery, Exists, InSubquery
  std::shared_ptr<LogicalPlan> plan;
  bool negated = false;
};
using Payload = std::variant<std::monostate, ColumnRef, OuterColumnRef, Literal, Alias, Binary,
                             Negatable, Like, Case, Cast, ScalarCall, AggregateCall, Subquery>;
}  // namespace expr_payload

/// \brief An immutable, resolved logical expression (a tagged node).
///
/// Built with the static factories; children are shared. Functions are resolved objects from
/// the FunctionRegistry, so type inference needs no registry. Each kind keeps its children in
/// `children()` in a fixed order so generic rewrites (TransformUp) work on every kind:
/// Binary [left, right]; Not/Negative/IsNull/Like/Cast/Alias [arg]; InList [arg, items...];
/// Case [operand?, when1, then1, ..., else?]; functions [args...]; InSubquery [arg];
/// ScalarSubquery / Exists / columns / literals []. Everything else a kind carries is its
/// payload (expr_payload). A subquery's plan is not a child: generic rewrites do not enter it.
class LogicalExpr {
 public:
  static LogicalExprPtr Col(Column column);
  static LogicalExprPtr Col(std::string relation, std::string name);
  static LogicalExprPtr Lit(std::shared_ptr<arrow::Scalar> value);
  static LogicalExprPtr Alias(LogicalExprPtr arg, std::string name);
  static LogicalExprPtr Binary(LogicalExprPtr left, BinaryOperator op, LogicalExprPtr right);
  static LogicalExprPtr Not(LogicalExprPtr arg);
  static LogicalExprPtr Negative(LogicalExprPtr arg);
  static LogicalExprPtr IsNull(LogicalExprPtr arg, bool negated);
  static LogicalExprPtr InList(LogicalExprPtr arg, std::vector<LogicalExprPtr> list, bool negated);
  static LogicalExprPtr Like(LogicalExprPtr arg, std::string pattern, bool negated,
                             bool case_insensitive);
  /// operand and else_expr may be null.
  static LogicalExprPtr Case(LogicalExprPtr operand,
                             std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> when_then,
                             LogicalExprPtr else_expr);
  static LogicalExprPtr Cast(LogicalExprPtr arg, std::shared_ptr<arrow::DataType> type);
  static LogicalExprPtr ScalarFn(std::shared_ptr<ScalarFunction> fn,
                                 std::vector<LogicalExprPtr> args);
  /// `count(*)` is count with no arguments and displays as count(*).
  static LogicalExprPtr AggregateFn(std::shared_ptr<AggregateFunction> fn,
                                    std::vector<LogicalExprPtr> args, bool distinct);
  /// A column of an enclosing query (typed here: it is not in the subquery's schemas).
  static LogicalExprPtr OuterCol(Column column, std::shared_ptr<arrow::DataType> type,
                                 bool nullable);
  static LogicalExprPtr ScalarSubquery(std::shared_ptr<LogicalPlan> plan);
  static LogicalExprPtr Exists(std::shared_ptr<LogicalPlan> plan, bool negated);
  static LogicalExprPtr InSubquery(LogicalExprPtr arg, std::shared_ptr<LogicalPlan> plan,
                                   bool negated);

  LogicalExprKind kind() const { return kind_; }
  bool is(LogicalExprKind k) const { return kind_ == k; }

  // Per-kind accessors (each valid for the kinds named).
  const Column& column() const;                                 ///< kColumn, kOuterColumn
  const std::shared_ptr<arrow::Scalar>& value() const;          ///< kLiteral
  const std::string& alias() const;                             ///< kAlias
  BinaryOperator op() const;                                    ///< kBinary
  const LogicalExprPtr& left() const { return children_[0]; }   ///< kBinary
  const LogicalExprPtr& right() const { return children_[1]; }  ///< kBinary
  /// The single argument of Alias/Not/Negative/IsNull/Like/Cast, and InList's and
  /// InSubquery's tested value.
  const LogicalExprPtr& arg() const { return children_[0]; }
  bool negated() const;                ///< IsNull, InList, Like, Exists, InSubquery
  const std::string& pattern() const;  ///< kLike
  bool case_insensitive() const;       ///< kLike
  const std::shared_ptr<arrow::DataType>& cast_type() const;  ///< kCast
  /// kInList items.
  std::vector<LogicalExprPtr> list() const;
  /// kCase parts.
  bool has_operand() const;
  bool has_else() const;
  LogicalExprPtr case_operand() const;
  std::vector<std::pair<LogicalExprPtr, LogicalExprPtr>> when_then() const;
  LogicalExprPtr else_expr() const;
  const std::shared_ptr<ScalarFunction>& scalar_function() const;        ///< kScalarFunction
  const std::shared_ptr<AggregateFunction>& aggregate_function() const;  ///< kAggregateFunction
  bool distinct() const;                                                 ///< kAggregateFunction
  /// Function arguments (kScalarFunction, kAggregateFunction).
  const std::vector<LogicalExprPtr>& args() const { return children_; }
  /// The subquery's plan (kScalarSubquery, kExists, kInSubquery).
  const std::shared_ptr<LogicalPlan>& subquery() const;
  /// kOuterColumn: the column's type and nullability in the enclosing query.
  const std::shared_ptr<arrow::DataType>& outer_type() const;
  const expr_payload::Payload& payload() const { return payload_; }

  const std::vector<LogicalExprPtr>& children() const { return children_; }
  /// A copy of this node over new children (same count and order as children()).
  LogicalExprPtr with_new_children(std::vector<LogicalExprPtr> children) const;

  /// Result type against the schema of the node's input.
  arrow::Result<std::shared_ptr<arrow::DataType>> data_type(const LogicalSchema& schema) const;
  bool nullable(const LogicalSchema& schema) const;

  /// Display with qualified columns: `lineitem.l_quantity < 24`. Unique per meaning, so
  /// plans use it to name computed columns (e.g. aggregate outputs).
  std::string to_string() const;
  /// Display with bare column names, used to name unaliased SELECT outputs: `sum(l_quantity)`.
  std::string display_name() const;

  /// Structural equality (functions compared by name).
  bool equals(const LogicalExpr& other) const;

 protected:
  LogicalExpr() = default;

 private:
  std::string render(bool qualified) const;

  LogicalExprKind kind_ = LogicalExprKind::kLiteral;
  expr_payload::Payload payload_;
  std::vector<LogicalExprPtr> children_;
};

/// \brief One ORDER BY key of a logical sort.
struct SortExpr {
  LogicalExprPtr expr;
  bool ascending = true;
  bool nulls_first = false;
  std::string to_string() const;
};

// ---------------------------------------------------------------------------------------------
// Helpers for rewriting and inspecting expression trees.

using ExprRewriter = std::function<arrow::Result<LogicalExprPtr>(const LogicalExprPtr&)>;

/// Rewrites children first, then calls `fn` on the rebuilt node (bottom-up).
arrow::Result<LogicalExprPtr> TransformUp(const LogicalExprPtr& expr, const ExprRewriter& fn);
/// Calls `fn` on the node first; when it returns a different node that node is kept as is,
/// otherwise the children are visited (top-down, replacing whole subtrees).
arrow::Result<LogicalExprPtr> TransformDown(const LogicalExprPtr& expr, const ExprRewriter& fn);
/// Visits every node, parents before children.
void VisitExpr(const LogicalExprPtr& expr, const std::function<void(const LogicalExprPtr&)>& fn);

/// True when `expr` holds a subquery expression (not looking inside subquery plans).
bool ContainsSubquery(const LogicalExprPtr& expr);
/// True when `expr` references a column of an enclosing query.
bool ContainsOuterColumn(const LogicalExprPtr& expr);

/// The column references in `expr`, in first-seen order without duplicates.
std::vector<Column> ExprColumns(const LogicalExprPtr& expr);
/// Aggregate function calls in `expr` (outermost ones), appended to `out` without duplicates.
void CollectAggregates(const LogicalExprPtr& expr, std::vector<LogicalExprPtr>* out);
bool ContainsAggregate(const LogicalExprPtr& expr);
/// a AND b AND c → [a, b, c].
std::vector<LogicalExprPtr> SplitConjunction(const LogicalExprPtr& expr);
/// [a, b, c] → a AND b AND c (nullptr for an empty list).
LogicalExprPtr Conjunction(const std::vector<LogicalExprPtr>& exprs);
/// The expression below any Alias.
const LogicalExprPtr& Unalias(const LogicalExprPtr& expr);
/// True when `exprs` holds an expression equal to `expr`; `index` gets its position.
bool ContainsExpr(const std::vector<LogicalExprPtr>& exprs, const LogicalExpr& expr,
                  size_t* index = nullptr);

/// Name a projection gives `expr`: the alias, the column name, or display_name().
std::string OutputName(const LogicalExpr& expr);

/// SQL-ish rendering of a literal: 24, 'abc', DATE '1998-09-02', NULL.
std::string LiteralToString(const arrow::Scalar& value);

}  // namespace quiver
