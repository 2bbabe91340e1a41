#pragma once

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <quiver/physical/physical_expr.h>
#include <quiver/physical/sort/sorted_merge.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quiver {

class DiskManager;
class SpillFile;

/// Sorts `batches` by `ordering` and writes them to a new spill file of `disk` (named after
/// `prefix`) as one sorted run, in slices of `slice_rows` rows, so that a merge holds one slice
/// per run at a time. What SortExec and HashAggregateExec spill.
arrow::Result<std::shared_ptr<SpillFile>> WriteSortedRun(
    DiskManager* disk, const std::string& prefix, const std::shared_ptr<arrow::Schema>& schema,
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches, const LexOrdering& ordering,
    int64_t slice_rows);

/// A SortedMerge of the spilled `runs` and then `in_memory` (a sorted batch, served in slices of
/// `slice_rows`; last, so that ties keep input order).
arrow::Result<std::unique_ptr<SortedMerge>> MergeSortedRuns(
    const std::shared_ptr<arrow::Schema>& schema, const LexOrdering& ordering,
    const std::vector<std::shared_ptr<SpillFile>>& runs,
    std::shared_ptr<arrow::RecordBatch> in_memory, int64_t slice_rows);

}  // namespace quiver
