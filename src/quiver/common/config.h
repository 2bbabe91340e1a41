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
  /// Other settings ("namespace.key" -> value), e.g. for user extensions.
  std::map<std::string, std::string> extensions;

  /// Sets `key` from its SQL text form. Unknown keys containing a '.' land in `extensions`;
  /// others are an error naming the key.
  arrow::Status set(const std::string& key, const std::string& value);
  /// The value of `key` as text, or KeyError.
  arrow::Result<std::string> get(const std::string& key) const;
  /// All settings as key/value text pairs (known keys first), for serialization and SHOW.
  std::map<std::string, std::string> to_map() const;
};

}  // namespace quiver
