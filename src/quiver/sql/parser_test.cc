#include <arrow/type.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <quiver/sql/parser.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace quiver::sql {
namespace {

Statement ParseOne(const std::string& text) {
  auto result = ParseSql(text);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok() || result->size() != 1) return Statement{};
  return (*result)[0];
}

// The first select item's expression, fully parenthesized.
std::string ExprOf(const std::string& expr_text) {
  auto stmt = ParseOne("SELECT " + expr_text);
  if (!stmt.query || !stmt.query->single_select()) return "<parse failed>";
  return stmt.query->single_select()->items.at(0).expr->to_string();
}

// The rendering of a one-statement text.
std::string Rendered(const std::string& text) { return ParseOne(text).to_string(); }

std::string ErrorOf(const std::string& text) {
  auto result = ParseSql(text);
  EXPECT_FALSE(result.ok()) << "parsed: " << text;
  if (result.ok()) return "";
  EXPECT_TRUE(result.status().IsInvalid()) << result.status().ToString();
  return result.status().message();
}

// Valid SQL the parser declines: NotImplemented with the construct's position.
std::string UnsupportedOf(const std::string& text) {
  auto result = ParseSql(text);
  EXPECT_FALSE(result.ok()) << "parsed: " << text;
  if (result.ok()) return "";
  EXPECT_TRUE(result.status().IsNotImplemented()) << result.status().ToString();
  return result.status().message();
}

TEST(ParserTest, ArithmeticPrecedence) {
  EXPECT_EQ(ExprOf("a + b * c"), "(a + (b * c))");
  EXPECT_EQ(ExprOf("a * b + c"), "((a * b) + c)");
  EXPECT_EQ(ExprOf("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(ExprOf("a / b % c"), "((a / b) % c)");
  EXPECT_EQ(ExprOf("-a * b"), "((-a) * b)");
  EXPECT_EQ(ExprOf("(a + b) * c"), "((a + b) * c)");
  EXPECT_EQ(ExprOf("-x::int"), "(-CAST(x AS int32))");
}

TEST(ParserTest, ConcatOperatorIsNullPropagatingStringConcat) {
  // Not concat(), which skips NULLs: NULL || 'x' must stay NULL.
  EXPECT_EQ(ExprOf("a || b || 'c'"), "string_concat(string_concat(a, b), 'c')");
}

TEST(ParserTest, BooleanPrecedence) {
  EXPECT_EQ(ExprOf("a = 1 OR b = 2 AND c = 3"), "((a = 1) OR ((b = 2) AND (c = 3)))");
  EXPECT_EQ(ExprOf("NOT a = 1 AND b"), "((NOT (a = 1)) AND b)");
  EXPECT_EQ(ExprOf("a + 1 < b * 2"), "((a + 1) < (b * 2))");
  EXPECT_EQ(ExprOf("a <> b"), "(a != b)");
  EXPECT_EQ(ExprOf("a != b"), "(a != b)");
  EXPECT_EQ(ExprOf("a >= 1 AND a <= 2"), "((a >= 1) AND (a <= 2))");
}

TEST(ParserTest, Predicates) {
  EXPECT_EQ(ExprOf("x IS NULL"), "(x IS NULL)");
  EXPECT_EQ(ExprOf("x IS NOT NULL AND y"), "((x IS NOT NULL) AND y)");
  EXPECT_EQ(ExprOf("l_discount between 0.06 - 0.01 and 0.06 + 0.01 and q < 24"),
            "((l_discount BETWEEN (0.06 - 0.01) AND (0.06 + 0.01)) AND (q < 24))");
  EXPECT_EQ(ExprOf("x NOT BETWEEN 1 AND 2"), "(x NOT BETWEEN 1 AND 2)");
  EXPECT_EQ(ExprOf("x IN (1, 2, 3)"), "(x IN (1, 2, 3))");
  EXPECT_EQ(ExprOf("x NOT IN ('a')"), "(x NOT IN ('a'))");
  EXPECT_EQ(ExprOf("s LIKE 'a%'"), "(s LIKE 'a%')");
  EXPECT_EQ(ExprOf("s NOT ILIKE '%B'"), "(s NOT ILIKE '%B')");
}

TEST(ParserTest, LiteralsAndSpecialForms) {
  EXPECT_EQ(ExprOf("'it''s'"), "'it's'");
  EXPECT_EQ(ExprOf("TRUE AND FALSE OR NULL"), "((TRUE AND FALSE) OR NULL)");
  EXPECT_EQ(ExprOf("DATE '1998-12-01'"), "date32[day] '1998-12-01'");
  EXPECT_EQ(ExprOf("interval '90' day"), "INTERVAL(0 months 90 days 0 ns)");
  EXPECT_EQ(ExprOf("INTERVAL '3' MONTH"), "INTERVAL(3 months 0 days 0 ns)");
  EXPECT_EQ(ExprOf("INTERVAL '1' YEAR"), "INTERVAL(12 months 0 days 0 ns)");
  EXPECT_EQ(ExprOf("INTERVAL '2 days'"), "INTERVAL(0 months 2 days 0 ns)");
  EXPECT_EQ(ExprOf("date '1998-12-01' - interval '90' day"),
            "(date32[day] '1998-12-01' - INTERVAL(0 months 90 days 0 ns))");
  EXPECT_EQ(ExprOf("EXTRACT(YEAR FROM d)"), "date_part('year', d)");
  EXPECT_EQ(ExprOf("CAST(x AS DECIMAL(15,2))"), "CAST(x AS decimal128(15, 2))");
  EXPECT_EQ(ExprOf("x::bigint + y::DOUBLE"), "(CAST(x AS int64) + CAST(y AS double))");
  EXPECT_EQ(ExprOf("CAST(x AS varchar(10))"), "CAST(x AS string)");
  EXPECT_EQ(ExprOf("CAST(x AS real)"), "CAST(x AS double)");
  EXPECT_EQ(ExprOf("CAST(x AS boolean)"), "CAST(x AS bool)");
  EXPECT_EQ(ExprOf("CASE WHEN a > 1 THEN 'x' ELSE 'y' END"),
            "CASE WHEN (a > 1) THEN 'x' ELSE 'y' END");
  EXPECT_EQ(ExprOf("CASE a WHEN 1 THEN 2 END"), "CASE a WHEN 1 THEN 2 END");
  EXPECT_EQ(ExprOf("count(*)"), "count(*)");
  EXPECT_EQ(ExprOf("count(DISTINCT x)"), "count(DISTINCT x)");
  EXPECT_EQ(ExprOf("f(a, b + 1)"), "f(a, (b + 1))");
  EXPECT_EQ(ExprOf("t.col + \"Quoted Name\""), "(t.col + \"Quoted Name\")");
  EXPECT_EQ(ExprOf("substring(s from 1 for 2)"), "substring(s, 1, 2)");
}

TEST(ParserTest, NumberTokensKeepTheirText) {
  auto stmt = ParseOne("SELECT 0.06, 42, 1e3, .5");
  const auto& items = stmt.query->single_select()->items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].expr->kind, ExprKind::kNumber);
  EXPECT_EQ(items[0].expr->text, "0.06");
  EXPECT_EQ(items[1].expr->text, "42");
  EXPECT_EQ(items[2].expr->text, "1e3");
  EXPECT_EQ(items[3].expr->text, ".5");
}

