#include <quiver/common/ascii.h>
#include <quiver/common/byte_size.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace quiver {

arrow::Result<int64_t> ParseByteSize(std::string_view text) {
  auto invalid = [&] {
    return arrow::Status::Invalid("expected a size such as 268435456, 256MB or 1.5GiB, got '",
                                  std::string(text), "'");
  };
  size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               text[end] == '.')) {
    ++end;
  }
  if (end == 0) return invalid();
  const std::string number(text.substr(0, end));
  char* parsed_end = nullptr;
  const double value = std::strtod(number.c_str(), &parsed_end);
  if (parsed_end != number.c_str() + number.size()) return invalid();
  std::string unit;
  for (char c : AsciiLower(text.substr(end))) {
    if (c != ' ') unit += c;
  }
  double scale = 1;
  if (unit.empty() || unit == "b") {
    scale = 1;
  } else {
    const char prefix = unit[0];
    const std::string rest = unit.substr(1);
    if (!(rest.empty() || rest == "b" || rest == "ib")) return invalid();
    switch (prefix) {
      case 'k': scale = 1024.0; break;
      case 'm': scale = 1024.0 * 1024; break;
      case 'g': scale = 1024.0 * 1024 * 1024; break;
      case 't': scale = 1024.0 * 1024 * 1024 * 1024; break;
      default: return invalid();
    }
  }
  const double bytes = std::floor(value * scale);
  if (!(bytes >= 0) || bytes > std::ldexp(1.0, 62)) return invalid();
  return static_cast<int64_t>(bytes);
}

std::string FormatByteSize(int64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (std::fabs(value) >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  if (unit == 0) {
    std::snprintf(buffer, sizeof(buffer), "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.1f %s", value, kUnits[unit]);
  }
  return buffer;
}

}  // namespace quiver
