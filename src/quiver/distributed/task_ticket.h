#pragma once

#include <arrow/result.h>

#include <string>
#include <string_view>

namespace quiver {

/// \brief The contents of a Flight ticket a task reader sends a worker: "stream partition
/// `partition` of task `task_index` of stage `stage_id` of query `query_id`". The stage itself
/// was registered with the worker beforehand (StageRegistration); the ticket only names it.
struct TaskTicket {
  std::string query_id;
  int stage_id = 0;
  int task_index = 0;
  int partition = 0;

  arrow::Result<std::string> serialize() const;
  /// Parses ticket bytes; Invalid ("bad task ticket: ...") for anything malformed.
  static arrow::Result<TaskTicket> Deserialize(std::string_view bytes);
};

}  // namespace quiver
