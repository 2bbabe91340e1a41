#include <arrow/scalar.h>
#include <arrow/type.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_union.h>
#include <quiver/optimizer/decorrelate_subqueries.h>
#include <quiver/optimizer/pull_up_correlated.h>
#include <quiver/optimizer/simplify_expressions.h>

namespace quiver {
namespace {

bool IsSubqueryExpr(const LogicalExprPtr& e) {
  return e->is(LogicalExprKind::kScalarSubquery) || e->is(LogicalExprKind::kExists) ||
         e->is(LogicalExprKind::kInSubquery);
}

// True when `plan` always yields exactly one row (an aggregate without GROUP BY).
bool YieldsOneRow(const LogicalPlanPtr& plan) {
  switch (plan->kind()) {
    case LogicalPlanKind::kAggregate:
      return static_cast<const LogicalAggregate&>(*plan).group_exprs().empty();
    case LogicalPlanKind::kProjection:
    case LogicalPlanKind::kSubqueryAlias:
      return YieldsOneRow(plan->inputs()[0]);
    default:
      return false;
  }
}

// True when the subquery's top aggregate (under projections, aliases and a HAVING filter) has
// a GROUP BY of its own: without rows for a key it yields no group at all, so its value is
// NULL there (even for count), and it may yield several rows for one key.
bool HasOwnGroupBy(const LogicalPlanPtr& plan) {
  switch (plan->kind()) {
    case LogicalPlanKind::kAggregate:
      return !static_cast<const LogicalAggregate&>(*plan).group_exprs().empty();
    case LogicalPlanKind::kProjection:
    case LogicalPlanKind::kSubqueryAlias:
    case LogicalPlanKind::kFilter:
      return HasOwnGroupBy(plan->inputs()[0]);
    default:
      return false;
  }
}

// `[NOT] EXISTS` over a subquery that always yields one row is a constant (true / false),
// whatever its correlation: decorrelating it into a semi join would lose the rows whose
// correlated filter matches nothing.
arrow::Result<LogicalExprPtr> FoldConstantExists(const LogicalExprPtr& expr) {
  return TransformDown(expr, [](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    if (!e->is(LogicalExprKind::kExists) || !YieldsOneRow(e->subquery())) return e;
    return LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(!e->negated()));
  });
}

// What `value` (an output column of `plan`) would be for an enclosing row without matching
// subquery rows, when that is not NULL: count(...) gives 0 there, so a left join's NULL must
// be replaced. Null when NULL is right (or the shape is not one this rule analyses).
arrow::Result<LogicalExprPtr> ValueForNoRows(const LogicalPlanPtr& plan, const Column& value) {
  const LogicalPlan* node = plan.get();
  LogicalExprPtr definition;
  if (node->kind() == LogicalPlanKind::kProjection) {
    const auto& projection = static_cast<const LogicalProjection&>(*node);
    auto index = node->logical_schema().find(value);
    if (!index.ok() || !*index) return nullptr;
    definition = Unalias(projection.exprs()[**index]);
    node = projection.input().get();
  } else {
    definition = LogicalExpr::Col(value);
  }
  if (node->kind() != LogicalPlanKind::kAggregate) return nullptr;
  const auto& agg = static_cast<const LogicalAggregate&>(*node);
  const LogicalSchema& agg_schema = agg.logical_schema();
  const size_t groups = agg.group_exprs().size();
  ARROW_ASSIGN_OR_RAISE(
      auto substituted,
      TransformUp(definition, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
        if (!e->is(LogicalExprKind::kColumn)) return e;
        auto found = agg_schema.find(e->column());
        if (!found.ok() || !*found || static_cast<size_t>(**found) < groups) return e;
        const auto& call = Unalias(agg.aggr_exprs()[**found - groups]);
        if (call->is(LogicalExprKind::kAggregateFunction) &&
            call->aggregate_function()->name() == "count") {
          return LogicalExpr::Lit(std::make_shared<arrow::Int64Scalar>(0));
        }
        return LogicalExpr::Lit(arrow::MakeNullScalar(agg_schema.field(**found)->type()));
      }));
  if (!ExprColumns(substituted).empty()) return nullptr;
  ARROW_ASSIGN_OR_RAISE(auto folded, SimplifyExpressions::Simplify(substituted, LogicalSchema()));
  if (folded->is(LogicalExprKind::kLiteral) && folded->value()->is_valid) return folded;
  return nullptr;
}

