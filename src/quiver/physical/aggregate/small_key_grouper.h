#pragma once

#include <arrow/array.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// \brief Group ids for keys that are all short strings (TPC-H Q1's l_returnflag,
/// l_linestatus), without Arrow's general Grouper (row encoding, var-length hashing and
/// compares: ~15% of Q1). Each key value packs into one uint64 (up to 7 bytes + its length,
/// or a null marker), a row into up to kMaxKeys of them, looked up in a small open-addressing
/// table. Ids are dense and in order of first appearance, as Arrow's Grouper assigns them, so
/// a caller can switch to Arrow's Grouper mid-stream by feeding it uniques() first.
class SmallKeyGrouper {
 public:
  static constexpr int kMaxKeys = 4;
  static constexpr int32_t kMaxBytes = 7;

  /// True when every key type is utf8 or binary and there are 1..kMaxKeys of them.
  static bool Supports(const std::vector<std::shared_ptr<arrow::DataType>>& key_types);

  explicit SmallKeyGrouper(std::vector<std::shared_ptr<arrow::DataType>> key_types);

  /// Assigns the ids of `keys` (arrays of the key types, each `num_rows` long) into `ids`.
  /// False, with nothing consumed, when a non-null value is longer than kMaxBytes.
  arrow::Result<bool> Consume(const std::vector<std::shared_ptr<arrow::ArrayData>>& keys,
                              int64_t num_rows, std::vector<uint32_t>* ids);

  uint32_t num_groups() const { return static_cast<uint32_t>(groups_.size()); }

  /// One array per key column, row g holding group g's key.
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> uniques() const;

 private:
  using Key = std::array<uint64_t, kMaxKeys>;

  uint32_t FindOrInsert(const Key& key);
  void Grow();

  std::vector<std::shared_ptr<arrow::DataType>> key_types_;
  std::vector<Key> groups_;       // packed key of each group id
  std::vector<uint32_t> slots_;   // group id + 1, 0 = empty; size a power of two
  std::vector<uint64_t> packed_;  // scratch: packed values of one key column
};

}  // namespace quiver
