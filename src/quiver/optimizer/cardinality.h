#pragma once

#include <quiver/logical/logical_plan.h>

#include <optional>

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

/// An estimate of the distinct values `expr` (a column of `plan`'s output) takes, traced
/// down to a table's column (distinct_estimate) and capped by the estimated rows; nullopt
/// for computed expressions or sources that cannot tell.
std::optional<double> EstimateDistinct(const LogicalPlan& plan, const LogicalExprPtr& expr);

/// Joining `a` and `b` on an equality whose sides take at most `ndv_a` / `ndv_b` distinct
/// values: |a| × |b| / max(ndv_a, ndv_b) (each value of the side with more distinct values
/// matches |other| / ndv rows). Falls back to EstimateJoin when a bound is unknown.
CardinalityEstimate EstimateEquiJoin(const CardinalityEstimate& a, const CardinalityEstimate& b,
                                     std::optional<double> ndv_a, std::optional<double> ndv_b);

}  // namespace quiver
