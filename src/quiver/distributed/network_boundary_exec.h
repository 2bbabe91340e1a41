#pragma once

#include <quiver/distributed/stage.h>
#include <quiver/physical/execution_plan.h>

#include <memory>
#include <string>
#include <vector>

namespace quiver {

/// \brief A plan node that reads another stage: the shared part of NetworkShuffleExec,
/// NetworkCoalesceExec and NetworkBroadcastExec (datafusion-distributed's NetworkBoundary).
///
/// Local form (the stage has no task URLs): the stage's plan is this node's only child and runs
/// in-process, so the plan still runs on one node. Remote form: no children; the stage runs on
/// workers and is read over Arrow Flight.
class NetworkBoundaryExec : public ExecutionPlan {
 public:
  enum class Kind { kShuffle, kCoalesce, kBroadcast };

  virtual Kind boundary_kind() const = 0;
  const Stage& stage() const { return stage_; }
  /// A copy of this node reading `stage` instead (same kind, schema and partitioning).
  virtual std::shared_ptr<NetworkBoundaryExec> with_stage(Stage stage) const = 0;

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }
  /// The stage plan when local; none when remote (the stage runs elsewhere).
  std::vector<ExecutionPlanPtr> children() const override;
  arrow::Result<ExecutionPlanPtr> with_new_children(
      std::vector<ExecutionPlanPtr> children) const override;

 protected:
  NetworkBoundaryExec(Stage stage, std::shared_ptr<arrow::Schema> schema)
      : stage_(std::move(stage)), schema_(std::move(schema)) {}

  /// "[Stage 3] => " for remote stages, "" for local ones.
  std::string stage_prefix() const;

  Stage stage_;
  std::shared_ptr<arrow::Schema> schema_;
};

/// The node as a network boundary, or null.
const NetworkBoundaryExec* AsNetworkBoundary(const ExecutionPlanPtr& plan);

}  // namespace quiver
