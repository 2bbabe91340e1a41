#pragma once

#include <quiver/physical/physical_expr.h>

#include <string>
#include <vector>

namespace quiver {

/// \brief How a plan's output rows are spread across its output partitions.
struct Partitioning {
  enum class Kind {
    kUnknown,     ///< no guarantee (scans, round-robin repartition)
    kRoundRobin,  ///< batches dealt out in turn
    kHash,        ///< rows with equal `exprs` values land in the same partition
  };
  Kind kind = Kind::kUnknown;
  int partition_count = 1;
  std::vector<PhysicalExprPtr> exprs;  ///< hash keys (kHash only)

  static Partitioning Unknown(int n) { return {Kind::kUnknown, n, {}}; }
  static Partitioning RoundRobin(int n) { return {Kind::kRoundRobin, n, {}}; }
  static Partitioning Hash(std::vector<PhysicalExprPtr> exprs, int n) {
    return {Kind::kHash, n, std::move(exprs)};
  }
  std::string to_string() const;
};

}  // namespace quiver