arrow::Result<LogicalPlanPtr> Decorrelate(const LogicalPlanPtr& plan, int* counter);

void CollectOuterColumns(const LogicalPlan& plan, std::vector<LogicalExprPtr>* out) {
  for (const auto& e : plan.expressions()) {
    VisitExpr(e, [&](const LogicalExprPtr& x) {
      if (x->is(LogicalExprKind::kOuterColumn) && !ContainsExpr(*out, *x)) out->push_back(x);
    });
  }
  for (const auto& in : plan.inputs()) CollectOuterColumns(*in, out);
}

// The subquery with the domain D (distinct values of the outer columns it uses) joined in at
// its correlated filter, every outer column replaced by D's column, and D's columns carried to
// the top (grouped by in aggregates): the subquery's answer for every outer value at once.
arrow::Result<LogicalPlanPtr> JoinDomain(const LogicalPlanPtr& plan, const LogicalPlanPtr& domain,
                                         const std::vector<LogicalExprPtr>& outer, bool* joined) {
  const LogicalSchema& ds = domain->logical_schema();
  auto replace = [&](const LogicalExprPtr& e) {
    return TransformUp(e, [&](const LogicalExprPtr& x) -> arrow::Result<LogicalExprPtr> {
      if (!x->is(LogicalExprKind::kOuterColumn)) return x;
      for (size_t i = 0; i < outer.size(); ++i) {
        if (outer[i]->equals(*x)) return LogicalExpr::Col(ds.column(static_cast<int>(i)));
      }
      return x;
    });
  };
  auto domain_columns = [&]() {
    std::vector<LogicalExprPtr> cols;
    for (int i = 0; i < ds.num_fields(); ++i) cols.push_back(LogicalExpr::Col(ds.column(i)));
    return cols;
  };
  switch (plan->kind()) {
    case LogicalPlanKind::kFilter: {
      const auto& filter = static_cast<const LogicalFilter&>(*plan);
      ARROW_ASSIGN_OR_RAISE(auto input, JoinDomain(filter.input(), domain, outer, joined));
      if (!ContainsOuterColumn(filter.predicate())) return plan->with_new_inputs({input});
      if (*joined) {
        return arrow::Status::NotImplemented(
            "a correlated subquery with outer references in several filters cannot be "
            "decorrelated");
      }
      *joined = true;
      ARROW_ASSIGN_OR_RAISE(auto predicate, replace(filter.predicate()));
      ARROW_ASSIGN_OR_RAISE(auto cross, LogicalJoin::Make(input, domain, JoinType::kInner, {}));
      ARROW_ASSIGN_OR_RAISE(auto out, LogicalFilter::Make(predicate, cross));
      return out;
    }
    case LogicalPlanKind::kProjection: {
      const auto& projection = static_cast<const LogicalProjection&>(*plan);
      ARROW_ASSIGN_OR_RAISE(auto input, JoinDomain(projection.input(), domain, outer, joined));
      auto exprs = projection.exprs();
      if (*joined) {
        for (auto& c : domain_columns()) exprs.push_back(std::move(c));
      }
      ARROW_ASSIGN_OR_RAISE(auto out, LogicalProjection::Make(std::move(exprs), input));
      return out;
    }
    case LogicalPlanKind::kAggregate: {
      const auto& agg = static_cast<const LogicalAggregate&>(*plan);
      ARROW_ASSIGN_OR_RAISE(auto input, JoinDomain(agg.input(), domain, outer, joined));
      auto groups = agg.group_exprs();
      if (*joined) {
        for (auto& c : domain_columns()) groups.push_back(std::move(c));
      }
      ARROW_ASSIGN_OR_RAISE(auto out,
                            LogicalAggregate::Make(input, std::move(groups), agg.aggr_exprs()));
      return out;
    }
    default: {
      std::vector<LogicalExprPtr> found;
      CollectOuterColumns(*plan, &found);
      if (!found.empty()) {
        return arrow::Status::NotImplemented("a correlated subquery with an outer reference under ",
                                             plan->name(), " cannot be decorrelated");
      }
      return plan;
    }
  }
}