TEST(ParserTest, FullSelect) {
  auto stmt = ParseOne(
      "select distinct a as x, b y, t.* from tbl as t where a > 1 group by 1, b "
      "having count(*) > 2 order by x desc nulls first, 2 limit 10 offset 5;");
  ASSERT_EQ(stmt.kind, Statement::Kind::kQuery);
  const Query& q = *stmt.query;
  const Select& s = *q.single_select();
  EXPECT_TRUE(s.distinct);
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[0].alias->value, "x");
  EXPECT_EQ(s.items[1].alias->value, "y");
  EXPECT_EQ(s.items[2].kind, SelectItem::Kind::kQualifiedWildcard);
  EXPECT_EQ(s.items[2].qualifier[0].value, "t");
  ASSERT_EQ(s.from.size(), 1u);
  EXPECT_EQ(s.from[0]->name[0].value, "tbl");
  EXPECT_EQ(s.from[0]->alias->value, "t");
  EXPECT_EQ(s.where->to_string(), "(a > 1)");
  ASSERT_EQ(s.group_by.size(), 2u);
  EXPECT_EQ(s.group_by[0]->to_string(), "1");
  EXPECT_EQ(s.having->to_string(), "(count(*) > 2)");
  ASSERT_EQ(q.order_by.size(), 2u);
  EXPECT_FALSE(q.order_by[0].ascending);
  EXPECT_EQ(q.order_by[0].nulls_first, std::optional<bool>(true));
  EXPECT_TRUE(q.order_by[1].ascending);
  EXPECT_FALSE(q.order_by[1].nulls_first.has_value());
  EXPECT_EQ(q.limit->to_string(), "10");
  EXPECT_EQ(q.offset->to_string(), "5");
}

TEST(ParserTest, FromListAndJoinsAreRepresented) {
  auto stmt = ParseOne("select * from a, b join c on b.x = c.x left outer join d using (y)");
  const auto& from = stmt.query->single_select()->from;
  ASSERT_EQ(from.size(), 2u);
  EXPECT_EQ(from[0]->kind, TableRef::Kind::kTable);
  ASSERT_EQ(from[1]->kind, TableRef::Kind::kJoin);
  EXPECT_EQ(from[1]->join_type, JoinType::kLeft);
  EXPECT_EQ(from[1]->using_cols.at(0).value, "y");
  ASSERT_EQ(from[1]->left->kind, TableRef::Kind::kJoin);
  EXPECT_EQ(from[1]->left->join_type, JoinType::kInner);
  EXPECT_EQ(from[1]->left->condition->to_string(), "(b.x = c.x)");
}

TEST(ParserTest, CommentsAndMultipleStatements) {
  auto result =
      ParseSql("-- leading comment\nSELECT 1 /* inline\n comment */ + 2; select a from t -- end");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].query->single_select()->items[0].expr->to_string(), "(1 + 2)");
}

TEST(ParserTest, ExplainAndSet) {
  auto explain = ParseOne("EXPLAIN VERBOSE select 1");
  EXPECT_EQ(explain.kind, Statement::Kind::kExplain);
  EXPECT_TRUE(explain.verbose);
  ASSERT_TRUE(explain.query);
  EXPECT_FALSE(ParseOne("explain select 1").verbose);

  auto set = ParseOne("SET target_partitions = 8");
  EXPECT_EQ(set.kind, Statement::Kind::kSet);
  EXPECT_EQ(set.set_key, "target_partitions");
  EXPECT_EQ(set.set_value, "8");
  auto set2 = ParseOne("set Quiver.Mode TO 'fast'");
  EXPECT_EQ(set2.set_key, "quiver.mode");
  EXPECT_EQ(set2.set_value, "fast");
  EXPECT_EQ(ParseOne("SET parquet_pruning = false").set_value, "false");
  EXPECT_EQ(ParseOne("SET x.y TO -3").set_value, "-3");
}

TEST(ParserTest, TokenPositionsInErrors) {
  EXPECT_EQ(ErrorOf("SELECT a,\n       b + 1 AS c FORM lineitem"),
            "SQL error at line 2, column 19: expected FROM, found 'FORM'");
  EXPECT_EQ(ErrorOf("SELECT a FROM t WHERE"),
            "SQL error at line 1, column 22: expected an expression, found end of input");
  EXPECT_EQ(ErrorOf("select a from t\nwhere (a + 1\n  group by a"),
            "SQL error at line 3, column 3: expected ')', found 'group'");
  EXPECT_EQ(ErrorOf("SELECT * FROM t ORDER a"),
            "SQL error at line 1, column 23: expected BY, found 'a'");
  EXPECT_EQ(ErrorOf("SELECT 'abc"), "SQL error at line 1, column 8: unterminated string literal");
  EXPECT_EQ(ErrorOf("SELECT a # b"), "SQL error at line 1, column 10: unexpected character '#'");
  EXPECT_EQ(ErrorOf("SELECT CAST(a AS blob)"),
            "SQL error at line 1, column 18: unknown type 'blob'");
  EXPECT_EQ(ErrorOf("SELECT a FROM t t2 t3"),
            "SQL error at line 1, column 20: expected ';' or end of input, found 't3'");
  EXPECT_EQ(ErrorOf("UPDATE t SET a = 1"),
            "SQL error at line 1, column 1: expected SELECT, WITH, EXPLAIN, SET, CREATE VIEW or "
            "DROP VIEW, found 'UPDATE'");
  EXPECT_EQ(ErrorOf("SELECT x IS 3"), "SQL error at line 1, column 13: expected NULL, found '3'");
  EXPECT_EQ(ErrorOf("SELECT interval '3' fortnight"),
            "SQL error at line 1, column 21: expected an interval unit (YEAR, MONTH, DAY, ...), "
            "found 'fortnight'");
  EXPECT_EQ(ErrorOf("/* open"), "SQL error at line 1, column 1: unterminated /* comment");
}

