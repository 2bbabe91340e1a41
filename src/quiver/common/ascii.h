#pragma once

#include <string>
#include <string_view>

namespace quiver {

/// ASCII lower-casing for identifiers, setting names and header keys (SQL folds unquoted
/// identifiers this way; no locale involved).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace quiver
