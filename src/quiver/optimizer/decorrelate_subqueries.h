#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Turns every subquery expression of a Filter or Projection into a join, so nothing is
/// re-run per row (DataFusion's decorrelate_predicate_subquery + scalar_subquery_to_join):
///
/// - `[NOT] EXISTS (q)` and `x [NOT] IN (q)` that are conjuncts of a filter → a LeftSemi /
///   LeftAnti join with q; `x NOT IN (q)` is null-aware (a NULL in q makes it never true).
/// - The same anywhere else in an expression (under OR, NOT, CASE, in a select list) → a
///   LeftMark join whose boolean mark column replaces the subquery (NULL when unknown).
/// - A scalar subquery: uncorrelated → a cross join with its single row (MaxOneRow: no row is
///   NULL, two rows fail at run time); correlated → a left join with q aggregated per
///   correlation key (a correlated scalar subquery must aggregate), where count-like values of
///   keys without rows are fixed up (count(*) is 0, not NULL).
///
/// Correlated predicates (those using outer columns) are pulled up out of the subquery
/// (PullUpCorrelated) into the join condition; ExtractEquijoinPredicate then makes the
/// equalities join keys. Subqueries inside subqueries are decorrelated first. A form it
/// cannot rewrite (a correlated reference under a LIMIT, a non-aggregated correlated scalar
/// subquery, ...) fails planning with NotImplemented saying which.
class DecorrelateSubqueries : public OptimizerRule {
 public:
  std::string_view name() const override { return "decorrelate_subqueries"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
