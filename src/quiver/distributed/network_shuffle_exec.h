#pragma once

#include <quiver/distributed/network_boundary_exec.h>

#include <memory>

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
/// Local form: the child is the RepartitionExec itself (P partitions); partition p is the
/// child's partition p.
class NetworkShuffleExec : public NetworkBoundaryExec {
 public:
  /// Local form over `input`, which must be hash partitioned.
  static arrow::Result<std::shared_ptr<NetworkShuffleExec>> Make(ExecutionPlanPtr input);
  /// Any form: `partitioning` is what one consumer task offers (P partitions).
  NetworkShuffleExec(Stage stage, Partitioning partitioning, std::shared_ptr<arrow::Schema> schema)
      : NetworkBoundaryExec(std::move(stage), std::move(schema)),
        partitioning_(std::move(partitioning)) {}

  Kind boundary_kind() const override { return Kind::kShuffle; }
  const Partitioning& partitioning() const { return partitioning_; }
  std::shared_ptr<NetworkBoundaryExec> with_stage(Stage stage) const override;

  std::string_view name() const override { return "NetworkShuffleExec"; }
  Partitioning output_partitioning() const override { return partitioning_; }
  arrow::Result<RecordBatchStreamPtr> execute(int partition,
                                              const TaskContextPtr& ctx) const override;
  std::string to_string() const override;

 private:
  Partitioning partitioning_;
};

}  // namespace quiver
