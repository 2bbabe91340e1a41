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
/// resolved, types not checked); the binder (SqlToRel) gives it meaning. The query shape follows
/// sqlparser-rs / DataFusion: a Query is a WITH list, a body (a SELECT, a set operation or a
/// parenthesized Query) and the ORDER BY / LIMIT / OFFSET that apply to the whole body.
///
/// Every node records a Location: its first token's, except that operator nodes (binary
/// operators, IS / IN / BETWEEN / LIKE, casts, joins, set operations) record the operator's. Long
/// left-deep chains (`a OR b OR ...`, `a JOIN b JOIN ...`, `q UNION q UNION ...`) are freed
/// without recursion; to_string() does recurse and is meant for tests and messages.

namespace quiver::sql {

struct Query;
struct Expr;
struct TableRef;
struct SetExpr;
using ExprPtr = std::shared_ptr<Expr>;
using QueryPtr = std::shared_ptr<Query>;
using TableRefPtr = std::shared_ptr<TableRef>;
using SetExprPtr = std::shared_ptr<SetExpr>;

/// \brief A name as written: quoted names keep their case, bare names compare case-insensitively.
struct Identifier {
  std::string value;
  bool quoted = false;
  Location loc;
  /// Lower-cased unless quoted: the form names are normalized to.
  std::string normalized() const;
  /// As written: "Quoted" in double quotes, bare names verbatim.
  std::string to_string() const;
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
  kExists,       ///< [NOT] EXISTS (SELECT ...): negated
  /// args[0] binary_op ANY|SOME|ALL (subquery): `all` tells ALL from ANY / SOME.
  kQuantifiedComparison,
};

enum class UnaryOperator { kMinus, kPlus, kNot };

/// \brief One expression node. Fields are meaningful per `kind` (see ExprKind).
///
/// Some SQL spellings are recorded as the function calls they mean: `a || b` is
/// string_concat(a, b), EXTRACT(f FROM x) is date_part('f', x), SUBSTRING(x FROM a FOR b) is
/// substring(x, a, b), POSITION(a IN b) is strpos(b, a), TRIM([BOTH|LEADING|TRAILING] [c] FROM
/// x) is trim / ltrim / rtrim(x [, c]).
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
  bool all = false;               ///< kQuantifiedComparison: ALL (else ANY / SOME)
  std::vector<ExprPtr> args;
  ExprPtr operand;  ///< CASE operand (may be null)
  std::vector<std::pair<ExprPtr, ExprPtr>> when_then;
  ExprPtr else_expr;  ///< may be null
  QueryPtr subquery;

  Expr() = default;
  Expr(const Expr&) = default;
  Expr& operator=(const Expr&) = default;
  /// Frees deep operand chains with an explicit stack instead of recursion.
  ~Expr();

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

  std::string to_string() const;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

/// \brief A FROM entry: a named table, a derived table `(SELECT ...) alias`, or a join.
struct TableRef {
  enum class Kind { kTable, kSubquery, kJoin };
  Kind kind = Kind::kTable;
  Location loc;
  std::vector<Identifier> name;  ///< kTable: possibly qualified name
  /// kTable / kSubquery; a parenthesized join may carry one too: `(a JOIN b) AS j`.
  std::optional<Identifier> alias;
  /// Column aliases after the alias: `lineitem AS l (a, b)`, `(SELECT ...) AS t (x, y)`.
  std::vector<Identifier> column_aliases;
  QueryPtr subquery;  ///< kSubquery
  // kJoin
  JoinType join_type = JoinType::kInner;
  bool natural = false;  ///< NATURAL [INNER | LEFT | RIGHT | FULL] JOIN
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                   ///< ON (may be null)
  std::vector<Identifier> using_cols;  ///< USING (...)

  TableRef() = default;
  TableRef(const TableRef&) = default;
  TableRef& operator=(const TableRef&) = default;
  /// Frees long join chains without recursion.
  ~TableRef();

