#pragma once

#include <quiver/physical/execution_plan.h>

#include <string>
#include <utility>
#include <vector>

namespace quiver {

/// \brief A stage as seen by the network node that reads it: which query and stage it is,
/// where each of its tasks runs, and how many partitions one task produces.
///
/// A stage with no task URLs is *local*: `plan` is the network node's child and runs
/// in-process as one task, so a plan whose boundaries are not yet assigned to workers still
/// runs on a single node (the planner's invariant). Once assigned, task i of the stage runs on
/// `task_urls[i]`; `plan` is then kept on the coordinator only (to register the stage with its
/// workers and for EXPLAIN) and is null on workers, which read the stage by name.
struct Stage {
  std::string query_id;
  int stage_id = 0;
  std::vector<std::string> task_urls;
  ExecutionPlanPtr plan;
  /// Output partitions of one task (remote stages).
  int partitions_per_task = 0;

  bool is_remote() const { return !task_urls.empty(); }
  int task_count() const { return is_remote() ? static_cast<int>(task_urls.size()) : 1; }
};

/// Extra request headers a task forwards to the workers it reads from (e.g. credentials).
/// Attach to a TaskContext with `set_extension<PassthroughHeaders>`; a worker attaches the
/// headers of the request that registered the stage. Keys are lower case.
struct PassthroughHeaders {
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace quiver
