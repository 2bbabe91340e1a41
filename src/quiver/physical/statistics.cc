#include <quiver/physical/statistics.h>

#include <cmath>

namespace quiver {

Statistics Statistics::scaled(double selectivity) const {
  Statistics out;
  if (num_rows) out.num_rows = static_cast<int64_t>(std::ceil(*num_rows * selectivity));
  if (total_byte_size) {
    out.total_byte_size = static_cast<int64_t>(std::ceil(*total_byte_size * selectivity));
  }
  return out;
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
