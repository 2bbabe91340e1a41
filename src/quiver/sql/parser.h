#pragma once

#include <arrow/result.h>
#include <quiver/sql/ast.h>
#include <quiver/sql/token.h>

#include <string_view>
#include <vector>

namespace quiver::sql {

/// One entry of the parser's binary / postfix operator table (defined in parser.cc).
struct InfixOperator;

/// \brief Recursive-descent SQL parser over the Lexer's tokens; expressions by precedence
/// climbing over one operator table.
///
/// Operator precedence, loosest first (PostgreSQL's order): OR; AND; NOT; IS [NOT] NULL;
/// comparisons (= <> < <= > >=); [NOT] BETWEEN / IN / LIKE / ILIKE; ||; + -; * / %;
/// unary - +; `::` casts. Binary operators are left-associative. Set operations: INTERSECT
/// binds tighter than UNION and EXCEPT.
///
/// Syntax errors are Invalid "SQL error at line L, column C: expected X, found 'Y'". Valid SQL
/// the grammar declines (WITH RECURSIVE, LATERAL, EXPLAIN ANALYZE) is NotImplemented
/// "SQL error at line L, column C: <construct> is not supported yet".
///
/// Recursion follows the nesting of the text (parentheses, subqueries, function calls, prefix
/// operators), never the length of a flat operator chain; nesting deeper than
/// kMaxNestingDepth is Invalid "query nested too deeply (limit 256)".
class Parser {
 public:
  static constexpr int kMaxNestingDepth = 256;

  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  /// All statements of the text, separated by ';' (a trailing ';' is optional).
  arrow::Result<std::vector<Statement>> parse_statements();
  arrow::Result<Statement> parse_statement();
  arrow::Result<QueryPtr> parse_query();
  arrow::Result<ExprPtr> parse_expr();

 private:
  /// Decrements the nesting depth when a nested construct has been parsed.
  struct Nested {
    explicit Nested(Parser* parser) : parser(parser) {}
    ~Nested() { --parser->depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
    Parser* parser;
  };

  const Token& peek(size_t ahead = 0) const;
  const Token& next();
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return peek().is_keyword(kw); }
  bool accept(TokenKind kind);
  bool accept_keyword(std::string_view kw);
  arrow::Status expect(TokenKind kind, std::string_view what);
  arrow::Status expect_keyword(std::string_view kw);
  arrow::Status error_expected(std::string_view what) const;
  /// Counts one more level of nesting; Invalid past kMaxNestingDepth. On success the caller
  /// holds a Nested guard for the construct's extent.
  arrow::Status enter_nesting();

  arrow::Result<Statement> parse_create_view(Statement stmt);
  arrow::Result<Statement> parse_drop_view(Statement stmt);
  arrow::Result<Statement> parse_set(Statement stmt);

  /// True at the first token of a query: SELECT or WITH.
  bool at_query_start() const;
  /// True where a query goes on after a term: UNION / INTERSECT / EXCEPT / ORDER / LIMIT /
  /// OFFSET.
  bool at_query_continuation() const;
  arrow::Result<std::vector<Cte>> parse_with();
  /// SELECT ... or a parenthesized query.
  arrow::Result<SetExprPtr> parse_query_term();
  /// Set operations after `first`, then ORDER BY / LIMIT / OFFSET.
  arrow::Result<QueryPtr> parse_query_rest(Location loc, std::vector<Cte> with, SetExprPtr first);
  arrow::Result<SetExprPtr> parse_set_operations(SetExprPtr left, int min_precedence);

  arrow::Result<Select> parse_select();
  arrow::Result<SelectItem> parse_select_item();
  arrow::Result<TableRefPtr> parse_table_ref();
  arrow::Result<TableRefPtr> parse_table_primary();
  /// [AS] alias [(col, ...)] after a FROM entry.
  arrow::Status parse_table_alias(TableRef* ref);
  arrow::Result<std::optional<Identifier>> parse_optional_alias();
  arrow::Result<OrderByItem> parse_order_by_item();
  arrow::Result<Identifier> parse_identifier(std::string_view what);
  /// a.b.c
  arrow::Result<std::vector<Identifier>> parse_qualified_name(std::string_view what);
  /// (a, b, ...)
  arrow::Result<std::vector<Identifier>> parse_identifier_list(std::string_view what);
  arrow::Result<std::shared_ptr<arrow::DataType>> parse_type();

  /// An expression of operators that bind at least as tightly as `min_precedence`.
  arrow::Result<ExprPtr> parse_expr_at(int min_precedence);
  /// Prefix operators (NOT, unary - +) and primaries.
  arrow::Result<ExprPtr> parse_prefix();
  /// The operator `op` (already consumed, written at `loc`) applied to `left`.
  arrow::Result<ExprPtr> parse_infix(ExprPtr left, const InfixOperator& op, bool negated,
                                     Location loc);
  /// The table's operator at the current token (after an optional NOT for the negatable ones),
  /// or null.
  const InfixOperator* peek_infix(bool* negated) const;
  arrow::Result<ExprPtr> parse_in(ExprPtr left, bool negated, Location loc);
  arrow::Result<ExprPtr> parse_primary();
  /// After `(`: a subquery, or a parenthesized expression.
  arrow::Result<ExprPtr> parse_parenthesized(Location loc);
  /// `(subquery)` parsed as an expression and followed by UNION / ORDER BY / ...: the rest of
  /// the query, so that `((SELECT 1) UNION (SELECT 2))` is one subquery.
  arrow::Status continue_subquery(ExprPtr* e);
  arrow::Result<ExprPtr> parse_case(Location loc);
  arrow::Result<ExprPtr> parse_interval(Location loc);
  arrow::Result<ExprPtr> parse_function(std::vector<Identifier> names, Location loc);
  arrow::Result<ExprPtr> parse_extract(Location loc);
  arrow::Result<ExprPtr> parse_substring(Location loc);
  arrow::Result<ExprPtr> parse_position(Location loc);
  arrow::Result<ExprPtr> parse_trim(Location loc);

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

/// Parses SQL text into statements (the session's entry point).
arrow::Result<std::vector<Statement>> ParseSql(std::string_view sql);

/// True for words that cannot be an implicit (AS-less) alias: SELECT, FROM, WHERE, ...
bool IsReservedKeyword(const Token& token);

}  // namespace quiver::sql

namespace quiver {
using sql::ParseSql;
using sql::Statement;
}  // namespace quiver