TEST(ParserTest, TpchQueriesParse) {
  const char* q1 =
      "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as "
      "sum_base_price, sum(l_extendedprice * (1 - l_discount)) as sum_disc_price, "
      "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge, avg(l_quantity) as "
      "avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as "
      "count_order from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day "
      "group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus;";
  auto s1 = ParseOne(q1);
  ASSERT_TRUE(s1.query);
  EXPECT_EQ(s1.query->single_select()->items.size(), 10u);
  EXPECT_EQ(s1.query->single_select()->group_by.size(), 2u);
  EXPECT_EQ(s1.query->order_by.size(), 2u);
  const char* q6 =
      "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >= "
      "date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '1' year and l_discount "
      "between 0.06 - 0.01 and 0.06 + 0.01 and l_quantity < 24;";
  auto s6 = ParseOne(q6);
  ASSERT_TRUE(s6.query);
  EXPECT_EQ(s6.query->single_select()->where->to_string(),
            "((((l_shipdate >= date32[day] '1994-01-01') AND (l_shipdate < (date32[day] "
            "'1994-01-01' + INTERVAL(12 months 0 days 0 ns)))) AND (l_discount BETWEEN (0.06 - "
            "0.01) AND (0.06 + 0.01))) AND (l_quantity < 24))");
}

