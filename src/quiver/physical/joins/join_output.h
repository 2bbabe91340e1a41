#pragma once

#include <arrow/array.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/common/join_type.h>
#include <quiver/physical/joins/join_on.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// An index array over `rows[begin, begin + n)` for Take.
arrow::Result<std::shared_ptr<arrow::Array>> MakeIndices(const std::vector<uint32_t>& rows,
                                                         size_t begin, size_t n);

/// \brief Builds a join's output batches with Take from the build (left) and probe (right)
/// rows that the join selected, in the layout of JoinOutputSchema.
class JoinOutput {
 public:
  JoinOutput(std::shared_ptr<arrow::Schema> schema, JoinType join_type, int left_fields,
             int right_fields)
      : schema_(std::move(schema)),
        join_type_(join_type),
        left_fields_(left_fields),
        right_fields_(right_fields) {}

  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }

  /// Matched pairs (Inner/Left/Right/Full): build row build_rows[i] beside probe row
  /// probe_rows[i].
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Pairs(
      const arrow::RecordBatch& build, const arrow::RecordBatch& probe,
      const std::vector<uint32_t>& build_rows, const std::vector<uint32_t>& probe_rows) const;

  /// Probe rows alone, `rows[begin, begin + n)`: NULL build columns for Right/Full, the probe
  /// columns for RightSemi/RightAnti, plus `mark[begin..]` (bytes 0 false, 1 true, 2 NULL)
  /// for RightMark.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> ProbeRows(const arrow::RecordBatch& probe,
                                                               const std::vector<uint32_t>& rows,
                                                               const std::vector<uint8_t>* mark,
                                                               size_t begin, size_t n) const;

  /// Build rows alone, `rows[begin, begin + n)`: NULL probe columns for Left/Full, the build
  /// columns for LeftSemi/LeftAnti, plus `mark` for LeftMark.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> BuildRows(const arrow::RecordBatch& build,
                                                               const std::vector<uint32_t>& rows,
                                                               const std::vector<uint8_t>* mark,
                                                               size_t begin, size_t n) const;

 private:
  // Appends `batch`'s columns taken at `indices`.
  arrow::Status AppendTaken(const arrow::RecordBatch& batch, const arrow::Array& indices,
                            std::vector<std::shared_ptr<arrow::Array>>* columns) const;
  // Appends NULL columns for schema fields [first, first + count).
  arrow::Status AppendNulls(int first, int count, int64_t rows,
                            std::vector<std::shared_ptr<arrow::Array>>* columns) const;

  std::shared_ptr<arrow::Schema> schema_;
  JoinType join_type_;
  int left_fields_;
  int right_fields_;
};

}  // namespace quiver