/// Rewrites the subqueries of one node's expressions into joins on `input`.
class SubqueryJoiner {
 public:
  SubqueryJoiner(LogicalPlanPtr input, int* counter)
      : input_(std::move(input)), counter_(counter) {}

  const LogicalPlanPtr& input() const { return input_; }

  // A top-level conjunct `[NOT] EXISTS` / `[NOT] IN`: a semi or anti join. False when the
  // conjunct is not one.
  arrow::Result<bool> semi_join(const LogicalExprPtr& conjunct) {
    if (!conjunct->is(LogicalExprKind::kExists) && !conjunct->is(LogicalExprKind::kInSubquery)) {
      return false;
    }
    const bool in = conjunct->is(LogicalExprKind::kInSubquery);
    const bool negated = conjunct->negated();
    ARROW_ASSIGN_OR_RAISE(auto side, prepare(conjunct->subquery()));
    JoinKeys keys;
    if (in) {
      if (negated && !side.predicates.empty()) {
        return arrow::Status::NotImplemented(
            "NOT IN over a correlated subquery cannot be decorrelated");
      }
      keys.emplace_back(conjunct->arg(), side.value);
    }
    ARROW_ASSIGN_OR_RAISE(
        input_,
        LogicalJoin::Make(input_, side.plan, negated ? JoinType::kLeftAnti : JoinType::kLeftSemi,
                          std::move(keys), Conjunction(side.predicates),
                          /*null_equals_null=*/false, /*null_aware=*/in && negated));
    return true;
  }

  // Any subquery expression: the expression that takes its place over the grown input.
  arrow::Result<LogicalExprPtr> replace(const LogicalExprPtr& e) {
    if (e->is(LogicalExprKind::kScalarSubquery)) return scalar(e);
    const bool in = e->is(LogicalExprKind::kInSubquery);
    ARROW_ASSIGN_OR_RAISE(auto side, prepare(e->subquery()));
    JoinKeys keys;
    if (in) {
      if (!side.predicates.empty()) {
        return arrow::Status::NotImplemented(
            "IN over a correlated subquery inside an expression cannot be decorrelated");
      }
      keys.emplace_back(e->arg(), side.value);
    }
    const std::string mark = "__mark_" + std::to_string(++*counter_);
    ARROW_ASSIGN_OR_RAISE(
        input_, LogicalJoin::Make(input_, side.plan, JoinType::kLeftMark, std::move(keys),
                                  Conjunction(side.predicates), /*null_equals_null=*/false,
                                  /*null_aware=*/in, mark));
    auto column = LogicalExpr::Col(Column("", mark));
    return e->negated() ? LogicalExpr::Not(column) : column;
  }

 private:
  struct Side {
    LogicalPlanPtr plan;                     // the aliased subquery
    LogicalExprPtr value;                    // its first column
    std::vector<LogicalExprPtr> predicates;  // over the input and `plan`
    bool grouped = false;
  };

