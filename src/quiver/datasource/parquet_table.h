#pragma once

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>
#include <quiver/datasource/parquet_exec.h>
#include <quiver/datasource/table_provider.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace parquet {
class FileMetaData;
}

namespace quiver {

/// \brief A table of Parquet files: one file, or every `*.parquet` file below a directory
/// (recursive, sorted by path), all with the same schema.
///
/// Footers (row groups, row counts, column statistics) are read once, by Make. Scans read
/// (file, row group) units: row groups whose statistics prove that no row matches the scan's
/// filters are skipped, and the rest are split into min(target_partitions, units) partitions
/// of contiguous units balanced by row count.
///
/// Columns stored as string_view (as tpchgen-cli writes them) are exposed, and read, as utf8.
class ParquetTable : public TableProvider {
 public:
  struct File {
    std::string path;
    std::shared_ptr<parquet::FileMetaData> metadata;
  };

  /// `path`: a local path or URI of a file or directory. Invalid when there are no files or a
  /// file's schema differs from the first one's (naming the file).
  static arrow::Result<std::shared_ptr<ParquetTable>> Make(const std::string& path);

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// Rows (exact) and uncompressed bytes from the footers.
  Statistics statistics() const override;
  /// Integer columns: from the row groups' min / max (an upper bound). String columns whose
  /// pages are all dictionary-encoded: the largest row-group dictionary (read once; exact for
  /// a low-cardinality column that every row group holds, too low for others). Otherwise
  /// unknown.
  std::optional<int64_t> distinct_estimate(int index) const override;
  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const override;

  const std::vector<File>& files() const { return files_; }
  /// The Arrow schema stored in the first file (string_view kept).
  const std::shared_ptr<arrow::Schema>& stored_schema() const { return stored_schema_; }
  const std::shared_ptr<arrow::fs::FileSystem>& filesystem() const { return filesystem_; }
  int64_t total_row_groups() const;
  int64_t total_rows() const;

 private:
  ParquetTable() = default;
  /// The most entries of any row group's dictionary page of BYTE_ARRAY leaf `leaf`, when every
  /// chunk is wholly dictionary-encoded; nullopt otherwise.
  std::optional<int64_t> LargestDictionary(int leaf) const;

  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  std::vector<File> files_;
  std::shared_ptr<arrow::Schema> stored_schema_;
  std::shared_ptr<arrow::Schema> schema_;
  /// Parquet leaf column of each table field; -1 for nested fields (no statistics used).
  std::vector<int> leaf_columns_;
  std::shared_ptr<const ParquetMetadataMap> metadata_map_;
  mutable std::mutex distinct_mutex_;
  mutable std::map<int, std::optional<int64_t>> distinct_cache_;
};

}  // namespace quiver
