#pragma once

#include <arrow/array.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/physical/physical_expr.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// True for the key types a hash join hashes and compares: booleans, integers of every width,
/// float/double, decimal128, date/time/timestamp/duration, utf8/binary (and their large
/// forms), and dictionaries of those (compared by value).
bool IsSupportedJoinKeyType(const arrow::DataType& type);

/// The type a key is compared as: a dictionary's value type, any other type itself.
std::shared_ptr<arrow::DataType> JoinKeyValueType(const std::shared_ptr<arrow::DataType>& type);

/// \brief The equi-join key columns of one batch (or of a whole build side), dictionaries
/// decoded to their values so equal keys hash and compare alike whatever their encoding.
struct JoinKeys {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  int64_t num_rows = 0;
  /// One byte per row, 1 when every key of the row is non-NULL; empty when no key has NULLs.
  std::vector<uint8_t> valid;

  /// Evaluates `exprs` on `batch` and decodes dictionaries.
  static arrow::Result<JoinKeys> Evaluate(const std::vector<PhysicalExprPtr>& exprs,
                                          const arrow::RecordBatch& batch);

  bool has_nulls() const { return !valid.empty(); }
  bool row_valid(int64_t i) const { return valid.empty() || valid[i] != 0; }
  /// Hash of every row's keys (RepartitionExec's HashRows), into `out` of num_rows.
  arrow::Status Hash(uint64_t* out) const;
};

/// Keeps the candidate pairs (build_rows[i], probe_rows[i]) whose keys are equal, compacting
/// both vectors in place and keeping their order. NULL equals NULL only with
/// `null_equals_null`; floats compare NaN equal to NaN and -0.0 equal to 0.0 (as they hash).
/// Typed loops per key column over the pairs; both sides' columns must have the same type.
arrow::Status KeepEqualKeys(const JoinKeys& build, const JoinKeys& probe, bool null_equals_null,
                            std::vector<uint32_t>* build_rows, std::vector<uint32_t>* probe_rows);

}  // namespace quiver
