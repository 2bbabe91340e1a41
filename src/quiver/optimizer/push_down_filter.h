#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Moves filter conjuncts as close to the data as they can go without changing the
/// answer:
///
/// - through projections (columns replaced by their definitions), subquery aliases, sorts,
///   unions (into every input) and aggregates (conjuncts on plain group columns only);
/// - into joins: a conjunct on one side goes into that side when the join keeps that side's
///   rows as they are (both sides of an inner join, the preserved side of an outer join, the
///   left side of semi / anti / mark joins); a conjunct on both sides of an inner join becomes
///   part of its condition (extract_equijoin_predicate then makes equalities keys);
/// - a join's own condition: conjuncts on the side whose rows are only looked up (the right
///   side of a left join, both sides of an inner join, the right side of semi / anti / mark
///   joins, the left side of a semi join) filter that side first; a conjunct on a preserved
///   side stays in the condition (an outer join must still emit those rows, NULL-padded);
/// - onto a TableScan: conjuncts are also copied into the scan's `filters` so the source can
///   skip data (Parquet row groups) by statistics; the Filter stays.
///
/// Conjuncts with subqueries, outer references or non-deterministic calls stay where they are.
class PushDownFilter : public OptimizerRule {
 public:
  std::string_view name() const override { return "push_down_filter"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
