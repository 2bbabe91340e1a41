#include <quiver/datasource/splittable_scan.h>
#include <quiver/distributed/scan_slicing.h>

namespace quiver {

std::optional<int> LeafScanUnits(const ExecutionPlanPtr& leaf) {
  auto* scan = dynamic_cast<const SplittableScan*>(leaf.get());
  if (!scan) return std::nullopt;
  return scan->scan_unit_count();
}

arrow::Result<ExecutionPlanPtr> SliceLeafForTask(const ExecutionPlanPtr& leaf, int task_index,
                                                 int task_count) {
  auto* scan = dynamic_cast<const SplittableScan*>(leaf.get());
  if (!scan || task_count == 1) return leaf;
  return scan->slice_for_task(task_index, task_count);
}

}  // namespace quiver
