#include <quiver/distributed/stage_registration.h>
#include <quiver/proto/plan.pb.h>

namespace quiver {
namespace {

// Bounds that keep a hostile registration from asking for absurd fan-out.
constexpr int kMaxTasks = 4096;

}  // namespace

arrow::Result<std::string> StageRegistration::serialize() const {
  proto::StageRegistration msg;
  msg.set_query_id(query_id);
  msg.set_stage_id(stage_id);
  msg.set_task_count(task_count);
  if (plan) msg.set_plan(*plan);
  auto* settings = msg.mutable_config()->mutable_settings();
  for (const auto& [key, value] : config.to_map()) (*settings)[key] = value;
  std::string out;
  if (!msg.SerializeToString(&out)) {
    return arrow::Status::IOError("cannot serialize stage registration");
  }
  return out;
}

arrow::Result<StageRegistration> StageRegistration::Deserialize(std::string_view bytes) {
  proto::StageRegistration msg;
  if (bytes.empty() || !msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return arrow::Status::Invalid("bad stage registration: cannot parse ", bytes.size(), " bytes");
  }
  StageRegistration r;
  r.query_id = msg.query_id();
  r.stage_id = msg.stage_id();
  r.task_count = msg.task_count();
  if (r.query_id.empty()) return arrow::Status::Invalid("bad stage registration: no query id");
  if (r.stage_id < 0) return arrow::Status::Invalid("bad stage registration: stage ", r.stage_id);
  if (r.task_count < 1 || r.task_count > kMaxTasks) {
    return arrow::Status::Invalid("bad stage registration: ", r.task_count, " tasks");
  }
  if (msg.plan().empty()) return arrow::Status::Invalid("bad stage registration: no plan");
  r.plan = std::make_shared<const std::string>(msg.plan());
  for (const auto& [key, value] : msg.config().settings()) {
    auto st = r.config.set(key, value);
    if (!st.ok()) return arrow::Status::Invalid("bad stage registration: ", st.message());
  }
  return r;
}

}  // namespace quiver
