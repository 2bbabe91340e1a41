#pragma once

#include <quiver/optimizer/optimizer_rule.h>

namespace quiver {

/// \brief Replaces what can only be empty by an empty relation, so nothing below it is read:
/// a filter whose predicate folded to false or NULL (`WHERE 1 = 0`), and then, bottom up,
/// every node over an empty input whose output is empty too — filters, projections, sorts,
/// limits, aliases, grouped aggregates, inner and semi joins with an empty side, outer and
/// anti joins whose preserved side is empty, unions of empty inputs. An ungrouped aggregate
/// (one row: count 0, sum NULL) and a scalar subquery's MaxOneRow (NULL) keep their input.
class PropagateEmptyRelation : public OptimizerRule {
 public:
  std::string_view name() const override { return "propagate_empty_relation"; }
  arrow::Result<LogicalPlanPtr> rewrite(const LogicalPlanPtr& plan,
                                        const SessionConfig& config) const override;
};

}  // namespace quiver
