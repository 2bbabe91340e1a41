#pragma once

#include <quiver/distributed/network_boundary_exec.h>

#include <memory>

namespace quiver {

/// \brief Reads the whole output of a child stage in every consumer task: the build side of a
/// broadcast join, read once by each task of the probe stage. The distributed counterpart of a
/// CoalescePartitionsExec under an operator that requires a Broadcast input (which stays above
/// this node, in the consuming stage).
///
/// The child stage (T tasks) ends in a BroadcastExec offering its N partitions once per
/// consumer (N × C partitions); consumer task i's partition p reads partition `i*N + p` from
/// every producer task, so each consumer sees every row exactly once and each producer
/// partition is computed once and served C times.
///
/// Local form: the child is the producer plan itself (N partitions, no BroadcastExec).
class NetworkBroadcastExec : public NetworkBoundaryExec {
 public:
  /// Local form over `input`.
  static std::shared_ptr<NetworkBroadcastExec> Make(ExecutionPlanPtr input);
  /// Any form: `partitions_per_consumer` is N.
  NetworkBroadcastExec(Stage stage, int partitions_per_consumer,
                       std::shared_ptr<arrow::Schema> schema)
      : NetworkBoundaryExec(std::move(stage), std::move(schema)),
        partitions_per_consumer_(partitions_per_consumer) {}

  Kind boundary_kind() const override { return Kind::kBroadcast; }
  int partitions_per_consumer() const { return partitions_per_consumer_; }
  std::shared_ptr<NetworkBoundaryExec> with_stage(Stage stage) const override;

  std::string_view name() const override { return "NetworkBroadcastExec"; }
  Partitioning output_partitioning() const override {
    return Partitioning::Unknown(partitions_per_consumer_);
  }
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  int partitions_per_consumer_;
};

}  // namespace quiver