  // `single_value`: group the pulled-up subquery by the inner sides of its (equality)
  // correlation predicates, its value taken with __scalar_subquery_value.
  arrow::Result<Side> prepare(const LogicalPlanPtr& subquery, bool single_value = false) {
    ARROW_ASSIGN_OR_RAISE(auto decorrelated, Decorrelate(subquery, counter_));
    const std::string first = decorrelated->schema()->field(0)->name();
    ARROW_ASSIGN_OR_RAISE(auto pulled, PullUpCorrelated(decorrelated));
    if (single_value && !pulled.predicates.empty()) {
      std::vector<LogicalExprPtr> groups;
      for (const auto& p : pulled.predicates) {
        auto inner = InnerSideOfEquality(p);
        if (!inner) {
          return arrow::Status::NotImplemented(
              "a correlated scalar subquery without an aggregate, correlated by ", p->to_string(),
              " (only equalities), cannot be decorrelated");
        }
        if (!ContainsExpr(groups, *inner)) groups.push_back(inner);
      }
      const LogicalSchema& schema = pulled.plan->logical_schema();
      auto value = LogicalExpr::AggregateFn(MakeScalarSubqueryValueFunction(),
                                            {LogicalExpr::Col(schema.column(0))}, false);
      ARROW_ASSIGN_OR_RAISE(pulled.plan,
                            LogicalAggregate::Make(pulled.plan, std::move(groups),
                                                   {LogicalExpr::Alias(value, first)}));
      pulled.grouped_by_correlation = true;
    }
    const std::string alias = "__sq_" + std::to_string(++*counter_);
    Side side;
    side.grouped = pulled.grouped_by_correlation;
    for (const auto& p : pulled.predicates) {
      ARROW_ASSIGN_OR_RAISE(auto q, Requalify(p, pulled.plan->logical_schema(), alias));
      ARROW_ASSIGN_OR_RAISE(q, OuterToColumns(q));
      side.predicates.push_back(std::move(q));
    }
    raw_plan_ = pulled.plan;
    ARROW_ASSIGN_OR_RAISE(side.plan, LogicalSubqueryAlias::Make(pulled.plan, alias));
    side.value = LogicalExpr::Col(Column(alias, first));
    return side;
  }

  // The domain form (JoinDomain): the subquery evaluated for every distinct outer value,
  // joined back on those values. For correlations pull-up cannot move (non-equalities under
  // an aggregate).
  arrow::Result<Side> prepare_with_domain(const LogicalPlanPtr& subquery) {
    ARROW_ASSIGN_OR_RAISE(auto decorrelated, Decorrelate(subquery, counter_));
    const std::string first = decorrelated->schema()->field(0)->name();
    std::vector<LogicalExprPtr> outer;
    CollectOuterColumns(*decorrelated, &outer);
    const std::string domain_alias = "__domain_" + std::to_string(++*counter_);
    // D: the distinct outer values, computed from the outer input itself.
    std::vector<LogicalExprPtr> projected;
    for (size_t i = 0; i < outer.size(); ++i) {
      projected.push_back(
          LogicalExpr::Alias(LogicalExpr::Col(outer[i]->column()), "d" + std::to_string(i)));
    }
    ARROW_ASSIGN_OR_RAISE(auto values_plan, LogicalProjection::Make(projected, input_));
    std::vector<LogicalExprPtr> keys;
    for (int i = 0; i < values_plan->logical_schema().num_fields(); ++i) {
      keys.push_back(LogicalExpr::Col(values_plan->logical_schema().column(i)));
    }
    ARROW_ASSIGN_OR_RAISE(auto distinct, LogicalAggregate::Make(values_plan, keys, {}));
    ARROW_ASSIGN_OR_RAISE(auto domain, LogicalSubqueryAlias::Make(distinct, domain_alias));
    bool joined = false;
    ARROW_ASSIGN_OR_RAISE(auto evaluated, JoinDomain(decorrelated, domain, outer, &joined));
    if (!joined) {
      return arrow::Status::NotImplemented("correlated subquery ", subquery->to_string(),
                                           " cannot be decorrelated");
    }
    const std::string alias = "__sq_" + std::to_string(++*counter_);
    Side side;
    side.grouped = true;
    raw_plan_ = evaluated;
    for (size_t i = 0; i < outer.size(); ++i) {
      // NULL outer values find no rows, as the correlated predicate would have.
      side.predicates.push_back(
          LogicalExpr::Binary(LogicalExpr::Col(outer[i]->column()), BinaryOperator::kEq,
                              LogicalExpr::Col(Column(alias, "d" + std::to_string(i)))));
    }
    ARROW_ASSIGN_OR_RAISE(side.plan, LogicalSubqueryAlias::Make(evaluated, alias));
    side.value = LogicalExpr::Col(Column(alias, first));
    return side;
  }

