#pragma once

#include <string>
#include <vector>

#include <arrow/status.h>

namespace quiver {

class SessionContext;

/// The eight TPC-H table names.
const std::vector<std::string>& TpchTableNames();

/// Registers the TPC-H tables found in `dir` as made by tpchgen-cli: `<dir>/<table>/` (a
/// directory of Parquet parts) or `<dir>/<table>.parquet`. A missing table is an error naming
/// the paths tried.
arrow::Status RegisterTpchTables(SessionContext* ctx, const std::string& dir);

}  // namespace quiver
