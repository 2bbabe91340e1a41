#pragma once

#include <arrow/array.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <quiver/common/pool_vector.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace quiver {

/// \brief Group ids for keys whose every value packs into 64 bits: integers, dates, times and
/// timestamps, and strings of up to 7 bytes (TPC-H's l_orderkey, l_returnflag), without Arrow's
/// general Grouper (row encoding, var-length hashing and compares). A row becomes one word per
/// key column (a string's bytes and its length in the top byte) and a word of null bits, looked
/// up in an open-addressing table whose slots carry a hash tag (most collisions never touch a key);
/// a row equal to the one before it (clustered input such as lineitem by l_orderkey) reuses its id
/// without a lookup. Ids are dense and in order of first appearance, as Arrow's Grouper assigns
/// them, so a caller can switch to Arrow's Grouper mid-stream by feeding it uniques() first.
class PackedKeyGrouper {
 public:
  static constexpr int kMaxKeys = 4;
  static constexpr int32_t kMaxBytes = 7;

  /// True when there are 1..kMaxKeys keys, each utf8, binary or a fixed-width integer-like
  /// type of at most 8 bytes (integers, date32/64, time32/64, timestamp, duration).
  static bool Supports(const std::vector<std::shared_ptr<arrow::DataType>>& key_types);

  explicit PackedKeyGrouper(std::vector<std::shared_ptr<arrow::DataType>> key_types);

  /// Assigns the ids of `keys` (arrays of the key types, each `num_rows` long) into `ids`.
  /// False, with nothing consumed, when a non-null string is longer than kMaxBytes.
  arrow::Result<bool> Consume(const std::vector<std::shared_ptr<arrow::ArrayData>>& keys,
                              int64_t num_rows, std::vector<uint32_t>* ids);

  uint32_t num_groups() const { return num_groups_; }

  /// One array per key column, row g holding group g's key.
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> uniques() const;

 private:
  // Packs column `c` of the rows into packed_; false if a string does not fit.
  bool PackColumn(size_t c, const arrow::ArrayData& a, int64_t num_rows);
  template <int K>
  void Assign(int64_t num_rows, uint32_t* out);
  template <int K>
  uint32_t FindOrInsert(const uint64_t* key, uint64_t hash);
  void Grow();
  arrow::Result<std::shared_ptr<arrow::Array>> StringUniques(size_t c) const;
  arrow::Result<std::shared_ptr<arrow::Array>> FixedWidthUniques(size_t c) const;

  std::vector<std::shared_ptr<arrow::DataType>> key_types_;
  size_t stride_;                // words per packed row: one per key, then the null bits
  PoolVector<uint64_t> groups_;  // stride_ words per group id
  uint32_t num_groups_ = 0;
  // Per slot: the upper 32 bits of the key's hash (its tag; the low bits of the tag pick the
  // home slot) and group id + 1 below them; 0 = empty. Size a power of two, at most half full.
  PoolVector<uint64_t> slots_;
  PoolVector<uint64_t> packed_;  // scratch: stride_ words per row of a batch
  PoolVector<uint64_t> hashes_;  // scratch: per row of a batch
};

}  // namespace quiver
