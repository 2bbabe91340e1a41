#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/datasource/pruning_statistics.h>
#include <quiver/physical/physical_expr.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief Decides from column statistics which containers (row groups) cannot hold a row
/// matching a conjunction of filters.
///
/// Understood: `column <op> literal` and `literal <op> column` for = != < <= > >=, AND, OR,
/// `column [NOT] IN (literals)`, `column IS [NOT] NULL`. Anything else counts as "may match".
/// A container is skipped only when its statistics prove that no row satisfies the filters
/// (comparisons are evaluated with Arrow compute on the min/max arrays, all containers at
/// once); a comparison against NULL or on a column that is entirely null matches nothing.
class PruningPredicate {
 public:
  /// `filters` are AND-ed conjuncts bound to `schema` (the full table schema).
  PruningPredicate(std::vector<PhysicalExprPtr> filters, std::shared_ptr<arrow::Schema> schema);

  /// The conjuncts that can prune at all (others dropped); empty = never prunes.
  const std::vector<PhysicalExprPtr>& useful_filters() const { return useful_; }

  /// For each container of `stats`, true when it can be skipped.
  arrow::Result<std::vector<bool>> prune(const PruningStatistics& stats) const;

 private:
  std::vector<PhysicalExprPtr> useful_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace quiver
