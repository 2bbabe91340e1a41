#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>

#include <memory>
#include <string>
#include <string_view>

namespace quiver {

/// \brief What the coordinator sends each worker of a stage before the query runs (Flight
/// action `quiver.register_stage`): the stage plan, serialized once per query and shared by all
/// its registrations, its task count and the session settings its tasks run with. Each task
/// slices the plan's leaf scans for itself (SliceLeavesForTask).
struct StageRegistration {
  static constexpr const char* kAction = "quiver.register_stage";

  std::string query_id;
  int stage_id = 0;
  int task_count = 1;
  std::shared_ptr<const std::string> plan;  ///< serialized quiver.proto.PhysicalPlanNode
  SessionConfig config;

  arrow::Result<std::string> serialize() const;
  /// Parses action bytes; Invalid ("bad stage registration: ...") for anything malformed.
  static arrow::Result<StageRegistration> Deserialize(std::string_view bytes);
};

/// Flight action ending a query on a worker (body: the query id): its registered stages and
/// running tasks are dropped and cancelled.
inline constexpr const char* kReleaseQueryAction = "quiver.release_query";
/// Flight action listing a worker's live tasks: one result, a JSON array of
/// {"query", "stage", "task", "started", "finished"} objects (partitions started / finished).
inline constexpr const char* kListTasksAction = "quiver.list_tasks";

}  // namespace quiver
