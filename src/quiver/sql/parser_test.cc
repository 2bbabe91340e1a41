#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/sql/parser.h>

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
  if (!stmt.query) return "<parse failed>";
  return stmt.query->single_select()->items.at(0).expr->to_string();
}

std::string ErrorOf(const std::string& text) {
  auto result = ParseSql(text);
  EXPECT_FALSE(result.ok()) << "parsed: " << text;
  if (result.ok()) return "";
  EXPECT_TRUE(result.status().IsInvalid()) << result.status().ToString();
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

}  // namespace
}  // namespace quiver::sql
