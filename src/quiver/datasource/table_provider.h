#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/config.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief What a query asks of a table scan.
struct ScanArgs {
  /// Column indices of the table schema to produce, in this order; nullopt = all columns.
  std::optional<std::vector<int>> projection;
  /// Conjuncts bound to the *full* table schema. Providers may use them to skip data
  /// (row-group pruning) and need not apply them exactly: the plan keeps its filter.
  std::vector<PhysicalExprPtr> filters;
  /// Rows the consumer needs at most (a hint).
  std::optional<int64_t> limit;
  /// Session settings (target_partitions, batch_size, parquet_pruning, ...).
  SessionConfig config;
};

/// \brief A named source of rows: Parquet or CSV files, in-memory batches, or a user's own.
class TableProvider {
 public:
  virtual ~TableProvider() = default;
  virtual std::shared_ptr<arrow::Schema> schema() const = 0;
  /// Size of the whole table, for join ordering (before filters). Default: unknown.
  virtual Statistics statistics() const { return Statistics::Unknown(); }
  /// An estimate of the distinct values of column `index` (e.g. an integer column's max - min
  /// + 1, capped by the row count), for join and filter cardinality estimates; nullopt when the
  /// source cannot tell.
  virtual std::optional<int64_t> distinct_estimate(int index) const { return std::nullopt; }
  /// A leaf plan reading the table, split into partitions as the source allows.
  virtual arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const = 0;
};

using TableProviderPtr = std::shared_ptr<TableProvider>;

}  // namespace quiver
