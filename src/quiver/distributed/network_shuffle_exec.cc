#include <quiver/distributed/network_shuffle_exec.h>
#include <quiver/distributed/stage_reader.h>

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

std::shared_ptr<NetworkBoundaryExec> NetworkShuffleExec::with_stage(Stage stage) const {
  return std::make_shared<NetworkShuffleExec>(std::move(stage), partitioning_, schema_);
}

arrow::Result<RecordBatchStreamPtr> NetworkShuffleExec::execute(int partition,
                                                                const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (!stage_.is_remote()) return stage_.plan->execute(partition, ctx);
  const int per_task = partitioning_.partition_count;
  const int consumers = stage_.partitions_per_task / per_task;
  if (ctx->task_index < 0 || ctx->task_index >= consumers) {
    return arrow::Status::Invalid("NetworkShuffleExec: task ", ctx->task_index,
                                  " out of range; stage ", stage_.stage_id, " feeds ", consumers,
                                  " consumer tasks");
  }
  const int wanted = ctx->task_index * per_task + partition;
  std::vector<std::pair<int, int>> sources;
  for (int t = 0; t < stage_.task_count(); ++t) sources.emplace_back(t, wanted);
  return OpenStageStreams(stage_, schema_, sources, ctx);
}

std::string NetworkShuffleExec::to_string() const {
  std::ostringstream out;
  out << stage_prefix() << "NetworkShuffleExec: " << partitioning_.to_string()
      << ", input_tasks=" << stage_.task_count();
  return out.str();
}

}  // namespace quiver