TEST(ParserTest, OperatorTablePrecedence) {
  // PostgreSQL's levels: || binds tighter than comparisons and looser than + -.
  EXPECT_EQ(ExprOf("a || b + c"), "string_concat(a, (b + c))");
  EXPECT_EQ(ExprOf("a + b || c"), "string_concat((a + b), c)");
  EXPECT_EQ(ExprOf("a = b || c"), "(a = string_concat(b, c))");
  // IS looser than comparisons; BETWEEN / IN / LIKE tighter.
  EXPECT_EQ(ExprOf("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(ExprOf("NOT a IS NULL"), "(NOT (a IS NULL))");
  EXPECT_EQ(ExprOf("a = b LIKE c"), "(a = (b LIKE c))");
  EXPECT_EQ(ExprOf("NOT x BETWEEN 1 AND 2"), "(NOT (x BETWEEN 1 AND 2))");
  EXPECT_EQ(ExprOf("x BETWEEN a || b AND c"), "(x BETWEEN string_concat(a, b) AND c)");
  EXPECT_EQ(ExprOf("x NOT IN (1) OR y NOT LIKE 'a' AND z"),
            "((x NOT IN (1)) OR ((y NOT LIKE 'a') AND z))");
  // Left-associative at every level.
  EXPECT_EQ(ExprOf("a < b = c"), "((a < b) = c)");
  EXPECT_EQ(ExprOf("a AND b OR c AND d"), "((a AND b) OR (c AND d))");
  EXPECT_EQ(ExprOf("-a::int * b % c"), "(((-CAST(a AS int32)) * b) % c)");
  // Prefix operators nest.
  EXPECT_EQ(ExprOf("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(ExprOf("- - a"), "(-(-a))");
  EXPECT_EQ(ExprOf("a * -b"), "(a * (-b))");
  // ANY is no reserved word: a column may be called so.
  EXPECT_EQ(ExprOf("a = any"), "(a = any)");
}

TEST(ParserTest, StringAndDateSpecialForms) {
  EXPECT_EQ(ExprOf("substring(s, 2)"), "substring(s, 2)");
  EXPECT_EQ(ExprOf("SUBSTRING(s FROM 2)"), "substring(s, 2)");
  EXPECT_EQ(ExprOf("substring(s for 3)"), "substring(s, 1, 3)");
  EXPECT_EQ(ExprOf("substr(s, 1, 2)"), "substr(s, 1, 2)");
  EXPECT_EQ(ExprOf("POSITION('a' IN s)"), "strpos(s, 'a')");
  EXPECT_EQ(ExprOf("position('a' || 'b' IN s || 'c')"),
            "strpos(string_concat(s, 'c'), string_concat('a', 'b'))");
  EXPECT_EQ(ExprOf("TRIM(s)"), "trim(s)");
  EXPECT_EQ(ExprOf("TRIM(BOTH FROM s)"), "trim(s)");
  EXPECT_EQ(ExprOf("TRIM('x' FROM s)"), "trim(s, 'x')");
  EXPECT_EQ(ExprOf("TRIM(LEADING 'x' FROM s)"), "ltrim(s, 'x')");
  EXPECT_EQ(ExprOf("trim(trailing from s)"), "rtrim(s)");
  EXPECT_EQ(ExprOf("trim(s, 'xy')"), "trim(s, 'xy')");
  EXPECT_EQ(ExprOf("trim(both)"), "trim(both)");  // a column named both
  EXPECT_EQ(ExprOf("EXTRACT(month FROM o_orderdate)"), "date_part('month', o_orderdate)");
  EXPECT_EQ(ExprOf("sum(case when a > 0 then b else 0 end)"),
            "sum(CASE WHEN (a > 0) THEN b ELSE 0 END)");
  EXPECT_EQ(ExprOf("count(DISTINCT CASE WHEN a THEN b END)"),
            "count(DISTINCT CASE WHEN a THEN b END)");
  // TPC-H Q1 as the specification writes it: DAY (3) is the leading field precision.
  EXPECT_EQ(ExprOf("date '1998-12-01' - interval '90' day (3)"),
            "(date32[day] '1998-12-01' - INTERVAL(0 months 90 days 0 ns))");
  EXPECT_EQ(ErrorOf("SELECT interval '90' day (0)"),
            "SQL error at line 1, column 27: invalid interval precision '0'");
  EXPECT_EQ(ErrorOf("SELECT position('a', s)"),
            "SQL error at line 1, column 20: expected IN, found ','");
}

TEST(ParserTest, Subqueries) {
  EXPECT_EQ(ExprOf("(SELECT max(a) FROM t) + 1"), "((SELECT max(a) FROM t) + 1)");
  EXPECT_EQ(ExprOf("coalesce((SELECT max(a) FROM t), 0)"), "coalesce((SELECT max(a) FROM t), 0)");
  EXPECT_EQ(ExprOf("CASE WHEN EXISTS (SELECT 1 FROM t) THEN (SELECT 2) ELSE 3 END"),
            "CASE WHEN EXISTS (SELECT 1 FROM t) THEN (SELECT 2) ELSE 3 END");
  EXPECT_EQ(ExprOf("x IN (SELECT a FROM t)"), "(x IN (SELECT a FROM t))");
  EXPECT_EQ(ExprOf("x NOT IN (SELECT a FROM t WHERE b)"), "(x NOT IN (SELECT a FROM t WHERE b))");
  EXPECT_EQ(ExprOf("x IN ((SELECT a FROM t))"), "(x IN (SELECT a FROM t))");
  EXPECT_EQ(ExprOf("x IN ((SELECT a FROM t) UNION (SELECT b FROM u))"),
            "(x IN ((SELECT a FROM t UNION SELECT b FROM u)))");
  // A parenthesized scalar subquery inside a list is a list item.
  auto list = ParseOne("SELECT x IN ((SELECT 1), 2)");
  const auto& in_list = list.query->single_select()->items[0].expr;
  EXPECT_EQ(in_list->kind, ExprKind::kInList);
  EXPECT_EQ(in_list->to_string(), "(x IN ((SELECT 1), 2))");
  EXPECT_EQ(ExprOf("((SELECT 1) UNION (SELECT 2))"), "((SELECT 1 UNION SELECT 2))");
  EXPECT_EQ(ExprOf("((SELECT a FROM t) ORDER BY a LIMIT 1)"),
            "(SELECT a FROM t ORDER BY a LIMIT 1)");
  EXPECT_EQ(ExprOf("(WITH c AS (SELECT 1 AS k) SELECT k FROM c)"),
            "(WITH c AS (SELECT 1 AS k) SELECT k FROM c)");

  // NOT EXISTS is one node; NOT over a larger operand stays a NOT.
  auto not_exists = ParseOne("SELECT NOT EXISTS (SELECT * FROM t)");
  const auto& ne = not_exists.query->single_select()->items[0].expr;
  EXPECT_EQ(ne->kind, ExprKind::kExists);
  EXPECT_TRUE(ne->negated);
  EXPECT_EQ(ne->to_string(), "NOT EXISTS (SELECT * FROM t)");
  EXPECT_EQ(ExprOf("NOT EXISTS (SELECT 1) = TRUE"), "(NOT (EXISTS (SELECT 1) = TRUE))");

  // Comparisons with ANY / SOME / ALL are represented (the binder declines them).
  EXPECT_EQ(ExprOf("x > ALL (SELECT a FROM t)"), "(x > ALL (SELECT a FROM t))");
  EXPECT_EQ(ExprOf("x = ANY (SELECT a FROM t)"), "(x = ANY (SELECT a FROM t))");
  EXPECT_EQ(ExprOf("x = SOME (SELECT 1)"), "(x = ANY (SELECT 1))");
  EXPECT_EQ(ErrorOf("SELECT x = ANY (1, 2)"),
            "SQL error at line 1, column 17: expected a subquery, found '1'");

  // Subqueries in WHERE and HAVING, with positions.
  auto stmt = ParseOne(
      "SELECT a FROM t\nWHERE b = (SELECT min(b) FROM u WHERE u.k = t.k)\nGROUP BY a\n"
      "HAVING sum(b) > (SELECT 0.5 * sum(c) FROM u)");
  const Select& s = *stmt.query->single_select();
  EXPECT_EQ(s.where->to_string(), "(b = (SELECT min(b) FROM u WHERE (u.k = t.k)))");
  EXPECT_EQ(s.having->to_string(), "(sum(b) > (SELECT (0.5 * sum(c)) FROM u))");
  const auto& sub = s.where->args[1];
  EXPECT_EQ(s.where->loc.line, 2);
  EXPECT_EQ(s.where->loc.column, 9);  // the '=' operator
  EXPECT_EQ(sub->loc.column, 11);     // '('
  EXPECT_EQ(sub->subquery->loc.column, 12);
  EXPECT_EQ(sub->subquery->single_select()->from[0]->loc.column, 31);
  EXPECT_EQ(s.having->args[1]->loc.line, 4);
  EXPECT_EQ(s.having->args[1]->loc.column, 17);
}

TEST(ParserTest, SetOperations) {
  // INTERSECT binds tighter than UNION and EXCEPT; all are left-associative.
  EXPECT_EQ(Rendered("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"),
            "(SELECT 1 UNION (SELECT 2 INTERSECT SELECT 3))");
  EXPECT_EQ(Rendered("SELECT 1 INTERSECT SELECT 2 UNION SELECT 3"),
            "((SELECT 1 INTERSECT SELECT 2) UNION SELECT 3)");
  EXPECT_EQ(Rendered("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3"),
            "((SELECT 1 EXCEPT SELECT 2) UNION ALL SELECT 3)");
  EXPECT_EQ(Rendered("SELECT 1 UNION DISTINCT SELECT 2 EXCEPT ALL SELECT 3 INTERSECT ALL SELECT 4"),
            "((SELECT 1 UNION DISTINCT SELECT 2) EXCEPT ALL (SELECT 3 INTERSECT ALL SELECT 4))");
  EXPECT_EQ(Rendered("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
            "((SELECT 1 UNION SELECT 2) INTERSECT SELECT 3)");

  // ORDER BY / LIMIT after the last term belong to the whole operation; a parenthesized term
  // keeps its own.
  auto stmt =
      ParseOne("(SELECT a FROM t) UNION (SELECT b FROM u ORDER BY b LIMIT 3) ORDER BY 1 LIMIT 5");
  const Query& q = *stmt.query;
  EXPECT_EQ(q.to_string(),
            "(SELECT a FROM t UNION (SELECT b FROM u ORDER BY b LIMIT 3)) ORDER BY 1 LIMIT 5");
  EXPECT_EQ(q.single_select(), nullptr);
  ASSERT_EQ(q.body->kind, SetExpr::Kind::kSetOperation);
  EXPECT_EQ(q.body->op, SetOperator::kUnion);
  EXPECT_EQ(q.body->quantifier, SetQuantifier::kNone);
  EXPECT_EQ(q.body->left->kind, SetExpr::Kind::kSelect);
  ASSERT_EQ(q.body->right->kind, SetExpr::Kind::kQuery);
  EXPECT_EQ(q.body->right->query->limit->to_string(), "3");
  EXPECT_EQ(q.body->right->query->order_by.size(), 1u);
  EXPECT_EQ(q.order_by.size(), 1u);
  EXPECT_EQ(q.limit->to_string(), "5");
  EXPECT_EQ(q.body->loc.column, 19);  // UNION

  // Parentheses that only group are not kept; a query that is one parenthesized query is it.
  auto grouped = ParseOne("((SELECT a FROM t))");
  ASSERT_NE(grouped.query->single_select(), nullptr);
  EXPECT_EQ(grouped.to_string(), "SELECT a FROM t");
  auto own = ParseOne("(SELECT a FROM t ORDER BY a LIMIT 3)");
  ASSERT_NE(own.query->single_select(), nullptr);
  EXPECT_EQ(own.query->limit->to_string(), "3");
  auto wrapped = ParseOne("(SELECT a FROM t LIMIT 3) ORDER BY a");
  EXPECT_EQ(wrapped.query->single_select(), nullptr);
  EXPECT_EQ(wrapped.query->body->kind, SetExpr::Kind::kQuery);
  EXPECT_EQ(wrapped.to_string(), "(SELECT a FROM t LIMIT 3) ORDER BY a");

  auto lines = ParseOne("SELECT 1\nUNION ALL\nSELECT 2");
  EXPECT_EQ(lines.query->body->loc.line, 2);
  EXPECT_EQ(lines.query->body->loc.column, 1);
  EXPECT_EQ(lines.query->body->right->loc.line, 3);

  EXPECT_EQ(ErrorOf("SELECT 1 UNION"),
            "SQL error at line 1, column 15: expected SELECT, found end of input");
  EXPECT_EQ(ErrorOf("SELECT 1 ORDER BY 1 UNION SELECT 2"),
            "SQL error at line 1, column 21: expected ';' or end of input, found 'UNION'");
}

TEST(ParserTest, CommonTableExpressions) {
  auto stmt = ParseOne("WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT x FROM a) SELECT * FROM b");
  EXPECT_EQ(stmt.to_string(),
            "WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT x FROM a) SELECT * FROM b");
  const Query& q = *stmt.query;
  ASSERT_EQ(q.with.size(), 2u);
  EXPECT_EQ(q.with[0].name.value, "a");
  ASSERT_EQ(q.with[0].columns.size(), 2u);
  EXPECT_EQ(q.with[0].columns[1].value, "y");
  EXPECT_EQ(q.with[0].loc.column, 6);
  EXPECT_EQ(q.with[1].loc.column, 33);
  EXPECT_TRUE(q.with[1].columns.empty());
  EXPECT_EQ(q.loc.column, 1);
  ASSERT_NE(q.single_select(), nullptr);  // the helper sees past the WITH list

  EXPECT_EQ(Rendered("WITH c AS (SELECT 1 AS k) SELECT k FROM c UNION ALL SELECT 2 ORDER BY 1"),
            "WITH c AS (SELECT 1 AS k) (SELECT k FROM c UNION ALL SELECT 2) ORDER BY 1");
  EXPECT_EQ(Rendered("SELECT * FROM (WITH c AS (SELECT 1 AS k) SELECT k FROM c) AS d"),
            "SELECT * FROM (WITH c AS (SELECT 1 AS k) SELECT k FROM c) AS d");
  EXPECT_EQ(Rendered("SELECT a FROM t WHERE a IN (WITH c AS (SELECT 1) SELECT * FROM c)"),
            "SELECT a FROM t WHERE (a IN (WITH c AS (SELECT 1) SELECT * FROM c))");
  // RECURSIVE is no reserved word.
  EXPECT_EQ(
      ParseOne("WITH recursive AS (SELECT 1) SELECT * FROM recursive").query->with.at(0).name.value,
      "recursive");

  EXPECT_EQ(UnsupportedOf("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r"),
            "SQL error at line 1, column 6: WITH RECURSIVE is not supported yet");
  EXPECT_EQ(ErrorOf("WITH c AS SELECT 1"),
            "SQL error at line 1, column 11: expected '(', found 'SELECT'");
  EXPECT_EQ(ErrorOf("WITH c AS (SELECT 1)"),
            "SQL error at line 1, column 21: expected SELECT, found end of input");
}

TEST(ParserTest, FromClauseForms) {
  auto natural = ParseOne("SELECT * FROM a NATURAL JOIN b");
  const auto& join = natural.query->single_select()->from.at(0);
  ASSERT_EQ(join->kind, TableRef::Kind::kJoin);
  EXPECT_TRUE(join->natural);
  EXPECT_EQ(join->join_type, JoinType::kInner);
  EXPECT_EQ(join->condition, nullptr);
  EXPECT_EQ(join->loc.column, 17);  // NATURAL
  EXPECT_EQ(natural.to_string(), "SELECT * FROM (a NATURAL JOIN b)");
  EXPECT_EQ(Rendered("SELECT * FROM a NATURAL LEFT OUTER JOIN b NATURAL FULL JOIN c "
                     "NATURAL RIGHT JOIN d NATURAL INNER JOIN e"),
            "SELECT * FROM ((((a NATURAL LEFT JOIN b) NATURAL FULL JOIN c) NATURAL RIGHT JOIN d) "
            "NATURAL JOIN e)");
  EXPECT_EQ(Rendered("SELECT * FROM a JOIN b USING (x, y) CROSS JOIN c, d"),
            "SELECT * FROM ((a JOIN b USING (x, y)) CROSS JOIN c), d");

  // Column alias lists on tables and derived tables.
  auto aliased = ParseOne("SELECT * FROM lineitem AS l (a, b, c) JOIN orders o ON l.a = o.x");
  EXPECT_EQ(aliased.to_string(),
            "SELECT * FROM (lineitem AS l (a, b, c) JOIN orders AS o ON (l.a = o.x))");
  const auto& l = aliased.query->single_select()->from.at(0)->left;
  ASSERT_EQ(l->column_aliases.size(), 3u);
  EXPECT_EQ(l->column_aliases[2].value, "c");
  EXPECT_EQ(l->column_aliases[2].loc.column, 36);
  auto derived = ParseOne("SELECT * FROM (SELECT 1, 2) AS t (a, b)");
  const auto& d = derived.query->single_select()->from.at(0);
  EXPECT_EQ(d->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(d->alias->value, "t");
  ASSERT_EQ(d->column_aliases.size(), 2u);
  EXPECT_EQ(derived.to_string(), "SELECT * FROM (SELECT 1, 2) AS t (a, b)");
  EXPECT_EQ(Rendered("SELECT * FROM (SELECT 1) t"), "SELECT * FROM (SELECT 1) AS t");

  // Parentheses around a derived table's query, and around joins.
  auto set_op = ParseOne("SELECT * FROM ((SELECT 1) UNION ALL (SELECT 2)) AS u (k)");
  const auto& u = set_op.query->single_select()->from.at(0);
  EXPECT_EQ(u->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(u->alias->value, "u");
  EXPECT_EQ(u->loc.column, 15);
  EXPECT_EQ(u->subquery->body->kind, SetExpr::Kind::kSetOperation);
  EXPECT_EQ(set_op.to_string(), "SELECT * FROM ((SELECT 1 UNION ALL SELECT 2)) AS u (k)");
  EXPECT_EQ(Rendered("SELECT * FROM ((SELECT 1)) AS v"), "SELECT * FROM (SELECT 1) AS v");
  EXPECT_EQ(Rendered("SELECT * FROM (a JOIN b ON a.x = b.x) AS j"),
            "SELECT * FROM (a JOIN b ON (a.x = b.x)) AS j");
  EXPECT_EQ(Rendered("SELECT * FROM (a JOIN b ON a.x = b.x) LEFT JOIN c ON c.y = a.y"),
            "SELECT * FROM ((a JOIN b ON (a.x = b.x)) LEFT JOIN c ON (c.y = a.y))");

  EXPECT_EQ(UnsupportedOf("SELECT * FROM a, LATERAL (SELECT 1) s"),
            "SQL error at line 1, column 18: LATERAL is not supported yet");
  EXPECT_EQ(UnsupportedOf("SELECT * FROM a CROSS JOIN LATERAL (SELECT 1) s"),
            "SQL error at line 1, column 28: LATERAL is not supported yet");
  EXPECT_EQ(ErrorOf("SELECT * FROM a NATURAL CROSS JOIN b"),
            "SQL error at line 1, column 25: expected JOIN, INNER, LEFT, RIGHT or FULL, found "
            "'CROSS'");
  EXPECT_EQ(ErrorOf("SELECT * FROM a JOIN b"),
            "SQL error at line 1, column 23: expected ON or USING, found end of input");
  EXPECT_EQ(ErrorOf("SELECT * FROM a AS t ("),
            "SQL error at line 1, column 23: expected a column name, found end of input");
}

TEST(ParserTest, ViewAndExplainStatements) {
  auto create = ParseOne("CREATE VIEW v AS SELECT 1");
  EXPECT_EQ(create.kind, Statement::Kind::kCreateView);
  EXPECT_FALSE(create.or_replace);
  ASSERT_EQ(create.view_name.size(), 1u);
  EXPECT_EQ(create.view_name[0].value, "v");
  EXPECT_EQ(create.to_string(), "CREATE VIEW v AS SELECT 1");
  auto replace = ParseOne("create or replace view s.v (a, b) as select x, y from t");
  EXPECT_TRUE(replace.or_replace);
  EXPECT_EQ(replace.view_columns.size(), 2u);
  EXPECT_EQ(replace.to_string(), "CREATE OR REPLACE VIEW s.v (a, b) AS SELECT x, y FROM t");
  auto drop = ParseOne("DROP VIEW v");
  EXPECT_EQ(drop.kind, Statement::Kind::kDropView);
  EXPECT_FALSE(drop.if_exists);
  EXPECT_EQ(drop.to_string(), "DROP VIEW v");
  auto drop_if = ParseOne("drop view if exists \"V\"");
  EXPECT_TRUE(drop_if.if_exists);
  EXPECT_EQ(drop_if.to_string(), "DROP VIEW IF EXISTS \"V\"");

  auto explain = ParseOne("EXPLAIN WITH c AS (SELECT 1) SELECT * FROM c");
  EXPECT_EQ(explain.kind, Statement::Kind::kExplain);
  EXPECT_EQ(explain.query->with.size(), 1u);
  EXPECT_EQ(UnsupportedOf("EXPLAIN ANALYZE SELECT 1"),
            "SQL error at line 1, column 9: EXPLAIN ANALYZE is not supported yet");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a int)"),
            "SQL error at line 1, column 8: expected VIEW, found 'TABLE'");
  EXPECT_EQ(ErrorOf("DROP VIEW IF v"),
            "SQL error at line 1, column 14: expected EXISTS, found 'v'");
  EXPECT_EQ(ErrorOf("CREATE VIEW v SELECT 1"),
            "SQL error at line 1, column 15: expected AS, found 'SELECT'");
}

TEST(ParserTest, StructuralErrors) {
  // Unbalanced parentheses.
  EXPECT_EQ(ErrorOf("SELECT (1 + 2"),
            "SQL error at line 1, column 14: expected ')', found end of input");
  EXPECT_EQ(ErrorOf("SELECT 1)"), "SQL error at line 1, column 9: unmatched ')'");
  EXPECT_EQ(ErrorOf("SELECT a\nFROM t)"), "SQL error at line 2, column 7: unmatched ')'");
  EXPECT_EQ(ErrorOf(")"), "SQL error at line 1, column 1: unmatched ')'");
  EXPECT_EQ(ErrorOf("SELECT * FROM (SELECT 1"),
            "SQL error at line 1, column 24: expected ')', found end of input");
  EXPECT_EQ(ErrorOf("SELECT a\n  FROM t\n WHERE a IN (1, 2\n"),
            "SQL error at line 4, column 1: expected ')', found end of input");
  // Trailing garbage and unknown statements.
  EXPECT_EQ(ErrorOf("SELECT 1 FROM t 2"),
            "SQL error at line 1, column 17: expected ';' or end of input, found '2'");
  EXPECT_EQ(ErrorOf("SELECT 1 2"), "SQL error at line 1, column 10: expected FROM, found '2'");
  EXPECT_EQ(ErrorOf("SELECT 1; garbage"),
            "SQL error at line 1, column 11: expected SELECT, WITH, EXPLAIN, SET, CREATE VIEW or "
            "DROP VIEW, found 'garbage'");
  EXPECT_EQ(ErrorOf("  ;  "), "SQL error at line 1, column 6: empty statement");
}

// "SELECT " + n '(' + "1" + n ')'.
std::string NestedParens(int n) {
  return "SELECT " + std::string(n, '(') + "1" + std::string(n, ')');
}

TEST(ParserTest, NestingDepthIsLimited) {
  // The statement's query is level 1 and each parenthesis one more, so 254 parentheses put the
  // literal at level 256, the limit, and parenthesis 256 (column 7 + 256) would be level 257.
  EXPECT_EQ(ExprOf(NestedParens(254).substr(7)), "1");
  EXPECT_EQ(ErrorOf(NestedParens(255)),
            "SQL error at line 1, column 263: query nested too deeply (limit 256)");
  EXPECT_EQ(ErrorOf(NestedParens(100000)),
            "SQL error at line 1, column 263: query nested too deeply (limit 256)");
  // Prefix operators nest too: NOT number k is at column 8 + 4 (k - 1) and level k + 1.
  std::string nots = "SELECT ";
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_EQ(ErrorOf(nots + "x"),
            "SQL error at line 1, column 1028: query nested too deeply (limit 256)");

  const std::string kTooDeep = "query nested too deeply (limit 256)";
  auto ends_with_limit = [&](const std::string& text) {
    std::string message = ErrorOf(text);
    return message.size() >= kTooDeep.size() &&
           message.compare(message.size() - kTooDeep.size(), kTooDeep.size(), kTooDeep) == 0;
  };
  std::string subqueries = "SELECT ";
  std::string functions = "SELECT ";
  std::string tables = "SELECT * FROM ";
  std::string terms;
  for (int i = 0; i < 300; ++i) {
    subqueries += "(SELECT ";
    functions += "f(";
    tables += "(";
    terms += "(";
  }
  subqueries += "1";
  functions += "1";
  tables += "t";
  terms += "SELECT 1";
  for (int i = 0; i < 300; ++i) {
    subqueries += ")";
    functions += ")";
    tables += ")";
    terms += ")";
  }
  EXPECT_TRUE(ends_with_limit(subqueries));
  EXPECT_TRUE(ends_with_limit(functions));
  EXPECT_TRUE(ends_with_limit(tables));
  EXPECT_TRUE(ends_with_limit(terms));
  EXPECT_TRUE(
      ends_with_limit("SELECT x IN " + std::string(300, '(') + "SELECT 1" + std::string(300, ')')));
}

// Runs `fn` on a thread whose stack is `bytes`: recursion per element of a long chain would
// overflow it.
void RunWithStack(size_t bytes, std::function<void()> fn) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, &fn), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

TEST(ParserTest, LongFlatChainsNeedNoDeepRecursion) {
  constexpr int kTerms = 50000;
  RunWithStack(1 << 20, [&] {
    // a OR b OR ...: parsed, checked and freed on a 1 MiB stack.
    std::string ors = "SELECT * FROM t WHERE c0";
    for (int i = 1; i < kTerms; ++i) ors += " OR c" + std::to_string(i);
    auto parsed = ParseSql(ors);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    const Expr* e = (*parsed)[0].query->single_select()->where.get();
    int n = kTerms - 1;
    while (e->kind == ExprKind::kBinary && e->binary_op == BinaryOperator::kOr) {
      ASSERT_EQ(e->args[1]->to_string(), "c" + std::to_string(n));
      e = e->args[0].get();
      --n;
    }
    EXPECT_EQ(n, 0);
    EXPECT_EQ(e->to_string(), "c0");

    std::string sums = "SELECT 1";
    for (int i = 1; i < kTerms; ++i) sums += " + 1";
    auto sum = ParseSql(sums);
    ASSERT_TRUE(sum.ok()) << sum.status().ToString();
    int depth = 0;
    for (e = (*sum)[0].query->single_select()->items[0].expr.get(); e->kind == ExprKind::kBinary;
         e = e->args[0].get()) {
      ++depth;
    }
    EXPECT_EQ(depth, kTerms - 1);

    std::string unions = "SELECT 1";
    for (int i = 1; i < kTerms; ++i) unions += " UNION ALL SELECT 1";
    auto set_ops = ParseSql(unions);
    ASSERT_TRUE(set_ops.ok()) << set_ops.status().ToString();
    depth = 0;
    for (const SetExpr* s = (*set_ops)[0].query->body.get();
         s->kind == SetExpr::Kind::kSetOperation; s = s->left.get()) {
      ++depth;
    }
    EXPECT_EQ(depth, kTerms - 1);

    std::string joins = "SELECT * FROM t0";
    for (int i = 1; i < kTerms; ++i) joins += " JOIN t" + std::to_string(i) + " ON TRUE";
    auto joined = ParseSql(joins);
    ASSERT_TRUE(joined.ok()) << joined.status().ToString();
    depth = 0;
    for (const TableRef* t = (*joined)[0].query->single_select()->from[0].get();
         t->kind == TableRef::Kind::kJoin; t = t->left.get()) {
      ++depth;
    }
    EXPECT_EQ(depth, kTerms - 1);
  });
}

// ---------------------------------------------------------------------------------------------
// TPC-H: the files in queries/tpch/ and the specification's text of the queries that need the
// new grammar (validation parameters substituted).

// Every .sql file under `dir` (recursively) parses; returns how many there were.
int ParseEverySqlFile(const std::filesystem::path& dir) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParseSql(text.str());
    EXPECT_TRUE(parsed.ok()) << entry.path() << ": " << parsed.status().ToString();
    if (parsed.ok()) EXPECT_GE(parsed->size(), 1u) << entry.path();
    ++files;
  }
  return files;
}

TEST(ParserTest, RepositorySqlFilesParse) {
  // The 22 TPC-H queries (Q15: create view; select; drop view) and the SQL corpus, joins/ and
  // errors/ included (their errors are the binder's or the engine's, not syntax).
  std::filesystem::path root(QUIVER_SOURCE_DIR);
  EXPECT_EQ(ParseEverySqlFile(root / "queries" / "tpch"), 22);
  EXPECT_GE(ParseEverySqlFile(root / "tests" / "sql"), 100);
}

constexpr const char* kTpchQ2 = R"(
select
	s_acctbal, s_name, n_name, p_partkey, p_mfgr, s_address, s_phone, s_comment
from
	part, supplier, partsupp, nation, region
where
	p_partkey = ps_partkey
	and s_suppkey = ps_suppkey
	and p_size = 15
	and p_type like '%BRASS'
	and s_nationkey = n_nationkey
	and n_regionkey = r_regionkey
	and r_name = 'EUROPE'
	and ps_supplycost = (
		select
			min(ps_supplycost)
		from
			partsupp, supplier, nation, region
		where
			p_partkey = ps_partkey
			and s_suppkey = ps_suppkey
			and s_nationkey = n_nationkey
			and n_regionkey = r_regionkey
			and r_name = 'EUROPE'
	)
order by
	s_acctbal desc,
	n_name,
	s_name,
	p_partkey
limit 100;
)";

constexpr const char* kTpchQ7 = R"(
select
	supp_nation,
	cust_nation,
	l_year,
	sum(volume) as revenue
from
	(
		select
			n1.n_name as supp_nation,
			n2.n_name as cust_nation,
			extract(year from l_shipdate) as l_year,
			l_extendedprice * (1 - l_discount) as volume
		from
			supplier,
			lineitem,
			orders,
			customer,
			nation n1,
			nation n2
		where
			s_suppkey = l_suppkey
			and o_orderkey = l_orderkey
			and c_custkey = o_custkey
			and s_nationkey = n1.n_nationkey
			and c_nationkey = n2.n_nationkey
			and (
				(n1.n_name = 'FRANCE' and n2.n_name = 'GERMANY')
				or (n1.n_name = 'GERMANY' and n2.n_name = 'FRANCE')
			)
			and l_shipdate between date '1995-01-01' and date '1996-12-31'
	) as shipping
group by
	supp_nation,
	cust_nation,
	l_year
order by
	supp_nation,
	cust_nation,
	l_year;
)";

