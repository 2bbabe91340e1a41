#include <arrow/status.h>
#include <quiver/physical/joins/join_hash_map.h>

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
  map.next_.assign(static_cast<size_t>(num_rows), 0);
  map.hashes_.assign(hashes, hashes + num_rows);
  map.size_ = inserted;
  // Inserting in reverse makes each chain ascend.
  for (int64_t i = num_rows - 1; i >= 0; --i) {
    if (insert != nullptr && insert[i] == 0) continue;
    uint32_t& head = map.heads_[hashes[i] & map.mask_];
    map.next_[i] = head;
    head = static_cast<uint32_t>(i + 1);
  }
  return map;
}

bool JoinHashMap::FindCandidates(const uint64_t* probe_hashes, int64_t num_probe,
                                 const uint8_t* probe_mask, Cursor* cursor, int64_t limit,
                                 std::vector<uint32_t>* build_rows,
                                 std::vector<uint32_t>* probe_rows) const {
  int64_t found = 0;
  int64_t row = cursor->probe_row;
  uint32_t next = cursor->next;
  for (; row < num_probe; ++row, next = 0) {
    if (probe_mask != nullptr && probe_mask[row] == 0) continue;
    const uint64_t h = probe_hashes[row];
    if (next == 0) next = heads_[h & mask_];
    while (next != 0) {
      if (found >= limit) {
        cursor->probe_row = row;
        cursor->next = next;
        return false;
      }
      const uint32_t b = next - 1;
      if (hashes_[b] == h) {
        build_rows->push_back(b);
        probe_rows->push_back(static_cast<uint32_t>(row));
        ++found;
      }
      next = next_[b];
    }
  }
  cursor->probe_row = num_probe;
  cursor->next = 0;
  return true;
}

}  // namespace quiver
