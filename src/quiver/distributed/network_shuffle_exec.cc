#include <quiver/distributed/network_shuffle_exec.h>

#include <sstream>

namespace quiver {

arrow::Result<std::shared_ptr<NetworkShuffleExec>> NetworkShuffleExec::Make(
    ExecutionPlanPtr input) {
  auto partitioning = input->output_partitioning();
  if (partitioning.kind != Partitioning::Kind::kHash) {
    return arrow::Status::Invalid("NetworkShuffleExec reads a hash-partitioned input, got ",
                                  partitioning.to_string());
  }
  Stage stage;
  stage.plan = input;
  auto schema = input->schema();
  return std::make_shared<NetworkShuffleExec>(std::move(stage), std::move(partitioning),
                                              std::move(schema));
}

std::shared_ptr<NetworkShuffleExec> NetworkShuffleExec::with_stage(Stage stage) const {
  return std::make_shared<NetworkShuffleExec>(std::move(stage), partitioning_, schema_);
}

std::vector<ExecutionPlanPtr> NetworkShuffleExec::children() const {
  if (stage_.is_remote()) return {};
  return {stage_.plan};
}

arrow::Result<ExecutionPlanPtr> NetworkShuffleExec::with_new_children(
    std::vector<ExecutionPlanPtr> children) const {
  if (stage_.is_remote()) {
    if (!children.empty())
      return arrow::Status::Invalid("a remote NetworkShuffleExec has no children");
    return std::const_pointer_cast<ExecutionPlan>(shared_from_this());
  }
  if (children.size() != 1) return arrow::Status::Invalid("NetworkShuffleExec takes 1 child");
  Stage stage = stage_;
  stage.plan = std::move(children[0]);
  return with_stage(std::move(stage));
}

arrow::Result<RecordBatchStreamPtr> NetworkShuffleExec::execute(int partition,
                                                                const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (!stage_.is_remote()) return stage_.plan->execute(partition, ctx);
  const int per_task = partitioning_.partition_count;
  const int consumers = stage_.plan->output_partition_count() / per_task;
  if (ctx->task_index < 0 || ctx->task_index >= consumers) {
    return arrow::Status::Invalid("NetworkShuffleExec: task ", ctx->task_index,
                                  " out of range; stage ", stage_.stage_id, " feeds ", consumers,
                                  " consumer tasks");
  }
  const int wanted = ctx->task_index * per_task + partition;
  std::vector<std::pair<int, int>> sources;
  for (int t = 0; t < stage_.task_count(); ++t) sources.emplace_back(t, wanted);
  return reader_.open(stage_, schema_, sources, ctx);
}

std::string NetworkShuffleExec::to_string() const {
  std::ostringstream out;
  out << "[Stage " << stage_.stage_id
      << "] => NetworkShuffleExec: output_partitions=" << partitioning_.partition_count
      << ", input_tasks=" << stage_.task_count();
  return out.str();
}

}  // namespace quiver
