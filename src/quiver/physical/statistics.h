#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// \brief What is known of one output column's values, for join estimates. Integer-like
/// columns (integers, dates) only, from file metadata: the range bounds the distinct count
/// (DataFusion's `max_distinct_count` does the same), which tells a key (c_custkey: 150 000
/// values over 150 000 rows) from a foreign key (o_custkey: 150 000 values over 1.5M rows).
struct ColumnStatistics {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};

/// \brief What a plan node expects to produce, summed over all its partitions: row count and
/// bytes (Arrow in-memory size). Used to choose join build sides, broadcast versus shuffle, and
/// task counts per stage. Exact when read from file metadata with nothing in between that drops
/// rows; otherwise an estimate, or unknown.
struct Statistics {
  std::optional<int64_t> num_rows;
  std::optional<int64_t> total_byte_size;
  bool exact = false;
  /// One per output column, or empty when unknown. Operators that change the columns map
  /// these (ProjectionExec, joins) or drop them.
  std::vector<ColumnStatistics> columns;

  static Statistics Unknown() { return {}; }
  /// These statistics scaled by `selectivity` (0..1), no longer exact; the columns' ranges
  /// stay (a filter keeps values within them).
  Statistics scaled(double selectivity) const;
  /// At most how many distinct values column `column` holds: its range's size, capped by the
  /// row count; nullopt when unknown.
  std::optional<int64_t> max_distinct(int column) const;
  std::string to_string() const;
};

}  // namespace quiver
