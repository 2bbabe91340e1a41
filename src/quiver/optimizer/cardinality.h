#pragma once

#include <quiver/logical/logical_plan.h>

namespace quiver {

/// \brief A guess at how many rows a logical plan yields, for join ordering: table row counts
/// from the providers (Parquet footers), a fixed selectivity per filter conjunct, joins as
/// foreign-key joins (the larger side, shrunk by how much the smaller was filtered).
struct CardinalityEstimate {
  double rows = 0;
  /// Rows of the largest table under it, before any filter: how much the plan was filtered.
  double base_rows = 0;
};

CardinalityEstimate EstimateCardinality(const LogicalPlan& plan);

/// The estimate for joining two inputs with an equality between them (`connected`) or not.
CardinalityEstimate EstimateJoin(const CardinalityEstimate& a, const CardinalityEstimate& b,
                                 bool connected);

}  // namespace quiver
