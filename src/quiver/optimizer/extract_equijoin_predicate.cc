#include <quiver/logical/logical_join.h>
#include <quiver/logical/type_coercion.h>
#include <quiver/optimizer/column_resolution.h>
#include <quiver/optimizer/extract_equijoin_predicate.h>

namespace quiver {

arrow::Result<LogicalPlanPtr> ExtractEquijoinPredicate::rewrite(const LogicalPlanPtr& plan,
                                                                const SessionConfig&) const {
  return TransformPlanUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
    if (node->kind() != LogicalPlanKind::kJoin) return node;
    const auto& join = static_cast<const LogicalJoin&>(*node);
    if (!join.filter() || join.null_aware()) return node;
    const LogicalSchema& ls = join.left()->logical_schema();
    const LogicalSchema& rs = join.right()->logical_schema();
    const LogicalSchema& whole = join.combined_schema();
    JoinKeys keys = join.on();
    std::vector<LogicalExprPtr> rest;
    for (const auto& c : SplitConjunction(join.filter())) {
      if (c->is(LogicalExprKind::kBinary) && c->op() == BinaryOperator::kEq &&
          !ContainsSubquery(c)) {
        LogicalExprPtr l, r;
        if (ColumnsResolveInSide(c->left(), ls, whole) &&
            ColumnsResolveInSide(c->right(), rs, whole)) {
          l = c->left();
          r = c->right();
        } else if (ColumnsResolveInSide(c->left(), rs, whole) &&
                   ColumnsResolveInSide(c->right(), ls, whole)) {
          l = c->right();
          r = c->left();
        }
        // A side that is a constant is a filter, not a key.
        if (l && r && !ExprColumns(l).empty() && !ExprColumns(r).empty()) {
          ARROW_ASSIGN_OR_RAISE(auto lt, l->data_type(ls));
          ARROW_ASSIGN_OR_RAISE(auto rt, r->data_type(rs));
          if (!lt->Equals(*rt)) {
            auto common = ComparisonCommonType(lt, rt);
            if (!common.ok()) {
              rest.push_back(c);
              continue;
            }
            ARROW_ASSIGN_OR_RAISE(l, CastTo(l, *common, ls));
            ARROW_ASSIGN_OR_RAISE(r, CastTo(r, *common, rs));
          }
          keys.emplace_back(std::move(l), std::move(r));
          continue;
        }
      }
      rest.push_back(c);
    }
    if (keys.size() == join.on().size()) return node;
    ARROW_ASSIGN_OR_RAISE(auto out,
                          join.with(join.left(), join.right(), std::move(keys), Conjunction(rest)));
    return out;
  });
}

}  // namespace quiver
