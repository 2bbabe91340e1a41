#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/schema.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/properties.h>
#include <quiver/datasource/dictionary_prefilter.h>
#include <quiver/datasource/parquet_exec.h>
#include <quiver/datasource/pruning_predicate.h>
#include <quiver/datasource/row_group_statistics.h>
#include <quiver/datasource/scan_util.h>
#include <quiver/physical/expressions/dynamic_filter_expr.h>

#include <algorithm>
#include <set>

namespace quiver {
namespace {

constexpr int64_t kLocalReadBufferBytes = 64 * 1024;

/// Row groups of one file read in one go.
struct FileRun {
  std::string path;
  std::vector<int> row_groups;
};

std::vector<FileRun> GroupByFile(const std::vector<ParquetScanUnit>& units) {
  std::vector<FileRun> runs;
  for (const auto& unit : units) {
    if (runs.empty() || runs.back().path != unit.path) runs.push_back({unit.path, {}});
    runs.back().row_groups.push_back(unit.row_group);
  }
  return runs;
}

void CollectLeaves(const parquet::arrow::SchemaField& field, std::vector<int>* out) {
  if (field.is_leaf()) {
    out->push_back(field.column_index);
    return;
  }
  for (const auto& child : field.children) CollectLeaves(child, out);
}

/// Streams the units of one partition, file run after file run.
class ParquetStream : public arrow::RecordBatchReader {
 public:
  ParquetStream(const ParquetScanConfig& config, std::vector<ParquetScanUnit> units,
                std::shared_ptr<arrow::Schema> output_schema, arrow::MemoryPool* pool)
      : filesystem_(config.filesystem),
        metadata_(config.metadata),
        runs_(GroupByFile(units)),
        output_schema_(std::move(output_schema)),
        batch_size_(std::max<int64_t>(config.batch_size, 1)),
        pool_(pool),
        exec_context_(pool),
        file_schema_(config.file_schema),
        dynamic_filters_(config.dynamic_filters) {
    const int num_fields = config.file_schema->num_fields();
    std::vector<int> wanted;
    if (config.projection) {
      wanted = *config.projection;
    } else {
      for (int i = 0; i < num_fields; ++i) wanted.push_back(i);
    }
    // The reader returns the requested top-level fields in file order, once each.
    std::set<int> unique(wanted.begin(), wanted.end());
    fields_.assign(unique.begin(), unique.end());
    for (int index : wanted) {
      output_from_.push_back(static_cast<int>(
          std::lower_bound(fields_.begin(), fields_.end(), index) - fields_.begin()));
    }
    output_to_file_ = wanted;
    prefilter_ =
        std::make_unique<DictionaryPrefilter>(config.pruning_filters, *config.file_schema, fields_);
  }

  std::shared_ptr<arrow::Schema> schema() const override { return output_schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    while (true) {
      if (!batch_reader_ && pending_counts_.empty()) {
        if (next_run_ >= runs_.size()) {
          *out = nullptr;
          return arrow::Status::OK();
        }
        ARROW_RETURN_NOT_OK(OpenRun(runs_[next_run_++]));
        // A run whose row groups a dynamic filter pruned away opens nothing.
        if (!batch_reader_ && pending_counts_.empty()) continue;
      }
      if (fields_.empty()) {
        // No columns wanted (e.g. count(*)): row counts come from the footer.
        if (pending_counts_.empty()) continue;
        const int64_t rows = std::min(batch_size_, pending_counts_.back());
        pending_counts_.back() -= rows;
        if (pending_counts_.back() == 0) pending_counts_.pop_back();
        *out = arrow::RecordBatch::Make(output_schema_, rows, arrow::ArrayVector{});
        return arrow::Status::OK();
      }
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(batch_reader_->ReadNext(&batch));
      if (!batch) {
        batch_reader_.reset();
        file_reader_.reset();
        continue;
      }
      if (!prefilter_->empty()) {
        ARROW_ASSIGN_OR_RAISE(batch, prefilter_->Apply(batch, &exec_context_));
        if (batch->num_rows() == 0) continue;
      }
      ARROW_RETURN_NOT_OK(Convert(*batch, out));
      ARROW_RETURN_NOT_OK(ApplyDynamicFilters(out));
      if ((*out)->num_rows() == 0) continue;
      return arrow::Status::OK();
    }
  }

