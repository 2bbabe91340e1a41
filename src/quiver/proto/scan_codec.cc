// Scans on the wire: ParquetExec, CsvExec and MemoryExec (datasource layer).
#include <quiver/proto/physical_plan_codec.h>
#include <quiver/proto/plan.pb.h>

namespace quiver {

arrow::Result<bool> PhysicalPlanCodec::scan_to_proto(const ExecutionPlanPtr& plan,
                                                     proto::PhysicalPlanNode* out) const {
  return false;
}

arrow::Result<ExecutionPlanPtr> PhysicalPlanCodec::scan_from_proto(
    const proto::PhysicalPlanNode& node) const {
  return arrow::Status::NotImplemented("scans are not serializable yet");
}

}  // namespace quiver
