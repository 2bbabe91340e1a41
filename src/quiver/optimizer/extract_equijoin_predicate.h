#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Moves the equalities of a join's filter that compare an expression of the left side
/// with one of the right side into the join's keys (cast to one type when they differ, so
/// int32 -1 and int64 -1 hash alike); the rest stays the filter. A cross join whose filter
/// holds such an equality becomes a hash join (the WHERE clause of comma joins arrives here
/// through push_down_filter).
class ExtractEquijoinPredicate : public OptimizerRule {
 public:
  std::string_view name() const override { return "extract_equijoin_predicate"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
