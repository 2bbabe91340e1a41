#pragma once

#include <arrow/type_fwd.h>
#include <quiver/datasource/pruning_statistics.h>

#include <map>
#include <memory>
#include <vector>

namespace parquet {
class FileMetaData;
}

namespace quiver {

/// \brief Statistics of a list of Parquet row groups (PruningStatistics), computed per column
/// on first use: min / max cast to the table column type (so kernels compare like with like;
/// unknown entries are null), null counts, row counts. Used to prune row groups when a table is
/// planned and again at run time when a join's dynamic filter is known.
class RowGroupStatistics : public PruningStatistics {
 public:
  struct Unit {
    const parquet::FileMetaData* metadata;
    int row_group;
  };

  /// `leaf_columns[i]`: the Parquet leaf column of field i of `schema`, or -1 (nested).
  /// `schema` and `leaf_columns` must outlive this object.
  RowGroupStatistics(std::vector<Unit> units, const arrow::Schema& schema,
                     const std::vector<int>& leaf_columns)
      : units_(std::move(units)), schema_(schema), leaf_columns_(leaf_columns) {}

  int64_t num_containers() const override { return static_cast<int64_t>(units_.size()); }
  std::shared_ptr<arrow::Array> min_values(int column) const override { return Column(column).min; }
  std::shared_ptr<arrow::Array> max_values(int column) const override { return Column(column).max; }
  std::shared_ptr<arrow::Array> null_counts(int column) const override {
    return Column(column).null_counts;
  }
  std::shared_ptr<arrow::Array> row_counts() const override;

 private:
  struct ColumnStats {
    std::shared_ptr<arrow::Array> min, max, null_counts;
  };
  const ColumnStats& Column(int column) const;
  arrow::Result<ColumnStats> Compute(int column) const;

  std::vector<Unit> units_;
  const arrow::Schema& schema_;
  const std::vector<int>& leaf_columns_;
  mutable std::map<int, ColumnStats> columns_;
  mutable std::shared_ptr<arrow::Array> row_counts_;
};

}  // namespace quiver
