#include <quiver/distributed/scan_slicing.h>

namespace quiver {

// TODO(datasource): SplittableScan once the datasource layer is published.
std::optional<int> LeafScanUnits(const ExecutionPlanPtr& leaf) { return std::nullopt; }

arrow::Result<ExecutionPlanPtr> SliceLeafForTask(const ExecutionPlanPtr& leaf, int task_index,
                                                 int task_count) {
  return leaf;
}

}  // namespace quiver
