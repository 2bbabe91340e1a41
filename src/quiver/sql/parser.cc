#include <arrow/status.h>
#include <arrow/type.h>
#include <quiver/common/ascii.h>
#include <quiver/sql/lexer.h>
#include <quiver/sql/parser.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace quiver::sql {

/// Binding strength, loosest first (PostgreSQL's order). A binary operator's right operand is
/// parsed one level up, which makes every binary operator left-associative.
namespace precedence {
constexpr int kLowest = 0;
constexpr int kOr = 1;
constexpr int kAnd = 2;
constexpr int kNot = 3;  // prefix NOT
constexpr int kIs = 4;   // IS [NOT] NULL
constexpr int kComparison = 5;
constexpr int kPredicate = 6;  // [NOT] BETWEEN, IN, LIKE, ILIKE
constexpr int kOther = 7;      // ||
constexpr int kAdditive = 8;
constexpr int kMultiplicative = 9;
constexpr int kUnary = 10;  // prefix - +
constexpr int kCast = 11;   // ::
}  // namespace precedence

/// What an infix / postfix operator builds.
enum class InfixForm { kBinary, kConcat, kIsNull, kBetween, kIn, kLike, kCast };

struct InfixOperator {
  TokenKind token;           ///< kIdentifier for keyword operators
  std::string_view keyword;  ///< keyword operators: the word, upper case
  int precedence;
  InfixForm form;
  BinaryOperator op = BinaryOperator::kPlus;  ///< kBinary
  bool negatable = false;                     ///< may follow NOT: NOT BETWEEN, NOT IN, NOT LIKE
};