constexpr const char* kTpchQ8 = R"(
select
	o_year,
	sum(case
		when nation = 'BRAZIL' then volume
		else 0
	end) / sum(volume) as mkt_share
from
	(
		select
			extract(year from o_orderdate) as o_year,
			l_extendedprice * (1 - l_discount) as volume,
			n2.n_name as nation
		from
			part,
			supplier,
			lineitem,
			orders,
			customer,
			nation n1,
			nation n2,
			region
		where
			p_partkey = l_partkey
			and s_suppkey = l_suppkey
			and l_orderkey = o_orderkey
			and o_custkey = c_custkey
			and c_nationkey = n1.n_nationkey
			and n1.n_regionkey = r_regionkey
			and r_name = 'AMERICA'
			and s_nationkey = n2.n_nationkey
			and o_orderdate between date '1995-01-01' and date '1996-12-31'
			and p_type = 'ECONOMY ANODIZED STEEL'
	) as all_nations
group by
	o_year
order by
	o_year;
)";

constexpr const char* kTpchQ13 = R"(
select
	c_count,
	count(*) as custdist
from
	(
		select
			c_custkey,
			count(o_orderkey)
		from
			customer left outer join orders on
				c_custkey = o_custkey
				and o_comment not like '%special%requests%'
		group by
			c_custkey
	) as c_orders (c_custkey, c_count)
