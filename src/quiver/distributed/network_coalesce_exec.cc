#include <quiver/distributed/network_coalesce_exec.h>
#include <quiver/distributed/stage_reader.h>

#include <sstream>

namespace quiver {

std::shared_ptr<NetworkCoalesceExec> NetworkCoalesceExec::Make(ExecutionPlanPtr input) {
  Stage stage;
  auto schema = input->schema();
  stage.plan = std::move(input);
  return std::make_shared<NetworkCoalesceExec>(std::move(stage), std::move(schema));
}

std::shared_ptr<NetworkBoundaryExec> NetworkCoalesceExec::with_stage(Stage stage) const {
  return std::make_shared<NetworkCoalesceExec>(std::move(stage), schema_);
}

Partitioning NetworkCoalesceExec::output_partitioning() const {
  if (!stage_.is_remote()) return Partitioning::Unknown(stage_.plan->output_partition_count());
  return Partitioning::Unknown(stage_.task_count() * stage_.partitions_per_task);
}

arrow::Result<RecordBatchStreamPtr> NetworkCoalesceExec::execute(int partition,
                                                                 const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (!stage_.is_remote()) return stage_.plan->execute(partition, ctx);
  const int per_task = stage_.partitions_per_task;
  return OpenStageStreams(stage_, schema_, {{partition / per_task, partition % per_task}}, ctx);
}

std::string NetworkCoalesceExec::to_string() const {
  std::ostringstream out;
  out << stage_prefix() << "NetworkCoalesceExec: output_partitions=" << output_partition_count()
      << ", input_tasks=" << stage_.task_count();
  return out.str();
}

}  // namespace quiver
