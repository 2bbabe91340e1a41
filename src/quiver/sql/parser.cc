#include <arrow/status.h>
#include <arrow/type.h>
#include <quiver/common/ascii.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/parser.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace quiver::sql {
namespace {

constexpr std::string_view kReserved[] = {
    "ALL",   "AND",      "AS",    "ASC",   "BETWEEN", "BY",     "CASE",    "CAST",   "CROSS",
    "DESC",  "DISTINCT", "ELSE",  "END",   "EXCEPT",  "EXISTS", "EXPLAIN", "FALSE",  "FETCH",
    "FOR",   "FROM",     "FULL",  "GROUP", "HAVING",  "ILIKE",  "IN",      "INNER",  "INTERSECT",
    "INTO",  "IS",       "JOIN",  "LEFT",  "LIKE",    "LIMIT",  "NATURAL", "NOT",    "NULL",
    "NULLS", "OFFSET",   "ON",    "OR",    "ORDER",   "OUTER",  "RIGHT",   "SELECT", "SET",
    "THEN",  "TRUE",     "UNION", "USING", "WHEN",    "WHERE",  "WINDOW",  "WITH",
};

ExprPtr MakeExpr(ExprKind kind, Location loc) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->loc = loc;
  return e;
}

ExprPtr MakeBinary(BinaryOperator op, ExprPtr l, ExprPtr r, Location loc) {
  auto e = MakeExpr(ExprKind::kBinary, loc);
  e->binary_op = op;
  e->args = {std::move(l), std::move(r)};
  return e;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Adds `n` `unit`s to an interval; false for an unknown unit.
bool AddIntervalUnit(const std::string& unit_text, int64_t n, int64_t* months, int64_t* days,
                     int64_t* nanos) {
  std::string unit = Upper(unit_text);
  if (unit.size() > 1 && unit.back() == 'S') unit.pop_back();
  if (unit == "YEAR") {
    *months += 12 * n;
  } else if (unit == "MONTH") {
    *months += n;
  } else if (unit == "WEEK") {
    *days += 7 * n;
  } else if (unit == "DAY") {
    *days += n;
  } else if (unit == "HOUR") {
    *nanos += n * 3600LL * 1000000000LL;
  } else if (unit == "MINUTE") {
    *nanos += n * 60LL * 1000000000LL;
  } else if (unit == "SECOND") {
    *nanos += n * 1000000000LL;
  } else {
    return false;
  }
  return true;
}

bool ParseInt64(std::string_view text, int64_t* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

bool IsReservedKeyword(const Token& token) {
  if (token.kind != TokenKind::kIdentifier || token.quoted) return false;
  for (auto kw : kReserved) {
    if (token.is_keyword(kw)) return true;
  }
  return false;
}

const Token& Parser::peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& Parser::next() {
  const Token& tok = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return tok;
}

bool Parser::accept(TokenKind kind) {
  if (!at(kind)) return false;
  next();
  return true;
}

bool Parser::accept_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return false;
  next();
  return true;
}

arrow::Status Parser::error_expected(std::string_view what) const {
  return SyntaxError(peek().loc, "expected " + std::string(what) + ", found " + peek().describe());
}

arrow::Status Parser::expect(TokenKind kind, std::string_view what) {
  if (!accept(kind)) return error_expected(what);
  return arrow::Status::OK();
}

arrow::Status Parser::expect_keyword(std::string_view kw) {
  if (!accept_keyword(kw)) return error_expected(kw);
  return arrow::Status::OK();
}

arrow::Result<Identifier> Parser::parse_identifier(std::string_view what) {
  if (!at(TokenKind::kIdentifier) || IsReservedKeyword(peek())) return error_expected(what);
  const Token& tok = next();
  return Identifier{tok.text, tok.quoted, tok.loc};
}

// ---------------------------------------------------------------------------------------------
// Statements

arrow::Result<std::vector<Statement>> Parser::parse_statements() {
  std::vector<Statement> out;
  while (true) {
    while (accept(TokenKind::kSemicolon)) {
    }
    if (at(TokenKind::kEof)) break;
    ARROW_ASSIGN_OR_RAISE(auto stmt, parse_statement());
    out.push_back(std::move(stmt));
    if (accept(TokenKind::kSemicolon)) continue;
    if (!at(TokenKind::kEof)) return error_expected("';' or end of input");
  }
  if (out.empty()) return SyntaxError(peek().loc, "empty statement");
  return out;
}

arrow::Result<Statement> Parser::parse_statement() {
  Statement stmt;
  stmt.loc = peek().loc;
  if (accept_keyword("EXPLAIN")) {
    stmt.kind = Statement::Kind::kExplain;
    stmt.verbose = accept_keyword("VERBOSE");
    ARROW_ASSIGN_OR_RAISE(stmt.query, parse_query());
    return stmt;
  }
  if (accept_keyword("SET")) {
    stmt.kind = Statement::Kind::kSet;
    ARROW_ASSIGN_OR_RAISE(auto first, parse_identifier("a setting name"));
    stmt.set_key = first.normalized();
    while (accept(TokenKind::kDot)) {
      if (!at(TokenKind::kIdentifier)) return error_expected("a setting name");
      const Token& part = next();
      stmt.set_key += "." + (part.quoted ? part.text : AsciiLower(part.text));
    }
    if (!accept(TokenKind::kEq) && !accept_keyword("TO")) return error_expected("'=' or TO");
    bool negative = accept(TokenKind::kMinus);
    const Token& value = peek();
    if (value.kind == TokenKind::kNumber) {
      stmt.set_value = (negative ? "-" : "") + value.text;
    } else if (negative) {
      return error_expected("a number");
    } else if (value.kind == TokenKind::kString) {
      stmt.set_value = value.text;
    } else if (value.kind == TokenKind::kIdentifier) {
      stmt.set_value = value.quoted ? value.text : AsciiLower(value.text);
    } else {
      return error_expected("a setting value");
    }
    next();
    return stmt;
  }
  if (!at_keyword("SELECT") && !at(TokenKind::kLParen)) {
    return error_expected("SELECT, EXPLAIN or SET");
  }
  stmt.kind = Statement::Kind::kQuery;
  ARROW_ASSIGN_OR_RAISE(stmt.query, parse_query());
  return stmt;
}

arrow::Result<QueryPtr> Parser::parse_query() {
  auto query = std::make_shared<Query>();
  query->loc = peek().loc;
  if (accept(TokenKind::kLParen)) {
    ARROW_ASSIGN_OR_RAISE(auto inner, parse_query());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    if (!inner->order_by.empty() || inner->limit || inner->offset) {
      // (SELECT ... ORDER BY ... LIMIT ...) keeps its own clauses; outer ones are not allowed
      // on top yet.
      return inner;
    }
    query = inner;
  } else {
    if (!at_keyword("SELECT")) return error_expected("SELECT");
    ARROW_ASSIGN_OR_RAISE(query->select, parse_select());
  }
  if (accept_keyword("ORDER")) {
    ARROW_RETURN_NOT_OK(expect_keyword("BY"));
    do {
      ARROW_ASSIGN_OR_RAISE(auto item, parse_order_by_item());
      query->order_by.push_back(std::move(item));
    } while (accept(TokenKind::kComma));
  }
  // LIMIT and OFFSET in either order.
  for (int i = 0; i < 2; ++i) {
    if (!query->limit && at_keyword("LIMIT")) {
      next();
      if (accept_keyword("ALL")) continue;
      ARROW_ASSIGN_OR_RAISE(query->limit, parse_additive());
    } else if (!query->offset && at_keyword("OFFSET")) {
      next();
      ARROW_ASSIGN_OR_RAISE(query->offset, parse_additive());
      if (!accept_keyword("ROWS")) accept_keyword("ROW");
    }
  }
  return query;
}

arrow::Result<Select> Parser::parse_select() {
  Select select;
  select.loc = peek().loc;
  ARROW_RETURN_NOT_OK(expect_keyword("SELECT"));
  if (accept_keyword("DISTINCT")) {
    select.distinct = true;
  } else {
    accept_keyword("ALL");
  }
  do {
    ARROW_ASSIGN_OR_RAISE(auto item, parse_select_item());
    select.items.push_back(std::move(item));
  } while (accept(TokenKind::kComma));

  if (accept_keyword("FROM")) {
    do {
      ARROW_ASSIGN_OR_RAISE(auto ref, parse_table_ref());
      select.from.push_back(std::move(ref));
    } while (accept(TokenKind::kComma));
  } else {
    // Without FROM only clause keywords or the end may follow; anything else is most likely
    // a misspelt FROM.
    static constexpr std::string_view kFollowers[] = {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT"};
    bool ok = at(TokenKind::kEof) || at(TokenKind::kSemicolon) || at(TokenKind::kRParen);
    for (auto kw : kFollowers) ok = ok || at_keyword(kw);
    if (!ok) return error_expected("FROM");
  }
  if (accept_keyword("WHERE")) {
    ARROW_ASSIGN_OR_RAISE(select.where, parse_expr());
  }
  if (accept_keyword("GROUP")) {
    ARROW_RETURN_NOT_OK(expect_keyword("BY"));
    do {
      ARROW_ASSIGN_OR_RAISE(auto e, parse_expr());
      select.group_by.push_back(std::move(e));
    } while (accept(TokenKind::kComma));
  }
  if (accept_keyword("HAVING")) {
    ARROW_ASSIGN_OR_RAISE(select.having, parse_expr());
  }
  return select;
}

arrow::Result<SelectItem> Parser::parse_select_item() {
  SelectItem item;
  item.loc = peek().loc;
  if (accept(TokenKind::kStar)) {
    item.kind = SelectItem::Kind::kWildcard;
    return item;
  }
  // t.* / s.t.*: identifiers separated by dots, ending in '*'.
  size_t n = 0;
  while (peek(2 * n).kind == TokenKind::kIdentifier && peek(2 * n + 1).kind == TokenKind::kDot) {
    ++n;
  }
  if (n > 0 && peek(2 * n).kind == TokenKind::kStar) {
    item.kind = SelectItem::Kind::kQualifiedWildcard;
    for (size_t i = 0; i < n; ++i) {
      const Token& tok = next();
      item.qualifier.push_back(Identifier{tok.text, tok.quoted, tok.loc});
      next();  // '.'
    }
    next();  // '*'
    return item;
  }
  item.kind = SelectItem::Kind::kExpr;
  ARROW_ASSIGN_OR_RAISE(item.expr, parse_expr());
  ARROW_ASSIGN_OR_RAISE(item.alias, parse_optional_alias());
  return item;
}

arrow::Result<std::optional<Identifier>> Parser::parse_optional_alias() {
  if (accept_keyword("AS")) {
    if (!at(TokenKind::kIdentifier)) return error_expected("an alias");
    const Token& tok = next();
    return Identifier{tok.text, tok.quoted, tok.loc};
  }
  if (at(TokenKind::kIdentifier) && !IsReservedKeyword(peek())) {
    const Token& tok = next();
    return Identifier{tok.text, tok.quoted, tok.loc};
  }
  return std::nullopt;
}

arrow::Result<TableRefPtr> Parser::parse_table_primary() {
  auto ref = std::make_shared<TableRef>();
  ref->loc = peek().loc;
  if (accept(TokenKind::kLParen)) {
    if (at_keyword("SELECT") || at(TokenKind::kLParen)) {
      ref->kind = TableRef::Kind::kSubquery;
      ARROW_ASSIGN_OR_RAISE(ref->subquery, parse_query());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      ARROW_ASSIGN_OR_RAISE(ref->alias, parse_optional_alias());
      return ref;
    }
    ARROW_ASSIGN_OR_RAISE(auto inner, parse_table_ref());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return inner;
  }
  ref->kind = TableRef::Kind::kTable;
  ARROW_ASSIGN_OR_RAISE(auto first, parse_identifier("a table name"));
  ref->name.push_back(std::move(first));
  while (accept(TokenKind::kDot)) {
    ARROW_ASSIGN_OR_RAISE(auto part, parse_identifier("a table name"));
    ref->name.push_back(std::move(part));
  }
  ARROW_ASSIGN_OR_RAISE(ref->alias, parse_optional_alias());
  return ref;
}

arrow::Result<TableRefPtr> Parser::parse_table_ref() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_table_primary());
  while (true) {
    Location loc = peek().loc;
    JoinType type;
    if (accept_keyword("CROSS")) {
      type = JoinType::kCross;
    } else if (accept_keyword("INNER")) {
      type = JoinType::kInner;
    } else if (accept_keyword("LEFT")) {
      type = JoinType::kLeft;
      accept_keyword("OUTER");
    } else if (accept_keyword("RIGHT")) {
      type = JoinType::kRight;
      accept_keyword("OUTER");
    } else if (accept_keyword("FULL")) {
      type = JoinType::kFull;
      accept_keyword("OUTER");
    } else if (at_keyword("JOIN")) {
      type = JoinType::kInner;
    } else {
      break;
    }
    ARROW_RETURN_NOT_OK(expect_keyword("JOIN"));
    auto join = std::make_shared<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->loc = loc;
    join->join_type = type;
    join->left = std::move(left);
    ARROW_ASSIGN_OR_RAISE(join->right, parse_table_primary());
    if (type != JoinType::kCross) {
      if (accept_keyword("ON")) {
        ARROW_ASSIGN_OR_RAISE(join->condition, parse_expr());
      } else if (accept_keyword("USING")) {
        ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
        do {
          ARROW_ASSIGN_OR_RAISE(auto col, parse_identifier("a column name"));
          join->using_cols.push_back(std::move(col));
        } while (accept(TokenKind::kComma));
        ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      } else {
        return error_expected("ON or USING");
      }
    }
    left = std::move(join);
  }
  return left;
}