group by
	c_count
order by
	custdist desc,
	c_count desc;
)";

constexpr const char* kTpchQ15 = R"(
-- TPC-H Q15: top supplier
create view revenue0 (supplier_no, total_revenue) as
	select
		l_suppkey,
		sum(l_extendedprice * (1 - l_discount))
	from
		lineitem
	where
		l_shipdate >= date '1996-01-01'
		and l_shipdate < date '1996-01-01' + interval '3' month
	group by
		l_suppkey;

/* the query proper */
select
	s_suppkey,
	s_name,
	s_address,
	s_phone,
	total_revenue
from
	supplier,
	revenue0
where
	s_suppkey = supplier_no
	and total_revenue = (
		select
			max(total_revenue)
		from
			revenue0
	)
order by
	s_suppkey;

drop view revenue0;
)";

constexpr const char* kTpchQ20 = R"(
select
	s_name,
	s_address
from
	supplier,
	nation
where
	s_suppkey in (
		select
			ps_suppkey
		from
			partsupp
		where
			ps_partkey in (
				select
					p_partkey
				from
					part
				where
					p_name like 'forest%'
			)
			and ps_availqty > (
				select
					0.5 * sum(l_quantity)
				from
					lineitem
				where
					l_partkey = ps_partkey
					and l_suppkey = ps_suppkey
					and l_shipdate >= date '1994-01-01'
					and l_shipdate < date '1994-01-01' + interval '1' year
			)
	)
	and s_nationkey = n_nationkey
	and n_name = 'CANADA'
