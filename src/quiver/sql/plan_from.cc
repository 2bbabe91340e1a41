// FROM: tables, views and CTE references, derived tables, joins (ON, USING, NATURAL, CROSS) and
// comma lists (cross joins the optimizer turns into equi-joins using the WHERE clause).
#include <arrow/type.h>
#include <quiver/logical/logical_empty_relation.h>
#include <quiver/logical/logical_join.h>
#include <quiver/logical/logical_projection.h>
#include <quiver/logical/logical_table_scan.h>
#include <quiver/logical/logical_union.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/logical/view_table.h>
#include <quiver/sql/binder_support.h>
#include <quiver/sql/sql_to_rel.h>

namespace quiver {

using sql::At;
using sql::InvalidAt;

namespace {

JoinType ToJoinType(sql::JoinType type) {
  switch (type) {
    case sql::JoinType::kLeft:
      return JoinType::kLeft;
    case sql::JoinType::kRight:
      return JoinType::kRight;
    case sql::JoinType::kFull:
      return JoinType::kFull;
    case sql::JoinType::kInner:
    case sql::JoinType::kCross:
      break;
  }
  return JoinType::kInner;
}

// The only field of `schema` named `name` (any qualifier), or -1 when there is none.
arrow::Result<int> UniqueField(const LogicalSchema& schema, const std::string& name,
                               sql::Location loc, const char* side) {
  auto hits = schema.matches(Column(name), /*case_insensitive=*/false);
  if (hits.size() > 1) {
    return InvalidAt(loc, "column '", name, "' of USING is ambiguous on the ", side, " side");
  }
  return hits.empty() ? -1 : hits[0];
}

// `plan` without its hidden columns (a projection of the others), or `plan` when it has none.
arrow::Result<LogicalPlanPtr> WithoutHiddenColumns(LogicalPlanPtr plan) {
  const LogicalSchema& schema = plan->logical_schema();
  if (!schema.has_hidden()) return plan;
  std::vector<LogicalExprPtr> exprs;
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (!schema.is_hidden(i)) exprs.push_back(LogicalExpr::Col(schema.column(i)));
  }
  ARROW_ASSIGN_OR_RAISE(auto projected, LogicalProjection::Make(std::move(exprs), std::move(plan)));
  return projected;
}

}  // namespace

