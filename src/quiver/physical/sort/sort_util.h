#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/physical/physical_expr.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quiver {

/// Concatenates `batches` and sorts them by `ordering` (Arrow SortIndices with per-key order
/// and null placement, then Take); keeps the first `fetch` rows if set. Stable. The input
/// batches are released once concatenated, so a moved-in vector peaks at about twice the
/// input, not three times.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> SortBatches(
    const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const LexOrdering& ordering,
    std::optional<int64_t> fetch);

/// `a@0 ASC NULLS LAST, b@1 DESC NULLS FIRST`
std::string OrderingToString(const LexOrdering& ordering);

}  // namespace quiver