order by
	s_name;
)";

constexpr const char* kTpchQ22 = R"(
select
	cntrycode,
	count(*) as numcust,
	sum(c_acctbal) as totacctbal
from
	(
		select
			substring(c_phone from 1 for 2) as cntrycode,
			c_acctbal
		from
			customer
		where
			substring(c_phone from 1 for 2) in
				('13', '31', '23', '29', '30', '18', '17')
			and c_acctbal > (
				select
					avg(c_acctbal)
				from
					customer
				where
					c_acctbal > 0.00
					and substring(c_phone from 1 for 2) in
						('13', '31', '23', '29', '30', '18', '17')
			)
			and not exists (
				select
					*
				from
					orders
				where
					o_custkey = c_custkey
			)
	) as custsale
group by
	cntrycode
order by
	cntrycode;
)";

TEST(ParserTest, TpchSpecificationQueriesParse) {
  auto q2 = ParseOne(kTpchQ2);
  ASSERT_TRUE(q2.query);
  const Select& s2 = *q2.query->single_select();
  EXPECT_EQ(s2.from.size(), 5u);
  // The last conjunct compares with a correlated scalar subquery.
  EXPECT_EQ(s2.where->args[1]->to_string(),
            "(ps_supplycost = (SELECT min(ps_supplycost) FROM partsupp, supplier, nation, region "
            "WHERE (((((p_partkey = ps_partkey) AND (s_suppkey = ps_suppkey)) AND (s_nationkey = "
            "n_nationkey)) AND (n_regionkey = r_regionkey)) AND (r_name = 'EUROPE'))))");
  EXPECT_EQ(q2.query->limit->to_string(), "100");
  EXPECT_FALSE(q2.query->order_by.at(0).ascending);

  auto q7 = ParseOne(kTpchQ7);
  ASSERT_TRUE(q7.query);
  const auto& shipping = q7.query->single_select()->from.at(0);
  EXPECT_EQ(shipping->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(shipping->alias->value, "shipping");
  EXPECT_EQ(shipping->subquery->single_select()->from.size(), 6u);
  EXPECT_EQ(shipping->subquery->single_select()->items.at(2).expr->to_string(),
            "date_part('year', l_shipdate)");
  EXPECT_EQ(shipping->loc.line, 8);

  auto q8 = ParseOne(kTpchQ8);
  ASSERT_TRUE(q8.query);
  EXPECT_EQ(q8.query->single_select()->items.at(1).expr->to_string(),
            "(sum(CASE WHEN (nation = 'BRAZIL') THEN volume ELSE 0 END) / sum(volume))");

  auto q13 = ParseOne(kTpchQ13);
  ASSERT_TRUE(q13.query);
  const auto& c_orders = q13.query->single_select()->from.at(0);
  EXPECT_EQ(c_orders->alias->value, "c_orders");
  ASSERT_EQ(c_orders->column_aliases.size(), 2u);
  EXPECT_EQ(c_orders->column_aliases[0].value, "c_custkey");
  EXPECT_EQ(c_orders->column_aliases[1].value, "c_count");
  const auto& left_join = c_orders->subquery->single_select()->from.at(0);
  EXPECT_EQ(left_join->join_type, JoinType::kLeft);
  EXPECT_EQ(left_join->condition->to_string(),
            "((c_custkey = o_custkey) AND (o_comment NOT LIKE '%special%requests%'))");

  auto q15 = ParseSql(kTpchQ15);
  ASSERT_TRUE(q15.ok()) << q15.status().ToString();
  ASSERT_EQ(q15->size(), 3u);
  const Statement& view = (*q15)[0];
  EXPECT_EQ(view.kind, Statement::Kind::kCreateView);
  EXPECT_EQ(view.loc.line, 3);
  EXPECT_EQ(view.view_name.at(0).value, "revenue0");
  ASSERT_EQ(view.view_columns.size(), 2u);
  EXPECT_EQ(view.view_columns[1].value, "total_revenue");
  EXPECT_EQ(view.query->single_select()->group_by.size(), 1u);
  EXPECT_EQ((*q15)[1].kind, Statement::Kind::kQuery);
  EXPECT_EQ((*q15)[1].loc.line, 16);
  EXPECT_EQ((*q15)[1].query->single_select()->where->args[1]->to_string(),
            "(total_revenue = (SELECT max(total_revenue) FROM revenue0))");
  EXPECT_EQ((*q15)[2].kind, Statement::Kind::kDropView);
  EXPECT_EQ((*q15)[2].to_string(), "DROP VIEW revenue0");

  auto q20 = ParseOne(kTpchQ20);
  ASSERT_TRUE(q20.query);
  // ((s_suppkey IN (...) AND s_nationkey = n_nationkey) AND n_name = 'CANADA')
  const auto& in_suppliers = q20.query->single_select()->where->args[0]->args[0];
  ASSERT_EQ(in_suppliers->kind, ExprKind::kInSubquery);
  const Select& partsupp = *in_suppliers->subquery->single_select();
  EXPECT_EQ(partsupp.where->args[0]->kind, ExprKind::kInSubquery);
  EXPECT_EQ(partsupp.where->args[1]->args[1]->kind, ExprKind::kSubquery);

  auto q22 = ParseOne(kTpchQ22);
  ASSERT_TRUE(q22.query);
  const auto& custsale = q22.query->single_select()->from.at(0);
  const auto& where = custsale->subquery->single_select()->where;
  EXPECT_EQ(where->args[1]->kind, ExprKind::kExists);
  EXPECT_TRUE(where->args[1]->negated);
  EXPECT_EQ(where->args[0]->args[0]->to_string(),
            "(substring(c_phone, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17'))");
}

}  // namespace
}  // namespace quiver::sql
