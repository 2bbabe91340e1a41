#pragma once

#include <quiver/distributed/stage.h>
#include <quiver/distributed/stage_reader.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief Reads a hash-repartitioned child stage across the network: the distributed
/// counterpart of a hash RepartitionExec.
///
/// The child stage (T producer tasks) ends in a hash RepartitionExec of P × C partitions,
/// C being the number of consumer tasks; this node offers P partitions. Consumer task i's
/// partition p reads partition `i*P + p` from every producer task and merges them, so each
/// hash bucket lands on exactly one consumer:
///
/// ```text
///   NetworkShuffleExec (task 0: p0 p1)      NetworkShuffleExec (task 1: p0 p1)
///          ▲  ▲                                     ▲  ▲
///     ┌────┴──┴─────────┬───────────┐      ┌────────┴──┴───────┬──────────┐
///     0  1              0  1        ...     2  3               2  3
///   RepartitionExec (task 0, 4 parts)     RepartitionExec (task 1, 4 parts)
/// ```
///
/// Local form (stage without task URLs): the child plan is a real child with P partitions
/// and partition p is the child's partition p, so the plan runs on one node as it is.
class NetworkShuffleExec : public ExecutionPlan {
 public:
  /// Local form over `input`, which must be hash partitioned.
  static arrow::Result<std::shared_ptr<NetworkShuffleExec>> Make(ExecutionPlanPtr input);
  /// Any form: `partitioning` is what one consumer task offers (P partitions).
  NetworkShuffleExec(Stage stage, Partitioning partitioning, std::shared_ptr<arrow::Schema> schema)
      : stage_(std::move(stage)),
        partitioning_(std::move(partitioning)),
        schema_(std::move(schema)) {}

  const Stage& stage() const { return stage_; }
  const Partitioning& partitioning() const { return partitioning_; }
  /// A copy reading `stage` instead.
  std::shared_ptr<NetworkShuffleExec> with_stage(Stage stage) const;

  std::string_view name() const override { return "NetworkShuffleExec"; }
  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  Partitioning output_partitioning() const override { return partitioning_; }
  /// The stage plan when local; none when remote (the stage runs elsewhere).
  std::vector<ExecutionPlanPtr> children() const override;
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  Stage stage_;
  Partitioning partitioning_;
  std::shared_ptr<arrow::Schema> schema_;
  StageReader reader_;
};

}  // namespace quiver
