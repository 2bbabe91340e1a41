#pragma once

#include <arrow/result.h>

#include <string>

namespace quiver::cli {

/// The whole contents of `path` (a SQL file, a PEM certificate or key); IOError naming the file
/// when it cannot be read.
arrow::Result<std::string> ReadTextFile(const std::string& path);

}  // namespace quiver::cli
