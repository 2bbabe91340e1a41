#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>
#include <memory>

namespace quiver {

/// \brief Column statistics of N containers (e.g. Parquet row groups), one array entry per
/// container, for PruningPredicate. A null entry (or a null array) means "unknown".
class PruningStatistics {
 public:
  virtual ~PruningStatistics() = default;
  virtual int64_t num_containers() const = 0;
  /// Smallest value of table column `column` in each container, typed as the column; nullptr
  /// when this column has no usable statistics at all.
  virtual std::shared_ptr<arrow::Array> min_values(int column) const = 0;
  virtual std::shared_ptr<arrow::Array> max_values(int column) const = 0;
  /// int64 null counts of `column`; nullptr when unknown.
  virtual std::shared_ptr<arrow::Array> null_counts(int column) const = 0;
  /// int64 row counts of each container.
  virtual std::shared_ptr<arrow::Array> row_counts() const = 0;
};

}  // namespace quiver