  arrow::Result<LogicalExprPtr> scalar(const LogicalExprPtr& e) {
    auto prepared = prepare(e->subquery());
    bool prepared_by_pull_up = true;
    if (!prepared.ok() && prepared.status().IsNotImplemented()) {
      prepared = prepare_with_domain(e->subquery());
      prepared_by_pull_up = false;
    }
    ARROW_ASSIGN_OR_RAISE(auto side, std::move(prepared));
    if (side.predicates.empty()) {
      LogicalPlanPtr right = side.plan;
      if (!YieldsOneRow(right)) {
        // No row is NULL; a second row is an error when the query runs.
        ARROW_ASSIGN_OR_RAISE(auto one, LogicalMaxOneRow::Make(right));
        right = one;
      }
      ARROW_ASSIGN_OR_RAISE(input_, LogicalJoin::Make(input_, right, JoinType::kInner, {}));
      return side.value;
    }
    const bool own_groups = HasOwnGroupBy(e->subquery());
    if (own_groups && !prepared_by_pull_up) {
      return arrow::Status::NotImplemented(
          "a correlated scalar subquery with GROUP BY and a correlation other than equalities "
          "cannot be decorrelated");
    }
    if (!side.grouped || own_groups) {
      // Not aggregated, or grouped by more than the correlation: one value per correlation
      // key, checked to be the only one (and NULL, not count's 0, for keys without rows).
      ARROW_ASSIGN_OR_RAISE(side, prepare(e->subquery(), /*single_value=*/true));
    }
    const auto& alias = static_cast<const LogicalSubqueryAlias&>(*side.plan);
    Column inner_value(Column("", side.value->column().name));
    ARROW_ASSIGN_OR_RAISE(auto no_rows, ValueForNoRows(raw_plan_, FindColumn(inner_value)));
    LogicalPlanPtr right = side.plan;
    std::string always;
    if (no_rows) {
      // A marker column tells keys without subquery rows (NULL after the left join).
      always = "__always_true_" + std::to_string(++*counter_);
      std::vector<LogicalExprPtr> exprs;
      for (int i = 0; i < right->logical_schema().num_fields(); ++i) {
        exprs.push_back(LogicalExpr::Col(right->logical_schema().column(i)));
      }
      exprs.push_back(LogicalExpr::Alias(
          LogicalExpr::Lit(std::make_shared<arrow::BooleanScalar>(true)), always));
      ARROW_ASSIGN_OR_RAISE(auto marked, LogicalProjection::Make(std::move(exprs), right));
      ARROW_ASSIGN_OR_RAISE(right, LogicalSubqueryAlias::Make(marked, alias.alias()));
    }
    ARROW_ASSIGN_OR_RAISE(input_, LogicalJoin::Make(input_, right, JoinType::kLeft, {},
                                                    Conjunction(side.predicates)));
    if (!no_rows) return side.value;
    auto missing = LogicalExpr::IsNull(LogicalExpr::Col(Column(alias.alias(), always)), false);
    return LogicalExpr::Case(nullptr, {{missing, no_rows}}, side.value);
  }

