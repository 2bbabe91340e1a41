#include <quiver/datasource/memory_exec.h>
#include <quiver/datasource/memory_table.h>
#include <quiver/datasource/scan_util.h>

namespace quiver {

arrow::Result<std::shared_ptr<MemoryTable>> MemoryTable::Make(
    std::shared_ptr<arrow::Schema> schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches) {
  if (!schema) return arrow::Status::Invalid("MemoryTable: schema is null");
  for (size_t i = 0; i < batches.size(); ++i) {
    if (!batches[i]) return arrow::Status::Invalid("MemoryTable: batch ", i, " is null");
    if (!batches[i]->schema()->Equals(*schema, /*check_metadata=*/false)) {
      return arrow::Status::Invalid("MemoryTable: batch ", i, " has schema ",
                                    batches[i]->schema()->ToString(), ", expected ",
                                    schema->ToString());
    }
  }
  return std::shared_ptr<MemoryTable>(new MemoryTable(std::move(schema), std::move(batches)));
}

arrow::Result<std::shared_ptr<MemoryTable>> MemoryTable::Make(
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches) {
  if (batches.empty() || !batches[0]) {
    return arrow::Status::Invalid("MemoryTable: no batches to take the schema from");
  }
  auto schema = batches[0]->schema();
  return Make(std::move(schema), std::move(batches));
}

arrow::Result<ExecutionPlanPtr> MemoryTable::scan(const ScanArgs& args) const {
  ARROW_RETURN_NOT_OK(scan_util::CheckProjection(*schema_, args.projection, "MemoryTable"));
  const int n = static_cast<int>(batches_.size());
  const int k = std::max(1, std::min(args.config.target_partitions, n));
  MemoryExec::Partitions partitions(k);
  for (int i = 0; i < n; ++i) partitions[i % k].push_back(batches_[i]);
  ARROW_ASSIGN_OR_RAISE(auto exec,
                        MemoryExec::Make(schema_, std::move(partitions), args.projection));
  return exec;
}

}  // namespace quiver
