#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <arrow/result.h>
#include <arrow/status.h>

namespace quiver {

/// \brief Settings of one session, set through SessionStateBuilder or SQL `SET k = v`.
///
/// Known keys are typed fields; unknown keys are kept in `extensions` so custom nodes and
/// UDFs (and the distributed layer) can read their own settings. The whole config travels to
/// workers with each task, so a worker runs a task with the coordinator's settings.
struct SessionConfig {
  /// Partitions each operator aims for on one node (scans split, repartitions fan out).
  int target_partitions = 4;
  /// Rows per record batch produced by scans and operators that build batches.
  int64_t batch_size = 8192;
  /// Parquet row-group pruning with column statistics.
  bool parquet_pruning = true;
  /// Seconds a worker keeps a task whose partitions were never all requested.
  int64_t worker_task_ttl_seconds = 60;
  /// `distributed.worker_timeout_ms`: a worker stream that brings nothing (no batch and no
  /// heartbeat) for this long fails its task as a hung worker; workers send heartbeats at a
  /// quarter of it while they compute.
  int64_t distributed_worker_timeout_ms = 30000;
  /// `distributed.max_attempts`: runs of a query that loses a worker (unreachable, dropped or
  /// silent past the timeout): each later run is planned anew on the workers not lost so far.
  /// 1: no retry. Only whole results are retried (collect, to_table), never a stream that
  /// already handed batches out.
  int64_t distributed_max_attempts = 3;
  /// `distributed.require_distribution`: a query the distributed planner cannot cut into stages
  /// fails (with the reason) instead of running on the coordinator alone.
  bool distributed_require_distribution = false;
  /// `distributed.bytes_per_task`: scan bytes (uncompressed, projected columns) one task of a
  /// leaf stage aims for; a stage gets ceil(bytes / this) tasks, at most one per worker.
  int64_t distributed_bytes_per_task = 32 << 20;
  /// `distributed.broadcast_joins`: the small side of a collect-left join is sent to every task
  /// of the probe stage (else such joins run their probe side in one task).
  bool distributed_broadcast_joins = true;
  /// `optimizer.hash_join_single_partition_threshold` (bytes) and `..._rows`: a join side
  /// estimated below both is built once and shared (collect-left; a broadcast when
  /// distributed); larger joins hash-partition both sides (a shuffle when distributed).
  int64_t hash_join_single_partition_threshold = 1 << 20;
  int64_t hash_join_single_partition_threshold_rows = 128 * 1024;
  /// `memory_limit`: bytes one query (one task, on a worker) may reserve for buffering
  /// operators on each process, inside the process's own `--memory-limit`; 0: no per-query
  /// cap. SQL accepts sizes such as '256MB'.
  int64_t memory_limit = 0;
  /// Other settings ("namespace.key" -> value), e.g. for user extensions.
  std::map<std::string, std::string> extensions;

  /// Sets `key` from its SQL text form. Unknown keys containing a '.' land in `extensions`;
  /// others are an error naming the key.
  arrow::Status set(const std::string& key, const std::string& value);
  /// The value of `key` as text, or KeyError.
  arrow::Result<std::string> get(const std::string& key) const;
  /// Extension `key` as a non-negative integer, `fallback` when it is unset; any other text is
  /// an Invalid status naming the key (operators read their `quiver.*` settings so).
  arrow::Result<int64_t> extension_count(const std::string& key, int64_t fallback) const;
  /// Extension `key` as a number in [0, 1], `fallback` when it is unset; else Invalid.
  arrow::Result<double> extension_fraction(const std::string& key, double fallback) const;
  /// All settings as key/value text pairs (known keys first), for serialization and SHOW.
  std::map<std::string, std::string> to_map() const;
};

}  // namespace quiver
