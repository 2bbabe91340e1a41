#include <quiver/distributed/channel_resolver.h>
#include <quiver/distributed/remote_stream.h>
#include <quiver/distributed/scan_slicing.h>
#include <quiver/distributed/stage_reader.h>
#include <quiver/distributed/task_ticket.h>

namespace quiver {

arrow::Result<ExecutionPlanPtr> SliceLeavesForTask(const ExecutionPlanPtr& plan, int task_index,
                                                   int task_count) {
  auto children = plan->children();
  if (children.empty()) return SliceLeafForTask(plan, task_index, task_count);
  bool changed = false;
  for (auto& child : children) {
    ARROW_ASSIGN_OR_RAISE(auto sliced, SliceLeavesForTask(child, task_index, task_count));
    changed |= sliced != child;
    child = std::move(sliced);
  }
  if (!changed) return plan;
  return plan->with_new_children(std::move(children));
}

arrow::Result<RecordBatchStreamPtr> OpenStageStreams(
    const Stage& stage, const std::shared_ptr<arrow::Schema>& schema,
    const std::vector<std::pair<int, int>>& task_partitions, const TaskContextPtr& ctx) {
  std::vector<RemoteSource> sources;
  for (const auto& [task, partition] : task_partitions) {
    if (task < 0 || task >= stage.task_count()) {
      return arrow::Status::Invalid("stage ", stage.stage_id, " has no task ", task);
    }
    TaskTicket ticket;
    ticket.query_id = stage.query_id;
    ticket.stage_id = stage.stage_id;
    ticket.task_index = task;
    ticket.partition = partition;
    RemoteSource source;
    source.url = stage.task_urls[task];
    source.stage_id = stage.stage_id;
    source.task_index = task;
    ARROW_ASSIGN_OR_RAISE(source.ticket, ticket.serialize());
    sources.push_back(std::move(source));
  }
  std::shared_ptr<ChannelResolver> channels = ctx->extension<ChannelResolver>();
  if (!channels) channels = DefaultChannelResolver::Shared();
  std::vector<std::pair<std::string, std::string>> headers;
  if (auto passthrough = ctx->extension<PassthroughHeaders>()) headers = passthrough->headers;
  return MakeRemoteStream(schema, std::move(sources), std::move(channels), std::move(headers), ctx);
}

}  // namespace quiver
