#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/datasource/table_provider.h>

#include <memory>
#include <vector>

namespace quiver {

/// \brief A table of in-memory batches; each batch is a unit of parallelism. Scans deal the
/// batches round-robin onto min(target_partitions, batches) partitions (at least one).
class MemoryTable : public TableProvider {
 public:
  /// All batches must have `schema` (field names and types; metadata is ignored).
  static arrow::Result<std::shared_ptr<MemoryTable>> Make(
      std::shared_ptr<arrow::Schema> schema,
      std::vector<std::shared_ptr<arrow::RecordBatch>> batches);
  /// Schema taken from the first batch; Invalid when there are none.
  static arrow::Result<std::shared_ptr<MemoryTable>> Make(
      std::vector<std::shared_ptr<arrow::RecordBatch>> batches);

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  arrow::Result<ExecutionPlanPtr> scan(const ScanArgs& args) const override;

  const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches() const { return batches_; }
  Statistics statistics() const override {
    Statistics stats;
    int64_t rows = 0;
    for (const auto& b : batches_) rows += b->num_rows();
    stats.num_rows = rows;
    stats.exact = true;
    return stats;
  }

 private:
  MemoryTable(std::shared_ptr<arrow::Schema> schema,
              std::vector<std::shared_ptr<arrow::RecordBatch>> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}

  std::shared_ptr<arrow::Schema> schema_;
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches_;
};

}  // namespace quiver
