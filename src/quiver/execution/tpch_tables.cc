#include <quiver/execution/tpch_tables.h>

#include <filesystem>

#include <quiver/execution/session_context.h>

namespace quiver {

const std::vector<std::string>& TpchTableNames() {
  static const std::vector<std::string> names = {"customer", "lineitem", "nation", "orders",
                                                 "part",     "partsupp", "region", "supplier"};
  return names;
}

arrow::Status RegisterTpchTables(SessionContext* ctx, const std::string& dir) {
  namespace fs = std::filesystem;
  for (const auto& table : TpchTableNames()) {
    fs::path as_dir = fs::path(dir) / table;
    fs::path as_file = fs::path(dir) / (table + ".parquet");
    std::error_code ec;
    if (fs::is_directory(as_dir, ec)) {
      ARROW_RETURN_NOT_OK(ctx->register_parquet(table, as_dir.string()));
    } else if (fs::is_regular_file(as_file, ec)) {
      ARROW_RETURN_NOT_OK(ctx->register_parquet(table, as_file.string()));
    } else {
      return arrow::Status::Invalid("TPC-H table '", table, "' not found: neither ",
                                    as_dir.string(), " nor ", as_file.string(), " exists");
    }
  }
  return arrow::Status::OK();
}

}  // namespace quiver
