#include <arrow/status.h>
#include <quiver/physical/joins/join_hash_map.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace quiver {

arrow::Result<JoinHashMap> JoinHashMap::Build(const uint64_t* hashes, int64_t num_rows,
                                              const uint8_t* insert) {
  if (num_rows >= static_cast<int64_t>(std::numeric_limits<uint32_t>::max()) - 1) {
    return arrow::Status::NotImplemented("hash join build side of ", num_rows,
                                         " rows (at most 2^32 - 2)");
  }
  JoinHashMap map;
  int64_t inserted = 0;
  if (insert == nullptr) {
    inserted = num_rows;
  } else {
    for (int64_t i = 0; i < num_rows; ++i) inserted += insert[i] != 0;
  }
  // Twice as many buckets as rows keeps chains short.
  uint64_t buckets = 16;
  while (buckets < static_cast<uint64_t>(inserted) * 2) buckets <<= 1;
  map.mask_ = buckets - 1;
  map.heads_.assign(buckets, 0);
  map.entries_.assign(static_cast<size_t>(num_rows), Entry{0, 0});
  map.size_ = inserted;
  // Inserting in reverse makes each chain ascend.
  for (int64_t i = num_rows - 1; i >= 0; --i) {
    if (insert != nullptr && insert[i] == 0) continue;
    uint32_t& head = map.heads_[hashes[i] & map.mask_];
    map.entries_[i] = Entry{static_cast<uint32_t>(hashes[i] >> 32), head};
    head = static_cast<uint32_t>(i + 1);
  }
  return map;
}

bool JoinHashMap::FindCandidates(const uint64_t* probe_hashes, int64_t num_probe,
                                 const uint8_t* probe_mask, Cursor* cursor, int64_t limit,
                                 std::vector<uint32_t>* build_rows,
                                 std::vector<uint32_t>* probe_rows) const {
  constexpr int64_t kBlock = 64;
  uint32_t first[kBlock];
  int64_t found = 0;
  int64_t row = cursor->probe_row;
  uint32_t resume = cursor->next;
  while (row < num_probe) {
    const int64_t end = std::min(num_probe, row + kBlock);
    for (int64_t i = row; i < end; ++i) __builtin_prefetch(&heads_[probe_hashes[i] & mask_]);
    for (int64_t i = row; i < end; ++i) {
      const bool wanted = probe_mask == nullptr || probe_mask[i] != 0;
      const uint32_t head = wanted ? heads_[probe_hashes[i] & mask_] : 0;
      first[i - row] = head;
      if (head != 0) __builtin_prefetch(&entries_[head - 1]);
    }
    for (int64_t i = row; i < end; ++i) {
      uint32_t next = first[i - row];
      if (resume != 0) {
        // The row the last call stopped in, unless it has been masked out since.
        if (next != 0) next = resume;
        resume = 0;
      }
      const uint32_t tag = static_cast<uint32_t>(probe_hashes[i] >> 32);
      while (next != 0) {
        if (found >= limit) {
          cursor->probe_row = i;
          cursor->next = next;
          return false;
        }
        const uint32_t b = next - 1;
        const Entry& e = entries_[b];
        if (e.tag == tag) {
          build_rows->push_back(b);
          probe_rows->push_back(static_cast<uint32_t>(i));
          ++found;
        }
        next = e.next;
      }
    }
    row = end;
  }
  cursor->probe_row = num_probe;
  cursor->next = 0;
  return true;
}

}  // namespace quiver
