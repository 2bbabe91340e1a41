#pragma once

#include <arrow/type_fwd.h>
#include <quiver/common/operators.h>
#include <quiver/sql/token.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/// \file
/// Abstract syntax tree produced by the parser. It records what was written (names are not
/// resolved, types not checked); the binder (SqlToRel) gives it meaning. Shapes that later
/// features need (joins, derived tables, subqueries) are already represented so the grammar
/// and the binder can grow without changing the tree.

namespace quiver::sql {

struct Query;
struct Expr;
struct TableRef;
using ExprPtr = std::shared_ptr<Expr>;
using QueryPtr = std::shared_ptr<Query>;
using TableRefPtr = std::shared_ptr<TableRef>;

/// \brief A name as written: quoted names keep their case, bare names compare case-insensitively.
struct Identifier {
  std::string value;
  bool quoted = false;
  Location loc;
  /// Lower-cased unless quoted: the form names are normalized to.
  std::string normalized() const;
};

enum class ExprKind {
  kIdentifier,  ///< names: a, t.a
  kNumber,      ///< text: 42, 0.06, 1e3
  kString,      ///< text
  kBoolean,     ///< bool_value
  kNull,
  kTypedString,  ///< DATE '1998-12-01': type + text
  kInterval,     ///< INTERVAL '3' MONTH: months, days, nanos
  kUnary,        ///< unary_op args[0]
  kBinary,       ///< args[0] binary_op args[1]
  kIsNull,       ///< args[0] IS [NOT] NULL
  kBetween,      ///< args[0] [NOT] BETWEEN args[1] AND args[2]
  kInList,       ///< args[0] [NOT] IN (args[1..])
  kInSubquery,   ///< args[0] [NOT] IN (subquery)
  kLike,         ///< args[0] [NOT] [I]LIKE args[1]
  kCase,         ///< CASE [operand] WHEN/THEN... [ELSE] END
  kCast,         ///< CAST(args[0] AS type) or args[0]::type
  kFunction,     ///< names(args) with distinct / star (count(*))
  kSubquery,     ///< (SELECT ...) used as a value
  kExists,       ///< EXISTS (SELECT ...)
};

enum class UnaryOperator { kMinus, kPlus, kNot };

/// \brief One expression node. Fields are meaningful per `kind` (see ExprKind).
struct Expr {
  ExprKind kind = ExprKind::kNull;
  Location loc;

  std::vector<Identifier> names;  ///< identifier parts / function name parts
  std::string text;               ///< number text, string value, typed string value
  bool bool_value = false;
  std::shared_ptr<arrow::DataType> type;  ///< cast target, typed string type
  int32_t months = 0;                     ///< interval parts
  int32_t days = 0;
  int64_t nanos = 0;
  UnaryOperator unary_op = UnaryOperator::kMinus;
  BinaryOperator binary_op = BinaryOperator::kPlus;
  bool negated = false;
  bool case_insensitive = false;  ///< ILIKE
  bool distinct = false;          ///< f(DISTINCT x)
  bool star = false;              ///< count(*)
  std::vector<ExprPtr> args;
  ExprPtr operand;  ///< CASE operand (may be null)
  std::vector<std::pair<ExprPtr, ExprPtr>> when_then;
  ExprPtr else_expr;  ///< may be null
  QueryPtr subquery;

  /// Fully parenthesized rendering, for tests and messages: ((a + (b * c)) = 1).
  std::string to_string() const;
};

/// \brief A SELECT list entry: expression [AS alias], `*` or `t.*`.
struct SelectItem {
  enum class Kind { kExpr, kWildcard, kQualifiedWildcard };
  Kind kind = Kind::kExpr;
  ExprPtr expr;
  std::optional<Identifier> alias;
  std::vector<Identifier> qualifier;  ///< for t.*
  Location loc;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

/// \brief A FROM entry: a named table, a derived table `(SELECT ...) alias`, or a join.
struct TableRef {
  enum class Kind { kTable, kSubquery, kJoin };
  Kind kind = Kind::kTable;
  Location loc;
  std::vector<Identifier> name;  ///< kTable: possibly qualified name
  std::optional<Identifier> alias;
  QueryPtr subquery;  ///< kSubquery
  // kJoin
  JoinType join_type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                   ///< ON (may be null)
  std::vector<Identifier> using_cols;  ///< USING (...)
};

struct OrderByItem {
  ExprPtr expr;
  bool ascending = true;
  std::optional<bool> nulls_first;  ///< unset: NULLS LAST for ASC, NULLS FIRST for DESC
  Location loc;
};

/// \brief SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ...
struct Select {
  bool distinct = false;
  std::vector<SelectItem> items;
  std::vector<TableRefPtr> from;  ///< comma-separated entries; empty for `SELECT 1`
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  Location loc;
};

/// \brief A full query: a SELECT plus ORDER BY / LIMIT / OFFSET.
struct Query {
  Select select;
  std::vector<OrderByItem> order_by;
  ExprPtr limit;   ///< may be null
  ExprPtr offset;  ///< may be null
  Location loc;
};

/// \brief One SQL statement: a query, EXPLAIN [VERBOSE] query, or SET key = value.
struct Statement {
  enum class Kind { kQuery, kExplain, kSet };
  Kind kind = Kind::kQuery;
  Location loc;
  /// The query (for kExplain, the explained query).
  QueryPtr query;
  bool verbose = false;   ///< EXPLAIN VERBOSE
  std::string set_key;    ///< kSet: lower-cased setting name (dotted names kept)
  std::string set_value;  ///< kSet: value as text (true/false, number text, string value)
};

}  // namespace quiver::sql
