#include <quiver/distributed/task_ticket.h>
#include <quiver/proto/plan.pb.h>

namespace quiver {

arrow::Result<std::string> TaskTicket::serialize() const {
  proto::TaskTicket msg;
  msg.set_query_id(query_id);
  msg.set_stage_id(stage_id);
  msg.set_task_index(task_index);
  msg.set_partition(partition);
  std::string out;
  if (!msg.SerializeToString(&out)) return arrow::Status::IOError("cannot serialize task ticket");
  return out;
}

arrow::Result<TaskTicket> TaskTicket::Deserialize(std::string_view bytes) {
  proto::TaskTicket msg;
  if (bytes.empty() || !msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return arrow::Status::Invalid("bad task ticket: not a quiver task ticket (", bytes.size(),
                                  " bytes)");
  }
  TaskTicket t;
  t.query_id = msg.query_id();
  t.stage_id = msg.stage_id();
  t.task_index = msg.task_index();
  t.partition = msg.partition();
  if (t.query_id.empty()) return arrow::Status::Invalid("bad task ticket: no query id");
  if (t.stage_id < 0) return arrow::Status::Invalid("bad task ticket: stage ", t.stage_id);
  if (t.task_index < 0) return arrow::Status::Invalid("bad task ticket: task ", t.task_index);
  if (t.partition < 0) return arrow::Status::Invalid("bad task ticket: partition ", t.partition);
  return t;
}

}  // namespace quiver
