#include <arrow/array/builder_base.h>
#include <arrow/array/builder_primitive.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <parquet/arrow/reader.h>
#include <parquet/metadata.h>
#include <parquet/statistics.h>
#include <quiver/datasource/row_group_statistics.h>

#include <exception>

namespace quiver {
namespace {

/// Types whose Parquet min/max order matches Arrow's comparison kernels.
bool HasComparableStatistics(const arrow::DataType& type) {
  return arrow::is_integer(type.id()) || arrow::is_floating(type.id()) ||
         type.id() == arrow::Type::DECIMAL128 || type.id() == arrow::Type::DATE32 ||
         type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}

}  // namespace

std::shared_ptr<arrow::Array> RowGroupStatistics::row_counts() const {
  if (!row_counts_) {
    arrow::Int64Builder builder;
    for (const auto& unit : units_) {
      if (!builder.Append(unit.metadata->RowGroup(unit.row_group)->num_rows()).ok()) {
        return nullptr;
      }
    }
    if (!builder.Finish(&row_counts_).ok()) return nullptr;
  }
  return row_counts_;
}
const RowGroupStatistics::ColumnStats& RowGroupStatistics::Column(int column) const {
  auto it = columns_.find(column);
  if (it == columns_.end()) {
    it = columns_.emplace(column, Compute(column).ValueOr(ColumnStats{})).first;
  }
  return it->second;
}
arrow::Result<RowGroupStatistics::ColumnStats> RowGroupStatistics::Compute(int column) const {
  ColumnStats out;
  if (column < 0 || column >= static_cast<int>(leaf_columns_.size())) return out;
  const int leaf = leaf_columns_[column];
  if (leaf < 0) return out;
  const auto& type = schema_.field(column)->type();
  const bool comparable = HasComparableStatistics(*type);
  std::unique_ptr<arrow::ArrayBuilder> min_builder, max_builder;
  ARROW_ASSIGN_OR_RAISE(min_builder, arrow::MakeBuilder(type));
  ARROW_ASSIGN_OR_RAISE(max_builder, arrow::MakeBuilder(type));
  arrow::Int64Builder nulls_builder;
  auto to_type =
      [&](const std::shared_ptr<arrow::Scalar>& scalar) -> std::shared_ptr<arrow::Scalar> {
    if (!scalar || !scalar->is_valid) return nullptr;
    if (scalar->type->Equals(*type)) return scalar;
    auto cast = arrow::compute::Cast(arrow::Datum(scalar), type);
    return cast.ok() ? cast->scalar() : nullptr;
  };
  for (const auto& unit : units_) {
    auto row_group = unit.metadata->RowGroup(unit.row_group);
    std::shared_ptr<parquet::Statistics> stats;
    if (leaf < row_group->num_columns()) {
      auto chunk = row_group->ColumnChunk(leaf);
      // Parquet throws on statistics that contradict the schema (a corrupt footer: "type does
      // not match ColumnDescriptor physical type"); they are then unknown, not a crash.
      try {
        if (chunk->is_stats_set()) stats = chunk->statistics();
      } catch (const std::exception&) {
        stats = nullptr;
      }
    }
    std::shared_ptr<arrow::Scalar> min, max;
    if (comparable && stats && stats->HasMinMax()) {
      if (parquet::arrow::StatisticsAsScalars(*stats, &min, &max).ok()) {
        min = to_type(min);
        max = to_type(max);
      } else {
        min = max = nullptr;
      }
    }
    if (min && max) {
      ARROW_RETURN_NOT_OK(min_builder->AppendScalar(*min));
      ARROW_RETURN_NOT_OK(max_builder->AppendScalar(*max));
    } else {
      ARROW_RETURN_NOT_OK(min_builder->AppendNull());
      ARROW_RETURN_NOT_OK(max_builder->AppendNull());
    }
    if (stats && stats->HasNullCount()) {
      ARROW_RETURN_NOT_OK(nulls_builder.Append(stats->null_count()));
    } else {
      ARROW_RETURN_NOT_OK(nulls_builder.AppendNull());
    }
  }
  if (comparable) {
    ARROW_ASSIGN_OR_RAISE(out.min, min_builder->Finish());
    ARROW_ASSIGN_OR_RAISE(out.max, max_builder->Finish());
  }
  ARROW_ASSIGN_OR_RAISE(out.null_counts, nulls_builder.Finish());
  return out;
}
}  // namespace quiver
