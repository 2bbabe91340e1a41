#include <quiver/distributed/network_coalesce_exec.h>

#include <sstream>

namespace quiver {

std::shared_ptr<NetworkCoalesceExec> NetworkCoalesceExec::Make(ExecutionPlanPtr input) {
  Stage stage;
  stage.plan = input;
  int partitions = input->output_partition_count();
  auto schema = input->schema();
  return std::make_shared<NetworkCoalesceExec>(std::move(stage), partitions, std::move(schema));
}

std::shared_ptr<NetworkCoalesceExec> NetworkCoalesceExec::with_stage(Stage stage) const {
  return std::make_shared<NetworkCoalesceExec>(std::move(stage), partitions_per_task_, schema_);
}

Partitioning NetworkCoalesceExec::output_partitioning() const {
  return Partitioning::Unknown(stage_.task_count() * partitions_per_task_);
}

std::vector<ExecutionPlanPtr> NetworkCoalesceExec::children() const {
  if (stage_.is_remote()) return {};
  return {stage_.plan};
}

arrow::Result<ExecutionPlanPtr> NetworkCoalesceExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (stage_.is_remote()) {
    if (!children.empty())
      return arrow::Status::Invalid("a remote NetworkCoalesceExec has no children");
    return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
  }
  if (children.size() != 1) return arrow::Status::Invalid("NetworkCoalesceExec takes 1 child");
  return Make(std::move(children[0]));
}

arrow::Result<RecordBatchStreamPtr> NetworkCoalesceExec::execute(int partition,
                                                                 const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (!stage_.is_remote()) return stage_.plan->execute(partition, ctx);
  return reader_.open(stage_, schema_,
                      {{partition / partitions_per_task_, partition % partitions_per_task_}}, ctx);
}

std::string NetworkCoalesceExec::to_string() const {
  std::ostringstream out;
  out << "[Stage " << stage_.stage_id << "] => NetworkCoalesceExec: output_partitions="
      << stage_.task_count() * partitions_per_task_ << ", input_tasks=" << stage_.task_count();
  return out.str();
}

}  // namespace quiver