arrow::Result<LogicalPlanPtr> SqlToRel::plan_from(const std::vector<sql::TableRefPtr>& from,
                                                  const Scopes& scopes) const {
  if (from.empty()) return LogicalEmptyRelation::Make(/*produce_one_row=*/true);
  ARROW_ASSIGN_OR_RAISE(auto plan, plan_table_ref(*from[0], scopes));
  for (size_t i = 1; i < from.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto next, plan_table_ref(*from[i], scopes));
    // A comma is a cross join; WHERE equalities become its keys in the optimizer.
    QUIVER_ASSIGN_AT(plan, from[i]->loc,
                     LogicalJoin::Make(std::move(plan), std::move(next), JoinType::kInner, {}));
  }
  return plan;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_table_ref(const sql::TableRef& ref,
                                                       const Scopes& scopes) const {
  LogicalPlanPtr plan;
  std::string qualifier;
  switch (ref.kind) {
    case sql::TableRef::Kind::kTable: {
      // Only the last part of a qualified name names a table (one catalog, one schema).
      const sql::Identifier& id = ref.name.back();
      qualifier = ref.alias ? ref.alias->normalized() : id.normalized();
      if (ref.name.size() == 1) {
        // A CTE hides a table of the same name; the innermost WITH wins.
        for (auto it = scopes.ctes.rbegin(); it != scopes.ctes.rend(); ++it) {
          if (it->first == id.normalized() || (!id.quoted && it->first == id.value)) {
            plan = it->second;
            break;
          }
        }
      }
      if (!plan) {
        auto provider = catalog_->table(id.normalized());
        if (!provider.ok() && !id.quoted) provider = catalog_->table(id.value);
        if (!provider.ok()) return InvalidAt(id.loc, "table '", id.value, "' not found");
        if (auto view = std::dynamic_pointer_cast<ViewTable>(*provider)) {
          plan = view->plan();  // inlined, optimized with the query
        } else {
          QUIVER_ASSIGN_AT(auto scan, ref.loc, LogicalTableScan::Make(qualifier, *provider));
          if (ref.column_aliases.empty()) return scan;
          plan = std::move(scan);
        }
      }
      break;
    }
    case sql::TableRef::Kind::kSubquery: {
      // A derived table sees the CTEs but not the rows of the query around it (no LATERAL).
      Scopes inner;
      inner.ctes = scopes.ctes;
      ARROW_ASSIGN_OR_RAISE(plan, plan_query(*ref.subquery, inner));
      if (ref.alias) qualifier = ref.alias->normalized();
      break;
    }
    case sql::TableRef::Kind::kJoin: {
      ARROW_ASSIGN_OR_RAISE(plan, plan_join(ref, scopes));
      if (!ref.alias) return plan;
      qualifier = ref.alias->normalized();
      // Under one alias a USING join's per-side keys would be namesakes of the merged key.
      ARROW_ASSIGN_OR_RAISE(plan, WithoutHiddenColumns(std::move(plan)));
      break;
    }
  }
  if (!ref.column_aliases.empty()) {
    ARROW_ASSIGN_OR_RAISE(plan, RenameColumns(std::move(plan), ref.column_aliases, ref.loc));
  }
  if (qualifier.empty()) return plan;
  QUIVER_ASSIGN_AT(auto aliased, ref.loc, LogicalSubqueryAlias::Make(std::move(plan), qualifier));
  return aliased;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_join(const sql::TableRef& ref,
                                                  const Scopes& scopes) const {
  ARROW_ASSIGN_OR_RAISE(auto left, plan_table_ref(*ref.left, scopes));
  ARROW_ASSIGN_OR_RAISE(auto right, plan_table_ref(*ref.right, scopes));
  const JoinType type = ToJoinType(ref.join_type);
  if (ref.natural) {
    // NATURAL: USING every column name the two sides share.
    std::vector<sql::Identifier> common;
    const LogicalSchema& ls = left->logical_schema();
    const LogicalSchema& rs = right->logical_schema();
    for (int i = 0; i < ls.num_fields(); ++i) {
      if (ls.is_hidden(i)) continue;
      const std::string& name = ls.field(i)->name();
      if (!rs.matches(Column(name), false).empty()) {
        bool seen = false;
        for (const auto& c : common) seen = seen || c.value == name;
        if (!seen) common.push_back(sql::Identifier{name, /*quoted=*/true, ref.loc});
      }
    }
    if (common.empty()) {
      QUIVER_ASSIGN_AT(auto cross, ref.loc, LogicalJoin::Make(left, right, type, {}));
      return cross;
    }
    return plan_using_join(ref, std::move(left), std::move(right), std::move(common));
  }
  if (!ref.using_cols.empty()) {
    return plan_using_join(ref, std::move(left), std::move(right), ref.using_cols);
  }
  LogicalExprPtr filter;
  if (ref.condition) {
    // ON sees both sides; the optimizer moves equalities between them into the join keys.
    LogicalSchema combined = left->logical_schema().join(right->logical_schema());
    BindContext ctx{&combined, "ON"};
    ctx.scopes = &scopes;
    ARROW_ASSIGN_OR_RAISE(filter, bind(*ref.condition, ctx));
    QUIVER_ASSIGN_AT(filter, ref.condition->loc, CoerceToBoolean(filter, combined, "ON"));
  }
  QUIVER_ASSIGN_AT(auto join, ref.loc,
                   LogicalJoin::Make(std::move(left), std::move(right), type, {}, filter));
  return join;
}

arrow::Result<LogicalPlanPtr> SqlToRel::plan_using_join(
    const sql::TableRef& ref, LogicalPlanPtr left, LogicalPlanPtr right,
    std::vector<sql::Identifier> columns) const {
  const JoinType type = ToJoinType(ref.join_type);
  const LogicalSchema& ls = left->logical_schema();
  const LogicalSchema& rs = right->logical_schema();
  JoinKeys keys;
  std::vector<int> left_used, right_used;
  std::vector<std::string> names;
  for (const auto& id : columns) {
    const std::string name = id.quoted ? id.value : id.normalized();
    ARROW_ASSIGN_OR_RAISE(int li, UniqueField(ls, name, id.loc, "left"));
    ARROW_ASSIGN_OR_RAISE(int ri, UniqueField(rs, name, id.loc, "right"));
    if (li < 0 || ri < 0) {
      return InvalidAt(id.loc, "column '", name, "' of USING is not on the ",
                       li < 0 ? "left" : "right", " side of the join");
    }
    auto l = LogicalExpr::Col(ls.column(li));
    auto r = LogicalExpr::Col(rs.column(ri));
    QUIVER_ASSIGN_AT(auto common, id.loc,
                     ComparisonCommonType(ls.field(li)->type(), rs.field(ri)->type()));
    QUIVER_ASSIGN_AT(l, id.loc, CastTo(l, common, ls));
    QUIVER_ASSIGN_AT(r, id.loc, CastTo(r, common, rs));
    keys.emplace_back(l, r);
    left_used.push_back(li);
    right_used.push_back(ri);
    names.push_back(name);
  }
  QUIVER_ASSIGN_AT(auto join, ref.loc, LogicalJoin::Make(left, right, type, keys));
  // Each USING column once (the preserved side's, or for FULL the first non-NULL of the two),
  // then the other columns of the left side and of the right side, each side's own key column
  // that is not the merged one among them, hidden (`t.a` and `s.a` stay nameable, as in SQL).
  std::vector<LogicalExprPtr> exprs;
  std::vector<bool> hidden;
  for (size_t k = 0; k < keys.size(); ++k) {
    LogicalExprPtr value;
    if (type == JoinType::kFull) {
      ARROW_ASSIGN_OR_RAISE(auto coalesce, functions_->scalar("coalesce"));
      value = LogicalExpr::ScalarFn(coalesce, {keys[k].first, keys[k].second});
    } else {
      value = type == JoinType::kRight ? keys[k].second : keys[k].first;
    }
    if (!value->is(LogicalExprKind::kColumn)) value = LogicalExpr::Alias(value, names[k]);
    exprs.push_back(std::move(value));
    hidden.push_back(false);
  }
  auto used = [](const std::vector<int>& v, int i) {
    return std::find(v.begin(), v.end(), i) != v.end();
  };
  const size_t merged = exprs.size();
  auto add_side = [&](const LogicalSchema& side, const std::vector<int>& keys_used) {
    for (int i = 0; i < side.num_fields(); ++i) {
      auto column = LogicalExpr::Col(side.column(i));
      if (!used(keys_used, i)) {
        exprs.push_back(std::move(column));
        hidden.push_back(side.is_hidden(i));
      } else if (std::none_of(exprs.begin(), exprs.begin() + merged,
                              [&](const LogicalExprPtr& e) { return e->equals(*column); })) {
        exprs.push_back(std::move(column));  // in place, so `s.*` lists s in its own order
        hidden.push_back(true);
      }
    }
  };
  add_side(ls, left_used);
  add_side(rs, right_used);
  QUIVER_ASSIGN_AT(auto projected, ref.loc,
                   LogicalProjection::Make(std::move(exprs), join, std::move(hidden)));
  return projected;
}

}  // namespace quiver
