#include <quiver/physical/statistics.h>

#include <algorithm>
#include <climits>
#include <cmath>

namespace quiver {

Statistics Statistics::scaled(double selectivity) const {
  Statistics out;
  if (num_rows) out.num_rows = static_cast<int64_t>(std::ceil(*num_rows * selectivity));
  if (total_byte_size) {
    out.total_byte_size = static_cast<int64_t>(std::ceil(*total_byte_size * selectivity));
  }
  out.columns = columns;
  return out;
}

std::optional<int64_t> Statistics::max_distinct(int column) const {
  if (column < 0 || column >= static_cast<int>(columns.size())) return std::nullopt;
  const ColumnStatistics& c = columns[column];
  if (!c.min || !c.max || *c.max < *c.min) return std::nullopt;
  // In 128 bits: a range of the whole int64 does not overflow.
  const __int128 range = static_cast<__int128>(*c.max) - *c.min + 1;
  int64_t distinct = range > INT64_MAX ? INT64_MAX : static_cast<int64_t>(range);
  if (num_rows) distinct = std::min(distinct, std::max<int64_t>(*num_rows, 1));
  return distinct;
}

std::string Statistics::to_string() const {
  std::string out = "rows=";
  out += num_rows ? std::to_string(*num_rows) : "?";
  out += ", bytes=";
  out += total_byte_size ? std::to_string(*total_byte_size) : "?";
  if (exact) out += " (exact)";
  return out;
}

}  // namespace quiver
