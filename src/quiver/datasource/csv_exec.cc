#include <arrow/csv/reader.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <quiver/datasource/csv_exec.h>
#include <quiver/datasource/scan_util.h>

#include <algorithm>
#include <unordered_map>

namespace quiver {
namespace {

/// Streams the files of one partition in order, re-slicing the reader's blocks to batch_size.
class CsvStream : public arrow::RecordBatchReader {
 public:
  CsvStream(std::shared_ptr<arrow::fs::FileSystem> filesystem, CsvFormatOptions options,
            std::vector<CsvFile> files, std::optional<std::vector<int>> projection,
            std::shared_ptr<arrow::Schema> output_schema, int64_t batch_size,
            arrow::MemoryPool* pool)
      : filesystem_(std::move(filesystem)),
        options_(std::move(options)),
        files_(std::move(files)),
        output_schema_(std::move(output_schema)),
        batch_size_(std::max<int64_t>(batch_size, 1)),
        pool_(pool) {
    const auto& schema = *options_.schema;
    std::vector<int> wanted;
    if (projection) {
      wanted = *projection;
    } else {
      for (int i = 0; i < schema.num_fields(); ++i) wanted.push_back(i);
    }
    // The reader yields include_columns in the order given; read each wanted column once and
    // remember where each output column comes from.
    std::unordered_map<int, int> position;
    for (int index : wanted) {
      auto [it, inserted] = position.emplace(index, static_cast<int>(include_columns_.size()));
      if (inserted) include_columns_.push_back(schema.field(index)->name());
      output_from_.push_back(it->second);
    }
    // An empty include list means "all columns" to arrow::csv: read the first one for the
    // row counts and drop it.
    if (include_columns_.empty() && schema.num_fields() > 0) {
      include_columns_.push_back(schema.field(0)->name());
    }
  }

  std::shared_ptr<arrow::Schema> schema() const override { return output_schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    while (true) {
      if (pending_ && pending_offset_ < pending_->num_rows()) {
        const int64_t length = std::min(batch_size_, pending_->num_rows() - pending_offset_);
        auto slice = pending_->Slice(pending_offset_, length);
        pending_offset_ += length;
        *out = Project(*slice);
        return arrow::Status::OK();
      }
      pending_ = nullptr;
      if (!reader_) {
        if (next_file_ >= files_.size()) {
          *out = nullptr;
          return arrow::Status::OK();
        }
        ARROW_RETURN_NOT_OK(OpenFile(files_[next_file_++].path));
      }
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(reader_->ReadNext(&batch));
      if (!batch) {
        ARROW_RETURN_NOT_OK(reader_->Close());
        reader_ = nullptr;
        continue;
      }
      pending_ = std::move(batch);
      pending_offset_ = 0;
    }
  }

  arrow::Status Close() override {
    next_file_ = files_.size();
    pending_ = nullptr;
    if (reader_) {
      auto status = reader_->Close();
      reader_ = nullptr;
      return status;
    }
    return arrow::Status::OK();
  }

