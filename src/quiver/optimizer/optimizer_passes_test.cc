#include <arrow/compute/initialize.h>
#include <arrow/type.h>
#include <gtest/gtest.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_limit.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/testing/test_tables.h>
#include <quiver/optimizer/optimizer.h>

namespace quiver {
namespace {

using testing::And;
using testing::BoolLit;
using testing::Eq;
using testing::Gt;
using testing::Int32Lit;
using testing::Int64Lit;
using testing::Lt;
using testing::Must;

// Counts its calls; `change`: returns a new plan every time (a filter of true on top, which
// no rule here removes), so a fixpoint pass never settles.
class CountingRule : public OptimizerRule {
 public:
  explicit CountingRule(bool change) : change_(change) {}
  std::string_view name() const override { return "counting"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig&) const override {
    ++*calls_;
    if (!change_) return plan;
    ARROW_ASSIGN_OR_RAISE(auto out, LogicalFilter::Make(BoolLit(true), plan));
    return out;
  }
  int calls() const { return *calls_; }

 private:
  bool change_;
  std::shared_ptr<int> calls_ = std::make_shared<int>(0);
};

// Drops the last output column: a broken rule.
class DropColumnRule : public OptimizerRule {
 public:
  std::string_view name() const override { return "drop_column"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig&) const override {
    ARROW_ASSIGN_OR_RAISE(
        auto out,
        LogicalProjection::Make({LogicalExpr::Col(plan->logical_schema().column(0))}, plan));
    return out;
  }
};

class FailingRule : public OptimizerRule {
 public:
  std::string_view name() const override { return "failing"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr&,
                                        const SessionConfig&) const override {
    return arrow::Status::NotImplemented("cannot do that");
  }
};

// Plans over t(a int32, b int64, c utf8, d float64, e date32) scanned as t, u, v and w, as
// the binder would build them.
class OptimizerPassesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(arrow::compute::Initialize().ok()); }

  LogicalPlanPtr Scan(const std::string& name) { return Must(LogicalTableScan::Make(name, t_)); }
  static LogicalExprPtr Col(const std::string& relation, const std::string& name) {
    return LogicalExpr::Col(relation, name);
  }
  static LogicalPlanPtr Filter(LogicalExprPtr predicate, LogicalPlanPtr input) {
    return Must(LogicalFilter::Make(std::move(predicate), std::move(input)));
  }
  static LogicalPlanPtr Project(std::vector<LogicalExprPtr> exprs, LogicalPlanPtr input) {
    return Must(LogicalProjection::Make(std::move(exprs), std::move(input)));
  }
  static LogicalPlanPtr Cross(LogicalPlanPtr l, LogicalPlanPtr r) {
    return Must(LogicalJoin::Make(std::move(l), std::move(r), JoinType::kInner, {}));
  }

  // select t.a, u.c, v.e from t, u, v, w where t.a = u.a and u.b = v.b and v.c = w.c
  //   and t.b > 1 and exists (select x.a from x where x.a = t.a) order by t.a limit 10
  LogicalPlanPtr BigQuery() {
    auto from = Cross(Cross(Cross(Scan("t"), Scan("u")), Scan("v")), Scan("w"));
    auto sub = Project(
        {Col("x", "a")},
        Filter(Eq(Col("x", "a"), LogicalExpr::OuterCol(Column("t", "a"), arrow::int32(), true)),
               Scan("x")));
    auto where =
        And(And(And(And(Eq(Col("t", "a"), Col("u", "a")), Eq(Col("u", "b"), Col("v", "b"))),
                    Eq(Col("v", "c"), Col("w", "c"))),
                Gt(Col("t", "b"), Int64Lit(1))),
            LogicalExpr::Exists(sub, false));
    auto projected = Project({Col("t", "a"), Col("u", "c"), Col("v", "e")}, Filter(where, from));
    auto sorted = Must(LogicalSort::Make(projected, {SortExpr{Col("t", "a"), true, false}}));
    return Must(LogicalLimit::Make(sorted, 0, 10));
  }

  // select t.a, (select count(*) from u where u.a = t.a) as n from t where t.b < 5
  LogicalPlanPtr CountQuery() {
    auto functions = FunctionRegistry::MakeDefault();
    auto count = LogicalExpr::AggregateFn(*functions->aggregate("count"), {}, false);
    auto agg = Must(LogicalAggregate::Make(
        Filter(Eq(Col("u", "a"), LogicalExpr::OuterCol(Column("t", "a"), arrow::int32(), true)),
               Scan("u")),
        {}, {count}));
    auto sub = Project({Col("", "count(*)")}, agg);
    return Project({Col("t", "a"), LogicalExpr::Alias(LogicalExpr::ScalarSubquery(sub), "n")},
                   Filter(Lt(Col("t", "b"), Int64Lit(5)), Scan("t")));
  }

  TableProviderPtr t_ = *testing::MakeTestCatalog()->table("t");
};