  arrow::Status Close() override {
    next_run_ = runs_.size();
    pending_counts_.clear();
    arrow::Status status;
    if (batch_reader_) status = batch_reader_->Close();
    batch_reader_.reset();
    file_reader_.reset();
    return status;
  }

 private:
  // The complete dynamic filters' predicates now, over the output columns.
  std::vector<PhysicalExprPtr> CompleteDynamicFilters() const {
    std::vector<PhysicalExprPtr> out;
    for (const auto& f : dynamic_filters_) {
      if (auto* dynamic = dynamic_cast<const DynamicFilterExpr*>(f.get())) {
        if (dynamic->complete()) out.push_back(dynamic->current());
      } else {
        out.push_back(f);
      }
    }
    return out;
  }

  // Drops the rows of `*out` no complete dynamic filter can keep.
  arrow::Status ApplyDynamicFilters(std::shared_ptr<arrow::RecordBatch>* out) {
    for (const auto& predicate : CompleteDynamicFilters()) {
      ARROW_ASSIGN_OR_RAISE(auto mask, predicate->evaluate(**out));
      if (mask.is_scalar()) {
        const auto& b = static_cast<const arrow::BooleanScalar&>(*mask.scalar());
        if (b.is_valid && b.value) continue;
        *out = (*out)->Slice(0, 0);
        return arrow::Status::OK();
      }
      ARROW_ASSIGN_OR_RAISE(
          auto filtered,
          arrow::compute::Filter(*out, mask, arrow::compute::FilterOptions(), &exec_context_));
      *out = filtered.record_batch();
    }
    return arrow::Status::OK();
  }

  // The run's row groups whose statistics may hold rows the complete dynamic filters keep.
  arrow::Result<std::vector<int>> PruneByDynamicFilters(const FileRun& run,
                                                        const parquet::FileMetaData& metadata,
                                                        const std::vector<int>& leaf_of_field) {
    auto predicates = CompleteDynamicFilters();
    if (predicates.empty()) return run.row_groups;
    // Output column i is table column output_to_file_[i]: the predicates over the file schema.
    std::vector<PhysicalExprPtr> bound;
    for (const auto& p : predicates) {
      ARROW_ASSIGN_OR_RAISE(auto remapped, RemapColumns(p, output_to_file_, *file_schema_));
      bound.push_back(std::move(remapped));
    }
    PruningPredicate pruning(std::move(bound), file_schema_);
    if (pruning.useful_filters().empty()) return run.row_groups;
    std::vector<RowGroupStatistics::Unit> units;
    for (int rg : run.row_groups) units.push_back({&metadata, rg});
    RowGroupStatistics stats(std::move(units), *file_schema_, leaf_of_field);
    ARROW_ASSIGN_OR_RAISE(auto skip, pruning.prune(stats));
    std::vector<int> kept;
    for (size_t i = 0; i < run.row_groups.size(); ++i) {
      if (!skip[i]) kept.push_back(run.row_groups[i]);
    }
    return kept;
  }

