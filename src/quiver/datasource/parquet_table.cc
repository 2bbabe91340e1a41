#include <arrow/array/builder_base.h>
#include <arrow/array/builder_primitive.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/schema.h>
#include <parquet/column_page.h>
#include <parquet/column_reader.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/statistics.h>
#include <quiver/datasource/file_listing.h>
#include <quiver/datasource/parquet_table.h>
#include <quiver/datasource/pruning_predicate.h>
#include <quiver/datasource/row_group_statistics.h>
#include <quiver/datasource/scan_util.h>

#include <climits>
#include <map>
#include <utility>

namespace quiver {
namespace {

/// The engine works on utf8/binary; view types are read and cast.
std::shared_ptr<arrow::DataType> EngineType(const std::shared_ptr<arrow::DataType>& type) {
  switch (type->id()) {
    case arrow::Type::STRING_VIEW:
      return arrow::utf8();
    case arrow::Type::BINARY_VIEW:
      return arrow::binary();
    default:
      return type;
  }
}

std::string FirstDifference(const arrow::Schema& a, const arrow::Schema& b) {
  if (a.num_fields() != b.num_fields()) {
    return std::to_string(b.num_fields()) + " columns instead of " + std::to_string(a.num_fields());
  }
  for (int i = 0; i < a.num_fields(); ++i) {
    if (!a.field(i)->Equals(*b.field(i), /*check_metadata=*/false)) {
      return "column " + std::to_string(i) + " is " + b.field(i)->ToString() + " instead of " +
             a.field(i)->ToString();
    }
  }
  return "schemas differ";
}

}  // namespace

arrow::Result<std::shared_ptr<ParquetTable>> ParquetTable::Make(const std::string& path) {
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
  ARROW_ASSIGN_OR_RAISE(auto listing, FileListing::Make(path, ".parquet"));
  auto table = std::shared_ptr<ParquetTable>(new ParquetTable());
  table->filesystem_ = listing.filesystem;
  auto metadata_map = std::make_shared<ParquetMetadataMap>();
  for (const auto& file_path : listing.paths) {
    ARROW_ASSIGN_OR_RAISE(auto input, listing.filesystem->OpenInputFile(file_path));
    parquet::arrow::FileReaderBuilder builder;
    auto opened = builder.Open(std::move(input));
    if (!opened.ok()) {
      return arrow::Status::Invalid("cannot read Parquet file '", file_path,
                                    "': ", opened.message());
    }
    // parquet-cpp parses each column chunk's metadata when it is asked for, and throws on a
    // corrupt one (a fuzzed footer: "Repetition level histogram size mismatch"). Ask for every
    // one now, so the file is refused here and later reads of the metadata cannot throw.
    const auto& footer = *builder.raw_reader()->metadata();
    try {
      for (int rg = 0; rg < footer.num_row_groups(); ++rg) {
        auto row_group = footer.RowGroup(rg);
        for (int c = 0; c < row_group->num_columns(); ++c) (void)row_group->ColumnChunk(c);
      }
    } catch (const std::exception& e) {
      return arrow::Status::Invalid("cannot read Parquet file '", file_path, "': ", e.what());
    }
    ARROW_ASSIGN_OR_RAISE(auto reader, builder.Build());
    std::shared_ptr<arrow::Schema> schema;
    ARROW_RETURN_NOT_OK(reader->GetSchema(&schema));
    if (!table->stored_schema_) {
      table->stored_schema_ = schema;
      for (const auto& field : reader->manifest().schema_fields) {
        table->leaf_columns_.push_back(field.is_leaf() ? field.column_index : -1);
      }
    } else if (!schema->Equals(*table->stored_schema_, /*check_metadata=*/false)) {
      return arrow::Status::Invalid("Parquet file '", file_path, "' does not match the schema of '",
                                    table->files_[0].path,
                                    "': ", FirstDifference(*table->stored_schema_, *schema));
    }
    auto metadata = reader->parquet_reader()->metadata();
    table->files_.push_back({file_path, metadata});
    (*metadata_map)[file_path] = std::move(metadata);
  }
  arrow::FieldVector fields;
  for (const auto& field : table->stored_schema_->fields()) {
    fields.push_back(arrow::field(field->name(), EngineType(field->type()), field->nullable()));
  }
  table->schema_ = arrow::schema(std::move(fields));
  table->metadata_map_ = std::move(metadata_map);
  return table;
}

int64_t ParquetTable::total_row_groups() const {
  int64_t count = 0;
  for (const auto& file : files_) count += file.metadata->num_row_groups();
  return count;
}

std::optional<int64_t> ParquetTable::distinct_estimate(int index) const {
  if (index < 0 || index >= static_cast<int>(leaf_columns_.size())) return std::nullopt;
  std::lock_guard<std::mutex> lock(distinct_mutex_);
  auto cached = distinct_cache_.find(index);
  if (cached != distinct_cache_.end()) return cached->second;
  const int64_t rows = total_rows();
  std::optional<int64_t> bound;
  const int leaf = leaf_columns_[index];
  bool have = leaf >= 0;
  int64_t lo = 0, hi = 0;
  bool first = true;
  for (const auto& file : files_) {
    for (int rg = 0; have && rg < file.metadata->num_row_groups(); ++rg) {
      auto chunk = file.metadata->RowGroup(rg)->ColumnChunk(leaf);
      auto stats = chunk->statistics();
      if (!stats || !stats->HasMinMax()) {
        have = false;
        break;
      }
      int64_t mn, mx;
      if (stats->physical_type() == parquet::Type::INT32) {
        auto typed = std::static_pointer_cast<parquet::Int32Statistics>(stats);
        mn = typed->min();
        mx = typed->max();
      } else if (stats->physical_type() == parquet::Type::INT64) {
        auto typed = std::static_pointer_cast<parquet::Int64Statistics>(stats);
        mn = typed->min();
        mx = typed->max();
      } else {
        have = false;
        break;
      }
      lo = first ? mn : std::min(lo, mn);
      hi = first ? mx : std::max(hi, mx);
      first = false;
    }
  }
  if (have && !first && hi >= lo && static_cast<__int128>(hi) - lo < rows) bound = hi - lo + 1;
  if (leaf >= 0 && first) {
    if (auto entries = LargestDictionary(leaf)) bound = std::min(*entries, rows);
  }
  distinct_cache_[index] = bound;
  return bound;
}

std::optional<int64_t> ParquetTable::LargestDictionary(int leaf) const {
  if (files_.empty() || leaf >= files_[0].metadata->num_columns() ||
      files_[0].metadata->schema()->Column(leaf)->physical_type() != parquet::Type::BYTE_ARRAY) {
    return std::nullopt;
  }
  for (const auto& file : files_) {
    for (int rg = 0; rg < file.metadata->num_row_groups(); ++rg) {
      auto chunk = file.metadata->RowGroup(rg)->ColumnChunk(leaf);
      if (!scan_util::AllDataPagesDictionaryEncoded(*chunk)) {
        return std::nullopt;
      }
    }
  }
  // Only the dictionary page of each chunk is read (a few KB for such columns); any failure
  // just leaves the estimate unknown.
  int64_t largest = 0;
  for (const auto& file : files_) {
    auto input = filesystem_->OpenInputFile(file.path);
    if (!input.ok()) return std::nullopt;
    std::unique_ptr<parquet::ParquetFileReader> reader;
    try {
      reader = parquet::ParquetFileReader::Open(*input, parquet::default_reader_properties(),
                                                file.metadata);
      for (int rg = 0; rg < file.metadata->num_row_groups(); ++rg) {
        auto page = reader->RowGroup(rg)->GetColumnPageReader(leaf)->NextPage();
        if (!page || page->type() != parquet::PageType::DICTIONARY_PAGE) return std::nullopt;
        largest = std::max<int64_t>(
            largest, static_cast<const parquet::DictionaryPage&>(*page).num_values());
      }
    } catch (const std::exception&) {
      return std::nullopt;  // parquet-cpp reports I/O and format errors as exceptions
    }
  }
  return largest;
}

namespace {
// What a column chunk takes decoded into Arrow arrays, which is what operators hold (a hash
// join's build side, a sort): the type's width per row when fixed; else Parquet's uncompressed
// size plus 4-byte offsets. Parquet's own sizes are of encoded pages, which for dictionary or
// RLE encoded columns (l_orderkey, flags) are a fraction of that, and would make a 6M-row
// side look smaller than a 1.5M-row one.
int64_t DecodedBytes(const parquet::RowGroupMetaData& row_group, int leaf,
                     const arrow::DataType& type) {
  if (leaf < 0 || leaf >= row_group.num_columns()) return 0;
  const int64_t rows = row_group.num_rows();
  if (type.id() == arrow::Type::BOOL) return (rows + 7) / 8;
  const int width = type.byte_width();
  if (width > 0) return rows * width;
  int64_t bytes = row_group.ColumnChunk(leaf)->total_uncompressed_size();
  if (arrow::is_base_binary_like(type.id())) bytes += 4 * rows;
  return bytes;
}
}  // namespace

// The range of an integer-like column (integers, dates) over the row groups of `stats`;
// unknown for other types or when a row group has no min / max.
static ColumnStatistics ValueRange(const RowGroupStatistics& stats, const arrow::DataType& type,
                                   int field) {
  ColumnStatistics out;
  // Checked first: other columns' statistics (strings, decimals) are never built for this.
  if (!arrow::is_integer(type.id()) && type.id() != arrow::Type::DATE32) return out;
  auto min = stats.min_values(field);
  auto max = stats.max_values(field);
  if (!min || !max || min->length() == 0 || min->null_count() > 0 || max->null_count() > 0) {
    return out;
  }
  auto as_int64 = [](const std::shared_ptr<arrow::Array>& a) -> std::shared_ptr<arrow::Int64Array> {
    std::shared_ptr<arrow::Array> ints = a;
    if (a->type_id() == arrow::Type::DATE32) ints = a->View(arrow::int32()).ValueOr(nullptr);
    if (!ints || !arrow::is_integer(ints->type_id())) return nullptr;
    auto cast = arrow::compute::Cast(*ints, arrow::int64());
    if (!cast.ok()) return nullptr;  // uint64 past int64
    return std::static_pointer_cast<arrow::Int64Array>(*cast);
  };
  auto mins = as_int64(min);
  auto maxs = as_int64(max);
  if (!mins || !maxs) return out;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (int64_t i = 0; i < mins->length(); ++i) lo = std::min(lo, mins->Value(i));
  for (int64_t i = 0; i < maxs->length(); ++i) hi = std::max(hi, maxs->Value(i));
  out.min = lo;
  out.max = hi;
  return out;
}

Statistics ParquetTable::statistics() const {
  Statistics stats;
  int64_t bytes = 0;
  for (const auto& file : files_) {
    for (int rg = 0; rg < file.metadata->num_row_groups(); ++rg) {
      auto row_group = file.metadata->RowGroup(rg);
      for (int f = 0; f < schema_->num_fields(); ++f) {
        bytes += DecodedBytes(*row_group, leaf_columns_[f], *schema_->field(f)->type());
      }
    }
  }
  stats.num_rows = total_rows();
  stats.total_byte_size = bytes;
  stats.exact = true;
  return stats;
}

int64_t ParquetTable::total_rows() const {
  int64_t count = 0;
  for (const auto& file : files_) count += file.metadata->num_rows();
  return count;
}

arrow::Result<ExecutionPlanPtr> ParquetTable::scan(const ScanArgs& args) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckProjection(*schema_, args.projection, "ParquetTable"));
  std::vector<ParquetScanUnit> units;
  std::vector<RowGroupStatistics::Unit> stats_units;
  std::vector<int> fields;
  if (args.projection) {
    fields = *args.projection;
  } else {
    for (int f = 0; f < schema_->num_fields(); ++f) fields.push_back(f);
  }
  for (const auto& file : files_) {
    for (int rg = 0; rg < file.metadata->num_row_groups(); ++rg) {
      auto row_group = file.metadata->RowGroup(rg);
      int64_t bytes = 0;
      for (int f : fields) {
        bytes += DecodedBytes(*row_group, leaf_columns_[f], *schema_->field(f)->type());
      }
      units.push_back({file.path, rg, row_group->num_rows(), bytes});
      stats_units.push_back({file.metadata.get(), rg});
    }
  }
  const int64_t total = static_cast<int64_t>(units.size());

  ParquetScanConfig config;
  if (args.config.parquet_pruning && !args.filters.empty()) {
    PruningPredicate predicate(args.filters, schema_);
    if (!predicate.useful_filters().empty()) {
      RowGroupStatistics stats(stats_units, *schema_, leaf_columns_);
      ARROW_ASSIGN_OR_RAISE(auto skip, predicate.prune(stats));
      std::vector<ParquetScanUnit> kept;
      std::vector<RowGroupStatistics::Unit> kept_stats;
      for (size_t i = 0; i < units.size(); ++i) {
        if (!skip[i]) {
          kept.push_back(std::move(units[i]));
          kept_stats.push_back(stats_units[i]);
        }
      }
      units = std::move(kept);
      stats_units = std::move(kept_stats);
      config.pruning_filters = predicate.useful_filters();
    }
  }
  {
    RowGroupStatistics stats(std::move(stats_units), *schema_, leaf_columns_);
    for (int f : fields) {
      config.column_statistics.push_back(ValueRange(stats, *schema_->field(f)->type(), f));
    }
  }

  std::vector<int64_t> rows;
  for (const auto& unit : units) rows.push_back(unit.num_rows);
  for (const auto& run :
       scan_util::SplitContiguous(rows, args.config.target_partitions, /*allow_empty=*/false)) {
    std::vector<ParquetScanUnit> partition;
    for (int i : run) partition.push_back(units[i]);
    config.partitions.push_back(std::move(partition));
  }
  config.file_schema = schema_;
  config.projection = args.projection;
  config.batch_size = args.config.batch_size;
  config.total_row_groups = total;
  config.filesystem = filesystem_;
  config.metadata = metadata_map_;
  ARROW_ASSIGN_OR_RAISE(auto exec, ParquetExec::Make(std::move(config)));
  return exec;
}

}  // namespace quiver