  /// Joins fully parenthesized: ((a JOIN b ON (a.x = b.x)) LEFT JOIN c USING (y)).
  std::string to_string() const;
};

struct OrderByItem {
  ExprPtr expr;
  bool ascending = true;
  std::optional<bool> nulls_first;  ///< unset: NULLS LAST for ASC, NULLS FIRST for DESC
  Location loc;

  std::string to_string() const;
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

  std::string to_string() const;
};

enum class SetOperator { kUnion, kIntersect, kExcept };

/// \brief What follows UNION / INTERSECT / EXCEPT: nothing (DISTINCT semantics), ALL or DISTINCT.
enum class SetQuantifier { kNone, kAll, kDistinct };

/// \brief The body of a Query: one SELECT, a set operation over two bodies, or a parenthesized
/// Query that has clauses of its own (`(SELECT ... ORDER BY x LIMIT 3)`).
///
/// Parentheses that only group (a parenthesized query without WITH / ORDER BY / LIMIT /
/// OFFSET) are not kept as a kQuery node: the tree's shape already records the grouping.
struct SetExpr {
  enum class Kind { kSelect, kSetOperation, kQuery };
  Kind kind = Kind::kSelect;
  Location loc;
  std::shared_ptr<Select> select;  ///< kSelect
  // kSetOperation: left op [quantifier] right; INTERSECT binds tighter than UNION / EXCEPT.
  SetOperator op = SetOperator::kUnion;
  SetQuantifier quantifier = SetQuantifier::kNone;
  SetExprPtr left;
  SetExprPtr right;
  QueryPtr query;  ///< kQuery

  SetExpr() = default;
  SetExpr(const SetExpr&) = default;
  SetExpr& operator=(const SetExpr&) = default;
  /// Frees long UNION chains without recursion.
  ~SetExpr();

  /// Set operations fully parenthesized: ((SELECT 1 UNION ALL SELECT 2) EXCEPT SELECT 3).
  std::string to_string() const;
};

/// \brief One WITH entry: `name [(col, ...)] AS (query)`.
struct Cte {
  Identifier name;
  std::vector<Identifier> columns;
  QueryPtr query;
  Location loc;

  std::string to_string() const;
};

/// \brief A full query: WITH list, body, and the ORDER BY / LIMIT / OFFSET of the whole body.
struct Query {
  std::vector<Cte> with;
  SetExprPtr body;
  std::vector<OrderByItem> order_by;
  ExprPtr limit;   ///< may be null
  ExprPtr offset;  ///< may be null
  Location loc;

  /// The SELECT when the body is a single one (WITH and clauses aside), else null: for code
  /// that handles no set operations or nested queries yet.
  const Select* single_select() const;

  /// SQL-like rendering: WITH ... SELECT ... ORDER BY ... LIMIT ... OFFSET ...
  std::string to_string() const;
};

/// \brief One SQL statement: a query, EXPLAIN [VERBOSE] query, SET key = value,
/// CREATE [OR REPLACE] VIEW or DROP VIEW [IF EXISTS].
struct Statement {
  enum class Kind { kQuery, kExplain, kSet, kCreateView, kDropView };
  Kind kind = Kind::kQuery;
  Location loc;
  /// The query (for kExplain, the explained query; for kCreateView, the view's query).
  QueryPtr query;
  bool verbose = false;   ///< EXPLAIN VERBOSE
  std::string set_key;    ///< kSet: lower-cased setting name (dotted names kept)
  std::string set_value;  ///< kSet: value as text (true/false, number text, string value)
  std::vector<Identifier> view_name;     ///< kCreateView / kDropView: possibly qualified
  std::vector<Identifier> view_columns;  ///< kCreateView: `CREATE VIEW v (a, b) AS ...`
  bool or_replace = false;               ///< CREATE OR REPLACE VIEW
  bool if_exists = false;                ///< DROP VIEW IF EXISTS

  std::string to_string() const;
};

}  // namespace quiver::sql
