#pragma once

#include <quiver/distributed/network_boundary_exec.h>

#include <memory>

namespace quiver {

/// \brief Gathers every partition of every task of a child stage, without repartitioning:
/// the distributed counterpart of reading a plan's partitions under a CoalescePartitionsExec
/// or SortPreservingMergeExec (which stay above it, in the consuming stage).
///
/// With T child tasks of N partitions each this node offers T × N partitions; partition
/// k is partition `k % N` of task `k / N`:
///
/// ```text
///              NetworkCoalesceExec (p0 p1 p2 p3 p4 p5)
///                ▲  ▲           ▲  ▲           ▲  ▲
///                0  1           0  1           0  1
///             (task 0)       (task 1)       (task 2)
/// ```
///
/// Its consumer runs as one task. Local form: partition k is the child's partition k.
class NetworkCoalesceExec : public NetworkBoundaryExec {
 public:
  /// Local form over `input`.
  static std::shared_ptr<NetworkCoalesceExec> Make(ExecutionPlanPtr input);
  NetworkCoalesceExec(Stage stage, std::shared_ptr<arrow::Schema> schema)
      : NetworkBoundaryExec(std::move(stage), std::move(schema)) {}

  Kind boundary_kind() const override { return Kind::kCoalesce; }
  std::shared_ptr<NetworkBoundaryExec> with_stage(Stage stage) const override;

  std::string_view name() const override { return "NetworkCoalesceExec"; }
  Partitioning output_partitioning() const override;
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;
};

}  // namespace quiver
