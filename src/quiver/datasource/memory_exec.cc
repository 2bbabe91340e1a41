#include <arrow/type.h>
#include <arrow/util/byte_size.h>
#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/scan_util.h>

#include <algorithm>

namespace quiver {
namespace {

/// Yields the batches of one partition, projected.
class MemoryStream : public arrow::RecordBatchReader {
 public:
  MemoryStream(std::shared_ptr<arrow::Schema> schema,
               std::vector<std::shared_ptr<arrow::RecordBatch>> batches,
               std::optional<std::vector<int>> projection)
      : schema_(std::move(schema)),
        batches_(std::move(batches)),
        projection_(std::move(projection)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    if (next_ >= batches_.size()) {
      *out = nullptr;
      return arrow::Status::OK();
    }
    const auto& batch = batches_[next_++];
    if (!projection_) {
      // Same columns; rebuild only so the stream's schema object is the one reported.
      *out = arrow::RecordBatch::Make(schema_, batch->num_rows(), batch->columns());
      return arrow::Status::OK();
    }
    arrow::ArrayVector columns;
    columns.reserve(projection_->size());
    for (int index : *projection_) columns.push_back(batch->column(index));
    *out = arrow::RecordBatch::Make(schema_, batch->num_rows(), std::move(columns));
    return arrow::Status::OK();
  }

  arrow::Status Close() override {
    next_ = batches_.size();
    batches_.clear();
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches_;
  std::optional<std::vector<int>> projection_;
  size_t next_ = 0;
};

}  // namespace

MemoryExec::MemoryExec(std::shared_ptr<arrow::Schema> schema, Partitions partitions,
                       std::optional<std::vector<int>> projection)
    : schema_(std::move(schema)),
      partitions_(std::move(partitions)),
      projection_(std::move(projection)),
      projected_schema_(scan_util::ProjectSchema(schema_, projection_)) {}

arrow::Result<std::shared_ptr<MemoryExec>> MemoryExec::Make(
    std::shared_ptr<arrow::Schema> schema, Partitions partitions,
    std::optional<std::vector<int>> projection) {
  if (!schema) return arrow::Status::Invalid("MemoryExec: schema is null");
  if (partitions.empty()) partitions.emplace_back();
  ARROW_RETURN_NOT_OK(scan_util::CheckProjection(*schema, projection, "MemoryExec"));
  for (const auto& partition : partitions) {
    for (const auto& batch : partition) {
      if (!batch) return arrow::Status::Invalid("MemoryExec: null batch");
      if (!batch->schema()->Equals(*schema, /*check_metadata=*/false)) {
        return arrow::Status::Invalid("MemoryExec: batch schema ", batch->schema()->ToString(),
                                      " does not match ", schema->ToString());
      }
    }
  }
  return std::shared_ptr<MemoryExec>(
      new MemoryExec(std::move(schema), std::move(partitions), std::move(projection)));
}

arrow::Result<ExecutionPlanPtr> MemoryExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (!children.empty()) return arrow::Status::Invalid("MemoryExec has no children");
  return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
}

arrow::Result<RecordBatchStreamPtr> MemoryExec::execute(int partition,
                                                        const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckPartitionIndex(
      partition, static_cast<int>(partitions_.size()), "MemoryExec"));
  return std::make_shared<MemoryStream>(projected_schema_, partitions_[partition], projection_);
}

Statistics MemoryExec::statistics() const {
  Statistics stats;
  int64_t rows = 0, bytes = 0;
  for (const auto& partition : partitions_) {
    for (const auto& batch : partition) {
      rows += batch->num_rows();
      if (projection_) {
        for (int i : *projection_) bytes += arrow::util::TotalBufferSize(*batch->column(i)->data());
      } else {
        for (const auto& column : batch->columns()) {
          bytes += arrow::util::TotalBufferSize(*column->data());
        }
      }
    }
  }
  stats.num_rows = rows;
  stats.total_byte_size = bytes;
  stats.exact = true;
  return stats;
}

std::string MemoryExec::to_string() const {
  int64_t batches = 0, rows = 0;
  for (const auto& partition : partitions_) {
    for (const auto& batch : partition) {
      ++batches;
      rows += batch->num_rows();
    }
  }
  return "MemoryExec: partitions=" + std::to_string(partitions_.size()) +
         ", batches=" + std::to_string(batches) + ", rows=" + std::to_string(rows) +
         ", projection=" + scan_util::ProjectionToString(*schema_, projection_);
}

int MemoryExec::scan_unit_count() const {
  int count = 0;
  for (const auto& partition : partitions_) count += static_cast<int>(partition.size());
  return count;
}

arrow::Result<ExecutionPlanPtr> MemoryExec::slice_for_task(int task_index, int task_count) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckTask(task_index, task_count, "MemoryExec"));
  std::vector<std::shared_ptr<arrow::RecordBatch>> units;
  std::vector<int64_t> rows;
  for (const auto& partition : partitions_) {
    for (const auto& batch : partition) {
      units.push_back(batch);
      rows.push_back(batch->num_rows());
    }
  }
  auto mine = scan_util::SplitContiguous(rows, task_count, /*allow_empty=*/true)[task_index];
  // Every task keeps the plan's partition count (some partitions may be empty): a consumer
  // addresses partition p of task t as t * partitions + p.
  const int k = std::max(1, static_cast<int>(partitions_.size()));
  Partitions partitions(k);
  for (size_t i = 0; i < mine.size(); ++i) partitions[i % k].push_back(units[mine[i]]);
  return std::shared_ptr<MemoryExec>(new MemoryExec(schema_, std::move(partitions), projection_));
}

}  // namespace quiver