 private:
  arrow::Status OpenFile(const std::string& path) {
    const auto& schema = *options_.schema;
    auto read_options = arrow::csv::ReadOptions::Defaults();
    read_options.use_threads = false;  // partitions already run in parallel
    read_options.column_names.clear();
    for (const auto& field : schema.fields()) read_options.column_names.push_back(field->name());
    read_options.skip_rows = options_.has_header ? 1 : 0;
    auto parse_options = arrow::csv::ParseOptions::Defaults();
    parse_options.delimiter = options_.delimiter;
    auto convert_options = arrow::csv::ConvertOptions::Defaults();
    for (const auto& field : schema.fields()) {
      convert_options.column_types[field->name()] = field->type();
    }
    convert_options.include_columns = include_columns_;
    ARROW_ASSIGN_OR_RAISE(auto input, filesystem_->OpenInputStream(path));
    auto result = arrow::csv::StreamingReader::Make(arrow::io::IOContext(pool_), input,
                                                    read_options, parse_options, convert_options);
    if (!result.ok()) {
      return result.status().WithMessage("reading CSV file '", path,
                                         "': ", result.status().message());
    }
    reader_ = *std::move(result);
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::RecordBatch> Project(const arrow::RecordBatch& batch) const {
    arrow::ArrayVector columns;
    columns.reserve(output_from_.size());
    for (int from : output_from_) columns.push_back(batch.column(from));
    return arrow::RecordBatch::Make(output_schema_, batch.num_rows(), std::move(columns));
  }

  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  CsvFormatOptions options_;
  std::vector<CsvFile> files_;
  std::shared_ptr<arrow::Schema> output_schema_;
  int64_t batch_size_;
  arrow::MemoryPool* pool_;
  std::vector<std::string> include_columns_;
  std::vector<int> output_from_;  // reader column feeding each output column

  size_t next_file_ = 0;
  std::shared_ptr<arrow::csv::StreamingReader> reader_;
  std::shared_ptr<arrow::RecordBatch> pending_;
  int64_t pending_offset_ = 0;
};

}  // namespace

arrow::Result<std::shared_ptr<CsvExec>> CsvExec::Make(
    CsvFormatOptions options, Partitions partitions, std::optional<std::vector<int>> projection,
    int64_t batch_size, std::shared_ptr<arrow::fs::FileSystem> filesystem) {
  if (!options.schema) return arrow::Status::Invalid("CsvExec: file schema is not set");
  ARROW_RETURN_NOT_OK(scan_util::CheckProjection(*options.schema, projection, "CsvExec"));
  if (partitions.empty()) partitions.emplace_back();
  auto exec = std::shared_ptr<CsvExec>(new CsvExec());
  exec->projected_schema_ = scan_util::ProjectSchema(options.schema, projection);
  exec->options_ = std::move(options);
  exec->partitions_ = std::move(partitions);
  exec->projection_ = std::move(projection);
  exec->batch_size_ = batch_size > 0 ? batch_size : 8192;
  exec->filesystem_ =
      filesystem ? std::move(filesystem) : std::make_shared<arrow::fs::LocalFileSystem>();
  return exec;
}

arrow::Result<ExecutionPlanPtr> CsvExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (!children.empty()) return arrow::Status::Invalid("CsvExec has no children");
  return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
}

arrow::Result<RecordBatchStreamPtr> CsvExec::execute(int partition,
                                                     const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(
      scan_util::CheckPartitionIndex(partition, static_cast<int>(partitions_.size()), "CsvExec"));
  arrow::MemoryPool* pool = ctx ? ctx->arrow_pool() : arrow::default_memory_pool();
  return std::make_shared<CsvStream>(filesystem_, options_, partitions_[partition], projection_,
                                     projected_schema_, batch_size_, pool);
}

std::string CsvExec::to_string() const {
  std::string delimiter(1, options_.delimiter);
  return "CsvExec: files=" + std::to_string(scan_unit_count()) +
         ", partitions=" + std::to_string(partitions_.size()) +
         ", has_header=" + (options_.has_header ? "true" : "false") + ", delimiter='" + delimiter +
         "', projection=" + scan_util::ProjectionToString(*options_.schema, projection_);
}

int CsvExec::scan_unit_count() const {
  int count = 0;
  for (const auto& partition : partitions_) count += static_cast<int>(partition.size());
  return count;
}

arrow::Result<ExecutionPlanPtr> CsvExec::slice_for_task(int task_index, int task_count) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckTask(task_index, task_count, "CsvExec"));
  std::vector<CsvFile> files;
  std::vector<int64_t> sizes;
  for (const auto& partition : partitions_) {
    for (const auto& file : partition) {
      files.push_back(file);
      sizes.push_back(file.size);
    }
  }
  auto mine = scan_util::SplitContiguous(sizes, task_count, /*allow_empty=*/true)[task_index];
  // Every task keeps the plan's partition count (some partitions may be empty): a consumer
  // addresses partition p of task t as t * partitions + p.
  const int k = std::max(1, static_cast<int>(partitions_.size()));
  Partitions partitions(k);
  for (size_t i = 0; i < mine.size(); ++i) partitions[i % k].push_back(files[mine[i]]);
  ARROW_ASSIGN_OR_RAISE(
      auto slice, Make(options_, std::move(partitions), projection_, batch_size_, filesystem_));
  return slice;
}

}  // namespace quiver
