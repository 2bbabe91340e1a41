#include <quiver/distributed/network_broadcast_exec.h>
#include <quiver/distributed/stage_reader.h>

#include <sstream>

namespace quiver {

std::shared_ptr<NetworkBroadcastExec> NetworkBroadcastExec::Make(ExecutionPlanPtr input) {
  Stage stage;
  auto schema = input->schema();
  const int partitions = input->output_partition_count();
  stage.plan = std::move(input);
  return std::make_shared<NetworkBroadcastExec>(std::move(stage), partitions, std::move(schema));
}

std::shared_ptr<NetworkBoundaryExec> NetworkBroadcastExec::with_stage(Stage stage) const {
  return std::make_shared<NetworkBroadcastExec>(std::move(stage), partitions_per_consumer_,
                                                schema_);
}

arrow::Result<RecordBatchStreamPtr> NetworkBroadcastExec::execute(int partition,
                                                                  const TaskContextPtr& ctx) const {
  ARROW_RETURN_NOT_OK(CheckPartition(*this, partition));
  if (!stage_.is_remote()) return stage_.plan->execute(partition, ctx);
  const int consumers = stage_.partitions_per_task / partitions_per_consumer_;
  if (ctx->task_index < 0 || ctx->task_index >= consumers) {
    return arrow::Status::Invalid("NetworkBroadcastExec: task ", ctx->task_index,
                                  " out of range; stage ", stage_.stage_id, " feeds ", consumers,
                                  " consumer tasks");
  }
  const int wanted = ctx->task_index * partitions_per_consumer_ + partition;
  std::vector<std::pair<int, int>> sources;
  for (int t = 0; t < stage_.task_count(); ++t) sources.emplace_back(t, wanted);
  return OpenStageStreams(stage_, schema_, sources, ctx);
}

std::string NetworkBroadcastExec::to_string() const {
  std::ostringstream out;
  out << stage_prefix()
      << "NetworkBroadcastExec: partitions_per_consumer=" << partitions_per_consumer_
      << ", input_tasks=" << stage_.task_count();
  return out.str();
}

}  // namespace quiver