namespace {

using TK = TokenKind;

/// The one table of binary and postfix operators.
constexpr InfixOperator kInfixOperators[] = {
    {TK::kIdentifier, "OR", precedence::kOr, InfixForm::kBinary, BinaryOperator::kOr},
    {TK::kIdentifier, "AND", precedence::kAnd, InfixForm::kBinary, BinaryOperator::kAnd},
    {TK::kIdentifier, "IS", precedence::kIs, InfixForm::kIsNull},
    {TK::kEq, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kEq},
    {TK::kNotEq, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kNotEq},
    {TK::kLt, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kLt},
    {TK::kLtEq, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kLtEq},
    {TK::kGt, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kGt},
    {TK::kGtEq, "", precedence::kComparison, InfixForm::kBinary, BinaryOperator::kGtEq},
    {TK::kIdentifier, "BETWEEN", precedence::kPredicate, InfixForm::kBetween, BinaryOperator::kPlus,
     true},
    {TK::kIdentifier, "IN", precedence::kPredicate, InfixForm::kIn, BinaryOperator::kPlus, true},
    {TK::kIdentifier, "LIKE", precedence::kPredicate, InfixForm::kLike, BinaryOperator::kPlus,
     true},
    {TK::kIdentifier, "ILIKE", precedence::kPredicate, InfixForm::kLike, BinaryOperator::kPlus,
     true},
    {TK::kConcat, "", precedence::kOther, InfixForm::kConcat},
    {TK::kPlus, "", precedence::kAdditive, InfixForm::kBinary, BinaryOperator::kPlus},
    {TK::kMinus, "", precedence::kAdditive, InfixForm::kBinary, BinaryOperator::kMinus},
    {TK::kStar, "", precedence::kMultiplicative, InfixForm::kBinary, BinaryOperator::kMultiply},
    {TK::kSlash, "", precedence::kMultiplicative, InfixForm::kBinary, BinaryOperator::kDivide},
    {TK::kPercent, "", precedence::kMultiplicative, InfixForm::kBinary, BinaryOperator::kModulo},
    {TK::kDoubleColon, "", precedence::kCast, InfixForm::kCast},
};

/// Set operations, the same way: INTERSECT binds tighter than UNION and EXCEPT.
struct SetOperatorEntry {
  std::string_view keyword;
  int precedence;
  SetOperator op;
};
constexpr SetOperatorEntry kSetOperators[] = {
    {"UNION", 1, SetOperator::kUnion},
    {"EXCEPT", 1, SetOperator::kExcept},
    {"INTERSECT", 2, SetOperator::kIntersect},
};

constexpr std::string_view kReserved[] = {
    "ALL",  "AND",      "AS",     "ASC",     "BETWEEN", "BY",     "CASE",    "CAST",    "CROSS",
    "DESC", "DISTINCT", "ELSE",   "END",     "EXCEPT",  "EXISTS", "EXPLAIN", "FALSE",   "FETCH",
    "FOR",  "FROM",     "FULL",   "GROUP",   "HAVING",  "ILIKE",  "IN",      "INNER",   "INTERSECT",
    "INTO", "IS",       "JOIN",   "LATERAL", "LEFT",    "LIKE",   "LIMIT",   "NATURAL", "NOT",
    "NULL", "NULLS",    "OFFSET", "ON",      "OR",      "ORDER",  "OUTER",   "RIGHT",   "SELECT",
    "SET",  "THEN",     "TRUE",   "UNION",   "USING",   "WHEN",   "WHERE",   "WINDOW",  "WITH",
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

ExprPtr MakeFunction(std::string name, std::vector<ExprPtr> args, Location loc) {
  auto e = MakeExpr(ExprKind::kFunction, loc);
  e->names = {Identifier{std::move(name), false, loc}};
  e->args = std::move(args);
  return e;
}

std::shared_ptr<SetExpr> MakeSelectTerm(Select select) {
  auto term = std::make_shared<SetExpr>();
  term->kind = SetExpr::Kind::kSelect;
  term->loc = select.loc;
  term->select = std::make_shared<Select>(std::move(select));
  return term;
}

// A parenthesized query as a set-operation term: parentheses around a query without clauses of
// its own only group, and the tree's shape keeps the grouping.
SetExprPtr QueryAsTerm(QueryPtr query, Location loc) {
  if (query->with.empty() && query->order_by.empty() && !query->limit && !query->offset) {
    return query->body;
  }
  auto term = std::make_shared<SetExpr>();
  term->kind = SetExpr::Kind::kQuery;
  term->loc = loc;
  term->query = std::move(query);
  return term;
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

arrow::Status Parser::enter_nesting() {
  if (depth_ >= kMaxNestingDepth) {
    return SyntaxError(peek().loc,
                       "query nested too deeply (limit " + std::to_string(kMaxNestingDepth) + ")");
  }
  ++depth_;
  return arrow::Status::OK();
}

arrow::Result<Identifier> Parser::parse_identifier(std::string_view what) {
  if (!at(TokenKind::kIdentifier) || IsReservedKeyword(peek())) return error_expected(what);
  const Token& tok = next();
  return Identifier{tok.text, tok.quoted, tok.loc};
}

arrow::Result<std::vector<Identifier>> Parser::parse_qualified_name(std::string_view what) {
  std::vector<Identifier> name;
  do {
    ARROW_ASSIGN_OR_RAISE(auto part, parse_identifier(what));
    name.push_back(std::move(part));
  } while (accept(TokenKind::kDot));
  return name;
}

arrow::Result<std::vector<Identifier>> Parser::parse_identifier_list(std::string_view what) {
  ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
  std::vector<Identifier> out;
  do {
    ARROW_ASSIGN_OR_RAISE(auto id, parse_identifier(what));
    out.push_back(std::move(id));
  } while (accept(TokenKind::kComma));
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  return out;
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
    if (at(TokenKind::kRParen)) return SyntaxError(peek().loc, "unmatched ')'");
    if (!at(TokenKind::kEof)) return error_expected("';' or end of input");
  }
  if (out.empty()) return SyntaxError(peek().loc, "empty statement");
  return out;
}

arrow::Result<Statement> Parser::parse_statement() {
  Statement stmt;
  stmt.loc = peek().loc;
  if (accept_keyword("EXPLAIN")) {
    if (at_keyword("ANALYZE")) return NotSupported(peek().loc, "EXPLAIN ANALYZE");
    stmt.kind = Statement::Kind::kExplain;
    stmt.verbose = accept_keyword("VERBOSE");
    ARROW_ASSIGN_OR_RAISE(stmt.query, parse_query());
    return stmt;
  }
  if (accept_keyword("SET")) return parse_set(std::move(stmt));
  if (accept_keyword("CREATE")) return parse_create_view(std::move(stmt));
  if (accept_keyword("DROP")) return parse_drop_view(std::move(stmt));
  if (at(TokenKind::kRParen)) return SyntaxError(peek().loc, "unmatched ')'");
  if (!at_query_start() && !at(TokenKind::kLParen)) {
    return error_expected("SELECT, WITH, EXPLAIN, SET, CREATE VIEW or DROP VIEW");
  }
  stmt.kind = Statement::Kind::kQuery;
  ARROW_ASSIGN_OR_RAISE(stmt.query, parse_query());
  return stmt;
}

arrow::Result<Statement> Parser::parse_set(Statement stmt) {
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

arrow::Result<Statement> Parser::parse_create_view(Statement stmt) {
  // CREATE [OR REPLACE] VIEW name [(col, ...)] AS query
  stmt.kind = Statement::Kind::kCreateView;
  if (accept_keyword("OR")) {
    ARROW_RETURN_NOT_OK(expect_keyword("REPLACE"));
    stmt.or_replace = true;
  }
  ARROW_RETURN_NOT_OK(expect_keyword("VIEW"));
  ARROW_ASSIGN_OR_RAISE(stmt.view_name, parse_qualified_name("a view name"));
  if (at(TokenKind::kLParen)) {
    ARROW_ASSIGN_OR_RAISE(stmt.view_columns, parse_identifier_list("a column name"));
  }
  ARROW_RETURN_NOT_OK(expect_keyword("AS"));
  ARROW_ASSIGN_OR_RAISE(stmt.query, parse_query());
  return stmt;
}

arrow::Result<Statement> Parser::parse_drop_view(Statement stmt) {
  // DROP VIEW [IF EXISTS] name
  stmt.kind = Statement::Kind::kDropView;
  ARROW_RETURN_NOT_OK(expect_keyword("VIEW"));
  if (accept_keyword("IF")) {
    ARROW_RETURN_NOT_OK(expect_keyword("EXISTS"));
    stmt.if_exists = true;
  }
  ARROW_ASSIGN_OR_RAISE(stmt.view_name, parse_qualified_name("a view name"));
  return stmt;
}

// ---------------------------------------------------------------------------------------------
// Queries

bool Parser::at_query_start() const { return at_keyword("SELECT") || at_keyword("WITH"); }

bool Parser::at_query_continuation() const {
  for (const auto& entry : kSetOperators) {
    if (at_keyword(entry.keyword)) return true;
  }
  return at_keyword("ORDER") || at_keyword("LIMIT") || at_keyword("OFFSET");
}

arrow::Result<QueryPtr> Parser::parse_query() {
  ARROW_RETURN_NOT_OK(enter_nesting());
  Nested nested(this);
  Location loc = peek().loc;
  std::vector<Cte> with;
  if (at_keyword("WITH")) {
    ARROW_ASSIGN_OR_RAISE(with, parse_with());
  }
  ARROW_ASSIGN_OR_RAISE(auto first, parse_query_term());
  return parse_query_rest(loc, std::move(with), std::move(first));
}

arrow::Result<std::vector<Cte>> Parser::parse_with() {
  ARROW_RETURN_NOT_OK(expect_keyword("WITH"));
  // RECURSIVE is no reserved word: `WITH recursive AS (...)` names a CTE "recursive".
  if (at_keyword("RECURSIVE") && !peek(1).is_keyword("AS") && peek(1).kind != TokenKind::kLParen) {
    return NotSupported(peek().loc, "WITH RECURSIVE");
  }
  std::vector<Cte> with;
  do {
    Cte cte;
    cte.loc = peek().loc;
    ARROW_ASSIGN_OR_RAISE(cte.name, parse_identifier("a CTE name"));
    if (at(TokenKind::kLParen)) {
      ARROW_ASSIGN_OR_RAISE(cte.columns, parse_identifier_list("a column name"));
    }
    ARROW_RETURN_NOT_OK(expect_keyword("AS"));
    ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
    ARROW_ASSIGN_OR_RAISE(cte.query, parse_query());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    with.push_back(std::move(cte));
  } while (accept(TokenKind::kComma));
  return with;
}

arrow::Result<SetExprPtr> Parser::parse_query_term() {
  Location loc = peek().loc;
  if (accept(TokenKind::kLParen)) {
    ARROW_ASSIGN_OR_RAISE(auto inner, parse_query());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return QueryAsTerm(std::move(inner), loc);
  }
  if (!at_keyword("SELECT")) return error_expected("SELECT");
  ARROW_ASSIGN_OR_RAISE(auto select, parse_select());
  return MakeSelectTerm(std::move(select));
}

arrow::Result<SetExprPtr> Parser::parse_set_operations(SetExprPtr left, int min_precedence) {
  while (true) {
    const SetOperatorEntry* entry = nullptr;
    for (const auto& candidate : kSetOperators) {
      if (at_keyword(candidate.keyword)) entry = &candidate;
    }
    if (!entry || entry->precedence < min_precedence) return left;
    auto op = std::make_shared<SetExpr>();
    op->kind = SetExpr::Kind::kSetOperation;
    op->loc = next().loc;
    op->op = entry->op;
    if (accept_keyword("ALL")) {
      op->quantifier = SetQuantifier::kAll;
    } else if (accept_keyword("DISTINCT")) {
      op->quantifier = SetQuantifier::kDistinct;
    }
    ARROW_ASSIGN_OR_RAISE(auto right, parse_query_term());
    // Tighter operators to the right take the term first: a UNION b INTERSECT c.
    ARROW_ASSIGN_OR_RAISE(right, parse_set_operations(std::move(right), entry->precedence + 1));
    op->left = std::move(left);
    op->right = std::move(right);
    left = std::move(op);
  }
}

arrow::Result<QueryPtr> Parser::parse_query_rest(Location loc, std::vector<Cte> with,
                                                 SetExprPtr first) {
  auto query = std::make_shared<Query>();
  query->loc = loc;
  query->with = std::move(with);
  ARROW_ASSIGN_OR_RAISE(query->body, parse_set_operations(std::move(first), 0));
  if (accept_keyword("ORDER")) {
    ARROW_RETURN_NOT_OK(expect_keyword("BY"));
    do {
      ARROW_ASSIGN_OR_RAISE(auto item, parse_order_by_item());
      query->order_by.push_back(std::move(item));
    } while (accept(TokenKind::kComma));
  }
  // LIMIT and OFFSET in either order.
  bool limit_seen = false;
  for (int i = 0; i < 2; ++i) {
    if (!limit_seen && at_keyword("LIMIT")) {
      next();
      limit_seen = true;
      if (accept_keyword("ALL")) continue;
      ARROW_ASSIGN_OR_RAISE(query->limit, parse_expr());
    } else if (!query->offset && at_keyword("OFFSET")) {
      next();
      ARROW_ASSIGN_OR_RAISE(query->offset, parse_expr());
      if (!accept_keyword("ROWS")) accept_keyword("ROW");
    }
  }
  // `(SELECT ... LIMIT 3)` alone is that query, not a query around it.
  if (query->with.empty() && query->order_by.empty() && !query->limit && !query->offset &&
      query->body->kind == SetExpr::Kind::kQuery) {
    return query->body->query;
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

arrow::Status Parser::parse_table_alias(TableRef* ref) {
  ARROW_ASSIGN_OR_RAISE(ref->alias, parse_optional_alias());
  if (ref->alias && at(TokenKind::kLParen)) {
    ARROW_ASSIGN_OR_RAISE(ref->column_aliases, parse_identifier_list("a column name"));
  }
  return arrow::Status::OK();
}

arrow::Result<TableRefPtr> Parser::parse_table_primary() {
  ARROW_RETURN_NOT_OK(enter_nesting());
  Nested nested(this);
  auto ref = std::make_shared<TableRef>();
  ref->loc = peek().loc;
  if (at_keyword("LATERAL")) return NotSupported(peek().loc, "LATERAL");
  if (accept(TokenKind::kLParen)) {
    if (at_query_start()) {
      ref->kind = TableRef::Kind::kSubquery;
      ARROW_ASSIGN_OR_RAISE(ref->subquery, parse_query());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      ARROW_RETURN_NOT_OK(parse_table_alias(ref.get()));
      return ref;
    }
    // A parenthesized join, or parentheses around a derived table's query:
    // ((SELECT 1) UNION (SELECT 2)) AS t.
    ARROW_ASSIGN_OR_RAISE(auto inner, parse_table_ref());
    bool bare_subquery = inner->kind == TableRef::Kind::kSubquery && !inner->alias;
    if (bare_subquery && at_query_continuation()) {
      ARROW_ASSIGN_OR_RAISE(
          inner->subquery,
          parse_query_rest(inner->loc, {}, QueryAsTerm(inner->subquery, inner->loc)));
    }
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    if (bare_subquery) inner->loc = ref->loc;
    if (bare_subquery || (inner->kind == TableRef::Kind::kJoin && !inner->alias)) {
      ARROW_RETURN_NOT_OK(parse_table_alias(inner.get()));
    }
    return inner;
  }
  ref->kind = TableRef::Kind::kTable;
  ARROW_ASSIGN_OR_RAISE(ref->name, parse_qualified_name("a table name"));
  ARROW_RETURN_NOT_OK(parse_table_alias(ref.get()));
  return ref;
}

arrow::Result<TableRefPtr> Parser::parse_table_ref() {
  ARROW_ASSIGN_OR_RAISE(auto left, parse_table_primary());
  while (true) {
    Location loc = peek().loc;
    bool natural = accept_keyword("NATURAL");
    JoinType type;
    if (!natural && accept_keyword("CROSS")) {
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
    } else if (natural) {
      return error_expected("JOIN, INNER, LEFT, RIGHT or FULL");
    } else {
      break;
    }
    ARROW_RETURN_NOT_OK(expect_keyword("JOIN"));
    auto join = std::make_shared<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->loc = loc;
    join->join_type = type;
    join->natural = natural;
    join->left = std::move(left);
    ARROW_ASSIGN_OR_RAISE(join->right, parse_table_primary());
    if (type != JoinType::kCross && !natural) {
      if (accept_keyword("ON")) {
        ARROW_ASSIGN_OR_RAISE(join->condition, parse_expr());
      } else if (at_keyword("USING")) {
        next();
        ARROW_ASSIGN_OR_RAISE(join->using_cols, parse_identifier_list("a column name"));
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

arrow::Result<ExprPtr> Parser::parse_expr() { return parse_expr_at(precedence::kLowest); }

const InfixOperator* Parser::peek_infix(bool* negated) const {
  *negated = at_keyword("NOT");
  const Token& tok = peek(*negated ? 1 : 0);
  for (const auto& op : kInfixOperators) {
    bool match = op.keyword.empty() ? tok.kind == op.token : tok.is_keyword(op.keyword);
    if (match) return !*negated || op.negatable ? &op : nullptr;
  }
  return nullptr;
}

arrow::Result<ExprPtr> Parser::parse_expr_at(int min_precedence) {
  // Precedence climbing: operators of one level are folded into `left` by this loop, and only a
  // tighter operator on the right recurses, so a flat chain `a OR b OR ...` of any length costs
  // one stack frame per precedence level.
  ARROW_ASSIGN_OR_RAISE(auto left, parse_prefix());
  while (true) {
    bool negated = false;
    const InfixOperator* op = peek_infix(&negated);
    if (!op || op->precedence < min_precedence) break;
    Location loc = peek().loc;
    if (negated) next();
    next();
    ARROW_ASSIGN_OR_RAISE(left, parse_infix(std::move(left), *op, negated, loc));
  }
  return left;
}

arrow::Result<ExprPtr> Parser::parse_prefix() {
  if (at_keyword("NOT")) {
    ARROW_RETURN_NOT_OK(enter_nesting());
    Nested nested(this);
    Location loc = next().loc;
    ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr_at(precedence::kNot + 1));
    if (arg->kind == ExprKind::kExists && !arg->negated) {
      // NOT EXISTS (...) is one node, as the binder plans it (an anti join).
      arg->negated = true;
      arg->loc = loc;
      return arg;
    }
    auto e = MakeExpr(ExprKind::kUnary, loc);
    e->unary_op = UnaryOperator::kNot;
    e->args = {std::move(arg)};
    return e;
  }
  if (at(TokenKind::kMinus) || at(TokenKind::kPlus)) {
    ARROW_RETURN_NOT_OK(enter_nesting());
    Nested nested(this);
    const Token& tok = next();
    auto e = MakeExpr(ExprKind::kUnary, tok.loc);
    e->unary_op = tok.kind == TokenKind::kMinus ? UnaryOperator::kMinus : UnaryOperator::kPlus;
    ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr_at(precedence::kUnary + 1));
    e->args = {std::move(arg)};
    return e;
  }
  return parse_primary();
}

arrow::Result<ExprPtr> Parser::parse_infix(ExprPtr left, const InfixOperator& op, bool negated,
                                           Location loc) {
  switch (op.form) {
    case InfixForm::kBinary: {
      if (IsComparison(op.op) && (at_keyword("ANY") || at_keyword("SOME") || at_keyword("ALL")) &&
          peek(1).kind == TokenKind::kLParen) {
        // x = ANY (subquery): represented for the binder, which declines it for now.
        auto e = MakeExpr(ExprKind::kQuantifiedComparison, loc);
        e->binary_op = op.op;
        e->all = next().is_keyword("ALL");
        next();  // '('
        if (!at_query_start() && !at(TokenKind::kLParen)) return error_expected("a subquery");
        ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
        ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
        e->args = {std::move(left)};
        return e;
      }
      ARROW_ASSIGN_OR_RAISE(auto right, parse_expr_at(op.precedence + 1));
      return MakeBinary(op.op, std::move(left), std::move(right), loc);
    }
    case InfixForm::kConcat: {
      // a || b is string concatenation, planned as string_concat: unlike concat(), which
      // skips NULLs, it is NULL when an operand is.
      ARROW_ASSIGN_OR_RAISE(auto right, parse_expr_at(op.precedence + 1));
      return MakeFunction("string_concat", {std::move(left), std::move(right)}, loc);
    }
    case InfixForm::kIsNull: {
      auto e = MakeExpr(ExprKind::kIsNull, loc);
      e->negated = accept_keyword("NOT");
      ARROW_RETURN_NOT_OK(expect_keyword("NULL"));
      e->args = {std::move(left)};
      return e;
    }
    case InfixForm::kBetween: {
      // The bounds bind tighter than BETWEEN, so the AND between them is no operator.
      auto e = MakeExpr(ExprKind::kBetween, loc);
      e->negated = negated;
      ARROW_ASSIGN_OR_RAISE(auto low, parse_expr_at(op.precedence + 1));
      ARROW_RETURN_NOT_OK(expect_keyword("AND"));
      ARROW_ASSIGN_OR_RAISE(auto high, parse_expr_at(op.precedence + 1));
      e->args = {std::move(left), std::move(low), std::move(high)};
      return e;
    }
    case InfixForm::kIn:
      return parse_in(std::move(left), negated, loc);
    case InfixForm::kLike: {
      auto e = MakeExpr(ExprKind::kLike, loc);
      e->negated = negated;
      e->case_insensitive = op.keyword == "ILIKE";
      ARROW_ASSIGN_OR_RAISE(auto pattern, parse_expr_at(op.precedence + 1));
      e->args = {std::move(left), std::move(pattern)};
      return e;
    }
    case InfixForm::kCast: {
      auto cast = MakeExpr(ExprKind::kCast, loc);
      ARROW_ASSIGN_OR_RAISE(cast->type, parse_type());
      cast->args = {std::move(left)};
      return cast;
    }
  }
  return SyntaxError(loc, "unknown operator");
}

arrow::Result<ExprPtr> Parser::parse_in(ExprPtr left, bool negated, Location loc) {
  ARROW_RETURN_NOT_OK(enter_nesting());
  Nested nested(this);
  ARROW_RETURN_NOT_OK(expect(TokenKind::kLParen, "'('"));
  auto in_subquery = [&](QueryPtr query) {
    auto e = MakeExpr(ExprKind::kInSubquery, loc);
    e->negated = negated;
    e->subquery = std::move(query);
    e->args = {std::move(left)};
    return e;
  };
  if (at_query_start()) {
    ARROW_ASSIGN_OR_RAISE(auto query, parse_query());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return in_subquery(std::move(query));
  }
  std::vector<ExprPtr> items;
  do {
    ARROW_ASSIGN_OR_RAISE(auto item, parse_expr());
    items.push_back(std::move(item));
  } while (accept(TokenKind::kComma));
  if (items.size() == 1 && items[0]->kind == ExprKind::kSubquery) {
    // x IN ((SELECT ...)) and x IN ((SELECT ...) UNION (SELECT ...)) test membership in the
    // subquery, as in PostgreSQL.
    ARROW_RETURN_NOT_OK(continue_subquery(&items[0]));
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return in_subquery(items[0]->subquery);
  }
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  auto e = MakeExpr(ExprKind::kInList, loc);
  e->negated = negated;
  e->args = {std::move(left)};
  for (auto& item : items) e->args.push_back(std::move(item));
  return e;
}

arrow::Status Parser::continue_subquery(ExprPtr* e) {
  if ((*e)->kind != ExprKind::kSubquery || !at_query_continuation()) return arrow::Status::OK();
  Location loc = (*e)->loc;
  ARROW_ASSIGN_OR_RAISE(auto query, parse_query_rest(loc, {}, QueryAsTerm((*e)->subquery, loc)));
  auto subquery = MakeExpr(ExprKind::kSubquery, loc);
  subquery->subquery = std::move(query);
  *e = std::move(subquery);
  return arrow::Status::OK();
}

arrow::Result<ExprPtr> Parser::parse_parenthesized(Location loc) {
  if (at_query_start()) {
    auto e = MakeExpr(ExprKind::kSubquery, loc);
    ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
    ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
    return e;
  }
  ARROW_ASSIGN_OR_RAISE(auto e, parse_expr());
  ARROW_RETURN_NOT_OK(continue_subquery(&e));
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  return e;
}

arrow::Result<ExprPtr> Parser::parse_primary() {
  ARROW_RETURN_NOT_OK(enter_nesting());
  Nested nested(this);
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
    case TokenKind::kLParen:
      next();
      return parse_parenthesized(loc);
    case TokenKind::kIdentifier:
      break;
    default:
      return error_expected("an expression");
  }

  if (!tok.quoted) {
    bool call = peek(1).kind == TokenKind::kLParen;
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
    if (tok.is_keyword("EXISTS") && call) {
      next();
      next();
      auto e = MakeExpr(ExprKind::kExists, loc);
      ARROW_ASSIGN_OR_RAISE(e->subquery, parse_query());
      ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
      return e;
    }
    if (tok.is_keyword("EXTRACT") && call) return parse_extract(loc);
    if ((tok.is_keyword("SUBSTRING") || tok.is_keyword("SUBSTR")) && call) {
      return parse_substring(loc);
    }
    if (tok.is_keyword("POSITION") && call) return parse_position(loc);
    if (tok.is_keyword("TRIM") && call) return parse_trim(loc);
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

arrow::Result<ExprPtr> Parser::parse_extract(Location loc) {
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
  return MakeFunction("date_part", {std::move(part), std::move(arg)}, loc);
}

arrow::Result<ExprPtr> Parser::parse_substring(Location loc) {
  // SUBSTRING(x FROM a [FOR b]), SUBSTRING(x FOR b) and the plain call form.
  std::string name = AsciiLower(next().text);
  next();
  std::vector<ExprPtr> args;
  ARROW_ASSIGN_OR_RAISE(auto arg, parse_expr());
  args.push_back(std::move(arg));
  if (at_keyword("FROM") || at_keyword("FOR")) {
    if (accept_keyword("FROM")) {
      ARROW_ASSIGN_OR_RAISE(auto start, parse_expr());
      args.push_back(std::move(start));
    } else {
      auto one = MakeExpr(ExprKind::kNumber, peek().loc);
      one->text = "1";
      args.push_back(std::move(one));
    }
    if (accept_keyword("FOR")) {
      ARROW_ASSIGN_OR_RAISE(auto len, parse_expr());
      args.push_back(std::move(len));
    }
  } else {
    while (accept(TokenKind::kComma)) {
      ARROW_ASSIGN_OR_RAISE(auto more, parse_expr());
      args.push_back(std::move(more));
    }
  }
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  return MakeFunction(std::move(name), std::move(args), loc);
}

arrow::Result<ExprPtr> Parser::parse_position(Location loc) {
  // POSITION(needle IN haystack) is strpos(haystack, needle). The needle binds tighter than
  // IN, so that IN separates the operands instead of starting an IN list.
  next();
  next();
  ARROW_ASSIGN_OR_RAISE(auto needle, parse_expr_at(precedence::kPredicate + 1));
  ARROW_RETURN_NOT_OK(expect_keyword("IN"));
  ARROW_ASSIGN_OR_RAISE(auto haystack, parse_expr());
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  return MakeFunction("strpos", {std::move(haystack), std::move(needle)}, loc);
}

arrow::Result<ExprPtr> Parser::parse_trim(Location loc) {
  // TRIM([BOTH | LEADING | TRAILING] [chars] FROM x) and TRIM(x [, chars]): trim, ltrim or
  // rtrim(x [, chars]).
  next();
  next();
  std::string name = "trim";
  bool side_follows = peek(1).kind != TokenKind::kRParen && peek(1).kind != TokenKind::kComma;
  if (side_follows && accept_keyword("LEADING")) {
    name = "ltrim";
  } else if (side_follows && accept_keyword("TRAILING")) {
    name = "rtrim";
  } else if (side_follows) {
    accept_keyword("BOTH");
  }
  ExprPtr arg, chars;
  if (accept_keyword("FROM")) {
    ARROW_ASSIGN_OR_RAISE(arg, parse_expr());
  } else {
    ARROW_ASSIGN_OR_RAISE(auto first, parse_expr());
    if (accept_keyword("FROM")) {
      chars = std::move(first);
      ARROW_ASSIGN_OR_RAISE(arg, parse_expr());
    } else {
      arg = std::move(first);
      if (accept(TokenKind::kComma)) {
        ARROW_ASSIGN_OR_RAISE(chars, parse_expr());
      }
    }
  }
  ARROW_RETURN_NOT_OK(expect(TokenKind::kRParen, "')'"));
  std::vector<ExprPtr> args = {std::move(arg)};
  if (chars) args.push_back(std::move(chars));
  return MakeFunction(std::move(name), std::move(args), loc);
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
  // INTERVAL '90' DAY, INTERVAL '90' DAY (3), INTERVAL 3 MONTH, INTERVAL '1 year 2 months'.
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
    // The SQL standard's leading field precision, DAY (3): how many digits the value may
    // have. It does not change the value.
    if (at(TokenKind::kLParen) && peek(1).kind == TokenKind::kNumber &&
        peek(2).kind == TokenKind::kRParen) {
      int64_t digits = 0;
      if (!ParseInt64(peek(1).text, &digits) || digits < 1) {
        return SyntaxError(peek(1).loc, "invalid interval precision '" + peek(1).text + "'");
      }
      next();
      next();
      next();
    }
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