TEST_F(OptimizerPassesTest, DefaultPassesInOrder) {
  std::vector<std::string> names;
  std::vector<bool> fixpoints;
  Optimizer optimizer;
  for (const auto& pass : optimizer.passes()) {
    std::string n;
    for (const auto& r : pass.rules)
      n += std::string(n.empty() ? "" : ",") + std::string(r->name());
    names.push_back(n);
    fixpoints.push_back(pass.to_fixpoint);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "simplify_expressions,decorrelate_subqueries,push_down_filter,"
                       "extract_equijoin_predicate",
                       "reorder_joins",
                       "push_down_filter,extract_equijoin_predicate,simplify_expressions,"
                       "propagate_empty_relation,push_down_limit",
                       "push_down_projection"}));
  EXPECT_EQ(fixpoints, (std::vector<bool>{true, false, true, false}));
}

TEST_F(OptimizerPassesTest, FixpointPassStopsWhenNothingChanges) {
  auto idle = std::make_shared<CountingRule>(false);
  auto once = Optimizer({Optimizer::Pass{{idle}, true}}).optimize(Scan("t"), SessionConfig{});
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  EXPECT_EQ(idle->calls(), 1);
  // A rule that always changes the plan runs kMaxIterations rounds, then the pass ends.
  auto busy = std::make_shared<CountingRule>(true);
  auto capped = Optimizer({Optimizer::Pass{{busy}, true}}).optimize(Scan("t"), SessionConfig{});
  ASSERT_TRUE(capped.ok()) << capped.status().ToString();
  EXPECT_EQ(busy->calls(), Optimizer::kMaxIterations);
  // A pass that is not a fixpoint runs its rules once.
  auto single = std::make_shared<CountingRule>(true);
  ASSERT_TRUE(Optimizer({single}).optimize(Scan("t"), SessionConfig{}).ok());
  EXPECT_EQ(single->calls(), 1);
}

TEST_F(OptimizerPassesTest, RuleErrorsAndSchemaChangesAreReported) {
  auto failed = Optimizer({std::make_shared<FailingRule>()}).optimize(Scan("t"), SessionConfig{});
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.status().IsNotImplemented());
  EXPECT_EQ(failed.status().message(), "optimizer rule 'failing' failed: cannot do that");
  auto changed =
      Optimizer({std::make_shared<DropColumnRule>()}).optimize(Scan("t"), SessionConfig{});
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.status().IsInvalid());
  EXPECT_EQ(changed.status().message().rfind("optimizer changed the plan's schema", 0), 0u)
      << changed.status().message();
}

TEST_F(OptimizerPassesTest, OptimizedPlansAreAFixpointAndKeepTheirSchema) {
  std::vector<LogicalPlanPtr> plans = {
      Project({Col("t", "a")}, Filter(Gt(Col("t", "a"), Int32Lit(1)), Scan("t"))),
      Must(
          LogicalJoin::Make(Scan("t"), Scan("u"), JoinType::kLeft, {},
                            And(Eq(Col("t", "a"), Col("u", "a")), Gt(Col("u", "b"), Int64Lit(2))))),
      CountQuery(),
  };
  for (const auto& plan : plans) {
    SCOPED_TRACE(DisplayLogicalPlan(plan));
    auto once = Optimizer().optimize(plan, SessionConfig{});
    ASSERT_TRUE(once.ok()) << once.status().ToString();
    EXPECT_TRUE((*once)->schema()->Equals(*plan->schema()));
    auto twice = Optimizer().optimize(*once, SessionConfig{});
    ASSERT_TRUE(twice.ok()) << twice.status().ToString();
    EXPECT_EQ(DisplayLogicalPlan(*twice), DisplayLogicalPlan(*once));
  }
}

TEST_F(OptimizerPassesTest, ReorderedJoinsAreAFixpoint) {
  // Optimizing the optimized plan again changes nothing (reorder_joins must not stack another
  // projection over a tree it already ordered).
  auto once = Optimizer().optimize(BigQuery(), SessionConfig{});
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  auto twice = Optimizer().optimize(*once, SessionConfig{});
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_EQ(DisplayLogicalPlan(*twice), DisplayLogicalPlan(*once));
}

TEST_F(OptimizerPassesTest, CommaJoinWithWhereBecomesHashJoins) {
  // The WHERE equalities of BigQuery reach the joins as keys: no join is left without keys,
  // and the subquery became a semi join.
  auto out = Optimizer().optimize(BigQuery(), SessionConfig{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::vector<const LogicalJoin*> joins;
  std::function<void(const LogicalPlanPtr&)> walk = [&](const LogicalPlanPtr& p) {
    if (p->kind() == LogicalPlanKind::kJoin)
      joins.push_back(static_cast<const LogicalJoin*>(p.get()));
    for (const auto& in : p->inputs()) walk(in);
  };
  walk(*out);
  ASSERT_EQ(joins.size(), 4u) << DisplayLogicalPlan(*out);
  int semi = 0;
  for (const auto* j : joins) {
    EXPECT_FALSE(j->on().empty()) << j->to_string();
    semi += j->join_type() == JoinType::kLeftSemi;
  }
  EXPECT_EQ(semi, 1);
  // The limit became the sort's fetch.
  EXPECT_EQ(DisplayLogicalPlan(*out).rfind("Sort: t.a ASC NULLS LAST, fetch=10\n", 0), 0u)
      << DisplayLogicalPlan(*out);
}

}  // namespace
}  // namespace quiver