  arrow::Status OpenRun(const FileRun& whole_run) {
    current_path_ = whole_run.path;
    FileRun run = whole_run;
    std::shared_ptr<parquet::FileMetaData> metadata;
    if (metadata_) {
      auto it = metadata_->find(run.path);
      if (it != metadata_->end()) metadata = it->second;
    }
    ARROW_ASSIGN_OR_RAISE(auto input, filesystem_->OpenInputFile(run.path));
    parquet::arrow::FileReaderBuilder builder;
    // Local files are read through a small buffer per column chunk rather than pre-buffered:
    // pre-buffering reads each projected column chunk of the row group into a fresh
    // allocation of its full size, and the kernel zeroing those pages (clear_page_erms) took
    // 8-40% of scan-heavy profiles; with a reused 64 KB buffer SF1 Q6 went 0.147 -> 0.105 s.
    // Remote filesystems keep pre-buffering: there one coalesced request per row group beats
    // a request per buffer.
    const bool local = filesystem_->type_name() == "local";
    parquet::ReaderProperties reader_properties(pool_);
    if (local) {
      reader_properties.enable_buffered_stream();
      reader_properties.set_buffer_size(kLocalReadBufferBytes);
    }
    ARROW_RETURN_NOT_OK(builder.Open(std::move(input), reader_properties, std::move(metadata)));
    parquet::ArrowReaderProperties properties(/*use_threads=*/false);
    properties.set_batch_size(batch_size_);
    properties.set_pre_buffer(!local);
    auto file_metadata = builder.raw_reader()->metadata();
    // The leaves come from the same manifest the reader builds (the dictionary settings
    // below change types, not column indices).
    parquet::arrow::SchemaManifest manifest;
    ARROW_RETURN_NOT_OK(parquet::arrow::SchemaManifest::Make(
        file_metadata->schema(), file_metadata->key_value_metadata(), properties, &manifest));
    if (!dynamic_filters_.empty()) {
      std::vector<int> leaf_of_field;
      for (const auto& f : manifest.schema_fields) {
        leaf_of_field.push_back(f.is_leaf() ? f.column_index : -1);
      }
      ARROW_ASSIGN_OR_RAISE(run.row_groups,
                            PruneByDynamicFilters(run, *file_metadata, leaf_of_field));
      if (run.row_groups.empty()) return arrow::Status::OK();
    }
    if (fields_.empty()) {
      // Stored back to front: ReadNext takes from the back.
      for (auto it = run.row_groups.rbegin(); it != run.row_groups.rend(); ++it) {
        if (*it < 0 || *it >= file_metadata->num_row_groups()) {
          return arrow::Status::Invalid("Parquet file '", run.path, "' has no row group ", *it);
        }
        const int64_t rows = file_metadata->RowGroup(*it)->num_rows();
        if (rows > 0) pending_counts_.push_back(rows);
      }
      return arrow::Status::OK();
    }
    std::vector<int> leaves;
    for (int field : fields_) {
      if (field >= static_cast<int>(manifest.schema_fields.size())) {
        return arrow::Status::Invalid("Parquet file '", run.path, "' has only ",
                                      manifest.schema_fields.size(), " columns");
      }
      const auto& schema_field = manifest.schema_fields[field];
      // Top-level string columns stored wholly dictionary-encoded are read as dictionaries:
      // the reader then hands over the dictionary and the indices instead of appending every
      // value to a builder (for tpchgen-cli's string_view columns that was ~10% of Q1's
      // instructions), and Convert decodes them to the engine's type with one gather.
      if (schema_field.is_leaf() &&
          ReadAsDictionary(*file_metadata, run, schema_field.column_index)) {
        properties.set_read_dictionary(schema_field.column_index, true);
      }
      CollectLeaves(schema_field, &leaves);
    }
    ARROW_ASSIGN_OR_RAISE(file_reader_,
                          builder.memory_pool(pool_)->properties(properties)->Build());
    auto reader = file_reader_->GetRecordBatchReader(run.row_groups, leaves);
    if (!reader.ok()) {
      return reader.status().WithMessage("reading Parquet file '", run.path,
                                         "': ", reader.status().message());
    }
    batch_reader_ = *std::move(reader);
    return arrow::Status::OK();
  }

  /// True for a BYTE_ARRAY (string/binary) leaf whose data pages are all dictionary-encoded in
  /// every row group of the run, as the footer's page encoding statistics say. Reading such a
  /// column as a dictionary is a copy of the dictionary plus the indices; a column that falls
  /// back to plain pages would instead be hashed value by value, so it is read as before.
  static bool ReadAsDictionary(const parquet::FileMetaData& metadata, const FileRun& run,
                               int leaf) {
    if (leaf < 0 || leaf >= metadata.num_columns() ||
        metadata.schema()->Column(leaf)->physical_type() != parquet::Type::BYTE_ARRAY) {
      return false;
    }
    for (int rg : run.row_groups) {
      if (rg < 0 || rg >= metadata.num_row_groups()) return false;
      auto row_group = metadata.RowGroup(rg);
      if (!scan_util::AllDataPagesDictionaryEncoded(*row_group->ColumnChunk(leaf))) return false;
    }
    return true;
  }

