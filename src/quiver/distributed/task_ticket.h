#pragma once

#include <arrow/result.h>
#include <quiver/common/config.h>

#include <string>
#include <string_view>

namespace quiver {

/// \brief The contents of a Flight ticket a task reader sends a worker: "run partition
/// `partition` of task `task_index` of stage `stage_id` of query `query_id`", with the task's
/// serialized plan (a quiver.proto.PhysicalPlanNode) and the session settings to run it with.
///
/// Every DoGet for the same (query, stage, task) carries the same plan; the worker decodes it
/// once and serves all the task's partitions from that one instance.
struct TaskTicket {
  std::string query_id;
  int stage_id = 0;
  int task_index = 0;
  int task_count = 1;
  int partition = 0;
  std::string plan;
  SessionConfig config;

  arrow::Result<std::string> serialize() const;
  /// Parses ticket bytes; Invalid ("bad task ticket: ...") for anything malformed.
  static arrow::Result<TaskTicket> Deserialize(std::string_view bytes);
};

}  // namespace quiver
