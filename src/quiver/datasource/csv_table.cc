#include <arrow/csv/reader.h>
#include <arrow/io/interfaces.h>
#include <arrow/type.h>
#include <quiver/datasource/csv_exec.h>
#include <quiver/datasource/csv_table.h>
#include <quiver/datasource/file_listing.h>
#include <quiver/datasource/scan_util.h>

#include <algorithm>

namespace quiver {
namespace {

/// Infers the schema from the first block of `path` with arrow::csv's type inference.
arrow::Result<std::shared_ptr<arrow::Schema>> InferSchema(arrow::fs::FileSystem& filesystem,
                                                          const std::string& path,
                                                          const CsvFormatOptions& options) {
  auto read_options = arrow::csv::ReadOptions::Defaults();
  read_options.use_threads = false;
  read_options.autogenerate_column_names = !options.has_header;
  auto parse_options = arrow::csv::ParseOptions::Defaults();
  parse_options.delimiter = options.delimiter;
  ARROW_ASSIGN_OR_RAISE(auto input, filesystem.OpenInputStream(path));
  auto reader =
      arrow::csv::StreamingReader::Make(arrow::io::default_io_context(), input, read_options,
                                        parse_options, arrow::csv::ConvertOptions::Defaults());
  if (!reader.ok()) {
    return arrow::Status::Invalid("cannot infer the schema of CSV file '", path,
                                  "': ", reader.status().message());
  }
  auto schema = (*reader)->schema();
  ARROW_RETURN_NOT_OK((*reader)->Close());
  if (options.has_header) return schema;
  // DataFusion's names for header-less files.
  arrow::FieldVector fields;
  for (int i = 0; i < schema->num_fields(); ++i) {
    fields.push_back(schema->field(i)->WithName("column_" + std::to_string(i + 1)));
  }
  return arrow::schema(std::move(fields));
}

}  // namespace

arrow::Result<std::shared_ptr<CsvTable>> CsvTable::Make(const std::string& path,
                                                        CsvFormatOptions options) {
  ARROW_ASSIGN_OR_RAISE(auto listing, FileListing::Make(path, options.file_extension));
  if (!options.schema) {
    ARROW_ASSIGN_OR_RAISE(options.schema,
                          InferSchema(*listing.filesystem, listing.paths[0], options));
  }
  if (options.schema->num_fields() == 0) {
    return arrow::Status::Invalid("CSV table '", path, "' has no columns");
  }
  auto table = std::shared_ptr<CsvTable>(new CsvTable());
  table->filesystem_ = std::move(listing.filesystem);
  table->paths_ = std::move(listing.paths);
  table->sizes_ = std::move(listing.sizes);
  table->schema_ = options.schema;
  table->options_ = std::move(options);
  return table;
}

arrow::Result<ExecutionPlanPtr> CsvTable::scan(const ScanArgs& args) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckProjection(*schema_, args.projection, "CsvTable"));
  const int n = static_cast<int>(paths_.size());
  const int k = std::max(1, std::min(args.config.target_partitions, n));
  CsvExec::Partitions partitions(k);
  for (int i = 0; i < n; ++i) partitions[i % k].push_back(CsvFile{paths_[i], sizes_[i]});
  ARROW_ASSIGN_OR_RAISE(auto exec, CsvExec::Make(options_, std::move(partitions), args.projection,
                                                 args.config.batch_size, filesystem_));
  return exec;
}

}  // namespace quiver