arrow::Result<OrderByItem> Parser::parse_order_by_item() {
  OrderByItem item;
  item.loc = peek().loc;
  ARROW_ASSIGN_OR_RAISE(item.expr, parse_expr());
  if (accept_keyword("DESC")) {
    item.ascending = false;
  } else {
    accept_keyword("ASC");
  }
  if (accept_keyword("NULLS")) {
    if (accept_keyword("FIRST")) {
      item.nulls_first = true;
    } else if (accept_keyword("LAST")) {
      item.nulls_first = false;
    } else {
      return error_expected("FIRST or LAST");
    }
  }
  return item;
}

arrow::Result<std::shared_ptr<arrow::DataType>> Parser::parse_type() {
  if (!at(TokenKind::kIdentifier) || peek().quoted) return error_expected("a type name");
  const Token& tok = next();
  std::string name = Upper(tok.text);
  // Optional (n) / (p, s) modifiers.
  auto parse_modifiers = [&](std::vector<int64_t>* mods) -> arrow::Status {
    if (!accept(TokenKind::kLParen)) return arrow::Status::OK();
    do {
      if (!at(TokenKind::kNumber)) return error_expected("a number");
      int64_t v = 0;
      if (!ParseInt64(peek().text, &v)) return error_expected("an integer");
      next();
      mods->push_back(v);
    } while (accept(TokenKind::kComma));
    return expect(TokenKind::kRParen, "')'");
  };
  std::vector<int64_t> mods;
  if (name == "INT" || name == "INTEGER" || name == "INT4") return arrow::int32();
  if (name == "BIGINT" || name == "INT8" || name == "LONG") return arrow::int64();
  if (name == "SMALLINT" || name == "INT2") return arrow::int16();
  if (name == "TINYINT") return arrow::int8();
  if (name == "DOUBLE") {
    accept_keyword("PRECISION");
    return arrow::float64();
  }
  if (name == "FLOAT8" || name == "FLOAT" || name == "REAL" || name == "FLOAT4") {
    return arrow::float64();
  }
  if (name == "DECIMAL" || name == "NUMERIC" || name == "DEC") {
    Location loc = peek().loc;
    ARROW_RETURN_NOT_OK(parse_modifiers(&mods));
    int64_t precision = mods.empty() ? 18 : mods[0];
    int64_t scale = mods.size() > 1 ? mods[1] : (mods.empty() ? 3 : 0);
    if (mods.size() > 2 || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      return SyntaxError(loc, "invalid DECIMAL(" + std::to_string(precision) + ", " +
                                  std::to_string(scale) +
                                  "): precision must be 1..38 and scale 0..precision");
    }
    return arrow::decimal128(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
  }
  if (name == "VARCHAR" || name == "TEXT" || name == "STRING" || name == "CHAR" ||
      name == "BPCHAR") {
    ARROW_RETURN_NOT_OK(parse_modifiers(&mods));
    return arrow::utf8();
  }
  if (name == "CHARACTER") {
    accept_keyword("VARYING");
    ARROW_RETURN_NOT_OK(parse_modifiers(&mods));
    return arrow::utf8();
  }
  if (name == "DATE") return arrow::date32();
  if (name == "TIMESTAMP") return arrow::timestamp(arrow::TimeUnit::MICRO);
  if (name == "BOOLEAN" || name == "BOOL") return arrow::boolean();
  return SyntaxError(tok.loc, "unknown type '" + tok.text + "'");
}

// ---------------------------------------------------------------------------------------------
// Expressions

arrow::Result<ExprPtr> Parser::parse_expr() { return parse_or(); }

arrow::Result<ExprPtr> Parser::parse_or() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_and());
  while (at_keyword("OR")) {
    Location loc = next().loc;
    ARROW_ASSIGN_OR_RAISE(auto right, parse_and());
    left = MakeBinary(BinaryOperator::kOr, std::move(left), std::move(right), loc);
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_and() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_not());
  while (at_keyword("AND")) {
    Location loc = next().loc;
    ARROW_ASSIGN_OR_RAISE(auto right, parse_not());
    left = MakeBinary(BinaryOperator::kAnd, std::move(left), std::move(right), loc);
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_not() {
  if (at_keyword("NOT")) {
    Location loc = next().loc;
    ARROW_ASSIGN_OR_RAISE(auto arg, parse_not());
    auto e = MakeExpr(ExprKind::kUnary, loc);
    e->unary_op = UnaryOperator::kNot;
    e->args = {std::move(arg)};
    return e;
  }
  return parse_comparison();
}

arrow::Result<ExprPtr> Parser::parse_comparison() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_additive());
  while (true) {
    Location loc = peek().loc;
    std::optional<BinaryOperator> op;
    switch (peek().kind) {
      case TokenKind::kEq:
        op = BinaryOperator::kEq;
        break;
      case TokenKind::kNotEq:
        op = BinaryOperator::kNotEq;
        break;
      case TokenKind::kLt:
        op = BinaryOperator::kLt;
        break;
      case TokenKind::kLtEq:
        op = BinaryOperator::kLtEq;
        break;
      case TokenKind::kGt:
        op = BinaryOperator::kGt;
        break;
      case TokenKind::kGtEq:
        op = BinaryOperator::kGtEq;
        break;
      default:
        break;
    }
    if (op) {
      next();
      ARROW_ASSIGN_OR_RAISE(auto right, parse_additive());
      left = MakeBinary(*op, std::move(left), std::move(right), loc);
      continue;
    }
    if (accept_keyword("IS")) {
      auto e = MakeExpr(ExprKind::kIsNull, loc);
      e->negated = accept_keyword("NOT");
      ARROW_RETURN_NOT_OK(expect_keyword("NULL"));
      e->args = {std::move(left)};
      left = std::move(e);
      continue;
    }
    bool negated = false;
    if (at_keyword("NOT") && (peek(1).is_keyword("BETWEEN") || peek(1).is_keyword("IN") ||
                              peek(1).is_keyword("LIKE") || peek(1).is_keyword("ILIKE"))) {
      next();
      negated = true;
    }
    if (accept_keyword("BETWEEN")) {
      auto e = MakeExpr(ExprKind::kBetween, loc);
      e->negated = negated;
      ARROW_ASSIGN_OR_RAISE(auto low, parse_additive());
      ARROW_RETURN_NOT_OK(expect_keyword("AND"));
      ARROW_ASSIGN_OR_RAISE(auto high, parse_additive());
      e->args = {std::move(left), std::move(low), std::move(high)};
      left = std::move(e);
    } else if (accept_keyword("IN")) {
      ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
      if (at_keyword("SELECT")) {
        auto e = MakeExpr(ExprKind::kInSubquery, loc);
        e->negated = negated;
        ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
        e->args = {std::move(left)};
        left = std::move(e);
      } else {
        auto e = MakeExpr(ExprKind::kInList, loc);
        e->negated = negated;
        e->args = {std::move(left)};
        do {
          ARROW_ASSIGN_OR_RAISE(auto item, parse_expr());
          e->args.push_back(std::move(item));
        } while (accept(TokenKind::kComma));
        left = std::move(e);
      }
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    } else if (at_keyword("LIKE") || at_keyword("ILIKE")) {
      auto e = MakeExpr(ExprKind::kLike, loc);
      e->negated = negated;
      e->case_insensitive = next().is_keyword("ILIKE");
      ARROW_ASSIGN_OR_RAISE(auto pattern, parse_additive());
      e->args = {std::move(left), std::move(pattern)};
      left = std::move(e);
    } else {
      break;
    }
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_additive() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_multiplicative());
  while (true) {
    Location loc = peek().loc;
    if (accept(TokenKind::kPlus)) {
      ARROW_ASSIGN_OR_RAISE(auto right, parse_multiplicative());
      left = MakeBinary(BinaryOperator::kPlus, std::move(left), std::move(right), loc);
    } else if (accept(TokenKind::kMinus)) {
      ARROW_ASSIGN_OR_RAISE(auto right, parse_multiplicative());
      left = MakeBinary(BinaryOperator::kMinus, std::move(left), std::move(right), loc);
    } else if (accept(TokenKind::kConcat)) {
      // a || b is string concatenation, planned as string_concat: unlike concat(), which
      // skips NULLs, it is NULL when an operand is.
      ARROW_ASSIGN_OR_RAISE(auto right, parse_multiplicative());
      auto e = MakeExpr(ExprKind::kFunction, loc);
      e->names = {Identifier{"string_concat", false, loc}};
      e->args = {std::move(left), std::move(right)};
      left = std::move(e);
    } else {
      break;
    }
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_multiplicative() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_unary());
  while (true) {
    Location loc = peek().loc;
    std::optional<BinaryOperator> op;
    if (at(TokenKind::kStar)) op = BinaryOperator::kMultiply;
    if (at(TokenKind::kSlash)) op = BinaryOperator::kDivide;
    if (at(TokenKind::kPercent)) op = BinaryOperator::kModulo;
    if (!op) break;
    next();
    ARROW_ASSIGN_OR_RAISE(auto right, parse_unary());
    left = MakeBinary(*op, std::move(left), std::move(right), loc);
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_unary() {
  if (at(TokenKind::kMinus) || at(TokenKind::kPlus)) {
    const Token& tok = next();
    auto e = MakeExpr(ExprKind::kUnary, tok.loc);
    e->unary_op = tok.kind == TokenKind::kMinus ? UnaryOperator::kMinus : UnaryOperator::kPlus;
    ARROW_ASSIGN_OR_RAISE(auto arg, parse_unary());
    e->args = {std::move(arg)};
    return e;
  }
  return parse_postfix();
}

arrow::Result<ExprPtr> Parser::parse_postfix() {
  ARROW_ASSIGN_OR_RAISE(auto e, parse_primary());
  while (at(TokenKind::kDoubleColon)) {
    Location loc = next().loc;
    auto cast = MakeExpr(ExprKind::kCast, loc);
    ARROW_ASSIGN_OR_RAISE(cast->type, parse_type());
    cast->args = {std::move(e)};
    e = std::move(cast);
  }
  return e;
}

arrow::Result<ExprPtr> Parser::parse_primary() {
  const Token& tok = peek();
  Location loc = tok.loc;
  switch (tok.kind) {
    case TokenKind::kNumber: {
      auto e = MakeExpr(ExprKind::kNumber, loc);
      e->text = next().text;
      return e;
    }
    case TokenKind::kString: {
      auto e = MakeExpr(ExprKind::kString, loc);
      e->text = next().text;
      return e;
    }
    case TokenKind::kLParen: {
      next();
      if (at_keyword("SELECT")) {
        auto e = MakeExpr(ExprKind::kSubquery, loc);
        ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
        ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
        return e;
      }
      ARROW_ASSIGN_OR_RAISE(auto e, parse_expr());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      return e;
    }
    case TokenKind::kIdentifier:
      break;
    default:
      return error_expected("an expression");
  }

  if (!tok.quoted) {
    if (tok.is_keyword("TRUE") || tok.is_keyword("FALSE")) {
      auto e = MakeExpr(ExprKind::kBoolean, loc);
      e->bool_value = next().is_keyword("TRUE");
      return e;
    }
    if (accept_keyword("NULL")) return MakeExpr(ExprKind::kNull, loc);
    if (accept_keyword("CASE")) return parse_case(loc);
    if (tok.is_keyword("CAST") || tok.is_keyword("TRY_CAST")) {
      next();
      ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
      auto e = MakeExpr(ExprKind::kCast, loc);
      ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr());
      ARROW_RETURN_NOT_OK(expect_keyword("AS"));
      ARROW_ASSIGN_OR_RAISE(e->type, parse_type());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      e->args = {std::move(arg)};
      return e;
    }
    if (tok.is_keyword("EXISTS") && peek(1).kind == TokenKind::kLParen) {
      next();
      next();
      auto e = MakeExpr(ExprKind::kExists, loc);
      ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      return e;
    }
    if (tok.is_keyword("EXTRACT") && peek(1).kind == TokenKind::kLParen) {
      // EXTRACT(field FROM x) is date_part('field', x).
      next();
      next();
      if (!at(TokenKind::kIdentifier) && !at(TokenKind::kString)) {
        return error_expected("a date part such as YEAR");
      }
      const Token& field = next();
      auto part = MakeExpr(ExprKind::kString, field.loc);
      part->text = AsciiLower(field.text);
      ARROW_RETURN_NOT_OK(expect_keyword("FROM"));
      ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      auto e = MakeExpr(ExprKind::kFunction, loc);
      e->names = {Identifier{"date_part", false, loc}};
      e->args = {std::move(part), std::move(arg)};
      return e;
    }
    if ((tok.is_keyword("SUBSTRING") || tok.is_keyword("SUBSTR")) &&
        peek(1).kind == TokenKind::kLParen) {
      // SUBSTRING(x FROM a [FOR b]) as well as the plain call form.
      Identifier name{AsciiLower(tok.text), false, loc};
      next();
      next();
      auto e = MakeExpr(ExprKind::kFunction, loc);
      e->names = {name};
      ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr());
      e->args.push_back(std::move(arg));
      if (accept_keyword("FROM")) {
        ARROW_ASSIGN_OR_RAISE(auto start, parse_expr());
        e->args.push_back(std::move(start));
        if (accept_keyword("FOR")) {
          ARROW_ASSIGN_OR_RAISE(auto len, parse_expr());
          e->args.push_back(std::move(len));
        }
      } else {
        while (accept(TokenKind::kComma)) {
          ARROW_ASSIGN_OR_RAISE(auto more, parse_expr());
          e->args.push_back(std::move(more));
        }
      }
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      return e;
    }
    if ((tok.is_keyword("DATE") || tok.is_keyword("TIMESTAMP")) &&
        peek(1).kind == TokenKind::kString) {
      auto e = MakeExpr(ExprKind::kTypedString, loc);
      e->type =
          next().is_keyword("DATE") ? arrow::date32() : arrow::timestamp(arrow::TimeUnit::MICRO);
      e->text = next().text;
      return e;
    }
    if (tok.is_keyword("INTERVAL") &&
        (peek(1).kind == TokenKind::kString || peek(1).kind == TokenKind::kNumber)) {
      next();
      return parse_interval(loc);
    }
    if (IsReservedKeyword(tok)) return error_expected("an expression");
  }

  std::vector<Identifier> names;
  names.push_back(Identifier{tok.text, tok.quoted, loc});
  next();
  while (at(TokenKind::kDot) && peek(1).kind == TokenKind::kIdentifier) {
    next();
    const Token& part = next();
    names.push_back(Identifier{part.text, part.quoted, part.loc});
  }
  if (at(TokenKind::kLParen)) return parse_function(std::move(names), loc);
  auto e = MakeExpr(ExprKind::kIdentifier, loc);
  e->names = std::move(names);
  return e;
}

