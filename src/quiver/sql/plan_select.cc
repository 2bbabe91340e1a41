// One SELECT: FROM → WHERE → Aggregate (GROUP BY / aggregates) → HAVING → Projection (SELECT
// list, plus hidden ORDER BY columns) → DISTINCT → Sort → Projection (dropping hidden columns).
#include <arrow/type.h>
#include <quiver/logical/logical_aggregate.h>
#include <quiver/logical/logical_filter.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_sort.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/sql/binder_support.h>
#include <quiver/sql/sql_to_rel.h>

#include <cstdlib>

namespace quiver {
namespace {

using sql::At;
using sql::Expr;
using sql::ExprKind;
using sql::InvalidAt;
using sql::IsIntegerText;
using sql::Location;

arrow::Result<LogicalExprPtr> RewriteForAggregate(const LogicalExprPtr& expr,
                                                  const std::vector<LogicalExprPtr>& groups,
                                                  const std::vector<LogicalExprPtr>& aggs,
                                                  const LogicalSchema& agg_schema) {
  return TransformDown(expr, [&](const LogicalExprPtr& e) -> arrow::Result<LogicalExprPtr> {
    size_t i = 0;
    if (ContainsExpr(groups, *e, &i)) {
      return LogicalExpr::Col(agg_schema.column(static_cast<int>(i)));
    }
    if (e->is(LogicalExprKind::kAggregateFunction) && ContainsExpr(aggs, *e, &i)) {
      return LogicalExpr::Col(agg_schema.column(static_cast<int>(groups.size() + i)));
    }
    return e;
  });
}

arrow::Status CheckGrouped(const LogicalExprPtr& expr, const LogicalSchema& agg_schema,
                           Location loc) {
  for (const auto& col : ExprColumns(expr)) {
    auto found = agg_schema.find(col);
    if (!found.ok() || !*found) {
      return InvalidAt(loc, "column '", col.name,
                       "' must appear in the GROUP BY clause or be used in an aggregate function");
    }
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Result<LogicalPlanPtr> SqlToRel::plan_select(const sql::Select& select,
                                                    const std::vector<sql::OrderByItem>& order_by,
                                                    const Scopes& scopes) const {
  // FROM
  ARROW_ASSIGN_OR_RAISE(LogicalPlanPtr plan, plan_from(select.from, scopes));

  // WHERE
  if (select.where) {
    BindContext ctx{&plan->logical_schema(), "WHERE"};
    ctx.scopes = &scopes;
    ARROW_ASSIGN_OR_RAISE(auto predicate, bind(*select.where, ctx));
    QUIVER_ASSIGN_AT(predicate, select.where->loc,
                     CoerceToBoolean(predicate, plan->logical_schema(), "WHERE"));
    QUIVER_ASSIGN_AT(plan, select.where->loc, LogicalFilter::Make(predicate, plan));
  }
  const LogicalSchema& input_schema = plan->logical_schema();

  // SELECT list, bound against the FROM/WHERE output.
  std::vector<LogicalExprPtr> exprs;
  std::vector<std::string> names;
  std::vector<Location> locs;
  std::vector<bool> aliased;
  std::vector<std::pair<std::string, LogicalExprPtr>> aliases;
  for (const auto& item : select.items) {
    switch (item.kind) {
      case sql::SelectItem::Kind::kWildcard:
      case sql::SelectItem::Kind::kQualifiedWildcard: {
        std::string qualifier = item.qualifier.empty() ? "" : item.qualifier.back().normalized();
        bool any = false;
        for (int i = 0; i < input_schema.num_fields(); ++i) {
          if (!qualifier.empty() && input_schema.qualifier(i) != qualifier) continue;
          // `*` shows a USING key once; `s.*` shows s's own key (hidden) unless visible.
          if (input_schema.is_hidden(i) &&
              (qualifier.empty() ||
               input_schema.matches(input_schema.column(i), false) != std::vector<int>{i})) {
            continue;
          }
          exprs.push_back(LogicalExpr::Col(input_schema.column(i)));
          names.push_back(input_schema.field(i)->name());
          locs.push_back(item.loc);
          aliased.push_back(false);
          any = true;
        }
        if (!any) {
          if (!qualifier.empty()) return InvalidAt(item.loc, "table '", qualifier, "' not found");
          if (select.from.empty()) return InvalidAt(item.loc, "SELECT * with no tables");
        }
        break;
      }
      case sql::SelectItem::Kind::kExpr: {
        BindContext ctx{&input_schema, "SELECT", /*allow_aggregates=*/true};
        ctx.scopes = &scopes;
        ARROW_ASSIGN_OR_RAISE(auto e, bind(*item.expr, ctx));
        std::string name = item.alias ? item.alias->normalized() : OutputName(*e);
        if (item.alias) aliases.emplace_back(name, e);
        exprs.push_back(std::move(e));
        names.push_back(std::move(name));
        locs.push_back(item.loc);
        aliased.push_back(item.alias.has_value());
        break;
      }
    }
  }

  // GROUP BY: expressions, 1-based select ordinals, select aliases.
  std::vector<LogicalExprPtr> groups;
  for (const auto& g : select.group_by) {
    LogicalExprPtr e;
    if (g->kind == ExprKind::kNumber && IsIntegerText(g->text)) {
      int64_t k = std::atoll(g->text.c_str());
      if (k < 1 || k > static_cast<int64_t>(exprs.size())) {
        return InvalidAt(g->loc, "GROUP BY position ", g->text, " is not in the select list");
      }
      e = exprs[k - 1];
      if (ContainsAggregate(e)) {
        return InvalidAt(g->loc, "GROUP BY position ", g->text, " refers to an aggregate");
      }
    } else {
      BindContext ctx{&input_schema, "GROUP BY", false, false, &aliases, &scopes};
      ARROW_ASSIGN_OR_RAISE(e, bind(*g, ctx));
      if (ContainsAggregate(e)) {
        return InvalidAt(g->loc, "aggregate functions are not allowed in GROUP BY");
      }
    }
    if (!ContainsExpr(groups, *e)) groups.push_back(std::move(e));
  }

  // HAVING
  LogicalExprPtr having;
  if (select.having) {
    BindContext ctx{&input_schema, "HAVING", true, false, &aliases, &scopes};
    ARROW_ASSIGN_OR_RAISE(having, bind(*select.having, ctx));
  }

  // ORDER BY: an output position (ordinal / alias) or an expression over the input.
  struct OrderKey {
    int output = -1;
    LogicalExprPtr expr;
    bool ascending = true;
    bool nulls_first = false;
    Location loc;
  };
  std::vector<OrderKey> order;
  for (const auto& item : order_by) {
    OrderKey key;
    key.ascending = item.ascending;
    key.nulls_first = item.nulls_first.value_or(!item.ascending);
    key.loc = item.loc;
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kNumber && IsIntegerText(e.text)) {
      int64_t k = std::atoll(e.text.c_str());
      if (k < 1 || k > static_cast<int64_t>(exprs.size())) {
        return InvalidAt(e.loc, "ORDER BY position ", e.text, " is not in the select list");
      }
      key.output = static_cast<int>(k - 1);
    } else {
      if (e.kind == ExprKind::kIdentifier && e.names.size() == 1) {
        // A select alias wins over an input column of the same name (SQL's rule for ORDER BY).
        std::string name = e.names[0].normalized();
        for (size_t j = 0; j < names.size(); ++j) {
          if (aliased[j] && names[j] == name) {
            key.output = static_cast<int>(j);
            break;
          }
        }
      }
      if (key.output < 0) {
        BindContext ctx{&input_schema, "ORDER BY", true, false, &aliases, &scopes};
        ARROW_ASSIGN_OR_RAISE(key.expr, bind(e, ctx));
      }
    }
    order.push_back(std::move(key));
  }

  // Aggregation.
  std::vector<LogicalExprPtr> aggs;
  for (const auto& e : exprs) CollectAggregates(e, &aggs);
  if (having) CollectAggregates(having, &aggs);
  for (const auto& k : order) {
    if (k.expr) CollectAggregates(k.expr, &aggs);
  }
  if (!aggs.empty() || !groups.empty()) {
    QUIVER_ASSIGN_AT(auto agg, select.loc, LogicalAggregate::Make(plan, groups, aggs));
    const LogicalSchema& agg_schema = agg->logical_schema();
    for (size_t i = 0; i < exprs.size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(exprs[i], RewriteForAggregate(exprs[i], groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(exprs[i], agg_schema, locs[i]));
    }
    if (having) {
      ARROW_ASSIGN_OR_RAISE(having, RewriteForAggregate(having, groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(having, agg_schema, select.having->loc));
    }
    for (auto& k : order) {
      if (!k.expr) continue;
      ARROW_ASSIGN_OR_RAISE(k.expr, RewriteForAggregate(k.expr, groups, aggs, agg_schema));
      ARROW_RETURN_NOT_OK(CheckGrouped(k.expr, agg_schema, k.loc));
    }
    plan = agg;
  } else if (having) {
    return InvalidAt(select.having->loc, "HAVING needs GROUP BY or an aggregate function");
  }
  if (having) {
    QUIVER_ASSIGN_AT(having, select.having->loc,
                     CoerceToBoolean(having, plan->logical_schema(), "HAVING"));
    QUIVER_ASSIGN_AT(plan, select.having->loc, LogicalFilter::Make(having, plan));
  }

  // Projection, with ORDER BY expressions that are not selected appended as hidden columns.
  std::vector<LogicalExprPtr> projection;
  for (size_t i = 0; i < exprs.size(); ++i) {
    projection.push_back(
        OutputName(*exprs[i]) == names[i] ? exprs[i] : LogicalExpr::Alias(exprs[i], names[i]));
  }
  const size_t visible = projection.size();
  for (auto& k : order) {
    if (k.output >= 0) continue;
    size_t i = 0;
    if (ContainsExpr(exprs, *k.expr, &i)) {
      k.output = static_cast<int>(i);
      continue;
    }
    if (select.distinct) {
      return InvalidAt(k.loc,
                       "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
    }
    size_t hidden = 0;
    std::vector<LogicalExprPtr> extra(projection.begin() + visible, projection.end());
    if (ContainsExpr(extra, *k.expr, &hidden)) {
      k.output = static_cast<int>(visible + hidden);
      continue;
    }
    k.output = static_cast<int>(projection.size());
    projection.push_back(k.expr);
  }
  QUIVER_ASSIGN_AT(plan, select.loc, LogicalProjection::Make(projection, plan));

  if (select.distinct) {
    std::vector<LogicalExprPtr> keys;
    for (int i = 0; i < plan->logical_schema().num_fields(); ++i) {
      keys.push_back(LogicalExpr::Col(plan->logical_schema().column(i)));
    }
    QUIVER_ASSIGN_AT(plan, select.loc, LogicalAggregate::Make(plan, std::move(keys), {}));
  }

  if (!order.empty()) {
    std::vector<SortExpr> keys;
    for (const auto& k : order) {
      keys.push_back(SortExpr{LogicalExpr::Col(plan->logical_schema().column(k.output)),
                              k.ascending, k.nulls_first});
    }
    QUIVER_ASSIGN_AT(plan, select.loc, LogicalSort::Make(plan, std::move(keys)));
  }
  if (projection.size() > visible) {
    std::vector<LogicalExprPtr> keep;
    for (size_t i = 0; i < visible; ++i) {
      keep.push_back(LogicalExpr::Col(plan->logical_schema().column(static_cast<int>(i))));
    }
    QUIVER_ASSIGN_AT(plan, select.loc, LogicalProjection::Make(std::move(keep), plan));
  }

  return plan;
}

}  // namespace quiver
