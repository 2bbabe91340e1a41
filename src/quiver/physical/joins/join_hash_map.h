#pragma once

#include <arrow/result.h>
#include <quiver/common/pool_vector.h>

#include <cstdint>
#include <vector>

namespace quiver {

/// \brief Chained hash map over the rows of a hash join's build side (DataFusion's
/// join_hash_map): `heads_[bucket]` holds the first build row of the bucket and each row's entry
/// the following one (both 1-based, 0 ends a chain). Chains list rows in ascending order.
///
/// Each build row's entry packs the upper 32 bits of its hash (a tag that filters out nearly
/// every bucket collision) with its chain link, so one memory access serves both; the caller
/// verifies key equality of the candidates returned. Probing walks blocks of rows, first
/// prefetching their buckets and chain heads, so the cache misses of a block overlap.
class JoinHashMap {
 public:
  /// Where a probe stopped: the probe row, and the next build row of its chain (1-based;
  /// 0 = the row's chain was not started).
  struct Cursor {
    int64_t probe_row = 0;
    uint32_t next = 0;
  };

  JoinHashMap() = default;

  /// Indexes `num_rows` build rows with hashes `hashes`; a row whose byte in `insert` is 0
  /// is left out (`insert` may be null: every row). At most 2^32 - 2 rows.
  static arrow::Result<JoinHashMap> Build(const uint64_t* hashes, int64_t num_rows,
                                          const uint8_t* insert);

  /// Number of rows indexed.
  int64_t size() const { return size_; }
  /// Bytes of the buckets and chain entries.
  int64_t memory_bytes() const {
    return static_cast<int64_t>(heads_.capacity() * sizeof(uint32_t) +
                                entries_.capacity() * sizeof(Entry));
  }

  /// Appends (build row, probe row) candidates with equal hashes for the probe rows from
  /// `cursor` on, stopping once `limit` candidates were appended or every row was walked;
  /// probe rows whose byte in `probe_mask` is 0 are skipped (`probe_mask` may be null).
  /// Returns true when every probe row was walked.
  bool FindCandidates(const uint64_t* probe_hashes, int64_t num_probe, const uint8_t* probe_mask,
                      Cursor* cursor, int64_t limit, std::vector<uint32_t>* build_rows,
                      std::vector<uint32_t>* probe_rows) const;

 private:
  struct Entry {
    uint32_t tag;   // hash >> 32
    uint32_t next;  // 1-based next row of the chain, 0 = end
  };
  PoolVector<uint32_t> heads_;  // per bucket
  PoolVector<Entry> entries_;   // per build row
  uint64_t mask_ = 0;
  int64_t size_ = 0;
};

}  // namespace quiver