  arrow::Status Convert(const arrow::RecordBatch& batch, std::shared_ptr<arrow::RecordBatch>* out) {
    if (batch.num_columns() != static_cast<int>(fields_.size())) {
      return arrow::Status::Invalid("Parquet file '", current_path_, "' returned ",
                                    batch.num_columns(), " columns, expected ", fields_.size());
    }
    arrow::ArrayVector columns;
    columns.reserve(output_from_.size());
    for (size_t i = 0; i < output_from_.size(); ++i) {
      std::shared_ptr<arrow::Array> column = batch.column(output_from_[i]);
      const auto& type = output_schema_->field(static_cast<int>(i))->type();
      if (type->id() == arrow::Type::STRING) {
        // A column read as a dictionary (see OpenRun), decoded without the general cast.
        ARROW_ASSIGN_OR_RAISE(auto decoded, scan_util::DecodeStringDictionary(*column, pool_));
        if (decoded) column = std::move(decoded);
      }
      if (!column->type()->Equals(*type)) {
        // e.g. string_view stored by tpchgen-cli, utf8 in the engine.
        auto cast = arrow::compute::Cast(*column, type, arrow::compute::CastOptions::Safe(),
                                         &exec_context_);
        if (!cast.ok()) {
          return cast.status().WithMessage("Parquet file '", current_path_, "' column '",
                                           output_schema_->field(static_cast<int>(i))->name(),
                                           "': ", cast.status().message());
        }
        column = *std::move(cast);
      }
      columns.push_back(std::move(column));
    }
    *out = arrow::RecordBatch::Make(output_schema_, batch.num_rows(), std::move(columns));
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  std::shared_ptr<const ParquetMetadataMap> metadata_;
  std::vector<FileRun> runs_;
  std::shared_ptr<arrow::Schema> output_schema_;
  int64_t batch_size_;
  arrow::MemoryPool* pool_;
  arrow::compute::ExecContext exec_context_;
  std::shared_ptr<arrow::Schema> file_schema_;
  std::vector<PhysicalExprPtr> dynamic_filters_;
  std::vector<int> fields_;          // table fields read, ascending
  std::vector<int> output_from_;     // position in fields_ of each output column
  std::vector<int> output_to_file_;  // table field of each output column
  std::unique_ptr<DictionaryPrefilter> prefilter_;

  size_t next_run_ = 0;
  std::string current_path_;
  std::unique_ptr<parquet::arrow::FileReader> file_reader_;
  std::unique_ptr<arrow::RecordBatchReader> batch_reader_;
  std::vector<int64_t> pending_counts_;  // empty projection: rows left per row group
};

}  // namespace

ParquetExec::ParquetExec(ParquetScanConfig config)
    : config_(std::move(config)),
      projected_schema_(scan_util::ProjectSchema(config_.file_schema, config_.projection)) {}

arrow::Result<std::shared_ptr<ParquetExec>> ParquetExec::Make(ParquetScanConfig config) {
  if (!config.file_schema) return arrow::Status::Invalid("ParquetExec: file schema is not set");
  ARROW_RETURN_NOT_OK(
      scan_util::CheckProjection(*config.file_schema, config.projection, "ParquetExec"));
  ARROW_RETURN_NOT_OK(arrow::compute::Initialize());  // for the string_view casts
  if (config.partitions.empty()) config.partitions.emplace_back();
  if (config.batch_size <= 0) config.batch_size = 8192;
  if (!config.filesystem) config.filesystem = std::make_shared<arrow::fs::LocalFileSystem>();
  return std::shared_ptr<ParquetExec>(new ParquetExec(std::move(config)));
}

arrow::Result<ExecutionPlanPtr> ParquetExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (!children.empty()) return arrow::Status::Invalid("ParquetExec has no children");
  return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
}

arrow::Result<RecordBatchStreamPtr> ParquetExec::execute(int partition,
                                                         const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckPartitionIndex(
      partition, static_cast<int>(config_.partitions.size()), "ParquetExec"));
  arrow::MemoryPool* pool = ctx ? ctx->arrow_pool() : arrow::default_memory_pool();
  return std::make_shared<ParquetStream>(config_, config_.partitions[partition], projected_schema_,
                                         pool);
}

