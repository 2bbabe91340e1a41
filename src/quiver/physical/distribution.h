#pragma once

#include <quiver/physical/partitioning.h>
#include <quiver/physical/physical_expr.h>

#include <string>
#include <vector>

namespace quiver {

/// \brief What an operator requires of one input's partitioning (DataFusion's
/// `Distribution`). Operators declare it per child (`required_input_distribution`); the
/// EnforceDistribution pass inserts the exchanges that meet it, and the distributed planner
/// cuts stages exactly at those exchanges.
///
/// - kUnspecified: any partitioning (filters, projections, partial aggregates, probe sides).
/// - kSinglePartition: all rows in one partition (final sort, global limit, ungrouped final
///   aggregate). Met on one node by a CoalescePartitionsExec / SortPreservingMergeExec; across
///   the network by a NetworkCoalesceExec into a one-task stage.
/// - kHashPartitioned: rows with equal `exprs` values in the same partition (final grouped
///   aggregates, partitioned joins). Met by a hash RepartitionExec; across the network by a
///   NetworkShuffleExec.
/// - kBroadcast: every partition of the operator sees the whole input (the build side of a
///   collect-left join). Met on one node by a single partition that the operator reads once and
///   shares; across the network by a NetworkBroadcastExec (every consumer task reads all of it).
struct Distribution {
  enum class Kind { kUnspecified, kSinglePartition, kHashPartitioned, kBroadcast };
  Kind kind = Kind::kUnspecified;
  std::vector<PhysicalExprPtr> exprs;  ///< kHashPartitioned keys

  static Distribution Unspecified() { return {Kind::kUnspecified, {}}; }
  static Distribution SinglePartition() { return {Kind::kSinglePartition, {}}; }
  static Distribution HashPartitioned(std::vector<PhysicalExprPtr> exprs) {
    return {Kind::kHashPartitioned, std::move(exprs)};
  }
  static Distribution Broadcast() { return {Kind::kBroadcast, {}}; }

  /// True when an input partitioned as `partitioning` already meets this requirement.
  bool satisfied_by(const Partitioning& partitioning) const;
  std::string to_string() const;
};

/// Structural equality of two physical expressions (same display form: `name@index`, ...).
bool PhysicalExprEquals(const PhysicalExpr& a, const PhysicalExpr& b);
bool PhysicalExprListEquals(const std::vector<PhysicalExprPtr>& a,
                            const std::vector<PhysicalExprPtr>& b);

}  // namespace quiver
