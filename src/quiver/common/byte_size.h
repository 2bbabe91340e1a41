#pragma once

#include <arrow/result.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace quiver {

/// Bytes from "268435456", "256MB", "256MiB", "1.5GB", "64k" (units are powers of 1024, as
/// DuckDB and DataFusion read them; case-insensitive; an optional "B"/"iB"). Negative sizes,
/// unknown units and sizes past 2^62 are an error.
arrow::Result<int64_t> ParseByteSize(std::string_view text);

/// "12.5 MiB", "900 B": for error messages and EXPLAIN.
std::string FormatByteSize(int64_t bytes);

}  // namespace quiver