std::shared_ptr<ParquetExec> ParquetExec::with_dynamic_filter(PhysicalExprPtr filter) const {
  ParquetScanConfig config = config_;
  config.dynamic_filters.push_back(std::move(filter));
  return std::shared_ptr<ParquetExec>(new ParquetExec(std::move(config)));
}

std::string ParquetExec::to_string() const {
  std::set<std::string> files;
  for (const auto& partition : config_.partitions) {
    for (const auto& unit : partition) files.insert(unit.path);
  }
  const int units = scan_unit_count();
  std::string out = "ParquetExec: files=" + std::to_string(files.size()) +
                    ", row_groups=" + std::to_string(units);
  if (config_.total_row_groups >= 0) out += " of " + std::to_string(config_.total_row_groups);
  out += ", partitions=" + std::to_string(config_.partitions.size()) +
         ", projection=" + scan_util::ProjectionToString(*config_.file_schema, config_.projection);
  if (!config_.pruning_filters.empty()) {
    out += ", pruning=[";
    for (size_t i = 0; i < config_.pruning_filters.size(); ++i) {
      if (i > 0) out += ", ";
      out += config_.pruning_filters[i]->to_string();
    }
    out += "]";
  }
  if (!config_.dynamic_filters.empty()) {
    out += ", dynamic_filters=[";
    for (size_t k = 0; k < config_.dynamic_filters.size(); ++k) {
      if (k > 0) out += ", ";
      out += config_.dynamic_filters[k]->to_string();
    }
    out += "]";
  }
  return out;
}

Statistics ParquetExec::statistics() const {
  Statistics stats;
  int64_t rows = 0, bytes = 0;
  bool bytes_known = true;
  for (const auto& partition : config_.partitions) {
    for (const auto& unit : partition) {
      rows += unit.num_rows;
      bytes += unit.byte_size;
      bytes_known = bytes_known && unit.byte_size > 0;
    }
  }
  stats.num_rows = rows;
  if (bytes_known) stats.total_byte_size = bytes;
  stats.exact = true;
  if (static_cast<int>(config_.column_statistics.size()) == schema()->num_fields()) {
    stats.columns = config_.column_statistics;
  }
  return stats;
}

int ParquetExec::scan_unit_count() const {
  int count = 0;
  for (const auto& partition : config_.partitions) count += static_cast<int>(partition.size());
  return count;
}

arrow::Result<ExecutionPlanPtr> ParquetExec::slice_for_task(int task_index, int task_count) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckTask(task_index, task_count, "ParquetExec"));
  std::vector<ParquetScanUnit> units;
  std::vector<int64_t> rows;
  for (const auto& partition : config_.partitions) {
    for (const auto& unit : partition) {
      units.push_back(unit);
      rows.push_back(unit.num_rows);
    }
  }
  const auto mine = scan_util::SplitContiguous(rows, task_count, /*allow_empty=*/true)[task_index];
  std::vector<int64_t> mine_rows;
  for (int i : mine) mine_rows.push_back(rows[i]);
  ParquetScanConfig config = config_;
  config.partitions.clear();
  // Every task keeps the plan's partition count (some partitions may be empty): a consumer
  // addresses partition p of task t as t * partitions + p.
  const int k = static_cast<int>(config_.partitions.size());
  for (const auto& run : scan_util::SplitContiguous(mine_rows, k, /*allow_empty=*/true)) {
    std::vector<ParquetScanUnit> partition;
    for (int i : run) partition.push_back(units[mine[i]]);
    config.partitions.push_back(std::move(partition));
  }
  ARROW_ASSIGN_OR_RAISE(auto slice, Make(std::move(config)));
  return slice;
}

}  // namespace quiver
