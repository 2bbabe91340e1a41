#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>
#include <quiver/datasource/csv_format_options.h>
#include <quiver/datasource/table_provider.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief A table of CSV files: one file, or a directory of `*.csv` files (recursive, sorted).
/// Each file is a unit of parallelism.
class CsvTable : public TableProvider {
 public:
  /// Lists the files and infers the schema from the first one (arrow::csv type inference on its
  /// first block) unless `options.schema` is given.
  static arrow::Result<std::shared_ptr<CsvTable>> Make(const std::string& path,
                                                       CsvFormatOptions options = {});

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// A CsvExec with the files dealt round-robin onto min(target_partitions, files) partitions.
  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const override;

  const std::vector<std::string>& paths() const { return paths_; }
  const CsvFormatOptions& options() const { return options_; }

 private:
  CsvTable() = default;

  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  std::vector<std::string> paths_;
  std::vector<int64_t> sizes_;
  CsvFormatOptions options_;  // options_.schema is always set
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace quiver