arrow::Result<ExprPtr> Parser::parse_case(Location loc) {
  auto e = MakeExpr(ExprKind::kCase, loc);
  if (!at_keyword("WHEN")) {
    ARROW_ASSIGN_OR_RAISE(e->operand, parse_expr());
  }
  while (accept_keyword("WHEN")) {
    ARROW_ASSIGN_OR_RAISE(auto when, parse_expr());
    ARROW_RETURN_NOT_OK(expect_keyword("THEN"));
    ARROW_ASSIGN_OR_RAISE(auto then, parse_expr());
    e->when_then.emplace_back(std::move(when), std::move(then));
  }
  if (e->when_then.empty()) return error_expected("WHEN");
  if (accept_keyword("ELSE")) {
    ARROW_ASSIGN_OR_RAISE(e->else_expr, parse_expr());
  }
  ARROW_RETURN_NOT_OK(expect_keyword("END"));
  return e;
}

arrow::Result<ExprPtr> Parser::parse_interval(Location loc) {
  // INTERVAL '90' DAY, INTERVAL 3 MONTH, INTERVAL '1 year 2 months'.
  const Token& value = next();
  Location value_loc = value.loc;
  std::string text = value.text;
  int64_t months = 0, days = 0, nanos = 0;
  auto bad_value = [&]() {
    return SyntaxError(value_loc, "invalid interval value '" + text + "'");
  };
  if (at(TokenKind::kIdentifier) && !peek().quoted) {
    int64_t n = 0;
    std::string trimmed = text;
    trimmed.erase(0, trimmed.find_first_not_of(' '));
    trimmed.erase(trimmed.find_last_not_of(' ') + 1);
    if (!ParseInt64(trimmed, &n)) return bad_value();
    if (!AddIntervalUnit(peek().text, n, &months, &days, &nanos)) {
      return error_expected("an interval unit (YEAR, MONTH, DAY, ...)");
    }
    next();
  } else {
    // The units are inside the string: "<n> <unit> [<n> <unit> ...]".
    std::vector<std::string> words;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && text[i] == ' ') ++i;
      size_t j = i;
      while (j < text.size() && text[j] != ' ') ++j;
      if (j > i) words.push_back(text.substr(i, j - i));
      i = j;
    }
    if (words.empty() || words.size() % 2 != 0) return bad_value();
    for (size_t k = 0; k < words.size(); k += 2) {
      int64_t n = 0;
      if (!ParseInt64(words[k], &n) || !AddIntervalUnit(words[k + 1], n, &months, &days, &nanos)) {
        return bad_value();
      }
    }
  }
  auto e = MakeExpr(ExprKind::kInterval, loc);
  e->months = static_cast<int32_t>(months);
  e->days = static_cast<int32_t>(days);
  e->nanos = nanos;
  return e;
}

arrow::Result<ExprPtr> Parser::parse_function(std::vector<Identifier> names, Location loc) {
  auto e = MakeExpr(ExprKind::kFunction, loc);
  e->names = std::move(names);
  ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
  if (accept(TokenKind::kStar)) {
    e->star = true;
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return e;
  }
  if (accept(TokenKind::kRParen)) return e;
  if (accept_keyword("DISTINCT")) {
    e->distinct = true;
  } else {
    accept_keyword("ALL");
  }
  do {
    ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr());
    e->args.push_back(std::move(arg));
  } while (accept(TokenKind::kComma));
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  return e;
}

arrow::Result<std::vector<Statement>> ParseSql(std::string_view sql) {
  Lexer lexer(sql);
  ARROW_ASSIGN_OR_RAISE(auto tokens, lexer.tokenize());
  Parser parser(std::move(tokens));
  return parser.parse_statements();
}

}  // namespace quiver::sql
