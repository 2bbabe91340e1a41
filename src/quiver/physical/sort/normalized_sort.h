#pragma once

#include <arrow/array.h>
#include <arrow/result.h>
#include <quiver/physical/physical_expr.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace quiver {

/// \brief The stable sort permutation of rows [0, n) of `keys` under `ordering`, through
/// normalized keys (as DuckDB sorts): every row's keys are encoded once into a fixed-width byte
/// string whose byte order is the SQL order (null byte by placement, big-endian values with the
/// sign flipped, floats made comparable, DESC inverted, strings as a prefix and a length byte).
/// Narrow keys are then LSD-radix sorted, wider ones compared with memcmp; rows whose strings
/// agree on the whole prefix are ordered by the full strings afterwards.
///
/// Returns null (not an error) when a key type has no encoding (e.g. dictionary): the caller
/// uses Arrow's SortIndices for those.
arrow::Result<std::shared_ptr<arrow::Array>> NormalizedSortIndices(
    const std::vector<std::shared_ptr<arrow::Array>>& keys, const LexOrdering& ordering);

}  // namespace quiver
