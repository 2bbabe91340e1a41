#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace quiver {

/// \brief What a plan node expects to produce, summed over all its partitions: row count and
/// bytes (Arrow in-memory size). Used to choose join build sides, broadcast versus shuffle, and
/// task counts per stage. Exact when read from file metadata with nothing in between that drops
/// rows; otherwise an estimate, or unknown.
struct Statistics {
  std::optional<int64_t> num_rows;
  std::optional<int64_t> total_byte_size;
  bool exact = false;

  static Statistics Unknown() { return {}; }
  /// These statistics scaled by `selectivity` (0..1), no longer exact.
  Statistics scaled(double selectivity) const;
  std::string to_string() const;
};

}  // namespace quiver
