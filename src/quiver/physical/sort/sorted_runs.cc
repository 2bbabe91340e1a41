#include <quiver/physical/sort/sort_util.h>
#include <quiver/physical/sort/sorted_runs.h>
#include <quiver/runtime/disk_manager.h>
#include <quiver/runtime/spill_file.h>

#include <algorithm>

namespace quiver {

arrow::Result<std::shared_ptr<SpillFile>> WriteSortedRun(
    DiskManager* disk, const std::string& prefix, const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const LexOrdering& ordering,
    int64_t slice_rows) {
  ARROW_ASSIGN_OR_RAISE(auto sorted, SortBatches(schema, std::move(batches), ordering, {}));
  ARROW_ASSIGN_OR_RAISE(auto file, disk->CreateSpillFile(prefix, schema));
  for (int64_t offset = 0; offset < sorted->num_rows(); offset += slice_rows) {
    ARROW_RETURN_NOT_OK(file->Write(sorted->Slice(offset, slice_rows)));
  }
  ARROW_RETURN_NOT_OK(file->FinishWriting());
  return file;
}

arrow::Result<std::unique_ptr<SortedMerge>> MergeSortedRuns(
    const std::shared_ptr<arrow::Schema>& schema, const LexOrdering& ordering,
    const std::vector<std::shared_ptr<SpillFile>>& runs,
    std::shared_ptr<arrow::RecordBatch> in_memory, int64_t slice_rows) {
  std::vector<SortedMerge::Source> sources;
  for (const auto& run : runs) {
    ARROW_ASSIGN_OR_RAISE(auto reader, run->OpenReader());
    sources.push_back(
        [reader](std::shared_ptr<arrow::RecordBatch>* batch) { return reader->ReadNext(batch); });
  }
  sources.push_back([in_memory = std::move(in_memory), slice_rows,
                     offset = int64_t{0}](std::shared_ptr<arrow::RecordBatch>* batch) mutable {
    batch->reset();
    if (offset >= in_memory->num_rows()) return arrow::Status::OK();
    const int64_t len = std::min(slice_rows, in_memory->num_rows() - offset);
    *batch = in_memory->Slice(offset, len);
    offset += len;
    return arrow::Status::OK();
  });
  return std::make_unique<SortedMerge>(schema, ordering, std::move(sources));
}

}  // namespace quiver