  // The column of the unaliased subquery plan named like `c`.
  Column FindColumn(const Column& c) const {
    const LogicalSchema& s = raw_plan_->logical_schema();
    for (int i = 0; i < s.num_fields(); ++i) {
      if (s.field(i)->name() == c.name) return s.column(i);
    }
    return c;
  }

  LogicalPlanPtr input_;
  int* counter_;  // numbers the aliases of the whole plan, nested subqueries included
  LogicalPlanPtr raw_plan_;
};

// Every subquery expression in `expr` replaced through `joiner`.
arrow::Result<LogicalExprPtr> ReplaceSubqueries(const LogicalExprPtr& expr,
                                                SubqueryJoiner* joiner) {
  return TransformDown(expr, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    if (!IsSubqueryExpr(e)) return e;
    return joiner->replace(e);
  });
}

// A projection of `schema`'s columns over `plan` (dropping what the joins added).
arrow::Result<LogicalPlanPtr> Restore(const LogicalSchema& schema, LogicalPlanPtr plan) {
  if (plan->logical_schema().num_fields() == schema.num_fields()) return plan;
  std::vector<LogicalExprPtr> exprs;
  for (int i = 0; i < schema.num_fields(); ++i) exprs.push_back(LogicalExpr::Col(schema.column(i)));
  ARROW_ASSIGN_OR_RAISE(auto projected, LogicalProjection::Make(std::move(exprs), std::move(plan)));
  return projected;
}

arrow::Result<LogicalPlanPtr> Decorrelate(const LogicalPlanPtr& plan, int* counter) {
  return TransformPlanUp(plan, [&](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
    if (node->kind() == LogicalPlanKind::kFilter) {
      const auto& filter = static_cast<const LogicalFilter&>(*node);
      if (!ContainsSubquery(filter.predicate())) return node;
      ARROW_ASSIGN_OR_RAISE(auto predicate, FoldConstantExists(filter.predicate()));
      SubqueryJoiner joiner(filter.input(), counter);
      std::vector<LogicalExprPtr> kept;
      for (const auto& c : SplitConjunction(predicate)) {
        ARROW_ASSIGN_OR_RAISE(bool joined, joiner.semi_join(c));
        if (!joined) kept.push_back(c);
      }
      for (auto& c : kept) {
        ARROW_ASSIGN_OR_RAISE(c, ReplaceSubqueries(c, &joiner));
      }
      LogicalPlanPtr out = joiner.input();
      if (!kept.empty()) {
        ARROW_ASSIGN_OR_RAISE(out, LogicalFilter::Make(Conjunction(kept), out));
      }
      return Restore(filter.input()->logical_schema(), std::move(out));
    }
    if (node->kind() == LogicalPlanKind::kProjection) {
      const auto& projection = static_cast<const LogicalProjection&>(*node);
      bool any = false;
      for (const auto& e : projection.exprs()) any = any || ContainsSubquery(e);
      if (!any) return node;
      SubqueryJoiner joiner(projection.input(), counter);
      std::vector<LogicalExprPtr> exprs;
      for (const auto& e : projection.exprs()) {
        ARROW_ASSIGN_OR_RAISE(auto folded, FoldConstantExists(e));
        ARROW_ASSIGN_OR_RAISE(auto r, ReplaceSubqueries(folded, &joiner));
        // Keep the column's name (and qualifier, for bare columns).
        if (r != e && !e->is(LogicalExprKind::kColumn)) r = LogicalExpr::Alias(r, OutputName(*e));
        exprs.push_back(std::move(r));
      }
      ARROW_ASSIGN_OR_RAISE(auto out, LogicalProjection::Make(std::move(exprs), joiner.input()));
      return out;
    }
    return node;
  });
}

}  // namespace

arrow::Result<LogicalPlanPtr> DecorrelateSubqueries::rewrite(const LogicalPlanPtr& plan,
                                                             const SessionConfig&) const {
  int counter = 0;
  return Decorrelate(plan, &counter);
}

}  // namespace quiver
