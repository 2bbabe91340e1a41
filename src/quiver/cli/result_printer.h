#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <arrow/record_batch.h>
#include <arrow/status.h>

namespace quiver::cli {

enum class OutputFormat { kTable, kCsv, kJson };

/// Parses "table", "csv" or "json".
arrow::Result<OutputFormat> ParseOutputFormat(const std::string& text);

/// Prints batches in the chosen format. Values are rendered by Arrow's cast to utf8, so
/// decimals keep their scale and dates print as YYYY-MM-DD; NULL is empty in CSV, `null` in JSON
/// and `NULL` in tables.
arrow::Status PrintBatches(const std::shared_ptr<arrow::Schema>& schema,
                           const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches,
                           OutputFormat format, std::ostream& out);

}  // namespace quiver::cli
