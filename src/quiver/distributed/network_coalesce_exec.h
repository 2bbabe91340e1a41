#pragma once

#include <quiver/distributed/stage.h>
#include <quiver/distributed/stage_reader.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief Gathers every partition of every task of a child stage, without repartitioning:
/// the distributed counterpart of reading a plan's partitions under a CoalescePartitionsExec
/// or SortPreservingMergeExec.
///
/// With T child tasks of P partitions each this node offers T × P partitions; partition
/// k is partition `k % P` of task `k / P`:
///
/// ```text
///              NetworkCoalesceExec (p0 p1 p2 p3 p4 p5)
///                ▲  ▲           ▲  ▲           ▲  ▲
///                0  1           0  1           0  1
///             (task 0)       (task 1)       (task 2)
/// ```
///
/// Local form (stage without task URLs): partition k is the child's partition k.
class NetworkCoalesceExec : public ExecutionPlan {
 public:
  /// Local form over `input`.
  static std::shared_ptr<NetworkCoalesceExec> Make(ExecutionPlanPtr input);
  NetworkCoalesceExec(Stage stage, int partitions_per_task, std::shared_ptr<arrow::Schema> schema)
      : stage_(std::move(stage)),
        partitions_per_task_(partitions_per_task),
        schema_(std::move(schema)) {}

  const Stage& stage() const { return stage_; }
  int partitions_per_task() const { return partitions_per_task_; }
  std::shared_ptr<NetworkCoalesceExec> with_stage(Stage stage) const;

  std::string_view name() const override { return "NetworkCoalesceExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override;
  std::vector<ExecutionPlanPtr> children() const override;
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  Stage stage_;
  int partitions_per_task_;
  std::shared_ptr<arrow::Schema> schema_;
  StageReader reader_;
};

}  // namespace quiver
