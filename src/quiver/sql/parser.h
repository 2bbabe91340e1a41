#pragma once

#include <arrow/result.h>
#include <quiver/sql/ast.h>
#include <quiver/sql/token.h>

#include <string_view>
#include <vector>

namespace quiver::sql {

/// \brief Recursive-descent SQL parser over the Lexer's tokens.
///
/// Operator precedence, loosest first: OR; AND; NOT; comparisons, IS [NOT] NULL,
/// [NOT] BETWEEN / IN / LIKE / ILIKE; + - ||; * / %; unary - +; `::` casts.
/// Syntax errors are Invalid "SQL error at line L, column C: expected X, found 'Y'".
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  /// All statements of the text, separated by ';' (a trailing ';' is optional).
  arrow::Result<std::vector<Statement>> parse_statements();
  arrow::Result<Statement> parse_statement();
  arrow::Result<QueryPtr> parse_query();
  arrow::Result<ExprPtr> parse_expr();

 private:
  const Token& peek(size_t ahead = 0) const;
  const Token& next();
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return peek().is_keyword(kw); }
  bool accept(TokenKind kind);
  bool accept_keyword(std::string_view kw);
  arrow::Status expect(TokenKind kind, std::string_view what);
  arrow::Status expect_keyword(std::string_view kw);
  arrow::Status error_expected(std::string_view what) const;

  arrow::Result<Select> parse_select();
  arrow::Result<SelectItem> parse_select_item();
  arrow::Result<TableRefPtr> parse_table_ref();
  arrow::Result<TableRefPtr> parse_table_primary();
  arrow::Result<std::optional<Identifier>> parse_optional_alias();
  arrow::Result<OrderByItem> parse_order_by_item();
  arrow::Result<Identifier> parse_identifier(std::string_view what);
  arrow::Result<std::shared_ptr<arrow::DataType>> parse_type();

  arrow::Result<ExprPtr> parse_or();
  arrow::Result<ExprPtr> parse_and();
  arrow::Result<ExprPtr> parse_not();
  arrow::Result<ExprPtr> parse_comparison();
  arrow::Result<ExprPtr> parse_additive();
  arrow::Result<ExprPtr> parse_multiplicative();
  arrow::Result<ExprPtr> parse_unary();
  arrow::Result<ExprPtr> parse_postfix();
  arrow::Result<ExprPtr> parse_primary();
  arrow::Result<ExprPtr> parse_case(Location loc);
  arrow::Result<ExprPtr> parse_interval(Location loc);
  arrow::Result<ExprPtr> parse_function(std::vector<Identifier> names, Location loc);

  std::vector<Token> tokens_;
  size_t pos_ = 0;
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
