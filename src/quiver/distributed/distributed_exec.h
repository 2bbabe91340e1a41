#pragma once

#include <quiver/distributed/stage.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace quiver {

/// \brief A stage of a distributed query as the coordinator keeps it: where its tasks run, its
/// plan, and that plan serialized once for every worker that runs one of its tasks.
struct StagePlan {
  int stage_id = 0;
  std::vector<std::string> task_urls;
  ExecutionPlanPtr plan;
  std::shared_ptr<const std::string> bytes;
  /// "shuffle", "broadcast" or "coalesce": how the consuming stage reads it.
  std::string boundary;
};

struct DistributedQueryState;

/// \brief The root of a distributed plan, run on the coordinator: on first execution it
/// registers every stage with the workers that run its tasks (Flight action
/// `quiver.register_stage`, one per stage and worker), then runs the head stage, which reads the
/// other stages through its network nodes. When the last head partition ends (done, failed or
/// closed early), it tells every worker to release the query (`quiver.release_query`), which
/// cancels whatever still runs there and frees its state.
class DistributedExec : public ExecutionPlan {
 public:
  DistributedExec(ExecutionPlanPtr head, std::string query_id, std::vector<StagePlan> stages);
  ~DistributedExec() override;

  const ExecutionPlanPtr& head() const { return head_; }
  const std::string& query_id() const { return query_id_; }
  /// Every stage but the head, in stage id order.
  const std::vector<StagePlan>& stages() const { return stages_; }

  std::string_view name() const override { return "DistributedExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return head_->schema(); }
  Partitioning output_partitioning() const override { return head_->output_partitioning(); }
  std::optional<LexOrdering> output_ordering() const override { return head_->output_ordering(); }
  std::vector<ExecutionPlanPtr> children() const override { return {head_}; }
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  ExecutionPlanPtr head_;
  std::string query_id_;
  std::vector<StagePlan> stages_;
  std::shared_ptr<DistributedQueryState> state_;
};

}  // namespace quiver
