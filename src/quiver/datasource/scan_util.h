#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/execution_plan.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parquet {
class ColumnChunkMetaData;
}  // namespace parquet

/// Helpers shared by the scans of this layer: projection and splitting units into partitions.
namespace quiver::scan_util {

/// Checks every index of `projection` is a column of `schema`; Invalid naming `what` otherwise.
arrow::Status CheckProjection(const arrow::Schema& schema,
                              const std::optional<std::vector<int>>& projection,
                              const std::string& what);

/// `schema` restricted to `projection` (all of it when nullopt).
std::shared_ptr<arrow::Schema> ProjectSchema(const std::shared_ptr<arrow::Schema>& schema,
                                             const std::optional<std::vector<int>>& projection);

/// `[a, b, c]` from the projected column names.
std::string ProjectionToString(const arrow::Schema& schema,
                               const std::optional<std::vector<int>>& projection);

/// \brief Splits units 0..n-1 (n = weights.size()) into `k` contiguous runs of about equal
/// total weight, order preserved.
///
/// With `allow_empty` false every run gets at least one unit (requires n >= k); with it true,
/// runs past the last unit may be empty (used when dealing units to tasks).
std::vector<std::vector<int>> SplitContiguous(const std::vector<int64_t>& weights, int k,
                                              bool allow_empty);

/// Checks `0 <= task_index < task_count`.
arrow::Status CheckTask(int task_index, int task_count, const std::string& what);

/// Checks `0 <= partition < count`; Invalid naming `what` otherwise.
arrow::Status CheckPartitionIndex(int partition, int count, const std::string& what);

/// `dictionary<int32, utf8>` (as the Parquet reader returns a column read as a dictionary)
/// decoded to utf8 with one pass over the indices: cheaper than Arrow's general Take-based
/// cast for the small dictionaries of flag-like columns. Nullptr when `array` is of another
/// type (the caller then casts); Invalid when an index of a non-null row is out of range.
arrow::Result<std::shared_ptr<arrow::Array>> DecodeStringDictionary(const arrow::Array& array,
                                                                    arrow::MemoryPool* pool);

/// True when a Parquet column chunk has a dictionary page and its footer's page encoding
/// statistics show every data page dictionary-encoded (no fallback to plain pages).
bool AllDataPagesDictionaryEncoded(const parquet::ColumnChunkMetaData& chunk);

/// A stream of no batches with `schema`.
RecordBatchStreamPtr EmptyStream(std::shared_ptr<arrow::Schema> schema);

}  // namespace quiver::scan_util
